/**
 * An article's cross-referencing features (`articleFeatures`: terms, quote and claim features,
 * sentence stems, statements) as cache data. Features point into their article (a quote feature
 * holds the article's quote, a claim feature the article and its claim); those pointers are written
 * as paths into the article and resolved against the article read back, so a decoded feature set is
 * wired to the article exactly as a freshly computed one is.
 */
import { isAscii } from 'node:buffer';
import type { Article } from '../model';
import type { ArticleFeatures } from '../crossref/crossref';
import { type ClaimFeatures, claimFeatures } from '../crossref/claims';
import { sentenceStems } from '../crossref/derivations';
import { type QuoteFeatures, quoteFeatures } from '../crossref/quotes';
import { articleStatements } from '../crossref/statements';
import { articleTerms } from '../crossref/stories';
import { TermCounts } from '../crossref/terms';
import { bag, bigrams } from '../crossref/text';
import { plainShape } from '../plainShape';
import { type Path, Undecodable, Unencodable, decode, countsOf, decodeCounts, encode, follow, indexObjects, sameKeys } from './codec';

/**
 * Quote and claim features are written as rows rather than through the codec: what points into the
 * article (its file, the quote or claim of the same index, the article itself) is implied by the
 * row's place, and a quote's character bigrams and stem bag (the bulk of a quote feature, pure
 * functions of its text and stems) are not written at all but computed when first read. A row keeps
 * only what is read when the feature is put into the corpus (a quote's `exactOnly`, a claim's event
 * and value key); the derived parts (a quote's normalised text, stems and content stems, a claim's
 * context stems) go to sections of their own (`EncodedFeatures.sections`), decoded when first read. A warm
 * start whose stories all come from the story snapshot never reads them (the server drops them from
 * its features as they arrive), so it never parses them. Each field's place in the object is the
 * one `quoteFeatures` / `claimFeatures` gives it.
 */
const QUOTE_ROWS = 'quoteRows';
const CLAIM_ROWS = 'claimRows';

const QUOTE_KEYS = ['file', 'quote', 'normalized', 'stems', 'content', 'bigrams', 'stemBag', 'exactOnly'];
const CLAIM_KEYS = ['file', 'article', 'claim', 'event', 'context', 'valueKey'];

/**
 * Where an entry's sections are on disk: `text(start, end)` gives the bytes from `start` to `end` of the
 * entry's body as text, or undefined when the file no longer holds that body (gone, shorter, of
 * another size, not the entry read).
 */
export interface SectionFile {
  text(start: number, end: number): string | undefined;
}

/**
 * The sections of a cache entry (lines of JSON after its first line), taken once each by whoever
 * decodes them (`take`). A section is not kept in memory as text but as its place in the entry file
 * (`SectionFile` and byte offsets), read back when it is taken: most sections are never taken in a
 * warm start (a quote feature's parts, dropped by the server's lean features), and their text was
 * the bulk of a warm server's strings. A section too small to be worth a place (`SMALL_SECTION`), the
 * sections of a body not (yet) written to a file (`ofText`; `storedIn` points them at the file once
 * written) and the sections of bytes whose file is unknown are kept as strings of their own. A
 * section whose bytes cannot be read back as they were (the file gone, shorter, rewritten) reads as
 * '', which decodes to nothing: its reader computes it again, as for a damaged section. (Keeping the
 * sections all as bytes in one block outside the heap made the heap smaller but kept those never
 * read too: a 10k warm start's RSS grew by about 100 MB.)
 */
export class EntrySections {
  /** Sections shaped as JSON lists (bit i: section i), checked when the entry was read. */
  private readonly lists: number;
  /** Where the sections are in the entry's body (section i from `bounds[i]` to `bounds[i + 1] - 1`), with `file`. */
  private bounds: number[] | undefined;
  private file: SectionFile | undefined;

  private constructor(private readonly texts: (string | undefined)[], lists: number) {
    this.lists = lists;
  }

  /**
   * The sections in `bytes` from `start` (lines separated by a line feed); none when `start` is past the
   * end. With `file` (the bytes are the entry's body from `base` on), they are left there and read back
   * when taken, but for those in `keep` (bit i: section i), kept as text until first taken; without,
   * kept as text.
   */
  static of(bytes: Uint8Array, start: number, encoding: 'latin1' | 'utf8', file?: SectionFile, base = 0, keep = 0): EntrySections {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const texts: (string | undefined)[] = [];
    const bounds: number[] = [];
    let lists = 0;
    let onDisk = false;
    if (start <= buffer.length) {
      let at = start;
      for (let i = 0; ; i++) {
        const found = buffer.indexOf(10, at);
        const end = found < 0 ? buffer.length : found;
        if (end - at >= 2 && buffer[at] === 0x5b && buffer[end - 1] === 0x5d && i < 30) lists |= 1 << i;
        bounds.push(at - base);
        if (file !== undefined && end - at >= SMALL_SECTION) {
          // A section in `keep` is taken soon: kept as text until then (no read), from the file after.
          texts.push(i < 30 && (keep & (1 << i)) !== 0 ? buffer.toString(encoding, at, end) : undefined);
          onDisk = true;
        } else texts.push(end - at === 2 && (lists & (1 << i)) !== 0 ? EMPTY_LIST : buffer.toString(encoding, at, end));
        if (found < 0) break;
        at = found + 1;
      }
      bounds.push(buffer.length + 1 - base);
    }
    const sections = new EntrySections(texts, lists);
    if (onDisk) {
      sections.file = file;
      sections.bounds = bounds;
    }
    return sections;
  }

  /** The sections in `text` (lines), as strings of their own (a slice would keep all of `text`); none when undefined. */
  static ofText(text: string | undefined): EntrySections {
    if (text === undefined) return new EntrySections([], 0);
    const bytes = Buffer.from(text, 'utf8');
    return EntrySections.of(bytes, 0, isAscii(bytes) ? 'latin1' : 'utf8');
  }

  /**
   * Points the sections, read from a body (`ofText`), at `file`, where that body was written:
   * `starts` are where each section starts in it (then its length + 1). Their texts go, but for
   * small ones and those of another length than the bytes written there (kept as they are).
   */
  storedIn(file: SectionFile, starts: number[]): void {
    if (starts.length !== this.texts.length + 1) return;
    let onDisk = false;
    this.texts.forEach((text, i) => {
      const length = starts[i + 1] - 1 - starts[i];
      if (text !== undefined && text.length === length && length >= SMALL_SECTION) {
        this.texts[i] = undefined;
        onDisk = true;
      }
    });
    if (onDisk) {
      this.file = file;
      this.bounds = starts;
    }
  }

  get length(): number {
    return this.texts.length;
  }

  /**
   * Section `i` as text, for its reader to decode once ('' past the end, or when it cannot be read
   * back from its file). Its text is not kept after (a second take reads the file again).
   */
  take(i: number): string {
    const text = this.texts[i];
    if (text !== undefined) {
      this.texts[i] = undefined;
      return text;
    }
    const bounds = this.bounds;
    if (bounds === undefined || this.file === undefined || i < 0 || i + 1 >= bounds.length) return '';
    return this.file.text(bounds[i], bounds[i + 1] - 1) ?? '';
  }

  /** Whether section `i` starts and ends as a JSON list does (a cheap check made when read; its items are checked when decoded). */
  isList(i: number): boolean {
    return i >= 0 && i < this.texts.length && i < 30 && (this.lists & (1 << i)) !== 0;
  }
}

/**
 * Sections shorter than this (in bytes) are kept as text: a string this short takes little more memory
 * than a place in the file, and needs no read.
 */
const SMALL_SECTION = 64;
/** An empty list's section, one string for all (most articles' statements). */
const EMPTY_LIST = '[]';

/** Section `section`'s rows, parsed once when first needed; a row that does not fit reads as undefined. */
function sectionRows<T>(sections: EntrySections, section: number, count: number, row: (value: unknown) => T | undefined): (i: number) => T | undefined {
  let rows: unknown[] | undefined;
  return (i: number) => {
    if (rows === undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(sections.take(section));
      } catch {
        parsed = undefined;
      }
      rows = Array.isArray(parsed) && parsed.length === count ? parsed : [];
    }
    const value: unknown = rows[i];
    return value === undefined ? undefined : row(value);
  };
}

type QuoteDerived = { normalized: string; stems: string[]; content: Set<string> };

function quoteDerived(value: unknown): QuoteDerived | undefined {
  if (!Array.isArray(value) || value.length !== 3) return undefined;
  const [normalized, stems, content] = value as unknown[];
  if (typeof normalized !== 'string' || !strings(stems) || !strings(content)) return undefined;
  return { normalized, stems, content: new Set(content) };
}

function quoteFromRow(article: Article, exactOnly: unknown, i: number, derived: (i: number) => QuoteDerived | undefined): QuoteFeatures {
  if (typeof exactOnly !== 'boolean') throw new Undecodable('bad quote row');
  const quote = article.quotes[i];
  if (quote === undefined) throw new Undecodable('a quote feature of no quote');
  let parts: QuoteDerived | undefined;
  let grams: Map<string, number> | undefined;
  let stemBag: Map<string, number> | undefined;
  // The stored parts, or (when they do not decode) the ones `quoteFeatures` computes: the same values.
  const own = (): QuoteDerived => (parts ??= derived(i) ?? quoteFeatures(article.file, quote));
  // Assignable like the data fields they stand for (a value set is kept; undefined computes again).
  return {
    file: article.file,
    quote,
    get normalized(): string {
      return own().normalized;
    },
    set normalized(value: string) {
      parts = { ...own(), normalized: value };
    },
    get stems(): string[] {
      return own().stems;
    },
    set stems(value: string[]) {
      parts = { ...own(), stems: value };
    },
    get content(): Set<string> {
      return own().content;
    },
    set content(value: Set<string>) {
      parts = { ...own(), content: value };
    },
    get bigrams(): Map<string, number> {
      return (grams ??= bigrams(quote.text));
    },
    set bigrams(value: Map<string, number>) {
      grams = value;
    },
    get stemBag(): Map<string, number> {
      return (stemBag ??= bag(own().stems));
    },
    set stemBag(value: Map<string, number>) {
      stemBag = value;
    },
    exactOnly,
  };
}

function claimFromRow(article: Article, row: unknown, i: number, stored: (i: number) => Map<string, number> | undefined): ClaimFeatures {
  if (!Array.isArray(row) || row.length !== 2) throw new Undecodable('bad claim row');
  const [event, valueKey] = row as unknown[];
  if (typeof event !== 'string' || typeof valueKey !== 'string') throw new Undecodable('bad claim row');
  const claim = article.claims[i];
  if (claim === undefined) throw new Undecodable('a claim feature of no claim');
  let context: Map<string, number> | undefined;
  return {
    file: article.file,
    article,
    claim,
    event,
    // The stored context, or (when it does not decode) the one `claimFeatures` computes: the same value.
    get context(): Map<string, number> {
      return (context ??= stored(i) ?? claimFeatures(article, claim).context);
    },
    set context(value: Map<string, number>) {
      context = value;
    },
    valueKey,
  };
}

function strings(list: unknown): list is string[] {
  if (!Array.isArray(list)) return false;
  for (const item of list) if (typeof item !== 'string') return false;
  return true;
}

/**
 * Features read only when a story is computed again (derivations, opposite statements): kept as
 * sections of the entry (JSON text) and decoded on first use, so a warm start whose stories all come
 * from the story snapshot never builds them (they are the bulk of the features in memory). Text that
 * does not decode then is ignored and the feature computed from the article.
 */
const lazy = {
  sentences: sentenceStems,
  statements: articleStatements,
} satisfies Partial<{ [K in keyof ArticleFeatures]: (article: Article) => ArticleFeatures[K] }>;

/**
 * Encoded features: `data`, JSON-safe, read when the article is put into the corpus, and `sections`,
 * JSON texts of the parts read only when a story is computed again, in the order of `SECTIONS`. The
 * cache keeps each section as a text of its own beside the entry's JSON (not as a string inside it,
 * which would be parsed and unescaped with the rest on every read).
 */
export interface EncodedFeatures {
  data: unknown;
  sections: string[];
}

/**
 * The sections of `EncodedFeatures`, in order: quotes' derived parts, claims' contexts, the terms,
 * then the `lazy` features. The terms (a flat list of terms and counts) are read only by a story
 * graph built afresh or edited; a graph restored from its snapshot reads them when first edited, so
 * a warm start does not parse them. The data keeps the number of terms in their place (a marker the
 * decoded list must match).
 */
const SECTIONS = ['quoteParts', 'claimContexts', 'terms', ...Object.keys(lazy)] as const;
/** Index of the first `lazy` section. */
const FIRST_LAZY = 3;
/** How many sections encoded features have. */
export const featureSections = SECTIONS.length;

/** Features as JSON-safe data and sections; throws `Unencodable` when they hold something the codec cannot keep. */
export function encodeFeatures(article: Article, features: ArticleFeatures): EncodedFeatures {
  const refs = indexObjects(article, 'a');
  const data: Record<string, unknown> = {};
  const sections = new Map<string, string>();
  for (const key of Object.keys(features) as (keyof ArticleFeatures)[]) {
    if (key === 'quotes') {
      data[QUOTE_ROWS] = features.quotes.map((q, i) => {
        if (q.file !== article.file || q.quote !== article.quotes[i] || !sameKeys(q, QUOTE_KEYS)) throw new Unencodable('a quote feature the rows cannot keep');
        return q.exactOnly;
      });
      sections.set('quoteParts', JSON.stringify(features.quotes.map((q) => [q.normalized, q.stems, [...q.content]])));
    } else if (key === 'claims') {
      data[CLAIM_ROWS] = features.claims.map((c, i) => {
        if (c.file !== article.file || c.article !== article || c.claim !== article.claims[i] || !sameKeys(c, CLAIM_KEYS)) {
          throw new Unencodable('a claim feature the rows cannot keep');
        }
        return [c.event, c.valueKey];
      });
      sections.set('claimContexts', JSON.stringify(features.claims.map((c) => {
        const context: unknown[] = [];
        for (const [k, v] of c.context) context.push(k, v);
        return context;
      })));
    } else if (key === 'terms') {
      const flat: unknown[] = [];
      for (const [term, count] of features.terms) flat.push(term, count);
      sections.set('terms', JSON.stringify(flat));
      data.terms = features.terms.size;
    } else if (key in lazy) sections.set(key, JSON.stringify(encode(features[key], { refs })));
    else data[key] = encode(features[key], { refs });
  }
  return {
    data,
    sections: SECTIONS.map((name) => {
      const text = sections.get(name);
      if (text === undefined) throw new Unencodable(`no ${name}`);
      return text;
    }),
  };
}

function resolver(article: Article): (path: Path) => unknown {
  return (path: Path) => (path[0] === 'a' ? follow(article, path) : undefined);
}

/** The lazy parts of decoded features: the terms and the `lazy` features. */
type LazyPart = 'terms' | keyof typeof lazy;
const LAZY_PARTS: readonly LazyPart[] = ['terms', ...(Object.keys(lazy) as (keyof typeof lazy)[])];

/**
 * What the accessors of decoded features read: the entry's sections (the features' first at `first`),
 * the number of terms written, the article, who is told when a lazy part is decoded, and each lazy
 * part's value while it is held (undefined: not decoded, the next read decodes it).
 */
class LazyFeatures {
  notify: ((features: ArticleFeatures, key: string) => void) | undefined = undefined;
  terms: TermCounts | undefined = undefined;
  sentences: ArticleFeatures['sentences'] | undefined = undefined;
  statements: ArticleFeatures['statements'] | undefined = undefined;

  constructor(readonly sections: EntrySections, readonly first: number, readonly termCount: number, readonly article: Article) {}
}

/**
 * Where a decoded features object keeps its state: an own property under a symbol, not enumerable
 * (so it shows in no spread, key list, JSON or deep comparison), defined first and never changed.
 * The lazy parts are accessors for good, their values held in the state: a part is let go by
 * clearing it there (`releaseLazyPart`), not by redefining the property. (Turning a decoded value
 * back into an accessor with `Object.defineProperty` made V8 turn the object into a dictionary, about
 * 450 bytes an article.) The accessors are the same functions for every features object
 * (`LAZY_FEATURES`), so those objects share their hidden class and hold no closures of their own.
 */
const STATE = Symbol('lazyFeatures');

/**
 * A decoded features object before its fields: its state, under `STATE`. Made by a constructor of its
 * own (`plainShape`) rather than from `{}`: V8 keeps at most 1,536 transitions from one hidden class,
 * and `{}`'s had used them all in a process that had only analysed and cached the five seeds; past
 * that, an object built from `{}` with a new first property gets hidden classes of its own (fast, but
 * one set per object, and reads of them see a new class every time).
 */
const DecodedFeatures = plainShape(function (this: Record<string, unknown>, state: LazyFeatures): void {
  Object.defineProperty(this, STATE, { value: state });
});

function stateOf(features: object): LazyFeatures | undefined {
  return (features as { [STATE]?: LazyFeatures })[STATE];
}

/** Decodes lazy part `key` (`decode`), holds it and tells the state's `notify`. */
function settleFeature<K extends LazyPart>(features: ArticleFeatures, state: LazyFeatures, key: K, decode: (state: LazyFeatures) => NonNullable<LazyFeatures[K]>): NonNullable<LazyFeatures[K]> {
  const value = decode(state);
  state[key] = value;
  state.notify?.(features, key);
  return value;
}

/**
 * The terms from their section (a flat list of `termCount` terms and counts; when it does not decode
 * to that, computed from the article: the same map).
 */
function decodeTerms(state: LazyFeatures): TermCounts {
  // Compact (terms.ts): term numbers of this thread's dictionary, so the parsed strings are let go;
  // a term listed twice or a count that is not a positive integer is not what was written.
  let value: TermCounts | undefined;
  try {
    value = TermCounts.fromFlat(JSON.parse(state.sections.take(state.first + 2)));
  } catch {
    value = undefined;
  }
  return value === undefined || value.size !== state.termCount ? articleTerms(state.article) : value;
}

/** A `lazy` feature from its section (else computed from the article: the same value). */
function decodeLazy<K extends keyof typeof lazy>(key: K): (state: LazyFeatures) => ArticleFeatures[K] {
  const k = Object.keys(lazy).indexOf(key);
  return (state) => {
    let value: unknown;
    try {
      value = decode(JSON.parse(state.sections.take(state.first + FIRST_LAZY + k)), { resolve: resolver(state.article) });
    } catch {
      value = undefined;
    }
    return (Array.isArray(value) ? value : lazy[key](state.article)) as ArticleFeatures[K];
  };
}

const DECODE_LAZY = {
  sentences: decodeLazy('sentences'),
  statements: decodeLazy('statements'),
};

/**
 * The accessor of each lazy part: its getter gives the value held, else decodes it (`terms` from
 * its section, `sentences` and `statements` from theirs) and holds it; its setter holds the value
 * given (as assigning the data field it stands for would; no one is told).
 */
const LAZY_FEATURES: Record<LazyPart, PropertyDescriptor> = {
  terms: {
    configurable: true,
    enumerable: true,
    get(this: ArticleFeatures): TermCounts {
      const state = stateOf(this)!;
      return state.terms ?? settleFeature(this, state, 'terms', decodeTerms);
    },
    set(this: ArticleFeatures, value: TermCounts): void {
      stateOf(this)!.terms = value;
    },
  },
  sentences: {
    configurable: true,
    enumerable: true,
    get(this: ArticleFeatures): ArticleFeatures['sentences'] {
      const state = stateOf(this)!;
      return state.sentences ?? settleFeature(this, state, 'sentences', DECODE_LAZY.sentences);
    },
    set(this: ArticleFeatures, value: ArticleFeatures['sentences']): void {
      stateOf(this)!.sentences = value;
    },
  },
  statements: {
    configurable: true,
    enumerable: true,
    get(this: ArticleFeatures): ArticleFeatures['statements'] {
      const state = stateOf(this)!;
      return state.statements ?? settleFeature(this, state, 'statements', DECODE_LAZY.statements);
    },
    set(this: ArticleFeatures, value: ArticleFeatures['statements']): void {
      stateOf(this)!.statements = value;
    },
  },
};

/**
 * Has `notify(features, key)` called whenever a lazy part of `features` (decoded by `decodeFeatures`)
 * is decoded; nothing for other features.
 */
export function watchLazyParts(features: ArticleFeatures, notify: (features: ArticleFeatures, key: string) => void): void {
  const state = stateOf(features);
  if (state !== undefined) state.notify = notify;
}

/**
 * Lets go of the value of lazy part `key` of `features` decoded by `decodeFeatures`, so the next
 * read decodes its section again (the same values); nothing for other features, or when the part is
 * not decoded.
 */
export function releaseLazyPart(features: ArticleFeatures, key: LazyPart): void {
  const state = stateOf(features);
  if (state !== undefined) state[key] = undefined;
}

/**
 * Whether reading `key` of `features` would decode it: a lazy part of features decoded by
 * `decodeFeatures` whose value is not held now. Undefined when `key` is no lazy part of such features.
 */
export function isUndecoded(features: object, key: string): boolean | undefined {
  const state = stateOf(features);
  if (state === undefined || !LAZY_PARTS.includes(key as LazyPart)) return undefined;
  return state[key as LazyPart] === undefined;
}

/**
 * The features `encodeFeatures` wrote for `article`; throws `Undecodable` when `data` does not fit it.
 * The sections are decoded when first read; one that does not decode then is ignored and its parts
 * computed from the article (the same values).
 */
export function decodeFeatures(article: Article, data: unknown, sections: EntrySections, first = 0): ArticleFeatures {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Undecodable('features are not an object');
  if (sections.length - first !== SECTIONS.length) throw new Undecodable('not the sections of features');
  const record = data as Record<string, unknown>;
  const quoteRows = record[QUOTE_ROWS];
  const claimRows = record[CLAIM_ROWS];
  if (!Array.isArray(quoteRows) || quoteRows.length !== article.quotes.length) throw new Undecodable('quote features do not fit');
  if (!Array.isArray(claimRows) || claimRows.length !== article.claims.length) throw new Undecodable('claim features do not fit');
  const termCount = record.terms;
  if (typeof termCount !== 'number' || !Number.isInteger(termCount) || termCount < 0) throw new Undecodable('no terms');
  if (!sections.isList(first + 2)) throw new Undecodable('not a terms section');
  const eager = new DecodedFeatures(new LazyFeatures(sections, first, termCount, article));
  // In the order `articleFeatures` gives the fields (the rows stand where quotes and claims stand).
  for (const key of Object.keys(record)) {
    if (key === QUOTE_ROWS) {
      const parts = sectionRows(sections, first, quoteRows.length, quoteDerived);
      eager.quotes = quoteRows.map((row, i) => quoteFromRow(article, row, i, parts));
    } else if (key === CLAIM_ROWS) {
      const contexts = sectionRows(sections, first + 1, claimRows.length, countsOf);
      eager.claims = claimRows.map((row, i) => claimFromRow(article, row, i, contexts));
    } else if (key === 'terms') Object.defineProperty(eager, 'terms', LAZY_FEATURES.terms);
    else if (!(key in lazy)) eager[key] = decodeCounts(record[key]) ?? decode(record[key], { resolve: resolver(article) });
  }
  const features = eager as Partial<ArticleFeatures>;
  for (const key of Object.keys(lazy) as (keyof typeof lazy)[]) Object.defineProperty(features, key, LAZY_FEATURES[key]);
  if (features.hash !== article.hash) throw new Undecodable('features of another text');
  if (!Array.isArray(features.quotes) || features.quotes.length !== article.quotes.length) throw new Undecodable('quote features do not fit');
  if (!Array.isArray(features.claims) || features.claims.length !== article.claims.length) throw new Undecodable('claim features do not fit');
  features.quotes.forEach((q, i) => {
    if (q?.quote !== article.quotes[i]) throw new Undecodable('a quote feature of another quote');
  });
  features.claims.forEach((c, i) => {
    if (c?.claim !== article.claims[i] || c.article !== article) throw new Undecodable('a claim feature of another claim');
  });
  return features as ArticleFeatures;
}
