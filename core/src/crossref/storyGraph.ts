/**
 * The story stage's similarity graph, kept between passes: document frequencies, each article's
 * TF-IDF vector and heaviest terms, the blocking index over those terms, and the similarity of every
 * candidate pair. After edits (the same files, new texts) only what the edits reach is recomputed:
 * the edited articles, the articles holding a term whose quantised document frequency moved, and
 * the pairs of articles whose vectors or blocking terms changed. Adding or removing an article (the
 * article count moves every IDF) rebuilds the graph. Either way the graph is the one
 * `buildStories` computes from scratch; the tests hold the two to the same results.
 */

import type { Article } from '../model';
import { clusterComponent, dotProduct, heaviestTerms, quantizedCount, STORY_MAX_DAYS_APART, type CachedVector, vectorWeights } from './stories';
import { type TermCounts, type TermVector, knownTermId, scratch, termString } from './terms';
import { filePosition } from './fileLookup';

export { heaviestTerms };

/** Terms found in at most this many articles keep the list of those articles (to find who an edit reaches). */
const RARE = 40;
const BLOCKING_TERMS = 40;
const MAX_DAYS_APART = 10;
const MAX_LIST = 500;

interface FileState {
  article: Article;
  terms: TermCounts;
  vector: CachedVector;
  day: number | null;
  blocked: boolean;
}

export interface GraphInputs {
  sorted: Article[];
  termsOf: (article: Article) => TermCounts;
  headerStory: (string | null)[];
  days: (number | null)[];
  /** Similarity at or above which an edge joins a component (the story threshold). */
  threshold: number;
  /**
   * The articles replaced since the last update, when the caller knows them (the same files as
   * then): the graph then need not compare every article with the one it holds.
   */
  replaced?: readonly Article[];
}

export interface GraphResult {
  documentFrequency: Map<string, number>;
  /** The average-link clusters of two or more articles (files in name order), before `Story:` headers. */
  clusters: string[][];
}

/**
 * What a fresh graph (`rebuild`) computed, as data for the next session (`StoryGraph.snapshot`,
 * stored by core/src/cache/storyCache.ts): the files in order with their text hashes, each vector's
 * statistics key and blocking terms, and the candidate pairs with a positive similarity in the order
 * they were met. Restored only when the files and every hash are the same (the statistics, vectors
 * and pairs are functions of the texts); weights are then computed when first read.
 */
export interface GraphSnapshot {
  threshold: number;
  files: string[];
  hashes: string[];
  /** The part of each vector's key after `<hash>|`. */
  keys: string[];
  top: string[][];
  /** The document frequencies, in the map's order (counting them from every article's terms costs more than reading them). */
  dfTerms: string[];
  dfCounts: Int32Array;
  /** Pairs of file numbers, two per pair. */
  pairs: Int32Array;
  similarities: Float64Array;
}

/** A connected component of the strong (at or above the threshold) edges, and its clusters. */
interface Component {
  files: string[];
  clusters: string[][];
}

export class StoryGraph {
  private files = new Map<string, FileState>();
  private df = new Map<string, number>();
  private n = 0;
  /** Terms in at most RARE articles, with those articles' files (`Files`: a single file held as itself). */
  private rare = new Map<string, Files>();
  /** The blocking index: each article's heaviest terms, with the files of the articles holding them. */
  private index = new Map<string, Files>();
  /** Each file's similarity row, by file number (`fileAt`); built from `built` by the first edit after a rebuild or restore. */
  private adjacency: Rows = Rows.empty(0);
  /** The files in name order (the order of `files`; edits keep the same files) and their numbers. */
  private fileAt: string[] = [];
  private numberOf = new Map<string, number>();
  /** The component of each file (several articles) and the threshold they were found with. */
  private componentOf = new Map<string, Component>();
  private threshold = NaN;
  /** Articles whose vectors the last pass recomputed (for tests and status). */
  lastRecomputed = 0;
  /** Components the last pass clustered (for tests). */
  lastClustered = 0;
  /** Whether the last update may have changed the clusters (false: the same partition as before). */
  partitionChanged = true;
  /** The articles the last update replaced by edited versions (none after a rebuild). */
  replaced: { before: Article; after: Article }[] = [];
  /** The files whose vector the last update changed ('all' after a rebuild). */
  vectorsChanged: Set<string> | 'all' = 'all';
  /** A snapshot of an earlier session, used by the next rebuild when it fits the articles exactly. */
  private seed: GraphSnapshot | undefined;
  /** The state is what a rebuild made (not edited since): only then is a snapshot taken. */
  private pristine = false;
  /** Restored from a snapshot: the rare-term lists and the blocking index are built on the first edit. */
  private listsPending = false;
  /** Rebuilt or restored, not edited since: the similarity rows (`adjacency`) are built from `built` by `prepareEdits` or the first edit. */
  private adjacencyPending = false;
  /** Whether the last rebuild was a restored snapshot (for the indexer and tests). */
  restored = false;
  /** The pairs with a positive similarity in the order the rebuild met them (what a snapshot keeps: rows are filled in that order), until the first edit. */
  private built: { pairs: Int32Array; similarities: Float64Array } | undefined;

  /** Offers a snapshot of an earlier session to the next rebuild (taken only when every file and hash match). */
  seedSnapshot(snapshot: GraphSnapshot): void {
    this.seed = snapshot;
  }

  /** The graph as data for the next session; undefined when it was edited since it was built. */
  snapshot(): GraphSnapshot | undefined {
    if (!this.pristine || this.n === 0 || this.built === undefined) return undefined;
    const states = [...this.files.values()];
    return {
      threshold: this.threshold,
      files: states.map((s) => s.article.file),
      hashes: states.map((s) => s.article.hash),
      keys: states.map((s) => s.vector.key.slice(s.article.hash.length + 1)),
      top: states.map((s) => s.vector.top),
      dfTerms: [...this.df.keys()],
      dfCounts: Int32Array.from(this.df.values()),
      pairs: this.built.pairs,
      similarities: this.built.similarities,
    };
  }

  update(inputs: GraphInputs): GraphResult {
    const { sorted } = inputs;
    let sameFiles = sorted.length === this.files.size && this.n > 0;
    const changed: Article[] = [];
    const candidates = inputs.replaced ?? sorted;
    for (let i = 0; i < candidates.length && sameFiles; i++) {
      const state = this.files.get(candidates[i].file);
      if (state === undefined) sameFiles = false;
      else if (state.article !== candidates[i]) changed.push(candidates[i]);
    }
    if (!sameFiles) changed.length = 0;
    this.lastClustered = 0;
    this.partitionChanged = false;
    this.replaced = [];
    this.vectorsChanged = new Set();
    if (!sameFiles || changed.length > Math.max(8, sorted.length / 4) || inputs.threshold !== this.threshold) {
      const seed = this.seed;
      this.seed = undefined;
      this.restored = seed !== undefined && this.restore(inputs, seed);
      if (!this.restored) this.rebuild(inputs);
      this.pristine = true;
      this.threshold = inputs.threshold;
      this.componentOf = new Map();
      if (!this.clusterRestored()) {
        this.buildAdjacency();
        this.componentOf = new Map();
        this.lastClustered = 0;
        this.recluster(this.files.keys());
      }
      this.partitionChanged = true;
      this.vectorsChanged = 'all';
    } else if (changed.length > 0) {
      this.buildAdjacency(); // from the pairs, before they are let go
      this.pristine = false;
      this.built = undefined;
      this.replaced = changed.map((after) => ({ before: this.files.get(after.file)!.article, after }));
      // Only the rows of repaired articles changed: re-cluster the components they were and are in.
      const repaired = this.edit(inputs, changed);
      const reached = new Set(repaired);
      for (const file of repaired) for (const f of this.componentOf.get(file)?.files ?? []) reached.add(f);
      const before = new Map([...reached].map((f) => [f, this.clusterKey(f)]));
      for (const file of reached) this.componentOf.delete(file);
      this.recluster(reached);
      // Components reached hold only files reached, so equal keys there mean an equal partition.
      this.partitionChanged = [...reached].some((f) => this.clusterKey(f) !== before.get(f));
    } else this.lastRecomputed = 0;
    return this.result();
  }

  /** The first file of `file`'s cluster (itself when it is alone). */
  private clusterKey(file: string): string {
    return this.componentOf.get(file)?.clusters.find((c) => c.includes(file))?.[0] ?? file;
  }

  /** A file's vector as of the last update. */
  vector(file: string): CachedVector | undefined {
    return this.files.get(file)?.vector;
  }

  /**
   * The rare-term lists, the blocking index and the similarity rows as sorted data (for tests: an
   * edited graph holds what a graph built afresh holds; lists an edit emptied are left out).
   */
  listsForTests(): { rare: [string, string[]][]; index: [string, string[]][]; rows: [string, [string, number][]][] } {
    if (this.listsPending) this.buildLists();
    this.buildAdjacency();
    const sorted = (map: Map<string, Files>): [string, string[]][] =>
      [...map].filter(([, list]) => filesCount(list) > 0).map(([t, list]): [string, string[]] => [t, [...filesOf(list)].sort()]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const rows = this.fileAt.map((file, i): [string, [string, number][]] => {
      const rows = this.adjacency;
      const cells: [string, number][] = [];
      for (let q = 0; q < rows.size[i]; q++) cells.push([this.fileAt[rows.other(i, q)], rows.sim(i, q)]);
      return [file, cells.sort((a, b) => (a[0] < b[0] ? -1 : 1))];
    });
    return { rare: sorted(this.rare), index: sorted(this.index), rows };
  }

  /** The article a file holds now. */
  article(file: string): Article | undefined {
    return this.files.get(file)?.article;
  }

  /**
   * Finds the components of strong edges holding `files` and clusters each. A component reached
   * from an edited article can only hold articles of the components the edit touched: every edge
   * that changed has a repaired end, and the others were inside one old component already.
   */
  private recluster(files: Iterable<string>): void {
    const threshold = this.threshold;
    for (const start of files) {
      if (this.componentOf.has(start)) continue;
      const members = [start];
      const seen = new Set(members);
      for (let k = 0; k < members.length; k++) {
        const rows = this.adjacency;
        const i = this.numberOf.get(members[k])!;
        for (let q = 0; q < rows.size[i]; q++) {
          const sim = rows.sim(i, q);
          const other = this.fileAt[rows.other(i, q)];
          if (sim < threshold || seen.has(other)) continue;
          seen.add(other);
          members.push(other);
        }
      }
      if (members.length === 1) continue; // alone: a story of its own
      members.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const local = new Map(members.map((f, k) => [f, k]));
      const pairs: [number, number, number][] = [];
      members.forEach((file, i) => {
        const rows = this.adjacency;
        const r = this.numberOf.get(file)!;
        for (let q = 0; q < rows.size[r]; q++) {
          const j = local.get(this.fileAt[rows.other(r, q)]);
          if (j !== undefined && i < j) pairs.push([i, j, rows.sim(r, q)]);
        }
      });
      const days = members.map((f) => this.files.get(f)!.day);
      const keepApart = (i: number, j: number): boolean =>
        days[i] !== null && days[j] !== null && Math.abs(days[i]! - days[j]!) > STORY_MAX_DAYS_APART;
      const clusters = clusterComponent(members.length, pairs, threshold, keepApart).map((c) => c.map((k) => members[k]));
      const component: Component = { files: members, clusters };
      for (const f of members) this.componentOf.set(f, component);
      this.lastClustered++;
    }
  }

  private vectorOf(article: Article, counts: TermCounts, known?: string): CachedVector {
    const n = this.n;
    const key = known ?? `${article.hash}|${statisticsKey(counts, this.df, n)}`;
    const previous = this.files.get(article.file)?.vector;
    if (previous && previous.key === key) return previous;
    this.lastRecomputed++;
    const weights = vectorWeights(counts, this.df, n);
    return { key, weights, top: heaviestTerms(weights, BLOCKING_TERMS) };
  }

  private eligible(term: string): boolean {
    const list = this.index.get(term);
    if (list === undefined || filesCount(list) > MAX_LIST) return false;
    return !(this.n > 20 && this.df.get(term)! > Math.max(3, Math.ceil(this.n * 0.5)));
  }

  private close(a: FileState, b: FileState): boolean {
    return a.day === null || b.day === null || Math.abs(a.day - b.day) <= MAX_DAYS_APART;
  }

  private rebuild({ sorted, termsOf, headerStory, days }: GraphInputs): void {
    this.listsPending = false;
    this.adjacencyPending = false;
    const previous = this.files;
    this.files = new Map();
    this.df = new Map();
    this.n = sorted.length;
    this.rare = new Map();
    this.index = new Map();
    this.adjacency = Rows.empty(0);
    this.lastRecomputed = 0;
    const terms = sorted.map(termsOf);
    for (const { ids } of terms) {
      for (let k = 0; k < ids.length; k++) {
        const t = termString(ids[k]);
        this.df.set(t, (this.df.get(t) ?? 0) + 1);
      }
    }
    sorted.forEach((article, i) => {
      const { ids } = terms[i];
      for (let k = 0; k < ids.length; k++) {
        const t = termString(ids[k]);
        if (this.df.get(t)! > RARE) continue;
        addNew(this.rare, t, article.file);
      }
      const old = previous.get(article.file);
      const key = `${article.hash}|${statisticsKey(terms[i], this.df, this.n)}`;
      const vector = old && old.vector.key === key ? old.vector : this.vectorOf(article, terms[i], key);
      const state: FileState = { article, terms: terms[i], vector, day: days[i], blocked: !headerStory[i] };
      this.files.set(article.file, state);
      if (state.blocked) for (const t of vector.top) addNew(this.index, t, article.file);
    });
    this.numberFiles();
    // Every pair sharing an eligible term, walked in date order within the window: first listed (each
    // pair once, in the order `link` would meet it), then their similarities computed together.
    const states = [...this.files.values()];
    const number = new Map(states.map((state, i) => [state, i]));
    const count = states.length;
    const seen = new Set<number>();
    const pairs: number[] = [];
    const meet = (a: FileState, b: FileState): void => {
      const i = number.get(a)!;
      const j = number.get(b)!;
      const key = i < j ? i * count + j : j * count + i;
      if (seen.has(key)) return;
      seen.add(key);
      pairs.push(i, j);
    };
    for (const [term, list] of this.index) {
      if (!this.eligible(term)) continue;
      const members = filesOf(list).map((f) => this.files.get(f)!);
      const dated = members.filter((m) => m.day !== null).sort((a, b) => a.day! - b.day!);
      const undated = members.filter((m) => m.day === null);
      for (let x = 0; x < dated.length; x++) {
        for (let y = x + 1; y < dated.length && dated[y].day! - dated[x].day! <= MAX_DAYS_APART; y++) meet(dated[x], dated[y]);
      }
      for (let x = 0; x < undated.length; x++) {
        for (let y = x + 1; y < undated.length; y++) meet(undated[x], undated[y]);
        for (const d of dated) meet(undated[x], d);
      }
    }
    const similarities = pairSimilarities(states.map((state) => state.vector.weights), pairs);
    // Kept as `link` keeps them: positive similarities only, each row in the order its pairs were met.
    let kept = 0;
    for (let p = 0; p < similarities.length; p++) {
      const sim = similarities[p];
      if (sim <= 0) continue;
      pairs[2 * kept] = pairs[2 * p];
      pairs[2 * kept + 1] = pairs[2 * p + 1];
      similarities[kept++] = sim;
    }
    this.built = { pairs: Int32Array.from(pairs.slice(0, 2 * kept)), similarities: similarities.slice(0, kept) };
    // The rows are built from these pairs (each once, file numbers in the states' order) when an edit needs them.
    this.adjacencyPending = true;
  }

  /**
   * The state `rebuild` would make, from a snapshot of the same files with the same texts; false
   * (nothing changed) when it does not fit them exactly or is malformed.
   */
  private restore({ sorted, termsOf, headerStory, days, threshold }: GraphInputs, seed: GraphSnapshot): boolean {
    const n = sorted.length;
    if (seed.threshold !== threshold || seed.files.length !== n || seed.hashes.length !== n || seed.keys.length !== n || seed.top.length !== n) return false;
    if (seed.pairs.length !== 2 * seed.similarities.length || seed.dfTerms.length !== seed.dfCounts.length) return false;
    for (let i = 0; i < n; i++) {
      if (seed.files[i] !== sorted[i].file || seed.hashes[i] !== sorted[i].hash) return false;
      if (typeof seed.keys[i] !== 'string' || !Array.isArray(seed.top[i])) return false;
    }
    for (let p = 0; p < seed.pairs.length; p++) if (!(seed.pairs[p] >= 0 && seed.pairs[p] < n)) return false;
    for (let p = 0; p < seed.similarities.length; p++) if (!(seed.similarities[p] > 0)) return false;
    this.files = new Map();
    this.df = new Map();
    this.n = n;
    this.rare = new Map();
    this.index = new Map();
    this.adjacency = Rows.empty(0);
    this.lastRecomputed = 0;
    // The same texts have the same terms: the stored frequencies are the ones counting would give.
    for (let k = 0; k < seed.dfTerms.length; k++) {
      if (!(seed.dfCounts[k] > 0 && seed.dfCounts[k] <= n)) return this.abandonRestore();
      this.df.set(seed.dfTerms[k], seed.dfCounts[k]);
    }
    if (this.df.size !== seed.dfTerms.length) return this.abandonRestore();
    for (let i = 0; i < n; i++) this.files.set(sorted[i].file, this.restoredState(sorted[i], termsOf, seed.keys[i], seed.top[i], days[i], !headerStory[i]));
    this.numberFiles();
    this.listsPending = true;
    this.adjacencyPending = true;
    this.built = { pairs: seed.pairs, similarities: seed.similarities };
    return true;
  }

  /**
   * The similarity rows of a rebuilt or restored graph, from its pairs (file numbers in name order,
   * the order `rebuild` and `restore` put the files in), in the order the pairs come: a pair listed
   * twice (never in a rebuild's pairs) keeps its first place and its last similarity.
   */
  private buildAdjacency(): void {
    if (!this.adjacencyPending) return;
    this.adjacencyPending = false;
    const { pairs, similarities } = this.built!;
    this.adjacency = Rows.of(this.fileAt.length, pairs, similarities);
  }

  /** Numbers the files in their order (name order: what `rebuild` and `restore` put in `files`). */
  private numberFiles(): void {
    this.fileAt = [...this.files.keys()];
    this.numberOf = new Map(this.fileAt.map((file, i) => [file, i]));
  }

  /**
   * What `recluster` over every file gives on a rebuilt or restored graph, read from its pairs
   * (`built`) without building the similarity rows: the components of the strong pairs (union-find over file
   * numbers), and for each component of several files its pairs, clustered as `recluster` clusters
   * them (in file-name order; `clusterComponent` takes the pairs in any order). False, with nothing
   * kept, when a component holds a pair listed twice (never written, but the rows would keep only
   * its last similarity): then the rows are built and `recluster` runs.
   */
  private clusterRestored(): boolean {
    const { pairs, similarities } = this.built!;
    const states = [...this.files.values()];
    const n = states.length;
    const threshold = this.threshold;
    const parent = new Int32Array(n);
    for (let i = 0; i < n; i++) parent[i] = i;
    const find = (i: number): number => {
      while (parent[i] !== i) i = parent[i] = parent[parent[i]];
      return i;
    };
    for (let p = 0; p < similarities.length; p++) {
      if (similarities[p] < threshold) continue;
      const a = find(pairs[2 * p]);
      const b = find(pairs[2 * p + 1]);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
    // Each component's members in ascending number (name order); its number is its first member's.
    const rootOf = new Int32Array(n);
    const size = new Int32Array(n);
    for (let i = 0; i < n; i++) size[(rootOf[i] = find(i))]++;
    const local = new Int32Array(n);
    const membersOf = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const root = rootOf[i];
      if (size[root] < 2) continue;
      let members = membersOf.get(root);
      if (!members) membersOf.set(root, (members = []));
      local[i] = members.length;
      members.push(i);
    }
    const pairsOf = new Map<number, Map<number, [number, number, number]>>();
    for (let p = 0; p < similarities.length; p++) {
      const a = pairs[2 * p];
      const b = pairs[2 * p + 1];
      const root = rootOf[a];
      if (a === b || root !== rootOf[b] || size[root] < 2) continue;
      const [i, j] = local[a] < local[b] ? [local[a], local[b]] : [local[b], local[a]];
      let list = pairsOf.get(root);
      if (!list) pairsOf.set(root, (list = new Map()));
      const key = i * size[root] + j;
      if (list.has(key)) return false;
      list.set(key, [i, j, similarities[p]]);
    }
    let clustered = 0;
    for (const [root, numbers] of membersOf) {
      const members = numbers.map((i) => states[i].article.file);
      const days = numbers.map((i) => states[i].day);
      const keepApart = (i: number, j: number): boolean =>
        days[i] !== null && days[j] !== null && Math.abs(days[i]! - days[j]!) > STORY_MAX_DAYS_APART;
      const componentPairs = [...(pairsOf.get(root)?.values() ?? [])];
      const clusters = clusterComponent(members.length, componentPairs, threshold, keepApart).map((c) => c.map((k) => members[k]));
      const component: Component = { files: members, clusters };
      for (const f of members) this.componentOf.set(f, component);
      clustered++;
    }
    this.lastClustered = clustered;
    return true;
  }

  /** A restore that found the snapshot malformed half-way: nothing of it stays (the caller rebuilds). */
  private abandonRestore(): false {
    this.files = new Map();
    this.df = new Map();
    this.n = 0;
    return false;
  }

  /**
   * A restored file's state, whose terms are read (`termsOf`) when first needed: the restored vector
   * keeps its key and blocking terms, and only an edit (the rare-term lists, the blocking index) or a
   * similarity computed again reads the terms or the weights, so a warm start reads no article's terms.
   */
  private restoredState(article: Article, termsOf: (article: Article) => TermCounts, key: string, top: string[], day: number | null, blocked: boolean): FileState {
    return new RestoredState(article, termsOf, `${article.hash}|${key}`, top, day, blocked, this);
  }

  /**
   * Lets go of every file's vector weights (a large first pass computed them all; its stories are
   * done): each vector keeps its key and blocking terms and computes its weights again when next read,
   * as a restored one does (the same key, so the same quantised frequencies: the same weights).
   */
  releaseWeights(): void {
    for (const state of this.files.values()) {
      if (state.vector instanceof LazyVector) state.vector.release();
      else state.vector = new LazyVector(state, state.vector.key, state.vector.top, this);
    }
  }

  /** The TF-IDF weights of `counts` on the graph's statistics as they are now (what a lazy vector reads when first read). */
  weightsNow(counts: TermCounts): TermVector {
    return vectorWeights(counts, this.df, this.n);
  }

  /**
   * Builds now what the first edit after a rebuild or restore would build (the rare-term lists and
   * the blocking index of a restored graph, the similarity rows from the pairs of either), so that
   * edit does not wait for it: at 10,000 articles the rows alone took 25 ms of the first edit and
   * left a young-generation collection to it. Changes no result: lists and rows are the same
   * whenever they are built. The pairs stay until the first edit (a snapshot is taken from them).
   */
  prepareEdits(): void {
    if (this.listsPending) this.buildLists();
    this.buildAdjacency();
  }

  /** What the next edit would build first (for tests): 'lists' and 'rows' while pending. */
  pendingForEdits(): string[] {
    return [...(this.listsPending ? ['lists'] : []), ...(this.adjacencyPending ? ['rows'] : [])];
  }

  private buildLists(): void {
    this.listsPending = false;
    for (const [file, state] of this.files) {
      const { ids } = state.terms;
      for (let k = 0; k < ids.length; k++) {
        const t = termString(ids[k]);
        if (this.df.get(t)! > RARE) continue;
        addNew(this.rare, t, file);
      }
      if (state.blocked) for (const t of state.vector.top) addNew(this.index, t, file);
    }
  }

  private link(a: FileState, b: FileState): void {
    const i = this.numberOf.get(a.article.file)!;
    const j = this.numberOf.get(b.article.file)!;
    const rows = this.adjacency;
    if (rows.has(i, j)) return;
    const sim = dotProduct(a.vector.weights, b.vector.weights);
    if (sim <= 0) return;
    rows.set(i, j, sim);
    rows.set(j, i, sim);
  }

  /** Updates the graph after edits of `changed`; returns the articles whose pairs were recomputed. */
  private edit({ sorted, termsOf, headerStory, days }: GraphInputs, changed: Article[]): Set<string> {
    if (this.listsPending) this.buildLists();
    // Vectors restored lazily read the document frequencies, about to move: the edited ones are computed first.
    for (const article of changed) void this.files.get(article.file)!.vector.weights;
    this.lastRecomputed = 0;
    const positionOf = (file: string): number => filePosition(sorted.length, (i) => sorted[i].file, file);
    // 1. Document frequencies, and the terms whose quantised frequency (what vectors read) moved.
    const before = new Map<string, number>();
    const newTerms = new Map<string, TermCounts>();
    for (const article of changed) {
      const state = this.files.get(article.file)!;
      const next = termsOf(article);
      newTerms.set(article.file, next);
      const had = new Set(state.terms.ids);
      const has = new Set(next.ids);
      for (const t of state.terms.keys()) {
        if (has.has(knownTermId(t))) continue;
        if (!before.has(t)) before.set(t, this.df.get(t)!);
        const df = this.df.get(t)! - 1;
        if (df === 0) this.df.delete(t);
        else this.df.set(t, df);
        removeFrom(this.rare, t, article.file);
      }
      for (const t of next.keys()) {
        if (had.has(knownTermId(t))) continue;
        if (!before.has(t)) before.set(t, this.df.get(t) ?? 0);
        const df = (this.df.get(t) ?? 0) + 1;
        this.df.set(t, df);
        if (df <= RARE) addTo(this.rare, t, article.file);
      }
    }
    const reached = new Set<string>(changed.map((a) => a.file));
    const commonLimit = Math.max(3, Math.ceil(this.n * 0.5));
    const unlisted: string[] = [];
    const flipped = new Set<string>();
    for (const [t, old] of before) {
      const now = this.df.get(t) ?? 0;
      if (now > RARE) this.rare.delete(t);
      else if (old > RARE && now > 0) unlisted.push(t);
      if (this.n > 20 && (old > commonLimit) !== (now > commonLimit)) flipped.add(t);
      if (now === 0 || quantizedCount(old) === quantizedCount(now)) continue;
      const holders = this.rare.get(t);
      if (holders !== undefined && old <= RARE) for (const f of filesOf(holders)) reached.add(f);
      else unlisted.push(t);
    }
    if (unlisted.length > 0) {
      // A common term moved: find its articles the slow way (rare: once per step of 12.5 %).
      const wanted = [...new Set(unlisted)].map((t) => ({ t, id: knownTermId(t) }));
      for (const [file, state] of this.files) {
        const { ids } = newTerms.get(file) ?? state.terms;
        // The article's terms marked in the scratch array (by term number), then cleared.
        const mark = scratch();
        for (let k = 0; k < ids.length; k++) mark[ids[k]] = 1;
        for (const { t, id } of wanted) {
          if (id < 0 || mark[id] === 0) continue;
          reached.add(file);
          if ((this.df.get(t) ?? 0) <= RARE) addTo(this.rare, t, file);
        }
        for (let k = 0; k < ids.length; k++) mark[ids[k]] = 0;
      }
    }
    // 2. Vectors and blocking terms of the articles reached.
    const repair = new Set<string>();
    const sizeBefore = new Map<string, number>();
    const touchList = (t: string): void => {
      if (!sizeBefore.has(t)) sizeBefore.set(t, filesCount(this.index.get(t)));
    };
    for (const file of reached) {
      const state = this.files.get(file)!;
      const i = positionOf(file);
      const article = sorted[i];
      const counts = newTerms.get(file) ?? state.terms;
      const vector = this.vectorOf(article, counts);
      const blocked = !headerStory[i];
      const articleChanged = state.article !== article;
      if (vector !== state.vector && this.vectorsChanged !== 'all') this.vectorsChanged.add(file);
      if (vector === state.vector && !articleChanged) continue;
      if (state.blocked) for (const t of state.vector.top) {
        touchList(t);
        removeFrom(this.index, t, file);
        if (this.index.has(t) && filesCount(this.index.get(t)) === 0) this.index.delete(t);
      }
      if (blocked) for (const t of vector.top) {
        touchList(t);
        addTo(this.index, t, file);
      }
      this.files.set(file, { article, terms: counts, vector, day: days[i], blocked });
      repair.add(file);
    }
    // Terms whose list crossed the size limit or the common-term limit: every member's pairs change.
    for (const [t, size] of sizeBefore) {
      const now = filesCount(this.index.get(t));
      if ((size > MAX_LIST) !== (now > MAX_LIST)) flipped.add(t);
    }
    for (const t of flipped) for (const f of filesOf(this.index.get(t))) repair.add(f);
    // 3. The pairs of every repaired article, from its blocking terms.
    for (const file of repair) {
      const i = this.numberOf.get(file)!;
      for (const other of this.adjacency.othersOf(i)) this.adjacency.delete(other, i);
      this.adjacency.clear(i);
    }
    for (const file of repair) {
      const state = this.files.get(file)!;
      if (!state.blocked) continue;
      for (const t of state.vector.top) {
        if (!this.eligible(t)) continue;
        for (const other of filesOf(this.index.get(t))) {
          if (other === file) continue;
          const o = this.files.get(other)!;
          if (this.close(state, o)) this.link(state, o);
        }
      }
    }
    return repair;
  }

  private result(): GraphResult {
    const clusters: string[][] = [];
    for (const component of new Set(this.componentOf.values())) clusters.push(...component.clusters);
    return { documentFrequency: this.df, clusters };
  }
}

/**
 * `dotProduct(vectors[pairs[2p]], vectors[pairs[2p + 1]])` for every pair p, to the last bit: the
 * same products summed in the same order (the smaller vector's terms, in its order; the first vector
 * on equal sizes). Faster than one call per pair: the pairs are grouped by their larger vector, which
 * is spread once into the scratch array indexed by term number (a missing term reads 0, and adding 0
 * leaves a sum as it was).
 */
export function pairSimilarities(vectors: TermVector[], pairs: number[]): Float64Array {
  const pairCount = pairs.length / 2;
  const result = new Float64Array(pairCount);
  if (pairCount === 0) return result;
  // Pairs by larger vector (counting sort), smaller vector alongside.
  const larger = new Int32Array(pairCount);
  const smaller = new Int32Array(pairCount);
  const perLarge = new Int32Array(vectors.length + 1);
  for (let p = 0; p < pairCount; p++) {
    const a = pairs[2 * p];
    const b = pairs[2 * p + 1];
    const aSmall = vectors[a].size <= vectors[b].size;
    larger[p] = aSmall ? b : a;
    smaller[p] = aSmall ? a : b;
    perLarge[larger[p] + 1]++;
  }
  for (let v = 0; v < vectors.length; v++) perLarge[v + 1] += perLarge[v];
  const next = perLarge.slice(0, vectors.length);
  const byLarge = new Int32Array(pairCount);
  for (let p = 0; p < pairCount; p++) byLarge[next[larger[p]]++] = p;
  const spread = scratch();
  for (let v = 0; v < vectors.length; v++) {
    const from = perLarge[v];
    const to = perLarge[v + 1];
    if (from === to) continue;
    const { ids: largeIds, weights: largeWeights } = vectors[v];
    for (let k = 0; k < largeIds.length; k++) spread[largeIds[k]] = largeWeights[k];
    for (let q = from; q < to; q++) {
      const p = byLarge[q];
      const { ids: smallIds, weights: smallWeights } = vectors[smaller[p]];
      let dot = 0;
      for (let k = 0; k < smallIds.length; k++) dot += smallWeights[k] * spread[smallIds[k]];
      result[p] = dot;
    }
    for (let k = 0; k < largeIds.length; k++) spread[largeIds[k]] = 0;
  }
  return result;
}

/**
 * A restored file's state (`StoryGraph.restoredState`): two objects per file rather than closures.
 * Its terms are read when first needed, then `termsOf` (and the pass it belongs to) is let go.
 */
class RestoredState implements FileState {
  private counts: TermCounts | undefined;
  private source: ((article: Article) => TermCounts) | undefined;
  readonly vector: CachedVector;

  constructor(
    readonly article: Article,
    termsOf: (article: Article) => TermCounts,
    key: string,
    top: string[],
    readonly day: number | null,
    readonly blocked: boolean,
    graph: StoryGraph,
  ) {
    this.source = termsOf;
    this.vector = new LazyVector(this, key, top, graph);
  }

  get terms(): TermCounts {
    if (this.source !== undefined) {
      this.counts = this.source(this.article);
      this.source = undefined;
    }
    return this.counts!;
  }

  set terms(value: TermCounts) {
    this.counts = value;
    this.source = undefined;
  }
}

/**
 * A vector whose weights are computed when first read, on the graph's statistics then. Exact: its key
 * is unchanged, so every term's quantised document frequency (all the weights read) is what it was
 * when the key was made.
 */
class LazyVector implements CachedVector {
  private computed: TermVector | undefined;

  constructor(
    private readonly state: FileState,
    readonly key: string,
    readonly top: string[],
    private readonly graph: StoryGraph,
  ) {}

  get weights(): TermVector {
    return (this.computed ??= this.graph.weightsNow(this.state.terms));
  }

  /** Drops the weights (computed again when next read). */
  release(): void {
    this.computed = undefined;
  }
}

/**
 * Every file's similarity row in one table: row `i` is `others[start[i] .. start[i] + size[i])` (the
 * other files' numbers) with `sims` alongside, in the order they were set (what a map from file to
 * similarity kept: setting a file already there changes its value in place, deleting one closes the
 * gap). Two typed arrays for all the rows rather than two arrays per row. A row that outgrows its
 * room (`room[i]`) moves to the end of the table with twice the room; the table is packed again when
 * that end is reached. Similarities are stored as they were computed (64-bit floats).
 */
class Rows {
  private others: Int32Array;
  private sims: Float64Array;
  private readonly start: Int32Array;
  private readonly room: Int32Array;
  readonly size: Int32Array;
  /** Where the next row moved to the end goes. */
  private end: number;

  private constructor(count: number, capacity: number) {
    this.start = new Int32Array(count);
    this.room = new Int32Array(count);
    this.size = new Int32Array(count);
    this.others = new Int32Array(capacity);
    this.sims = new Float64Array(capacity);
    this.end = 0;
  }

  /** Rows of `count` files, all empty. */
  static empty(count: number): Rows {
    return new Rows(count, 0);
  }

  /**
   * The rows of `count` files from pairs of file numbers (two per pair) and their similarities, each
   * row in the order its pairs come; a pair listed again keeps its first place and its last similarity.
   */
  static of(count: number, pairs: Int32Array, similarities: Float64Array): Rows {
    const degree = new Int32Array(count);
    for (let p = 0; p < similarities.length; p++) {
      degree[pairs[2 * p]]++;
      degree[pairs[2 * p + 1]]++;
    }
    let total = 0;
    for (let i = 0; i < count; i++) total += degree[i];
    const rows = new Rows(count, total);
    const { start, room, size, others, sims } = rows;
    let at = 0;
    for (let i = 0; i < count; i++) {
      start[i] = at;
      room[i] = degree[i];
      at += degree[i];
    }
    rows.end = at;
    for (let p = 0; p < similarities.length; p++) {
      const a = pairs[2 * p];
      const b = pairs[2 * p + 1];
      const sim = similarities[p];
      others[start[a] + size[a]] = b;
      sims[start[a] + size[a]++] = sim;
      others[start[b] + size[b]] = a;
      sims[start[b] + size[b]++] = sim;
    }
    // A pair listed twice (never written, but a map would keep one cell): the first place, the last value.
    const place = new Int32Array(count).fill(-1);
    for (let i = 0; i < count; i++) {
      const from = start[i];
      const to = from + size[i];
      let kept = from;
      for (let q = from; q < to; q++) {
        const other = others[q];
        const known = place[other];
        if (known >= 0) {
          sims[known] = sims[q];
          continue;
        }
        place[other] = kept;
        others[kept] = other;
        sims[kept++] = sims[q];
      }
      for (let q = from; q < kept; q++) place[others[q]] = -1;
      size[i] = kept - from;
    }
    return rows;
  }

  /** The other file of row `i`'s cell `q` (below `size[i]`). */
  other(i: number, q: number): number {
    return this.others[this.start[i] + q];
  }

  /** The similarity of row `i`'s cell `q`. */
  sim(i: number, q: number): number {
    return this.sims[this.start[i] + q];
  }

  private find(i: number, other: number): number {
    const others = this.others;
    const from = this.start[i];
    const to = from + this.size[i];
    for (let q = from; q < to; q++) if (others[q] === other) return q;
    return -1;
  }

  has(i: number, other: number): boolean {
    return this.find(i, other) >= 0;
  }

  set(i: number, other: number, sim: number): void {
    const at = this.find(i, other);
    if (at >= 0) {
      this.sims[at] = sim;
      return;
    }
    if (this.size[i] === this.room[i]) this.grow(i);
    const q = this.start[i] + this.size[i]++;
    this.others[q] = other;
    this.sims[q] = sim;
  }

  delete(i: number, other: number): void {
    const at = this.find(i, other);
    if (at < 0) return;
    const to = this.start[i] + this.size[i];
    this.others.copyWithin(at, at + 1, to);
    this.sims.copyWithin(at, at + 1, to);
    this.size[i]--;
  }

  /** Empties row `i`. */
  clear(i: number): void {
    this.size[i] = 0;
  }

  /** The other files of row `i`, as a copy. */
  othersOf(i: number): Int32Array {
    return this.others.slice(this.start[i], this.start[i] + this.size[i]);
  }

  /** Moves row `i` to the end of the table with twice its room (the table packed first when it is full). */
  private grow(i: number): void {
    const wanted = Math.max(4, 2 * this.room[i]);
    if (this.end + wanted > this.others.length) this.pack(wanted);
    const from = this.start[i];
    const n = this.size[i];
    this.others.copyWithin(this.end, from, from + n);
    this.sims.copyWithin(this.end, from, from + n);
    this.start[i] = this.end;
    this.room[i] = wanted;
    this.end += wanted;
  }

  /** Copies every row into new arrays with no gaps, leaving room for `extra` more cells and a quarter more. */
  private pack(extra: number): void {
    let live = 0;
    for (let i = 0; i < this.size.length; i++) live += this.size[i];
    const capacity = live + extra + (live >> 2) + 16;
    const others = new Int32Array(capacity);
    const sims = new Float64Array(capacity);
    let at = 0;
    for (let i = 0; i < this.size.length; i++) {
      const from = this.start[i];
      const n = this.size[i];
      others.set(this.others.subarray(from, from + n), at);
      sims.set(this.sims.subarray(from, from + n), at);
      this.start[i] = at;
      this.room[i] = n;
      at += n;
    }
    this.others = others;
    this.sims = sims;
    this.end = at;
  }
}

/**
 * The files of a term's list, as compact as a set of them and used like one: a single file is held
 * as its string (most rare terms are in one article), more in an array in the order they were added
 * (a file removed and added again goes last, as in a set). A list emptied stays, as an empty array.
 */
type Files = string | string[];

function filesOf(list: Files | undefined): readonly string[] {
  return list === undefined ? [] : typeof list === 'string' ? [list] : list;
}

function filesCount(list: Files | undefined): number {
  return list === undefined ? 0 : typeof list === 'string' ? 1 : list.length;
}

function addTo(map: Map<string, Files>, key: string, file: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, file);
  else if (typeof list === 'string') {
    if (list !== file) map.set(key, [list, file]);
  } else if (!list.includes(file)) list.push(file);
}

/** `addTo` for a file not in the list yet (lists built afresh, each file adding each of its terms once): no search. */
function addNew(map: Map<string, Files>, key: string, file: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, file);
  else if (typeof list === 'string') map.set(key, [list, file]);
  else list.push(file);
}

function removeFrom(map: Map<string, Files>, key: string, file: string): void {
  const list = map.get(key);
  if (list === undefined) return;
  if (typeof list === 'string') {
    if (list === file) map.set(key, []);
  } else {
    const at = list.indexOf(file);
    if (at >= 0) list.splice(at, 1);
  }
}

/** A cheap signature of the statistics a vector reads: each term's quantised document frequency. */
export function statisticsKey(counts: TermCounts, documentFrequency: Map<string, number>, n: number): string {
  let h1 = 0x811c9dc5;
  let h2 = quantizedCount(n);
  const { ids } = counts;
  for (let k = 0; k < ids.length; k++) {
    const q = quantizedCount(documentFrequency.get(termString(ids[k])) ?? 1);
    h1 = Math.imul(h1 ^ q, 0x01000193);
    h2 = (Math.imul(h2, 31) + q) | 0;
  }
  return `${quantizedCount(n)}:${(h1 >>> 0).toString(36)}:${(h2 >>> 0).toString(36)}`;
}
