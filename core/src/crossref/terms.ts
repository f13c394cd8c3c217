/**
 * Compact term counts and TF-IDF vectors for the story stage.
 *
 * Each thread numbers the terms it meets once (`termId`, a process-wide dictionary): a term's string
 * is held once however many articles use it, and an article's counts and vector are parallel typed
 * arrays of term numbers and values, in the order the terms were first counted (the order the maps
 * they replace kept, so every sum over them adds the same numbers in the same order, to the bit).
 * Numbers are private to a thread: what crosses threads or goes to disk holds the strings.
 */

const numberOf = new Map<string, number>();
const stringOf: string[] = [];

/** The number of `term` in this thread's dictionary (given it on first use). */
export function termId(term: string): number {
  let id = numberOf.get(term);
  if (id === undefined) {
    id = stringOf.length;
    numberOf.set(term, id);
    stringOf.push(term);
  }
  return id;
}

/** The number of `term`, or -1 when no article of this thread has used it. */
export function knownTermId(term: string): number {
  return numberOf.get(term) ?? -1;
}

/** The term numbered `id`. */
export function termString(id: number): string {
  return stringOf[id];
}

/** How many terms the dictionary holds (term numbers are below this). */
export function termCount(): number {
  return stringOf.length;
}

/** Terms (numbers of the dictionary) with a number each, in order: what counts and vectors share. */
abstract class TermColumns<Values extends Int32Array | Uint8Array | Float64Array> {
  constructor(
    readonly ids: Int32Array,
    protected readonly values: Values,
  ) {}

  get size(): number {
    return this.ids.length;
  }

  /** The terms, in order (strings of the dictionary). */
  *keys(): IterableIterator<string> {
    for (let k = 0; k < this.ids.length; k++) yield stringOf[this.ids[k]];
  }

  /** [term, number] pairs, in order (what the map they replace iterated). */
  *entries(): IterableIterator<[string, number]> {
    for (let k = 0; k < this.ids.length; k++) yield [stringOf[this.ids[k]], this.values[k]];
  }

  [Symbol.iterator](): IterableIterator<[string, number]> {
    return this.entries();
  }

  /** The number of `term` (undefined when absent). Linear: for tests and rare paths. */
  get(term: string): number | undefined {
    const id = numberOf.get(term);
    if (id === undefined) return undefined;
    const k = this.ids.indexOf(id);
    return k < 0 ? undefined : this.values[k];
  }
}

/**
 * An article's raw term counts: `ids[k]` counted `counts[k]` times, terms in first-counted order, each
 * once. The numbers and the counts share one buffer; the counts take a byte each when every one is
 * below 256 (nearly every article: the same values, three bytes a term less).
 */
export class TermCounts extends TermColumns<Int32Array | Uint8Array> {
  get counts(): Int32Array | Uint8Array {
    return this.values;
  }

  has(term: string): boolean {
    return this.get(term) !== undefined;
  }

  /** Counts from [term, count] pairs in order; undefined when a term repeats or a count is not a positive 32-bit integer. */
  static from(pairs: Iterable<readonly [string, number]>): TermCounts | undefined {
    const ids: number[] = [];
    const counts: number[] = [];
    for (const [term, count] of pairs) {
      if (!(Number.isInteger(count) && count > 0 && count <= 0x7fffffff)) return undefined;
      ids.push(termId(term));
      counts.push(count);
    }
    return TermCounts.of(ids, counts);
  }

  /** Counts from the flat list [term, count, term, count, …] the cache keeps; undefined when it is not one (see `from`). */
  static fromFlat(flat: unknown): TermCounts | undefined {
    if (!Array.isArray(flat) || flat.length % 2 !== 0) return undefined;
    const size = flat.length / 2;
    let largest = 0;
    for (let k = 0; k < size; k++) {
      const term: unknown = flat[2 * k];
      const count: unknown = flat[2 * k + 1];
      if (typeof term !== 'string' || typeof count !== 'number' || !(Number.isInteger(count) && count > 0 && count <= 0x7fffffff)) return undefined;
      if (count > largest) largest = count;
    }
    const { ids, counts } = columns(size, largest);
    for (let k = 0; k < size; k++) {
      ids[k] = termId(flat[2 * k] as string);
      counts[k] = flat[2 * k + 1] as number;
    }
    return distinct(ids) ? new TermCounts(ids, counts) : undefined;
  }

  private static of(idList: number[], countList: number[]): TermCounts | undefined {
    let largest = 0;
    for (const count of countList) if (count > largest) largest = count;
    const { ids, counts } = columns(idList.length, largest);
    ids.set(idList);
    counts.set(countList);
    return distinct(ids) ? new TermCounts(ids, counts) : undefined;
  }
}

/** The columns of `size` terms in one buffer: term numbers, then counts (a byte each when `largest` fits one). */
function columns(size: number, largest: number): { ids: Int32Array; counts: Int32Array | Uint8Array } {
  const narrow = largest <= 0xff;
  const buffer = new ArrayBuffer(4 * size + (narrow ? size : 4 * size));
  const ids = new Int32Array(buffer, 0, size);
  return { ids, counts: narrow ? new Uint8Array(buffer, 4 * size, size) : new Int32Array(buffer, 4 * size, size) };
}

/** Whether no number repeats in `ids` (a stamp per term number, reused across calls). */
let stamp = new Int32Array(1024);
let stampValue = 0;
function distinct(ids: Int32Array): boolean {
  if (stamp.length < stringOf.length) stamp = new Int32Array(Math.max(stringOf.length, 2 * stamp.length));
  if (++stampValue === 0x7fffffff) {
    stamp.fill(0);
    stampValue = 1;
  }
  for (let k = 0; k < ids.length; k++) {
    if (stamp[ids[k]] === stampValue) return false;
    stamp[ids[k]] = stampValue;
  }
  return true;
}

/** An article's TF-IDF vector: `ids[k]` weighs `weights[k]`, in the order of its counts (the same `ids`). */
export class TermVector extends TermColumns<Float64Array> {
  get weights(): Float64Array {
    return this.values;
  }

  /** A vector of [term, weight] pairs in order (each term once: tests and tools). */
  static from(pairs: Iterable<readonly [string, number]>): TermVector {
    const list = [...pairs];
    return new TermVector(Int32Array.from(list, ([t]) => termId(t)), Float64Array.from(list, ([, w]) => w));
  }

}

/**
 * A scratch array indexed by term number, all zeros between uses: a vector is spread into it, read,
 * and cleared again (`withSpread`).
 */
let spread = new Float64Array(1024);

/** `spread` sized for every term number there is now. */
export function scratch(): Float64Array {
  if (spread.length < stringOf.length) spread = new Float64Array(Math.max(stringOf.length, 2 * spread.length));
  return spread;
}

/**
 * The dot product of two vectors as the map version summed it: over the smaller vector's terms (the
 * first on equal sizes) in its order, each weight times the other's weight for that term. The other
 * is spread into the scratch array (a term it lacks reads 0, and adding +0 to a sum changes nothing:
 * the weights are positive).
 */
export function dot(a: TermVector, b: TermVector): number {
  const small = a.ids.length <= b.ids.length ? a : b;
  const large = small === a ? b : a;
  const s = scratch();
  const largeIds = large.ids;
  const largeWeights = large.weights;
  for (let k = 0; k < largeIds.length; k++) s[largeIds[k]] = largeWeights[k];
  const smallIds = small.ids;
  const smallWeights = small.weights;
  let sum = 0;
  for (let k = 0; k < smallIds.length; k++) sum += smallWeights[k] * s[smallIds[k]];
  for (let k = 0; k < largeIds.length; k++) s[largeIds[k]] = 0;
  return sum;
}
