/**
 * Each story's cross-referencing results (quote and claim groups, derivations, findings) kept on
 * disk between sessions, so a warm start does not recompute them. The incremental index already keys
 * a story's results by a signature of everything they read (files, text hashes, the statistics
 * their vectors read, outlet labels, people's entities); the snapshot stores that signature with the
 * results, and the first pass of the next session reuses a story's results only where the signature
 * it computes is the same. Results point into their articles and features (a quote group's members
 * are the articles' quote features); those pointers are written as paths from the story's files and
 * resolved against the articles of the new session.
 *
 * One file per workspace and analysis version (`stories.json` in the analysis cache's folder): a
 * header line, then one JSON line per story, so neither writing nor reading ever holds the whole
 * snapshot as objects; written atomically (a temporary file renamed into place). A snapshot that cannot be parsed, has
 * another format or version, or a story whose results do not decode is dropped, never half-used.
 */
import { createHash, randomBytes } from 'node:crypto';
import { endianness } from 'node:os';
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import type { Article } from '../model';
import type { ArticleFeatures, CrossReferenceCache, StoryResults } from '../crossref/crossref';
import type { GraphSnapshot } from '../crossref/storyGraph';
import { type Path, Undecodable, Unencodable, asciiJson, decode, encode, follow, indexObjects } from './codec';
import { isAscii } from 'node:buffer';

/** Format 3: a header line, then one line per story (read and written one story at a time); the story's file names as tokens. */
const FORMAT = 3;
const FILE = 'stories.json';

/** What the index keeps per story: its results, its files and the signature of their inputs. */
export type StoryEntry = CrossReferenceCache['storyResults'] extends Map<string, infer E> ? E : never;

/** Claim groups larger than this are not kept (their relation table grows with the square). */
const MAX_RELATION_MEMBERS = 64;

interface StoredStory {
  id: string;
  signature: string;
  files: string[];
  /** Text hash of each file when the results were stored: a story with a changed file is not decoded. */
  hashes: string[];
  results: unknown;
}

export interface StorySources {
  article: (file: string) => Article | undefined;
  features: (article: Article) => ArticleFeatures;
}

/** The references a story's results may hold: its articles (`a<k>`) and their features (`f<k>`). */
function storyRefs(files: string[], sources: StorySources): Map<object, Path> | undefined {
  const refs = new Map<object, Path>();
  const features: ArticleFeatures[] = [];
  for (const [k, file] of files.entries()) {
    const article = sources.article(file);
    if (!article) return undefined;
    indexObjects(article, `a${k}`, refs);
    features.push(sources.features(article));
  }
  // Features after every article: a feature's pointers into its article are the article's paths.
  // Features not decoded yet (read lazily from the cache, core/src/cache/features.ts) hold nothing results can point at.
  for (const [k, f] of features.entries()) {
    refs.set(f, [`f${k}`]);
    for (const key of Object.keys(f)) {
      if (Object.getOwnPropertyDescriptor(f, key)?.get) continue;
      indexObjects((f as unknown as Record<string, unknown>)[key], [`f${k}`, key], refs);
    }
  }
  return refs;
}

/**
 * One story's entry as JSON text, or undefined when it cannot be kept exactly (a file no longer
 * indexed, a value the codec cannot write).
 */
export function encodeStory(id: string, entry: StoryEntry, sources: StorySources): string | undefined {
  const refs = storyRefs(entry.files, sources);
  if (!refs) return undefined;
  try {
    const results = encode(entry.results, {
      refs,
      // The story's file names recur in every group member and finding side: written as tokens.
      strings: new Map(entry.files.map((file, k) => [file, k])),
      custom: (owner, key, value) => {
        // A claim group's relation(i, j) is a function of its members: kept as the table of its values.
        if (key !== 'relation' || typeof value !== 'function' || !Array.isArray(owner.members)) return undefined;
        const n = owner.members.length;
        if (n > MAX_RELATION_MEMBERS) return undefined;
        const relation = value as (i: number, j: number) => string;
        const table: string[] = [];
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) table.push(relation(i, j));
        return { kind: 'relation', data: { n, table } };
      },
    });
    const hashes = entry.files.map((file) => sources.article(file)!.hash);
    return asciiJson(JSON.stringify({ id, signature: entry.signature, files: entry.files, hashes, results } satisfies StoredStory));
  } catch (error) {
    if (error instanceof Unencodable) return undefined;
    throw error;
  }
}

/** A stored story's entry for the articles indexed now; throws `Undecodable` when it does not fit them. */
export function decodeStory(stored: StoredStory, sources: StorySources): StoryEntry {
  const articles: Article[] = [];
  for (const [k, file] of stored.files.entries()) {
    const article = sources.article(file);
    if (!article || article.hash !== stored.hashes[k]) throw new Undecodable(`${file} changed`);
    articles.push(article);
  }
  const features = new Map<number, ArticleFeatures>();
  const results = decode(stored.results, {
    strings: stored.files,
    resolve: (where) => {
      const root = where[0];
      if (typeof root !== 'string' || !/^[af]\d+$/.test(root)) return undefined;
      const k = Number(root.slice(1));
      const article = articles[k];
      if (article === undefined) return undefined;
      if (root[0] === 'a') return follow(article, where);
      let f = features.get(k);
      if (!f) features.set(k, (f = sources.features(article)));
      return follow(f, where);
    },
    custom: (kind, data) => {
      const table = data as { n?: unknown; table?: unknown };
      if (kind !== 'relation' || typeof table.n !== 'number' || !Array.isArray(table.table) || table.table.length !== table.n * table.n) {
        throw new Undecodable('bad relation table');
      }
      const n = table.n;
      const values = table.table as string[];
      return (i: number, j: number): string => values[i * n + j];
    },
  }) as Partial<StoryResults> | null;
  if (typeof results !== 'object' || results === null) throw new Undecodable('results are not an object');
  for (const list of ['quoteGroups', 'claimGroups', 'derivations', 'findings'] as const) {
    if (!Array.isArray(results[list])) throw new Undecodable(`no ${list}`);
  }
  return { signature: stored.signature, files: stored.files, results: results as StoryResults };
}

/** The story snapshot of one cache folder. */
export class StorySnapshot {
  readonly file: string;

  constructor(folder: string, readonly version: string) {
    this.file = path.join(folder, FILE);
  }

  /**
   * The stored stories that fit the articles indexed now, by story id; stories that do not decode
   * are left out, an unreadable or foreign snapshot is deleted.
   */
  read(sources: StorySources): { entries: Map<string, StoryEntry>; stored: number; dropped: number } {
    const entries = new Map<string, StoryEntry>();
    const raw = readIfPresent(this.file);
    if (raw === undefined) return { entries, stored: 0, dropped: 0 };
    // Lines are decoded one at a time from the bytes: the snapshot is never one string nor one object tree.
    // Written as ASCII (`asciiJson`): then no line needs UTF-8 decoding.
    const encoding = isAscii(raw) ? 'latin1' : 'utf8';
    let start = 0;
    const nextLine = (): string | undefined => {
      if (start >= raw.length) return undefined;
      let end = raw.indexOf(10, start);
      if (end < 0) end = raw.length;
      const line = raw.toString(encoding, start, end);
      start = end + 1;
      return line;
    };
    let header: { format?: unknown; version?: unknown } | undefined;
    try {
      header = JSON.parse(nextLine() ?? '') as typeof header;
    } catch {
      header = undefined;
    }
    if (header?.format !== FORMAT || header.version !== this.version) {
      this.remove();
      return { entries, stored: 0, dropped: 0 };
    }
    let stored = 0;
    let dropped = 0;
    for (let line = nextLine(); line !== undefined; line = nextLine()) {
      if (line === '') continue;
      stored++;
      try {
        const item = JSON.parse(line) as unknown;
        if (!validStored(item)) throw new Undecodable('not a stored story');
        entries.set(item.id, decodeStory(item, sources));
      } catch {
        dropped++; // a truncated or corrupt line: that story is computed again
      }
    }
    return { entries, stored, dropped };
  }

  /** Starts replacing the snapshot: stories are added one at a time (`encodeStory`), then committed atomically. */
  writer(): StoryWriter | undefined {
    const temporary = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      const fd = openSync(temporary, 'w');
      const writer = new StoryWriter(fd, temporary, this.file);
      writer.add(JSON.stringify({ format: FORMAT, version: this.version }));
      return writer;
    } catch {
      return undefined;
    }
  }

  /** Replaces the snapshot with these encoded stories at once. False when it could not be written. */
  write(stories: string[]): boolean {
    const writer = this.writer();
    if (!writer) return false;
    for (const story of stories) writer.add(story);
    return writer.commit();
  }

  remove(): void {
    try {
      unlinkSync(this.file);
    } catch {
      // not there
    }
  }
}

/** A snapshot being written to a temporary file; `commit` renames it into place. */
export class StoryWriter {
  private failed = false;

  constructor(private readonly fd: number, private readonly temporary: string, private readonly target: string) {}

  add(line: string): void {
    if (this.failed) return;
    try {
      writeSync(this.fd, line + '\n');
    } catch {
      this.failed = true;
    }
  }

  /** False when anything failed (the old snapshot, if any, stays). */
  commit(): boolean {
    try {
      closeSync(this.fd);
      if (this.failed) throw new Error('a write failed');
      renameSync(this.temporary, this.target);
      return true;
    } catch {
      this.discard();
      return false;
    }
  }

  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // closed already
    }
    this.discard();
  }

  private discard(): void {
    try {
      unlinkSync(this.temporary);
    } catch {
      // gone already
    }
  }
}

/**
 * The story stage's similarity graph as the last session built it (`graph.json` next to the story
 * snapshot, `StoryGraph.snapshot`): a header line (format, version, byte order, the SHA-256 of the
 * body) and the body line; the pairs and similarities are typed arrays in base64, so the numbers come
 * back to the last bit. Anything that does not parse, check or fit is deleted and the graph rebuilt;
 * the graph itself takes it only when every file and text hash matches the articles indexed now.
 */
export class GraphSnapshotFile {
  readonly file: string;

  constructor(folder: string, readonly version: string) {
    this.file = path.join(folder, 'graph.json');
  }

  read(): GraphSnapshot | undefined {
    const raw = readIfPresent(this.file);
    if (raw === undefined) return undefined;
    try {
      const newline = raw.indexOf(10);
      if (newline < 0) throw new Undecodable('no body');
      const header = JSON.parse(raw.toString('utf8', 0, newline)) as { format?: unknown; version?: unknown; endian?: unknown; digest?: unknown };
      if (header.format !== GRAPH_FORMAT || header.version !== this.version || header.endian !== endianness()) throw new Undecodable('another format or version');
      const body = raw.subarray(newline + 1);
      if (createHash('sha256').update(body).digest('hex') !== header.digest) throw new Undecodable('the body does not match its digest');
      const stored = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      const strings = (list: unknown): list is string[] => Array.isArray(list) && list.every((x) => typeof x === 'string');
      const { threshold, files, hashes, keys, top, dfTerms, dfCounts, pairs, similarities } = stored;
      if (typeof threshold !== 'number' || !strings(files) || !strings(hashes) || !strings(keys)) throw new Undecodable('bad lists');
      if (!Array.isArray(top) || !top.every(strings) || typeof pairs !== 'string' || typeof similarities !== 'string') throw new Undecodable('bad lists');
      if (!strings(dfTerms) || typeof dfCounts !== 'string') throw new Undecodable('bad document frequencies');
      const countBytes = Buffer.from(dfCounts, 'base64');
      if (countBytes.length !== 4 * dfTerms.length) throw new Undecodable('bad document frequencies');
      const pairBytes = Buffer.from(pairs, 'base64');
      const similarityBytes = Buffer.from(similarities, 'base64');
      if (pairBytes.length % 8 !== 0 || similarityBytes.length !== pairBytes.length) throw new Undecodable('bad pairs');
      return {
        threshold,
        files,
        hashes,
        keys,
        top,
        dfTerms,
        dfCounts: new Int32Array(countBytes.buffer.slice(countBytes.byteOffset, countBytes.byteOffset + countBytes.length)),
        pairs: new Int32Array(pairBytes.buffer.slice(pairBytes.byteOffset, pairBytes.byteOffset + pairBytes.length)),
        similarities: new Float64Array(similarityBytes.buffer.slice(similarityBytes.byteOffset, similarityBytes.byteOffset + similarityBytes.length)),
      };
    } catch {
      this.remove();
      return undefined;
    }
  }

  /** Replaces the stored graph (atomically); false when it could not be written. */
  write(graph: GraphSnapshot): boolean {
    const temporary = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      const base64 = (array: Int32Array | Float64Array): string => Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
      const body = Buffer.from(JSON.stringify({
        threshold: graph.threshold,
        files: graph.files,
        hashes: graph.hashes,
        keys: graph.keys,
        top: graph.top,
        dfTerms: graph.dfTerms,
        dfCounts: base64(graph.dfCounts),
        pairs: base64(graph.pairs),
        similarities: base64(graph.similarities),
      }));
      const digest = createHash('sha256').update(body).digest('hex');
      const header = JSON.stringify({ format: GRAPH_FORMAT, version: this.version, endian: endianness(), digest });
      writeFileSync(temporary, Buffer.concat([Buffer.from(header + '\n'), body]));
      renameSync(temporary, this.file);
      return true;
    } catch {
      try {
        unlinkSync(temporary);
      } catch {
        // nothing was written
      }
      return false;
    }
  }

  remove(): void {
    try {
      unlinkSync(this.file);
    } catch {
      // not there
    }
  }
}

const GRAPH_FORMAT = 2;

type NameLinks = CrossReferenceCache['names'];

/**
 * People linking's remembered name comparisons (`names.json` next to the story snapshot): a pure
 * memo of which names as written are compatible spellings of which, so the first pass of a warm
 * start compares only names it has not seen. Anything that does not parse or decode to the expected
 * maps is dropped (the comparisons are made again).
 */
export class NameSnapshot {
  readonly file: string;

  constructor(folder: string, readonly version: string) {
    this.file = path.join(folder, 'names.json');
  }

  read(): NameLinks | undefined {
    const raw = readIfPresent(this.file)?.toString('utf8');
    if (raw === undefined) return undefined;
    try {
      const stored = JSON.parse(raw) as { format?: unknown; version?: unknown; links?: unknown };
      if (stored.format !== FORMAT || stored.version !== this.version) throw new Undecodable('another format or version');
      const links = decode(stored.links, { resolve: () => undefined }) as Partial<NameLinks> | null;
      if (typeof links !== 'object' || links === null) throw new Undecodable('not name links');
      for (const key of ['linked', 'parsed', 'surnames', 'surnamesByBucket', 'buckets'] as const) {
        if (!(links[key] instanceof Map)) throw new Undecodable(`no ${key}`);
      }
      return links as NameLinks;
    } catch {
      try {
        unlinkSync(this.file);
      } catch {
        // gone already
      }
      return undefined;
    }
  }

  /** Replaces the stored comparisons (atomically); false when they could not be encoded or written. */
  write(links: NameLinks): boolean {
    const temporary = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      writeFileSync(temporary, `{"format":${FORMAT},"version":${JSON.stringify(this.version)},"links":${JSON.stringify(encode(links))}}`);
      renameSync(temporary, this.file);
      return true;
    } catch {
      try {
        unlinkSync(temporary);
      } catch {
        // nothing was written
      }
      return false;
    }
  }
}

function validStored(item: unknown): item is StoredStory {
  if (typeof item !== 'object' || item === null) return false;
  const s = item as Partial<StoredStory>;
  return typeof s.id === 'string' && typeof s.signature === 'string' && Array.isArray(s.files) && Array.isArray(s.hashes)
    && s.files.length === s.hashes.length && s.files.every((f) => typeof f === 'string') && typeof s.results === 'object' && s.results !== null;
}

/** A stored file's bytes, or undefined when there is none (or it cannot be read): then it is computed again. */
function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}
