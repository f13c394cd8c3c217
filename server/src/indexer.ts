/**
 * Initial indexing of a workspace: reads the article files, takes every analysis the on-disk cache
 * still holds, and sends the rest to the worker pool, putting each article into the corpus as it
 * arrives. The main thread stays free between articles, so requests are answered from the partial
 * index while indexing runs; a newer scan or a newer text for a file makes older work stale, and
 * stale results are dropped.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import {
  AnalysisCache, type CachedArticle, type TextChecks, type TextSource, contentHash, readEntryBody, releaseText,
} from '../../core/src/cache/analysisCache';
import { GraphSnapshotFile, NameSnapshot, type StoryEntry, StorySnapshot, type StoryWriter, encodeStory } from '../../core/src/cache/storyCache';
import { type DecodedArticle, articleReading, decodeArticleFile, reportArticleWarnings, reportSkipped, yieldNow } from './articleFiles';
import type { Logger } from './logger';
import { describeError } from './logger';
import { type Article, type Corpus, languageCheckVersion, languageWarnings } from '../../core/src/index';
import { releaseSections } from '../../core/src/crossref/corpus';
import { AnalysisPool, fullCollector, workerBundle } from './workers';
import { READ_HERE, type ReadAheadLimits, type ReadOutcome, Reader } from './reader';

/** Below this many article files the disk cache is not used: indexing is quick anyway. */
export const cacheFromArticles = 200;
/** Analyses in flight at once (bounds the memory of queued texts). */
const inFlight = 64;
/** From this many article files a reader thread reads ahead (fewer are read faster than it starts). */
export const readAheadFrom = 256;

export interface IndexerOptions {
  /** Root folder of the analysis cache; `off` disables it. Default: CROSSCHECK_CACHE_DIR, else ~/.cache/crosscheck. */
  cacheRoot?: string;
  /** Workspace folders, to name this workspace's cache. */
  folders: string[];
  workers?: number;
  /** A file that cannot be read (any more): its old analysis goes. */
  unreadable?: (file: string) => void;
  /** From how many article files the cache is used (default `cacheFromArticles`). */
  cacheFrom?: number;
  /**
   * Reading ahead on the reader thread: its bundle (default dist/reader.js next to this bundle;
   * without it files are read on this thread), from how many article files (default
   * `readAheadFrom`), how far (default `readAheadLimits`).
   */
  reader?: { bundle?: string; from?: number; limits?: ReadAheadLimits };
  /**
   * Where the articles this indexer reads from disk read their text again once it is let go; without
   * it they keep their text. With it, each article's text goes once the article is in the corpus,
   * after `accepted` has seen it.
   */
  texts?: TextSource;
  /** Called with each article the indexer puts in the corpus and its text (the line table is built then). */
  accepted?: (file: string, hash: string, text: string) => void;
  /**
   * Whether the client is quiet (no request just now). The story results' save runs its slices in
   * quiet moments, and between requests only once it has waited `limitMs` (default
   * `saveWaitLimitMs`) for one. Without it the save does not wait.
   */
  storySave?: { quiet: () => boolean; limitMs?: number };
}

export interface IndexingProgress {
  done: number;
  total: number;
  fromCache: number;
}

/**
 * The analysis version: the content hash of the worker bundle (or this bundle) and of the word lexicon
 * the build writes beside it, so a new build or a new lexicon never reads an old cache.
 */
export function analysisVersion(): string {
  const bundle = existsSync(workerBundle) ? workerBundle : __filename;
  try {
    const hash = createHash('sha256').update(readFileSync(bundle));
    const lexicon = path.join(path.dirname(bundle), 'lexicon.json');
    if (existsSync(lexicon)) hash.update(readFileSync(lexicon));
    return 'a' + hash.digest('hex').slice(0, 24);
  } catch {
    return 'unknown';
  }
}

let bundleHash: string | undefined;

/**
 * The version the story snapshot, the story graph and the name comparisons are kept under: the
 * analysis version and this bundle's hash, since the cross-referencing code that made them is here
 * (the worker bundle, which names the analysis version, does not hold it).
 */
function resultsVersion(cache: AnalysisCache): string {
  if (bundleHash === undefined) {
    try {
      bundleHash = createHash('sha256').update(readFileSync(__filename)).digest('hex').slice(0, 16);
    } catch {
      bundleHash = 'unknown';
    }
  }
  return `${cache.version}-${bundleHash}`;
}

export class Indexer {
  private readonly pool: AnalysisPool;
  private cache: AnalysisCache | undefined | null = null;
  /** Where the name comparisons are saved, and how many names they held when read (-1: not read). */
  private names: { snapshot: NameSnapshot; size: number } | undefined;
  /** Saving the story results of the pass after indexing (for the next session). */
  private saving: StorySaver | undefined;
  /** How many stories' results the last index restored from the cache (their inputs not checked yet). */
  restoredStories = 0;
  /**
   * The latest reading of each file, as a number (the texts are not kept): an analysis of an older
   * reading is stale.
   */
  private readonly latest = new Map<string, number>();
  private readings = 0;
  /** Reads the files of a scan ahead on its own thread (`reader.ts`). */
  private readonly reader: Reader;
  /** Files said to have changed while a scan runs: what the reader read of them is not used. */
  private readonly touched = new Set<string>();

  constructor(
    private readonly corpus: Corpus,
    private readonly log: Logger,
    private readonly isOpen: (file: string) => boolean,
    private readonly options: IndexerOptions,
  ) {
    this.pool = new AnalysisPool(options.workers);
    this.reader = new Reader(options.reader?.bundle, options.reader?.limits);
    void this.reader.prepare();
  }

  /** Starts the reader thread now, if there is one; true once it has loaded (a scan started after it reads ahead from its first file). */
  prepareReader(): Promise<boolean> {
    return this.reader.prepare();
  }

  /** The workspace folders name the cache folder. */
  setFolders(folders: string[]): void {
    if (folders.join('\n') === this.options.folders.join('\n')) return;
    this.options.folders = folders;
    this.cache = null;
  }

  get workers(): number {
    return this.pool.size;
  }

  private openCache(): AnalysisCache | undefined {
    if (this.cache !== null) return this.cache;
    const configured = this.options.cacheRoot ?? process.env.CROSSCHECK_CACHE_DIR;
    if (configured === 'off') return (this.cache = undefined);
    const base = configured ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'crosscheck');
    const workspace = createHash('sha256').update(this.options.folders.join('\n')).digest('hex').slice(0, 16);
    try {
      this.cache = new AnalysisCache(path.join(base, workspace), analysisVersion());
      this.cache.texts = this.options.texts;
    } catch (error) {
      this.log.warn(`No analysis cache (${describeError(error)}); every article is analysed`);
      this.cache = undefined;
    }
    return this.cache;
  }

  /** Indexes `files`; stops early (leaving what is indexed) when `stale()` turns true. */
  async index(files: string[], stale: () => boolean, progress: (state: IndexingProgress) => void): Promise<IndexingProgress> {
    this.pool.cancelAll();
    this.restoredStories = 0;
    const cache = files.length >= (this.options.cacheFrom ?? cacheFromArticles) ? this.openCache() : undefined;
    const state: IndexingProgress = { done: 0, total: files.length, fromCache: 0 };
    const running = new Set<Promise<void>>();
    const finish = (): void => {
      state.done++;
      progress(state);
    };
    // The language check's outcome is kept with the text's cache entry, under a digest of the check's
    // own code (`languageCheckVersion`): a cached text is not checked again, and reports the same.
    const checksVersion = cache ? languageCheckVersion() : '';
    const checked = (file: string, decoded: DecodedArticle, checks?: TextChecks): TextChecks => {
      const made = checks !== undefined && checks.version === checksVersion ? checks : { version: checksVersion, warnings: languageWarnings(decoded.text) };
      reportArticleWarnings(file, [...decoded.warnings, ...made.warnings], this.log);
      return made;
    };
    // The files are read ahead on the reader thread (their text decoded and hashed, their cache
    // entries' bytes read) while this thread parses entries; each file's mark is its article in the
    // corpus when the reader may read it: one the index changed since is read here again.
    this.touched.clear();
    const readAhead = files.length >= (this.options.reader?.from ?? readAheadFrom);
    const ahead = readAhead
      ? this.reader.scan(files, articleReading.maxBytes, cache && { folder: cache.folder, version: cache.version }, (k) => this.corpus.article(files[k]))
      : undefined;
    // A small workspace is read here: the thread started in case it was large goes.
    if (!readAhead) await this.reader.stop();
    let waited = 0;
    try {
      for (let k = 0; k < files.length; k++) {
        const file = files[k];
        if (stale()) break;
        let outcome: ReadOutcome = READ_HERE;
        if (ahead !== undefined) {
          const taken = ahead.take(k);
          if (taken instanceof Promise) {
            const started = performance.now();
            outcome = await taken;
            waited += performance.now() - started;
          } else outcome = taken;
        }
        let decoded: DecodedArticle | undefined;
        let hash: string | undefined;
        /** The cache entry's bytes read ahead (undefined: none on disk), or null: read it here. */
        let entry: Uint8Array | undefined | null = null;
        if (outcome === READ_HERE || this.touched.has(file)) {
          // Read synchronously (decodeArticleFile yields to the event loop every few milliseconds).
          decoded = await decodeArticleFile(file, this.log);
        } else {
          if ('skipped' in outcome) decoded = reportSkipped(file, outcome.skipped, outcome.gone, this.log);
          else {
            decoded = { text: outcome.text, warnings: outcome.warnings };
            hash = outcome.hash;
            entry = outcome.entry;
          }
          const pause = yieldNow();
          if (pause !== undefined) await pause;
        }
        if (decoded === undefined || this.isOpen(file)) {
          if (decoded === undefined) this.options.unreadable?.(file);
          else checked(file, decoded);
          finish();
          continue;
        }
        const text = decoded.text;
        const reading = ++this.readings;
        this.latest.set(file, reading);
        const known = this.corpus.article(file);
        hash ??= contentHash(text);
        if (known !== undefined && known.hash === hash) {
          checked(file, decoded);
          finish();
          continue;
        }
        // A cached article comes with its features: it goes straight into the corpus.
        const cached = cache === undefined ? undefined : entry === null ? cache.read(file, text, hash) : cache.readBytes(file, text, hash, entry);
        if (cached !== undefined) {
          const checks = checked(file, decoded, cached.checks);
          if (cache && checks !== cached.checks) cache.putChecks(file, hash, checks);
          state.fromCache++;
          this.accept(file, reading, text, cached, known);
          finish();
          continue;
        }
        const checks = checked(file, decoded);
        const textHash = hash;
        // The workers analyse and send the analysis back as a cache entry's body.
        const job = this.pool.analyse(file, text).then(
          (body) => {
            if (body === undefined || !this.current(file, reading, known)) return;
            let read: CachedArticle;
            try {
              read = readEntryBody(body, file, textHash, text, this.options.texts);
              this.accept(file, reading, text, read, known);
            } catch (error) {
              this.log.error(`Could not read the analysis of ${file}: ${describeError(error)}`);
              return;
            }
            // Written, its sections are read back from the file when first decoded (not kept as text).
            cache?.putBody(file, textHash, body, checks, read);
          },
          (error: unknown) => this.log.error(`Could not analyse ${file}: ${describeError(error)}`),
        ).finally(() => {
          running.delete(job);
          finish();
        });
        running.add(job);
        if (running.size >= inFlight) await Promise.race(running);
      }
    } finally {
      // The reader stops (a newer scan starts its own); its thread goes.
      if (ahead !== undefined) {
        await this.reader.finish(ahead);
        const { ahead: read, here, waits } = ahead.counts;
        this.log.info(`${read} of ${files.length} article files read ahead on the reader thread, ${here} on this one (waited for the reader ${waits} times, ${Math.round(waited)} ms)`);
      }
    }
    await Promise.all(running);
    // Edits are analysed on the main thread: the idle workers give their memory back.
    await this.pool.release();
    if (cache && !stale()) this.restoreStories(cache);
    return state;
  }

  /**
   * Hands the stored story results of the last session to the corpus (its first pass reuses those
   * whose inputs are unchanged) and saves them again once that pass has run, if it computed any.
   */
  private restoreStories(cache: AnalysisCache): void {
    this.saving?.cancel();
    const version = resultsVersion(cache);
    const snapshot = new StorySnapshot(cache.folder, version);
    const sources = { article: (file: string) => this.corpus.article(file), features: (article: Article) => this.corpus.featuresFor(article) };
    const started = Date.now();
    let stored = new Map<string, StoryEntry>();
    try {
      const read = snapshot.read(sources);
      stored = read.entries;
      if (read.stored > 0) this.log.info(`${read.entries.size} of ${read.stored} stories' results restored in ${Date.now() - started} ms`);
    } catch (error) {
      this.log.warn(`Could not read the stored story results (${describeError(error)}); they are computed again`);
    }
    this.restoredStories = stored.size;
    this.corpus.seedStoryResults(stored);
    // The story graph of the last session: the first pass takes it instead of rebuilding when every file and hash match.
    const graphFile = new GraphSnapshotFile(cache.folder, version);
    const graph = this.corpus.storyGraph();
    if (graph) {
      try {
        const kept = graphFile.read();
        if (kept) graph.seedSnapshot(kept);
      } catch (error) {
        this.log.warn(`Could not read the stored story graph (${describeError(error)}); it is built again`);
      }
    }
    this.saving = new StorySaver(this.corpus, snapshot, sources, stored, this.log, graphFile, this.options.storySave);
    // People linking's remembered name comparisons: read now, saved at shutdown when they grew.
    const names = new NameSnapshot(cache.folder, version);
    const links = names.read();
    if (links) this.corpus.seedNameLinks(links);
    this.names = { snapshot: names, size: this.corpus.nameLinks() === links ? links?.parsed.size ?? 0 : -1 };
  }

  /** Saves the remembered name comparisons when this session added any. */
  private saveNames(): void {
    const links = this.corpus.nameLinks();
    if (!this.names || !links || links.parsed.size === this.names.size || links.parsed.size === 0) return;
    if (!this.names.snapshot.write(links)) this.log.warn(`Could not save the name comparisons to ${this.names.snapshot.file}`);
    this.names = undefined;
  }

  /** Whether `reading` is still the file's latest and nothing else indexed it meanwhile. */
  private current(file: string, reading: number, before: Article | undefined): boolean {
    return this.latest.get(file) === reading && !this.isOpen(file) && this.corpus.article(file) === before;
  }

  /**
   * An analysis of a file's text (its reading `reading`); dropped when the file changed meanwhile or
   * is open in an editor. Once in the corpus, the article lets its text go (read again when needed,
   * `options.texts`).
   */
  private accept(file: string, reading: number, text: string, { article, features }: CachedArticle, before: Article | undefined): void {
    // Dropped when a newer text arrived meanwhile (an editor, a disk change handled elsewhere).
    if (!this.current(file, reading, before)) return;
    for (const problem of article.problems) this.log.warn(`${file}: ${problem}`);
    if (features !== undefined) this.corpus.putWithFeatures(article, features);
    else this.corpus.put(article);
    this.options.accepted?.(file, article.hash, text);
    releaseText(article);
  }

  /** A file changed again (on disk or in an editor): its queued analysis is stale. */
  changed(file: string, text?: string): void {
    this.pool.cancel(file);
    this.touched.add(file);
    if (text === undefined) this.latest.delete(file);
    else this.latest.set(file, ++this.readings);
  }

  /**
   * Saves the story graph of the pass after indexing now, if it is due (the pass has run, the graph was
   * built rather than restored, nothing cancelled the save); true when a snapshot was made. The server
   * calls it between that pass and publishing, so the snapshot's garbage (some 60 MB of heap and 30 MB
   * of buffers at 10,000 articles) is collected before the diagnostics are built, instead of adding to
   * the publishing's peak as it did when the saver's first slice made it.
   */
  saveStoryGraph(): boolean {
    return this.saving?.saveGraphNow() ?? false;
  }

  /**
   * Holds the saving of story results until `sent` settles (the server passes the 'ready' status being
   * written): encoding them is seconds of this thread at 10,000 articles, and its slices, started as
   * soon as the pass had run, were run between the writes of the diagnostics and 'ready' and held them
   * back by as long. Also ends the waiting for the pass: the saver no longer gives up after a minute.
   */
  saveStoriesAfter(sent: Promise<void>): void {
    this.saving?.after(sent);
  }

  /** Stops the workers; story results still being saved are saved now (the next start reads them). */
  dispose(): Promise<void> {
    this.saving?.finishNow();
    this.saving = undefined;
    try {
      this.saveNames();
    } catch (error) {
      this.log.warn(`Could not save the name comparisons: ${describeError(error)}`);
    }
    return Promise.all([this.pool.dispose(), this.reader.stop()]).then(() => undefined);
  }
}

/** How much V8 lets the heap grow between full collections while the server is not indexing: a fifth. */
export const idleHeapGrowingPercent = 20;

/**
 * V8's factor of heap growth between full collections: its own while indexing (the analysis workers
 * share the setting and would collect several times as often), at most `idleHeapGrowingPercent`
 * once indexing is done. V8 picks the factor from its collection and allocation speeds, up to 4×
 * the live heap: after a 10k cold start the heap grew by about 75 MB of garbage over the first
 * requests and edits (bench peak 600 MB; 525 MB with the bound, docs/performance.md). The flag is
 * read at every full collection, so it takes effect from the next one.
 */
export function boundHeapGrowth(idle: boolean): void {
  setFlagsFromString(`--heap-growing-percent=${idle ? idleHeapGrowingPercent : 0}`);
}

/** Heap growth (bytes in use) after which `HeapBound` runs a full collection. */
const heapStep = 64 * 1024 * 1024;
/** Steps a run of work needs before `HeapBound.settle` may collect after it (an edit's pass computes a few stories). */
const settleSteps = 64;
/** Steps of `HeapBound` at most this many milliseconds apart belong to one run of work. */
const runGapMs = 1000;

/**
 * Bounds the heap during long synchronous work (the first cross-referencing pass after a cold index):
 * V8 sets the old generation's limit after indexing at a multiple of the live heap and runs no full
 * collection until it is reached, so what a pass promotes and drops piles up to that limit (1,300 MB
 * of RSS at 10k articles, most of it garbage). `step()` after each story collects once the heap in
 * use has grown by `heapStep` since the last collection; the server also steps after each article
 * the indexer puts in the corpus, so the heap of this thread, which mostly waits for the workers
 * then, is bounded while they analyse (the cold start's peak was at the end of indexing). The
 * collector comes from V8's
 * `--expose-gc`, set at run time; where that is not available nothing is collected (only memory,
 * never a result, depends on it).
 */
export class HeapBound {
  private mark = 0;
  private last = -Infinity;
  /** Steps in the current run of work. */
  private steps = 0;
  /** Collections run, and the milliseconds they took (for logs and tests). */
  collections = 0;
  collectedMs = 0;

  constructor(private readonly bytes = heapStep, private readonly run = runGapMs) {}

  /**
   * After a unit of work. Steps less than `run` ms apart are one run of work (a pass's stories): the
   * growth counts from the run's first step, so a short run (an edit's pass) never collects.
   */
  step(): void {
    const now = performance.now();
    const used = getHeapStatistics().used_heap_size;
    const fresh = now - this.last > this.run;
    this.last = now;
    this.steps = fresh ? 1 : this.steps + 1;
    if (fresh || used < this.mark) {
      this.mark = used;
      return;
    }
    if (used - this.mark < this.bytes) return;
    this.collectNow(now);
  }

  /**
   * At the end of a run of work, before what follows it allocates (publishing a pass's diagnostics):
   * collects when a long run (`settleSteps` steps or more: a first pass, not an edit's) has left
   * `bytes / 4` or more of growth since its last collection, so what follows reuses the garbage's
   * space instead of growing the heap past it. Never after a short run, nor twice for one run.
   */
  settle(): void {
    const now = performance.now();
    if (now - this.last > this.run || this.steps < settleSteps) return;
    this.steps = 0;
    if (getHeapStatistics().used_heap_size - this.mark < this.bytes / 4) return;
    this.collectNow(now);
  }

  /** A full collection now (after a one-off allocation, such as the story graph's snapshot, left garbage). */
  collectAll(): void {
    this.steps = 0;
    this.collectNow(performance.now());
  }

  private collectNow(now: number): void {
    const collect = fullCollector();
    if (!collect) return;
    collect();
    this.collections++;
    this.mark = getHeapStatistics().used_heap_size;
    this.last = performance.now();
    this.collectedMs += this.last - now;
  }
}

/**
 * Milliseconds of main-thread work per slice while saving story results (requests are answered in
 * between; a slice encodes one story at least). A request that comes during the save waits for the
 * slice under way, so slices are short (when the save ran between requests from 'ready' on, 4 ms
 * slices put hover p50 at 10,000 articles at 4 ms and p95 at 16-19 ms in the bench; 1 ms slices 3
 * and 10 ms). It now waits for quiet moments (`saveWaitLimitMs`).
 */
const saveSliceMs = 1;

/**
 * How long the story save waits for a quiet moment before its slices run between requests anyway.
 * Short as they are, slices made the requests that came right after a cold start's 'ready' three
 * times slower (10k bench: hover p50 4.7 ms against 1.4 ms on a server with nothing to save): the
 * save's allocations bring garbage collections onto them, and a slice encodes one story at least.
 * So the save runs while the user reads (no request for `quietWaitMs`), and a client that never
 * stops asking still gets it saved after this long.
 */
export const saveWaitLimitMs = 30_000;
/** How long after a request the save looks again for a quiet moment. */
const quietWaitMs = 100;

/**
 * Saves the corpus's story results once the pass after indexing has run, in short slices on the
 * main thread; nothing is written when every story came from the stored snapshot unchanged.
 */
class StorySaver {
  private timer: NodeJS.Timeout | undefined;
  /** Cancelled, written, or found unchanged: nothing more to do. */
  private done = false;
  private output: StoryWriter | undefined;
  private pending: [string, StoryEntry][] | undefined;
  private tries = 0;

  constructor(
    private readonly corpus: Corpus,
    private readonly snapshot: StorySnapshot,
    private readonly sources: Parameters<typeof encodeStory>[2],
    private readonly stored: Map<string, StoryEntry>,
    private readonly log: Logger,
    private readonly graphFile: GraphSnapshotFile,
    private readonly waiting: IndexerOptions['storySave'] = undefined,
  ) {
    this.timer = setTimeout(() => this.begin(), 0);
  }

  /** Since when the save has waited for a quiet moment (`performance.now()`), undefined when it is not waiting. */
  private waitingSince: number | undefined;

  /**
   * Whether the next slice waits: a request came just now and the save has not yet waited the limit
   * for a quiet moment. Looking again is left to the caller, after `quietWaitMs`.
   */
  private putOff(): boolean {
    if (this.waiting === undefined || this.waiting.quiet()) {
      this.waitingSince = undefined;
      return false;
    }
    const now = performance.now();
    this.waitingSince ??= now;
    return now - this.waitingSince < (this.waiting.limitMs ?? saveWaitLimitMs);
  }

  private graphSaved = false;

  /** Saves the story graph of the pass after indexing, unless it is the stored one or was edited since; true when a snapshot was made. */
  private saveGraph(): boolean {
    if (this.graphSaved) return false;
    this.graphSaved = true;
    const graph = this.corpus.storyGraph();
    if (!graph || graph.restored) return false;
    try {
      const snapshot = graph.snapshot();
      if (snapshot && !this.graphFile.write(snapshot)) this.log.warn(`Could not save the story graph to ${this.graphFile.file}`);
      return snapshot !== undefined;
    } catch (error) {
      this.log.warn(`The story graph is not saved: ${describeError(error)}`);
      return false;
    }
  }

  /** Begins once `sent` settles, if it has not begun encoding yet (`Indexer.saveStoriesAfter`). */
  after(sent: Promise<void>): void {
    if (this.done || this.pending !== undefined) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.tries = 0;
    const held = sent.then(() => {
      if (this.held !== held || this.done || this.pending !== undefined) return;
      this.held = undefined;
      this.timer = setTimeout(() => this.begin(), 0);
    });
    this.held = held;
  }

  /** Set while `after` holds the save: nothing but `after`'s own promise starts it then. */
  private held: Promise<void> | undefined;

  /** The graph saved now when the pass after indexing has run and nothing cancelled the save (`Indexer.saveStoryGraph`). */
  saveGraphNow(): boolean {
    if (this.done || !this.corpus.isCurrent) return false;
    return this.saveGraph();
  }

  /** The entries to save, or undefined when they are the stored ones. */
  private changedEntries(): [string, StoryEntry][] | undefined {
    const entries = [...this.corpus.storyResultEntries()];
    const same = entries.length === this.stored.size && entries.every(([id, entry]) => this.stored.get(id)?.signature === entry.signature);
    return same ? undefined : entries;
  }

  private begin(): void {
    this.timer = undefined;
    if (this.done || this.held !== undefined) return;
    if (!this.corpus.isCurrent) {
      // The pass after indexing has not run yet (or an edit made it stale): look again shortly.
      // After a minute it stops looking; `after` starts it again, and shutdown (`finishNow`) saves.
      if (++this.tries <= 60) this.timer = setTimeout(() => this.begin(), 1000);
      return;
    }
    if (this.putOff()) {
      this.timer = setTimeout(() => this.begin(), quietWaitMs);
      return;
    }
    this.saveGraph();
    this.pending = this.changedEntries();
    if (this.pending !== undefined) this.output = this.snapshot.writer();
    if (this.pending === undefined || this.output === undefined) this.done = true;
    else this.step();
  }

  private step(): void {
    this.timer = undefined;
    if (this.done || !this.pending) return;
    if (this.putOff()) {
      this.timer = setTimeout(() => this.step(), quietWaitMs);
      return;
    }
    const until = performance.now() + saveSliceMs;
    do this.encodeNext();
    while (this.pending.length > 0 && performance.now() < until);
    if (this.pending.length > 0) this.timer = setTimeout(() => this.step(), 0);
    else this.write();
  }

  private encodeNext(): void {
    const [id, entry] = this.pending!.pop()!;
    try {
      const text = encodeStory(id, entry, this.sources);
      if (text !== undefined) this.output?.add(text);
    } catch (error) {
      this.log.warn(`Story ${id}'s results are not saved: ${describeError(error)}`);
    }
    // Encoding walked the story's articles, decoding the sections a cache entry keeps undecoded
    // (sentences, entities): they go back to undecoded, as a warm start keeps them.
    for (const file of entry.files) {
      const article = this.corpus.article(file);
      if (article !== undefined) releaseSections(article);
    }
  }

  private write(): void {
    this.done = true;
    this.pending = undefined;
    if (this.output?.commit() === false) this.log.warn(`Could not save the story results to ${this.snapshot.file}`);
    this.output = undefined;
  }

  /** Finishes a save in progress, or one still waiting for its pass, at once (the server is shutting down). */
  finishNow(): void {
    this.held = undefined;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.done) return;
    if (this.pending === undefined) {
      if (!this.corpus.isCurrent) return; // no pass yet: nothing worth saving
      this.saveGraph();
      this.pending = this.changedEntries();
      if (this.pending === undefined) return;
      this.output = this.snapshot.writer();
      if (this.output === undefined) return;
    }
    while (this.pending.length > 0) this.encodeNext();
    this.write();
  }

  cancel(): void {
    this.done = true;
    this.held = undefined;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.output?.abort();
    this.output = undefined;
  }
}
