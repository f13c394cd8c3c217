// The server queues each file's diagnostics as `DeferredDiagnostics`, built only when the writer
// serialises the notification. What it writes must be byte-equal to what the eager publisher sends, at
// every step (edits, line breaks in another file, decorations, severities, a kind left out), even when
// the notification is serialised only after the next change (the queue is written while the server
// goes on), and with a file's notes first.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { Corpus } from '../../core/src/crossref/corpus';
import type { Finding, Severity } from '../../core/src/model';
import { DeferredDiagnostics, DiagnosticsPublisher } from '../../server/src/diagnostics';
import { Positions } from '../../server/src/positions';
import { agreeingFerryRewordedBridge, bridge, ferry } from '../core/crossref-fixtures';

function harness() {
  const corpus = new Corpus();
  const positions = new Positions(corpus);
  const options = { severity: (finding: Finding): Severity | null => finding.severity, reviewed: new Set<string>() };
  const decorate = (finding: Finding, diagnostic: Diagnostic): Diagnostic =>
    options.reviewed.has(finding.kind) ? { ...diagnostic, severity: DiagnosticSeverity.Hint, message: `${diagnostic.message} (reviewed)`, data: { findingId: finding.id, review: 'reviewed' } } : diagnostic;
  let eager: [string, string][] = [];
  let deferred: [string, DeferredDiagnostics | string][] = [];
  const eagerPublisher = new DiagnosticsPublisher(corpus, positions, (file, diagnostics) => {
    eager.push([file, JSON.stringify(diagnostics)]);
  }, (finding) => options.severity(finding), decorate);
  const deferredPublisher = new DiagnosticsPublisher(corpus, positions, (file, diagnostics) => {
    deferred.push([file, JSON.stringify(diagnostics)]);
  }, (finding) => options.severity(finding), decorate, (file, diagnostics) => deferred.push([file, diagnostics]));
  return {
    corpus, options,
    invalidate(): void {
      eagerPublisher.invalidate();
      deferredPublisher.invalidate();
    },
    /** Publishes with both; the eager JSON and the deferred objects, not yet serialised. */
    publish(): { eager: [string, string][]; deferred: [string, DeferredDiagnostics | string][] } {
      eager = [];
      deferred = [];
      const sentEager = eagerPublisher.publishChanged();
      const sentDeferred = deferredPublisher.publishChanged();
      assert.equal(sentDeferred, sentEager);
      return { eager, deferred };
    },
  };
}

const story = agreeingFerryRewordedBridge;

const written = (queued: [string, DeferredDiagnostics | string][]): [string, string][] =>
  queued.map(([file, diagnostics]) => [file, typeof diagnostics === 'string' ? diagnostics : JSON.stringify({ diagnostics }).slice('{"diagnostics":'.length, -1)]);

void test('deferred diagnostics serialise to the bytes the eager publisher sends, even when written after the next change', () => {
  const h = harness();
  for (const a of story()) h.corpus.put(a);
  const steps: [string, () => void][] = [
    ['a contradiction', () => h.corpus.put(ferry('c.txt', 'Daily C', 'about five hours', 4.5, 5.5))],
    ['a line break in another file', () => {
      const e = bridge('e.txt', 'Daily E', 'This bridge joins our towns for good.');
      h.corpus.put({ ...e, text: e.text.replace('on Friday. Mayor', 'on Friday.\nMayor'), hash: 'e with a line break' });
    }],
    ['another outlet name', () => h.corpus.put(ferry('a.txt', 'Daily A2', 'about three hours', 2.5, 3.5))],
    ['a reviewed kind', () => {
      h.options.reviewed.add('quote-variant');
      h.invalidate();
    }],
    ['another reviewed kind', () => {
      h.options.reviewed.delete('quote-variant');
      h.options.reviewed.add('contradiction');
      h.invalidate();
    }],
    ['a kind shown as an error', () => {
      h.options.severity = (finding) => (finding.kind === 'quote-variant' ? 'error' : finding.severity);
      h.invalidate();
    }],
    ['the kind left out', () => {
      h.options.severity = (finding) => (finding.kind === 'quote-variant' ? null : finding.severity);
      h.invalidate();
    }],
    ['the contradiction undone', () => h.corpus.put(ferry('c.txt', 'Daily C', 'about three hours', 2.5, 3.5))],
    ['a file gone', () => h.corpus.remove('d.txt')],
    ['a new article in the story', () => h.corpus.put(bridge('f.txt', 'Daily F', 'This bridge joins the two towns for good.'))],
  ];
  let queued = h.publish();
  let checked = 0;
  let nonEmpty = 0;
  for (const [what, step] of [...steps, ['nothing', () => undefined] as [string, () => void]]) {
    step(); // the change comes before the queued notifications are written
    assert.deepEqual(written(queued.deferred), queued.eager, what);
    checked += queued.eager.length;
    nonEmpty += queued.eager.filter(([, json]) => json !== '[]').length;
    queued = h.publish();
  }
  assert.ok(checked >= 20 && nonEmpty >= 10, `the steps sent diagnostics (${checked}, ${nonEmpty} not empty)`);
});

void test('a file\'s notes come first in its deferred diagnostics, as in the eager list', () => {
  const h = harness();
  for (const a of story()) h.corpus.put(a);
  h.corpus.put(ferry('b.txt', 'Daily B', 'about five hours', 4.5, 5.5));
  const { eager, deferred } = h.publish();
  const note: Diagnostic = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Warning, source: 'Crosscheck', code: 'article-file', message: 'a.txt: a note' };
  const [file, lazy] = deferred.find(([name]) => name === 'a.txt')!;
  assert.ok(lazy instanceof DeferredDiagnostics);
  const withNotes = lazy.withNotes([note]);
  const want = JSON.stringify([note, ...(JSON.parse(eager.find(([name]) => name === file)![1]) as Diagnostic[])]);
  assert.equal(JSON.stringify(withNotes), want);
  assert.equal(withNotes.size, lazy.size + 1);
  assert.equal(lazy.withNotes([]), lazy);
  assert.ok(lazy.size > 0);
});
