/**
 * Tables keyed by file that an edit's pass changes in a few entries only. A pass after an edit used
 * to build its per-file maps (article by file, story by file) afresh: at 10,000 articles that is two
 * maps of 10,000 entries per keystroke pause, about 2 ms each, and garbage that lives as long as the
 * index, so old-generation growth and with it the full collections that land on later edits.
 * `withReplaced` instead lays the few new entries over the last pass's table, which is never changed
 * once made, and folds them into a new map only when there are many.
 */

/** A read-only table by file: a `Map`, or a `Map` with some entries replaced. */
export interface FileLookup<T> {
  get(file: string): T | undefined;
  readonly size: number;
}

/** Replaced entries kept over a base map before they are folded into a new one. */
const MAX_REPLACED = 256;

class Replaced<T> implements FileLookup<T> {
  constructor(
    readonly base: ReadonlyMap<string, T>,
    readonly replaced: ReadonlyMap<string, T>,
  ) {}

  get size(): number {
    return this.base.size;
  }

  get(file: string): T | undefined {
    const value = this.replaced.get(file);
    return value !== undefined ? value : this.base.get(file);
  }
}

/**
 * `table` with the values of files it already holds replaced by `entries` (the table itself is left
 * as it was: an older index may still read it). Undefined when an entry's file is not in the table,
 * since that changes the table's files: the caller builds a new one.
 */
export function withReplaced<T>(table: FileLookup<T>, entries: Iterable<readonly [string, T]>): FileLookup<T> | undefined {
  const base = table instanceof Replaced ? (table.base as ReadonlyMap<string, T>) : (table as ReadonlyMap<string, T>);
  const replaced = new Map<string, T>(table instanceof Replaced ? (table.replaced as ReadonlyMap<string, T>) : undefined);
  for (const [file, value] of entries) {
    if (base.get(file) === undefined) return undefined;
    replaced.set(file, value);
  }
  if (replaced.size === 0) return base;
  if (replaced.size <= MAX_REPLACED) return new Replaced(base, replaced);
  const merged = new Map(base);
  for (const [file, value] of replaced) merged.set(file, value);
  return merged;
}

/**
 * Where `file` is, or would go, in a list sorted by file name (`fileAt(i)` for i below `count`): the
 * first position whose file is not below it. A binary search, for the lists in file order that an
 * edit's pass looks a few files up in.
 */
export function filePosition(count: number, fileAt: (index: number) => string, file: string): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (fileAt(mid) < file) low = mid + 1;
    else high = mid;
  }
  return low;
}
