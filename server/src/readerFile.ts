/**
 * Reading one article file's bytes, shared by the main thread (`articleFiles.ts`) and the reader
 * thread (`readerEntry.ts`, bundled to dist/reader.js): open non-blocking (a named pipe is not waited
 * on), fstat, read into one buffer per thread, close. Knows nothing of LSP.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { URI } from 'vscode-uri';
import { sizeProblem } from '../../core/src/articleFile';

/** Why a folder named like an article is skipped (noted as gone: there is no file to warn about). */
export const FOLDER = 'skipped: this is a folder, not a file';

/**
 * One buffer for the files read one after another on this thread (grown to the largest, up to
 * `sharedBytes`; a larger file gets a buffer of its own): the bytes are decoded before the next read.
 */
let sharedBuffer = Buffer.allocUnsafe(64 * 1024);
const sharedBytes = 1024 * 1024;

/**
 * A file's bytes, or why it is skipped (a folder, not a regular file, over the size limit), read
 * synchronously with four system calls and no file handle object: open, fstat, read, close (a read
 * more only when the file grew since its fstat). Opened non-blocking, so a named pipe is not waited
 * on: its fstat tells it apart. The bytes are a view of this thread's shared buffer, valid until the
 * next read. Throws what the file system throws (a file gone, no permission).
 */
export function readWhole(fsPath: string, maxBytes: number): Uint8Array | string {
  const fd = openSync(fsPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) return FOLDER;
    if (!stats.isFile()) return 'skipped: not a regular file (a pipe, socket or device)';
    const tooLarge = sizeProblem(stats.size, maxBytes);
    if (tooLarge !== undefined) return tooLarge;
    // Up to the end of the file, as readFile reads: one byte of room tells the end from a full buffer.
    if (sharedBuffer.length < stats.size + 1 && stats.size < sharedBytes) sharedBuffer = Buffer.allocUnsafe(sharedBytes);
    let buffer = sharedBuffer.length >= stats.size + 1 ? sharedBuffer : Buffer.allocUnsafe(stats.size + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const larger = Buffer.allocUnsafe(2 * buffer.length);
        buffer.copy(larger, 0, 0, length);
        buffer = larger;
      }
      const count = readSync(fd, buffer, length, buffer.length - length, null);
      if (count === 0) break;
      length += count;
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** The file system path of a `file:` URI, or undefined for any other URI. */
export function fsPathOf(uri: string): string | undefined {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : undefined;
  } catch {
    return undefined;
  }
}
