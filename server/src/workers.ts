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
import { analyzeArticle } from '../../core/src/index';
import type { Article } from '../../core/src/index';

export interface AnalysisRequest {
  id: number;
  file: string;
  text: string;
}

export type AnalysisResult = { id: number; article: Article } | { id: number; error: string };

interface Job extends AnalysisRequest {
  resolve: (article: Article | undefined) => void;
  reject: (error: Error) => void;
}

/** The bundled worker entry, next to the server bundle. */
export const workerBundle = path.join(__dirname, 'worker.js');

export class AnalysisPool {
  private readonly workers: { worker: Worker; job: Job | undefined }[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private disposed = false;

  constructor(size = Math.max(1, Math.min(4, availableParallelism())), bundle = workerBundle) {
    if (!existsSync(bundle)) return;
    for (let i = 0; i < size; i++) this.spawn(bundle);
  }

  /** How many worker threads analyse (0: analysis runs on the calling thread). */
  get size(): number {
    return this.workers.length;
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
        if ('article' in result) job.resolve(result.article);
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
      slot.job?.reject(new Error('the analysis worker stopped'));
      if (!this.disposed && existsSync(bundle)) this.spawn(bundle);
      this.pump();
    });
    this.workers.push(slot);
  }

  /** Analyses `text` as `file`; undefined when the job was cancelled before it ran. */
  analyse(file: string, text: string): Promise<Article | undefined> {
    if (this.workers.length === 0) return Promise.resolve(analyzeArticle(file, text));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, file, text, resolve, reject });
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

  async dispose(): Promise<void> {
    this.disposed = true;
    this.cancelAll();
    await Promise.all(this.workers.map((slot) => slot.worker.terminate()));
    this.workers.length = 0;
  }
}
