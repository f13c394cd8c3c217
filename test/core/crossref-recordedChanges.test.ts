// A pass after an edit takes the replaced articles from what the corpus recorded, and lays them over
// the last pass's per-file tables (core/src/crossref/fileLookup.ts) instead of building those again:
// it must still give what a full recomputation gives, over many edits between and across passes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Article } from '../../core/src/model';
import { Corpus } from '../../core/src/crossref/corpus';
import { filePosition, withReplaced } from '../../core/src/crossref/fileLookup';
import { buildArticle, hours, indexSnapshot } from './crossref-fixtures';

const OUTLETS = ['Daily A', 'Daily B', 'Daily C'];

/** Article `outlet` of story `story`: a council vote with a quote and a duration, `extra` appended. */
function article(story: number, outlet: number, extra = '', duration = 'about two hours'): Article {
  const town = `Town${story}`;
  const quote = `The ${town} council will rebuild the ${town} school before winter.`;
  return buildArticle(
    `s${String(story).padStart(3, '0')}-${outlet}.txt`,
    `${town} council votes on school\nThe council of ${town} met and voted on the school. Mayor Rita ${town}sen said: "${quote}" ` +
      `The session lasted ${duration}. ${extra}`,
    {
      outlet: OUTLETS[outlet],
      date: `2026-01-${String(1 + (story % 28)).padStart(2, '0')}`,
      story: `Council of ${town}`,
      people: [{ name: `Rita ${town}sen`, mentions: [`${town}sen`] }],
      quotes: [{ text: quote, speaker: `Rita ${town}sen` }],
      claims: [{ text: duration, value: duration === 'about two hours' ? hours(1.5, 2.5) : hours(4.5, 5.5) }],
    },
  );
}

const snapshot = (corpus: Corpus): string => indexSnapshot(corpus, () => ({}));

function fullOf(articles: Article[]): Corpus {
  const full = new Corpus({ incremental: false });
  for (const a of articles) full.put(a);
  return full;
}

void test('several edits between two passes, one of them undone, give what a full recomputation gives', () => {
  const corpus = new Corpus();
  const originals = [0, 1, 2, 3].flatMap((story) => [0, 1, 2].map((outlet) => article(story, outlet)));
  for (const a of originals) corpus.put(a);
  corpus.findings();
  const edited = article(1, 2, '', 'about five hours');
  corpus.put(edited);
  corpus.put(article(2, 0, 'A heron watched.'));
  corpus.put(article(2, 0, 'A heron watched twice.')); // the same file again before the pass
  corpus.put(article(3, 1, 'Residents came.'));
  corpus.put(originals[10]); // s003-1 back to the article the last pass read
  const now = corpus.articles();
  assert.equal(snapshot(corpus), snapshot(fullOf(now)));
  assert.ok(corpus.findingsFor(edited.file).some((f) => f.kind === 'contradiction'), 'the edited duration contradicts its story');
  // Files that come and go between passes: every article is compared again.
  corpus.put(article(4, 0));
  corpus.put(article(1, 2));
  corpus.remove('s000-0.txt');
  assert.equal(snapshot(corpus), snapshot(fullOf(corpus.articles())));
  assert.equal(corpus.articleCount(), 12);
  assert.deepEqual(corpus.articles().map((a) => a.file), [...corpus.articles().map((a) => a.file)].sort(), 'still in file order');
});

void test('a long run of edits (more replaced files than a table keeps laid over) gives what a full recomputation gives', () => {
  const stories = 100;
  const corpus = new Corpus();
  for (let story = 0; story < stories; story++) for (let outlet = 0; outlet < 3; outlet++) corpus.put(article(story, outlet));
  corpus.findings();
  // 300 files edited one pass at a time: the laid-over entries pass 256 and are folded into a new table.
  let edits = 0;
  for (let outlet = 0; outlet < 3; outlet++) {
    for (let story = 0; story < stories; story++) {
      const contradicting = (story + outlet) % 7 === 0;
      corpus.put(article(story, outlet, `Edit ${edits}.`, contradicting ? 'about five hours' : 'about two hours'));
      corpus.findingCount();
      edits++;
      if (edits === 250 || edits === 260 || edits === 300) assert.equal(snapshot(corpus), snapshot(fullOf(corpus.articles())), `after ${edits} edits`);
    }
  }
  const story7 = corpus.storyOf('s007-0.txt');
  assert.ok(story7 && corpus.findingsFor('s007-0.txt').some((f) => f.kind === 'contradiction'));
});

void test('a table with replaced entries reads them over the table it was made from, which stays as it was', () => {
  const base = new Map([['a', 1], ['b', 2], ['c', 3]]);
  const first = withReplaced(base, [['b', 20]])!;
  assert.deepEqual(['a', 'b', 'c'].map((f) => first.get(f)), [1, 20, 3]);
  assert.equal(first.size, 3);
  const second = withReplaced(first, [['c', 30]])!;
  assert.deepEqual(['a', 'b', 'c', 'd'].map((f) => second.get(f)), [1, 20, 30, undefined]);
  assert.deepEqual(['a', 'b', 'c'].map((f) => first.get(f)), [1, 20, 3], 'the earlier table is unchanged');
  assert.deepEqual([...base], [['a', 1], ['b', 2], ['c', 3]], 'the base map is unchanged');
  assert.equal(withReplaced(first, [['d', 4]]), undefined, 'a file the table does not hold');
  assert.equal(withReplaced(base, []), base);
  // Past 256 replaced entries they are folded into a new map.
  const big = new Map(Array.from({ length: 400 }, (_, i) => [`f${i}`, i] as [string, number]));
  let table = withReplaced(big, [])!;
  for (let i = 0; i < 257; i++) table = withReplaced(table, [[`f${i}`, -i]])!;
  assert.ok(table instanceof Map && table !== big, 'folded into a new map at the 257th');
  for (let i = 257; i < 300; i++) table = withReplaced(table, [[`f${i}`, -i]])!;
  assert.ok(!(table instanceof Map), 'laid over the folded map again');
  assert.equal(table.size, 400);
  assert.deepEqual([0, 150, 299, 300, 399].map((i) => table.get(`f${i}`)), [-0, -150, -299, 300, 399]);
  assert.equal(big.get('f0'), 0);
});

void test('a file is found in a list in file order where it is, or where it would go', () => {
  const files = ['a.txt', 'c.txt', 'e.txt', 'g.txt'];
  const at = (i: number): string => files[i];
  assert.deepEqual(['a.txt', 'c.txt', 'g.txt'].map((f) => filePosition(files.length, at, f)), [0, 1, 3]);
  assert.deepEqual(['0.txt', 'b.txt', 'f.txt', 'z.txt'].map((f) => filePosition(files.length, at, f)), [0, 1, 3, 4]);
  assert.equal(filePosition(0, at, 'a.txt'), 0);
});
