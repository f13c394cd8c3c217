/**
 * Each story's cross-referencing results (quote and claim groups, derivations, findings) kept on
 * disk between sessions, so a warm start does not recompute them. The incremental index already keys
 * a story's results by a signature of everything they read (files, text hashes, the statistics
 * their vectors read, outlet labels, people's entities: a SHA-256 of them); the snapshot stores that signature with the
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
import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import type { Article } from '../model';
import type { ArticleFeatures, CrossReferenceCache, StoryResults } from '../crossref/crossref';
import type { GraphSnapshot } from '../crossref/storyGraph';
import { plainShape } from '../plainShape';
import { ownSlice } from '../crossref/text';
import { isUndecoded } from './features';
import { isUndecodedSection, temporaryPath } from './analysisCache';
import {
  AGAIN, CUSTOM, DEFINE, LITERAL, MAP, NUMBER, type Path, REF, SET, Undecodable, Unencodable, asciiJson, decode, encode, follow, indexObjects, textOf,
} from './codec';
import { isAscii } from 'node:buffer';

/**
 * Format 5: a header line, then one line per story (read and written one story at a time), each a
 * compact form of the codec's encoding (`compactStory`): objects as arrays of their values after a
 * shape number, strings that recur or that are slices of the story's article texts as short tokens.
 * The parts of the results a warm start does not read before it is ready (`LAZY_FIELDS`) follow the
 * line's JSON as segments of their own, each after a tab, and are decoded when first read.
 */
const FORMAT = 5;
const FILE = 'stories.json';

/** What the index keeps per story: its results, its files and the signature of their inputs. */
export type StoryEntry = CrossReferenceCache['storyResults'] extends Map<string, infer E> ? E : never;

/** Claim groups larger than this are not kept (their relation table grows with the square). */
const MAX_RELATION_MEMBERS = 64;

/**
 * A stored story line's JSON: `[id, signature, files, hashes of their texts, shapes, strings, reference
 * prefixes, results, number of lazy segments, SHA-1 of the text after the JSON's tab (base64)]`.
 */
type StoredLine = [string, string, string[], string[], string[][], (string | [number, number, number])[], Path[], unknown, number, string];

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
    // Its fields but the text (a string: nothing to point at, and an article may read it from disk,
    // server/src/closedTexts.ts) and the sections of a cache entry not decoded now (their objects do
    // not exist until read: decoding them, from disk, was a quarter of a save's work).
    if (!refs.has(article)) {
      refs.set(article, [`a${k}`]);
      for (const key of Object.keys(article)) {
        if (key === 'text' || isUndecodedSection(article, key) === true) continue;
        indexObjects((article as unknown as Record<string, unknown>)[key], [`a${k}`, key], refs);
      }
    }
    features.push(sources.features(article));
  }
  // Features after every article: a feature's pointers into its article are the article's paths.
  // Features not decoded yet (read lazily from the cache, core/src/cache/features.ts) hold nothing results can point at.
  for (const [k, f] of features.entries()) {
    refs.set(f, [`f${k}`]);
    for (const key of Object.keys(f)) {
      if (isUndecoded(f, key) ?? Object.getOwnPropertyDescriptor(f, key)?.get !== undefined) continue;
      indexObjects((f as unknown as Record<string, unknown>)[key], [`f${k}`, key], refs);
    }
  }
  return refs;
}

/**
 * A claim group's relation table as text: one character per pair, the index of its value in `values`
 * (values are few: "agrees", "contradicts", …). Undefined when there are too many distinct values.
 */
function packRelation(n: number, relation: (i: number, j: number) => string): { n: number; values: string[]; codes: string } | undefined {
  const values: string[] = [];
  let codes = '';
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const value = relation(i, j);
      if (typeof value !== 'string') return undefined;
      let code = values.indexOf(value);
      if (code < 0) {
        code = values.push(value) - 1;
        if (code >= RELATION_CODES.length) return undefined;
      }
      codes += RELATION_CODES[code];
    }
  }
  return { n, values, codes };
}

const RELATION_CODES = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Object shapes (their keys in order) every story line may use by number without listing them: the
 * shapes of the results' own types. Shapes not listed here are listed in the line itself.
 */
const KNOWN_SHAPES: readonly (readonly string[])[] = [
  ['start', 'end'],
  ['derived', 'source'],
  ['file', 'start', 'end', 'key', 'text'],
  ['file', 'start', 'end', 'key', 'text', 'speaker'],
  ['group', 'storyId', 'members', 'contradicting', 'relation'],
  ['id', 'kind', 'topic', 'members'],
  ['n', 'values', 'codes'],
  ['file', 'start', 'end', 'outlet', 'text'],
  ['group', 'storyId', 'members', 'speakerIds'],
  ['id', 'speaker', 'members'],
  ['id', 'kind', 'severity', 'summary', 'storyId', 'sides'],
  ['derived', 'source', 'score', 'passages'],
  ['quoteGroups', 'claimGroups', 'derivations', 'findings'],
];
const KNOWN_SHAPE_IDS = new Map(KNOWN_SHAPES.map((keys, i) => [keys.join('\u0000'), i]));

/**
 * Fields of the known shapes that nothing reads before a warm start is ready (publishing reads the
 * findings, the per-file tables read group members and derivations' files and scores) and that are
 * large: a quote or claim group's own group (its members copied), a claim group's relation table, a
 * derivation's passages. Hovers, Compare coverage and a recomputed story read them: they are kept as
 * text and decoded then. (Small ones, speakers and contradicting members, are read at once: each lazy
 * field costs an accessor on its object.)
 */
const LAZY_FIELDS = new Map<number, readonly string[]>([
  [4, ['group', 'relation']],
  [8, ['group']],
  [11, ['passages']],
]);

// Tags of the compact form: an array starting with a negative number (an object's array starts with its shape number).
const C_ARRAY = -1;
// (-2: unused.)
const C_MAP = -3;
const C_SET = -4;
const C_DEFINE = -5;
const C_AGAIN = -6;
const C_NUMBER = -7;
const C_STRING = -8;
const C_CUSTOM = -9;
/** An array of objects of one (nested) shape: the layout, then every row's values in one flat list. */
const C_TABLE = -10;
/** An object whose fields other than `file` are those of an item of one of its article's lists (`ARTICLE_LISTS`). */
const C_ITEM = -11;
/**
 * An object of a shape with lazy fields (`LAZY_FIELDS`): `[C_LAZY, shape, segment, …its other values]`;
 * the lazy fields' values are the segment (a JSON array of them in the compact form) of that number.
 */
const C_LAZY = -12;
/** Separates a line's JSON and its lazy segments (JSON text never holds a raw tab). */
const SEGMENT = '\t';
/** A string token of the compact form: this character, then the string's number in the line's table. */
const TOKEN = '~';
/**
 * A reference as a string: this character, the number of its path (or of all its path but a last
 * index) in the line's table, then that index after a dot (`^2.13` for `["f0", "quotes", 13]`).
 */
const REF_MARK = '^';
/** The lists of an article whose items group members and finding sides copy. */
const ARTICLE_LISTS = ['quotes', 'claims'] as const;

/**
 * The layout of a table's rows: a shape number, then per field `null` for a value (a string, number,
 * boolean or null) or the layout of the object there.
 */
type Layout = [number, ...(Layout | null)[]];


/** Calls `visit` on every string of an encoded value the codec reads as a value (not tag names, kinds or paths). */
function visitEncoded(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') {
    visit(value);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) visitEncoded(item, visit);
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 0 && keys[0].startsWith('\u0000')) {
    switch (keys[0]) {
      case MAP:
      case SET:
        visitEncoded(record[keys[0]], visit);
        return;
      case DEFINE:
        visitEncoded(record.v, visit);
        return;
      case CUSTOM:
        visitEncoded(record.data, visit);
        return;
      default:
        return;
    }
  }
  for (const key of keys) visitEncoded(record[key], visit);
}

/**
 * The codec's encoding of a story's results (`encoded`, file names as the codec's tokens `\u0000<k>`)
 * in the compact form, with the line's extra shapes and string table: strings that recur are written
 * once. (Strings that were the text of their object's span were written as that slice of the
 * article's text until the server stopped keeping closed articles' texts, server/src/closedTexts.ts:
 * reading them back read every article's file again and kept its whole text alive through the slice.
 * A line that has such slices is still read.)
 */
function compactStory(encoded: unknown, articles: Article[]): { shapes: string[][]; strings: (string | [number, number, number])[]; prefixes: Path[]; value: unknown; segments: string[] } {
  const files = articles.length;
  const counts = new Map<string, number>();
  visitEncoded(encoded, (text) => {
    if (text.charCodeAt(0) === 0) return;
    counts.set(text, (counts.get(text) ?? 0) + 1);
  });
  const strings: (string | [number, number, number])[] = [];
  const tokens = new Map<string, string>();
  for (const [text, count] of counts) {
    // Tokenised where the string's occurrences cost more than a token each (about 6 characters) and its table entry.
    if (count * (text.length + 2) > count * 6 + text.length + 3) {
      tokens.set(text, `${TOKEN}${files + strings.length}`);
      strings.push(text);
    }
  }
  const shapes: string[][] = [];
  const shapeIds = new Map<string, number>();
  const shapeOf = (keys: string[]): number => {
    const name = keys.join('\u0000');
    const known = KNOWN_SHAPE_IDS.get(name);
    if (known !== undefined) return known;
    let id = shapeIds.get(name);
    if (id === undefined) {
      id = KNOWN_SHAPES.length + shapes.length;
      shapeIds.set(name, id);
      shapes.push(keys);
    }
    return id;
  };
  // Items of the articles' lists by span and key: a group member or side that copies one is written as its place.
  const items: Map<string, [number, number, Record<string, unknown>]>[] = articles.map(() => new Map());
  for (const [k, article] of articles.entries()) {
    for (const [l, list] of ARTICLE_LISTS.entries()) {
      for (const [i, item] of (article[list] as unknown as Record<string, unknown>[]).entries()) {
        const at = `${String(item.start)}:${String(item.end)}:${String(item.key)}`;
        if (!items[k].has(at)) items[k].set(at, [l, i, item]);
      }
    }
  }
  const itemOf = (record: Record<string, unknown>, keys: string[]): unknown[] | undefined => {
    if (typeof record.file !== 'string' || !('key' in record)) return undefined;
    const k = tokenNumber(record.file, '\u0000');
    if (k === undefined || k >= files) return undefined;
    const found = items[k].get(`${String(record.start)}:${String(record.end)}:${String(record.key)}`);
    if (found === undefined) return undefined;
    const [l, i, item] = found;
    for (const key of keys) {
      if (key === 'file') continue;
      const value = record[key];
      if (!Object.prototype.hasOwnProperty.call(item, key) || item[key] !== value || (typeof value === 'object' && value !== null)) return undefined;
    }
    return [C_ITEM, shapeOf(keys), k, l, i];
  };
  /** The layout of a plain object whose values are primitives or such objects (two levels at most), or undefined. */
  const layoutOf = (v: unknown, depth: number): Layout | undefined => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    const record = v as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 0 || keys[0].startsWith('\u0000')) return undefined;
    const layout: Layout = [shapeOf(keys)];
    for (const key of keys) {
      const value = record[key];
      if (typeof value !== 'object' || value === null) layout.push(null);
      else {
        const inner = depth > 0 ? layoutOf(value, depth - 1) : undefined;
        if (inner === undefined) return undefined;
        layout.push(inner);
      }
    }
    return layout;
  };
  const flatten = (v: unknown, layout: Layout, out: unknown[]): void => {
    const record = v as Record<string, unknown>;
    let i = 1;
    for (const key of Object.keys(record)) {
      const inner = layout[i++] as Layout | null;
      if (inner === null) out.push(write(record[key]));
      else flatten(record[key], inner, out);
    }
  };
  const prefixes: Path[] = [];
  const prefixIds = new Map<string, number>();
  const segments: string[] = [];
  /** `defined`: the value is an object defined for later back references (never written lazily). */
  const write = (v: unknown, defined = false): unknown => {
    if (typeof v === 'string') {
      if (v.charCodeAt(0) === 0) {
        const k = tokenNumber(v, '\u0000');
        if (k === undefined || k >= files) throw new Unencodable('an unexpected string token');
        return `${TOKEN}${k}`;
      }
      return tokens.get(v) ?? (v.startsWith(TOKEN) || v.startsWith(REF_MARK) ? [C_STRING, v] : v);
    }
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) {
      // Two or more objects of one layout (derivation passages, finding sides): a table.
      // (Not where the objects copy items of the articles: those are written as the items' places.)
      const copies = v.some((item) => typeof item === 'object' && item !== null && !Array.isArray(item)
        && itemOf(item as Record<string, unknown>, Object.keys(item)) !== undefined);
      const layout = v.length > 1 && !copies ? layoutOf(v[0], 1) : undefined;
      if (layout !== undefined) {
        const name = JSON.stringify(layout);
        if (v.every((item) => JSON.stringify(layoutOf(item, 1)) === name)) {
          const out: unknown[] = [C_TABLE, layout];
          for (const item of v) flatten(item, layout, out);
          return out;
        }
      }
      const out: unknown[] = [C_ARRAY];
      for (const item of v) out.push(write(item));
      return out;
    }
    const record = v as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length > 0 && keys[0].startsWith('\u0000')) {
      const inner = record[keys[0]];
      switch (keys[0]) {
        case MAP:
        case SET: {
          const out: unknown[] = [keys[0] === MAP ? C_MAP : C_SET];
          for (const item of inner as unknown[]) out.push(write(item));
          return out;
        }
        case REF: {
          const where = inner as Path;
          const last = where[where.length - 1];
          const indexed = where.length > 1 && typeof last === 'number' && Number.isInteger(last) && last >= 0;
          const prefix = indexed ? where.slice(0, -1) : where;
          const name = JSON.stringify(prefix);
          let p = prefixIds.get(name);
          if (p === undefined) prefixIds.set(name, (p = prefixes.push(prefix) - 1));
          return indexed ? `${REF_MARK}${p}.${last}` : `${REF_MARK}${p}`;
        }
        case DEFINE:
          return [C_DEFINE, inner, write(record.v, true)];
        case AGAIN:
          return [C_AGAIN, inner];
        case NUMBER:
          return [C_NUMBER, inner];
        case LITERAL:
          return [C_STRING, inner];
        case CUSTOM:
          return [C_CUSTOM, inner, write(record.data)];
        default:
          throw new Unencodable(`an unknown tag ${JSON.stringify(keys[0])}`);
      }
    }
    const item = itemOf(record, keys);
    if (item !== undefined) return item;
    const shape = shapeOf(keys);
    const lazy = defined ? undefined : LAZY_FIELDS.get(shape);
    const values = keys.map((key) => write(record[key]));
    if (lazy !== undefined) {
      const deferred = values.filter((_, i) => lazy.includes(keys[i]));
      // Only what decodes the same at any time: no references (resolved against the articles of the read) and no shared objects.
      if (standsAlone(deferred)) {
        const eager: unknown[] = [C_LAZY, shape, segments.push(JSON.stringify(deferred)) - 1];
        for (const [i, key] of keys.entries()) if (!lazy.includes(key)) eager.push(values[i]);
        return eager;
      }
    }
    return [shape, ...values];
  };
  const value = write(encoded);
  return { shapes, strings, prefixes, value, segments };
}

/**
 * Whether a compact value holds no reference and no shared object (definition or back reference),
 * so that it decodes to the same values whenever it is decoded. (Strings that merely start like a
 * reference and numbers equal to the tags count too: such a value is then simply not deferred.)
 */
function standsAlone(c: unknown): boolean {
  if (typeof c === 'string') return !c.startsWith(REF_MARK);
  if (!Array.isArray(c)) return true;
  if (c[0] === C_DEFINE || c[0] === C_AGAIN) return false;
  for (const item of c) if (!standsAlone(item)) return false;
  return true;
}

/** The number of a token (`mark` then decimal digits, no leading zero), or undefined. */
function tokenNumber(text: string, mark: string): number | undefined {
  if (text.length < 2 || text.length > 8 || text[0] !== mark) return undefined;
  const digits = text.slice(1);
  const k = Number(digits);
  return Number.isInteger(k) && String(k) === digits ? k : undefined;
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
        const table = packRelation(n, value as (i: number, j: number) => string);
        return table && { kind: 'relation', data: table };
      },
    });
    const articles = entry.files.map((file) => sources.article(file)!);
    const { shapes, strings, prefixes, value, segments } = compactStory(results, articles);
    const tail = segments.map(asciiJson).join(SEGMENT);
    const digest = segments.length === 0 ? '' : createHash('sha1').update(tail).digest('base64');
    const line: StoredLine = [id, entry.signature, entry.files, articles.map((a) => a.hash), shapes, strings, prefixes, value, segments.length, digest];
    const json = asciiJson(JSON.stringify(line));
    return segments.length === 0 ? json : json + SEGMENT + tail;
  } catch (error) {
    if (error instanceof Unencodable) return undefined;
    throw error;
  }
}

/** The lazy segments of one story line, and the reader of the line's compact values that decodes them. */
class LazySegments {
  /** Where each segment starts in `tail` (found when one is first decoded). */
  private starts: number[] | undefined;
  private left: number;

  constructor(private readonly id: string, private tail: string, private readonly count: number, private read: ((c: unknown) => unknown) | undefined) {
    this.left = count;
  }

  /** The values of segment `k`, decoded. Throws `Undecodable` (naming the story) when they do not decode. */
  values(k: number, length: number): unknown[] {
    const read = this.read;
    try {
      if (read === undefined) throw new Undecodable('decoded already');
      let starts = this.starts;
      if (starts === undefined) {
        starts = [0];
        for (let at = this.tail.indexOf(SEGMENT); at >= 0; at = this.tail.indexOf(SEGMENT, at + 1)) starts.push(at + 1);
        if (starts.length !== this.count) throw new Undecodable('another number of segments');
        this.starts = starts;
      }
      const end = k + 1 < starts.length ? starts[k + 1] - 1 : this.tail.length;
      const data = JSON.parse(this.tail.slice(starts[k], end)) as unknown;
      if (!Array.isArray(data) || data.length !== length) throw new Undecodable('bad segment');
      const values = data.map(read);
      // Every segment decoded: the text and the line's reader (its tables, its articles) can go.
      if (--this.left === 0) {
        this.tail = '';
        this.read = undefined;
      }
      return values;
    } catch (error) {
      throw new Undecodable(`the stored results of story ${this.id} do not decode (${error instanceof Error ? error.message : String(error)})`);
    }
  }
}

/** A lazy object's segment until it is decoded, and a claim group's relation function once it is. */
type Pending = { segments: LazySegments | undefined; k: number; keys: readonly string[]; relation: ((i: number, j: number) => string) | undefined };

/**
 * The segment of each lazy object not decoded yet (a weak map rather than a field: a field would show,
 * and a hidden one costs more to add than the map's entry).
 */
const PENDING = new WeakMap<object, Pending>();

/** Decodes a lazy object's segment into plain data fields (in place: the fields keep their order). */
function settle(owner: Record<string, unknown>, pending: Pending): void {
  const segments = pending.segments;
  if (segments === undefined) return;
  const values = segments.values(pending.k, pending.keys.length);
  pending.segments = undefined;
  PENDING.delete(owner);
  for (const [i, key] of pending.keys.entries()) {
    if (key === 'relation') pending.relation = values[i] as (i: number, j: number) => string;
    else Object.defineProperty(owner, key, { value: values[i], writable: true, enumerable: true, configurable: true });
  }
}

/** One accessor per lazy field name, shared by every lazy object (so they share their hidden classes). */
const LAZY_ACCESSORS = new Map<string, PropertyDescriptor>();
for (const keys of LAZY_FIELDS.values()) {
  for (const key of keys) {
    if (LAZY_ACCESSORS.has(key) || key === 'relation') continue;
    LAZY_ACCESSORS.set(key, {
      enumerable: true,
      configurable: true,
      get(this: Record<string, unknown>): unknown {
        const pending = PENDING.get(this);
        if (pending === undefined) throw new Undecodable(`a lazy ${key} with nothing to decode it from`);
        settle(this, pending);
        return this[key];
      },
      set(this: Record<string, unknown>, value: unknown): void {
        const pending = PENDING.get(this);
        if (pending !== undefined) settle(this, pending);
        Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
      },
    });
  }
}

const LAZY_GROUP = LAZY_ACCESSORS.get('group')!;
const LAZY_PASSAGES = LAZY_ACCESSORS.get('passages')!;
const LAZY_CLAIM_GROUP = LAZY_FIELDS.get(4)!;
const LAZY_QUOTE_GROUP = LAZY_FIELDS.get(8)!;
const LAZY_DERIVATION = LAZY_FIELDS.get(11)!;

/**
 * An object of a shape with lazy fields from its compact form (`C_LAZY`): the other fields read now,
 * the lazy ones when first used (a claim group's `relation` is a function from the start, which
 * decodes its table on its first call). Written out per shape: these are made by the ten thousand.
 */
function lazyObject(shape: number, c: unknown[], read: (c: unknown) => unknown, segments: LazySegments, k: number): Record<string, unknown> {
  const eager = (at: number): unknown => {
    const value = read(c[at]);
    if (value instanceof Stand) throw new Undecodable('a custom value in an eager field');
    return value;
  };
  let out: Record<string, unknown>;
  let pending: Pending;
  switch (shape) {
    case 4:
      // ['group', 'storyId', 'members', 'contradicting', 'relation']
      pending = { segments, k, keys: LAZY_CLAIM_GROUP, relation: undefined };
      out = new LazyClaimGroup(eager(3), eager(4), eager(5));
      out.relation = lazyRelation(out, pending);
      break;
    case 8:
      // ['group', 'storyId', 'members', 'speakerIds']
      pending = { segments, k, keys: LAZY_QUOTE_GROUP, relation: undefined };
      out = new LazyQuoteGroup(eager(3), eager(4), eager(5));
      break;
    case 11:
      // ['derived', 'source', 'score', 'passages']
      pending = { segments, k, keys: LAZY_DERIVATION, relation: undefined };
      out = new LazyDerivation(eager(3), eager(4), eager(5));
      break;
    default:
      throw new Undecodable('bad lazy object');
  }
  PENDING.set(out, pending);
  return out;
}

/*
 * The lazy shapes' objects, each made by a constructor of its own (`plainShape`): built from `{}`,
 * one beginning with the lazy accessor `group` would meet a computed group's `group` (another
 * accessor) or a decoded group's (a data field) and lose V8's fast properties.
 */
const LazyClaimGroup = plainShape(function (this: Record<string, unknown>, storyId: unknown, members: unknown, contradicting: unknown) {
  Object.defineProperty(this, 'group', LAZY_GROUP);
  this.storyId = storyId;
  this.members = members;
  this.contradicting = contradicting;
  this.relation = undefined;
});
const LazyQuoteGroup = plainShape(function (this: Record<string, unknown>, storyId: unknown, members: unknown, speakerIds: unknown) {
  Object.defineProperty(this, 'group', LAZY_GROUP);
  this.storyId = storyId;
  this.members = members;
  this.speakerIds = speakerIds;
});
const LazyDerivation = plainShape(function (this: Record<string, unknown>, derived: unknown, source: unknown, score: unknown) {
  this.derived = derived;
  this.source = source;
  this.score = score;
  Object.defineProperty(this, 'passages', LAZY_PASSAGES);
});

/**
 * A lazy claim group's relation: decodes the group's segment on its first call. Made here, not in
 * `lazyObject`, so that the function holds the group and its segment only, not what `lazyObject`'s
 * other closures hold (the line's compact values and reader), which lives as long as the group does.
 */
function lazyRelation(out: Record<string, unknown>, pending: Pending): (i: number, j: number) => string {
  return (i: number, j: number): string => {
    settle(out, pending);
    return pending.relation!(i, j);
  };
}

/** A custom value's stand-in while its owner is read (rebuilt by the decoder's hook once the owner is complete). */
class Stand {
  constructor(readonly kind: unknown, readonly data: unknown) {}
}

/** A story line as `encodeStory` wrote it, decoded (`decodeStory`). */
export function decodeStoryLine(line: string, sources: StorySources): { id: string; entry: StoryEntry } {
  const tab = line.indexOf(SEGMENT);
  const stored = JSON.parse(tab < 0 ? line : line.slice(0, tab)) as unknown;
  return decodeStory(stored, sources, tab < 0 ? undefined : line.slice(tab + 1));
}

/**
 * A stored story's entry for the articles indexed now (`stored`: the line's JSON parsed, `tail`: the
 * text after its tab); throws `Undecodable` when it does not fit them. The lazy segments are checked
 * against the line's digest now and decoded when a field of theirs is first read.
 */
export function decodeStory(stored: unknown, sources: StorySources, tail?: string): { id: string; entry: StoryEntry } {
  if (!Array.isArray(stored) || stored.length !== 10) throw new Undecodable('not a stored story');
  const [id, signature, files, hashes, lineShapes, table, prefixes, value, segmentCount, digest] = stored as StoredLine;
  if (typeof id !== 'string' || typeof signature !== 'string' || !Array.isArray(files) || !Array.isArray(hashes) || files.length !== hashes.length
    || !files.every((f) => typeof f === 'string') || !Array.isArray(lineShapes) || !Array.isArray(table) || !Array.isArray(prefixes)
    || typeof segmentCount !== 'number' || !Number.isInteger(segmentCount) || segmentCount < 0 || typeof digest !== 'string') {
    throw new Undecodable('not a stored story');
  }
  // A truncated or altered segment would only show when read: the digest refuses the line now.
  if (segmentCount > 0 ? tail === undefined || createHash('sha1').update(tail).digest('base64') !== digest : tail !== undefined && tail !== '') {
    throw new Undecodable('the lazy segments do not match their digest');
  }
  const articles: Article[] = [];
  for (const [k, file] of files.entries()) {
    const article = sources.article(file);
    if (!article || article.hash !== hashes[k]) throw new Undecodable(`${file} changed`);
    articles.push(article);
  }
  const shapes: (readonly string[])[] = [...KNOWN_SHAPES];
  for (const keys of lineShapes) {
    if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'string' && !key.startsWith('\u0000'))) throw new Undecodable('bad shape');
    shapes.push(keys);
  }
  const strings: string[] = [...files];
  for (const item of table) {
    if (typeof item === 'string') {
      strings.push(item);
      continue;
    }
    if (!Array.isArray(item) || item.length !== 3) throw new Undecodable('bad string');
    const [k, start, end] = item;
    const text = articles[k]?.text;
    if (text === undefined || !Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > text.length) throw new Undecodable('bad slice');
    strings.push(ownSlice(text, start, end));
  }
  const features = new Map<number, ArticleFeatures>();
  const resolve = (where: Path): unknown => {
    const root = where[0];
    if (typeof root !== 'string' || !/^[af]\d+$/.test(root)) return undefined;
    const k = Number(root.slice(1));
    const article = articles[k];
    if (article === undefined) return undefined;
    if (root[0] === 'a') return follow(article, where);
    let f = features.get(k);
    if (!f) features.set(k, (f = sources.features(article)));
    return follow(f, where);
  };
  const defined: unknown[] = [];
  /** Custom stand-ins read and not yet rebuilt by their owner. */
  let stands = 0;
  const lazy = segmentCount > 0 ? new LazySegments(id, tail!, segmentCount, (c: unknown) => {
    const item = read(c);
    if (!(item instanceof Stand)) return item;
    stands--;
    return relationOf(item);
  }) : undefined;
  const layoutKeys = (layout: Layout): KeyTree => layout.slice(1).map((inner, i) => [shapes[layout[0]][i], inner === null ? null : layoutKeys(inner as Layout)]);
  const lineBuilders = new Map<number | string, Builder | undefined>();
  const lineItemBuilders = new Map<number, ItemBuilder | undefined>();
  const itemBuilder = (shape: number): ItemBuilder | undefined => {
    if (shape < KNOWN_SHAPES.length) return KNOWN_ITEM_BUILDERS[shape];
    if (!lineItemBuilders.has(shape)) lineItemBuilders.set(shape, itemBuilderOf(shapes[shape]));
    return lineItemBuilders.get(shape);
  };
  const objectBuilder = (shape: number): Builder | undefined => {
    if (shape < KNOWN_SHAPES.length) return KNOWN_BUILDERS[shape];
    if (!lineBuilders.has(shape)) lineBuilders.set(shape, builderOf(shapes[shape].map((key) => [key, null])));
    return lineBuilders.get(shape);
  };
  const tableBuilder = (layout: Layout): Builder | undefined => {
    const name = JSON.stringify(layout);
    // Layouts of the known shapes mean the same in every line.
    if (KNOWN_TABLE_BUILDERS.has(name)) return KNOWN_TABLE_BUILDERS.get(name);
    if (!lineBuilders.has(name)) {
      const build = builderOf(layoutKeys(layout));
      if (layoutKnown(layout) && KNOWN_TABLE_BUILDERS.size < 256) KNOWN_TABLE_BUILDERS.set(name, build);
      else lineBuilders.set(name, build);
      return build;
    }
    return lineBuilders.get(name);
  };
  const read = (c: unknown, define?: number): unknown => {
    if (typeof c !== 'object' || c === null) {
      if (typeof c === 'string') {
        const first = c.charCodeAt(0);
        if (first === 126 /* TOKEN */) {
          let k = 0;
          for (let i = 1; i < c.length; i++) {
            const code = c.charCodeAt(i);
            if (code < 48 || code > 57) throw new Undecodable('bad string token');
            k = k * 10 + code - 48;
          }
          if (c.length < 2 || k >= strings.length) throw new Undecodable('bad string token');
          return strings[k];
        }
        if (first === 94 /* REF_MARK */) return reference(c);
        return c;
      }
      if (typeof c === 'number' || typeof c === 'boolean' || c === null) return c;
      throw new Undecodable(`unexpected ${typeof c}`);
    }
    if (!Array.isArray(c) || c.length === 0) throw new Undecodable('not a compact value');
    const head = c[0] as unknown;
    if (typeof head !== 'number') throw new Undecodable('bad head');
    if (head >= 0) {
      const keys = shapes[head];
      if (keys === undefined || c.length !== keys.length + 1) throw new Undecodable('bad shape number');
      const build = define === undefined ? objectBuilder(head) : undefined;
      if (build !== undefined) {
        const before = stands;
        const out = build(c, read, 1);
        // Custom stand-ins are rebuilt once their owner (and all it holds) is complete.
        if (stands !== before) {
          for (const key of keys) {
            if (out[key] instanceof Stand) {
              out[key] = relationOf(out[key] as Stand);
              stands--;
            }
          }
        }
        return out;
      }
      const out: Record<string, unknown> = {};
      if (define !== undefined) defined[define] = out;
      let pending = false;
      for (let i = 0; i < keys.length; i++) {
        const item = read(c[i + 1]);
        if (item instanceof Stand) pending = true;
        if (keys[i] === '__proto__') Object.defineProperty(out, '__proto__', { value: item, enumerable: true, writable: true, configurable: true });
        else out[keys[i]] = item;
      }
      // Custom stand-ins are rebuilt once their owner (and all it holds) is complete.
      if (pending) {
        for (const key of keys) {
          if (out[key] instanceof Stand) {
            out[key] = relationOf(out[key] as Stand);
            stands--;
          }
        }
      }
      return out;
    }
    switch (head) {
      case C_ARRAY: {
        const out: unknown[] = new Array(c.length - 1);
        if (define !== undefined) defined[define] = out;
        for (let i = 1; i < c.length; i++) {
          const item = read(c[i]);
          if (item instanceof Stand) throw new Undecodable('a custom value outside an object');
          out[i - 1] = item;
        }
        return out;
      }
      case C_MAP: {
        if (c.length % 2 !== 1) throw new Undecodable('bad map');
        const out = new Map<unknown, unknown>();
        if (define !== undefined) defined[define] = out;
        for (let i = 1; i < c.length; i += 2) out.set(plain(read(c[i])), plain(read(c[i + 1])));
        return out;
      }
      case C_SET: {
        const out = new Set<unknown>();
        if (define !== undefined) defined[define] = out;
        for (let i = 1; i < c.length; i++) out.add(plain(read(c[i])));
        return out;
      }
      case C_DEFINE: {
        const at = c[1] as unknown;
        if (c.length !== 3 || at !== defined.length) throw new Undecodable('bad definition');
        defined.push(undefined);
        return read(c[2], at);
      }
      case C_AGAIN: {
        const at = c[1] as unknown;
        if (c.length !== 2 || typeof at !== 'number' || !(at in defined) || defined[at] === undefined) throw new Undecodable('bad back reference');
        return defined[at];
      }
      case C_NUMBER: {
        const inner = c[1] as unknown;
        if (c.length !== 2 || (inner !== 'NaN' && inner !== 'Infinity' && inner !== '-Infinity')) throw new Undecodable('bad number');
        return Number(inner);
      }
      case C_STRING:
        if (c.length !== 2 || typeof c[1] !== 'string') throw new Undecodable('bad literal string');
        return c[1];
      case C_CUSTOM: {
        if (c.length !== 3) throw new Undecodable('bad custom value');
        const stand = new Stand(c[1], read(c[2]));
        stands++;
        return stand;
      }
      case C_TABLE: {
        const layout = c[1] as unknown;
        const width = layoutWidth(layout, 1);
        if (width === undefined || (c.length - 2) % width !== 0) throw new Undecodable('bad table');
        const out: unknown[] = new Array((c.length - 2) / width);
        if (define !== undefined) defined[define] = out;
        const before = stands;
        const build = tableBuilder(layout as Layout);
        if (build !== undefined) {
          for (let r = 0, at = 2; r < out.length; r++, at += width) out[r] = build(c, read, at);
          if (stands !== before) throw new Undecodable('a custom value in a table');
          return out;
        }
        let at = 2;
        const row = (l: Layout): Record<string, unknown> => {
          const keys = shapes[l[0]];
          const made: Record<string, unknown> = {};
          for (let i = 0; i < keys.length; i++) {
            const inner = l[i + 1] as Layout | null;
            let item: unknown;
            if (inner === null) {
              item = read(c[at++]);
              if (item instanceof Stand) throw new Undecodable('a custom value in a table');
            } else item = row(inner);
            if (keys[i] === '__proto__') Object.defineProperty(made, '__proto__', { value: item, enumerable: true, writable: true, configurable: true });
            else made[keys[i]] = item;
          }
          return made;
        };
        for (let r = 0; r < out.length; r++) out[r] = row(layout as Layout);
        return out;
      }
      case C_LAZY: {
        const shape = c[1] as unknown;
        const segment = c[2] as unknown;
        const lazyKeys = typeof shape === 'number' ? LAZY_FIELDS.get(shape) : undefined;
        const keys = typeof shape === 'number' ? shapes[shape] : undefined;
        if (lazyKeys === undefined || keys === undefined || define !== undefined || lazy === undefined || c.length !== 3 + keys.length - lazyKeys.length
          || typeof segment !== 'number' || !Number.isInteger(segment) || segment < 0 || segment >= segmentCount) {
          throw new Undecodable('bad lazy object');
        }
        return lazyObject(shape as number, c, read, lazy, segment);
      }
      case C_ITEM: {
        const shape = c[1] as unknown;
        const k = c[2] as unknown;
        const l = c[3] as unknown;
        const i = c[4] as unknown;
        const keys = typeof shape === 'number' ? shapes[shape] : undefined;
        const list = typeof k === 'number' && typeof l === 'number' ? (articles[k]?.[ARTICLE_LISTS[l]] as unknown as unknown[] | undefined) : undefined;
        const item = Array.isArray(list) && typeof i === 'number' ? (list[i] as Record<string, unknown> | undefined) : undefined;
        if (c.length !== 5 || keys === undefined || typeof item !== 'object' || item === null) throw new Undecodable('bad item');
        const copy = define === undefined ? itemBuilder(shape as number) : undefined;
        if (copy !== undefined) return copy(item, files[k as number], badItem);
        const out: Record<string, unknown> = {};
        if (define !== undefined) defined[define] = out;
        for (const key of keys) {
          let value: unknown;
          if (key === 'file') value = files[k as number];
          else {
            if (!Object.prototype.hasOwnProperty.call(item, key)) throw new Undecodable(`no ${key} in the item`);
            value = item[key];
            if (typeof value === 'object' && value !== null) throw new Undecodable(`${key} of the item is not a value`);
          }
          if (key === '__proto__') Object.defineProperty(out, '__proto__', { value, enumerable: true, writable: true, configurable: true });
          else out[key] = value;
        }
        return out;
      }
      default:
        throw new Undecodable('unknown tag');
    }
  };
  /** The number of values a table row of this layout holds, or undefined when it is not a layout of known shapes. */
  const layoutWidth = (layout: unknown, depth: number): number | undefined => {
    if (!Array.isArray(layout) || typeof layout[0] !== 'number') return undefined;
    const keys = shapes[layout[0]];
    if (keys === undefined || layout.length !== keys.length + 1) return undefined;
    let width = 0;
    for (let i = 1; i < layout.length; i++) {
      if (layout[i] === null) width++;
      else {
        const inner = depth > 0 ? layoutWidth(layout[i], depth - 1) : undefined;
        if (inner === undefined) return undefined;
        width += inner;
      }
    }
    return width;
  };
  /** The object a reference string (`^f0.quotes.3`) points at. */
  const prefixTargets: unknown[] = [];
  const reference = (text: string): unknown => {
    let i = 1;
    let p = 0;
    let digits = 0;
    for (let code = text.charCodeAt(i); code >= 48 && code <= 57; code = text.charCodeAt(++i), digits++) p = p * 10 + code - 48;
    if (digits === 0 || p >= prefixes.length) throw new Undecodable('bad reference');
    let target = prefixTargets[p];
    if (target === undefined) {
      const where = prefixes[p] as unknown;
      if (!Array.isArray(where) || where.length === 0) throw new Undecodable('bad reference');
      target = prefixTargets[p] = resolve(where as Path);
    }
    if (i < text.length) {
      if (text.charCodeAt(i) !== 46 /* . */ || !Array.isArray(target)) throw new Undecodable(`bad reference ${text}`);
      let index = 0;
      digits = 0;
      for (let code = text.charCodeAt(++i); code >= 48 && code <= 57; code = text.charCodeAt(++i), digits++) index = index * 10 + code - 48;
      if (digits === 0 || i !== text.length || index >= target.length) throw new Undecodable(`bad reference ${text}`);
      target = target[index] as unknown;
    }
    if (typeof target !== 'object' || target === null) throw new Undecodable(`nothing at ${text}`);
    return target;
  };
  const plain = (item: unknown): unknown => {
    if (item instanceof Stand) throw new Undecodable('a custom value outside an object');
    return item;
  };
  const results = plain(read(value)) as Partial<StoryResults> | null;
  if (typeof results !== 'object' || results === null) throw new Undecodable('results are not an object');
  for (const list of ['quoteGroups', 'claimGroups', 'derivations', 'findings'] as const) {
    if (!Array.isArray(results[list])) throw new Undecodable(`no ${list}`);
  }
  return { id, entry: { signature, files, results: results as StoryResults } };
}

/** The fields of an object in order, each a value (`null`) or an object of such fields. */
type KeyTree = [string, KeyTree | null][];
type Builder = (c: unknown[], read: (c: unknown) => unknown, at: number) => Record<string, unknown>;

/** Builders by their fields (the results' shapes are few): bounded, a corrupt file cannot grow it far. */
const builders = new Map<string, Builder>();

/**
 * A function that makes the object of these fields from consecutive values of a compact array
 * (from index `at`), each passed through `read`, as one object literal: far faster than adding the
 * fields one at a time. Undefined for a field named `__proto__` (a literal would set the prototype).
 */
function builderOf(tree: KeyTree): Builder | undefined {
  const name = JSON.stringify(tree);
  let build = builders.get(name);
  if (build !== undefined) return build;
  let at = 0;
  let safe = true;
  const literal = (fields: KeyTree): string => `{${fields.map(([key, inner]) => {
    if (key === '__proto__') safe = false;
    // Numbers, null, booleans and plain strings are taken as they are; the rest (tokens, references, arrays) is read.
    return `${JSON.stringify(key)}: ${inner === null ? `(typeof (v = c[at + ${at++}]) === 'number' || v === null || (typeof v === 'string' && v.charCodeAt(0) !== 126 && v.charCodeAt(0) !== 94) ? v : read(v))` : literal(inner)}`;
  }).join(', ')}}`;
  const body = literal(tree);
  if (!safe) return undefined;
  // Keys are written as JSON string literals (valid JavaScript ones): no key can change the code.
  build = new Function('c', 'read', 'at', `let v; return ${body};`) as Builder;
  if (builders.size < 512) builders.set(name, build);
  return build;
}

type ItemBuilder = (item: Record<string, unknown>, file: string, bad: () => never) => Record<string, unknown>;

/**
 * A function that makes the object of these fields from an item of an article's list: `file` is the
 * article's file, every other field the item's own value (`bad` is called for a field the item does
 * not hold as a value). Undefined for a field named `__proto__`.
 */
function itemBuilderOf(keys: readonly string[]): ItemBuilder | undefined {
  if (keys.includes('__proto__')) return undefined;
  const fields = keys.map((key) => `${JSON.stringify(key)}: ${key === 'file' ? 'file'
    : `(v = item[${JSON.stringify(key)}], v === undefined || (typeof v === 'object' && v !== null) || !Object.prototype.hasOwnProperty.call(item, ${JSON.stringify(key)}) ? bad() : v)`}`);
  return new Function('item', 'file', 'bad', `let v; return {${fields.join(', ')}};`) as ItemBuilder;
}

const badItem = (): never => {
  throw new Undecodable('the item does not hold the field');
};

const KNOWN_BUILDERS = KNOWN_SHAPES.map((keys) => builderOf(keys.map((key) => [key, null])));
const KNOWN_ITEM_BUILDERS = KNOWN_SHAPES.map((keys) => itemBuilderOf(keys));
const KNOWN_TABLE_BUILDERS = new Map<number | string, Builder | undefined>();
const layoutKnown = (layout: Layout): boolean => layout[0] < KNOWN_SHAPES.length && layout.every((inner, i) => i === 0 || inner === null || layoutKnown(inner as Layout));

/** A claim group's relation from its stored table. */
function relationOf(stand: Stand): (i: number, j: number) => string {
  if (stand.kind !== 'relation' || typeof stand.data !== 'object' || stand.data === null) throw new Undecodable('bad relation table');
  const { n, values, codes } = stand.data as { n?: unknown; values?: unknown; codes?: unknown };
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0
    || !Array.isArray(values) || !values.every((v) => typeof v === 'string') || typeof codes !== 'string' || codes.length !== n * n) {
    throw new Undecodable('bad relation table');
  }
  const legend = values as string[];
  for (let i = 0; i < codes.length; i++) if (legend[RELATION_CODES.indexOf(codes[i])] === undefined) throw new Undecodable('bad relation table');
  return (i: number, j: number): string => legend[codes.charCodeAt(i * n + j) - 97];
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
    /** The next line's JSON text; its lazy segments (the text after a tab) in `tail`. */
    let tail: string | undefined;
    const nextLine = (): string | undefined => {
      if (start >= raw.length) return undefined;
      let end = raw.indexOf(10, start);
      if (end < 0) end = raw.length;
      const tab = raw.subarray(start, end).indexOf(9);
      const line = raw.toString(encoding, start, tab < 0 ? end : start + tab);
      tail = tab < 0 ? undefined : raw.toString(encoding, start + tab + 1, end);
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
        const { id, entry } = decodeStory(JSON.parse(line) as unknown, sources, tail);
        entries.set(id, entry);
      } catch {
        dropped++; // a truncated or corrupt line: that story is computed again
      }
    }
    return { entries, stored, dropped };
  }

  /** Starts replacing the snapshot: stories are added one at a time (`encodeStory`), then committed atomically. */
  writer(): StoryWriter | undefined {
    const temporary = temporaryPath(this.file);
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
      const stored = JSON.parse(textOf(body)) as Record<string, unknown>;
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

  /**
   * Replaces the stored graph (atomically); false when it could not be written. The body is written
   * to the temporary file in pieces as it is encoded (a 10k archive's graph is tens of MB of JSON:
   * built as one string, then an ASCII copy, then a buffer, it was the cold start's highest point of
   * memory), hashed as it goes; the header, whose digest has a fixed length, is written last over a
   * placeholder of the same length. The bytes are those of `graphSnapshotBytes`.
   */
  write(graph: GraphSnapshot): boolean {
    const temporary = temporaryPath(this.file);
    let fd: number | undefined;
    try {
      fd = openSync(temporary, 'w');
      const header = (digest: string): string => JSON.stringify({ format: GRAPH_FORMAT, version: this.version, endian: endianness(), digest }) + '\n';
      const placeholder = header('0'.repeat(64));
      writeSync(fd, placeholder);
      const hash = createHash('sha256');
      const out = fd;
      for (const piece of graphBodyPieces(graph)) {
        const bytes = Buffer.from(piece, 'latin1'); // ASCII only (`asciiJson`)
        hash.update(bytes);
        writeSync(out, bytes);
      }
      const final = header(hash.digest('hex'));
      if (final.length !== placeholder.length) throw new Error('the header changed length');
      writeSync(fd, final, 0);
      closeSync(fd);
      fd = undefined;
      renameSync(temporary, this.file);
      return true;
    } catch {
      if (fd !== undefined) {
        try {
          closeSync(fd);
        } catch {
          // closed already
        }
      }
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

/** Array elements (or typed-array bytes, a multiple of 24 so base64 pieces join) per piece of `graphBodyPieces`. */
const GRAPH_PIECE = 2048;

/**
 * The body of `graph.json` in ASCII pieces: joined, exactly `asciiJson(JSON.stringify(...))` of the
 * graph's fields with the typed arrays in base64 (`graphSnapshotBytes` builds it at once, for tests).
 */
function* graphBodyPieces(graph: GraphSnapshot): Generator<string> {
  const list = function* (name: string, items: readonly unknown[]): Generator<string> {
    yield `,${JSON.stringify(name)}:[`;
    for (let i = 0; i < items.length; i += GRAPH_PIECE) {
      const json = JSON.stringify(items.slice(i, i + GRAPH_PIECE));
      yield (i > 0 ? ',' : '') + asciiJson(json.slice(1, -1));
    }
    yield ']';
  };
  const base64 = function* (name: string, array: Int32Array | Float64Array): Generator<string> {
    yield `,${JSON.stringify(name)}:"`;
    const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
    const step = GRAPH_PIECE * 24;
    for (let i = 0; i < bytes.length; i += step) yield bytes.toString('base64', i, Math.min(bytes.length, i + step));
    yield '"';
  };
  yield `{"threshold":${JSON.stringify(graph.threshold)}`;
  yield* list('files', graph.files);
  yield* list('hashes', graph.hashes);
  yield* list('keys', graph.keys);
  yield* list('top', graph.top);
  yield* list('dfTerms', graph.dfTerms);
  yield* base64('dfCounts', graph.dfCounts);
  yield* base64('pairs', graph.pairs);
  yield* base64('similarities', graph.similarities);
  yield '}';
}

/** The whole of `graph.json` for `graph`, built at once: what `GraphSnapshotFile.write` writes in pieces (tests compare the two). */
export function graphSnapshotBytes(graph: GraphSnapshot, version: string): Buffer {
  const base64 = (array: Int32Array | Float64Array): string => Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
  const body = Buffer.from(asciiJson(JSON.stringify({
    threshold: graph.threshold,
    files: graph.files,
    hashes: graph.hashes,
    keys: graph.keys,
    top: graph.top,
    dfTerms: graph.dfTerms,
    dfCounts: base64(graph.dfCounts),
    pairs: base64(graph.pairs),
    similarities: base64(graph.similarities),
  })));
  const digest = createHash('sha256').update(body).digest('hex');
  const header = JSON.stringify({ format: GRAPH_FORMAT, version, endian: endianness(), digest });
  return Buffer.concat([Buffer.from(header + '\n'), body]);
}

type NameLinks = CrossReferenceCache['names'];

/** Format of `names.json` (the story snapshot's format moved on without it). */
const NAMES_FORMAT = 3;

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
    const bytes = readIfPresent(this.file);
    if (bytes === undefined) return undefined;
    try {
      // Written ASCII-only: read as one-byte text without UTF-8 decoding (`textOf`).
      const stored = JSON.parse(textOf(bytes)) as { format?: unknown; version?: unknown; links?: unknown };
      if (stored.format !== NAMES_FORMAT || stored.version !== this.version) throw new Undecodable('another format or version');
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
    let contents: string;
    try {
      contents = asciiJson(`{"format":${NAMES_FORMAT},"version":${JSON.stringify(this.version)},"links":${JSON.stringify(encode(links))}}`);
    } catch {
      return false;
    }
    return replaceFile(this.file, contents);
  }
}

/** A stored file's bytes, or undefined when there is none (or it cannot be read): then it is computed again. */
function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Replaces `file` with `contents` atomically (a temporary file of this process renamed into place, so
 * a reader never sees half a file); false, with nothing left behind, when it could not be written.
 */
function replaceFile(file: string, contents: string | Buffer): boolean {
  const temporary = temporaryPath(file);
  try {
    writeFileSync(temporary, contents);
    renameSync(temporary, file);
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
