/**
 * Reading ahead on a second thread while the main thread indexes: the reader thread
 * (`readerEntry.ts`, bundled to dist/reader.js) reads the article files of a scan in its order,
 * decodes them (`decodeArticleBytes`, the code the main thread runs), hashes the text and reads the
 * text's analysis cache entry, and posts them in batches (the entries' bytes in one transferred
 * buffer, not copied); the main thread parses the entries and fills the corpus meanwhile.
 *
 * Who reads a file is decided per file through shared memory: the reader claims a file before it
 * reads it, and the main thread, when it needs a file the reader has not claimed yet (the reader is
 * starting, behind, or gone), claims and reads it itself, as it would without a reader. The reader
 * stays at most `window` files ahead of the main thread (the texts and entries in flight are bounded),
 * stops when the scan is cancelled, and anything it could not do well (an error of the file system,
 * an exception, the thread gone) is done again on the main thread, so no file is lost and every
 * message is the main thread's. A result is dropped for a file the main thread's index changed after
 * the reader was allowed to read it (`ReadScan.take` compares a mark taken then).
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { ResourceLimits, Worker } from 'node:worker_threads';
import { startWorker } from './threads';

/** Slots of a scan's shared control array before the claims. */
export const CANCELLED = 0;
/** How many files the main thread has taken: the reader reads files below `consumed + window` only. */
export const CONSUMED = 1;
/** 1 while the reader waits for the main thread to move on (only then is it woken: waking costs a system call). */
export const WAITING = 2;
/** Where file k's claim is: 0 free, `BY_READER`, `BY_MAIN`. */
export const CLAIMS = 3;
export const BY_READER = 1;
export const BY_MAIN = 2;

/** What the main thread posts to start reading a scan. */
export interface ReadRequest {
  scan: number;
  /** The files, as URIs (the reader takes their paths). */
  files: string[];
  maxBytes: number;
  /** The analysis cache's folder and version (`AnalysisCache.folder`, `.version`): where entries are read; none: no entries. */
  cache?: { folder: string; version: string };
  /** Int32 slots: `CANCELLED`, `CONSUMED`, then one claim per file. */
  control: SharedArrayBuffer;
  /**
   * Where the reader puts the entries' bytes: the main thread reads them there (`AnalysisCache.readBytes`
   * copies what it keeps) and the reader writes over an entry once the main thread has taken its file,
   * so reading 10,000 entries allocates nothing (an entry that does not fit comes in its own buffer).
   */
  ring: SharedArrayBuffer;
  window: number;
}

/** A file read and decoded: its text, the encoding and markup warnings, the text's hash, its cache entry's place in the batch's bytes. */
export interface ReadText {
  index: number;
  text: string;
  warnings: string[];
  hash: string;
  /** Where the entry's bytes are in the ring; `entryLength` -1: no entry file (a miss), -2: not looked for (no cache). */
  entryStart: number;
  entryLength: number;
  /** The entry's bytes when they did not fit in the ring (transferred with the batch). */
  entryOwn?: ArrayBuffer;
}

/** A file skipped, with the reason in the words `decodeArticleFile` uses; `gone`: noted as not there (a folder). */
export interface ReadSkipped {
  index: number;
  skipped: string;
  gone: boolean;
}

/** A file the reader could not read as the main thread would (an error of the file system, an exception): the main thread reads it. */
export interface ReadRetry {
  index: number;
  retry: true;
}

export type ReadItem = ReadText | ReadSkipped | ReadRetry;

/** What the reader posts: the results of some files of a scan, in order. */
export interface ReadBatch {
  scan: number;
  items: ReadItem[];
}

/**
 * A text read ahead, with its entry's bytes (undefined: no entry file) or `null` when no entry was
 * looked for. The bytes may be the shared ring's: valid until the next file is taken.
 */
export interface ReadAheadText {
  text: string;
  warnings: string[];
  hash: string;
  entry: Uint8Array | undefined | null;
}

/** What the reader thread posts once its code is loaded. */
export const READER_LOADED = 'loaded';

/** The main thread reads this file itself. */
export const READ_HERE = 'here';

export type ReadOutcome = ReadAheadText | ReadSkipped | typeof READ_HERE;

/** The reader bundle, next to the server bundle. */
export const readerBundle = path.join(__dirname, 'reader.js');

/** How far the reader reads ahead. */
export interface ReadAheadLimits {
  /** Files the reader may be ahead of the main thread (bounds the texts held). */
  window: number;
  /** The bytes of the ring the entries are read into. */
  ringBytes: number;
}

/** 128 files ahead; a ring of 4 MB (about 300 entries of an average article: room for the window's). */
export const readAheadLimits: ReadAheadLimits = { window: 128, ringBytes: 4 * 1024 * 1024 };

/** "young,old" (MB; 0 or empty: V8's default) as resource limits, else `fallback`. */
export function limitsFrom(setting: string | undefined, fallback: ResourceLimits): ResourceLimits {
  const parts = setting?.split(',').map((part) => Number(part || '0'));
  const chosen = parts !== undefined && parts.length === 2 && parts.every((n) => Number.isFinite(n) && n >= 0)
    ? { maxYoungGenerationSizeMb: parts[0], maxOldGenerationSizeMb: parts[1] } : fallback;
  const limits: ResourceLimits = {};
  if ((chosen.maxYoungGenerationSizeMb ?? 0) > 0) limits.maxYoungGenerationSizeMb = chosen.maxYoungGenerationSizeMb;
  if ((chosen.maxOldGenerationSizeMb ?? 0) > 0) limits.maxOldGenerationSizeMb = chosen.maxOldGenerationSizeMb;
  return limits;
}

/**
 * The reader's heap: it holds at most a window of texts, but with V8's defaults its heap grows with the
 * garbage of the files read (their bytes and texts) between collections. A reader out of memory stops
 * and the main thread reads the rest (`ReadScan.lost`). `CROSSCHECK_READER_HEAP` ("young,old" in MB)
 * overrides it, for measuring.
 */
export const readerLimits: ResourceLimits = limitsFrom(process.env.CROSSCHECK_READER_HEAP, { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 32 });

/** The reader thread, started for a scan and stopped after it (it holds little, but nothing is kept for long). */
export class Reader {
  private worker: Worker | undefined;
  /** Whether the started thread has loaded its code (false: it could not). */
  private loaded: Promise<boolean> | undefined;
  private current: ReadScan | undefined;
  private nextScan = 1;

  constructor(private readonly bundle = readerBundle, private readonly limits = readAheadLimits) {}

  /**
   * Starts the thread before a scan needs it (it loads while the workspace folders are listed);
   * once loaded, it does not keep the process alive until a scan uses it. True once it has loaded, false when
   * there is no reader or it failed.
   */
  prepare(): Promise<boolean> {
    if (!existsSync(this.bundle)) return Promise.resolve(false);
    const worker = this.start();
    const loaded = this.loaded;
    if (worker === undefined || loaded === undefined) return Promise.resolve(false);
    // Kept alive while it loads (someone may wait for it), then only while a scan uses it.
    void loaded.then(() => {
      if (this.worker === worker && this.current === undefined) worker.unref();
    });
    return loaded;
  }

  /**
   * Starts reading `files` ahead; undefined when there is no reader bundle (the tests run the
   * sources) or it cannot start. `mark(k)` is called when file k may be read and again when it is
   * taken: a different value drops what was read.
   */
  scan(files: string[], maxBytes: number, cache: ReadRequest['cache'], mark: (index: number) => unknown): ReadScan | undefined {
    this.current?.cancel();
    this.current = undefined;
    if (files.length === 0 || !existsSync(this.bundle)) return undefined;
    const worker = this.start();
    if (worker === undefined) return undefined;
    worker.ref();
    const { window, ringBytes } = this.limits;
    const scan = new ReadScan(this.nextScan++, files.length, window, mark, cache === undefined ? 0 : ringBytes);
    this.current = scan;
    const request: ReadRequest = { scan: scan.id, files, maxBytes, cache, control: scan.control.buffer as SharedArrayBuffer, ring: scan.ring.buffer as SharedArrayBuffer, window };
    try {
      worker.postMessage(request);
    } catch {
      scan.lost();
      return undefined;
    }
    return scan;
  }

  private start(): Worker | undefined {
    if (this.worker) return this.worker;
    let worker: Worker;
    try {
      worker = startWorker(this.bundle, readerLimits);
    } catch {
      return undefined;
    }
    let loaded: (value: boolean) => void = () => undefined;
    this.loaded = new Promise((resolve) => (loaded = resolve));
    worker.on('message', (message: ReadBatch | typeof READER_LOADED) => {
      if (message === READER_LOADED) loaded(true);
      else if (this.current?.id === message.scan) this.current.receive(message);
    });
    const gone = (): void => {
      loaded(false);
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.loaded = undefined;
      this.current?.lost();
    };
    worker.on('error', gone);
    worker.on('exit', gone);
    return (this.worker = worker);
  }

  /** The scan is over: the reader stops, unless a newer scan uses it. */
  async finish(scan: ReadScan): Promise<void> {
    scan.cancel();
    if (this.current === scan) await this.stop();
  }

  /** Stops the reader (a new scan starts it again). */
  async stop(): Promise<void> {
    this.current?.cancel();
    this.current = undefined;
    const worker = this.worker;
    this.worker = undefined;
    this.loaded = undefined;
    if (worker) await worker.terminate();
  }
}

/** One scan's reading ahead, as the main thread sees it. */
export class ReadScan {
  readonly control: Int32Array;
  readonly ring: Uint8Array;
  private readonly results = new Map<number, ReadOutcome>();
  private waiting: { index: number; resolve: (outcome: ReadOutcome) => void } | undefined;
  private closed = false;
  /** Files below this may be read; their marks are taken. */
  private granted = 0;
  private readonly marks: unknown[];
  /** Files taken as the reader read them, files the main thread read itself, and how often it waited for the reader. */
  readonly counts = { ahead: 0, here: 0, waits: 0 };

  constructor(readonly id: number, files: number, private readonly window: number, private readonly mark: (index: number) => unknown, ringBytes: number) {
    this.control = new Int32Array(new SharedArrayBuffer(4 * (CLAIMS + files)));
    this.ring = new Uint8Array(new SharedArrayBuffer(ringBytes));
    this.marks = new Array<unknown>(files);
    this.grant(0);
  }

  /** Lets the reader read files below `consumed + window`, marking each first. */
  private grant(consumed: number): void {
    const until = Math.min(this.marks.length, consumed + this.window);
    for (let k = this.granted; k < until; k++) this.marks[k] = this.mark(k);
    this.granted = Math.max(this.granted, until);
  }

  /**
   * File k: what the reader made of it, `READ_HERE` when the main thread is to read it (the reader
   * did not claim it first, could not read it, is gone, or the file's mark changed), or a promise
   * of either while the reader's batch with it is on its way. Files are taken in order: taking file
   * k tells the reader every file before it is done with (its entry's place in the ring is free).
   */
  take(index: number): ReadOutcome | Promise<ReadOutcome> {
    this.advance(index);
    const got = this.results.get(index);
    if (got !== undefined) {
      this.results.delete(index);
      const outcome = got !== READ_HERE && this.mark(index) !== this.marks[index] ? READ_HERE : got;
      this.counts[outcome === READ_HERE ? 'here' : 'ahead']++;
      return outcome;
    }
    if (this.closed || Atomics.compareExchange(this.control, CLAIMS + index, 0, BY_MAIN) !== BY_READER) {
      this.counts.here++;
      return READ_HERE;
    }
    this.counts.waits++;
    return new Promise((resolve) => {
      this.waiting = { index, resolve };
    });
  }

  /**
   * The main thread is done with the files before `consumed`: the reader may go on. It waits only
   * with a full window, so it is woken once the main thread has taken half a window more (a wake-up
   * costs a system call, and on a busy machine often a switch of threads).
   */
  advance(consumed: number): void {
    if (this.closed) return;
    const before = Atomics.load(this.control, CONSUMED);
    if (consumed <= before) return;
    this.grant(consumed);
    Atomics.store(this.control, CONSUMED, consumed);
    if (consumed - this.woken >= this.window / 2 && Atomics.load(this.control, WAITING) !== 0) {
      this.woken = consumed;
      Atomics.notify(this.control, CONSUMED);
    }
  }

  private woken = 0;

  /** A batch from the reader. */
  receive(batch: ReadBatch): void {
    if (this.closed) return;
    for (const item of batch.items) {
      let outcome: ReadOutcome;
      if ('retry' in item) outcome = READ_HERE;
      else if ('skipped' in item) outcome = item;
      else {
        const entry = item.entryLength === -2 ? null
          : item.entryLength < 0 ? undefined
            : item.entryOwn !== undefined ? new Uint8Array(item.entryOwn)
              : this.ring.subarray(item.entryStart, item.entryStart + item.entryLength);
        outcome = { text: item.text, warnings: item.warnings, hash: item.hash, entry };
      }
      this.results.set(item.index, outcome);
    }
    const waiting = this.waiting;
    if (waiting !== undefined && this.results.has(waiting.index)) {
      this.waiting = undefined;
      waiting.resolve(this.take(waiting.index) as ReadOutcome); // there: not a promise
    }
  }

  /** The reader is gone: the main thread reads every file it has no result for. */
  lost(): void {
    this.closed = true;
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting === undefined) return;
    const got = this.results.get(waiting.index);
    this.counts[got === undefined || got === READ_HERE ? 'here' : 'ahead']++;
    waiting.resolve(got ?? READ_HERE);
  }

  /** The scan is over or replaced: the reader stops, what it read is dropped. */
  cancel(): void {
    if (this.closed) return;
    Atomics.store(this.control, CANCELLED, 1);
    Atomics.notify(this.control, CONSUMED);
    this.results.clear();
    this.lost();
  }
}
