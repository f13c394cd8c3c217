/**
 * The story graph's rebuild computes its candidate pairs' similarities together
 * (`pairSimilarities`); they must be `dotProduct`'s values to the last bit, or clusters at the
 * threshold could move between a rebuilt graph and an edited one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { heaviestTerms, pairSimilarities } from '../../core/src/crossref/storyGraph';
import { dotProduct } from '../../core/src/crossref/stories';
import { TermVector } from '../../core/src/crossref/terms';

test('pairSimilarities gives dotProduct of every pair, bit for bit, in either orientation and on equal sizes', () => {
  let seed = 7;
  const random = (): number => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const vocabulary = Array.from({ length: 400 }, (_, i) => `t${i}`);
  const vectors: Map<string, number>[] = [];
  for (let v = 0; v < 120; v++) {
    const vector = new Map<string, number>();
    // Equal sizes on purpose for some (the first vector is then the one walked), none at all for one.
    const size = v === 5 ? 0 : v % 7 === 0 ? 30 : 1 + Math.floor(random() * 120);
    while (vector.size < size) vector.set(vocabulary[Math.floor(random() * vocabulary.length)], random() / 3 + (random() < 0.1 ? 1e-9 : 0));
    vectors.push(vector);
  }
  const pairs: number[] = [];
  for (let p = 0; p < 3000; p++) pairs.push(Math.floor(random() * vectors.length), Math.floor(random() * vectors.length));
  pairs.push(0, 7, 7, 0, 14, 21, 21, 14, 5, 9, 9, 5);
  const compact = vectors.map((v) => TermVector.from(v));
  const similarities = pairSimilarities(compact, pairs);
  assert.equal(similarities.length, pairs.length / 2);
  for (let p = 0; p < similarities.length; p++) {
    const expected = dotProduct(compact[pairs[2 * p]], compact[pairs[2 * p + 1]]);
    assert.ok(Object.is(similarities[p], expected), `pair ${pairs[2 * p]}-${pairs[2 * p + 1]}: ${similarities[p]} ≠ ${expected}`);
  }
  assert.equal(pairSimilarities(compact, []).length, 0);
});

test('heaviestTerms keeps what sorting every term keeps, ties in term order', () => {
  let seed = 11;
  const random = (): number => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  for (let round = 0; round < 300; round++) {
    const weights = new Map<string, number>();
    const size = Math.floor(random() * 90);
    // Few distinct weights in some rounds, so that ties decide.
    const levels = round % 3 === 0 ? 4 : 1000;
    while (weights.size < size) weights.set(`w${Math.floor(random() * 500)}`, Math.floor(random() * levels) / levels);
    for (const limit of [0, 1, 5, 40, 100]) {
      const expected = [...weights.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit).map(([t]) => t);
      assert.deepEqual(heaviestTerms(TermVector.from(weights), limit), expected, `round ${round}, limit ${limit}`);
    }
  }
});
