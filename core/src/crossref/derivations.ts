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

/** A sentence's vector: its stems (each once) and their weights, `terms` and `weights` of its article from `from` to `to`. */
export interface SentenceVector extends Span {
  from: number;
  to: number;
}

export interface ArticleSentences {
  file: string;
  article: Article;
  sentences: SentenceVector[];
  /** Every sentence's stems in turn, in the order its vector took them (see `SentenceVector`). */
  terms: string[];
  /** The weight of each of `terms` in its sentence's vector (flat, not a map per sentence: a story holds all its articles' at once). */
  weights: Float64Array;
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
  const terms: string[] = [];
  const all: number[] = [];
  for (const s of stems) {
    const quoted = quoteWeight > 0 ? s.quoted : [];
    if (new Set(s.own).size + new Set(quoted).size < 4) continue;
    const weights = new Map<string, number>();
    for (const t of s.own) weights.set(t, (weights.get(t) ?? 0) + idf(t));
    for (const t of quoted) weights.set(t, (weights.get(t) ?? 0) + quoteWeight * idf(t));
    let norm = 0;
    for (const w of weights.values()) norm += w * w;
    norm = Math.sqrt(norm) || 1;
    const from = terms.length;
    for (const [t, w] of weights) {
      terms.push(t);
      all.push(w / norm);
    }
    sentences.push({ start: s.start, end: s.end, from, to: terms.length });
  }
  return {
    file: article.file,
    article,
    sentences,
    terms,
    weights: Float64Array.from(all),
    quoteCount: article.quotes.filter((q) => !q.scare).length,
  };
}

export interface Alignment {
  /** Aligned (derived sentence, source sentence) index pairs, in order. */
  pairs: [number, number][];
  /** Share of the derived article's sentences in `pairs`. */
  score: number;
}

/**
 * Where each stem occurs among an article's sentences, with its weight there (the source side of an
 * alignment), packed: `slot` numbers the stems; stem `k`'s postings are `sentences` and `weights`
 * from `start[k]` to `start[k + 1]`, in sentence order. Typed arrays rather than two arrays per stem:
 * the postings of a story's articles were the bulk of what its computation allocated.
 */
interface Postings {
  slot: Map<string, number>;
  start: Int32Array;
  sentences: Int32Array;
  weights: Float64Array;
}

function postingsOf(article: ArticleSentences): Postings {
  const slot = new Map<string, number>();
  const counts: number[] = [];
  let total = 0;
  for (const sentence of article.sentences) {
    for (let p = sentence.from; p < sentence.to; p++) {
      const t = article.terms[p];
      const k = slot.get(t);
      if (k === undefined) {
        slot.set(t, counts.length);
        counts.push(1);
      } else counts[k]++;
      total++;
    }
  }
  const start = new Int32Array(counts.length + 1);
  for (let k = 0; k < counts.length; k++) start[k + 1] = start[k] + counts[k];
  const fill = start.slice(0, counts.length);
  const sentences = new Int32Array(total);
  const weights = new Float64Array(total);
  for (let j = 0; j < article.sentences.length; j++) {
    for (let p = article.sentences[j].from; p < article.sentences[j].to; p++) {
      const at = fill[slot.get(article.terms[p])!]++;
      sentences[at] = j;
      weights[at] = article.weights[p];
    }
  }
  return { slot, start, sentences, weights };
}

/**
 * Aligns articles against `source` (`alignArticles(derived, source, threshold)` for each `derived`
 * it is given), building the source's postings once. Hold it only while `source` is aligned against:
 * the postings go with it.
 */
export function alignerFor(source: ArticleSentences, threshold = SENTENCE_SIMILARITY): (derived: ArticleSentences) => Alignment {
  let index: Postings | undefined;
  let dot: Float64Array | undefined;
  let shared: Int32Array | undefined;
  return (derived) => {
    if (derived.sentences.length === 0 || source.sentences.length === 0) return { pairs: [], score: 0 };
    index ??= postingsOf(source);
    dot ??= new Float64Array(source.sentences.length);
    shared ??= new Int32Array(source.sentences.length);
    return align(derived, index, dot, shared, threshold);
  };
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
  return alignerFor(source, threshold)(derived);
}

/** `alignArticles` over the source's postings, with `dot` and `shared` (one cell per source sentence) all zero on entry and on return. */
function align(derived: ArticleSentences, index: Postings, dot: Float64Array, shared: Int32Array, threshold: number): Alignment {
  const { slot, start, sentences: js, weights: vs } = index;
  const met: number[] = [];
  const best: [number, number][] = [];
  const { terms, weights } = derived;
  for (let i = 0; i < derived.sentences.length; i++) {
    // The derived sentence's stems in their vector's order: the order a term-by-term product takes them.
    for (let q = derived.sentences[i].from, last = derived.sentences[i].to; q < last; q++) {
      const k = slot.get(terms[q]);
      if (k === undefined) continue;
      const w = weights[q];
      for (let p = start[k], end = start[k + 1]; p < end; p++) {
        const j = js[p];
        if (shared[j]++ === 0) met.push(j);
        dot[j] += w * vs[p];
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
  const aligners = articles.map((a) => alignerFor(a));
  const out: Derivation[] = [];
  for (let x = 0; x < articles.length; x++) {
    for (let y = x + 1; y < articles.length; y++) {
      const a = articles[x];
      const b = articles[y];
      if (!isCandidate(a.file, b.file)) continue;
      const found = pairDerivation(a, b, aligners[y](a), aligners[x](b), onPair);
      if (found) out.push(found);
    }
  }
  return out;
}

/**
 * The derivation of a pair of articles, if either is rewritten from the other, from the two
 * alignments (`aFromB`: `a` aligned against `b`, `bFromA` the other way), which it reports to
 * `onPair` in that order.
 */
export function pairDerivation(
  a: ArticleSentences,
  b: ArticleSentences,
  aFromB: Alignment,
  bFromA: Alignment,
  onPair?: (derived: string, source: string, alignment: Alignment) => void,
): Derivation | undefined {
  onPair?.(a.file, b.file, aFromB);
  onPair?.(b.file, a.file, bFromA);
  const qualifies = (al: Alignment): boolean => al.score >= DERIVATION_SCORE && al.pairs.length >= DERIVATION_MIN_PASSAGES;
  if (!qualifies(aFromB) && !qualifies(bFromA)) return undefined;
  const { derived, source, alignment } = chooseDirection(a, b, aFromB, bFromA);
  if (!qualifies(alignment)) return undefined;
  const spans = new Array<number>(alignment.pairs.length * 4);
  for (const [k, [i, j]] of alignment.pairs.entries()) {
    spans[4 * k] = derived.sentences[i].start;
    spans[4 * k + 1] = derived.sentences[i].end;
    spans[4 * k + 2] = source.sentences[j].start;
    spans[4 * k + 3] = source.sentences[j].end;
  }
  return compactDerivation(derived.file, source.file, Math.round(alignment.score * 1000) / 1000, spans);
}

/** A derivation's passages as numbers: derived start, end, source start, end, per passage. */
const PASSAGE_SPANS = Symbol('passage spans');

/**
 * `passages` of a compact derivation: made from its numbers on every read (hovers, Compare coverage,
 * the story snapshot's writer and a finding's first passage read them, rarely), so a derivation holds
 * one array of numbers instead of three objects per passage. One descriptor for every derivation (they
 * share their hidden class); setting `passages` makes it a plain field.
 */
const COMPACT_PASSAGES: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: { [PASSAGE_SPANS]: number[] | string }): Derivation['passages'] {
    const spans = this[PASSAGE_SPANS];
    const out = new Array<Derivation['passages'][number]>(spans.length / 4);
    if (typeof spans === 'string') {
      for (let k = 0; k < out.length; k++) {
        out[k] = {
          derived: { start: spans.charCodeAt(4 * k), end: spans.charCodeAt(4 * k + 1) },
          source: { start: spans.charCodeAt(4 * k + 2), end: spans.charCodeAt(4 * k + 3) },
        };
      }
      return out;
    }
    for (let k = 0; k < out.length; k++) {
      out[k] = { derived: { start: spans[4 * k], end: spans[4 * k + 1] }, source: { start: spans[4 * k + 2], end: spans[4 * k + 3] } };
    }
    return out;
  },
  set(this: object, value: Derivation['passages']): void {
    Object.defineProperty(this, 'passages', { value, writable: true, enumerable: true, configurable: true });
  },
};

/**
 * A derivation whose `passages` are kept as numbers (`spans`: four per passage; a string of them as
 * code units where they fit) and made into the plain objects when read: the same fields in the same order (JSON, `Object.keys`, deep equality),
 * the numbers under a symbol no copy or encoder sees.
 */
export function compactDerivation(derived: string, source: string, score: number, spans: number[]): Derivation {
  const out = { derived, source, score } as Derivation & { [PASSAGE_SPANS]: number[] | string };
  // Offsets that fit in one UTF-16 code unit (every article under 64 KB) are kept as a string of
  // them, two bytes each instead of eight; otherwise as the numbers.
  const small = spans.every((v) => Number.isInteger(v) && v >= 0 && v <= 0xffff);
  const kept = small ? codeUnits(spans) : spans;
  Object.defineProperty(out, PASSAGE_SPANS, { value: kept, writable: false, enumerable: false, configurable: false });
  Object.defineProperty(out, 'passages', COMPACT_PASSAGES);
  return out;
}

/** The string of `values` as UTF-16 code units (each an integer from 0 to 0xffff). */
function codeUnits(values: number[]): string {
  let text = '';
  for (let i = 0; i < values.length; i += 4096) text += String.fromCharCode(...values.slice(i, i + 4096));
  return text;
}
