/**
 * Which files are articles: the `crosscheck.articles` globs, matched against paths relative to a
 * workspace folder, and a scan of the folders that finds them on disk.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Minimatch } from 'minimatch';
import { URI } from 'vscode-uri';
import { decodeArticleBytes, defaultMaxArticleBytes, languageWarnings } from '../../core/src/index';
import type { FileNote } from './fileNotes';
import type { Logger } from './logger';
import { describeError } from './logger';
import { FOLDER, fsPathOf, readWhole } from './readerFile';

export { fsPathOf };

/** Folders never scanned: dependencies and version control. */
const skippedFolders = new Set(['node_modules', '.git', '.hg', '.svn']);

export class ArticleFiles {
  /** The globs compiled once (compiling one per path tested cost about 0.2 ms per file of a scan). */
  private compiled: Minimatch[] | undefined;

  constructor(private folderPaths: string[], private patterns: string[]) {}

  setFolders(folders: string[]): void {
    this.folderPaths = folders;
  }

  setGlobs(globs: string[]): void {
    this.patterns = globs;
    this.compiled = undefined;
  }

  /** The workspace folders, as file system paths. */
  folders(): string[] {
    return [...this.folderPaths];
  }

  globs(): string[] {
    return [...this.patterns];
  }

  /** True when `uri` is a file under a workspace folder (or anywhere, without folders) matching a glob. */
  matches(uri: string): boolean {
    const fsPath = fsPathOf(uri);
    if (fsPath === undefined) return false;
    const compiled = (this.compiled ??= this.patterns.map((glob) => new Minimatch(glob, { dot: true })));
    return this.relativePaths(fsPath).some((relative) => compiled.some((glob) => glob.match(relative)));
  }

  private relativePaths(fsPath: string): string[] {
    // Relative to the folder, and to its parent too, so that opening the `seeds/` folder itself still
    // matches `**/seeds/*.txt` (the folder's own name is part of what the user sees as the path).
    const inside = this.folderPaths
      .flatMap((folder) => [path.relative(folder, fsPath), path.relative(path.dirname(folder), fsPath)])
      .filter((relative) => relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative))
      .map(toPosix);
    if (inside.length > 0) return inside;
    return [toPosix(fsPath).replace(/^\/+/, '')];
  }

  /** URIs of the article files in every workspace folder; symlinked folders are followed once. */
  async scan(log: Logger): Promise<string[]> {
    const found: string[] = [];
    const visited = new Set<string>();
    for (const folder of this.folderPaths) await this.walk(folder, visited, found, log);
    return found.sort();
  }

  private async walk(folder: string, visited: Set<string>, found: string[], log: Logger): Promise<void> {
    let real: string;
    try {
      real = await fs.realpath(folder);
    } catch (error) {
      log.warn(`Cannot read folder ${folder}: ${describeError(error)}`);
      return;
    }
    if (visited.has(real)) {
      log.info(`${folder}: skipped: this folder was read already (a symbolic link back to it, or a loop)`);
      return;
    }
    visited.add(real);
    let entries;
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      log.warn(`Cannot read folder ${folder}: ${describeError(error)}`);
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await fs.stat(full);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          // A dangling link or a loop of links: said when it would have been an article.
          if (this.matches(URI.file(full).toString())) log.warn(`${full}: skipped: ${describeReadError(error)}`);
          continue;
        }
      }
      if (isDirectory && !skippedFolders.has(entry.name)) {
        await this.walk(full, visited, found, log);
      } else if (isFile) {
        const uri = URI.file(full).toString();
        if (this.matches(uri)) found.push(uri);
      } else if (!isDirectory && this.matches(URI.file(full).toString())) {
        log.warn(`${full}: skipped: not a regular file (a pipe, socket or device)`);
      }
    }
  }
}

/** How article files are read: the size limit (`crosscheck.maxArticleBytes`) and where notes go. */
export interface ArticleReading {
  maxBytes: number;
  /** Told what was wrong with a file (or, with undefined, that nothing was). */
  note?: (uri: string, note: FileNote | undefined) => void;
}

/** The server's reading options; server.ts sets the limit from the settings and the notes sink. */
export const articleReading: ArticleReading = { maxBytes: defaultMaxArticleBytes };

/**
 * The text of an article file on disk, or undefined when it cannot or should not be analysed. Every
 * problem is logged with the file's path and, for a file that exists, passed to `reading.note`.
 */
export async function readArticleFile(uri: string, log: Logger, reading: ArticleReading = articleReading): Promise<string | undefined> {
  const decoded = await decodeArticleFile(uri, log, reading);
  if (decoded === undefined) return undefined;
  reportArticleWarnings(uri, [...decoded.warnings, ...languageWarnings(decoded.text)], log, reading);
  return decoded.text;
}

/** An article file read and decoded, its language not checked yet (`core/src/articleFile.ts`). */
export interface DecodedArticle {
  text: string;
  /** The encoding and markup warnings; not logged yet. */
  warnings: string[];
}

/**
 * {@link readArticleFile} without the language check and without reporting the warnings: a skipped
 * file is logged and noted as there, but the caller reports a readable file's warnings
 * ({@link reportArticleWarnings}) once it has added the language check's (the indexer takes it from
 * the analysis cache when the text's entry holds it).
 */
export async function decodeArticleFile(uri: string, log: Logger, reading: ArticleReading = articleReading): Promise<DecodedArticle | undefined> {
  const fsPath = fsPathOf(uri);
  if (fsPath === undefined) return undefined;
  const skip = (reason: string, gone = false): undefined => reportSkipped(uri, reason, gone, log, reading);
  let decoded: ReturnType<typeof decodeArticleBytes>;
  try {
    const read = readWhole(fsPath, reading.maxBytes);
    if (typeof read === 'string') return skip(read, read === FOLDER);
    // Decoded before anything else runs: the bytes are the shared read buffer's.
    decoded = decodeArticleBytes(read, reading.maxBytes);
  } catch (error) {
    return skip(`skipped: ${describeReadError(error)}`, true);
  } finally {
    await yieldNow();
  }
  if (decoded.skipped) return skip(decoded.reason);
  return { text: decoded.text, warnings: decoded.warnings };
}

/**
 * Logs why an article file is skipped, naming it, and notes it (`gone`: a file that is not there, or
 * a folder, gets no note). Always undefined: the file has no text.
 */
export function reportSkipped(uri: string, reason: string, gone: boolean, log: Logger, reading: ArticleReading = articleReading): undefined {
  log.warn(`${fsPathOf(uri) ?? uri}: ${reason}`);
  reading.note?.(uri, gone ? undefined : { skipped: true, messages: [reason] });
  return undefined;
}

/** Logs a readable article file's warnings with its path and passes them (or, without any, undefined) to `reading.note`. */
export function reportArticleWarnings(uri: string, warnings: string[], log: Logger, reading: ArticleReading = articleReading): void {
  const fsPath = fsPathOf(uri) ?? uri;
  for (const warning of warnings) log.warn(`${fsPath}: ${warning}`);
  reading.note?.(uri, warnings.length > 0 ? { skipped: false, messages: warnings } : undefined);
}

/** Main-thread milliseconds between two yields to the event loop while files are read one after another. */
const readSliceMs = 8;
let sliceStarted = 0;

/**
 * Reads are synchronous (for files the system has cached, a third of the main thread's time an
 * asynchronous stat and readFile cost: no request objects, callbacks or promises per system call),
 * so a run of them gives the event loop a turn every few milliseconds: requests are answered while
 * a workspace is read.
 */
export function yieldNow(): Promise<void> | undefined {
  const now = performance.now();
  if (now - sliceStarted < readSliceMs) return undefined;
  return new Promise((resolve) => setImmediate(() => {
    sliceStarted = performance.now();
    resolve();
  }));
}

/** An error from reading a file, in words: "it was deleted or renamed before it could be read". */
export function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT': return 'it was deleted or renamed before it could be read, or it is a link to a file that does not exist';
    case 'EACCES':
    case 'EPERM': return 'permission denied: the file cannot be read';
    case 'ELOOP': return 'a loop of symbolic links';
    case 'EISDIR': return 'this is a folder, not a file';
    case 'EMFILE':
    case 'ENFILE': return 'too many open files; it will be read on the next change';
    default: return error instanceof Error ? error.message : String(error);
  }
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}
