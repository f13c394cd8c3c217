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
import { type ArticleFeatures, articleFeatures } from '../../core/src/crossref/crossref';

/** Analyse `text` as `file`, or (with `article`) only compute the features of an analysed article. */
export interface AnalysisRequest {
  id: number;
  file: string;
  text?: string;
  article?: Article;
}

export interface Analysed {
  article: Article;
  features: ArticleFeatures;
}

export type AnalysisResult = ({ id: number } & Analysed) | { id: number; error: string };

interface Job extends AnalysisRequest {
  resolve: (analysed: Analysed | undefined) => void;
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
        if ('article' in result) job.resolve({ article: result.article, features: result.features });
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

  /** Analyses `text` as `file`, with its features; undefined when the job was cancelled before it ran. */
  analyse(file: string, text: string): Promise<Analysed | undefined> {
    return this.submit({ file, text });
  }

  /** The features of an article analysed before (read from the cache). */
  features(article: Article): Promise<Analysed | undefined> {
    return this.submit({ file: article.file, article });
  }

  private submit(request: Omit<AnalysisRequest, 'id'>): Promise<Analysed | undefined> {
    this.start();
    if (this.workers.length === 0) {
      try {
        const article = request.article ?? analyzeArticle(request.file, request.text ?? '');
        return Promise.resolve({ article, features: articleFeatures(article) });
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
      slot.worker.postMessage({ id: job.id, file: job.file, text: job.text, article: job.article } satisfies AnalysisRequest);
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
