/**
 * A pool of worker threads for article analysis, so indexing uses every core while the main thread
 * keeps answering requests. Jobs for a file that changed again are cancelled (queued ones dropped,
 * running ones' results ignored by the caller, who compares the text). Without the worker bundle
 * (tests that run the sources) the pool analyses on the main thread instead.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ResourceLimits, Worker } from 'node:worker_threads';
import { analyzeArticle } from '../../core/src/article/analyze';
import { articleFeatures } from '../../core/src/crossref/crossref';
import { entryBody } from '../../core/src/cache/analysisCache';
import { limitsFrom } from './reader';
import { startWorker } from './threads';

/** Analyse `text` as `file`. */
export interface AnalysisRequest {
  id: number;
  file: string;
  text: string;
}

/**
 * The analysis and the article's features as one JSON text, the body of an analysis cache entry
 * (`entryBody` in core/src/cache/analysisCache.ts): a string crosses threads far faster than the
 * object graph, the caller stores it in the cache as it is and reads it with `readEntryBody`.
 */
export type AnalysisResult = { id: number; body: string } | { id: number; error: string };

/** Analysis, features and the entry body on the calling thread (what a worker does). */
export function analyseToBody(file: string, text: string): string {
  const article = analyzeArticle(file, text);
  return entryBody(article, articleFeatures(article));
}

/** Heap growth (MB in use) after which an analysis worker collects its own heap; 0: never. */
const workerCollectMb = Number(process.env.CROSSCHECK_WORKER_GC ?? 48);

let collector: (() => void) | null | undefined;

/**
 * V8's full garbage collection, from `--expose-gc` set at run time (looked up once per thread); null
 * where that is not available, and then nothing is collected: only memory, never a result, depends on
 * it. Used by `WorkerHeap` here and `HeapBound` in the indexer.
 */
export function fullCollector(): (() => void) | null {
  if (collector === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collector = runInNewContext('gc') as () => void;
    } catch {
      collector = null;
    }
  }
  return typeof collector === 'function' ? collector : null;
}

/**
 * Keeps an analysis worker's heap near what it holds between articles. An article's analysis leaves
 * nearly all it allocated as garbage, and V8 lets the old generation grow to several times the live
 * heap (about 25 MB: code, lexicons, caches) before a full collection, so each worker's RSS climbed by
 * up to 100 MB while indexing. `step()` after each article collects once the heap in use has grown
 * by `mb` since the last collection: one full collection of a small heap every few dozen articles,
 * instead of V8's rarer, larger ones. The collector comes from `--expose-gc`, set at run time; without
 * it nothing is collected (only memory, never a result, depends on it).
 */
export class WorkerHeap {
  private mark = getHeapStatistics().used_heap_size;
  collections = 0;

  constructor(private readonly mb = workerCollectMb) {}

  step(): void {
    if (!(this.mb > 0)) return;
    const used = getHeapStatistics().used_heap_size;
    if (used < this.mark) this.mark = used;
    if (used - this.mark < this.mb * 1024 * 1024) return;
    const collect = fullCollector();
    if (!collect) return;
    collect();
    this.collections++;
    this.mark = getHeapStatistics().used_heap_size;
  }
}

interface Job extends AnalysisRequest {
  resolve: (body: string | undefined) => void;
  reject: (error: Error) => void;
}

/** The bundled worker entry, next to the server bundle. */
export const workerBundle = path.join(__dirname, 'worker.js');

/**
 * The heap limits of an analysis worker: a young generation of 16 MB, V8's default old generation.
 * What a worker keeps between articles is small (about 25 MB after 2,000 articles: the code, the
 * lexicons, the caches), and `WorkerHeap` collects its old generation every `workerCollectMb` of
 * growth; with V8's default young generation (32 MB of new space in a worker) the two workers held
 * some 30 MB more at the end of a 10k cold index, when the main thread's heap is near its largest:
 * that moment's RSS was 422-461 MB in eleven starts with V8's default against 384-406 MB in five
 * with 16 MB, indexing as fast (docs/performance.md, 2026-12-01). Before `WorkerHeap`, a smaller young
 * generation promoted more garbage into an old generation V8 collected rarely, and cost 4-6 % of CPU. An
 * old-generation limit makes a worker collect sooner (64 MB: about 45 MB less per worker then) but
 * costs 7-10 % more CPU per article (V8 grows a small heap by a smaller factor, so it collects far
 * more often), more than the cold index may lose. `CROSSCHECK_WORKER_HEAP` ("young,old" in MB, 0 for
 * V8's default) sets them, for measuring. Under an old-generation limit, a worker that stops with a job
 * leaves it to the calling thread (`AnalysisPool.takeOver`); without one the job fails.
 */
export const analysisWorkerLimits: ResourceLimits = limitsFrom(process.env.CROSSCHECK_WORKER_HEAP, { maxYoungGenerationSizeMb: 16 });

/**
 * Jobs a worker holds at once: the one it analyses and the next, waiting in its message queue, so it
 * starts that one as soon as it posts a result instead of waiting for this thread to take the result
 * and send another (this thread, busy accepting articles, writing their cache entries and bounding its
 * heap, left the workers idle 15-23 % of a 10k cold index; on two cores that bought little, the main
 * thread having used the core meanwhile: docs/performance.md, run 21).
 */
export const jobsPerWorker = 2;

interface Slot {
  worker: Worker;
  /** Sent to the worker and not answered yet, oldest first (a worker answers in order). */
  jobs: Job[];
}

export class AnalysisPool {
  private readonly workers: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private disposed = false;

  /** Workers start with the first job (a warm start from the cache may need none). */
  constructor(private readonly wanted = Math.max(1, Math.min(4, availableParallelism())), private readonly bundle = workerBundle,
    private readonly limits: ResourceLimits = analysisWorkerLimits) {}

  /** How many worker threads there can be (0: analysis runs on the calling thread). */
  get size(): number {
    return existsSync(this.bundle) ? this.wanted : 0;
  }

  private start(): void {
    if (this.disposed || this.workers.length > 0 || !existsSync(this.bundle)) return;
    for (let i = 0; i < this.wanted; i++) this.spawn(this.bundle);
  }

  get pending(): number {
    return this.queue.length + this.workers.reduce((sum, slot) => sum + slot.jobs.length, 0);
  }

  private spawn(bundle: string): void {
    const slot: Slot = { worker: startWorker(bundle, this.limits), jobs: [] };
    slot.worker.on('message', (result: AnalysisResult) => {
      const job = slot.jobs[0]?.id === result.id ? slot.jobs.shift() : undefined;
      if (job) {
        if ('body' in result) job.resolve(result.body);
        else job.reject(new Error(result.error));
      }
      this.pump();
    });
    // A worker that stops with a job (out of memory: 'error', then 'exit'): see takeOver.
    slot.worker.on('error', () => this.takeOver(slot));
    slot.worker.on('exit', () => {
      const lost = this.takeOver(slot);
      // A worker that died with work to do is replaced; released ones come back with the next job.
      if (!this.disposed && (lost || this.queue.length > 0) && existsSync(bundle)) this.spawn(bundle);
      this.pump();
    });
    this.workers.push(slot);
  }

  /**
   * The jobs of a worker that stopped. The one it was analysing is analysed on this thread on the next
   * turn when the workers run under a heap limit (this thread has the larger heap), else rejected (a
   * worker with V8's own limits that ran out of memory would take this thread down with it); those it
   * had not begun wait for the next worker. True when it was analysing one.
   */
  private takeOver(slot: Slot): boolean {
    const index = this.workers.indexOf(slot);
    if (index >= 0) this.workers.splice(index, 1); // no more jobs for it
    const [job, ...waiting] = slot.jobs.splice(0);
    // The jobs it had not begun go back to the front of the queue, in order, for the next worker.
    if (this.disposed) for (const next of waiting) next.resolve(undefined);
    else this.queue.unshift(...waiting);
    if (job === undefined) return false;
    // Stopped by `dispose` (the server is shutting down): cancelled, like the queued ones, not failed
    // (each failure would be logged as an error on the way out).
    if (this.disposed) {
      job.resolve(undefined);
      return true;
    }
    if (this.limits.maxOldGenerationSizeMb === undefined) {
      job.reject(new Error('the analysis worker stopped'));
      return true;
    }
    setImmediate(() => {
      try {
        job.resolve(analyseToBody(job.file, job.text));
      } catch (error) {
        job.reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    return true;
  }

  /**
   * Analyses `text` as `file`, with its features, as an entry body (`AnalysisResult`); undefined when
   * the job was cancelled before it ran.
   */
  analyse(file: string, text: string): Promise<string | undefined> {
    const request = { file, text };
    this.start();
    if (this.workers.length === 0) {
      try {
        return Promise.resolve(analyseToBody(file, text));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ ...request, id: this.nextId++, resolve, reject });
      this.pump();
    });
  }

  /** Drops queued jobs for `file` (a newer text is coming); they resolve as undefined. */
  cancel(file: string): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].file !== file) continue;
      this.queue[i].resolve(undefined);
      this.queue.splice(i, 1);
    }
  }

  /** Drops every queued job (a new workspace scan replaces the old one). */
  cancelAll(): void {
    for (const job of this.queue.splice(0)) job.resolve(undefined);
  }

  private pump(): void {
    // Round by round, so that both workers get a first job before either gets a second.
    for (let depth = 1; depth <= jobsPerWorker; depth++) {
      for (const slot of this.workers) {
        if (slot.jobs.length >= depth) continue;
        const job = this.queue.shift();
        if (!job) return;
        slot.jobs.push(job);
        slot.worker.postMessage({ id: job.id, file: job.file, text: job.text } satisfies AnalysisRequest);
      }
    }
  }

  /** Stops the workers while there is nothing to do (their heaps hold the language models); the next job starts them again. */
  async release(): Promise<void> {
    if (this.pending > 0) return;
    const slots = this.workers.splice(0);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.cancelAll();
    await Promise.all(this.workers.map((slot) => slot.worker.terminate()));
    this.workers.length = 0;
  }
}
