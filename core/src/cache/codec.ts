/**
 * A JSON encoding for the values the cache keeps besides analyses (article features, each story's
 * cross-referencing results): plain objects and arrays as JSON, plus what JSON cannot say —
 * `Map`, `Set`, numbers that are not finite, an object reached twice (kept one object when decoded),
 * and references to objects that live elsewhere (an article's quotes, another value's members), which
 * are written as a path from a named root and resolved against the live objects when decoded.
 *
 * Anything else (a class instance, a function) cannot be encoded: `encode` throws `Unencodable` and
 * the caller simply does not cache that value. Decoding checks every tag and path it reads and throws
 * `Undecodable` on anything it does not recognise, so a corrupt entry is never half-trusted.
 *
 * Tags are objects whose only key starts with U+0000, a character no field name of ours contains.
 */

import { isAscii } from 'node:buffer';

export class Unencodable extends Error {}
export class Undecodable extends Error {}

/** A path from a named root: the root's name, then property names and array indexes. */
export type Path = (string | number)[];

// The tags an encoded value's arrays start with (exported for the story snapshot, which writes them compactly).
export const MAP = '\u0000m';
export const SET = '\u0000s';
export const NUMBER = '\u0000n';
export const REF = '\u0000r';
export const DEFINE = '\u0000d';
export const AGAIN = '\u0000a';
export const CUSTOM = '\u0000c';
/** A string that starts with U+0000 itself (when `strings` tokens are in use, such a string would read as a token). */
export const LITERAL = '\u0000l';

/**
 * Where each object reachable from `root` (through plain objects and arrays) lives, first path wins.
 * `name`: the root's name, or the path to it.
 */
export function indexObjects(root: unknown, name: string | Path, into: Map<object, Path> = new Map()): Map<object, Path> {
  const walk = (value: unknown, path: Path): void => {
    if (typeof value !== 'object' || value === null || into.has(value)) return;
    into.set(value, path);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === 'object' && item !== null) walk(item, [...path, i]);
      }
    } else if (isPlain(value)) {
      for (const key of Object.keys(value)) {
        const item = (value as Record<string, unknown>)[key];
        if (typeof item === 'object' && item !== null) walk(item, [...path, key]);
      }
    }
  };
  walk(root, typeof name === 'string' ? [name] : name);
  return into;
}

function isPlain(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

export interface EncodeOptions {
  /** Objects that live elsewhere: written as their path. */
  refs?: Map<object, Path>;
  /** A function-valued field: return an encodable stand-in (decoded by `DecodeOptions.custom`), or undefined to give up. */
  custom?: (owner: Record<string, unknown>, key: string, value: unknown) => { kind: string; data: unknown } | undefined;
  /**
   * Strings written as a short token (U+0000 and their number) instead of in full: long strings
   * that recur (file names), read back as the one string `DecodeOptions.strings` holds at that number.
   */
  strings?: Map<string, number>;
}

export interface DecodeOptions {
  /** The live object at a path (throw or return undefined when there is none). */
  resolve: (path: Path) => unknown;
  /** Rebuilds a custom stand-in once the owner object is complete. */
  custom?: (kind: string, data: unknown, owner: Record<string, unknown>) => unknown;
  /** The strings of `EncodeOptions.strings`, by number. */
  strings?: readonly string[];
}

/** `value` as JSON-safe data; throws `Unencodable` for what it cannot keep exactly. */
export function encode(value: unknown, options: EncodeOptions = {}): unknown {
  const refs = options.refs ?? new Map<object, Path>();
  const strings = options.strings;
  // Objects reached more than once are defined at their first occurrence and referred to afterwards.
  const seen = new Set<object>();
  const shared = new Set<object>();
  const count = (v: unknown): void => {
    if (typeof v !== 'object' || v === null || refs.has(v)) return;
    if (seen.has(v)) {
      shared.add(v);
      return;
    }
    seen.add(v);
    if (v instanceof Map) for (const [k, x] of v) { count(k); count(x); }
    else if (v instanceof Set) for (const x of v) count(x);
    else if (Array.isArray(v)) for (const x of v) count(x);
    else for (const key of Object.keys(v)) count((v as Record<string, unknown>)[key]);
  };
  count(value);
  const ids = new Map<object, number>();
  const write = (v: unknown, owner?: Record<string, unknown>, key?: string): unknown => {
    switch (typeof v) {
      case 'string': {
        if (strings === undefined) return v;
        const token = strings.get(v);
        if (token !== undefined) return `\u0000${token}`;
        return v.charCodeAt(0) === 0 ? { [LITERAL]: v } : v;
      }
      case 'boolean':
        return v;
      case 'number':
        return Number.isFinite(v) ? v : { [NUMBER]: String(v) };
      case 'undefined':
        if (owner === undefined) throw new Unencodable('undefined outside an object field');
        return undefined;
      case 'function': {
        const stand = owner !== undefined && key !== undefined ? options.custom?.(owner, key, v) : undefined;
        if (!stand) throw new Unencodable(`a function in field ${key ?? '?'}`);
        return { [CUSTOM]: stand.kind, data: write(stand.data) };
      }
      case 'object':
        break;
      default:
        throw new Unencodable(`a ${typeof v}`);
    }
    if (v === null) return null;
    const path = refs.get(v);
    if (path !== undefined) return { [REF]: path };
    const again = ids.get(v);
    if (again !== undefined) return { [AGAIN]: again };
    let body: unknown;
    const define = shared.has(v);
    let id = 0;
    if (define) {
      id = ids.size;
      ids.set(v, id);
    }
    if (v instanceof Map) {
      // Keys and values in one flat list: far fewer arrays to parse than a pair per entry.
      const flat: unknown[] = [];
      for (const [k, x] of v) flat.push(write(k), write(x));
      body = { [MAP]: flat };
    }
    else if (v instanceof Set) body = { [SET]: [...v].map((x) => write(x)) };
    else if (Array.isArray(v)) {
      body = v.map((x) => {
        if (x === undefined) throw new Unencodable('undefined in an array');
        return write(x);
      });
    } else if (isPlain(v)) {
      const out: Record<string, unknown> = {};
      const record = v as Record<string, unknown>;
      for (const k of Object.keys(record)) {
        if (k.startsWith('\u0000')) throw new Unencodable('a field name starting with U+0000');
        const x = write(record[k], record, k);
        if (x !== undefined) out[k] = x;
      }
      body = out;
    } else {
      throw new Unencodable(`an instance of ${(v as object).constructor?.name ?? 'a class'}`);
    }
    return define ? { [DEFINE]: id, v: body } : body;
  };
  return write(value);
}

/**
 * The value `encode` wrote; throws `Undecodable` on anything malformed. Decodes `data` in place (pass
 * freshly parsed JSON, not data still used elsewhere).
 */
export function decode(data: unknown, options: DecodeOptions): unknown {
  const defined: unknown[] = [];
  const strings = options.strings;
  const read = (d: unknown, define?: number): unknown => {
    if (typeof d !== 'object' || d === null) {
      if (typeof d === 'string') {
        if (strings === undefined || d.charCodeAt(0) !== 0) return d;
        // A token of `strings` (the only way a written string starts with U+0000).
        const token = strings === undefined ? undefined : strings[Number(d.slice(1))];
        if (token === undefined || !/^\u0000\d+$/.test(d)) throw new Undecodable('bad string token');
        return token;
      }
      if (typeof d === 'number' || typeof d === 'boolean' || d === null) return d;
      throw new Undecodable(`unexpected ${typeof d}`);
    }
    const place = <T>(made: T): T => {
      if (define !== undefined) defined[define] = made;
      return made;
    };
    // Arrays and plain objects are decoded in place: the data is freshly parsed JSON, owned by the
    // caller, so nothing is copied (half the allocations of a copy, and an own "__proto__" key stays a key).
    if (Array.isArray(d)) {
      place(d);
      for (let i = 0; i < d.length; i++) d[i] = read(d[i]);
      return d;
    }
    const record = d as Record<string, unknown>;
    const keys = Object.keys(record);
    const tag = keys.length > 0 && keys[0].startsWith('\u0000') ? keys[0] : undefined;
    if (tag === undefined) {
      const out = place(record);
      let stand: string[] | undefined;
      for (const key of keys) {
        const value = read(record[key]);
        out[key] = value;
        if (typeof value === 'object' && value !== null && CUSTOM in value) (stand ??= []).push(key);
      }
      // Custom stand-ins are rebuilt once their owner (and all it holds) is complete.
      if (stand !== undefined) {
        if (!options.custom) throw new Undecodable('a custom value with no decoder');
        for (const key of stand) {
          const { [CUSTOM]: kind, data: inner } = out[key] as Record<string, unknown>;
          out[key] = options.custom(String(kind), inner, out);
        }
      }
      return out;
    }
    const inner = record[tag];
    switch (tag) {
      case MAP: {
        if (!Array.isArray(inner) || inner.length % 2 !== 0) throw new Undecodable('bad map');
        const out = place(new Map<unknown, unknown>());
        for (let i = 0; i < inner.length; i += 2) out.set(read(inner[i]), read(inner[i + 1]));
        return out;
      }
      case SET: {
        if (!Array.isArray(inner)) throw new Undecodable('bad set');
        const out = place(new Set<unknown>());
        for (const item of inner) out.add(read(item));
        return out;
      }
      case NUMBER:
        if (inner !== 'NaN' && inner !== 'Infinity' && inner !== '-Infinity') throw new Undecodable('bad number');
        return Number(inner);
      case REF: {
        if (!Array.isArray(inner)) throw new Undecodable('bad reference');
        const target = options.resolve(inner as Path);
        if (typeof target !== 'object' || target === null) throw new Undecodable(`nothing at ${inner.join('.')}`);
        return target;
      }
      case DEFINE:
        if (typeof inner !== 'number' || inner !== defined.length) throw new Undecodable('bad definition');
        defined.push(undefined);
        return read(record.v, inner);
      case AGAIN:
        if (typeof inner !== 'number' || !(inner in defined) || defined[inner] === undefined) throw new Undecodable('bad back reference');
        return defined[inner];
      case LITERAL:
        if (typeof inner !== 'string') throw new Undecodable('bad literal string');
        return inner;
      case CUSTOM:
        // Rebuilt by the caller's hook once the object holding it is complete (above).
        return { [CUSTOM]: inner, data: read(record.data) };
      default:
        throw new Undecodable(`unknown tag ${JSON.stringify(tag)}`);
    }
  };
  return read(data);
}

/**
 * What `decode` (without `strings` tokens) makes of `data` when it is an encoded map of strings to
 * finite numbers (a term count), built without the general walk; undefined when `data` is anything
 * else (then `decode` it).
 */
export function decodeCounts(data: unknown): Map<string, number> | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const keys = Object.keys(data);
  if (keys.length !== 1 || keys[0] !== MAP) return undefined;
  return countsOf((data as Record<string, unknown>)[MAP]);
}

/** A flat list of string keys and numbers (`[key, count, key, count, …]`) as a map, or undefined when it is not one. */
export function countsOf(flat: unknown): Map<string, number> | undefined {
  if (!Array.isArray(flat) || flat.length % 2 !== 0) return undefined;
  const out = new Map<string, number>();
  for (let i = 0; i < flat.length; i += 2) {
    const key: unknown = flat[i];
    const count: unknown = flat[i + 1];
    if (typeof key !== 'string' || typeof count !== 'number') return undefined;
    out.set(key, count);
  }
  return out;
}

/** Whether `object`'s own keys are `expected`, in that order (a row or line read back in the shape it was written). */
export function sameKeys(object: object, expected: string[]): boolean {
  const keys = Object.keys(object);
  return keys.length === expected.length && keys.every((k, j) => k === expected[j]);
}

/**
 * JSON text with every non-ASCII character written as a `\uXXXX` escape (the same value when
 * parsed). Cache files are written this way: pure ASCII bytes are read into a one-byte string
 * without UTF-8 decoding (`textOf`), and V8 parses one-byte JSON faster.
 */
export function asciiJson(json: string): string {
  return NON_ASCII.test(json) ? json.replace(NON_ASCII_ALL, escapeUnit) : json;
}

const NON_ASCII = /[\u007f-\uffff]/;
const NON_ASCII_ALL = /[\u007f-\uffff]/g;
const escapeUnit = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Bytes of a cache file as text: ASCII as one-byte text directly, anything else decoded as UTF-8. */
export function textOf(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** Follows a path from a root object; undefined when it leads nowhere. */
export function follow(root: unknown, path: Path, from = 1): unknown {
  let at: unknown = root;
  for (let i = from; i < path.length; i++) {
    if (typeof at !== 'object' || at === null) return undefined;
    const step = path[i];
    if (Array.isArray(at)) {
      if (typeof step !== 'number' || step < 0 || step >= at.length) return undefined;
      at = at[step];
    } else {
      if (typeof step !== 'string' || !Object.prototype.hasOwnProperty.call(at, step)) return undefined;
      at = (at as Record<string, unknown>)[step];
    }
  }
  return at;
}
