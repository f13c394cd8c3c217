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
 * body — the analysis and the features read before a warm start is ready (the article without its
 * sentences, entities and people; quote and claim rows), then one line per
 * section: the article's parts a warm start does not read (`splitArticle`), then the features'
 * (`EncodedFeatures.sections`: derived parts of quotes and claims, terms, sentence stems,
 * statements). A read parses the head and that first body line only; each section stays in the
 * file (`EntrySections` keeps its place, `EntryFile` reads it back) and is decoded on first use;
 * one that cannot be read back as it was written is computed again. An entry whose size,
 * number of lines or section shapes are not the ones written is discarded; a section that passes
 * those checks but does not decode later is computed again (features from the article, article
 * parts by analysing the text again), never trusted.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeArticle } from '../article/analyze';
import type { Article, Person } from '../model';
import type { ArticleFeatures } from '../crossref/crossref';
import { isAscii } from 'node:buffer';
import { asciiJson, sameKeys, textOf } from './codec';
import { EntrySections, type SectionFile, decodeFeatures, encodeFeatures, featureSections } from './features';

/** Bumped by hand when the entry format changes; the analysis version is given by the caller. */
const FORMAT = 6;

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
  /** The analysis without its text, its lazy parts replaced by their sizes (`splitArticle`) unless written whole. */
  article: Omit<Article, 'text'> | Record<string, unknown>;
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
  const split = splitArticle(rest);
  let encoded: ReturnType<typeof encodeFeatures> | undefined;
  try {
    encoded = features === undefined ? undefined : encodeFeatures(article, features);
  } catch {
    encoded = undefined; // stored without features: they are computed again when read
  }
  // ASCII only (non-ASCII characters escaped): read back without UTF-8 decoding, parsed faster.
  const first = asciiJson(JSON.stringify({ article: split?.article ?? rest, features: encoded?.data } satisfies EntryBody));
  const sections = [...(split?.sections ?? []), ...(encoded?.sections ?? [])];
  return [first, ...sections.map(asciiJson)].join('\n');
}

/**
 * Parts of an article kept in the entry file rather than in memory: its sentences and named
 * entities, which a warm start does not read before it is ready, and its people, which the first
 * pass reads (people linking, story signatures) but nothing after it but a request about that
 * article or a pass that links people again. The body's first line keeps, in their place, the number
 * of items each holds; the parts themselves are sections of the entry, in the order of
 * `ARTICLE_SECTIONS` and before the features' sections, decoded when first read (`lazyArticle`) and
 * let go again by the corpus after a pass (`releaseSections` in crossref/corpus.ts: the next read
 * decodes the section again, the same values). A read keeps the people's section as text until it is
 * first decoded (`PEOPLE_KEPT`: a warm start's first pass decodes every article's, and reading 10,000
 * entries a second time would cost more than the text held meanwhile). An article whose fields are not
 * in the order analysis gives them is written whole (its parts in the first line), and read back as it is.
 */
const ARTICLE_KEYS = ['file', 'hash', 'metadata', 'sentences', 'people', 'entities', 'quotes', 'claims', 'problems'];
/** The article's sections: sentences, entities, people. */
const ARTICLE_SECTIONS = 3;
/** The sections a read keeps as text until first decoded (bit i: section i): the people's. */
const PEOPLE_KEPT = 1 << 2;

/** The article's first-line form and its sections, or undefined when it is not in the order `lazyArticle` builds. */
function splitArticle(article: Omit<Article, 'text'>): { article: Record<string, unknown>; sections: string[] } | undefined {
  if (!sameKeys(article, ARTICLE_KEYS) || !Array.isArray(article.sentences) || !Array.isArray(article.entities) || !Array.isArray(article.people)) return undefined;
  return {
    article: { ...article, sentences: article.sentences.length, people: article.people.length, entities: article.entities.length },
    sections: [JSON.stringify(article.sentences), JSON.stringify(article.entities), JSON.stringify(article.people)],
  };
}

/**
 * The article of a first line written by `splitArticle`, with `text`; undefined when it does not fit.
 * Its sentences, entities and people are accessors that decode their section
 * when first read (assignable like data fields), so the article reads, spreads, serialises and
 * clones as the one analysis gave. A section that does not decode then to the number of items the
 * first line names is not trusted: the text is analysed again (`analyzeArticle`, a pure function of
 * the file and text: the same parts) and its parts taken.
 */
function lazyArticle(stored: Record<string, unknown>, text: string, sections: EntrySections, texts?: TextSource): Article | undefined {
  if (!sameKeys(stored, ARTICLE_KEYS)) return undefined;
  const { file, hash, metadata, quotes, claims, problems } = stored as Partial<Omit<Article, 'text'>>;
  const sentenceCount = stored.sentences;
  const entityCount = stored.entities;
  const peopleCount = stored.people;
  if (typeof file !== 'string' || typeof hash !== 'string' || typeof metadata !== 'object' || metadata === null) return undefined;
  if (!Array.isArray(quotes) || !Array.isArray(claims) || !Array.isArray(problems)) return undefined;
  if (!count(sentenceCount) || !count(entityCount) || !count(peopleCount)) return undefined;
  if (!sections.isList(0) || !sections.isList(1) || !sections.isList(2)) return undefined;
  const article = { file, hash, metadata } as Record<string, unknown>;
  Object.defineProperty(article, 'sentences', LAZY_PARTS[0]);
  Object.defineProperty(article, 'people', LAZY_PARTS[2]);
  Object.defineProperty(article, 'entities', LAZY_PARTS[1]);
  article.quotes = quotes;
  article.claims = claims;
  article.problems = problems;
  if (texts === undefined) article.text = text;
  else {
    Object.defineProperty(article, 'text', TEXT_ACCESSOR);
    TEXT_STATE.set(article, new HeldText(texts, text));
  }
  LAZY_STATE.set(article, new LazyParts(sections, sentenceCount, entityCount, peopleCount));
  // A slice would keep the whole text: with a text read again when needed, the quotes keep their own.
  if (texts === undefined) sliceQuoteTexts(quotes as unknown[], text);
  return article as unknown as Article;
}

/**
 * Where the text of an article that does not keep it is read again (`readEntryBody`'s `texts`): the
 * server reads the file from disk. The text of `file` when its content hash is still `hash`, else
 * undefined (the file changed or went since it was analysed).
 */
export interface TextSource {
  text(file: string, hash: string): string | undefined;
}

/** What an article that does not keep its text knows of it: its source, its length, and the text until `releaseText`. */
class HeldText {
  readonly length: number;
  text: string | undefined;

  constructor(readonly source: TextSource, text: string) {
    this.length = text.length;
    this.text = text;
  }
}

/** The state of each article whose `text` is read again when needed (a weak map, as `LAZY_STATE`). */
const TEXT_STATE = new WeakMap<object, HeldText>();

/**
 * The accessor of such an article's `text` (one pair of functions for all: the articles share their
 * hidden class): the text while held, then the source's; when the source no longer has that text,
 * blanks of its length, so that offsets stay in range and nothing is found in it until the file,
 * changed on disk, is analysed again. Set, the value becomes a data field (the text kept).
 */
const TEXT_ACCESSOR: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get(this: Article): string {
    const state = TEXT_STATE.get(this)!;
    return state.text ?? state.source.text(this.file, this.hash) ?? ' '.repeat(state.length);
  },
  set(this: Article, value: string): void {
    Object.defineProperty(this, 'text', { value, writable: true, enumerable: true, configurable: true });
  },
};

/**
 * Lets the text of an article read with a `TextSource` go: from now on it is read from the source
 * when asked for. Nothing for an article that keeps its text.
 */
export function releaseText(article: Article): void {
  const state = TEXT_STATE.get(article);
  if (state !== undefined) state.text = undefined;
}

/**
 * Has an article read with a `TextSource` hold `text` again (an editor opened its file with that
 * text: it is read often while open); the caller knows it is the article's text
 * (`analysesText`). `releaseText` lets it go again. Nothing for an article that keeps its text.
 */
export function holdText(article: Article, text: string): void {
  const state = TEXT_STATE.get(article);
  if (state !== undefined) state.text = text;
}

/**
 * Whether `article` is the analysis of `text`: the strings compared while the article holds its
 * text, else the content hashes (its text is not read back from its source for that).
 */
export function analysesText(article: Article, text: string): boolean {
  const state = TEXT_STATE.get(article);
  if (state === undefined || state.text !== undefined) return article.text === text;
  return text.length === state.length && article.hash === contentHash(text);
}

/**
 * A quote's text is most often the very slice of the article's text it spans (but for a quote split
 * by its attribution): then it is made that slice, which V8 keeps as a pointer into the article's
 * text rather than a copy of the characters (for 13 characters and more). The same string value.
 */
function sliceQuoteTexts(quotes: unknown[], text: string): void {
  for (const quote of quotes) {
    if (typeof quote !== 'object' || quote === null) continue;
    const q = quote as { text?: unknown; start?: unknown; end?: unknown };
    if (typeof q.text !== 'string' || q.text.length < 13 || typeof q.start !== 'number' || q.end !== q.start + q.text.length) continue;
    const slice = text.slice(q.start, q.end);
    if (slice === q.text) q.text = slice;
  }
}

/** What the accessors of a `lazyArticle` read: the entry's sections, each part's number of items, the parts decoded or set. */
class LazyParts {
  /** The parts decoded or set, by section (undefined: decoded when next read). */
  readonly values: unknown[] = [undefined, undefined, undefined];

  constructor(readonly sections: EntrySections, sentences: number, entities: number, people: number, readonly counts = [sentences, entities, people]) {}
}

/**
 * The state of each `lazyArticle` (a weak map rather than a field: a field would show in spreads
 * and comparisons). Its accessors are the same functions for every article (`LAZY_PARTS`), so the
 * articles share their hidden class and hold no closures of their own.
 */
const LAZY_STATE = new WeakMap<object, LazyParts>();

/** The parts of an article a cache entry keeps as sections, decoded when first read, in the order of their sections. */
export const SECTION_KEYS = ['sentences', 'entities', 'people'] as const;
/** Section i's accessor pair. */
const LAZY_PARTS: PropertyDescriptor[] = SECTION_KEYS.map((key, i) => ({
  configurable: true,
  enumerable: true,
  get(this: Article): unknown {
    const state = LAZY_STATE.get(this)!;
    let value = state.values[i];
    if (value === undefined) {
      const decoded = decodedList(state.sections.take(i), state.counts[i], i === 2 ? isPerson : isObject);
      // A section that does not decode is not trusted: the text is analysed again (the same parts).
      state.values[i] = value = decoded ?? analyzeArticle(this.file, this.text)[key];
    }
    return value;
  },
  set(this: Article, value: unknown): void {
    LAZY_STATE.get(this)!.values[i] = value;
  },
}));

/**
 * Whether reading `key` of `article` would decode it: a section of an article read from a cache entry
 * (`lazyArticle`) whose value is not held now. Nothing can point into such a section: its objects
 * are made when it is read. Undefined when `key` is no section of such an article.
 */
export function isUndecodedSection(article: object, key: string): boolean | undefined {
  const state = LAZY_STATE.get(article);
  const i = SECTION_KEYS.indexOf(key as (typeof SECTION_KEYS)[number]);
  if (state === undefined || i < 0) return undefined;
  return state.values[i] === undefined;
}

function count(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A person as `analyzeArticle` gives one: its fields in their order, names as strings, parts as lists of objects. */
function isPerson(value: unknown): boolean {
  if (!isObject(value) || !sameKeys(value as object, PERSON_KEYS)) return false;
  const { key, name, aliases, mentions, roles } = value as Person;
  return typeof key === 'string' && typeof name === 'string' && Array.isArray(aliases) && aliases.every((a) => typeof a === 'string')
    && Array.isArray(mentions) && mentions.every(isObject) && Array.isArray(roles) && roles.every(isObject);
}

const PERSON_KEYS = ['key', 'name', 'aliases', 'mentions', 'roles'];

/** A section's list when it parses to `length` items that all pass `item`, else undefined. */
function decodedList<T>(text: string, length: number, item: (value: unknown, i: number) => boolean): T[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== length) return undefined;
  for (let i = 0; i < value.length; i++) if (!item(value[i], i)) return undefined;
  return value as T[];
}

/** Reads an entry body (`entryBody`) back for `text`; throws when it does not fit. */
export function readEntryBody(body: string, file: string, hash: string, text: string, texts?: TextSource): CachedArticle {
  const newline = body.indexOf('\n');
  const first = newline < 0 ? body : body.slice(0, newline);
  // The sections as strings of their own (`EntrySections`), which live on with the article: a slice would keep the whole body.
  const sections = EntrySections.ofText(newline < 0 ? undefined : body.slice(newline + 1));
  const cached = readBody(first, sections, file, hash, text, texts);
  if (!cached) throw new Error('not an analysis of this file');
  if (sections.length > 0) bodySections.set(cached, sections);
  return cached;
}

/** The sections of what `readEntryBody` read, kept as text until `putBody` writes that body and points them at its file. */
const bodySections = new WeakMap<CachedArticle, EntrySections>();

/** The analysis and features of an entry body's lines, or undefined when they do not fit `file` and `hash`; throws on features that do not fit. */
function readBody(first: string, sections: EntrySections, file: string, hash: string, text: string, texts: TextSource | undefined): CachedArticle | undefined {
  let parsed: Partial<EntryBody>;
  try {
    parsed = JSON.parse(first) as Partial<EntryBody>;
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const written = parsed.article as Record<string, unknown> | undefined;
  if (typeof written !== 'object' || written === null || written.file !== file || written.hash !== hash) return undefined;
  // The caller's strings, not the body's equal copies (the cache entry's place holds the caller's too).
  written.hash = hash;
  written.file = file;
  let article: Article | undefined;
  let rest = 0;
  if (typeof written.sentences === 'number') {
    // Written by `splitArticle`: its parts are the first sections.
    article = lazyArticle(written, text, sections, texts);
    rest = ARTICLE_SECTIONS;
  } else {
    const stored = validArticle(written, file, hash);
    if (stored) article = { ...stored, text } as Article;
  }
  if (!article) return undefined;
  if (parsed.features === undefined) return sections.length === rest ? { article } : undefined;
  if (sections.length - rest !== featureSections) return undefined;
  return { article, features: decodeFeatures(article, parsed.features, sections, rest) };
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

function validHead(head: unknown): head is Head {
  if (typeof head !== 'object' || head === null) return false;
  const { checks, size } = head as Partial<Head>;
  return typeof size === 'number' && (checks === undefined || validChecks(checks));
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Where `AnalysisCache.read` looks for the entry of `file` with the text whose hash is `hash`, in the
 * cache folder `folder` (`AnalysisCache.folder`) of the analysis `version`.
 */
export function entryPathOf(folder: string, version: string, file: string, hash: string): string {
  const key = contentHash(`${FORMAT}\u0000${version}\u0000${file}\u0000${hash}`);
  return path.join(folder, key.slice(0, 2), `${key}.json`);
}

/**
 * Where a file is written before it is renamed over `target`: `<target>.<pid>.<8 hex digits>.tmp`,
 * the writer's process id in it so that `removeAbandonedTemporaries` can tell an abandoned one.
 */
export function temporaryPath(target: string): string {
  return `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/** A name `temporaryPath` made; the writer's process id is its first group. */
const temporaryName = /\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** Whether a process with this id runs on this machine (one we may not signal runs too). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Deletes the temporary files in `folder` that a server stopped while writing left behind: the story
 * snapshot, the story graph and the name comparisons are written to a temporary file and renamed
 * into place, and a server ended mid-write (VS Code stops one that takes more than two seconds to
 * shut down; the story save can still be running then) leaves megabytes that nothing would ever
 * read or remove. A file whose writer still runs (another window on the same folder) is left alone.
 * Entry files are written at once, so their folders are not searched.
 */
export function removeAbandonedTemporaries(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const match = temporaryName.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || processRuns(pid)) continue;
    try {
      unlinkSync(path.join(folder, name));
    } catch {
      // gone already, or not ours to delete
    }
  }
}

export class AnalysisCache {
  readonly folder: string;
  readonly statistics: CacheStatistics = { hits: 0, misses: 0, discarded: 0, writes: 0 };
  /**
   * Where the articles read from this cache read their text again when it was let go
   * (`releaseText`); undefined (the default), they keep it.
   */
  texts: TextSource | undefined = undefined;
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
    removeAbandonedTemporaries(this.folder);
  }

  /** Where the entry for `file` with the text whose hash is `hash` lives (`entryPathOf`). */
  entryPath(file: string, hash: string): string {
    return entryPathOf(this.folder, this.version, file, hash);
  }

  /** The cached analysis of `text` as the article `file`, or undefined (a miss or a discarded entry). */
  get(file: string, text: string, hash = contentHash(text)): Article | undefined {
    return this.read(file, text, hash)?.article;
  }

  /** The cached analysis and features of `text` as the article `file`, or undefined (a miss or a discarded entry). */
  read(file: string, text: string, hash = contentHash(text)): CachedArticle | undefined {
    let bytes: Uint8Array | undefined;
    try {
      const length = readEntry(this.entryPath(file, hash)); // may replace entryBuffer by a larger one
      bytes = entryBuffer.subarray(0, length);
    } catch {
      bytes = undefined;
    }
    return this.readBytes(file, text, hash, bytes);
  }

  /**
   * What `read` gives for an entry whose bytes were read elsewhere (another thread): `bytes` are the
   * whole file at `entryPath(file, hash)`, undefined when there is no such file (a miss). Counts the
   * outcome in the statistics and deletes an entry that does not fit, as `read` does. The bytes are
   * not kept (the strings are copies), so the caller may reuse their buffer.
   */
  readBytes(file: string, text: string, hash: string, bytes: Uint8Array | undefined): CachedArticle | undefined {
    if (bytes === undefined) {
      this.statistics.misses++;
      return undefined;
    }
    let cached: CachedArticle | undefined;
    try {
      cached = this.validate(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), file, hash, text);
    } catch {
      cached = undefined; // features that do not fit the analysis: the entry is corrupt
    }
    if (!cached) {
      this.statistics.discarded++;
      this.statistics.misses++;
      try {
        unlinkSync(this.entryPath(file, hash));
      } catch {
        // gone already
      }
      return undefined;
    }
    this.statistics.hits++;
    return cached;
  }

  /** The entry `bytes`, if it is this format and version's entry for `file` and `hash`. */
  private validate(bytes: Buffer, file: string, hash: string, text: string): CachedArticle | undefined {
    const length = bytes.length;
    const newline = bytes.indexOf(10);
    if (newline < 0) return undefined;
    let head: unknown;
    try {
      head = JSON.parse(textOf(bytes.subarray(0, newline)));
    } catch {
      return undefined;
    }
    if (!validHead(head)) return undefined;
    if (head.format !== FORMAT || head.version !== this.version || head.file !== file || head.hash !== hash) return undefined;
    if (head.size !== length - newline - 1) return undefined;
    const encoding = isAscii(bytes) ? 'latin1' : 'utf8';
    const end = bytes.indexOf(10, newline + 1);
    const first = bytes.toString(encoding, newline + 1, end < 0 ? length : end);
    // The sections stay in the file (read back when first decoded), but for small ones.
    const place = new EntryFile(this, file, hash, newline, length - newline - 1);
    const sections = EntrySections.of(bytes, end < 0 ? length + 1 : end + 1, encoding, place, newline + 1, PEOPLE_KEPT);
    const cached = readBody(first, sections, file, hash, text, this.texts);
    if (cached) place.hash = cached.article.hash; // the same value: the article's string, not one more
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

  /**
   * Stores an entry body built by `entryBody` for the text whose hash is `hash`, with the outcome of the
   * caller's `checks` of that text. `read`: what `readEntryBody` read from this body, whose sections,
   * once the entry is written, are read back from its file when first decoded instead of kept as text.
   */
  putBody(file: string, hash: string, body: string, checks?: TextChecks, read?: CachedArticle): void {
    const where = this.entryPath(file, hash);
    const dir = path.dirname(where);
    const temporary = temporaryPath(where);
    const size = Buffer.byteLength(body);
    const head = asciiJson(JSON.stringify({ format: FORMAT, version: this.version, file, hash, size, checks } satisfies Head));
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
      return;
    }
    const sections = read === undefined ? undefined : bodySections.get(read);
    // An ASCII body (as `entryBody` writes): its characters are its bytes, so where a line starts in the text is where it starts in the file.
    if (sections === undefined || size !== body.length) return;
    bodySections.delete(read!);
    const starts: number[] = [];
    for (let at = body.indexOf('\n'); at >= 0; at = body.indexOf('\n', at + 1)) starts.push(at + 1);
    starts.push(size + 1);
    sections.storedIn(new EntryFile(this, file, hash, head.length, size), starts);
  }
}

/** A buffer for reading sections back from entry files (`EntryFile`), grown when too small. */
let sectionBuffer = Buffer.allocUnsafe(64 * 1024);

/**
 * An entry file as the place of its sections (`SectionFile`): a section is read back from the file
 * when first decoded. The file must still be the entry read: at `entryPath(file, hash)`, its body
 * `size` bytes long after a head line of `head` bytes — or, after its head was rewritten (`putChecks`),
 * a head of this format, version, file, hash and size — and the bytes read must be a whole line.
 * Anything else (the file gone, shorter, longer, rewritten) gives undefined: the section is computed
 * again from the article, as one that does not decode is.
 */
class EntryFile implements SectionFile {
  constructor(
    private readonly cache: AnalysisCache,
    private readonly file: string,
    public hash: string,
    private readonly head: number,
    private readonly size: number,
  ) {}

  text(start: number, end: number): string | undefined {
    if (start < 1 || end < start || end > this.size) return undefined;
    let fd: number;
    try {
      fd = openSync(this.cache.entryPath(this.file, this.hash), 'r');
    } catch {
      return undefined;
    }
    try {
      const total = fstatSync(fd).size;
      const body = total === this.head + 1 + this.size ? this.head + 1 : this.bodyStart(fd, total);
      if (body === undefined) return undefined;
      // The section with the line feed before it and the one after it (none at the end of the body).
      const length = end - start + (end < this.size ? 2 : 1);
      if (sectionBuffer.length < length) sectionBuffer = Buffer.allocUnsafe(Math.max(length, sectionBuffer.length * 2));
      if (readSync(fd, sectionBuffer, 0, length, body + start - 1) !== length) return undefined;
      if (sectionBuffer[0] !== 10 || (end < this.size && sectionBuffer[length - 1] !== 10)) return undefined;
      return textOf(sectionBuffer.subarray(1, 1 + end - start));
    } catch {
      return undefined;
    } finally {
      closeSync(fd);
    }
  }

  /** Where the body starts in a file of `total` bytes whose head is not the one read: undefined when it is not this entry's. */
  private bodyStart(fd: number, total: number): number | undefined {
    const length = Math.min(total, 64 * 1024);
    if (sectionBuffer.length < length) sectionBuffer = Buffer.allocUnsafe(length);
    const read = readSync(fd, sectionBuffer, 0, length, 0);
    const newline = sectionBuffer.subarray(0, read).indexOf(10);
    if (newline < 0 || total !== newline + 1 + this.size) return undefined;
    let head: unknown;
    try {
      head = JSON.parse(textOf(sectionBuffer.subarray(0, newline)));
    } catch {
      return undefined;
    }
    if (!validHead(head) || head.format !== FORMAT || head.version !== this.cache.version || head.file !== this.file || head.hash !== this.hash || head.size !== this.size) return undefined;
    return newline + 1;
  }
}
