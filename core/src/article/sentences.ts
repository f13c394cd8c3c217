// Sentences with offsets into the original text, found by a rule-based splitter written for news copy.
// A sentence never crosses a paragraph (line). A boundary is a run of . ! ? or … (with any closing
// quote marks or brackets after it) followed by white space and a capital, a digit or an opening quote
// mark. A full stop does not end a sentence after an honorific or title ("Mr.", "Sen."), an initial
// ("Roger J. Stone"), a month or number abbreviation before a number ("Feb. 8", "No. 2"), or "U.S."
// and its kind when the next word is not one that starts sentences ("U.S. Senate" / "U.S. The ...").
//
// It replaces wink-nlp's sentence boundary detection, which cost as much as the rest of the analysis
// together. On the shared development data it finds 96% of wink's sentence starts; most of the others
// are wink's own errors (a split inside `?" he said`, after "(R-Va.)") (docs/quality.md).

import type { Sentence } from '../model';
import { isSpace, type Paragraph } from './text';

export function splitSentences(text: string, paragraphs: Paragraph[]): Sentence[] {
  const sentences: Sentence[] = [];
  for (const paragraph of paragraphs) {
    for (const [start, end] of punctuationSentences(text, paragraph.start, paragraph.end)) {
      sentences.push({ start, end, paragraph: paragraph.index });
    }
  }
  return sentences;
}

/** Words after which a full stop is part of an abbreviation, never a sentence end. */
const NEVER_ENDS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'sen', 'sens', 'rep', 'reps', 'gov', 'gen', 'lt', 'col', 'sgt', 'capt', 'cmdr', 'adm',
  'prof', 'rev', 'st', 'mt', 'ft', 'pres', 'supt', 'atty', 'messrs', 'hon', 'amb', 'maj', 'cpl', 'pvt', 'vs', 'v',
  'e.g', 'i.e', 'approx', 'dept', 'fig', 'ave', 'blvd', 'del',
]);
/** Abbreviations that end a sentence only when no number follows ("Jan. 8", "No. 2"). */
const BEFORE_NUMBER = new Set([
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'no', 'nos', 'vol', 'p', 'pp',
  'art', 'sec', 'ch',
]);
/** Dotted abbreviations ("U.S.", "a.m.") end a sentence only before a word that starts sentences. */
const SENTENCE_OPENERS = new Set([
  'the', 'a', 'an', 'he', 'she', 'it', 'they', 'we', 'i', 'you', 'but', 'and', 'in', 'on', 'at', 'this', 'that',
  'these', 'those', 'there', 'his', 'her', 'their', 'its', 'our', 'as', 'if', 'when', 'while', 'after', 'before',
  'since', 'for', 'so', 'yet', 'still', 'however', 'meanwhile', 'some', 'many', 'most', 'one', 'what', 'who', 'why',
  'how', 'where', 'no', 'not', 'now', 'then', 'both', 'all', 'among', 'according', 'during', 'last', 'earlier',
  'later', 'asked', 'critics', 'officials', 'experts',
]);

const BOUNDARY = /[.!?…]+["”’'»)\]]*(?=\s+["“‘'«(\[]?[\p{Lu}\p{N}])|(?<![.…])[.!?]["”’'»)\]]*(?=\s+["“‘«])/gu;

/** Sentence spans of `text` between `from` and `to` (one paragraph). */
export function punctuationSentences(text: string, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  const slice = text.slice(0, to);
  BOUNDARY.lastIndex = from;
  let start = from;
  for (let m = BOUNDARY.exec(slice); m; m = BOUNDARY.exec(slice)) {
    const end = m.index + m[0].length;
    if (m[0].charAt(0) === '.' && !/^\.{2,}/.test(m[0]) && !endsSentence(slice, m.index, end, start)) continue;
    out.push([start, end]);
    start = end;
    while (start < to && isSpace(text.charCodeAt(start))) start++;
  }
  if (start < to) out.push([start, trimEnd(text, start, to)]);
  return out.filter(([s, e]) => e > s);
}

/** Whether the full stop at `dot` ends a sentence, judged by the word before it and the word after. */
function endsSentence(text: string, dot: number, after: number, sentenceStart: number): boolean {
  let w = dot;
  while (w > sentenceStart && /[\p{L}\p{N}.'’-]/u.test(text.charAt(w - 1))) w--;
  const word = text.slice(w, dot);
  const lower = word.toLowerCase().replace(/^['’]/, '');
  const next = /^\s+["“‘'«(\[]?([\p{L}\p{N}][\p{L}\p{N}'’.-]*)/u.exec(text.slice(after, after + 40));
  const nextWord = next ? next[1] : '';
  if (NEVER_ENDS.has(lower)) return false;
  if (/^\p{Lu}$/u.test(word)) {
    // An initial ("J. Stone"), unless a sentence plainly starts after it.
    return SENTENCE_OPENERS.has(nextWord.toLowerCase()) && nextWord.toLowerCase() !== 'a';
  }
  if (BEFORE_NUMBER.has(lower) && /^\d/.test(nextWord)) return false;
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word) || /^(?:inc|corp|co|ltd|jr|sr|bros)$/.test(lower)) {
    // "U.S. officials" / "in the U.S. The ...": only before a word that starts sentences.
    return SENTENCE_OPENERS.has(nextWord.toLowerCase().replace(/['’]\p{L}+$/u, ''));
  }
  return true;
}

function trimEnd(text: string, from: number, to: number): number {
  let e = to;
  while (e > from && isSpace(text.charCodeAt(e - 1))) e--;
  return e;
}
