/**
 * A story graph restored from a snapshot clusters straight from the snapshot's pairs (union-find
 * over file numbers) and builds its similarity rows only when the first edit needs them
 * (`prepareEdits` builds them and its lists ahead). Its clusters must be the rebuilt graph's, before and after edits; a snapshot listing a
 * pair twice (never written) takes the rows' path, where the pair's last similarity counts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Article } from '../../core/src/model';
import { type GraphSnapshot, StoryGraph } from '../../core/src/crossref/storyGraph';
import { STORY_SIMILARITY } from '../../core/src/crossref/stories';
import { seededRandom } from './testSupport';
import { type Fake, inputsOf } from './storyGraph-fixtures';

/**
 * Articles in a few topics (shared topic terms, so pairs inside a topic are strong and across topics
 * weak), some of them far apart in time, undated or with a `Story:` header.
 */
function archive(count: number, seed: number): { fakes: Fake[]; headers: (string | null)[]; days: (number | null)[] } {
  const next = seededRandom(seed);
  const fakes: Fake[] = [];
  const headers: (string | null)[] = [];
  const days: (number | null)[] = [];
  for (let i = 0; i < count; i++) {
    const topic = Math.floor(next() * 9);
    const terms = new Map<string, number>();
    for (let k = 0; k < 12; k++) terms.set(`topic${topic}-${Math.floor(next() * 14)}`, 1 + Math.floor(next() * 4));
    for (let k = 0; k < 25; k++) terms.set(`w${Math.floor(next() * 300)}`, 1 + Math.floor(next() * 2));
    if (next() < 0.3) terms.set(`topic${(topic + 1) % 9}-${Math.floor(next() * 14)}`, 2);
    const file = `file:///archive/${String(i).padStart(3, '0')}-t${topic}.txt`;
    fakes.push({ article: { file, hash: `h${seed}-${i}` } as unknown as Article, terms });
    headers.push(i % 23 === 5 ? `Header ${topic}` : null);
    days.push(i % 17 === 3 ? null : 100 + (topic % 3) * 15 + Math.floor(next() * 12));
  }
  return { fakes, headers, days };
}

const clustersOf = (result: { clusters: string[][] }): string => JSON.stringify(result.clusters.map((c) => c.join(' ')).sort());

test('a restored graph clusters as the rebuilt one, before and after edits, and snapshots the same', () => {
  for (const seed of [3, 17, 101]) {
    const { fakes, headers, days } = archive(160, seed);
    const inputs = inputsOf(fakes, headers, days);
    const built = new StoryGraph();
    const rebuilt = built.update(inputs);
    const snapshot = built.snapshot()!;
    assert.ok(rebuilt.clusters.length > 5, 'the archive has stories of several articles');
    const restoredGraph = new StoryGraph();
    restoredGraph.seedSnapshot(snapshot);
    const restored = restoredGraph.update(inputs);
    assert.equal(restoredGraph.restored, true);
    assert.equal(clustersOf(restored), clustersOf(rebuilt), `seed ${seed}`);
    assert.equal(restoredGraph.lastClustered, built.lastClustered);
    assert.deepEqual(restoredGraph.snapshot(), snapshot);
    assert.deepEqual(restoredGraph.pendingForEdits(), ['lists', 'rows'], 'a restored graph defers its lists and rows');
    assert.deepEqual(built.pendingForEdits(), ['rows'], 'a rebuilt graph defers its rows');
    if (seed === 17) {
      // lists and rows built ahead of the edit, or by it
      restoredGraph.prepareEdits();
      built.prepareEdits();
      assert.deepEqual(restoredGraph.pendingForEdits(), [], 'nothing left for the first edit to build');
      assert.deepEqual(built.pendingForEdits(), []);
      assert.deepEqual(restoredGraph.snapshot(), snapshot, 'preparing edits leaves the snapshot');
    }
    // Edits: a story's terms taken by another article, one article moved in time.
    const edited = fakes.map((f) => ({ ...f }));
    const editedDays = [...days];
    for (const k of [7, 40, 41]) {
      edited[k] = { article: { ...fakes[k].article, hash: `${fakes[k].article.hash}'` } as Article, terms: new Map(fakes[(k * 5) % fakes.length].terms) };
    }
    editedDays[40] = editedDays[40] === null ? 130 : editedDays[40]! + 40;
    const after = inputsOf(edited, headers, editedDays);
    assert.equal(clustersOf(restoredGraph.update(after)), clustersOf(built.update(after)), `seed ${seed}, after edits`);
    assert.equal(clustersOf(restoredGraph.update(after)), clustersOf(new StoryGraph().update(after)), `seed ${seed}, fresh`);
  }
});

test('a snapshot listing a pair twice: the last similarity counts, as in the similarity rows', () => {
  const { fakes, headers, days } = archive(120, 5);
  const inputs = inputsOf(fakes, headers, days);
  const built = new StoryGraph();
  built.update(inputs);
  const snapshot = built.snapshot()!;
  // A strong pair listed again with a weak similarity, and another listed again unchanged.
  const strong = [...snapshot.similarities.keys()].filter((p) => snapshot.similarities[p] >= STORY_SIMILARITY);
  const [weakened, repeated] = [strong[0], strong[strong.length - 1]];
  const twice: GraphSnapshot = {
    ...snapshot,
    pairs: Int32Array.from([...snapshot.pairs, snapshot.pairs[2 * weakened + 1], snapshot.pairs[2 * weakened], snapshot.pairs[2 * repeated], snapshot.pairs[2 * repeated + 1]]),
    similarities: Float64Array.from([...snapshot.similarities, 0.01, snapshot.similarities[repeated]]),
  };
  // The same graph written once per pair, with the weakened pair's last similarity.
  const once: GraphSnapshot = { ...snapshot, similarities: Float64Array.from(snapshot.similarities) };
  once.similarities[weakened] = 0.01;
  const restore = (seeded: GraphSnapshot): string => {
    const graph = new StoryGraph();
    graph.seedSnapshot(seeded);
    const result = graph.update(inputs);
    assert.equal(graph.restored, true);
    return clustersOf(result);
  };
  assert.equal(restore(twice), restore(once));
  // Only the repeated pair: the same clusters as the snapshot as written.
  const repeatedOnly: GraphSnapshot = {
    ...snapshot,
    pairs: Int32Array.from([...snapshot.pairs, snapshot.pairs[2 * repeated], snapshot.pairs[2 * repeated + 1]]),
    similarities: Float64Array.from([...snapshot.similarities, snapshot.similarities[repeated]]),
  };
  assert.equal(restore(repeatedOnly), restore(snapshot));
});

test('a graph that let go of its vector weights answers as one that kept them, through edits', () => {
  const weightsOf = (graph: StoryGraph, files: string[]): [string, number[], number[]][] =>
    files.map((f) => {
      const v = graph.vector(f)!;
      return [v.key, [...v.weights.ids], [...v.weights.weights]];
    });
  for (const seed of [3, 44]) {
    const { fakes, headers, days } = archive(150, seed);
    const files = fakes.map((f) => f.article.file);
    const inputs = inputsOf(fakes, headers, days);
    const kept = new StoryGraph();
    const released = new StoryGraph();
    assert.equal(clustersOf(released.update(inputs)), clustersOf(kept.update(inputs)));
    const before = weightsOf(kept, files);
    released.releaseWeights();
    assert.deepEqual(released.snapshot(), kept.snapshot(), `seed ${seed}: the same snapshot`);
    assert.deepEqual(weightsOf(released, files), before, `seed ${seed}: weights computed again`);
    released.releaseWeights(); // released twice, and once more after its weights were read
    // Edits: one article takes another's terms (the frequencies of many terms move), one moves in time.
    let edited = fakes.map((f) => ({ ...f }));
    const editedDays = [...days];
    for (const [round, k] of [[1, 9], [2, 60], [3, 61]]) {
      edited = edited.map((f) => ({ ...f }));
      edited[k] = { article: { ...edited[k].article, hash: `${edited[k].article.hash}-${round}` } as Article, terms: new Map(fakes[(k * 7) % fakes.length].terms) };
      if (round === 2) editedDays[k] = editedDays[k] === null ? 120 : editedDays[k]! + 30;
      const after = inputsOf(edited, headers, editedDays);
      const a = kept.update(after);
      const b = released.update(after);
      assert.equal(clustersOf(b), clustersOf(a), `seed ${seed}, edit ${round}: clusters`);
      assert.deepEqual(released.vectorsChanged, kept.vectorsChanged, `seed ${seed}, edit ${round}: vectors changed`);
      assert.deepEqual(released.listsForTests(), kept.listsForTests(), `seed ${seed}, edit ${round}: lists and rows`);
      assert.deepEqual(weightsOf(released, files), weightsOf(kept, files), `seed ${seed}, edit ${round}: weights`);
      if (round === 2) released.releaseWeights();
    }
  }
});
