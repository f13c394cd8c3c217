// The diagnostics publisher skips whole stories whose results did not change: it must still send
// exactly what diagnostics built from scratch for every file give, look at the files of changed
// stories only, and send a forgotten file again even when its story did not change.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { Corpus } from '../../core/src/crossref/corpus';
import { DiagnosticsPublisher, diagnosticsFor } from '../../server/src/diagnostics';
import { Positions } from '../../server/src/positions';
import { ferry, twoAgreeingStories } from '../core/crossref-fixtures';

void test('stories whose results are unchanged are skipped whole, and what is shown stays exact', () => {
  const corpus = new Corpus();
  const positions = new Positions(corpus);
  const asked: string[] = [];
  const findingsFor = corpus.findingsFor.bind(corpus);
  corpus.findingsFor = (file: string) => {
    asked.push(file);
    return findingsFor(file);
  };
  const shown = new Map<string, string>();
  let sent: string[] = [];
  const publisher = new DiagnosticsPublisher(corpus, positions, (file, diagnostics: Diagnostic[]) => {
    sent.push(file);
    shown.set(file, JSON.stringify(diagnostics));
  });
  const publish = (): string[] => {
    sent = [];
    asked.length = 0;
    publisher.publishChanged();
    return sent.sort();
  };
  const stale = (): string[] => corpus.articles().map((a) => a.file)
    .filter((f) => shown.get(f) !== JSON.stringify(diagnosticsFor(corpus, positions, f))).sort();
  for (const a of twoAgreeingStories()) corpus.put(a);
  assert.deepEqual(publish(), ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt']);
  assert.deepEqual(stale(), []);
  assert.ok(corpus.stories().length >= 2);

  publish();
  assert.deepEqual(asked, [], 'nothing changed: no file looked at');

  // An edit in the ferry story: only its files are looked at, the contradiction is shown.
  corpus.put(ferry('b.txt', 'Daily B', 'about five hours', 4.5, 5.5));
  assert.deepEqual(publish(), ['a.txt', 'b.txt', 'c.txt']);
  assert.deepEqual([...new Set(asked)].sort(), ['a.txt', 'b.txt', 'c.txt']);
  assert.deepEqual(stale(), []);

  // A forgotten file is sent again although its story did not change.
  publisher.forget('d.txt');
  assert.deepEqual(publish(), ['d.txt']);
  assert.deepEqual(stale(), []);

  // After invalidate() every file is looked at again; nothing differs, nothing is sent.
  publisher.invalidate();
  assert.deepEqual(publish(), []);
  assert.deepEqual([...new Set(asked)].sort(), ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt']);

  // The edit undone, then an article removed: exact again each time.
  corpus.put(ferry('b.txt', 'Daily B', 'about three hours', 2.5, 3.5));
  publish();
  assert.deepEqual(stale(), []);
  corpus.remove('e.txt');
  assert.ok(publish().includes('e.txt'), 'a removed file is cleared');
  assert.equal(shown.get('e.txt'), '[]');
  assert.deepEqual(stale(), []);
});
