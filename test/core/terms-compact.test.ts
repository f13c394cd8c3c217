/**
 * Term counts and TF-IDF vectors are kept compact (core/src/crossref/terms.ts: term numbers and
 * typed arrays instead of a map per article). These tests hold them to the maps they replaced: the
 * same weights and dot products to the last bit (the same numbers added in the same order), an
 * edited story graph equal to one built afresh, and a damaged terms section in the cache still
 * recomputed from the article rather than trusted.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { AnalysisCache } from '../../core/src/cache/analysisCache';
import { analyzeArticle } from '../../core/src/article/analyze';
import { articleFeatures } from '../../core/src/crossref/crossref';
import { StoryGraph } from '../../core/src/crossref/storyGraph';
import { STORY_SIMILARITY, articleTermMap, articleTerms, dotProduct, inverseDocumentFrequency, vectorWeights } from '../../core/src/crossref/stories';
import { TermCounts, TermVector, knownTermId, termString } from '../../core/src/crossref/terms';
import type { Article } from '../../core/src/model';
import { seededRandom, withTempDir } from './testSupport';

/** The map computation the compact one replaced (stories.ts before): weights in the order of the counts. */
function mapWeights(counts: Map<string, number>, df: Map<string, number>, n: number): Map<string, number> {
  const weights = new Map<string, number>();
  let norm = 0;
  for (const [t, c] of counts) {
    const w = (1 + Math.log(c)) * inverseDocumentFrequency(df.get(t)!, n);
    weights.set(t, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [t, w] of weights) weights.set(t, w / norm);
  return weights;
}

/** The map dot product the compact one replaced: the smaller map's terms (the first on equal sizes), each looked up in the other. */
function mapDot(a: Map<string, number>, b: Map<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, w] of small) {
    const v = large.get(t);
    if (v !== undefined) dot += w * v;
  }
  return dot;
}

/** Random term counts over a vocabulary (some articles share many terms, some none; equal sizes on purpose). */
function randomCounts(next: () => number, count: number, prefix: string): Map<string, number>[] {
  const all: Map<string, number>[] = [];
  for (let i = 0; i < count; i++) {
    const counts = new Map<string, number>();
    const size = i === 3 ? 0 : i % 9 === 0 ? 40 : 1 + Math.floor(next() * 150);
    const topic = Math.floor(next() * 5);
    while (counts.size < size) {
      const term = next() < 0.5 ? `${prefix}topic${topic}-${Math.floor(next() * 60)}` : `${prefix}w${Math.floor(next() * 900)}`;
      counts.set(term, (counts.get(term) ?? 0) + 1 + Math.floor(next() * 6));
    }
    all.push(counts);
  }
  return all;
}

test('compact vectors and dot products equal the map computation to the bit', () => {
  for (const seed of [1, 29, 404]) {
    const next = seededRandom(seed);
    const maps = randomCounts(next, 140, `s${seed}-`);
    const df = new Map<string, number>();
    for (const counts of maps) for (const t of counts.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    const n = maps.length;
    const expected = maps.map((counts) => mapWeights(counts, df, n));
    const compact = maps.map((counts) => vectorWeights(TermCounts.from(counts)!, df, n));
    compact.forEach((v, i) => {
      const entries = [...v.entries()];
      assert.deepEqual(entries.map(([t]) => t), [...expected[i].keys()], `seed ${seed}, article ${i}: terms in the order counted`);
      entries.forEach(([t, w]) => assert.ok(Object.is(w, expected[i].get(t)), `seed ${seed}, article ${i}, ${t}`));
    });
    for (let p = 0; p < 2000; p++) {
      const i = Math.floor(next() * n);
      const j = p % 50 === 0 ? i : Math.floor(next() * n);
      const want = mapDot(expected[i], expected[j]);
      assert.ok(Object.is(dotProduct(compact[i], compact[j]), want), `seed ${seed}, pair ${i}-${j}`);
      assert.ok(Object.is(dotProduct(compact[j], compact[i]), mapDot(expected[j], expected[i])), `seed ${seed}, pair ${j}-${i}`);
    }
  }
});

test('term counts keep the order and values of the map, and refuse what a map of counts never holds', () => {
  const article = analyzeArticle('q.txt', 'Outlet: Post\nDate: 2024-03-04\n\nPort strike\n\nDockers in Rotterdam met Ida Holm on Monday. Holm said the port of Rotterdam will reopen.\n');
  const map = articleTermMap(article);
  const counts = articleTerms(article);
  assert.deepEqual([...counts], [...map]);
  assert.equal(counts.size, map.size);
  for (const [t, c] of map) {
    assert.equal(counts.get(t), c);
    assert.equal(termString(knownTermId(t)), t);
  }
  assert.equal(counts.get('no-such-term-anywhere'), undefined);
  assert.deepEqual(TermCounts.fromFlat(['a', 1, 'b', 2]) && [...TermCounts.fromFlat(['a', 1, 'b', 2])!], [['a', 1], ['b', 2]]);
  for (const bad of [['a', 1, 'a', 2], ['a', 1.5], ['a', 0], ['a', -1], ['a', 2 ** 31], [1, 1], ['a'], { a: 1 }, ['a', '1'], ['a', NaN]]) {
    assert.equal(TermCounts.fromFlat(bad), undefined, JSON.stringify(bad));
  }
  assert.equal(TermCounts.from([['a', 1], ['a', 1]]), undefined);
});

test('an edited story graph (terms added and removed) equals the graph built afresh, vectors to the bit', () => {
  const next = seededRandom(77);
  const maps = randomCounts(next, 120, 'edit-');
  const articles = maps.map((_, i) => ({ file: `f${String(i).padStart(3, '0')}.txt`, hash: `h${i}` }) as unknown as Article);
  const termsOf = new Map(articles.map((a, i) => [a, TermCounts.from(maps[i])!]));
  const days = articles.map((_, i) => (i % 11 === 4 ? null : 100 + (i % 7)));
  const inputs = (sorted: Article[]) => ({ sorted, termsOf: (a: Article) => termsOf.get(a)!, headerStory: sorted.map(() => null), days, threshold: STORY_SIMILARITY });
  const graph = new StoryGraph();
  graph.update(inputs(articles));
  // Three articles edited: one loses half its terms, one gains new ones (never seen before), one takes another's.
  const edited = [...articles];
  const change = (k: number, counts: Map<string, number>): void => {
    edited[k] = { ...articles[k], hash: `${articles[k].hash}'` } as Article;
    termsOf.set(edited[k], TermCounts.from(counts)!);
  };
  change(10, new Map([...maps[10]].filter((_, k) => k % 2 === 0)));
  change(20, new Map([...maps[20], ['edit-brand-new-1', 3], ['edit-brand-new-2', 1]]));
  change(30, new Map(maps[31]));
  const after = graph.update(inputs(edited));
  const fresh = new StoryGraph();
  const expected = fresh.update(inputs(edited));
  const clustersOf = (clusters: string[][]): string => JSON.stringify(clusters.map((c) => c.join(' ')).sort());
  assert.equal(clustersOf(after.clusters), clustersOf(expected.clusters));
  assert.ok(expected.clusters.length > 3, 'the archive has stories of several articles');
  assert.deepEqual([...after.documentFrequency].sort(), [...expected.documentFrequency].sort());
  for (const a of edited) {
    const mine = graph.vector(a.file)!.weights;
    const theirs = fresh.vector(a.file)!.weights;
    assert.deepEqual([...mine.entries()], [...theirs.entries()], a.file);
    assert.deepEqual(graph.vector(a.file)!.top, fresh.vector(a.file)!.top, a.file);
  }
  // And the map computation over the edited counts gives those weights.
  const df = new Map<string, number>();
  for (const a of edited) for (const t of termsOf.get(a)!.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const k = 20;
  const map = mapWeights(new Map(termsOf.get(edited[k])!), df, edited.length);
  const vector: TermVector = graph.vector(edited[k].file)!.weights;
  assert.deepEqual([...vector.entries()], [...map]);
});

test('a damaged terms section in a cache entry is recomputed from the article, never trusted', () => withTempDir('crosscheck-terms-', (root) => {
  const text = 'Outlet: Harbour Post\nDate: 2024-03-04\n\nHarbour strike ends in Rotterdam\n\nThe port authority met the dockers for two hours on Monday in Rotterdam. ' +
    '"We will sail again when the pay offer is fair," union leader Ida Holm said. Holm did not endorse the offer.\n';
  const cache = new AnalysisCache(root, 'v1');
  const article = analyzeArticle('q.txt', text);
  const entryOf = (): string => {
    const [entry] = readdirSync(cache.folder, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
    return path.join(cache.folder, entry);
  };
  const rewrite = (change: (flat: unknown[]) => string): void => {
    const entry = entryOf();
    const [head, ...lines] = readFileSync(entry, 'utf8').split('\n');
    lines[5] = change(JSON.parse(lines[5]) as unknown[]);
    const body = lines.join('\n');
    writeFileSync(entry, `${JSON.stringify({ ...JSON.parse(head) as object, size: Buffer.byteLength(body) })}\n${body}`);
  };
  const damages: ((flat: unknown[]) => string)[] = [
    (flat) => JSON.stringify(flat), // untouched: read as written
    (flat) => JSON.stringify([...flat.slice(0, 2), flat[0], ...flat.slice(3)]), // a term listed twice, the size kept
    (flat) => JSON.stringify([flat[0], 1.5, ...flat.slice(2)]), // a count no article has
    (flat) => JSON.stringify([flat[0], 0, ...flat.slice(2)]),
    (flat) => JSON.stringify([flat[0], -2, ...flat.slice(2)]),
    (flat) => JSON.stringify(flat.slice(0, -2)), // one pair short of the marker
    (flat) => JSON.stringify(flat).slice(0, -5) + ']', // truncated
  ];
  const expected = [...articleTerms(article)];
  for (const [d, damage] of damages.entries()) {
    cache.put(article, articleFeatures(article));
    rewrite(damage);
    const read = cache.read('q.txt', text);
    assert.ok(read?.features, `damage ${d}: the entry passes the cheap check at read time`);
    assert.deepEqual([...read.features.terms], expected, `damage ${d}`);
  }
}));

test('a story graph edited again and again (lists of one file, emptied, refilled) clusters as one built afresh', () => {
  const next = seededRandom(5150);
  // Small vocabularies, so rare-term lists of one file and lists that empty and fill again are common.
  const maps = randomCounts(next, 60, 'again-').map((counts) => new Map([...counts].slice(0, 12)));
  let current = maps.map((_, i) => ({ file: `g${String(i).padStart(2, '0')}.txt`, hash: `h${i}` }) as unknown as Article);
  const termsOf = new Map(current.map((a, i) => [a, TermCounts.from(maps[i])!]));
  const days = current.map((_, i) => 200 + (i % 4));
  const inputs = (sorted: Article[]) => ({ sorted, termsOf: (a: Article) => termsOf.get(a)!, headerStory: sorted.map((_, i) => (i % 13 === 6 ? 'Header' : null)), days, threshold: STORY_SIMILARITY });
  const clustersOf = (clusters: string[][]): string => JSON.stringify(clusters.map((c) => c.join(' ')).sort());
  const graph = new StoryGraph();
  graph.update(inputs(current));
  for (let round = 0; round < 40; round++) {
    const k = Math.floor(next() * current.length);
    const from = termsOf.get(current[Math.floor(next() * current.length)])!;
    // Another article's terms, some dropped, and now and then a term of its own.
    const counts = new Map([...from].filter(() => next() < 0.7));
    if (next() < 0.3) counts.set(`again-own-${round}`, 2);
    const edited = { ...current[k], hash: `${current[k].hash}.${round}` } as Article;
    termsOf.set(edited, TermCounts.from(counts)!);
    current = current.map((a, i) => (i === k ? edited : a));
    const after = graph.update(inputs(current));
    const fresh = new StoryGraph();
    assert.equal(clustersOf(after.clusters), clustersOf(fresh.update(inputs(current)).clusters), `round ${round}`);
    assert.deepStrictEqual(graph.listsForTests(), fresh.listsForTests(), `round ${round}: lists and rows`);
  }
});
