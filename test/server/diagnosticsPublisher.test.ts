// The diagnostics publisher sends exactly the files whose diagnostics changed: after an edit, after a
// finding disappears, after an article leaves, after a severity setting changes, and nothing when
// nothing changed. Each expectation is checked against diagnostics built from scratch for every file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { Corpus } from '../../core/src/crossref/corpus';
import type { Finding, Severity } from '../../core/src/model';
import { DiagnosticsPublisher, diagnosticsFor } from '../../server/src/diagnostics';
import { Positions } from '../../server/src/positions';
import { bridge, ferry, twoAgreeingStories } from '../core/crossref-fixtures';

interface Harness {
  corpus: Corpus;
  publisher: DiagnosticsPublisher;
  /** Files sent by the last publish, with what was sent. */
  publish(): Map<string, Diagnostic[]>;
  /** Every file's diagnostics built from scratch (what an editor should be showing). */
  expected(): Map<string, string>;
  shown: Map<string, string>;
}

function harness(severity: { of: (finding: Finding) => Severity | null }): Harness {
  const corpus = new Corpus();
  const positions = new Positions(corpus);
  let sent = new Map<string, Diagnostic[]>();
  const shown = new Map<string, string>();
  const publisher = new DiagnosticsPublisher(corpus, positions, (file, diagnostics) => {
    sent.set(file, diagnostics);
    shown.set(file, JSON.stringify(diagnostics));
  }, (finding) => severity.of(finding));
  return {
    corpus,
    publisher,
    shown,
    publish() {
      sent = new Map();
      publisher.publishChanged();
      return sent;
    },
    expected() {
      return new Map(corpus.articles().map((a) => [a.file, JSON.stringify(diagnosticsFor(corpus, positions, a.file, (f) => severity.of(f)))]));
    },
  };
}

/** The files whose expected diagnostics differ from what the editor was last sent. */
function stale(h: Harness): string[] {
  const expected = h.expected();
  const files = new Set([...expected.keys(), ...h.shown.keys()]);
  return [...files].filter((f) => (expected.get(f) ?? '[]') !== (h.shown.get(f) ?? '[]')).sort();
}

void test('the publisher sends exactly the files whose diagnostics changed', () => {
  const severity = { of: (finding: Finding): Severity | null => finding.severity };
  const h = harness(severity);
  for (const a of twoAgreeingStories()) h.corpus.put(a);

  // First publish: every article, empty or not.
  assert.deepEqual([...h.publish().keys()].sort(), ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt']);
  assert.deepEqual(stale(h), []);
  assert.equal(h.publish().size, 0, 'nothing changed, nothing sent');

  // A contradiction appears in the ferry story: its three files, not the bridge story's.
  let need = (() => {
    h.corpus.put(ferry('b.txt', 'Daily B', 'about five hours', 4.5, 5.5));
    return stale(h);
  })();
  assert.deepEqual(need, ['a.txt', 'b.txt', 'c.txt']);
  assert.deepEqual([...h.publish().keys()].sort(), need);
  assert.ok(JSON.parse(h.shown.get('b.txt')!).some((d: Diagnostic) => d.code === 'contradiction'));
  assert.deepEqual(stale(h), []);

  // A reworded quote in the bridge story.
  h.corpus.put(bridge('e.txt', 'Daily E', 'This bridge joins our towns for good.'));
  need = stale(h);
  assert.deepEqual(need, ['d.txt', 'e.txt']);
  assert.deepEqual([...h.publish().keys()].sort(), need);

  // The contradiction goes away: its files are sent again, with no contradiction left.
  h.corpus.put(ferry('b.txt', 'Daily B', 'about three hours', 2.5, 3.5));
  need = stale(h);
  assert.deepEqual(need, ['a.txt', 'b.txt', 'c.txt']);
  const sent = h.publish();
  assert.deepEqual([...sent.keys()].sort(), need);
  for (const file of need) assert.ok(!sent.get(file)!.some((d) => d.code === 'contradiction'), file);
  assert.deepEqual(stale(h), []);

  // An edit that changes no finding sends nothing (the story is recomputed, its diagnostics are equal).
  h.corpus.put(ferry('c.txt', 'Daily C', 'about three hours', 2.5, 3.5));
  h.corpus.put({ ...bridge('d.txt', 'Daily D', 'This bridge joins our two towns for good.'), hash: 'another hash' });
  assert.equal(h.publish().size, 0);

  // An article that leaves is cleared; the one left alone in its story loses its finding.
  h.corpus.remove('d.txt');
  const afterRemoval = h.publish();
  assert.deepEqual(afterRemoval.get('d.txt'), []);
  assert.deepEqual([...afterRemoval.keys()].sort(), ['d.txt', 'e.txt']);
  assert.deepEqual(stale(h), []);

  // A severity setting: nothing changes in the index, so `invalidate()` makes the publisher look again.
  severity.of = (finding) => (finding.kind === 'quote-variant' ? null : finding.severity);
  h.corpus.put(bridge('d.txt', 'Daily D', 'This bridge joins our two towns for good.'));
  h.publish();
  severity.of = (finding) => (finding.kind === 'quote-variant' ? 'error' : finding.severity);
  assert.equal(h.publish().size, 0, 'without invalidate() the findings look unchanged');
  h.publisher.invalidate();
  need = stale(h);
  assert.deepEqual(need, ['d.txt', 'e.txt']);
  assert.deepEqual([...h.publish().keys()].sort(), need);
  h.publisher.invalidate();
  assert.equal(h.publish().size, 0, 'invalidated, but every file came out the same');
});
