/**
 * An article's cross-referencing features (`articleFeatures`: terms, quote and claim features,
 * sentence stems, statements) as cache data. Features point into their article (a quote feature
 * holds the article's quote, a claim feature the article and its claim); those pointers are written
 * as paths into the article and resolved against the article read back, so a decoded feature set is
 * wired to the article exactly as a freshly computed one is.
 */
import type { Article } from '../model';
import type { ArticleFeatures } from '../crossref/crossref';
import type { ClaimFeatures } from '../crossref/claims';
import { sentenceStems } from '../crossref/derivations';
import type { QuoteFeatures } from '../crossref/quotes';
import { articleStatements } from '../crossref/statements';
import { bag, bigrams } from '../crossref/text';
import { type Path, Undecodable, Unencodable, decode, encode, follow, indexObjects } from './codec';

/**
 * Quote and claim features are written as rows rather than through the codec: what points into the
 * article (its file, the quote or claim of the same index, the article itself) is implied by the
 * row's place, and a quote's character bigrams and stem bag (the bulk of a quote feature, pure
 * functions of its text and stems) are not written at all but computed when first read. A warm start
 * whose stories all come from the story snapshot never reads them. Each field's place in the object
 * is the one `quoteFeatures` / `claimFeatures` gives it.
 */
const QUOTE_ROWS = 'quoteRows';
const CLAIM_ROWS = 'claimRows';

function quoteRow(article: Article, q: QuoteFeatures, i: number): unknown[] {
  const keys = Object.keys(q);
  const expected = ['file', 'quote', 'normalized', 'stems', 'content', 'bigrams', 'stemBag', 'exactOnly'];
  if (q.file !== article.file || q.quote !== article.quotes[i] || keys.length !== expected.length || keys.some((k, j) => k !== expected[j])) {
    throw new Unencodable('a quote feature the rows cannot keep');
  }
  return [q.normalized, q.stems, [...q.content], q.exactOnly];
}

function quoteFromRow(article: Article, row: unknown, i: number): QuoteFeatures {
  if (!Array.isArray(row) || row.length !== 4) throw new Undecodable('bad quote row');
  const [normalized, stems, content, exactOnly] = row as unknown[];
  if (typeof normalized !== 'string' || !strings(stems) || !strings(content) || typeof exactOnly !== 'boolean') throw new Undecodable('bad quote row');
  const quote = article.quotes[i];
  if (quote === undefined) throw new Undecodable('a quote feature of no quote');
  let grams: Map<string, number> | undefined;
  let stemBag: Map<string, number> | undefined;
  return {
    file: article.file,
    quote,
    normalized,
    stems,
    content: new Set(content),
    // Assignable like the data fields they stand for (a value set is kept; undefined computes again).
    get bigrams(): Map<string, number> {
      return (grams ??= bigrams(quote.text));
    },
    set bigrams(value: Map<string, number>) {
      grams = value;
    },
    get stemBag(): Map<string, number> {
      return (stemBag ??= bag(stems));
    },
    set stemBag(value: Map<string, number>) {
      stemBag = value;
    },
    exactOnly,
  };
}

function claimRow(article: Article, c: ClaimFeatures, i: number): unknown[] {
  const keys = Object.keys(c);
  const expected = ['file', 'article', 'claim', 'event', 'context', 'valueKey'];
  if (c.file !== article.file || c.article !== article || c.claim !== article.claims[i] || keys.length !== expected.length || keys.some((k, j) => k !== expected[j])) {
    throw new Unencodable('a claim feature the rows cannot keep');
  }
  const context: unknown[] = [];
  for (const [k, v] of c.context) context.push(k, v);
  return [c.event, context, c.valueKey];
}

function claimFromRow(article: Article, row: unknown, i: number): ClaimFeatures {
  if (!Array.isArray(row) || row.length !== 3) throw new Undecodable('bad claim row');
  const [event, flat, valueKey] = row as unknown[];
  if (typeof event !== 'string' || typeof valueKey !== 'string' || !Array.isArray(flat) || flat.length % 2 !== 0) throw new Undecodable('bad claim row');
  const claim = article.claims[i];
  if (claim === undefined) throw new Undecodable('a claim feature of no claim');
  const context = new Map<string, number>();
  for (let k = 0; k < flat.length; k += 2) {
    const term: unknown = flat[k];
    const count: unknown = flat[k + 1];
    if (typeof term !== 'string' || typeof count !== 'number') throw new Undecodable('bad claim context');
    context.set(term, count);
  }
  return { file: article.file, article, claim, event, context, valueKey };
}

function strings(list: unknown): list is string[] {
  if (!Array.isArray(list)) return false;
  for (const item of list) if (typeof item !== 'string') return false;
  return true;
}

/**
 * Features read only when a story is computed again (derivations, opposite statements): kept as
 * JSON text inside the entry and decoded on first use, so a warm start whose stories all come from
 * the story snapshot never builds them (they are the bulk of the features in memory). Text that
 * does not decode then is ignored and the feature computed from the article.
 */
const lazy = {
  sentences: sentenceStems,
  statements: articleStatements,
} satisfies Partial<{ [K in keyof ArticleFeatures]: (article: Article) => ArticleFeatures[K] }>;

/** Features as JSON-safe data; throws `Unencodable` when they hold something the codec cannot keep. */
export function encodeFeatures(article: Article, features: ArticleFeatures): unknown {
  const refs = indexObjects(article, 'a');
  const data: Record<string, unknown> = {};
  for (const key of Object.keys(features) as (keyof ArticleFeatures)[]) {
    if (key === 'quotes') data[QUOTE_ROWS] = features.quotes.map((q, i) => quoteRow(article, q, i));
    else if (key === 'claims') data[CLAIM_ROWS] = features.claims.map((c, i) => claimRow(article, c, i));
    else data[key] = key in lazy ? JSON.stringify(encode(features[key], { refs })) : encode(features[key], { refs });
  }
  return data;
}

function resolver(article: Article): (path: Path) => unknown {
  return (path: Path) => (path[0] === 'a' ? follow(article, path) : undefined);
}

/** The features `encodeFeatures` wrote for `article`; throws `Undecodable` when they do not fit it. */
export function decodeFeatures(article: Article, data: unknown): ArticleFeatures {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Undecodable('features are not an object');
  const record = data as Record<string, unknown>;
  const eager: Record<string, unknown> = {};
  const quoteRows = record[QUOTE_ROWS];
  const claimRows = record[CLAIM_ROWS];
  if (!Array.isArray(quoteRows) || quoteRows.length !== article.quotes.length) throw new Undecodable('quote features do not fit');
  if (!Array.isArray(claimRows) || claimRows.length !== article.claims.length) throw new Undecodable('claim features do not fit');
  // In the order `articleFeatures` gives the fields (the rows stand where quotes and claims stand).
  for (const key of Object.keys(record)) {
    if (key === QUOTE_ROWS) eager.quotes = quoteRows.map((row, i) => quoteFromRow(article, row, i));
    else if (key === CLAIM_ROWS) eager.claims = claimRows.map((row, i) => claimFromRow(article, row, i));
    else if (!(key in lazy)) eager[key] = decode(record[key], { resolve: resolver(article) });
  }
  const features = eager as Partial<ArticleFeatures>;
  for (const key of Object.keys(lazy) as (keyof typeof lazy)[]) {
    const text = record[key];
    if (typeof text !== 'string') throw new Undecodable(`no ${key}`);
    Object.defineProperty(features, key, {
      configurable: true,
      enumerable: true,
      get: () => {
        let value: unknown;
        try {
          value = decode(JSON.parse(text), { resolve: resolver(article) });
        } catch {
          value = undefined;
        }
        if (!Array.isArray(value)) value = lazy[key](article);
        Object.defineProperty(features, key, { configurable: true, enumerable: true, writable: true, value });
        return value;
      },
    });
  }
  if (features.hash !== article.hash) throw new Undecodable('features of another text');
  if (!(features.terms instanceof Map)) throw new Undecodable('no terms');
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
