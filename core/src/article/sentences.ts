// Sentences with offsets into the original text. wink-nlp finds the boundaries inside each paragraph;
// its tokens carry no offsets, so they are found again by walking the paragraph. A sentence never
// crosses a paragraph (line). Very long paragraphs and texts wink cannot read fall back to a simple
// punctuation splitter.

import type { Sentence } from '../model';
import { winkPipeline } from './nlp';
import { isSpace, type Paragraph } from './text';

/** Paragraphs longer than this (characters) are split by punctuation only. */
const WINK_LIMIT = 20000;

export function splitSentences(text: string, paragraphs: Paragraph[]): Sentence[] {
  const sentences: Sentence[] = [];
  for (const paragraph of paragraphs) {
    const length = paragraph.end - paragraph.start;
    let spans: [number, number][] | null = null;
    if (length <= WINK_LIMIT) {
      try {
        spans = winkSentences(text, paragraph.start, paragraph.end);
      } catch {
        spans = null;
      }
    }
    if (!spans) spans = punctuationSentences(text, paragraph.start, paragraph.end);
    for (const [start, end] of spans) sentences.push({ start, end, paragraph: paragraph.index });
  }
  return sentences;
}

function winkSentences(text: string, from: number, to: number): [number, number][] | null {
  const chunk = text.slice(from, to);
  const doc = winkPipeline().readDoc(chunk);
  const its = winkPipeline().its;
  const values = doc.tokens().out(its.value) as string[];
  const spans = doc.sentences().out(its.span) as unknown as [number, number][];
  // Offsets of each token inside `chunk`.
  const starts = new Array<number>(values.length);
  const ends = new Array<number>(values.length);
  let cursor = 0;
  for (let i = 0; i < values.length; i++) {
    const at = chunk.indexOf(values[i], cursor);
    if (at < 0 || at - cursor > 200) {
      starts[i] = cursor;
      ends[i] = cursor;
      continue;
    }
    starts[i] = at;
    ends[i] = at + values[i].length;
    cursor = ends[i];
  }
  const out: [number, number][] = [];
  let previousEnd = 0;
  for (const [first, last] of spans) {
    if (first < 0 || last >= values.length || first > last) return null;
    let s = Math.max(starts[first], previousEnd);
    let e = Math.max(ends[last], s);
    while (s < e && isSpace(chunk.charCodeAt(s))) s++;
    while (e > s && isSpace(chunk.charCodeAt(e - 1))) e--;
    if (e > s) out.push([from + s, from + e]);
    previousEnd = e;
  }
  if (!out.length) return null;
  // Close gaps so that every character of the paragraph lies in some sentence (trailing marks).
  out[out.length - 1][1] = Math.max(out[out.length - 1][1], trimEnd(text, from, to));
  return out;
}

function trimEnd(text: string, from: number, to: number): number {
  let e = to;
  while (e > from && isSpace(text.charCodeAt(e - 1))) e--;
  return e;
}

/** Split at . ! ? (plus closing quotes/brackets) followed by a space and a capital, digit or quote. */
export function punctuationSentences(text: string, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  const re = /[.!?…]+["”’)\]]*(?=\s+["“‘(\[]?[\p{Lu}\p{N}])/gu;
  re.lastIndex = from;
  let start = from;
  const slice = text.slice(0, to);
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    const end = m.index + m[0].length;
    // Do not split after a one-letter initial or a common abbreviation.
    const before = slice.slice(Math.max(start, m.index - 5), m.index);
    if (m[0] === '.' && /(?:^|[\s.])(?:\p{Lu}|Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|St|Jr|Sr|No|U\.S|U\.N|vs)$/u.test(before)) continue;
    out.push([start, end]);
    start = end;
    while (start < to && isSpace(text.charCodeAt(start))) start++;
  }
  if (start < to) out.push([start, trimEnd(text, start, to)]);
  return out.filter(([s, e]) => e > s);
}
