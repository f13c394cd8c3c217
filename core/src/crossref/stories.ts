/**
 * Stories: groups of articles about one event. A `Story:` header wins; the other articles are
 * clustered by TF-IDF cosine of their content words (people's surnames and places weigh more),
 * with candidate pairs blocked by shared distinctive terms and pairs far apart in time kept apart.
 */

import type { Article, Story } from '../model';
import { DisjointSets, contentStems, dayNumber, fileStem, shorten, slug } from './text';
import { parseName, quickSlug } from './people';
import type { StoryGraph } from './storyGraph';
import { TermCounts, TermVector, dot, termString } from './terms';
import { filePosition } from './fileLookup';

/** Cosine at or above which two articles are taken to cover the same event. */
export const STORY_SIMILARITY = 0.2;
/** Articles dated further apart than this are never put in one story by similarity. */
export const STORY_MAX_DAYS_APART = 10;
/** How many of an article's heaviest terms go into the blocking index. */
const BLOCKING_TERMS = 40;

export interface ArticleVector {
  file: string;
  /** term → weight (TF-IDF), L2-normalised. */
  weights: TermVector;
}

export interface StoryIndex {
  stories: Story[];
  storyOfFile: Map<string, string>;
  /** Document frequency of each content stem across the corpus, for other stages. */
  documentFrequency: Map<string, number>;
  articleCount: number;
  /** Each article's TF-IDF vector (L2-normalised), for other stages. */
  vectors: { get(file: string): TermVector | undefined };
  /** The key each vector was cached under (content hash and the statistics it read); '' without caches. */
  vectorKeys: { get(file: string): string | undefined };
  /** With caches: the files whose vector changed in this update ('all' when the graph was rebuilt). */
  vectorsChanged?: Set<string> | 'all';
}

/** Raw term counts of an article: content stems of the body, surnames ×3, places ×2 (compact: see terms.ts). */
export function articleTerms(article: Article): TermCounts {
  return TermCounts.from(articleTermMap(article))!;
}

/** `articleTerms` as a map, term → count, in the order the terms are first counted. */
export function articleTermMap(article: Article): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (term: string, n: number): void => {
    counts.set(term, (counts.get(term) ?? 0) + n);
  };
  for (const s of contentStems(article.text.slice(article.metadata.bodyStart))) add(s, 1);
  for (const person of article.people) {
    const parts = parseName(person.name);
    if (parts) add('@' + parts.surname, 3 * Math.max(1, Math.min(person.mentions.length, 5)));
  }
  for (const entity of article.entities) {
    if (entity.kind === 'place') add('#' + entity.text.toLowerCase(), 2);
  }
  return counts;
}

function idf(df: number, n: number): number {
  return Math.log(1 + n / df);
}

/**
 * The folder-per-story convention: an article in `stories/<name>/` belongs to the story `<name>`
 * (a `Story:` header still wins). Returns null for articles elsewhere.
 */
export function folderStory(file: string): string | null {
  // A segment that lower-cases to "stories" is those letters in some case (no other character
  // lower-cases to them): most paths are turned away without splitting them.
  if (!/stories/i.test(file)) return null;
  const segments = file.replace(/^[a-z]+:\/\//i, '').split(/[\\/]/).filter(Boolean);
  if (segments.length < 3 || segments[segments.length - 3].toLowerCase() !== 'stories') return null;
  let name = segments[segments.length - 2];
  try {
    name = decodeURIComponent(name);
  } catch {
    // keep the raw segment
  }
  return name;
}

/**
 * Corpus statistics as the story and derivation stages use them: counts up to 32 exactly, larger ones
 * rounded down to a geometric grid (steps of 12.5 %). A term's weight then stays put while its count
 * drifts inside one step, so an edit elsewhere in a large archive leaves most vectors and most
 * stories' results untouched (they are cached by these values); small corpora see the exact counts.
 */
export function quantizedCount(x: number): number {
  if (x <= 32) return x;
  let q = quantized[x];
  if (q === undefined) quantized[x] = q = Math.floor(32 * Math.pow(1.125, Math.floor(Math.log(x / 32) / Math.log(1.125) + 1e-9)));
  return q;
}
const quantized: number[] = [];

/**
 * An article's TF-IDF weights, normalised (the terms in the order of `counts`, sharing its term
 * numbers): the squares summed in that order, as the map of weights this replaces summed them.
 */
export function vectorWeights(counts: TermCounts, documentFrequency: Map<string, number>, n: number): TermVector {
  const { ids, counts: raw } = counts;
  const weights = new Float64Array(ids.length);
  let norm = 0;
  for (let k = 0; k < ids.length; k++) {
    const w = (1 + Math.log(raw[k])) * inverseDocumentFrequency(documentFrequency.get(termString(ids[k]))!, n);
    weights[k] = w;
    norm += w * w;
  }
  norm = Math.sqrt(norm) || 1;
  for (let k = 0; k < ids.length; k++) weights[k] = weights[k] / norm;
  return new TermVector(ids, weights);
}

/** The IDF used across the index: log(1 + n / df) on quantised counts. */
export function inverseDocumentFrequency(df: number, n: number): number {
  return idf(quantizedCount(df), quantizedCount(n));
}

/** An article's TF-IDF vector and its heaviest terms, cached while its text and the statistics it reads stay the same. */
export interface CachedVector {
  key: string;
  weights: TermVector;
  top: string[];
}

/** What an incremental index keeps between passes: the similarity graph of the story stage. */
export interface StoryCaches {
  graph: StoryGraph;
  /**
   * Each article's `Story:` header and day, in file order, as the last grouping read them, and
   * whether its articles came in file order.
   */
  keys?: { headerStory: (string | null)[]; days: (number | null)[]; inOrder: boolean };
  /** The last grouping made from the graph, reused while the partition and the headers stay the same. */
  last?: { stories: Story[]; storyOfFile: Map<string, string> };
}

/** An article's `Story:` header (or story folder) and day number: pure functions of the article. */
const articleKeys = new WeakMap<Article, { header: string | null; day: number | null }>();

function keysOf(a: Article): { header: string | null; day: number | null } {
  let keys = articleKeys.get(a);
  if (!keys) {
    keys = {
      header: a.metadata.story ? a.metadata.story.trim() : folderStory(a.file),
      day: dayNumber(a.metadata.date && a.metadata.date.length >= 10 ? a.metadata.date : null),
    };
    articleKeys.set(a, keys);
  }
  return keys;
}

/** Each article's header and day, in the order of `sorted`. */
function articleKeysOf(sorted: Article[]): { headerStory: (string | null)[]; days: (number | null)[] } {
  const n = sorted.length;
  const headerStory = new Array<string | null>(n);
  const days = new Array<number | null>(n);
  for (let i = 0; i < n; i++) {
    const keys = keysOf(sorted[i]);
    headerStory[i] = keys.header;
    days[i] = keys.day;
  }
  return { headerStory, days };
}

/**
 * The last grouping's headers and days with the replaced articles' own written in (the arrays are
 * changed in place: only the grouping reads them); undefined when a replaced file is not in `sorted`.
 */
function keysPatched<K extends { headerStory: (string | null)[]; days: (number | null)[] }>(keys: K, sorted: Article[], replaced: readonly Article[]): K | undefined {
  const positions: number[] = [];
  for (const article of replaced) {
    const position = filePosition(sorted.length, (i) => sorted[i].file, article.file);
    if (sorted[position]?.file !== article.file) return undefined;
    positions.push(position);
  }
  replaced.forEach((article, k) => {
    const { header, day } = keysOf(article);
    keys.headerStory[positions[k]] = header;
    keys.days[positions[k]] = day;
  });
  return keys;
}

/** A story's title: its header, else the earliest article's headline (skipping "headlines" that are really a first paragraph). */
function storyTitle(header: string | null, byDate: Article[]): string {
  if (header !== null) return header;
  for (const a of byDate) {
    const t = a.metadata.title.trim();
    if (t && t.split(/\s+/).length <= 20) return t;
  }
  return shorten(byDate[0].metadata.title, 15);
}

function byDateOrder(a: { day: number | null; index: number }, b: { day: number | null; index: number }): number {
  return (a.day ?? Infinity) - (b.day ?? Infinity) || a.index - b.index;
}

/**
 * `previous` maps files to the story ids of an earlier grouping: a story that holds files of an
 * earlier story keeps that story's id, so ids do not move when articles join or leave.
 */
export function buildStories(
  articles: Article[],
  termsOf: (article: Article) => TermCounts,
  threshold = STORY_SIMILARITY,
  previous?: Map<string, string>,
  caches?: StoryCaches,
  /**
   * With `caches`: the articles replaced since the last grouping, when the caller knows them (the
   * same files as then, in the same order), so that the others' headers and days, and the order of
   * the files, are not read again.
   */
  replacedArticles?: readonly Article[],
): StoryIndex {
  // The articles of the last grouping with a few replaced come in its order: its check holds.
  const lastKeys = caches?.keys;
  let keptKeys: typeof lastKeys;
  let sorted = articles;
  if (lastKeys?.inOrder && replacedArticles !== undefined && lastKeys.days.length === articles.length) keptKeys = keysPatched(lastKeys, articles, replacedArticles);
  if (keptKeys === undefined) {
    let inOrder = true;
    for (let i = 1; i < articles.length && inOrder; i++) inOrder = articles[i - 1].file < articles[i].file;
    if (!inOrder) sorted = [...articles].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    keptKeys = { ...articleKeysOf(sorted), inOrder };
  }
  const n = sorted.length;
  const { headerStory, days } = keptKeys;
  if (caches) caches.keys = keptKeys;
  const keepApart = (i: number, j: number): boolean =>
    days[i] !== null && days[j] !== null && Math.abs(days[i]! - days[j]!) > STORY_MAX_DAYS_APART;
  let documentFrequency: Map<string, number>;
  let sets: DisjointSets;
  let tables: Pick<StoryIndex, 'vectors' | 'vectorKeys' | 'vectorsChanged'>;
  if (caches) {
    // The kept graph re-clusters only the components an edit reached.
    const graph = caches.graph.update({ sorted, termsOf, headerStory, days, threshold, replaced: keptKeys === lastKeys ? replacedArticles : undefined });
    documentFrequency = graph.documentFrequency;
    // Looked up in the graph rather than copied: an edit's pass reads a few of them.
    const kept = caches.graph;
    const vectorTables = {
      vectors: { get: (file: string) => kept.vector(file)?.weights },
      vectorKeys: { get: (file: string) => kept.vector(file)?.key },
      vectorsChanged: kept.vectorsChanged,
    };
    const last = caches.last;
    const replaced = caches.graph.replaced;
    if (last && !caches.graph.partitionChanged && previous === last.storyOfFile
      && replaced.every(({ before, after }) => keysOf(before).header === keysOf(after).header)) {
      // The same groups as the last pass, named from it: every group inherits its own id (it holds
      // all the files of that id), so only the titles of stories with an edited article can move.
      const retitle = new Set(replaced.map(({ after }) => last.storyOfFile.get(after.file)));
      const stories = last.stories.map((story) => {
        if (!retitle.has(story.id)) return story;
        const members = story.files.map((file, index) => ({ article: caches.graph.article(file)!, index }));
        const byDate = members.map((m) => ({ ...m, day: keysOf(m.article).day })).sort(byDateOrder).map((m) => m.article);
        return { id: story.id, title: storyTitle(keysOf(members[0].article).header, byDate), files: story.files };
      });
      caches.last = { stories, storyOfFile: last.storyOfFile };
      return { stories, storyOfFile: last.storyOfFile, documentFrequency, articleCount: n, ...vectorTables };
    }
    sets = new DisjointSets(n);
    const position = new Map(sorted.map((a, i) => [a.file, i]));
    for (const cluster of graph.clusters) for (const f of cluster) sets.union(position.get(cluster[0])!, position.get(f)!);
    tables = vectorTables;
  } else {
    const graph = similarityGraph(sorted, termsOf, headerStory, days);
    documentFrequency = graph.documentFrequency;
    sets = averageLinkClusters(n, graph.similarities, threshold, keepApart);
    tables = {
      vectors: new Map(sorted.map((a, i) => [a.file, graph.entries[i].weights])),
      vectorKeys: new Map(sorted.map((a, i) => [a.file, graph.entries[i].key])),
      vectorsChanged: undefined,
    };
  }
  // Articles with a Story: header form their own stories.
  const byHeader = new Map<string, number>();
  sorted.forEach((_, i) => {
    const h = headerStory[i];
    if (!h) return;
    const k = h.toLowerCase();
    const first = byHeader.get(k);
    if (first === undefined) byHeader.set(k, i);
    else sets.union(first, i);
  });

  const stories: Story[] = [];
  const storyOfFile = new Map<string, string>();
  const usedIds = new Set<string>();
  const groups = sets.groups();
  // Ids kept from the earlier grouping: each earlier id goes to the group holding most of its files.
  const inherited = new Map<number, string>();
  if (previous && previous.size > 0) {
    const claims: { group: number; id: string; count: number }[] = [];
    groups.forEach((members, g) => {
      if (headerStory[members[0]]) return;
      const counts = new Map<string, number>();
      for (const i of members) {
        const id = previous.get(sorted[i].file);
        if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      for (const [id, count] of counts) claims.push({ group: g, id, count });
    });
    claims.sort((a, b) => b.count - a.count || a.group - b.group || (a.id < b.id ? -1 : 1));
    const takenIds = new Set(groups.map((members) => headerStory[members[0]]).filter((h): h is string => !!h).map(slug));
    for (const c of claims) {
      if (inherited.has(c.group) || takenIds.has(c.id)) continue;
      inherited.set(c.group, c.id);
      takenIds.add(c.id);
    }
    for (const id of inherited.values()) usedIds.add(id);
  }
  for (const [g, members] of groups.entries()) {
    const header = headerStory[members[0]];
    // The earliest article (by date, then file name) names the story: articles joining later rarely move it.
    const byDate = [...members].sort((a, b) => (days[a] ?? Infinity) - (days[b] ?? Infinity) || a - b);
    let id = inherited.get(g);
    if (id === undefined) {
      const base = quickSlug(header || fileStem(sorted[byDate[0]].file));
      id = base;
      for (let k = 2; usedIds.has(id); k++) id = `${base}-${k}`;
      usedIds.add(id);
    }
    const files = members.map((i) => sorted[i].file);
    stories.push({ id, title: storyTitle(header, byDate.map((i) => sorted[i])), files });
    for (const f of files) storyOfFile.set(f, id);
  }
  if (caches) caches.last = { stories, storyOfFile };
  return { stories, storyOfFile, documentFrequency, articleCount: n, ...tables };
}

/** The story stage's similarity graph computed from scratch (what `StoryGraph` keeps up to date). */
function similarityGraph(
  sorted: Article[],
  termsOf: (article: Article) => TermCounts,
  headerStory: (string | null)[],
  days: (number | null)[],
): { documentFrequency: Map<string, number>; entries: CachedVector[]; similarities: Map<number, number> } {
  const n = sorted.length;
  const documentFrequency = new Map<string, number>();
  const termCounts = sorted.map(termsOf);
  for (const counts of termCounts) {
    for (let k = 0; k < counts.ids.length; k++) {
      const t = termString(counts.ids[k]);
      documentFrequency.set(t, (documentFrequency.get(t) ?? 0) + 1);
    }
  }
  const entries: CachedVector[] = termCounts.map((counts) => {
    const v = vectorWeights(counts, documentFrequency, n);
    const top = heaviestTerms(v, BLOCKING_TERMS);
    return { key: '', weights: v, top };
  });

  // Blocking: an inverted index over each article's heaviest terms (terms in nearly every article skipped).
  const index = new Map<string, number[]>();
  const commonLimit = Math.max(3, Math.ceil(n * 0.5));
  sorted.forEach((_, i) => {
    if (headerStory[i]) return;
    for (const t of entries[i].top) {
      if (n > 20 && documentFrequency.get(t)! > commonLimit) continue;
      const list = index.get(t);
      if (list) list.push(i);
      else index.set(t, [i]);
    }
  });
  // Pairs sharing a term, but only those dated close enough to be one story: each list is walked in
  // date order with a window, so a term shared across a long archive costs no more than its neighbours.
  const candidates = new Set<number>();
  const addPair = (x: number, y: number): void => {
    candidates.add(x < y ? x * n + y : y * n + x);
  };
  for (const list of index.values()) {
    if (list.length > 500) continue;
    const dated = list.filter((i) => days[i] !== null).sort((a, b) => days[a]! - days[b]! || a - b);
    const undated = list.filter((i) => days[i] === null);
    for (let x = 0; x < dated.length; x++) {
      for (let y = x + 1; y < dated.length && days[dated[y]]! - days[dated[x]]! <= STORY_MAX_DAYS_APART; y++) addPair(dated[x], dated[y]);
    }
    for (let x = 0; x < undated.length; x++) {
      for (let y = x + 1; y < undated.length; y++) addPair(undated[x], undated[y]);
      for (const d of dated) addPair(undated[x], d);
    }
  }
  const similarities = new Map<number, number>();
  for (const pair of candidates) {
    const sim = dotProduct(entries[Math.floor(pair / n)].weights, entries[pair % n].weights);
    if (sim > 0) similarities.set(pair, sim);
  }
  return { documentFrequency, entries, similarities };
}

/**
 * The cosine of two normalised vectors: the smaller vector's terms (`a`'s on equal sizes) in its
 * order, each weight times the other's for that term, summed in that order (terms.ts `dot`).
 */
export function dotProduct(a: TermVector, b: TermVector): number {
  return dot(a, b);
}

/**
 * The `limit` heaviest terms, heaviest first (equal weights in term order): what sorting every
 * term and keeping the first `limit` gives — the order is total, so the selection is the same —
 * without sorting the hundreds of terms that do not make it.
 */
export function heaviestTerms(weights: TermVector, limit: number): string[] {
  const before = (t: string, w: number, u: string, v: number): boolean => w > v || (w === v && t < u);
  const terms: string[] = [];
  const kept: number[] = [];
  const { ids, weights: values } = weights;
  for (let k = 0; k < ids.length; k++) {
    const w = values[k];
    if (terms.length === limit && !(w >= kept[limit - 1])) continue;
    const t = termString(ids[k]);
    if (terms.length === limit && !before(t, w, terms[limit - 1], kept[limit - 1])) continue;
    let at = terms.length === limit ? limit - 1 : terms.length;
    while (at > 0 && before(t, w, terms[at - 1], kept[at - 1])) {
      terms[at] = terms[at - 1];
      kept[at] = kept[at - 1];
      at--;
    }
    terms[at] = t;
    kept[at] = w;
  }
  return terms;
}

/**
 * Average-link agglomerative clustering over a sparse similarity graph (missing pairs count as 0):
 * repeatedly merges the two clusters with the highest mean pairwise similarity while it stays above
 * `threshold`. Two clusters holding a pair that must stay apart are never merged.
 *
 * A merge above the threshold needs at least one pair above it, so clusters never cross the
 * connected components of the graph's strong edges, and merges in one component never change the
 * scores in another: each component is clustered on its own (`clusterComponent`), in linear time
 * overall for an archive of many small stories, with the same result as clustering the whole graph
 * at once. The incremental story graph re-clusters only the components an edit reaches.
 */
function averageLinkClusters(
  n: number,
  similarities: Map<number, number>,
  threshold: number,
  keepApart: (i: number, j: number) => boolean,
): DisjointSets {
  const components = new DisjointSets(n);
  for (const [pair, sim] of similarities) if (sim >= threshold) components.union(Math.floor(pair / n), pair % n);
  const membersOf = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const root = components.find(i);
    const list = membersOf.get(root);
    if (list) list.push(i);
    else membersOf.set(root, [i]);
  }
  const local = new Map<number, number>();
  for (const members of membersOf.values()) members.forEach((i, k) => local.set(i, k));
  const pairsOf = new Map<number, [number, number, number][]>();
  for (const [pair, sim] of similarities) {
    const i = Math.floor(pair / n);
    const j = pair % n;
    const root = components.find(i);
    if (root !== components.find(j)) continue;
    const list = pairsOf.get(root);
    const entry: [number, number, number] = [local.get(i)!, local.get(j)!, sim];
    if (list) list.push(entry);
    else pairsOf.set(root, [entry]);
  }
  const sets = new DisjointSets(n);
  for (const [root, pairs] of pairsOf) {
    const members = membersOf.get(root)!;
    for (const cluster of clusterComponent(members.length, pairs, threshold, (a, b) => keepApart(members[a], members[b]))) {
      for (const k of cluster) sets.union(members[cluster[0]], members[k]);
    }
  }
  return sets;
}

/**
 * Average-link clusters of one component of `size` articles, numbered in file-name order; `pairs`
 * are its similarities [i, j, similarity] with i < j (every pair inside the component, weak ones
 * too). Pairs are summed in a fixed order (by i, then j) so the full and the incremental index add
 * the same numbers the same way. Returns the clusters of two or more articles, each in ascending order.
 */
export function clusterComponent(
  size: number,
  pairs: [number, number, number][],
  threshold: number,
  keepApart: (i: number, j: number) => boolean,
): number[][] {
  const n = size;
  let links = new Map<number, number>();
  for (const [i, j, sim] of [...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1])) links.set(i * n + j, (links.get(i * n + j) ?? 0) + sim);
  const count = new Array<number>(n).fill(1);
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  for (;;) {
    let bestPair = -1;
    let bestScore = threshold;
    for (const [pair, sum] of links) {
      const a = Math.floor(pair / n);
      const b = pair % n;
      const score = sum / (count[a] * count[b]);
      if (score > bestScore || (score === bestScore && bestPair >= 0 && pair < bestPair)) {
        if (members[a].some((i) => members[b].some((j) => keepApart(i, j)))) continue;
        bestScore = score;
        bestPair = pair;
      }
    }
    if (bestPair < 0) break;
    // Keys are always i < j of current roots: the merged cluster keeps the smaller number.
    const root = Math.floor(bestPair / n);
    const gone = bestPair % n;
    count[root] += count[gone];
    members[root] = [...members[root], ...members[gone]];
    members[gone] = [];
    const next = new Map<number, number>();
    for (const [pair, sum] of links) {
      let x = Math.floor(pair / n);
      let y = pair % n;
      if (x === gone) x = root;
      if (y === gone) y = root;
      if (x === y) continue;
      const key = Math.min(x, y) * n + Math.max(x, y);
      next.set(key, (next.get(key) ?? 0) + sum);
    }
    links = next;
  }
  return members.filter((m) => m.length > 1).map((m) => m.sort((a, b) => a - b));
}
