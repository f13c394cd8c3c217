// The publisher builds each finding's ranges and related information once and compares files by a hash
// of their diagnostics' parts instead of the JSON: what it sends must still be byte-equal to
// `diagnosticsFor` built from scratch, a file that loses its findings must be sent an empty list, a file
// with findings must be sent, and after each change exactly the files whose diagnostics changed are sent
// (a change of lines alone in another file of the story included).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { Corpus } from '../../core/src/crossref/corpus';
import type { Finding, Severity } from '../../core/src/model';
import { DiagnosticsPublisher, diagnosticsFor } from '../../server/src/diagnostics';
import { Positions } from '../../server/src/positions';
import { agreeingFerryRewordedBridge, bridge, ferry } from '../core/crossref-fixtures';

interface Options {
  severity: (finding: Finding) => Severity | null;
  reviewed: Set<string>;
}

function harness() {
  const corpus = new Corpus();
  const positions = new Positions(corpus);
  const options: Options = { severity: (finding) => finding.severity, reviewed: new Set() };
  const decorate = (finding: Finding, diagnostic: Diagnostic): Diagnostic =>
    options.reviewed.has(finding.kind) ? { ...diagnostic, message: `${diagnostic.message} (reviewed)` } : diagnostic;
  const shown = new Map<string, string>();
  let sent: string[] = [];
  const publisher = new DiagnosticsPublisher(corpus, positions, (file, diagnostics) => {
    sent.push(file);
    shown.set(file, JSON.stringify(diagnostics));
  }, (finding) => options.severity(finding), decorate);
  /** Every file's diagnostics built from scratch, the way the publisher did before it shared parts. */
  const expected = (): Map<string, string> => new Map(corpus.articles().map((a) => [a.file,
    JSON.stringify(diagnosticsFor(corpus, positions, a.file, (f) => options.severity(f), decorate))]));
  return {
    corpus, publisher, options, shown, expected,
    publish(): string[] {
      sent = [];
      publisher.publishChanged();
      return sent.sort();
    },
    /** Files whose shown diagnostics differ from the expected ones (never sent counts as empty). */
    stale(): string[] {
      const want = expected();
      const files = new Set([...want.keys(), ...shown.keys()]);
      return [...files].filter((f) => (want.get(f) ?? '[]') !== (shown.get(f) ?? '[]')).sort();
    },
  };
}

/** The files whose expected diagnostics differ between two `expected()` answers. */
function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  const files = new Set([...before.keys(), ...after.keys()]);
  return [...files].filter((f) => (before.get(f) ?? '[]') !== (after.get(f) ?? '[]')).sort();
}

const story = agreeingFerryRewordedBridge;

void test('a file losing its findings is sent an empty list; a file gaining findings is sent them', () => {
  const h = harness();
  for (const a of story()) h.corpus.put(a);
  assert.deepEqual(h.publish(), ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt'], 'the first publish sends every file');
  assert.deepEqual(h.stale(), []);

  // A contradiction: the three ferry files gain findings and are sent them.
  h.corpus.put(ferry('b.txt', 'Daily B', 'about five hours', 4.5, 5.5));
  assert.deepEqual(h.publish(), ['a.txt', 'b.txt', 'c.txt']);
  for (const file of ['a.txt', 'b.txt', 'c.txt']) {
    const shown = JSON.parse(h.shown.get(file)!) as Diagnostic[];
    assert.ok(shown.some((d) => d.code === 'contradiction'), `${file} is shown the contradiction`);
  }
  assert.deepEqual(h.stale(), []);

  // The contradiction goes: the files that had only it are sent an empty list.
  const before = new Map([...h.shown]);
  h.corpus.put(ferry('b.txt', 'Daily B', 'about three hours', 2.5, 3.5));
  assert.deepEqual(h.publish(), ['a.txt', 'b.txt', 'c.txt']);
  for (const file of ['a.txt', 'b.txt', 'c.txt']) {
    assert.notEqual(before.get(file), '[]');
    assert.equal(h.shown.get(file), '[]', `${file} is cleared`);
  }
  assert.deepEqual(h.stale(), []);

  // A quote variant that goes because its article leaves: the file left alone is cleared.
  h.corpus.remove('d.txt');
  assert.deepEqual(h.publish(), ['d.txt', 'e.txt']);
  assert.equal(h.shown.get('d.txt'), '[]');
  assert.equal(h.shown.get('e.txt'), '[]');
  assert.deepEqual(h.stale(), []);
});

void test('exactly the files whose diagnostics changed are sent, each equal to diagnostics built from scratch', () => {
  const h = harness();
  for (const a of story()) h.corpus.put(a);
  h.publish();
  const steps: [string, () => void][] = [
    ['a contradiction', () => h.corpus.put(ferry('c.txt', 'Daily C', 'about five hours', 4.5, 5.5))],
    // Same offsets, other lines: e.txt's findings read the same, but d.txt's related information points
    // at another line of e.txt, and e.txt's own ranges move.
    ['a line break in another file', () => {
      const e = bridge('e.txt', 'Daily E', 'This bridge joins our towns for good.');
      const text = e.text.replace('on Friday. Mayor', 'on Friday.\nMayor');
      h.corpus.put({ ...e, text, hash: 'e with a line break' });
    }],
    ['an edit that changes no diagnostic', () => h.corpus.put({ ...ferry('a.txt', 'Daily A', 'about three hours', 2.5, 3.5), hash: 'a again' })],
    ['another outlet name', () => h.corpus.put(ferry('a.txt', 'Daily A2', 'about three hours', 2.5, 3.5))],
    ['the contradiction undone', () => h.corpus.put(ferry('c.txt', 'Daily C', 'about three hours', 2.5, 3.5))],
    ['a reviewed kind', () => {
      h.options.reviewed.add('quote-variant');
      h.publisher.invalidate();
    }],
    ['another reviewed kind, the first one open again', () => {
      h.options.reviewed.delete('quote-variant');
      h.options.reviewed.add('contradiction');
      h.publisher.invalidate();
    }],
    ['a kind shown as an error', () => {
      h.options.severity = (finding) => (finding.kind === 'quote-variant' ? 'error' : finding.severity);
      h.publisher.invalidate();
    }],
    ['the kind left out', () => {
      h.options.severity = (finding) => (finding.kind === 'quote-variant' ? null : finding.severity);
      h.publisher.invalidate();
    }],
    ['the kind shown with its own severity', () => {
      h.options.severity = (finding) => finding.severity;
      h.publisher.invalidate();
    }],
    ['invalidated with nothing changed', () => h.publisher.invalidate()],
    ['a new article in the story', () => h.corpus.put(bridge('f.txt', 'Daily F', 'This bridge joins the two towns for good.'))],
  ];
  let sentSomething = 0;
  for (const [what, step] of steps) {
    const before = h.expected();
    step();
    const need = changed(before, h.expected());
    const sent = h.publish();
    assert.deepEqual(sent, need, what);
    assert.deepEqual(h.stale(), [], what);
    if (sent.length > 0) sentSomething++;
  }
  assert.ok(sentSomething >= 6, 'the steps changed diagnostics');
});

void test('the line break step changes a related location only (the test above exercises the hash on ranges)', () => {
  const h = harness();
  for (const a of story()) h.corpus.put(a);
  const before = h.expected().get('d.txt')!;
  const e = bridge('e.txt', 'Daily E', 'This bridge joins our towns for good.');
  h.corpus.put({ ...e, text: e.text.replace('on Friday. Mayor', 'on Friday.\nMayor'), hash: 'e with a line break' });
  const after = h.expected().get('d.txt')!;
  assert.notEqual(after, before);
  const strip = (json: string): unknown => (JSON.parse(json) as Diagnostic[]).map((d) => ({ ...d, relatedInformation: undefined }));
  assert.deepEqual(strip(after), strip(before), 'd.txt differs only in its related information');
});
