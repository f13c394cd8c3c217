/**
 * The reader thread (bundled to dist/reader.js; `reader.ts` starts it): reads a scan's article files
 * in order, each decoded as the main thread decodes it, hashed, with its analysis cache entry's bytes,
 * and posts them in batches. Claims each file before reading it (the main thread reads a file the
 * reader did not claim), stays within the window the main thread grants, and stops when the scan is
 * cancelled. Whatever goes wrong with a file is left to the main thread (`retry`), which reads it
 * again and reports it as it always does. Knows nothing of LSP.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { decodeArticleBytes } from '../../core/src/articleFile';
import { contentHash, entryPathOf } from '../../core/src/cache/analysisCache';
import { BY_READER, CANCELLED, CLAIMS, CONSUMED, READER_LOADED, WAITING, type ReadBatch, type ReadItem, type ReadRequest, type ReadText } from './reader';
import { FOLDER, fsPathOf, readWhole } from './readerFile';

/** A batch is posted after this many files, or this many milliseconds, or before waiting. */
const batchFiles = 32;
const batchMs = 2;

/**
 * Where the entries go: the scan's shared ring (`ReadRequest.ring`), written in order. An entry's
 * place is free again once the main thread has taken its file (`CONSUMED` is past it); an entry
 * that does not fit (larger than the free part) gets a buffer of its own, transferred with its batch.
 * Nothing waits for space after a file is claimed: the main thread may be waiting for that file.
 */
class Ring {
  private readonly bytes: Uint8Array;
  /** Bytes written and bytes freed since the scan began (positions in the ring are these modulo its size). */
  private written = 0;
  private freed = 0;
  /** The entries in the ring: file index and where the entry ends (as `written`), oldest first. */
  private readonly held: { index: number; end: number }[] = [];

  constructor(ring: SharedArrayBuffer, private readonly control: Int32Array) {
    this.bytes = new Uint8Array(ring);
  }

  /** `size` contiguous bytes for file `index`'s entry: their offset in the ring, or -1 when there is no room now. */
  reserve(index: number, size: number): number {
    const consumed = Atomics.load(this.control, CONSUMED);
    while (this.held.length > 0 && this.held[0].index < consumed) this.freed = this.held.shift()!.end;
    const length = this.bytes.length;
    const at = this.written % length;
    // Contiguous: an entry that would wrap starts at the beginning, the end of the ring left unused.
    const skip = at + size > length ? length - at : 0;
    if (this.written + skip + size - this.freed > length) return -1;
    this.written += skip + size;
    this.held.push({ index, end: this.written });
    return skip > 0 ? 0 : at;
  }

  /** Where an entry of `size` bytes at `offset` is read into. */
  view(offset: number, size: number): Uint8Array {
    return this.bytes.subarray(offset, offset + size);
  }
}

/** Reads the whole file at `fd` (of `size` bytes by its fstat) into `into`; the bytes read. */
function readAll(fd: number, into: Uint8Array): number {
  let length = 0;
  while (length < into.length) {
    const read = readSync(fd, into, length, into.length - length, null);
    if (read === 0) break;
    length += read;
  }
  return length;
}

/** The entry at `where` read for file `index`: into the ring, else into a buffer of its own; undefined when there is none (a miss). */
function readEntry(where: string, index: number, ring: Ring): { start: number; length: number } | { own: ArrayBuffer } | undefined {
  let fd: number;
  try {
    fd = openSync(where, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const start = ring.reserve(index, size);
    if (start >= 0) return { start, length: readAll(fd, ring.view(start, size)) };
    const own = new Uint8Array(size);
    const length = readAll(fd, own);
    return { own: own.buffer.slice(0, length) };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function readOne(request: ReadRequest, index: number, ring: Ring): ReadItem {
  const fsPath = fsPathOf(request.files[index]);
  if (fsPath === undefined) return { index, retry: true };
  try {
    const read = readWhole(fsPath, request.maxBytes);
    if (typeof read === 'string') return { index, skipped: read, gone: read === FOLDER };
    const decoded = decodeArticleBytes(read, request.maxBytes);
    if (decoded.skipped) return { index, skipped: decoded.reason, gone: false };
    const hash = contentHash(decoded.text);
    const item: ReadText = { index, text: decoded.text, warnings: decoded.warnings, hash, entryStart: 0, entryLength: -2 };
    const cache = request.cache;
    if (cache === undefined) return item;
    const entry = readEntry(entryPathOf(cache.folder, cache.version, request.files[index], hash), index, ring);
    if (entry === undefined) item.entryLength = -1;
    else if ('own' in entry) {
      item.entryLength = entry.own.byteLength;
      item.entryOwn = entry.own;
    } else {
      item.entryStart = entry.start;
      item.entryLength = entry.length;
    }
    return item;
  } catch {
    return { index, retry: true };
  }
}

function run(request: ReadRequest): void {
  const control = new Int32Array(request.control);
  const ring = new Ring(request.ring, control);
  let items: ReadItem[] = [];
  let transfer: ArrayBuffer[] = [];
  let started = 0;
  const flush = (): void => {
    if (items.length === 0) return;
    parentPort!.postMessage({ scan: request.scan, items } satisfies ReadBatch, transfer);
    items = [];
    transfer = [];
  };
  for (let k = 0; k < request.files.length; k++) {
    if (Atomics.load(control, CANCELLED) !== 0) break;
    // Within the window the main thread grants; wait (posting what is read) until it moves on.
    let consumed = Atomics.load(control, CONSUMED);
    while (k >= consumed + request.window && Atomics.load(control, CANCELLED) === 0) {
      flush();
      Atomics.store(control, WAITING, 1);
      // Returns at once if the main thread moved on meanwhile; else it wakes this thread within half a window.
      Atomics.wait(control, CONSUMED, consumed, 1000);
      Atomics.store(control, WAITING, 0);
      consumed = Atomics.load(control, CONSUMED);
    }
    if (Atomics.load(control, CANCELLED) !== 0) break;
    // The main thread took it (it needed it before the reader got there).
    if (Atomics.compareExchange(control, CLAIMS + k, 0, BY_READER) !== 0) continue;
    if (items.length === 0) started = performance.now();
    const item = readOne(request, k, ring);
    if ('entryOwn' in item && item.entryOwn !== undefined) transfer.push(item.entryOwn);
    items.push(item);
    if (items.length >= batchFiles || performance.now() - started >= batchMs) flush();
  }
  if (Atomics.load(control, CANCELLED) === 0) flush();
}

parentPort?.on('message', (request: ReadRequest) => run(request));
parentPort?.postMessage(READER_LOADED);
