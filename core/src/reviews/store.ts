/**
 * The review file on disk (`.crosscheck/reviews.json`). One store per file. A window's decisions are
 * kept as pending changes and written by re-reading the file, applying them and renaming a temporary
 * file over it, under a lock file, so two windows writing at once both keep their decisions. A file
 * that cannot be parsed is never overwritten: the store reports where it is broken and keeps the
 * window's decisions in memory until the file parses again. A write the disk refuses (full,
 * read-only, no permission) leaves the file as it was and keeps the decisions pending too; the status
 * says why (`writeFailed`), and the next `reload()` or `record()` tries again.
 */

import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import {
  type ReviewChange, type ReviewFileError, type ReviewState, applyChanges, emptyReviews, parseReviews, serializeReviews,
} from './model';
import { describeWriteFailure } from '../writeFailure';

/** The review file of a workspace folder. */
export const REVIEW_FILE = path.join('.crosscheck', 'reviews.json');

/** The synchronous `node:fs` calls the store makes (tests pass one that fails like a full disk). */
export interface ReviewFileSystem {
  readFileSync(file: string, encoding: 'utf8'): string;
  writeFileSync(file: string, text: string): void;
  renameSync(from: string, to: string): void;
  mkdirSync(folder: string, options: { recursive: true }): unknown;
  openSync(file: string, flags: string): number;
  closeSync(fd: number): void;
  unlinkSync(file: string): void;
  statSync(file: string): { mtimeMs: number };
}

export interface ReviewStoreOptions {
  /** The file system (default `node:fs`). */
  fileSystem?: ReviewFileSystem;
  /** Never write (an untrusted workspace): decisions stay in memory. */
  readOnly?: boolean;
  /** How long to wait for another writer's lock before giving up on this write (ms). */
  lockTimeoutMs?: number;
  /** A lock older than this is left over from a crashed writer and is removed (ms). */
  staleLockMs?: number;
}

export interface ReviewStoreStatus {
  /** The file could not be read; nothing was written. */
  error?: ReviewFileError;
  /** Changes of this window not yet in the file. */
  pending: number;
  /** The file was written by this call. */
  written: boolean;
  /** The disk refused the write (full, read-only, no permission): the decisions are kept pending. */
  writeFailed?: boolean;
}

export class ReviewStore {
  private onDisk: ReviewState = emptyReviews();
  private pending: ReviewChange[] = [];
  private problem: ReviewFileError | undefined;
  private readonly readOnly: boolean;
  private readonly lockTimeoutMs: number;
  private readonly staleLockMs: number;
  private readonly fs: ReviewFileSystem;

  constructor(readonly file: string, options: ReviewStoreOptions = {}) {
    this.fs = options.fileSystem ?? nodeFs;
    this.readOnly = options.readOnly === true;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 2000;
    this.staleLockMs = options.staleLockMs ?? 10_000;
  }

  /** Decisions in effect: the file's, with this window's pending changes on top. */
  state(): ReviewState {
    return applyChanges(this.onDisk, this.pending);
  }

  /** This window's changes not yet written (to replay them into a store that may write). */
  pendingChanges(): readonly ReviewChange[] {
    return [...this.pending];
  }

  /** Why the file could not be read the last time it was, or undefined. */
  error(): ReviewFileError | undefined {
    return this.problem;
  }

  /** Re-reads the file (after it changed on disk); writes pending changes if it now parses. */
  reload(): ReviewStoreStatus {
    const read = this.read();
    if (read.error) return { error: read.error, pending: this.pending.length, written: false };
    if (this.pending.length > 0 && !this.readOnly) return this.flush();
    return { pending: this.pending.length, written: false };
  }

  /** Records a change and writes it (unless read-only or the file is broken). */
  record(change: ReviewChange): ReviewStoreStatus {
    this.pending.push(change);
    if (this.readOnly) return { pending: this.pending.length, written: false, ...(this.problem ? { error: this.problem } : {}) };
    return this.flush();
  }

  /** Reads the file into `onDisk`; a broken file leaves the last good state and sets `problem`. */
  private read(): { text: string | null; error?: ReviewFileError } {
    let text: string | null;
    try {
      text = this.fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.problem = { file: this.file, line: 1, column: 1, message: `cannot be read: ${(error as Error).message}` };
        return { text: null, error: this.problem };
      }
      text = null;
    }
    const parsed = parseReviews(text ?? '', this.file);
    if (!parsed.ok) {
      this.problem = parsed.error;
      return { text, error: parsed.error };
    }
    this.problem = undefined;
    this.onDisk = parsed.state;
    return { text };
  }

  private flush(): ReviewStoreStatus {
    let release: (() => void) | undefined;
    try {
      release = this.lock();
    } catch (error) {
      if (!(error instanceof LockHeld)) return this.writeFailure(error);
      return {
        error: { file: this.file, line: 1, column: 1, message: `is locked by another window (${(error as Error).message}); will retry` },
        pending: this.pending.length,
        written: false,
      };
    }
    try {
      const read = this.read();
      if (read.error) return { error: read.error, pending: this.pending.length, written: false };
      const next = applyChanges(this.onDisk, this.pending);
      const text = serializeReviews(next);
      let written = false;
      if (text !== read.text) {
        const temporary = `${this.file}.${process.pid}.${Date.now()}.tmp`;
        try {
          this.fs.mkdirSync(path.dirname(this.file), { recursive: true });
          this.fs.writeFileSync(temporary, text);
          this.fs.renameSync(temporary, this.file);
        } catch (error) {
          // A half-written temporary file (a full disk) goes; the review file was never touched.
          try {
            this.fs.unlinkSync(temporary);
          } catch {
            // never created
          }
          return this.writeFailure(error);
        }
        written = true;
      }
      this.onDisk = next;
      this.pending = [];
      return { pending: 0, written };
    } finally {
      release();
    }
  }

  /** The disk refused a write: nothing changed on disk, the decisions stay pending. */
  private writeFailure(error: unknown): ReviewStoreStatus {
    return {
      error: { file: this.file, line: 1, column: 1, message: `could not be written: ${describeWriteFailure(error)}` },
      pending: this.pending.length,
      written: false,
      writeFailed: true,
    };
  }

  /** Takes `<file>.lock` (created exclusively); waits briefly for another writer; clears stale locks. */
  private lock(): () => void {
    const lockFile = this.file + '.lock';
    this.fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const deadline = Date.now() + this.lockTimeoutMs;
    for (;;) {
      try {
        this.fs.closeSync(this.fs.openSync(lockFile, 'wx'));
        return () => {
          try {
            this.fs.unlinkSync(lockFile);
          } catch {
            // already gone
          }
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      try {
        if (Date.now() - this.fs.statSync(lockFile).mtimeMs > this.staleLockMs) {
          this.fs.unlinkSync(lockFile);
          continue;
        }
      } catch {
        continue; // released meanwhile
      }
      if (Date.now() > deadline) throw new LockHeld(`${lockFile} exists`);
      sleep(5);
    }
  }
}

/** Another writer holds the lock (as opposed to a disk that refuses the lock file). */
class LockHeld extends Error {}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
