// Corpus.holdPasses (set by the server while it indexes a workspace): questions between two arriving
// articles are answered from the last pass instead of each running a new pass over the partial corpus.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Corpus } from '../../core/src/crossref/corpus';
import { bridge, ferry, indexSnapshot } from './crossref-fixtures';

const snapshot = (corpus: Corpus): string => indexSnapshot(corpus, () => ({}));

const ferries = () => [
  ferry('a.txt', 'Daily A', 'about three hours', 2.5, 3.5),
  ferry('b.txt', 'Daily B', 'about five hours', 4.5, 5.5),
  ferry('e.txt', 'Daily E', 'about three hours', 2.5, 3.5, 'Holm thanked the crews.'),
];
const bridges = () => [
  bridge('c.txt', 'Daily C', 'This bridge joins our two towns for good.'),
  bridge('d.txt', 'Daily D', 'This bridge joins our towns for good.'),
];

void test('while held over budget, articles that arrive do not make a question run a pass', () => {
  const corpus = new Corpus();
  for (const article of ferries()) corpus.put(article);
  corpus.holdPasses(0); // no pass fits a budget of 0 ms
  for (const article of bridges()) corpus.put(article);
  assert.deepEqual(corpus.stories(), []);
  assert.equal(corpus.findingsFor('a.txt').length, 0);
  assert.equal(corpus.recomputations, 0);
  corpus.releasePasses();
  const reference = new Corpus({ incremental: false });
  for (const article of [...ferries(), ...bridges()]) reference.put(article);
  assert.equal(snapshot(corpus), snapshot(reference));
  assert.equal(corpus.recomputations, 1);
});

void test('the last pass answers while held: its files as they were, newer files not yet', () => {
  const corpus = new Corpus();
  for (const article of ferries()) corpus.put(article);
  const findings = corpus.findingsFor('a.txt').map((f) => f.id);
  assert.ok(findings.length > 0, 'the ferry story has a contradiction');
  corpus.holdPasses(0);
  for (const article of bridges()) corpus.put(article);
  assert.deepEqual(corpus.findingsFor('a.txt').map((f) => f.id), findings);
  assert.equal(corpus.storyOf('c.txt'), undefined);
  assert.equal(corpus.coverage('c.txt'), undefined);
  assert.equal(corpus.recomputations, 1);
});

void test('a file replaced while held is unknown to the last pass, not answered with its old spans', () => {
  const corpus = new Corpus();
  for (const article of ferries()) corpus.put(article);
  assert.ok(corpus.personAt('a.txt', corpus.article('a.txt')!.people[0].mentions[0].start));
  corpus.holdPasses(0);
  corpus.put(ferry('a.txt', 'Daily A', 'about three hours', 2.5, 3.5, 'A longer first sentence moves every span of the article.'));
  const moved = corpus.article('a.txt')!;
  assert.equal(corpus.personAt('a.txt', moved.people[0].mentions[0].start), undefined);
  assert.equal(corpus.storyOf('a.txt'), undefined);
  assert.deepEqual(corpus.findingsFor('a.txt'), []);
  assert.equal(corpus.coverage('a.txt'), undefined);
  // The files not replaced are answered from the last pass still.
  assert.ok(corpus.storyOf('e.txt'));
  corpus.releasePasses();
  assert.ok(corpus.personAt('a.txt', moved.people[0].mentions[0].start));
});

void test('within budget a held question runs a pass, then not again until the spacing has passed', () => {
  const corpus = new Corpus();
  corpus.holdPasses(Number.POSITIVE_INFINITY, 1e9);
  for (const article of ferries()) corpus.put(article);
  assert.ok(corpus.stories().length > 0);
  assert.equal(corpus.recomputations, 1);
  for (const article of bridges()) corpus.put(article);
  corpus.stories();
  assert.equal(corpus.recomputations, 1, 'the next pass waits a billion times the last one\'s time');
  corpus.holdPasses(Number.POSITIVE_INFINITY, 0);
  assert.ok(corpus.storyOf('c.txt'));
  assert.equal(corpus.recomputations, 2);
});

void test('story results restored after held passes replace theirs; those of a pass not held are kept', () => {
  const whole = new Corpus();
  for (const article of [...ferries(), ...bridges()]) whole.put(article);
  whole.stories();
  const stored = whole.storyResultEntries();
  assert.ok(stored.size >= 2);

  // Held passes saw part of each story: the stored results of the whole stories replace theirs.
  const held = new Corpus();
  held.holdPasses(Number.POSITIVE_INFINITY, 0);
  // The files that name the stories (the first of each) come last: a held pass names them after others.
  held.put(ferries()[2]);
  held.put(bridges()[1]);
  held.stories();
  for (const article of [...ferries().slice(0, 2), ...bridges().slice(0, 1)]) held.put(article);
  held.seedStoryResults(stored);
  held.releasePasses();
  assert.deepEqual(held.stories().map((s) => s.id), whole.stories().map((s) => s.id));
  assert.equal(held.storiesRecomputed, 0);
  assert.equal(snapshot(held), snapshot(whole));

  // A corpus whose pass was not held keeps its own results.
  const own = new Corpus();
  for (const article of [...ferries(), ...bridges()]) own.put(article);
  own.stories();
  const mine = [...own.storyResultEntries().values()].map((e) => e.signature);
  const other = new Map([...stored].map(([id, entry]) => [id, { ...entry, signature: 'another' }]));
  own.seedStoryResults(other);
  assert.deepEqual([...own.storyResultEntries().values()].map((e) => e.signature), mine);
});
