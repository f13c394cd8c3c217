/**
 * The on-disk analysis cache: one small file (lines of JSON) per analysed article, keyed by the article's file,
 * the SHA-256 of its text and the analysis version, so reopening a workspace skips the analysis of
 * every article whose text did not change. An entry holds the analysis and the article's
 * cross-referencing features (`core/src/cache/features.ts`), so a cached article needs no work at all.
 * Entries are never trusted blindly: an entry that cannot be parsed, was written by another format or
 * analysis version, does not match the text's hash, or whose features do not fit its analysis is
 * deleted and the article analysed again. An entry may also keep the outcome of checks the caller made
 * on the same text (`TextChecks`: the server's language check of an article file), named by the
 * caller's version of them, so a warm start need not make them again. Writes go to a temporary file renamed into place, so a
 * crash or a second process never leaves a half-written entry where a reader looks.
 *
 * Layout: `<root>/<version>/<first two hex digits>/<key>.json`. Opening the cache removes the folders
 * of other analysis versions (an old cache is discarded, never read).
 *
 * An entry file is lines of ASCII JSON (every non-ASCII character escaped; JSON never holds a raw
 * line break): the head (format, version, file, hash, the body's size in bytes, checks), then the
 * body — the analysis and the features read when the article is put into the corpus, then one line
 * per section of the features (`EncodedFeatures.sections`) read only when a story is computed again.
 * A read parses the head and that first body line only; each section is taken as text of its own
 * (not a string inside the JSON, which every read would have to parse and unescape) and decoded on
 * first use. An entry whose size or number of lines is not the one written is discarded.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Article } from '../model';
import type { ArticleFeatures } from '../crossref/crossref';
import { isAscii } from 'node:buffer';
import { asciiJson, textOf } from './codec';
import { decodeFeatures, encodeFeatures, featureSections } from './features';

/** Bumped by hand when the entry format changes; the analysis version is given by the caller. */
const FORMAT = 4;

export interface CacheStatistics {
  hits: number;
  misses: number;
  /** Entries discarded: unreadable, corrupt, of another version or not matching the text. */
  discarded: number;
  writes: number;
}

/** The first line of an entry file. */
interface Head {
  format: number;
  version: string;
  file: string;
  hash: string;
  /** Bytes after the head's line: a longer or shorter file is not the one written. */
  size: number;
  checks?: TextChecks;
}

/**
 * What checks of the text (made outside the analysis) said, kept with its entry: `version` names the
 * code that made them (a caller that finds another version makes them again), `warnings` what they
 * found, in order.
 */
export interface TextChecks {
  version: string;
  warnings: string[];
}

/** The first line of an entry body: the analysis without its text (on disk already) and the features' data. */
interface EntryBody {
  article: Omit<Article, 'text'>;
  features?: unknown;
}

export interface CachedArticle {
  article: Article;
  /** Undefined when the entry was written without them (they could not be encoded). */
  features?: ArticleFeatures;
  /** The checks stored with the entry (`putBody`), if any. */
  checks?: TextChecks;
}

/**
 * The body of a cache entry for an analysed article, as text (lines of ASCII JSON: the analysis and
 * the features' data, then the features' sections): built where the article was analysed (a worker
 * thread), stored by `putBody` and read back by `AnalysisCache.read`, so the text is the one message
 * the worker sends and the one file the cache writes.
 */
export function entryBody(article: Article, features?: ArticleFeatures): string {
  const { text: _text, ...rest } = article;
  let encoded: ReturnType<typeof encodeFeatures> | undefined;
  try {
    encoded = features === undefined ? undefined : encodeFeatures(article, features);
  } catch {
    encoded = undefined; // stored without features: they are computed again when read
  }
  // ASCII only (non-ASCII characters escaped): read back without UTF-8 decoding, parsed faster.
  const first = asciiJson(JSON.stringify({ article: rest, features: encoded?.data } satisfies EntryBody));
  return encoded === undefined ? first : [first, ...encoded.sections.map(asciiJson)].join('\n');
}

/** Reads an entry body (`entryBody`) back for `text`; throws when it does not fit. */
export function readEntryBody(body: string, file: string, hash: string, text: string): CachedArticle {
  const lines = body.split('\n');
  // Own copies of the sections, which live on with the features: a slice would keep the whole body.
  const sections = lines.slice(1).map((line) => (ASCII.test(line) ? Buffer.from(line, 'latin1').toString('latin1') : line));
  const cached = readBody(lines[0], sections, file, hash, text);
  if (!cached) throw new Error('not an analysis of this file');
  return cached;
}

const ASCII = /^[\u0000-\u007f]*$/;

/** The analysis and features of an entry body's lines, or undefined when they do not fit `file` and `hash`; throws on features that do not fit. */
function readBody(first: string, sections: string[], file: string, hash: string, text: string): CachedArticle | undefined {
  let parsed: Partial<EntryBody>;
  try {
    parsed = JSON.parse(first) as Partial<EntryBody>;
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const stored = validArticle(parsed.article, file, hash);
  if (!stored) return undefined;
  const article = { ...stored, text } as Article;
  if (parsed.features === undefined) return sections.length === 0 ? { article } : undefined;
  if (sections.length !== featureSections) return undefined;
  return { article, features: decodeFeatures(article, parsed.features, sections) };
}

function validArticle(article: unknown, file: string, hash: string): Omit<Article, 'text'> | undefined {
  if (typeof article !== 'object' || article === null) return undefined;
  const a = article as Partial<Article>;
  if (a.file !== file || a.hash !== hash) return undefined;
  for (const list of ['sentences', 'people', 'entities', 'quotes', 'claims', 'problems'] as const) {
    if (!Array.isArray(a[list])) return undefined;
  }
  if (typeof a.metadata !== 'object' || a.metadata === null) return undefined;
  return a as Omit<Article, 'text'>;
}

function validChecks(checks: unknown): checks is TextChecks {
  if (typeof checks !== 'object' || checks === null) return false;
  const { version, warnings } = checks as Partial<TextChecks>;
  return typeof version === 'string' && Array.isArray(warnings) && warnings.every((warning) => typeof warning === 'string');
}

/**
 * One buffer for reading entries: an entry is read with open, one read, close — no `fstat` and no
 * buffer per file (a short read is the end of a regular file; were it not, the entry would not parse
 * and would only be analysed again).
 */
let entryBuffer = Buffer.allocUnsafe(256 * 1024);

/** Reads an entry into `entryBuffer`; returns its length in bytes. */
function readEntry(where: string): number {
  const fd = openSync(where, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length === entryBuffer.length) {
        const larger = Buffer.allocUnsafe(entryBuffer.length * 2);
        entryBuffer.copy(larger, 0, 0, length);
        entryBuffer = larger;
      }
      const wanted = entryBuffer.length - length;
      const read = readSync(fd, entryBuffer, length, wanted, null);
      length += read;
      if (read < wanted) break;
    }
    return length;
  } finally {
    closeSync(fd);
  }
}

/**
 * The lines of the entry just read (`length` bytes of `entryBuffer`), each its own string: one-byte
 * text when the entry is ASCII (as written), else decoded as UTF-8.
 */
function entryLines(length: number): string[] {
  const bytes = entryBuffer.subarray(0, length);
  const encoding = isAscii(bytes) ? 'latin1' : 'utf8';
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(10, start);
    lines.push(bytes.toString(encoding, start, end < 0 ? length : end));
    if (end < 0) return lines;
    start = end + 1;
  }
}

function validHead(head: unknown): head is Head {
  if (typeof head !== 'object' || head === null) return false;
  const { checks, size } = head as Partial<Head>;
  return typeof size === 'number' && (checks === undefined || validChecks(checks));
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export class AnalysisCache {
  readonly folder: string;
  readonly statistics: CacheStatistics = { hits: 0, misses: 0, discarded: 0, writes: 0 };
  private readonly made = new Set<string>();

  /**
   * `root`: where caches live (one folder per analysis version below it). `version`: names the
   * analysis that wrote an entry; anything written by another version is discarded.
   */
  constructor(root: string, readonly version: string) {
    const safe = version.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80) || 'unversioned';
    this.folder = path.join(root, safe);
    mkdirSync(this.folder, { recursive: true });
    for (const name of readdirSync(root)) {
      if (name !== safe) rmSync(path.join(root, name), { recursive: true, force: true });
    }
  }

  private entryPath(file: string, hash: string): string {
    const key = contentHash(`${FORMAT}\u0000${this.version}\u0000${file}\u0000${hash}`);
    return path.join(this.folder, key.slice(0, 2), `${key}.json`);
  }

  /** The cached analysis of `text` as the article `file`, or undefined (a miss or a discarded entry). */
  get(file: string, text: string, hash = contentHash(text)): Article | undefined {
    return this.read(file, text, hash)?.article;
  }

  /** The cached analysis and features of `text` as the article `file`, or undefined (a miss or a discarded entry). */
  read(file: string, text: string, hash = contentHash(text)): CachedArticle | undefined {
    const where = this.entryPath(file, hash);
    let length: number;
    try {
      length = readEntry(where);
    } catch {
      this.statistics.misses++;
      return undefined;
    }
    let cached: CachedArticle | undefined;
    try {
      cached = this.validate(length, file, hash, text);
    } catch {
      cached = undefined; // features that do not fit the analysis: the entry is corrupt
    }
    if (!cached) {
      this.statistics.discarded++;
      this.statistics.misses++;
      try {
        unlinkSync(where);
      } catch {
        // gone already
      }
      return undefined;
    }
    this.statistics.hits++;
    return cached;
  }

  /** The entry of `length` bytes just read, if it is this format and version's entry for `file` and `hash`. */
  private validate(length: number, file: string, hash: string, text: string): CachedArticle | undefined {
    const newline = entryBuffer.subarray(0, length).indexOf(10);
    if (newline < 0) return undefined;
    let head: unknown;
    try {
      head = JSON.parse(textOf(entryBuffer.subarray(0, newline)));
    } catch {
      return undefined;
    }
    if (!validHead(head)) return undefined;
    if (head.format !== FORMAT || head.version !== this.version || head.file !== file || head.hash !== hash) return undefined;
    if (head.size !== length - newline - 1) return undefined;
    const [, first, ...sections] = entryLines(length);
    const cached = readBody(first, sections, file, hash, text);
    if (!cached || head.checks === undefined) return cached;
    cached.checks = head.checks;
    return cached;
  }

  /** Stores an analysis and its features (atomically: a temporary file renamed into place). Failures are ignored: it is a cache. */
  put(article: Article, features?: ArticleFeatures): void {
    const hash = contentHash(article.text);
    // The features point into the article itself: a copy (to correct a hash) would cut them loose.
    if (article.hash === hash) this.putBody(article.file, hash, entryBody(article, features));
    else this.putBody(article.file, hash, entryBody({ ...article, hash }));
  }

  /**
   * Replaces the checks kept with an entry (read just before) by `checks`, keeping its body: for
   * checks made again because the entry held another version of them. Failures are ignored.
   */
  putChecks(file: string, hash: string, checks: TextChecks): void {
    try {
      const length = readEntry(this.entryPath(file, hash));
      const newline = entryBuffer.subarray(0, length).indexOf(10);
      if (newline > 0) this.putBody(file, hash, textOf(entryBuffer.subarray(newline + 1, length)), checks);
    } catch {
      // gone or unreadable: the next read tells
    }
  }

  /** Stores an entry body built by `entryBody` for the text whose hash is `hash`, with the outcome of the caller's `checks` of that text. */
  putBody(file: string, hash: string, body: string, checks?: TextChecks): void {
    const where = this.entryPath(file, hash);
    const dir = path.dirname(where);
    const temporary = `${where}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const head = asciiJson(JSON.stringify({ format: FORMAT, version: this.version, file, hash, size: Buffer.byteLength(body), checks } satisfies Head));
    try {
      if (!this.made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        this.made.add(dir);
      }
      writeFileSync(temporary, `${head}\n${body}`);
      renameSync(temporary, where);
      this.statistics.writes++;
    } catch {
      try {
        unlinkSync(temporary);
      } catch {
        // nothing was written
      }
    }
  }
}
