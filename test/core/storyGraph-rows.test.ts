/**
 * The story graph keeps every file's similarity row in one shared table (two typed arrays; a row
 * that outgrows its room moves to the table's end, and the table is packed again when full), built
 * from the rebuild's pairs only when an edit needs them; term counts keep their counts in a byte
 * each when all fit one. These tests hold both to what they replaced: after every edit of a series
 * that grows rows many times over, the graph's lists, rows (to the last bit) and clusters are those
 * of a graph built afresh; term counts read back the same counts however large, and a count or
 * a list the compact form cannot hold exactly is refused rather than kept.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Article } from '../../core/src/model';
import { StoryGraph } from '../../core/src/crossref/storyGraph';
import { TermCounts } from '../../core/src/crossref/terms';
import { seededRandom } from './testSupport';
import { type Fake, inputsOf } from './storyGraph-fixtures';

/** Articles in a few topics, dated within a few weeks (some undated), one in nineteen with a `Story:` header. */
function archive(count: number, seed: number): { fakes: Fake[]; headers: (string | null)[]; days: (number | null)[] } {
  const next = seededRandom(seed);
  const fakes: Fake[] = [];
  const headers: (string | null)[] = [];
  const days: (number | null)[] = [];
  for (let i = 0; i < count; i++) {
    const topic = Math.floor(next() * 6);
    const terms = new Map<string, number>();
    for (let k = 0; k < 10; k++) terms.set(`rows-topic${topic}-${Math.floor(next() * 12)}`, 1 + Math.floor(next() * 4));
    for (let k = 0; k < 20; k++) terms.set(`rows-w${Math.floor(next() * 250)}`, 1 + Math.floor(next() * 2));
    const file = `file:///rows/${String(i).padStart(3, '0')}.txt`;
    fakes.push({ article: { file, hash: `r${seed}-${i}` } as unknown as Article, terms });
    headers.push(i % 19 === 4 ? `Header ${topic}` : null);
    days.push(i % 13 === 2 ? null : 200 + Math.floor(next() * 20));
  }
  return { fakes, headers, days };
}

const clustersOf = (result: { clusters: string[][] }): string => JSON.stringify(result.clusters.map((c) => c.join(' ')).sort());

/**
 * The rare-term lists, the blocking index and each row's files equal; each similarity equal to
 * within rounding: an edit sums two vectors of the same size over the edited one's terms, a rebuild
 * over the first met (the same products in another order; what the rows held before, too).
 */
function sameLists(graph: StoryGraph, fresh: StoryGraph, what: string): void {
  const a = graph.listsForTests();
  const b = fresh.listsForTests();
  assert.deepEqual(a.rare, b.rare, `${what}: rare terms`);
  assert.deepEqual(a.index, b.index, `${what}: blocking index`);
  assert.deepEqual(a.rows.map(([f, cells]) => [f, cells.map(([o]) => o)]), b.rows.map(([f, cells]) => [f, cells.map(([o]) => o)]), `${what}: row files`);
  a.rows.forEach(([file, cells], i) => cells.forEach(([other, sim], q) => {
    const expected = b.rows[i][1][q][1];
    assert.ok(Math.abs(sim - expected) <= 1e-12, `${what}: ${file} ~ ${other}: ${sim} vs ${expected}`);
  }));
}

test('rows grown and packed by a series of edits equal the rows of a graph built afresh, to the last bit', () => {
  for (const seed of [2, 29]) {
    const { fakes, headers, days } = archive(140, seed);
    const graph = new StoryGraph();
    graph.update(inputsOf(fakes, headers, days));
    // Before any edit the rows come from the rebuild's pairs: the same as a fresh graph's.
    const first = new StoryGraph();
    first.update(inputsOf(fakes, headers, days));
    assert.deepEqual(graph.listsForTests(), first.listsForTests(), `seed ${seed}: rows from the pairs`);
    const next = seededRandom(seed + 1);
    const current = fakes.map((f) => ({ ...f }));
    for (let round = 0; round < 12; round++) {
      // One article at a time takes the terms of several topics (its row grows past its room), others move between topics.
      const hub = Math.floor(next() * current.length);
      const terms = new Map<string, number>();
      for (const k of [hub, (hub + 11) % current.length, (hub + 37) % current.length, (hub + 53) % current.length]) {
        for (const [t, c] of current[k].terms) terms.set(t, (terms.get(t) ?? 0) + c);
      }
      current[hub] = { article: { ...current[hub].article, hash: `${current[hub].article.hash}+${round}` } as Article, terms };
      const mover = Math.floor(next() * current.length);
      if (mover !== hub) {
        current[mover] = { article: { ...current[mover].article, hash: `${current[mover].article.hash}~${round}` } as Article, terms: new Map(current[(mover + 7) % current.length].terms) };
      }
      const inputs = inputsOf(current, headers, days);
      const edited = graph.update(inputs);
      const fresh = new StoryGraph();
      const rebuilt = fresh.update(inputs);
      assert.equal(clustersOf(edited), clustersOf(rebuilt), `seed ${seed}, round ${round}: clusters`);
      sameLists(graph, fresh, `seed ${seed}, round ${round}`);
    }
  }
});

test('term counts keep every count exactly, a byte each only when all fit one', () => {
  const small = TermCounts.fromFlat(['rows-a', 3, 'rows-b', 255, 'rows-c', 1])!;
  assert.ok(small.counts instanceof Uint8Array);
  assert.deepEqual([...small.entries()], [['rows-a', 3], ['rows-b', 255], ['rows-c', 1]]);
  const large = TermCounts.fromFlat(['rows-a', 3, 'rows-b', 256, 'rows-c', 0x7fffffff])!;
  assert.ok(large.counts instanceof Int32Array);
  assert.deepEqual([...large.entries()], [['rows-a', 3], ['rows-b', 256], ['rows-c', 0x7fffffff]]);
  const fromMap = TermCounts.from(new Map([['rows-d', 70000], ['rows-e', 2]]))!;
  assert.deepEqual([...fromMap.entries()], [['rows-d', 70000], ['rows-e', 2]]);
  assert.equal(fromMap.get('rows-d'), 70000);
  assert.deepEqual([...TermCounts.from(new Map([['rows-f', 9]]))!.counts], [9]);
  assert.equal(TermCounts.fromFlat([])!.size, 0);
  // What the compact form cannot hold as written: refused (the cache then computes the terms again).
  for (const bad of [['rows-a', 0], ['rows-a', 1.5], ['rows-a', 0x80000000], ['rows-a', 2, 'rows-a', 3], ['rows-a'], [7, 1], ['rows-a', '2'], 'rows-a']) {
    assert.equal(TermCounts.fromFlat(bad), undefined, JSON.stringify(bad));
  }
  assert.equal(TermCounts.from([['rows-a', 300], ['rows-a', 1]]), undefined);
});
