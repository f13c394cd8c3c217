/**
 * An article's cross-referencing features (`articleFeatures`: terms, quote and claim features,
 * sentence stems, statements) as cache data. Features point into their article (a quote feature
 * holds the article's quote, a claim feature the article and its claim); those pointers are written
 * as paths into the article and resolved against the article read back, so a decoded feature set is
 * wired to the article exactly as a freshly computed one is.
 */
import type { Article } from '../model';
import type { ArticleFeatures } from '../crossref/crossref';
import { sentenceStems } from '../crossref/derivations';
import { articleStatements } from '../crossref/statements';
import { type Path, Undecodable, decode, encode, follow, indexObjects } from './codec';

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
    data[key] = key in lazy ? JSON.stringify(encode(features[key], { refs })) : encode(features[key], { refs });
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
  for (const key of Object.keys(record)) if (!(key in lazy)) eager[key] = record[key];
  const features = decode(eager, { resolve: resolver(article) }) as Partial<ArticleFeatures>;
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
