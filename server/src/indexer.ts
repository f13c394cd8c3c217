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
import { AnalysisCache, contentHash } from '../../core/src/cache/analysisCache';
import { readArticleFile } from './articleFiles';
import type { Logger } from './logger';
import { describeError } from './logger';
import type { Article, Corpus } from '../../core/src/index';
import { type Analysed, AnalysisPool, workerBundle } from './workers';

/** Below this many article files the disk cache is not used: indexing is quick anyway. */
export const cacheFromArticles = 200;
/** Analyses in flight at once (bounds the memory of queued texts). */
const inFlight = 64;

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
}

export interface IndexingProgress {
  done: number;
  total: number;
  fromCache: number;
}

/** The analysis version: the worker bundle's (or this bundle's) content hash, so a new build never reads an old cache. */
export function analysisVersion(): string {
  const bundle = existsSync(workerBundle) ? workerBundle : __filename;
  try {
    return 'a' + createHash('sha256').update(readFileSync(bundle)).digest('hex').slice(0, 24);
  } catch {
    return 'unknown';
  }
}

export class Indexer {
  private readonly pool: AnalysisPool;
  private cache: AnalysisCache | undefined | null = null;
  /** The latest text known per file: an analysis of an older text is stale. */
  private readonly latest = new Map<string, string>();

  constructor(
    private readonly corpus: Corpus,
    private readonly log: Logger,
    private readonly isOpen: (file: string) => boolean,
    private readonly options: IndexerOptions,
  ) {
    this.pool = new AnalysisPool(options.workers);
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
    } catch (error) {
      this.log.warn(`No analysis cache (${describeError(error)}); every article is analysed`);
      this.cache = undefined;
    }
    return this.cache;
  }

  /** Indexes `files`; stops early (leaving what is indexed) when `stale()` turns true. */
  async index(files: string[], stale: () => boolean, progress: (state: IndexingProgress) => void): Promise<IndexingProgress> {
    this.pool.cancelAll();
    const cache = files.length >= (this.options.cacheFrom ?? cacheFromArticles) ? this.openCache() : undefined;
    const state: IndexingProgress = { done: 0, total: files.length, fromCache: 0 };
    const running = new Set<Promise<void>>();
    const finish = (): void => {
      state.done++;
      progress(state);
    };
    for (const file of files) {
      if (stale()) break;
      const text = await readArticleFile(file, this.log);
      if (text === undefined || this.isOpen(file)) {
        if (text === undefined) this.options.unreadable?.(file);
        finish();
        continue;
      }
      this.latest.set(file, text);
      const known = this.corpus.article(file);
      if (known !== undefined && known.text === text) {
        finish();
        continue;
      }
      const cached = cache?.get(file, text, contentHash(text));
      if (cached !== undefined) state.fromCache++;
      // The workers analyse (or, for a cached analysis, only compute the features the index needs).
      const job = (cached !== undefined ? this.pool.features(cached) : this.pool.analyse(file, text)).then(
        (analysed) => this.accept(file, text, analysed, cached !== undefined ? undefined : cache, known),
        (error: unknown) => this.log.error(`Could not analyse ${file}: ${describeError(error)}`),
      ).finally(() => {
        running.delete(job);
        finish();
      });
      running.add(job);
      if (running.size >= inFlight) await Promise.race(running);
    }
    await Promise.all(running);
    // Edits are analysed on the main thread: the idle workers give their memory back.
    await this.pool.release();
    return state;
  }

  /** A fresh analysis of a file's text; dropped when the file changed meanwhile or is open in an editor. */
  private accept(file: string, text: string, analysed: Analysed | undefined, cache: AnalysisCache | undefined, before: Article | undefined): void {
    // Dropped when a newer text arrived meanwhile (an editor, a disk change handled elsewhere).
    if (analysed === undefined || this.latest.get(file) !== text || this.isOpen(file) || this.corpus.article(file) !== before) return;
    const { article, features } = analysed;
    for (const problem of article.problems) this.log.warn(`${file}: ${problem}`);
    this.corpus.putWithFeatures(article, features);
    cache?.put(article);
  }

  /** A file changed again (on disk or in an editor): its queued analysis is stale. */
  changed(file: string, text?: string): void {
    this.pool.cancel(file);
    if (text === undefined) this.latest.delete(file);
    else this.latest.set(file, text);
  }

  dispose(): Promise<void> {
    return this.pool.dispose();
  }
}
