/**
 * The on-disk analysis cache: one small JSON file per analysed article, keyed by the article's file,
 * the SHA-256 of its text and the analysis version, so reopening a workspace skips the analysis of
 * every article whose text did not change. Entries are never trusted blindly: an entry that cannot be
 * parsed, was written by another analysis version, or does not match the text's hash is deleted and
 * the article analysed again. Writes go to a temporary file renamed into place, so a crash or a
 * second process never leaves a half-written entry where a reader looks.
 *
 * Layout: `<root>/<version>/<first two hex digits>/<key>.json`. Opening the cache removes the folders
 * of other analysis versions (an old cache is discarded, never read).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Article } from '../model';

/** Bumped by hand when the entry format changes; the analysis version is given by the caller. */
const FORMAT = 1;

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
  /** The article without its text (the text is on disk already). */
  article: Omit<Article, 'text'>;
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
    const where = this.entryPath(file, hash);
    let raw: string;
    try {
      raw = readFileSync(where, 'utf8');
    } catch {
      this.statistics.misses++;
      return undefined;
    }
    const article = this.validate(raw, file, hash);
    if (!article) {
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
    return { ...article, text };
  }

  private validate(raw: string, file: string, hash: string): Omit<Article, 'text'> | undefined {
    let entry: Partial<Entry>;
    try {
      entry = JSON.parse(raw) as Partial<Entry>;
    } catch {
      return undefined;
    }
    if (typeof entry !== 'object' || entry === null) return undefined;
    if (entry.format !== FORMAT || entry.version !== this.version || entry.file !== file || entry.hash !== hash) return undefined;
    const article = entry.article;
    if (typeof article !== 'object' || article === null || article.file !== file || article.hash !== hash) return undefined;
    for (const list of ['sentences', 'people', 'entities', 'quotes', 'claims', 'problems'] as const) {
      if (!Array.isArray(article[list])) return undefined;
    }
    if (typeof article.metadata !== 'object' || article.metadata === null) return undefined;
    return article;
  }

  /** Stores an analysis (atomically: a temporary file renamed into place). Failures are ignored: it is a cache. */
  put(article: Article): void {
    const { text, ...rest } = article;
    const hash = article.hash || contentHash(text);
    const entry: Entry = { format: FORMAT, version: this.version, file: article.file, hash, article: { ...rest, hash } };
    const where = this.entryPath(article.file, hash);
    const dir = path.dirname(where);
    const temporary = `${where}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      if (!this.made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        this.made.add(dir);
      }
      writeFileSync(temporary, JSON.stringify(entry));
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
