// Quotes and their speakers. Quote marks are matched per paragraph (curly and straight double marks;
// single marks only when they clearly open and close a quote). An opening mark without a closing one
// ends at the paragraph's end, unless the next paragraph opens with a mark: the newspaper convention
// for a quote running over several paragraphs. A quote interrupted by its attribution
// ("The root causes," he added, "must be resolved.") is one quote with two parts. A transcript turn
// quoted as a paragraph (`"ROE: Well, …`) is a quote of its own, spoken by the labelled person.
//
// Speakers come from the attribution next to the quote ("...," said X / X said: "..." / according to
// X), the subject of the clause introducing a partial quote, a pronoun resolved to the nearest person
// before it, or the previous quote of the same paragraph. When the source is not a person ("the
// Kremlin said", "officials said") the speaker is null and only the verb is kept: `speaker` always
// names a Person of the article, so adapters can link it. Unknown stays null.

import type { Person, PersonMention, Quote, Sentence, Span } from '../model';
import type { Gender, MentionRef } from './people';
import {
  NOT_SPEAKER_LABELS, PRONOUNS, ROLE_NOUNS, SPEECH_VERBS, TITLE_WORDS, TRANSCRIPT_LABEL, type Paragraph, type Word, spanContaining,
  spanIndexAt,
} from './text';

/** An unclosed quote never runs further than this many characters. */
const MAX_QUOTE = 1500;

interface RawQuote {
  parts: Span[];
  /** Offset of the opening mark of the first part and just after the closing mark of the last part. */
  outerStart: number;
  outerEnd: number;
  closed: boolean;
  paragraph: number;
  /** For a quote split by its attribution: just after the first part's closing mark. */
  firstEnd?: number;
  /** A transcript turn (`"ROE: …`): the speaker label before the quoted words. */
  label?: Span;
}

const OPEN_DOUBLE = '“„«';
const CLOSE_DOUBLE = '”»';

function isOpeningContext(text: string, i: number, from: number): boolean {
  if (i === from) return true;
  const before = text.charAt(i - 1);
  return /[\s([{—–\-\/:;,]/.test(before) || OPEN_DOUBLE.includes(before) || before === '‘' || before === "'";
}

function isWordChar(ch: string): boolean {
  return /[\p{L}\p{N}]/u.test(ch);
}

/** Quote spans of one paragraph; `pendingContinuation` is true when the last quote is left open. */
function scanParagraph(text: string, p: Paragraph): RawQuote[] {
  const quotes: RawQuote[] = [];
  let open = -1;
  let openWidth = 1;
  let kind: 'double' | 'single' = 'double';
  const end = p.end;
  const marks = /["“”„«»‘'’]/g;
  for (let i = p.start; i < end; i++) {
    // Jump to the next quote mark.
    marks.lastIndex = i;
    const next = marks.exec(text);
    if (!next || next.index >= end) {
      if (open >= 0 && end - open > MAX_QUOTE) {
        quotes.push(makeQuote(text, open, capAtSentenceEnd(text, open + 1, open + MAX_QUOTE), false, p.index));
        open = -1;
      }
      break;
    }
    if (open >= 0 && next.index - open > MAX_QUOTE) {
      quotes.push(makeQuote(text, open, capAtSentenceEnd(text, open + 1, open + MAX_QUOTE), false, p.index));
      open = -1;
    }
    i = next.index;
    // Two straight apostrophes stand for a double mark in some copy (''Like this,'' he said).
    const pair = text.charAt(i) === "'" && text.charAt(i + 1) === "'";
    const width = pair ? 2 : 1;
    const ch = pair ? '"' : text.charAt(i);
    if (open < 0) {
      if (OPEN_DOUBLE.includes(ch) || (ch === '"' && isOpeningContext(text, i, p.start) && i + width < end && !/\s/.test(text.charAt(i + width)))) {
        open = i;
        openWidth = width;
        kind = 'double';
        i += width - 1;
      } else if ((ch === '‘' || ch === "'") && isOpeningContext(text, i, p.start) && i + 1 < end && isWordChar(text.charAt(i + 1))) {
        // Single marks: only when a closing mark follows in this paragraph.
        const close = findSingleClose(text, i + 1, Math.min(end, i + 400));
        if (close > 0) {
          quotes.push(makeQuote(text, i, close, true, p.index));
          i = close;
        }
      }
      continue;
    }
    if (kind === 'double' && (ch === '‘' || ch === "'") && isOpeningContext(text, i, p.start) && isWordChar(text.charAt(i + 1))) {
      // A quote inside the quote: double marks inside that one are a third level ("She said 'he
      // told me "no" twice' then left"), not this quote's end. Skip over it when it holds a pair.
      const close = findSingleClose(text, i + 1, Math.min(end, i + 400));
      if (close > 0 && (text.slice(i + 1, close).match(/["“”„«»]/g)?.length ?? 0) >= 2) i = close;
    } else if (kind === 'double' && (CLOSE_DOUBLE.includes(ch) || ch === '"' || (ch === '“' && text.charAt(open) === '„'))) {
      // („German style“ closes with the mark English copy opens with.)
      quotes.push(makeQuote(text, open, i, true, p.index, openWidth, width));
      open = -1;
      i += width - 1;
    } else if (kind === 'double' && OPEN_DOUBLE.includes(ch) && ch !== '„') {
      // Curly marks nested in curly marks (“… what he calls “hell” than live …”): two closing marks follow
      // before any other opening one, so this pair lies inside the open quote. Inside a quote opened by a
      // straight mark, curly marks are the inner level (`"ROE: It is like “Shark Tank.” …`).
      const inner = nestedClose(text, i + 1, end, text.charAt(open) === '"' ? 1 : 2);
      if (inner > 0) {
        i = inner;
        continue;
      }
      // A new opening mark before the old one closed: the old one was never closed.
      quotes.push(makeQuote(text, open, i, false, p.index, openWidth));
      open = i;
      openWidth = 1;
    }
  }
  if (open >= 0) quotes.push(makeQuote(text, open, end, false, p.index, openWidth));
  return quotes.filter((q) => q.parts[0].end > q.parts[0].start);
}

/**
 * For a curly opening mark met inside an open curly quote: the offset of its closing mark when another
 * closing mark follows it before any opening mark, in the paragraph (the pair is nested); else -1.
 */
function nestedClose(text: string, from: number, to: number, closers: 1 | 2): number {
  let first = -1;
  for (let j = from; j < to; j++) {
    const ch = text.charAt(j);
    if (OPEN_DOUBLE.includes(ch)) return -1;
    if (ch === '”') {
      if (first < 0) first = j;
      if (closers === 1 || j > first) return first;
    }
  }
  return -1;
}

function findSingleClose(text: string, from: number, to: number): number {
  for (let j = from; j < to; j++) {
    const ch = text.charAt(j);
    if (ch === '\n') return -1;
    if ((ch === '’' || ch === "'") && !isWordChar(text.charAt(j + 1)) && !/\s/.test(text.charAt(j - 1))) {
      // "leaders’ summit": a plural possessive, not a close, when a lower-case noun follows directly.
      if (/^\s+\p{Ll}/u.test(text.slice(j + 1, j + 4)) && /s$/.test(text.charAt(j - 1)) && j + 1 < to) {
        const later = findSingleClose(text, j + 1, to);
        if (later > 0) return later;
      }
      return j;
    }
  }
  return -1;
}

function capAtSentenceEnd(text: string, from: number, to: number): number {
  const slice = text.slice(from, to);
  const m = /[\s\S]*[.!?](?=\s)/.exec(slice);
  return m && m[0].length > 20 ? from + m[0].length : to;
}

function makeQuote(
  text: string, open: number, close: number, closed: boolean, paragraph: number, openWidth = 1, closeWidth = 1,
): RawQuote {
  let s = open + openWidth;
  let e = close;
  while (s < e && /\s/.test(text.charAt(s))) s++;
  while (e > s && /\s/.test(text.charAt(e - 1))) e--;
  return { parts: [{ start: s, end: e }], outerStart: open, outerEnd: closed ? close + closeWidth : close, closed, paragraph };
}

export function findQuoteSpans(text: string, paragraphs: Paragraph[]): RawQuote[] {
  const out: RawQuote[] = [];
  let carry: RawQuote | null = null;
  for (const p of paragraphs) {
    const found = scanParagraph(text, p);
    // A transcript turn (`"ROE: …`): the quote starts after the label and is a turn of its own.
    const label = TRANSCRIPT_LABEL.exec(text.slice(p.start, p.start + 60));
    const turn = label && found[0]?.outerStart === p.start && !NOT_SPEAKER_LABELS.has(label[1].toLowerCase()) ? found[0] : null;
    if (turn && label) {
      const at = text.indexOf(label[1], p.start);
      turn.label = { start: at, end: at + label[1].length };
      turn.parts[0].start = p.start + label[0].length;
      carry = null;
    }
    if (carry) {
      // The previous paragraph ended inside a quote and this one opens with a mark: same quote.
      const first = found[0];
      // The mark must be of the same style as the one that opened the quote: a straight-marked block
      // quote is not continued by a paragraph of curly-marked speech.
      const sameStyle = (text.charAt(p.start) === '"') === (text.charAt(carry.outerStart) === '"');
      if (first && first.outerStart === p.start && OPEN_DOUBLE.concat('"').includes(text.charAt(p.start)) && sameStyle
        && totalLength(carry) + (first.parts[0].end - first.parts[0].start) < MAX_QUOTE * 2) {
        carry.parts.push(...first.parts);
        carry.outerEnd = first.outerEnd;
        carry.closed = first.closed;
        found.shift();
        if (!carry.closed && found.length === 0) continue; // keeps running into the next paragraph
      }
      carry = null;
    }
    out.push(...found);
    const last = found[found.length - 1];
    if (last && !last.closed && last.outerStart === p.start) carry = last;
    else if (last && !last.closed) carry = last;
  }
  return out;
}

function totalLength(q: RawQuote): number {
  return q.parts.reduce((n, s) => n + s.end - s.start, 0);
}

// ---------------------------------------------------------------------------------------------

interface Context {
  text: string;
  words: Word[];
  sentences: Sentence[];
  people: Person[];
  mentions: MentionRef[];
  genders: Map<string, Gender>;
  /** Content spans of all quotes, sorted: mentions inside them are not antecedents. */
  insideQuotes: Span[];
}

interface Attribution {
  key: string | null;
  verb: string | null;
  /** Attribution found but the source is not a person. */
  nonPerson: boolean;
  /** Pronoun mention to record on the person. */
  pronoun?: Span;
  /** Introduced by a person's clause ending in a colon (`X is rolling out a message: "..."`): speech. */
  introduced?: boolean;
}

export function findQuotes(
  text: string, paragraphs: Paragraph[], sentences: Sentence[], words: Word[], people: Person[], mentions: MentionRef[],
  genders: Map<string, Gender>,
): Quote[] {
  const raw = mergeSplitQuotes(text, findQuoteSpans(text, paragraphs), words);
  const insideQuotes: Span[] = [];
  for (const q of raw) for (const part of q.parts) insideQuotes.push(part);
  insideQuotes.sort((a, b) => a.start - b.start);
  const ctx: Context = { text, words, sentences, people, mentions, genders, insideQuotes };
  const byKey = new Map(people.map((p) => [p.key, p]));
  const quotes: Quote[] = [];
  let previous: { paragraph: number; key: string | null; nonPerson: boolean; end: number } | null = null;
  raw.forEach((q, index) => {
    const first = q.parts[0];
    const last = q.parts[q.parts.length - 1];
    const joined = q.parts.map((part, i) => {
      const s = text.slice(part.start, part.end);
      return i < q.parts.length - 1 ? s.replace(/,$/, '') : s;
    }).join(' ');
    const labelMention = q.label ? mentionAt(ctx, q.label.start) : undefined;
    let attribution: Attribution | null = labelMention && labelMention.kind !== 'pronoun'
      ? { key: labelMention.key, verb: null, nonPerson: false, introduced: true }
      : attributeAfter(ctx, q) ?? attributeBefore(ctx, q, raw[index - 1]) ?? attributeLater(ctx, q)
      ?? attributeByColon(ctx, q) ?? attributeBySentenceBefore(ctx, q);
    // The previous quote's speaker goes on, unless the writer names someone else in between
    // ("…," she said, but as Trump went on about "…").
    if (!attribution && previous && previous.paragraph === q.paragraph
      && !otherPersonBetween(ctx, previous.end, q.outerStart, previous.key)) {
      attribution = { key: previous.key, verb: null, nonPerson: previous.nonPerson };
    }
    const wordCount = wordsUpTo(joined, /[\p{L}\p{N}]/u, 4);
    // Short quotes without a person speaking them are labels ("agreements"), not speech.
    const spoken = !!attribution && (attribution.verb !== null || !!attribution.introduced) && attribution.key !== null;
    // Short labels, and titles of shows, books and articles in title case ("Meet the Press"), are not speech.
    // A title or capitalised label after a preposition ("a clip of 'The Late Show'") is a label even in a
    // clause with a speech verb.
    const titleAfterPreposition = (isTitleCase(joined) || (wordCount <= 3 && /^\p{Lu}/u.test(joined))) && /\b(?:of|in|on|at|from|by|with|for)\s*$/i.test(text.slice(Math.max(0, q.outerStart - 6), q.outerStart));
    const scare = (wordCount <= 3 || isTitleCase(joined)) && (!spoken || titleAfterPreposition);
    if (scare) attribution = null;
    const key = attribution?.key ?? null;
    const person = key ? byKey.get(key) : undefined;
    if (person && attribution?.pronoun) addPronounMention(text, person, attribution.pronoun);
    const sentence = Math.max(0, spanContaining(sentences, first.start));
    const partial = !scare && isPartial(ctx, q, sentences[sentence]);
    quotes.push({
      key: `q${quotes.length + 1}`,
      start: first.start,
      end: last.end,
      text: joined,
      parts: q.parts.map((p) => ({ start: p.start, end: p.end })),
      speaker: person ? person.name : null,
      speakerKey: person ? person.key : null,
      verb: attribution?.verb ?? null,
      scare,
      partial,
      sentence,
    });
    if (!scare) previous = { paragraph: last === first ? q.paragraph : paragraphOf(paragraphs, last.start), key, nonPerson: attribution?.nonPerson ?? false, end: q.outerEnd };
  });
  return quotes;
}

/**
 * A person other than `key` named (not by a pronoun) between two offsets as the subject of a new
 * clause: right after a conjunction ("…, but as Trump went on about"), outside quotes. A name inside a
 * phrase ("going on to contrast Clinton's proposals", "who served under Bush") does not count.
 */
function otherPersonBetween(ctx: Context, from: number, to: number, key: string | null): boolean {
  const i = spanIndexAt(ctx.mentions, from);
  if (i < 0) return false;
  for (let k = i; k < ctx.mentions.length && ctx.mentions[k].start < to; k++) {
    const m = ctx.mentions[k];
    if (m.start < from || m.kind === 'pronoun' || m.key === key || insideQuote(ctx, m.start)) continue;
    const before = ctx.text.slice(Math.max(from, m.start - 12), m.start);
    if (/\b(?:but|and|while|as|when|because|until)\s+$/.test(before)) return true;
  }
  return false;
}

const TITLE_SMALL_WORDS = new Set(['a', 'an', 'the', 'and', 'or', 'of', 'in', 'on', 'at', 'to', 'for', 'by', 'with', 'from', 'as', 'but', 'vs']);

/**
 * How many whitespace-separated words of `text` hold a character `holds` matches, counting no further
 * than `limit` (the same count as splitting on /\s+/ and filtering, when it is below the limit).
 */
function wordsUpTo(text: string, holds: RegExp, limit: number): number {
  let count = 0;
  const chunk = /\S+/g;
  for (let m = chunk.exec(text); m && count < limit; m = chunk.exec(text)) if (holds.test(m[0])) count++;
  return count;
}

/** "Meet the Press", "All Bets Are Off.": two to ten words, every word but small ones capitalised. */
export function isTitleCase(quote: string): boolean {
  const body = quote.replace(/[.,!?;:]+$/, '');
  if (/[.!?;:]\s/.test(body)) return false;
  // Counted first, up to 11, so a long quote is not split into words at all.
  if (wordsUpTo(body, /\p{L}/u, 11) > 10) return false;
  const words = body.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (words.length < 2 || words.length > 10) return false;
  if (words.some((w) => /^\p{Lu}+$/u.test(w) && w.length > 1 && words.every((x) => /^\p{Lu}+$/u.test(x)))) return false;
  return words.every((w, i) => /^[("'‘“]?[\p{Lu}\p{N}]/u.test(w) || (i > 0 && TITLE_SMALL_WORDS.has(w.toLowerCase())));
}

/**
 * A quote is partial when it is woven into the writer's own sentence: the words before its opening
 * mark run straight into it (no comma, colon or dash), except a speech verb introducing a quote that
 * starts with a capital (`Smith said "We will win."`); or it opens in lower case after words of the
 * sentence (`..., "and we will go on."` is still speech, so only an unpunctuated run-in counts).
 */
function isPartial(ctx: Context, q: RawQuote, sentence: Sentence | undefined): boolean {
  const { text, words } = ctx;
  if (!sentence) return false;
  const open = q.outerStart;
  if (open <= sentence.start) return false;
  const before = text.slice(sentence.start, open);
  if (!/[\p{L}\p{N}]/u.test(before)) return false;
  // Punctuation right before the mark introduces speech: `he said: "`, `, "`, `— "`.
  if (/[,:;—–(\[-]\s*$/.test(before)) return false;
  const firstChar = text.charAt(q.parts[0].start);
  const previous = words[spanIndexAt(words, open) - 1] ?? words[words.length - 1];
  const lastWord = previous && previous.end <= open ? previous : undefined;
  if (lastWord && (SPEECH_VERBS.has(lastWord.lower) || /^(?:that|as)$/.test(lastWord.lower)) && /\p{Lu}/u.test(firstChar)) return false;
  return true;
}

function paragraphOf(paragraphs: Paragraph[], offset: number): number {
  const i = spanContaining(paragraphs, offset);
  return i >= 0 ? paragraphs[i].index : 0;
}

function addPronounMention(text: string, person: Person, span: Span): void {
  if (person.mentions.some((m) => m.start === span.start)) return;
  const mention: PersonMention = { start: span.start, end: span.end, text: text.slice(span.start, span.end), kind: 'pronoun' };
  person.mentions.push(mention);
  person.mentions.sort((a, b) => a.start - b.start);
}

const ABBREVIATION_END = /(?:\b\p{Lu}|\bMr|\bMrs|\bMs|\bDr|\bSen|\bRep|\bGov|\bGen|\bSt|\bJr|\bSr|\bU\.S|\bInc|\bCorp|\bNo)$/u;

function hasSentenceEnd(gap: string): boolean {
  const re = /[.!?](?=\s)/g;
  for (let m = re.exec(gap); m; m = re.exec(gap)) {
    if (!ABBREVIATION_END.test(gap.slice(0, m.index))) return true;
  }
  return false;
}

/** Join `"A," he said, "B."` into one quote with two parts. */
function mergeSplitQuotes(text: string, quotes: RawQuote[], words: Word[]): RawQuote[] {
  const out: RawQuote[] = [];
  for (const q of quotes) {
    const prev = out[out.length - 1];
    if (prev && prev.closed && prev.paragraph === q.paragraph && q.parts.length >= 1) {
      const gap = text.slice(prev.outerEnd, q.outerStart);
      const prevText = text.slice(prev.parts[prev.parts.length - 1].start, prev.parts[prev.parts.length - 1].end);
      if (gap.length <= 250 && /[,—–-]$/.test(prevText) && /[,:]\s*$/.test(gap) && !hasSentenceEnd(gap)
        && wordsBetween(words, prev.outerEnd, q.outerStart).some((w) => SPEECH_VERBS.has(w.lower) || w.lower === 'according')) {
        prev.firstEnd = prev.firstEnd ?? prev.outerEnd;
        prev.parts.push(...q.parts);
        prev.outerEnd = q.outerEnd;
        prev.closed = q.closed;
        continue;
      }
    }
    out.push({ ...q, parts: [...q.parts] });
  }
  return out;
}

function wordsBetween(words: Word[], from: number, to: number): Word[] {
  const out: Word[] = [];
  for (let i = Math.max(0, spanIndexAt(words, from)); i >= 0 && i < words.length && words[i].start < to; i++) {
    if (words[i].start >= from) out.push(words[i]);
  }
  return out;
}

function mentionAt(ctx: Context, offset: number): MentionRef | undefined {
  const i = spanContaining(ctx.mentions, offset);
  if (i < 0) return undefined;
  const m = ctx.mentions[i];
  return m.start <= offset && offset < m.end ? m : undefined;
}

function insideQuote(ctx: Context, offset: number): boolean {
  const i = spanContaining(ctx.insideQuotes, offset);
  return i >= 0 && ctx.insideQuotes[i].start <= offset && offset < ctx.insideQuotes[i].end;
}

const NON_PERSON_HEADS = /^(?:the|a|an|one|another|some|several|two|three|many|most|officials|sources|aides|critics|analysts|experts|observers|supporters|residents|witnesses|people|police|authorities|spokesman|spokeswoman|spokesperson|statement|report|reports|it|this|that|which|who|you|we|i|they)$/;

function speechVerb(w: Word | undefined): boolean {
  return !!w && SPEECH_VERBS.has(w.lower);
}

/** `"...," said X` / `"...," X said` / `"...," he said` / `"...," according to X`. */
function attributeAfter(ctx: Context, q: RawQuote): Attribution | null {
  const { text, words } = ctx;
  const from = q.firstEnd ?? q.outerEnd;
  const lead = /^[^\S\n]*[,—–―-]{0,2}[^\S\n]*/.exec(text.slice(from, from + 8))![0];
  const dashed = /[—–―-]/.test(lead);
  const begin = from + lead.length;
  const i0 = spanIndexAt(words, begin);
  if (i0 < 0) return null;
  const w0 = words[i0];
  if (w0.start !== begin) return null;
  // Do not read past the paragraph.
  const sameLine = (w: Word | undefined) => !!w && w.paragraph === w0.paragraph;
  // "according to X"
  if (w0.lower === 'according' && words[i0 + 1]?.lower === 'to') {
    return subjectAt(ctx, i0 + 2, 'according to');
  }
  if (speechVerb(w0)) {
    const next = words[i0 + 1];
    if (!sameLine(next)) return { key: null, verb: w0.lower, nonPerson: true };
    return subjectAt(ctx, i0 + 1, w0.lower);
  }
  // Subject then verb, with an appositive between (", dean of ...,") and an adverb allowed.
  const subject = subjectSpan(ctx, i0);
  if (!subject) return null;
  let j = subject.nextIndex;
  // A generational suffix after the name ("Jane Roe III, a writer, said").
  if (words[j] && /^(?:II|III|IV|Jr\.?|Sr\.?)$/.test(words[j].text) && !/[.,;:]/.test(text.slice(words[j - 1].end, words[j].start))) j++;
  const afterSubject = words[j];
  // `"..." ― Jane Doe` at the end of a paragraph: a signed quote.
  if (dashed && subject.attribution.key && (!sameLine(afterSubject) || /^[,.]/.test(text.slice(words[j - 1].end, afterSubject.start)))) {
    return subject.attribution;
  }
  if (!sameLine(afterSubject)) return null;
  // A party and state in parentheses between name and verb: `Rep. Jane Roe (R-Utah) said`.
  j = skipParenthesis(ctx, j);
  if (!sameLine(words[j])) return null;
  // The verb may follow an appositive (", dean of ...,") or a phrase ("of the Atlantic Council");
  // otherwise it comes within two words of the subject ("he later said").
  const extended = text.slice(words[j - 1].end, words[j].start).includes(',')
    || /^(?:of|at|from|with|for|in)$/.test(words[j].lower);
  for (let step = 0; step < (extended ? 24 : 3) && j < words.length && sameLine(words[j]); step++, j++) {
    if (speechVerb(words[j])) return { ...subject.attribution, verb: words[j].lower };
    if (hardBreak(text.slice(words[j].end, words[j + 1]?.start ?? words[j].end))) break;
  }
  return null;
}

/**
 * Punctuation between two words that ends an attribution's reach. The period of an abbreviation
 * followed by a comma or parenthesis (`R-Ky.,`, `(D-Md.)`) does not.
 */
function hardBreak(gap: string): boolean {
  return /[.!?;:"“”]/.test(gap.replace(/\.(?=\s*[,)])/g, ''));
}

/** The index of the first word after a parenthesis opening right before word `j`, or `j`. */
function skipParenthesis(ctx: Context, j: number): number {
  const { text, words } = ctx;
  const w = words[j];
  if (!w || j === 0 || !/\(\s*$/.test(text.slice(words[j - 1].end, w.start))) return j;
  const close = text.indexOf(')', w.start);
  if (close < 0 || close - w.start > 40) return j;
  let k = j;
  while (k < words.length && words[k].start < close) k++;
  return k;
}

interface Subject {
  attribution: Attribution;
  nextIndex: number;
}

/** The speaker named from word `i` on: a person mention, a pronoun, or a non-person phrase. */
function subjectSpan(ctx: Context, i: number): Subject | null {
  const { words } = ctx;
  const w = words[i];
  if (!w) return null;
  const mention = mentionAt(ctx, w.start);
  if (mention && mention.kind !== 'pronoun') {
    let k = i;
    while (k + 1 < words.length && words[k + 1].start < mention.end) k++;
    // "Trump lawyer Marc Kasowitz", "Clinton campaign spokesman Brian Fallon": the first name is
    // the employer; the speaker is the person named after the role words.
    const later = personAfterRole(ctx, k + 1);
    if (later) return later;
    return { attribution: { key: mention.key, verb: null, nonPerson: false }, nextIndex: k + 1 };
  }
  const pronoun = PRONOUNS[w.lower];
  if (pronoun) {
    const key = pronoun === 'male' || pronoun === 'female' ? resolvePronoun(ctx, w.start, pronoun) : null;
    return { attribution: { key, verb: null, nonPerson: key === null, pronoun: key ? { start: w.start, end: w.end } : undefined }, nextIndex: i + 1 };
  }
  // Titles before a name: "German Chancellor Angela Merkel", "Mr. Obama", "IMF chief economist Jane Roe",
  // "Tulsa police Chief Chuck Jordan" — but not across a preposition ("a lawyer for Jane Roe").
  for (let k = i; k < Math.min(words.length, i + 7); k++) {
    if (k > i && /[,.;:!?"“”]/.test(ctx.text.slice(words[k - 1].end, words[k].start))) break;
    if (speechVerb(words[k]) || ROLE_STOP.test(words[k].lower)) break;
    if (!words[k].cap && !TITLE_WORDS.has(words[k].lower) && !ROLE_NOUNS.has(words[k].lower) && !/^\p{Ll}+$/u.test(words[k].text)) break;
    const m = mentionAt(ctx, words[k].start);
    if (m && m.kind !== 'pronoun') {
      let e = k;
      while (e + 1 < words.length && words[e + 1].start < m.end) e++;
      return { attribution: { key: m.key, verb: null, nonPerson: false }, nextIndex: e + 1 };
    }
  }
  if (NON_PERSON_HEADS.test(w.lower) || (w.cap && !mention)) {
    // A noun phrase of up to five words ("the Kremlin", "a senior official", "White House officials").
    let k = i;
    while (k + 1 < words.length && k - i < 5 && !speechVerb(words[k + 1]) && !ctx.text.slice(words[k].end, words[k + 1].start).trim()) k++;
    if (speechVerb(words[k + 1])) return { attribution: { key: null, verb: null, nonPerson: true }, nextIndex: k + 1 };
  }
  return null;
}

/** Words that never sit inside a title before a name: prepositions, articles, conjunctions, pronouns. */
const ROLE_STOP = /^(?:for|of|to|with|from|by|at|in|on|about|and|or|but|who|which|that|the|a|an|his|her|their|its|he|she|they|it|as|than|after|before|when|while|said)$/;

/**
 * A person named after role words that follow word `k` ("lawyer Marc Kasowitz", "campaign spokesman
 * Brian Fallon"), with no punctuation between; at least one of the words must be a role noun.
 */
function personAfterRole(ctx: Context, k: number): Subject | null {
  const { words, text } = ctx;
  let role = false;
  for (let x = k; x < Math.min(words.length, k + 4); x++) {
    if (/[,.;:!?"“”()]/.test(text.slice(words[x - 1].end, words[x].start))) return null;
    const m = mentionAt(ctx, words[x].start);
    if (m && m.kind !== 'pronoun') {
      if (!role) return null;
      let e = x;
      while (e + 1 < words.length && words[e + 1].start < m.end) e++;
      return { attribution: { key: m.key, verb: null, nonPerson: false }, nextIndex: e + 1 };
    }
    if (!/^\p{Ll}+$/u.test(words[x].text) || ROLE_STOP.test(words[x].lower) || speechVerb(words[x])) return null;
    if (ROLE_NOUNS.has(words[x].lower) || TITLE_WORDS.has(words[x].lower)) role = true;
  }
  return null;
}

function subjectAt(ctx: Context, i: number, verb: string): Attribution {
  const s = subjectSpan(ctx, i);
  if (s && (s.attribution.key || s.attribution.pronoun)) return { ...s.attribution, verb };
  // "said the official" / "said officials": attributed, not to a person.
  const w = ctx.words[i];
  const mention = w ? mentionAt(ctx, w.start) : undefined;
  if (mention) return { key: mention.key, verb, nonPerson: false };
  // Titles before the name: "said U.S. Secretary of State Marco Rubio".
  for (let k = i; k < Math.min(ctx.words.length, i + 7); k++) {
    const m = mentionAt(ctx, ctx.words[k].start);
    if (m) return { key: m.key, verb, nonPerson: false };
    if (/[,.;:!?"“”]/.test(ctx.text.slice(ctx.words[k].end, ctx.words[k + 1]?.start ?? ctx.words[k].end))) break;
  }
  return { key: null, verb, nonPerson: true };
}

/** `X said: "..."` / `X told Fox "..."` / the subject of the clause introducing a partial quote. */
function attributeBefore(ctx: Context, q: RawQuote, previousQuote: RawQuote | undefined): Attribution | null {
  const { sentences, words, text } = ctx;
  const open = q.outerStart;
  const si = spanContaining(sentences, open);
  if (si < 0) return null;
  const sentence = sentences[si];
  let from = sentence.start;
  let previousInSentence = false;
  if (previousQuote && previousQuote.outerEnd <= open && previousQuote.outerEnd > from) {
    from = previousQuote.outerEnd;
    previousInSentence = true;
  }
  const segment = wordsBetween(words, from, open);
  if (!segment.length) return null;
  // `... candidate Mitt Romney -- "..."` / `Mitt Romney: "..."`: the person named just before the mark.
  const lastWord = segment[segment.length - 1];
  const lastMention = mentionAt(ctx, lastWord.start);
  if (lastMention && lastMention.kind !== 'pronoun' && /^\s*(?:--|[—–:])\s*$/.test(text.slice(lastWord.end, open))
    && !objectOfPreposition(segment, lastMention)) {
    return { key: lastMention.key, verb: null, nonPerson: false };
  }
  // `As Jane Roe recently put it, "…"`: the idiom names its speaker right after "as".
  const putIt = asPutIt(ctx, segment, open);
  if (putIt) return { key: putIt, verb: 'put it', nonPerson: false };
  // The verb nearest the quote.
  let v = -1;
  for (let k = segment.length - 1; k >= 0; k--) {
    if (insideQuote(ctx, segment[k].start)) continue;
    if (speechVerb(segment[k]) || (segment[k].lower === 'according' && segment[k + 1]?.lower === 'to')) {
      v = k;
      break;
    }
  }
  if (v < 0) {
    // `X is rolling out a new message: "..."`: the subject of a clause ending in a colon.
    if (!/:\s*$/.test(text.slice(segment[segment.length - 1].end, open))) return null;
    // The main clause follows an introductory phrase ("With X worried about Y, Z is rolling out ...:").
    const lastComma = text.lastIndexOf(',', segment[segment.length - 1].start);
    const main = segment.filter((w) => w.start > lastComma);
    for (const w of main.length < segment.length ? [...main, ...segment] : segment) {
      const m = insideQuote(ctx, w.start) ? undefined : mentionAt(ctx, w.start);
      if (m && m.kind !== 'pronoun') return { key: m.key, verb: null, nonPerson: false, introduced: true };
    }
    return null;
  }
  // `she said, but Kevin was drifting off, and as Trump went on about "…"`: a new clause about another
  // person, joined by a conjunction between the verb and the quote; the verb does not introduce it.
  const conjunction = /(?:,\s*(?:but|and|while|whereas)|;)\s/.exec(text.slice(segment[v].end, open));
  if (conjunction) {
    const clauseStart = segment[v].end + conjunction.index;
    if (segment.some((w) => w.start > clauseStart && !insideQuote(ctx, w.start) && mentionAt(ctx, w.start)?.kind !== undefined
      && mentionAt(ctx, w.start)!.kind !== 'pronoun')) return null;
  }
  const verb = segment[v].lower === 'according' ? 'according to' : segment[v].lower;
  if (verb === 'according to') {
    const idx = spanIndexAt(words, segment[v].start) + 2;
    return subjectAt(ctx, idx, verb);
  }
  // Verb-first: `said Smith: "..."`
  // Subject: the first person mention or pronoun of the clause before the verb.
  const firstVerbAfter = (k: number) => {
    for (let x = k + 1; x <= v; x++) if (speechVerb(segment[x]) && !insideQuote(ctx, segment[x].start)) return segment[x].lower;
    return verb;
  };
  // The person named right before the verb (`..., Mr. Barrett said, "`; `Rep. Roe (R-Utah) said: "`)
  // is its subject, whoever the clause mentioned first.
  const adjacent = personBeforeVerb(ctx, segment, v, true);
  if (adjacent) return { key: adjacent, verb, nonPerson: false };
  for (let k = 0; k < v; k++) {
    const w = segment[k];
    if (insideQuote(ctx, w.start)) continue;
    const m = mentionAt(ctx, w.start);
    if (m && m.kind !== 'pronoun') return { key: m.key, verb: firstVerbAfter(k), nonPerson: false };
    const pronoun = PRONOUNS[w.lower];
    if (pronoun === 'male' || pronoun === 'female') {
      const key = resolvePronoun(ctx, w.start, pronoun);
      return { key, verb, nonPerson: key === null, pronoun: key ? { start: w.start, end: w.end } : undefined };
    }
    if (pronoun) return { key: null, verb, nonPerson: true };
  }
  if (previousInSentence && previousQuote) {
    // "-- and, when questioned, asserting, "...": the subject of the whole sentence.
    for (const w of wordsBetween(words, sentence.start, segment[v].start)) {
      if (insideQuote(ctx, w.start)) continue;
      const m = mentionAt(ctx, w.start);
      if (m && m.kind !== 'pronoun') return { key: m.key, verb, nonPerson: false };
    }
    return null;
  }
  // "said Smith: ..." after the verb.
  const after = segment[v + 1];
  if (after) {
    const m = mentionAt(ctx, after.start);
    if (m) return { key: m.key, verb, nonPerson: false };
  }
  return { key: null, verb, nonPerson: true };
}

/**
 * Whether a mention is the object of a preposition (`supportive of Mr. Roe -- "…"`): then it is what
 * the sentence is about, not who speaks after the dash.
 */
function objectOfPreposition(segment: Word[], mention: MentionRef): boolean {
  let k = segment.findIndex((w) => w.end > mention.start) - 1;
  while (k >= 0 && segment[k].cap && TITLE_WORDS.has(segment[k].lower.replace(/\.$/, ''))) k--;
  return k >= 0 && /^(?:of|to|for|with|by|about|from|at|on|against|toward|towards|than)$/.test(segment[k].lower);
}

/** Adverbs that may sit between a speaker and the verb ("Mr. Roe later said"). */
const ADVERB = /^(?:\p{Ll}+ly|later|also|then|once|again|recently|previously|often|still|earlier|now|simply)$/u;

/**
 * `As Jane Roe (adverb) put it, "…"`: the person named after "as", when "put it" ends the words
 * before the quote (a comma or colon between). Null otherwise.
 */
function asPutIt(ctx: Context, segment: Word[], open: number): string | null {
  const n = segment.length;
  if (n < 4 || segment[n - 1].lower !== 'it' || segment[n - 2].lower !== 'put') return null;
  if (!/^\s*[,:]\s*$/.test(ctx.text.slice(segment[n - 1].end, open))) return null;
  // "as" and a person right after it, then up to two adverbs or an appositive between commas
  // (`As Jane Roe, a tax lawyer at a think tank, recently put it,`), then "put it".
  for (let a = n - 4; a >= 0 && a >= n - 32; a--) {
    if (segment[a].lower !== 'as') continue;
    const m = mentionAt(ctx, segment[a + 1].start);
    if (!m || m.kind === 'pronoun' || insideQuote(ctx, m.start)) return null;
    let k = a + 1;
    while (k < n - 2 && segment[k + 1].start < m.end) k++;
    const between = segment.slice(k + 1, n - 2);
    const gap = ctx.text.slice(segment[k].end, segment[n - 2].start);
    if (between.every((w) => ADVERB.test(w.text)) && !/[,;:]/.test(gap)) return m.key;
    const lastComma = segment[k].end + gap.lastIndexOf(',');
    const tail = between.filter((w) => w.start > lastComma);
    if (/^,/.test(gap.trim()) && lastComma > segment[k].end && tail.length <= 2 && tail.every((w) => ADVERB.test(w.text))
      && !/[;:.!?]/.test(gap.replace(/\.(?=\s*,)/g, ''))
      && !between.some((w) => { const x = mentionAt(ctx, w.start); return x && x.key !== m.key; })) return m.key;
    return null;
  }
  return null;
}

/** The person mention ending right before `segment[v]` (one adverb or a parenthesis between allowed). */
function personBeforeVerb(ctx: Context, segment: Word[], v: number, adverb = false): string | null {
  if (v < 1) return null;
  let k = v - 1;
  // "Mr. Roe later said": step over one adverb written in lower case.
  if (adverb && k >= 1 && ADVERB.test(segment[k].text) && !ctx.text.slice(segment[k].end, segment[v].start).trim()) {
    v = k;
    k--;
  }
  const gap = ctx.text.slice(segment[k].end, segment[v].start);
  if (/\)\s*$/.test(gap)) {
    const open = ctx.text.lastIndexOf('(', segment[v].start);
    if (open < 0 || segment[v].start - open > 40) return null;
    while (k >= 0 && segment[k].start > open) k--;
    if (k < 0 || ctx.text.slice(segment[k].end, open).trim()) return null;
  } else if (gap.trim()) return null;
  if (insideQuote(ctx, segment[k].start)) return null;
  const m = mentionAt(ctx, segment[k].start);
  return m && m.kind !== 'pronoun' && m.end <= segment[k].end ? m.key : null;
}

/** `"...," of the plan, Mr. Smith said.`: a speech verb later in the sentence with its subject next to it. */
function attributeLater(ctx: Context, q: RawQuote): Attribution | null {
  const { sentences, words, text } = ctx;
  const si = spanContaining(sentences, q.outerEnd - 1);
  if (si < 0) return null;
  const end = sentences[si].end;
  const following = wordsBetween(words, q.outerEnd, end);
  for (let k = 0; k < following.length && k < 25; k++) {
    const w = following[k];
    if (insideQuote(ctx, w.start)) break;
    if (!speechVerb(w)) continue;
    // Subject right before the verb (", Mr. Smith said") or right after ("said Mr. Smith").
    const before = following[k - 1];
    if (before) {
      const m = mentionAt(ctx, before.start);
      if (m && m.kind !== 'pronoun' && /,\s*(?:[\p{Lu}][\p{L}.'’-]*\s+){0,4}[\p{L}.'’-]+\s+$/u.test(text.slice(q.outerEnd, w.start))) {
        return { key: m.key, verb: w.lower, nonPerson: false };
      }
      const pronoun = PRONOUNS[before.lower];
      if ((pronoun === 'male' || pronoun === 'female') && /,\s*\S+\s+$/.test(text.slice(q.outerEnd, w.start))) {
        const key = resolvePronoun(ctx, before.start, pronoun);
        return { key, verb: w.lower, nonPerson: key === null, pronoun: key ? { start: before.start, end: before.end } : undefined };
      }
    }
    return null;
  }
  return null;
}

/** A quote opening a paragraph after a sentence ending in a colon: `Smith said in a statement:`. */
function attributeByColon(ctx: Context, q: RawQuote): Attribution | null {
  const { text, sentences } = ctx;
  let k = q.outerStart - 1;
  while (k >= 0 && /\s/.test(text.charAt(k))) k--;
  if (k < 0 || text.charAt(k) !== ':') return null;
  const si = spanContaining(sentences, k);
  if (si < 0) return null;
  const fake: RawQuote = { parts: [], outerStart: k + 1, outerEnd: k + 1, closed: true, paragraph: q.paragraph };
  const s = sentences[si];
  return attributeBefore({ ...ctx, sentences: [{ start: s.start, end: k + 1, paragraph: s.paragraph }] }, fake, undefined);
}

/**
 * A quote opening a sentence right after one that ends in its speaker's attribution, in the same
 * paragraph: `..., Jane Roe said. "The other factor is ..."` — the quoted sentence goes on her words.
 */
function attributeBySentenceBefore(ctx: Context, q: RawQuote): Attribution | null {
  const { text, words, sentences } = ctx;
  const si = spanContaining(sentences, q.outerStart);
  if (si < 1 || sentences[si].start !== q.outerStart || sentences[si - 1].paragraph !== sentences[si].paragraph) return null;
  const previous = wordsBetween(words, sentences[si - 1].start, sentences[si - 1].end);
  const v = previous.length - 1;
  if (v < 1 || !speechVerb(previous[v]) || !/^[.]\s*$/.test(text.slice(previous[v].end, q.outerStart))) return null;
  const key = personBeforeVerb(ctx, previous, v);
  return key ? { key, verb: null, nonPerson: false, introduced: true } : null;
}

/** The person a "he"/"she" at `offset` most likely is: the first compatible person of the nearest sentence. */
function resolvePronoun(ctx: Context, offset: number, gender: 'male' | 'female'): string | null {
  const { sentences, mentions, genders } = ctx;
  let si = spanContaining(sentences, offset);
  const compatible = (m: MentionRef) => {
    const g = genders.get(m.key);
    return (g === null || g === undefined || g === gender) && m.kind !== 'pronoun' && !insideQuote(ctx, m.start);
  };
  for (let steps = 0; si >= 0 && steps < 6; si--, steps++) {
    const s = sentences[si];
    const limit = steps === 0 ? offset : s.end;
    let i = spanIndexAt(mentions, s.start);
    if (i < 0) continue;
    for (; i < mentions.length && mentions[i].start < limit; i++) {
      if (mentions[i].start >= s.start && compatible(mentions[i])) return mentions[i].key;
    }
  }
  return null;
}
