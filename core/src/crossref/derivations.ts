/**
 * Derivations: an article rewritten or paraphrased from another. Sentences (with their direct quotes
 * removed, since independent coverage shares quotes) are aligned by TF-IDF cosine of content words,
 * candidates blocked by shared words; only alignments that keep the source's order count (longest
 * increasing run), so two outlets covering the same event in their own order do not qualify.
 */

import type { Article, Derivation, Span } from '../model';
import { contentStems, dayNumber } from './text';

/** Cosine at or above which two sentences are taken as one passage rewritten. */
export const SENTENCE_SIMILARITY = 0.3;
/** Weight of words inside quote marks relative to the article's own words (shared quotes are not evidence). */
export const QUOTE_WEIGHT = 0.5;
/** Share of the derived article's sentences aligned in order with the source. */
export const DERIVATION_SCORE = 0.35;
/** Fewest aligned passages for a derivation. */
export const DERIVATION_MIN_PASSAGES = 6;

export interface SentenceVector extends Span {
  weights: Map<string, number>;
}

export interface ArticleSentences {
  file: string;
  article: Article;
  sentences: SentenceVector[];
  /** How many direct quotes (not scare quotes) the article has. */
  quoteCount: number;
}

/** An article's body sentences as content stems, split into the article's own words and quoted words. */
export interface SentenceStems extends Span {
  own: string[];
  quoted: string[];
}

export function sentenceStems(article: Article): SentenceStems[] {
  const quoteSpans = article.quotes.filter((q) => !q.scare).flatMap((q) => q.parts).sort((a, b) => a.start - b.start);
  const out: SentenceStems[] = [];
  // Sentences come in text order: spans that ended before one sentence end before the next too, so
  // each sentence looks only at the spans from `first` on (all spans for all sentences was quadratic).
  let first = 0;
  for (const s of article.sentences) {
    if (s.end <= article.metadata.bodyStart) continue;
    let own = article.text.slice(s.start, s.end);
    let quoted = '';
    while (first < quoteSpans.length && quoteSpans[first].end <= s.start) first++;
    for (let k = first; k < quoteSpans.length && quoteSpans[k].start < s.end; k++) {
      const q = quoteSpans[k];
      if (q.end <= s.start) continue;
      const from = Math.max(q.start, s.start) - s.start;
      const to = Math.min(q.end, s.end) - s.start;
      quoted += ' ' + own.slice(from, to);
      own = own.slice(0, from) + ' '.repeat(to - from) + own.slice(to);
    }
    out.push({ start: s.start, end: s.end, own: contentStems(own), quoted: contentStems(quoted) });
  }
  return out;
}

/** Sentence vectors of an article's body, quoted words down-weighted, weighted by corpus IDF. */
export function articleSentences(
  article: Article,
  idf: (stem: string) => number,
  quoteWeight = QUOTE_WEIGHT,
  stems: SentenceStems[] = sentenceStems(article),
): ArticleSentences {
  const sentences: SentenceVector[] = [];
  for (const s of stems) {
    const quoted = quoteWeight > 0 ? s.quoted : [];
    if (new Set(s.own).size + new Set(quoted).size < 4) continue;
    const weights = new Map<string, number>();
    for (const t of s.own) weights.set(t, (weights.get(t) ?? 0) + idf(t));
    for (const t of quoted) weights.set(t, (weights.get(t) ?? 0) + quoteWeight * idf(t));
    let norm = 0;
    for (const w of weights.values()) norm += w * w;
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of weights) weights.set(t, w / norm);
    sentences.push({ start: s.start, end: s.end, weights });
  }
  return {
    file: article.file,
    article,
    sentences,
    quoteCount: article.quotes.filter((q) => !q.scare).length,
  };
}

export interface Alignment {
  /** Aligned (derived sentence, source sentence) index pairs, in order. */
  pairs: [number, number][];
  /** Share of the derived article's sentences in `pairs`. */
  score: number;
}

/** Where each stem occurs among an article's sentences, with its weight there (the source side of an alignment). */
type Postings = Map<string, { sentences: number[]; weights: number[] }>;

/**
 * The postings of an article's sentences, built the first time it is a source and kept on the object
 * itself (an article is aligned with every other article of its story, both ways), so they go with it
 * when the story's computation ends.
 */
function postingsOf(article: ArticleSentences & { postings?: Postings }): Postings {
  if (article.postings) return article.postings;
  const postings: Postings = new Map();
  for (let j = 0; j < article.sentences.length; j++) {
    for (const [t, w] of article.sentences[j].weights) {
      const list = postings.get(t);
      if (list) {
        list.sentences.push(j);
        list.weights.push(w);
      } else postings.set(t, { sentences: [j], weights: [w] });
    }
  }
  Object.defineProperty(article, 'postings', { value: postings, enumerable: false, writable: true });
  return postings;
}

/**
 * Aligns `derived` against `source`, keeping only the longest order-preserving run of matches. Each
 * derived sentence is matched with the best source sentence sharing at least two stems. The dot
 * products are accumulated over the stems' postings, term by term in the derived sentence's order
 * (the same additions in the same order as a term-by-term product of the two vectors, so the same
 * floating-point values); candidates are visited in the order they were first met, so ties go as
 * they did when each candidate's product was computed on its own (test/core/crossref-exact.test.ts
 * holds the two ways equal).
 */
export function alignArticles(derived: ArticleSentences, source: ArticleSentences, threshold = SENTENCE_SIMILARITY): Alignment {
  if (derived.sentences.length === 0 || source.sentences.length === 0) return { pairs: [], score: 0 };
  const index = postingsOf(source);
  const n = source.sentences.length;
  const dot = new Float64Array(n);
  const shared = new Int32Array(n);
  const met: number[] = [];
  const best: [number, number][] = [];
  for (let i = 0; i < derived.sentences.length; i++) {
    // The derived sentence's stems in their map's order: the order a term-by-term product takes them.
    for (const [t, w] of derived.sentences[i].weights) {
      const list = index.get(t);
      if (!list) continue;
      const js = list.sentences;
      const vs = list.weights;
      for (let k = 0; k < js.length; k++) {
        const j = js[k];
        if (shared[j]++ === 0) met.push(j);
        dot[j] += w * vs[k];
      }
    }
    let bestJ = -1;
    let bestScore = threshold;
    for (let k = 0; k < met.length; k++) {
      const j = met[k];
      if (shared[j] >= 2 && dot[j] >= bestScore) {
        bestScore = dot[j];
        bestJ = j;
      }
      shared[j] = 0;
      dot[j] = 0;
    }
    met.length = 0;
    if (bestJ >= 0) best.push([i, bestJ]);
  }
  const pairs = longestIncreasingRun(best);
  return { pairs, score: pairs.length / derived.sentences.length };
}

/** Longest subsequence of pairs whose second index strictly increases. */
export function longestIncreasingRun(pairs: [number, number][]): [number, number][] {
  const tails: number[] = [];
  const previous: number[] = new Array(pairs.length).fill(-1);
  for (let k = 0; k < pairs.length; k++) {
    const value = pairs[k][1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]][1] < value) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[k] = tails[lo - 1];
    tails[lo] = k;
  }
  const out: [number, number][] = [];
  for (let k = tails.length ? tails[tails.length - 1] : -1; k >= 0; k = previous[k]) out.push(pairs[k]);
  return out.reverse();
}

function hasCopyrightLine(article: Article): boolean {
  return /©|\bcopyright\b|\bdistributed by\b/i.test(article.text.slice(Math.max(0, article.text.length - 600)));
}

/**
 * Which of two aligned articles is the source. The earlier date wins when both are known; otherwise
 * votes: clearly more direct quotes (rewrites turn quotes into paraphrase) and a copyright line count
 * double, having more original material (being less covered by the other) counts once.
 */
export function chooseDirection(
  a: ArticleSentences, b: ArticleSentences, aFromB: Alignment, bFromA: Alignment,
): { derived: ArticleSentences; source: ArticleSentences; alignment: Alignment } {
  const da = dayNumber(a.article.metadata.date);
  const db = dayNumber(b.article.metadata.date);
  const aDerived = { derived: a, source: b, alignment: aFromB };
  const bDerived = { derived: b, source: a, alignment: bFromA };
  if (da !== null && db !== null && da !== db) return da > db ? aDerived : bDerived;
  let votes = 0; // > 0: a is the derived one
  // Rewrites turn direct quotes into paraphrase, so the source usually quotes more.
  const fewer = Math.min(a.quoteCount, b.quoteCount);
  const more = Math.max(a.quoteCount, b.quoteCount);
  if (more > 0 && fewer <= 0.75 * more) votes += a.quoteCount < b.quoteCount ? 2 : -2;
  // A copyright or distribution line marks the original.
  const ca = hasCopyrightLine(a.article);
  const cb = hasCopyrightLine(b.article);
  if (ca !== cb) votes += cb ? 2 : -2;
  // The derived article is the one more fully covered by the other.
  if (Math.abs(aFromB.score - bFromA.score) > 0.1) votes += aFromB.score > bFromA.score ? 1 : -1;
  if (votes === 0) return a.file < b.file ? bDerived : aDerived;
  return votes > 0 ? aDerived : bDerived;
}

/** Derivations among the articles of one story. */
export function findDerivations(
  articles: ArticleSentences[],
  isCandidate: (a: string, b: string) => boolean = () => true,
  onPair?: (derived: string, source: string, alignment: Alignment) => void,
): Derivation[] {
  const out: Derivation[] = [];
  for (let x = 0; x < articles.length; x++) {
    for (let y = x + 1; y < articles.length; y++) {
      const a = articles[x];
      const b = articles[y];
      if (!isCandidate(a.file, b.file)) continue;
      const aFromB = alignArticles(a, b);
      const bFromA = alignArticles(b, a);
      onPair?.(a.file, b.file, aFromB);
      onPair?.(b.file, a.file, bFromA);
      const qualifies = (al: Alignment): boolean => al.score >= DERIVATION_SCORE && al.pairs.length >= DERIVATION_MIN_PASSAGES;
      if (!qualifies(aFromB) && !qualifies(bFromA)) continue;
      const { derived, source, alignment } = chooseDirection(a, b, aFromB, bFromA);
      if (!qualifies(alignment)) continue;
      out.push({
        derived: derived.file,
        source: source.file,
        score: Math.round(alignment.score * 1000) / 1000,
        passages: alignment.pairs.map(([i, j]) => ({
          derived: { start: derived.sentences[i].start, end: derived.sentences[i].end },
          source: { start: source.sentences[j].start, end: source.sentences[j].end },
        })),
      });
    }
  }
  return out;
}
