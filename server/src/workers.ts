/**
 * A pool of worker threads for article analysis, so indexing uses every core while the main thread
 * keeps answering requests. Jobs for a file that changed again are cancelled (queued ones dropped,
 * running ones' results ignored by the caller, who compares the text). Without the worker bundle
 * (tests that run the sources) the pool analyses on the main thread instead.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { analyzeArticle } from '../../core/src/article/analyze';
import { articleFeatures } from '../../core/src/crossref/crossref';
import { entryBody } from '../../core/src/cache/analysisCache';

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

interface Job extends AnalysisRequest {
  resolve: (body: string | undefined) => void;
  reject: (error: Error) => void;
}

/** The bundled worker entry, next to the server bundle. */
export const workerBundle = path.join(__dirname, 'worker.js');

export class AnalysisPool {
  private readonly workers: { worker: Worker; job: Job | undefined }[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private disposed = false;

  /** Workers start with the first job (a warm start from the cache may need none). */
  constructor(private readonly wanted = Math.max(1, Math.min(4, availableParallelism())), private readonly bundle = workerBundle) {}

  /** How many worker threads there can be (0: analysis runs on the calling thread). */
  get size(): number {
    return existsSync(this.bundle) ? this.wanted : 0;
  }

  private start(): void {
    if (this.disposed || this.workers.length > 0 || !existsSync(this.bundle)) return;
    for (let i = 0; i < this.wanted; i++) this.spawn(this.bundle);
  }

  get pending(): number {
    return this.queue.length + this.workers.filter((w) => w.job !== undefined).length;
  }

  private spawn(bundle: string): void {
    const slot: { worker: Worker; job: Job | undefined } = { worker: new Worker(bundle), job: undefined };
    slot.worker.on('message', (result: AnalysisResult) => {
      const job = slot.job;
      slot.job = undefined;
      if (job) {
        if ('body' in result) job.resolve(result.body);
        else job.reject(new Error(result.error));
      }
      this.pump();
    });
    slot.worker.on('error', (error) => {
      const job = slot.job;
      slot.job = undefined;
      job?.reject(error);
    });
    slot.worker.on('exit', () => {
      const index = this.workers.indexOf(slot);
      if (index >= 0) this.workers.splice(index, 1);
      const lost = slot.job;
      slot.job = undefined;
      lost?.reject(new Error('the analysis worker stopped'));
      // A worker that died with work to do is replaced; released ones come back with the next job.
      if (!this.disposed && (lost !== undefined || this.queue.length > 0) && existsSync(bundle)) this.spawn(bundle);
      this.pump();
    });
    this.workers.push(slot);
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
    for (const slot of this.workers) {
      if (slot.job !== undefined) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.job = job;
      slot.worker.postMessage({ id: job.id, file: job.file, text: job.text } satisfies AnalysisRequest);
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
