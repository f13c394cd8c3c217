/**
 * Quote groups: the same utterance as quoted by different articles of one story, even when reworded,
 * shortened, bracketed, stitched or split; plus word-level comparison of the versions.
 */

import { diffArrays } from 'diff';
import type { Quote, QuoteGroup, QuoteRef, WordDiffPart } from '../model';
import {
  DisjointSets, bag, bigrams, contentStems, cosine, dice, isStopword, lcsLength, normalizeForWords,
  normalizedText, stableHash, stem, stems,
} from './text';

/** Similarity (mean of bigram Dice and stem cosine) at or above which two quotes are one utterance. */
export const QUOTE_SIMILARITY = 0.6;
/** Share of a shorter quote's words found in order inside a longer one to count as contained. */
export const QUOTE_CONTAINMENT = 0.8;

export interface QuoteFeatures {
  file: string;
  quote: Quote;
  normalized: string;
  stems: string[];
  content: Set<string>;
  bigrams: Map<string, number>;
  stemBag: Map<string, number>;
  /** Short quotes and scare quotes are matched by exact normalised text only. */
  exactOnly: boolean;
}

export function quoteFeatures(file: string, quote: Quote): QuoteFeatures {
  const s = stems(quote.text);
  return {
    file,
    quote,
    normalized: normalizedText(quote.text).replace(/\b(?:a|an|the) /g, ''),
    stems: s,
    content: new Set(contentStems(quote.text)),
    bigrams: bigrams(quote.text),
    stemBag: bag(s),
    exactOnly: quote.scare || s.length <= 3,
  };
}

export interface QuoteMatch {
  score: number;
  similarity: number;
  containment: number;
  same: boolean;
}

/** Compares two quotes of different articles. */
export function compareQuotes(a: QuoteFeatures, b: QuoteFeatures): QuoteMatch {
  if (a.normalized === b.normalized && a.normalized.length > 0) {
    return { score: 1, similarity: 1, containment: 1, same: true };
  }
  if (a.exactOnly || b.exactOnly) return { score: 0, similarity: 0, containment: 0, same: false };
  const similarity = (dice(a.bigrams, b.bigrams) + cosine(a.stemBag, b.stemBag)) / 2;
  const [shorter, longer] = a.stems.length <= b.stems.length ? [a, b] : [b, a];
  let containment = 0;
  if (shorter.content.size >= 2 && shorter.stems.length >= 4) {
    containment = lcsLength(shorter.stems, longer.stems) / shorter.stems.length;
  }
  const containmentNeeded = shorter.stems.length <= 6 ? 1 : QUOTE_CONTAINMENT;
  const same = similarity >= QUOTE_SIMILARITY || containment >= containmentNeeded;
  return { score: Math.max(similarity, containment >= containmentNeeded ? containment : 0), similarity, containment, same };
}

/**
 * Groups the quotes of one story. Candidate pairs share at least two content stems (blocking by an
 * inverted index); short and scare quotes pair only with identical text.
 */
export function groupStoryQuotes(
  storyId: string,
  quotes: QuoteFeatures[],
  onPair?: (a: QuoteFeatures, b: QuoteFeatures, match: QuoteMatch) => void,
): QuoteFeatures[][] {
  const sets = new DisjointSets(quotes.length);
  const byStem = new Map<string, number[]>();
  const byExact = new Map<string, number[]>();
  quotes.forEach((q, i) => {
    const exact = byExact.get(q.normalized);
    if (exact) exact.push(i);
    else byExact.set(q.normalized, [i]);
    if (q.exactOnly) return;
    for (const s of q.content) {
      const list = byStem.get(s);
      if (list) list.push(i);
      else byStem.set(s, [i]);
    }
  });
  for (const list of byExact.values()) for (const i of list) sets.union(list[0], i);
  const shared = new Map<number, number>();
  const n = quotes.length;
  for (const list of byStem.values()) {
    if (list.length > 200) continue;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        if (quotes[list[x]].file === quotes[list[y]].file) continue;
        const key = list[x] * n + list[y];
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
  }
  for (const [key, count] of shared) {
    const i = Math.floor(key / n);
    const j = key % n;
    const needed = Math.min(2, quotes[i].content.size, quotes[j].content.size);
    if (count < needed) continue;
    const match = compareQuotes(quotes[i], quotes[j]);
    onPair?.(quotes[i], quotes[j], match);
    if (match.same) sets.union(i, j);
  }
  void storyId;
  return sets
    .groups()
    .map((g) => g.map((i) => quotes[i]))
    .filter((g) => !g.every((q) => q.quote.scare) || new Set(g.map((q) => q.file)).size > 1);
}

/**
 * One article's members of a quote group without those that repeat another member of the same
 * article (a headline echoing the body's quote, a statement quoted twice): their words appear, in
 * order, for the most part inside a longer member. Joining a repeat to the rest would read as a
 * passage the other outlets do not have. Input and output in reading order.
 */
export function withoutRepeats(members: QuoteFeatures[]): QuoteFeatures[] {
  return members.filter((m, i) =>
    !members.some((other, j) => {
      if (j === i || m.stems.length < 3) return false;
      const longer = other.stems.length > m.stems.length || (other.stems.length === m.stems.length && j < i);
      return longer && lcsLength(m.stems, other.stems) / m.stems.length >= QUOTE_CONTAINMENT;
    }),
  );
}

/** A quotation inside a quote: 'said ‘the guy has…’' (single marks not touching a letter, or double). */
const INNER_QUOTE = /(?<![\p{L}\p{N}])['‘]([^'‘’]{6,}?)['’](?![\p{L}])|["“]([^"“”]{6,}?)["”]/gu;

/**
 * Does `outer` quote `inner`'s words as someone else's? ("In telling the story, the President … said
 * ‘the guy has serious judgment issues,’" Comey wrote — against "The guy has serious judgment issues,"
 * credited to the President.) Then the two speakers are the writer and the person quoted, not a conflict.
 */
export function quotesInside(outer: QuoteFeatures, inner: QuoteFeatures): boolean {
  if (inner.stems.length === 0 || inner.stems.length >= outer.stems.length) return false;
  for (const nested of nestedQuotes(outer.quote.text)) {
    if (lcsLength(inner.stems, nested) / inner.stems.length >= QUOTE_CONTAINMENT) return true;
  }
  return false;
}

const memos: Map<string, unknown>[] = [];

/**
 * Empties the quote comparison's memos (pure values, computed again when read): after a pass that
 * computed many stories they hold its last few thousand quotes, which an edit's pass rarely reads.
 */
export function forgetQuoteMemos(): void {
  for (const cache of memos) cache.clear();
}

/** The stems of each quotation inside a quote's text, in order, empty ones left out (every member is asked against every other). */
const nestedQuotes = memo(
  (text: string): string[][] => [...text.matchAll(INNER_QUOTE)].map((m) => stems(m[1] ?? m[2] ?? '')).filter((nested) => nested.length > 0),
  2_000,
);

export function quoteGroupId(storyId: string, members: QuoteRef[]): string {
  const texts = [...new Set(members.map((m) => normalizedQuoteText(m.text)))].sort();
  return 'quote-' + stableHash(`${storyId}\u0000${texts.join('\u0001')}`);
}

export function makeQuoteGroup(storyId: string, members: QuoteFeatures[], speakerOf: (f: QuoteFeatures) => string | null): QuoteGroup {
  return quoteGroupOf(storyId, members, quoteSpeaker(members, speakerOf));
}

/** The speaker most of a quote group's members are credited to (ties: the first by name), or null. */
export function quoteSpeaker(members: QuoteFeatures[], speakerOf: (f: QuoteFeatures) => string | null): string | null {
  const votes = new Map<string, number>();
  for (const m of members) {
    const s = speakerOf(m);
    if (s) votes.set(s, (votes.get(s) ?? 0) + 1);
  }
  return [...votes.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
}

/** A quote group from its members and its speaker (`quoteSpeaker`): the members' places, sorted, and the group's id. */
export function quoteGroupOf(storyId: string, members: QuoteFeatures[], speaker: string | null): QuoteGroup {
  const refs: QuoteRef[] = members
    .map((m) => ({ file: m.file, start: m.quote.start, end: m.quote.end, key: m.quote.key, text: m.quote.text, speaker: m.quote.speaker }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start));
  return { id: quoteGroupId(storyId, refs), speaker, members: refs };
}

// ---------------------------------------------------------------------------------------------
// Comparing versions word by word

const TOKEN = /\[[^\]]*\]|[\p{L}\p{N}]+(?:['’\-.][\p{L}\p{N}]+)*|[.!?;:,…]+/gu;

function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/**
 * A memo of a pure function of a string, emptied when it grows past `limit` entries (quote texts and
 * their tokens repeat across the versions of a quote and across passes; the bound keeps a long
 * session's memory flat).
 */
function memo<T>(compute: (text: string) => T, limit: number): (text: string) => T {
  const cache = new Map<string, T>();
  memos.push(cache);
  return (text) => {
    let value = cache.get(text);
    if (value === undefined) {
      if (cache.size >= limit) cache.clear();
      cache.set(text, (value = compute(text)));
    }
    return value;
  };
}

const tokenKey = memo((token: string): string => {
  if (token.startsWith('[')) return token.toLowerCase();
  const w = normalizeForWords(token).replace(/['.]/g, '');
  return /[\p{L}\p{N}]/u.test(w) ? stem(w) : w;
}, 20_000);

/** `normalizedText` of quote texts (group ids, finding ids and version lengths read it again and again). */
export const normalizedQuoteText = memo(normalizedText, 10_000);

function isWord(token: string): boolean {
  return /[\p{L}\p{N}]/u.test(token);
}

/**
 * Diffs token arrays by their comparison keys (computed once per token), returning runs of the
 * original tokens: unchanged runs carry the other side's tokens, as jsdiff does.
 */
function diffTokens(a: string[], b: string[], keysA = a.map(tokenKey), keysB = b.map(tokenKey)): DiffPart[] {
  let i = 0;
  let j = 0;
  return diffArrays(keysA, keysB).map((part) => {
    const n = part.value.length;
    let value: string[];
    if (part.added) {
      value = b.slice(j, j + n);
      j += n;
    } else if (part.removed) {
      value = a.slice(i, i + n);
      i += n;
    } else {
      value = b.slice(j, j + n);
      i += n;
      j += n;
    }
    return { value, added: !!part.added, removed: !!part.removed };
  });
}

/** Word-level diff of `other` against `reference` (delete = only in the reference). */
export function wordDiff(reference: string, other: string): WordDiffPart[] {
  const a = tokenize(reference);
  const b = tokenize(other);
  const parts = diffTokens(a, b);
  const out: WordDiffPart[] = [];
  for (const part of parts) {
    const op: WordDiffPart['op'] = part.added ? 'insert' : part.removed ? 'delete' : 'same';
    const text = joinTokens(part.value);
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += ' ' + text;
    else out.push({ op, text });
  }
  return out;
}

function joinTokens(tokens: string[]): string {
  return tokens.join(' ').replace(/ ([.!?;:,…])/g, '$1');
}

export type VariantLevel = 'same' | 'excerpt' | 'hint' | 'information' | 'warning';
const LEVEL_RANK: Record<VariantLevel, number> = { same: 0, excerpt: 1, hint: 2, information: 3, warning: 4 };

export function worseLevel(a: VariantLevel, b: VariantLevel): VariantLevel {
  return LEVEL_RANK[a] >= LEVEL_RANK[b] ? a : b;
}

export interface VariantComparison {
  level: VariantLevel;
  /** The worst change with a little context: [reference side, other side]. */
  change: [string, string] | null;
}

/**
 * How much the meaning-bearing words differ between two versions of a quote. Words missing only at
 * either end are an excerpt; changes inside the marks are judged by the content words involved.
 */
export function compareVersions(reference: string, other: string): VariantComparison {
  if (reference.trim() === other.trim()) return { level: 'same', change: null };
  const ref = wordsWithBreaks(reference);
  const oth = wordsWithBreaks(other);
  const a = ref.map((w) => w.word);
  const b = oth.map((w) => w.word);
  const keysA = a.map(tokenKey);
  const keysB = b.map(tokenKey);
  // The same words (by their keys): the diff would be one unchanged run, which reads as the same.
  if (keysA.length > 0 && keysA.length === keysB.length && keysA.every((k, i) => k === keysB[i])) return { level: 'same', change: null };
  const parts = diffTokens(a, b, keysA, keysB);
  let firstSame = parts.findIndex((p) => !p.added && !p.removed);
  let lastSame = -1;
  parts.forEach((p, i) => {
    if (!p.added && !p.removed) lastSame = i;
  });
  if (firstSame < 0) return { level: 'warning', change: [reference, other] };
  [firstSame, lastSame] = excerptAnchors(parts, firstSame, lastSame);
  let level: VariantLevel = 'same';
  let change: [string, string] | null = null;
  let i = 0;
  let refAt = 0;
  let otherAt = 0;
  // Hunks: runs of added/removed parts; those before the first or after the last unchanged part are
  // excerpting, the others are changes inside the marks.
  while (i < parts.length) {
    if (!parts[i].added && !parts[i].removed) {
      refAt += parts[i].value.length;
      otherAt += parts[i].value.length;
      i++;
      continue;
    }
    let j = i;
    const deleted: string[] = [];
    const inserted: string[] = [];
    const refFrom = refAt;
    const otherFrom = otherAt;
    while (j < parts.length && (parts[j].added || parts[j].removed)) {
      if (parts[j].added) {
        inserted.push(...parts[j].value);
        otherAt += parts[j].value.length;
      } else {
        deleted.push(...parts[j].value);
        refAt += parts[j].value.length;
      }
      j++;
    }
    const atEdge = i < firstSame || i > lastSame;
    let hunk: VariantLevel;
    if (atEdge) hunk = 'excerpt';
    else {
      const editorial = [...deleted, ...inserted].some((t) => t.startsWith('['));
      const contentDeleted = deleted.filter((t) => !t.startsWith('[') && !isStopword(normalizeForWords(t)));
      const contentInserted = inserted.filter((t) => !t.startsWith('[') && !isStopword(normalizeForWords(t)));
      const content = contentDeleted.length + contentInserted.length;
      const wholeSentence =
        (deleted.length >= 3 && inserted.length === 0 && coversSentence(ref, refFrom, refAt)) ||
        (inserted.length >= 3 && deleted.length === 0 && coversSentence(oth, otherFrom, otherAt));
      if (wholeSentence) hunk = 'warning';
      else if (content === 0) hunk = editorial && deleted.length + inserted.length > 2 ? 'information' : 'hint';
      else if (editorial) hunk = 'information';
      else if (deleted.length === 0 || inserted.length === 0) hunk = content >= 4 ? 'warning' : 'information';
      else hunk = contentDeleted.length <= 2 && contentInserted.length <= 2 ? 'information' : 'warning';
    }
    if (LEVEL_RANK[hunk] > LEVEL_RANK[level]) {
      level = hunk;
      const before = i > 0 ? parts[i - 1].value.slice(-3) : [];
      const after = j < parts.length ? parts[j].value.slice(0, 3) : [];
      change = [[...before, ...deleted, ...after].join(' '), [...before, ...inserted, ...after].join(' ')];
    }
    i = j;
  }
  // When only punctuation, case or apostrophes differ, the versions count as the same words.
  return { level, change };
}

type DiffPart = { value: string[]; added: boolean; removed: boolean };

function hasContentWord(tokens: string[]): boolean {
  return tokens.some((t) => isWord(t) && !t.startsWith('[') && !isStopword(normalizeForWords(t)));
}

/**
 * Where the excerpt at each end stops. The diff may anchor a shorter version's first (or last) few
 * function words on the same words far from where they belong ("the guy has…" aligned on the "the" of
 * "in telling the story, … said the guy has…"), which would turn an excerpt into a change inside the
 * marks. When before the first unchanged run with a content word only one version has words of its
 * own, and the other version's matched words there are exactly the words right before that run in
 * the longer version, the whole stretch is an excerpt; the same at the end. A word substituted or
 * dropped between matched words ("we will [not] go") is still a change: the words do not line up.
 */
function excerptAnchors(parts: DiffPart[], firstSame: number, lastSame: number): [number, number] {
  const same = (p: DiffPart): boolean => !p.added && !p.removed;
  const firstContent = parts.findIndex((p) => same(p) && hasContentWord(p.value));
  if (firstContent < 0) return [firstSame, lastSame];
  let lastContent = firstContent;
  parts.forEach((p, i) => {
    if (same(p) && hasContentWord(p.value)) lastContent = i;
  });
  const oneSidedExcerpt = (region: DiffPart[], atStart: boolean): boolean => {
    const added = region.some((p) => p.added);
    const removed = region.some((p) => p.removed);
    if (added === removed) return false;
    // The shorter version's words in the region, and the longer version's words in the same order.
    const shortWords = region.filter(same).flatMap((p) => p.value).map(tokenKey);
    const longWords = region.filter((p) => same(p) || (added ? p.added : p.removed)).flatMap((p) => p.value).map(tokenKey);
    const edge = atStart ? longWords.slice(longWords.length - shortWords.length) : longWords.slice(0, shortWords.length);
    return shortWords.every((w, i) => w === edge[i]);
  };
  const start = firstContent > firstSame && oneSidedExcerpt(parts.slice(0, firstContent), true) ? firstContent : firstSame;
  const end = lastContent < lastSame && oneSidedExcerpt(parts.slice(lastContent + 1), false) ? lastContent : lastSame;
  return [start, end];
}

interface WordWithBreaks {
  word: string;
  /** A sentence ends right before this word (or it is the first word). */
  afterBreak: boolean;
  /** A sentence ends right after this word (or it is the last word). */
  beforeBreak: boolean;
}

const CONTRACTED: [RegExp, string][] = [
  [/^(\p{L}+)n['’]t$/u, 'not'],
  [/^(\p{L}+)['’]ll$/u, 'will'],
  [/^(\p{L}+)['’]re$/u, 'are'],
  [/^(\p{L}+)['’]ve$/u, 'have'],
  [/^(\p{L}+)['’]m$/u, 'am'],
  [/^(\p{L}+)['’]d$/u, 'would'],
];

/** "he'll" → "he", "will"; other tokens unchanged. */
function expandContraction(token: string): string[] {
  // Every contraction has an apostrophe: other tokens skip the patterns.
  if (!token.includes("'") && !token.includes('’')) return [token];
  if (/^(?:can['’]t|won['’]t)$/i.test(token)) return [/^wo/i.test(token) ? 'will' : 'can', 'not'];
  for (const [pattern, full] of CONTRACTED) {
    const m = pattern.exec(token);
    if (m) return [m[1], full];
  }
  return [token];
}

/** `wordsWithBreaks` per text (callers only read the array). */
const wordsWithBreaks = memo(splitWordsWithBreaks, 2_000);

function splitWordsWithBreaks(text: string): WordWithBreaks[] {
  const tokens = tokenize(text).flatMap(expandContraction);
  const out: WordWithBreaks[] = [];
  let pendingBreak = true;
  for (const t of tokens) {
    if (isWord(t)) {
      out.push({ word: t, afterBreak: pendingBreak, beforeBreak: false });
      pendingBreak = false;
    } else if (/[.!?…]/.test(t)) {
      pendingBreak = true;
      if (out.length) out[out.length - 1].beforeBreak = true;
    }
  }
  if (out.length) out[out.length - 1].beforeBreak = true;
  return out;
}

/** Words [from, to) run from a sentence start to a sentence end. */
function coversSentence(words: WordWithBreaks[], from: number, to: number): boolean {
  return to > from && words[from].afterBreak && words[to - 1].beforeBreak;
}
