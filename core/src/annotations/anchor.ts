/**
 * Re-anchoring: where an annotation's passage is in the article's current text.
 *
 * 1. The stored position still holds the exact text: anchored there.
 * 2. Otherwise candidates are gathered — every exact occurrence of the quote, and the best fuzzy
 *    matches (approx-string-match, Myers' bit-parallel algorithm) over the whole article and near
 *    the old position — and each is scored by how close the quote is, how well the text around it
 *    matches the stored prefix and suffix, and how near it is to the old position. The best
 *    candidate that is convincing enough for a quote of its length wins: the annotation moved.
 * 3. Nothing convincing: the annotation is an orphan. It is never dropped.
 *
 * Line endings are compared as LF, so an article saved with CRLF still finds an annotation made
 * on an LF copy (and the reverse); the range returned is in the text's own offsets.
 */
import { contextLength } from './annotation';
import search from './fuzzy';
import type { Anchor, TextQuoteSelector } from './model';

export interface AnchorSelectors {
  quote: TextQuoteSelector | null;
  position: { start: number; end: number } | null;
}

/** How much each signal counts in a candidate's score. */
const weight = { quote: 4, prefix: 1, suffix: 1, position: 0.5 };
/** Fewest share of the quote's characters a fuzzy match may get wrong. */
const maxErrorShare = 0.25;
/** Context that fits at least this well (0..1) is taken to be the passage's old surroundings. */
const trustedContext = 0.75;
/** An exact occurrence whose context fits this well needs no fuzzy search. */
const exactContext = 0.9;
/** Context compared on each side, at most. */
const contextWindow = 64;

interface Candidate {
  start: number;
  end: number;
  errors: number;
}

export function anchorAnnotation(text: string, selectors: AnchorSelectors): Anchor {
  const { quote, position } = selectors;
  if (quote === null || quote.exact === '') {
    // Without a quote only an untouched position can be trusted, and nothing says it is untouched.
    return { status: 'orphaned' };
  }
  if (position !== null && position.end <= text.length && text.slice(position.start, position.end) === quote.exact) {
    return { status: 'anchored', start: position.start, end: position.end, text: quote.exact };
  }

  const lines = new LineEndings(text);
  const exact = toLf(quote.exact);
  const prefix = toLf(quote.prefix ?? '').slice(-contextWindow);
  const suffix = toLf(quote.suffix ?? '').slice(0, contextWindow);
  const body = lines.lf;
  const hint = position === null ? null : lines.toLf(Math.min(position.start, text.length));

  let best: { candidate: Candidate; score: number } | null = null;
  for (const candidate of candidates(body, exact, prefix, suffix, hint)) {
    const quoteScore = 1 - candidate.errors / exact.length;
    const context = contextScore(body, candidate, prefix, suffix);
    if (!convincing(exact.length, quoteScore, context.mean)) continue;
    const positionScore = hint === null ? 0.5 : 1 - Math.min(1, Math.abs(candidate.start - hint) / Math.max(body.length, 1));
    const score =
      weight.quote * quoteScore
      + weight.prefix * context.prefix
      + weight.suffix * context.suffix
      + weight.position * positionScore;
    if (best === null || score > best.score) best = { candidate, score };
  }
  if (best === null) return { status: 'orphaned' };

  const edges = best.candidate.errors === 0 ? best.candidate : refineEdges(body, best.candidate, exact, prefix, suffix);
  const start = lines.fromLf(edges.start);
  const end = lines.fromLf(edges.end);
  const unchanged = position !== null && start === position.start && end === position.end && best.candidate.errors === 0;
  return { status: unchanged ? 'anchored' : 'moved', start, end, text: text.slice(start, end) };
}

/**
 * Whether a match is believable: short quotes ("Putin", "three hours") occur all over an article,
 * so they need the surrounding text to agree; a long quote with few errors speaks for itself.
 * `context` is the mean prefix/suffix similarity, or null when the annotation stored no context.
 */
function convincing(length: number, quoteScore: number, context: number | null): boolean {
  if (quoteScore < 1 - maxErrorShare) return false;
  if (context === null) return quoteScore === 1 || length >= 32;
  const needed = Math.max(0, 0.75 - length / 64) + (quoteScore < 1 ? 0.15 : 0);
  return context >= needed;
}

/**
 * Exact occurrences, and the best fuzzy matches over the article and around the old position. The
 * fuzzy search is skipped when an exact occurrence still sits in its old surroundings (the usual
 * case after an edit elsewhere in the article): nothing with errors could beat it.
 */
function candidates(body: string, exact: string, prefix: string, suffix: string, hint: number | null): Candidate[] {
  const found = new Map<string, Candidate>();
  const add = (candidate: Candidate) => {
    const key = `${candidate.start}:${candidate.end}`;
    const known = found.get(key);
    if (known === undefined || known.errors > candidate.errors) found.set(key, candidate);
  };
  let exactInPlace = false;
  for (let at = body.indexOf(exact); at >= 0; at = body.indexOf(exact, at + 1)) {
    const candidate = { start: at, end: at + exact.length, errors: 0 };
    add(candidate);
    const context = contextScore(body, candidate, prefix, suffix).mean;
    if (context !== null && context >= exactContext) exactInPlace = true;
  }
  if (exactInPlace) return [...found.values()];
  const maxErrors = Math.min(256, Math.floor(exact.length * maxErrorShare));
  if (maxErrors > 0) {
    for (const match of search(body, exact, maxErrors)) add(match);
    if (hint !== null) {
      // The whole-article search keeps only the lowest error count; an edited passage near the
      // old position must not lose to an untouched copy of it far away before context is weighed.
      const reach = exact.length * 2 + 2000;
      const from = Math.max(0, hint - reach);
      const to = Math.min(body.length, hint + exact.length + reach);
      for (const match of search(body.slice(from, to), exact, maxErrors)) {
        add({ start: match.start + from, end: match.end + from, errors: match.errors });
      }
    }
  }
  return [...found.values()].sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * A fuzzy match ends where its errors are fewest, which can cut a changed word short ("most
 * winter|s"). Each edge may move, by at most the match's error count + 1, to where the stored
 * context fits the text around it best — but only when that context is recognisably still there
 * (a rewritten neighbourhood says nothing about where the passage starts). The fit counts the
 * context twice and the quote's own first or last characters once; on a tie the edge stays.
 */
function refineEdges(body: string, candidate: Candidate, exact: string, prefix: string, suffix: string): Candidate {
  const reach = Math.min(16, candidate.errors + 1);
  const edge = Math.min(contextLength, exact.length);
  const startFit = (at: number) => ({
    context: similarity(prefix, body.slice(Math.max(0, at - prefix.length), at)),
    quote: similarity(exact.slice(0, edge), body.slice(at, at + edge)),
  });
  const endFit = (at: number) => ({
    context: similarity(suffix, body.slice(at, at + suffix.length)),
    quote: similarity(exact.slice(-edge), body.slice(Math.max(0, at - edge), at)),
  });
  const start = prefix === '' ? candidate.start : bestEdge(candidate.start, reach, startFit, (at) => at >= 0 && at < candidate.end);
  const end = suffix === '' ? candidate.end : bestEdge(candidate.end, reach, endFit, (at) => at > start && at <= body.length);
  return { start, end, errors: candidate.errors };
}

function bestEdge(from: number, reach: number, fit: (at: number) => { context: number; quote: number }, allowed: (at: number) => boolean): number {
  let best = from;
  let bestScore = -1;
  let bestContext = 0;
  for (let shift = 0; shift <= reach; shift = shift > 0 ? -shift : -shift + 1) {
    const at = from + shift;
    if (!allowed(at)) continue;
    const { context, quote } = fit(at);
    const score = 2 * context + quote;
    if (score > bestScore) {
      best = at;
      bestScore = score;
      bestContext = Math.max(bestContext, context);
    }
  }
  return bestContext >= trustedContext ? best : from;
}

/** Similarity (0..1) of the stored prefix and suffix to the text around a candidate. */
function contextScore(body: string, candidate: Candidate, prefix: string, suffix: string): { prefix: number; suffix: number; mean: number | null } {
  const parts: number[] = [];
  let prefixScore = 0.5;
  let suffixScore = 0.5;
  if (prefix !== '') {
    prefixScore = similarity(prefix, body.slice(Math.max(0, candidate.start - prefix.length), candidate.start));
    parts.push(prefixScore);
  }
  if (suffix !== '') {
    suffixScore = similarity(suffix, body.slice(candidate.end, candidate.end + suffix.length));
    parts.push(suffixScore);
  }
  const mean = parts.length === 0 ? null : parts.reduce((sum, part) => sum + part, 0) / parts.length;
  return { prefix: prefixScore, suffix: suffixScore, mean };
}

/** 1 − edit distance / length of the longer string. */
export function similarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - editDistance(a, b) / longer;
}

/** Levenshtein distance; the strings compared here are at most `contextWindow` long. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  let current = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      current[j] = Math.min(substitution, previous[j] + 1, current[j - 1] + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

function toLf(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** The text with LF line endings, and offset conversion between it and the original. */
class LineEndings {
  readonly lf: string;
  /** Original offsets of each removed CR, ascending (empty when the text has none). */
  private readonly removed: number[] = [];

  constructor(private readonly original: string) {
    if (!original.includes('\r')) {
      this.lf = original;
      return;
    }
    let lf = '';
    let copiedUpTo = 0;
    for (let index = original.indexOf('\r'); index >= 0; index = original.indexOf('\r', index + 1)) {
      if (original[index + 1] === '\n') {
        lf += original.slice(copiedUpTo, index);
        copiedUpTo = index + 1;
        this.removed.push(index);
      } else {
        // A lone CR (old Mac line ending) becomes LF: same length, no offset change.
        lf += `${original.slice(copiedUpTo, index)}\n`;
        copiedUpTo = index + 1;
      }
    }
    this.lf = lf + original.slice(copiedUpTo);
  }

  /** LF offset of an original offset. */
  toLf(offset: number): number {
    return offset - this.countBelow(offset);
  }

  /** Original offset of an LF offset (before the CR of a CRLF when it falls on the line break). */
  fromLf(offset: number): number {
    // Each removed CR at original index r sits at LF index r - (CRs before it).
    let low = 0;
    let high = this.removed.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.removed[middle] - middle < offset) low = middle + 1;
      else high = middle;
    }
    return Math.min(offset + low, this.original.length);
  }

  private countBelow(offset: number): number {
    let low = 0;
    let high = this.removed.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.removed[middle] < offset) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
