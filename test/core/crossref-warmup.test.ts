// Corpus.warmUp (run by the server while idle after indexing) and CrossReference.freshResultsOf:
// computing a story's results again, and building the story graph's edit lists early, change nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Article } from '../../core/src/model';
import { Corpus } from '../../core/src/crossref/corpus';
import { articleFeatures, crossReference } from '../../core/src/crossref/crossref';
import { bridge, ferry, indexSnapshot } from './crossref-fixtures';

const snapshot = (corpus: Corpus): string => indexSnapshot(corpus, () => ({}));

const archive = (): Article[] => [
  ferry('a.txt', 'Daily A', 'about three hours', 2.5, 3.5),
  ferry('b.txt', 'Daily B', 'under an hour', 0, 1),
  ferry('e.txt', 'Daily E', 'about three hours', 2.5, 3.5, 'Holm thanked the crews.'),
  bridge('c.txt', 'Daily C', 'This bridge joins our two towns for good.'),
  bridge('d.txt', 'Daily D', 'This bridge joins our towns for good.'),
];

void test('a story\'s fresh results equal its results', () => {
  const articles = archive();
  const index = crossReference(articles, articleFeatures);
  assert.ok(index.stories.length >= 2);
  for (const story of index.stories) assert.equal(JSON.stringify(index.freshResultsOf(story.id)), JSON.stringify(index.resultsOf(story.id)), story.id);
  assert.equal(index.freshResultsOf('no-such-story'), undefined);
});

void test('warming up changes no result, and edits after it give what a full recomputation gives', () => {
  for (const lean of [false, true]) {
    const warm = new Corpus({ leanFeatures: lean });
    const full = new Corpus({ incremental: false });
    for (const article of archive()) for (const corpus of [warm, full]) corpus.put(article);
    const before = snapshot(warm);
    warm.warmUp('a.txt');
    warm.warmUp(); // no file: the first story of several articles
    assert.equal(snapshot(warm), before);
    for (const edit of [ferry('b.txt', 'Daily B', 'about three hours', 2.5, 3.5), ferry('a.txt', 'Daily A', 'under an hour', 0, 1)]) {
      for (const corpus of [warm, full]) corpus.put(edit);
      assert.equal(snapshot(warm), snapshot(full), `lean ${lean}, after editing ${edit.file}`);
    }
  }
});

void test('a graph restored from a snapshot and warmed up edits as a full recomputation does', () => {
  const first = new Corpus();
  for (const article of archive()) first.put(article);
  first.stories();
  const saved = first.storyGraph()!.snapshot();
  assert.ok(saved, 'a pristine graph has a snapshot');
  const restored = new Corpus();
  restored.storyGraph()!.seedSnapshot(saved);
  const full = new Corpus({ incremental: false });
  for (const article of archive()) for (const corpus of [restored, full]) corpus.put(article);
  assert.equal(snapshot(restored), snapshot(full));
  restored.warmUp('c.txt'); // builds the edit lists the restore left pending
  for (const edit of [bridge('d.txt', 'Daily D', 'This bridge joins our two towns for good.'), ferry('b.txt', 'Daily B', 'about three hours', 2.5, 3.5)]) {
    for (const corpus of [restored, full]) corpus.put(edit);
    assert.equal(snapshot(restored), snapshot(full), `after editing ${edit.file}`);
  }
});
