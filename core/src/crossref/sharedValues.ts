/**
 * One copy of equal strings and claim values across articles. Each article's analysis arrives as a
 * copy of its own (a worker's message, a cache entry's JSON), so a quote five outlets carry is five
 * equal strings, and "nearly three hours" in forty articles is forty equal value objects with forty
 * equal intervals. At 10,000 articles the copies were over 20 MB of the server's heap
 * (docs/performance.md, run 22).
 *
 * The tables grow with what is shared, so the corpus empties them after every pass (`clear`): what
 * arrives together (a whole folder while indexing) shares, and nothing is held for articles that are
 * gone. Sharing never changes a value: only equal strings and values that are equal field by field
 * (same fields in the same order, numbers the same, -0 and NaN included) share, and nothing in the
 * analysis changes a claim value after it is made.
 */
import type { Claim, ClaimValue, Quote } from '../model';

export class SharedValues {
  private texts = new Map<string, string>();
  private values = new Map<string, ClaimValue>();

  /** The one copy of `text` (the first seen since the last `clear`). */
  text<T extends string | null>(text: T): T {
    if (text === null) return text;
    const seen = this.texts.get(text);
    if (seen !== undefined) return seen as T;
    this.texts.set(text, text);
    return text;
  }

  /** The one copy of a claim value equal to `value` field by field. */
  value(value: ClaimValue): ClaimValue {
    const key = structuralKey(value);
    if (key === undefined) return value;
    const seen = this.values.get(key);
    if (seen !== undefined) return seen;
    this.values.set(key, value);
    return value;
  }

  /** A quote's words and speaker's name, shared. */
  quote(quote: Quote): void {
    quote.text = this.text(quote.text);
    quote.speaker = this.text(quote.speaker);
  }

  /** A claim's words and value, shared. */
  claim(claim: Claim): void {
    claim.text = this.text(claim.text);
    claim.value = this.value(claim.value);
  }

  /** Strings and values held so far (for tests). */
  get size(): number {
    return this.texts.size + this.values.size;
  }

  clear(): void {
    if (this.texts.size > 0) this.texts = new Map();
    if (this.values.size > 0) this.values = new Map();
  }
}

/**
 * A string that two values give only when they are equal field by field: plain objects and arrays of
 * strings, numbers, booleans and null. Undefined for anything else (the value is then kept as it is).
 * Strings go with their length before them and numbers as `String` gives them (-0 apart), so no two
 * different values give one key; built by concatenation (a warm start keys 100,000 claim values).
 */
export function structuralKey(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return `s${value.length}:${value}`;
    case 'number':
      // String() says the same for 0 and -0 (and JSON says null for every non-finite number).
      return Object.is(value, -0) ? 'n-0' : `n${value}`;
    case 'boolean':
      return value ? 't' : 'f';
    case 'object': {
      if (value === null) return 'z';
      let key: string;
      if (Array.isArray(value)) {
        key = '[';
        for (const element of value as unknown[]) {
          const part = structuralKey(element);
          if (part === undefined) return undefined;
          key += part + ',';
        }
        return key + ']';
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return undefined;
      key = '{';
      for (const name of Object.keys(value)) {
        const part = structuralKey((value as Record<string, unknown>)[name]);
        if (part === undefined) return undefined;
        key += `${name.length}:${name}=${part},`;
      }
      return key + '}';
    }
    default:
      return undefined;
  }
}
