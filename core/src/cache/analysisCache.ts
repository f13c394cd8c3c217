/**
 * The on-disk analysis cache: one small JSON file per analysed article, keyed by the article's file,
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
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Article } from '../model';
import type { ArticleFeatures } from '../crossref/crossref';
import { asciiJson, textOf } from './codec';
import { decodeFeatures, encodeFeatures } from './features';

/** Bumped by hand when the entry format changes; the analysis version is given by the caller. */
const FORMAT = 3;

export interface CacheStatistics {
  hits: number;
  misses: number;
  /** Entries discarded: unreadable, corrupt, of another version or not matching the text. */
  discarded: number;
  writes: number;
}

interface Entry {
  format: number;
  version: string;
  file: string;
  hash: string;
  checks?: TextChecks;
  body: EntryBody;
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

/** What an entry keeps of an article: the analysis without its text (on disk already) and the encoded features. */
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
 * The body of a cache entry for an analysed article, as JSON text: built where the article was
 * analysed (a worker thread), stored by `putBody` and read back by `AnalysisCache.read`, so the text
 * is the one message the worker sends and the one file the cache writes.
 */
export function entryBody(article: Article, features?: ArticleFeatures): string {
  const { text: _text, ...rest } = article;
  let encoded: unknown;
  try {
    encoded = features === undefined ? undefined : encodeFeatures(article, features);
  } catch {
    encoded = undefined; // stored without features: they are computed again when read
  }
  // ASCII only (non-ASCII characters escaped): read back without UTF-8 decoding, parsed faster.
  return asciiJson(JSON.stringify({ article: rest, features: encoded } satisfies EntryBody));
}

/** Reads an entry body (`entryBody`) back for `text`; throws when it does not fit. */
export function readEntryBody(body: string, file: string, hash: string, text: string): CachedArticle {
  const parsed = JSON.parse(body) as Partial<EntryBody>;
  const article = validArticle(parsed?.article, file, hash);
  if (!article) throw new Error('not an analysis of this file');
  return restore(article, parsed.features, text);
}

function restore(stored: Omit<Article, 'text'>, features: unknown, text: string): CachedArticle {
  const article = { ...stored, text } as Article;
  return features === undefined ? { article } : { article, features: decodeFeatures(article, features) };
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

function readEntry(where: string): string {
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
    return textOf(entryBuffer.subarray(0, length));
  } finally {
    closeSync(fd);
  }
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
    let raw: string;
    try {
      raw = readEntry(where);
    } catch {
      this.statistics.misses++;
      return undefined;
    }
    let cached: CachedArticle | undefined;
    try {
      cached = this.validate(raw, file, hash, text);
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

  private validate(raw: string, file: string, hash: string, text: string): CachedArticle | undefined {
    let entry: Partial<Entry>;
    try {
      entry = JSON.parse(raw) as Partial<Entry>;
    } catch {
      return undefined;
    }
    if (typeof entry !== 'object' || entry === null) return undefined;
    if (entry.format !== FORMAT || entry.version !== this.version || entry.file !== file || entry.hash !== hash) return undefined;
    if (typeof entry.body !== 'object' || entry.body === null) return undefined;
    const { checks } = entry;
    if (checks !== undefined && !validChecks(checks)) return undefined;
    const article = validArticle(entry.body.article, file, hash);
    if (!article) return undefined;
    const cached = restore(article, entry.body.features, text);
    return checks === undefined ? cached : { ...cached, checks };
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
      const raw = readEntry(this.entryPath(file, hash));
      // The head's strings are JSON: a quote in them is escaped, so this is where the body starts.
      const at = raw.indexOf(',"body":');
      if (at > 0 && raw.endsWith('}')) this.putBody(file, hash, raw.slice(at + ',"body":'.length, -1), checks);
    } catch {
      // gone or unreadable: the next read tells
    }
  }

  /** Stores an entry body built by `entryBody` for the text whose hash is `hash`, with the outcome of the caller's `checks` of that text. */
  putBody(file: string, hash: string, body: string, checks?: TextChecks): void {
    const where = this.entryPath(file, hash);
    const dir = path.dirname(where);
    const temporary = `${where}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const head = asciiJson(JSON.stringify({ format: FORMAT, version: this.version, file, hash, checks }));
    try {
      if (!this.made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        this.made.add(dir);
      }
      writeFileSync(temporary, `${head.slice(0, -1)},"body":${body}}`);
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
