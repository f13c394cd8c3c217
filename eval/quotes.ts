// Quote detection and speaker attribution measured against PolNeAR's gold attributions (brat standoff:
// `T3	Content 120 245	text`, `E1	Attribution:T4 Content:T3 Cue:T2 Source:T1`). Direct quotes are the
// gold contents that begin with a quotation mark. A predicted quote matches a gold span when they
// overlap by at least 80% of the shorter one.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeArticle } from '../core/src/article/analyze';
import type { Quote, Span } from '../core/src/model';
import compromise from 'compromise';
import { ROLE_NOUNS, TRANSCRIPT_LABEL } from '../core/src/article/text';

interface GoldSpan {
  spans: Span[];
  text: string;
}

export interface GoldAttribution {
  content: GoldSpan;
  source: GoldSpan | null;
  direct: boolean;
}

export interface QuoteEvaluation {
  articles: number;
  goldDirect: number;
  /** Predicted quotes that are neither scare quotes nor partial quotes: whole utterances. */
  predicted: number;
  /** Predicted partial quotes (fragments woven into the writer's sentence). */
  predictedPartial: number;
  /** Predicted whole quotes matching a gold direct quote (overlap ≥ 80% of the shorter). */
  matchedDirect: number;
  /**
   * Predicted quotes (whole or partial) that match no gold direct quote but lie, for ≥ 80% of their
   * length, inside a gold indirect content: partial quotes inside reported speech.
   */
  partialInIndirect: number;
  /** Whole quotes matching a gold direct quote / whole quotes predicted (the target figure). */
  precisionDirect: number;
  /**
   * The same against the original gold definition: only contents whose text begins with a quotation
   * mark are direct quotes (no lead-ins, no marks just outside the content, no transcript turns).
   */
  precisionDirectOriginal: number;
  /** Speaker accuracy over matched gold direct quotes of the original definition whose source names a person. */
  speakerCasesOriginal: number;
  speakerAccuracyOriginal: number;
  /** The same over every non-scare quote, whole or partial, against direct contents only (strict). */
  precisionAllStrict: number;
  /** Every non-scare quote counted right when it matches a direct content or lies inside an indirect one. */
  precisionWithPartial: number;
  /** Gold direct quotes matched by some predicted quote (any kind). */
  recall: number;
  /** Gold direct quotes matched by a predicted whole quote. */
  recallWhole: number;
  /** F1 of precisionDirect and recallWhole. */
  f1: number;
  /** Matched gold direct quotes whose gold source names a person (see namedPersonSource). */
  speakerCases: number;
  speakerAccuracy: number;
  falsePositives: { file: string; text: string }[];
  misses: { file: string; text: string }[];
  wrongSpeakers: { file: string; quote: string; gold: string; predicted: string | null }[];
}

const QUOTE_START = /^["“”‘'«]/;

export function parseAnn(ann: string): GoldAttribution[] {
  const spans = new Map<string, { type: string } & GoldSpan>();
  const events: Map<string, string>[] = [];
  for (const line of ann.split(/\r?\n/)) {
    const cols = line.split('\t');
    if (/^T\d+$/.test(cols[0]) && cols.length >= 3) {
      const [type, ...ranges] = cols[1].split(' ');
      const parts = ranges.join(' ').split(';').map((r) => r.trim().split(/\s+/).map(Number))
        .filter((r) => r.length === 2 && r.every(Number.isFinite)).map(([start, end]) => ({ start, end }));
      spans.set(cols[0], { type, spans: parts, text: cols[2] });
    } else if (/^E\d+$/.test(cols[0]) && cols[1]) {
      const roles = new Map<string, string>();
      for (const pair of cols[1].split(/\s+/)) {
        const [role, id] = pair.split(':');
        if (role && id) roles.set(role, id);
      }
      events.push(roles);
    }
  }
  const out: GoldAttribution[] = [];
  for (const roles of events) {
    const content = spans.get(roles.get('Content') ?? '');
    if (!content || !content.spans.length) continue;
    const source = spans.get(roles.get('Source') ?? '') ?? null;
    out.push({
      content: { spans: content.spans, text: content.text },
      source: source ? { spans: source.spans, text: source.text } : null,
      direct: QUOTE_START.test(content.text.trim()),
    });
  }
  return out;
}

const OPENING_MARK = /["“”‘'«]/;
const CLOSING_END = /["”’'»][.,!?;:]*\s*$/;

/**
 * The direct-quote spans of a gold content, or null when it holds none. A content is a direct quote
 * when its text begins with a quotation mark, or when it begins right after one (PolNeAR sometimes
 * puts the content boundary inside the mark). PolNeAR also joins a writer's lead-in and the quotation
 * it introduces into one content (`that, “For those few people …”`, `said: "Steadiness …"`, or a
 * paraphrase and the quoted sentence after it as two discontinuous parts). Such a content holds a
 * direct quote too: the passage from a quotation mark to the content's end, when the content ends
 * with the closing mark and the mark opens a part or follows a comma, colon, semicolon, dash or
 * "that" — the ways a writer introduces a quoted sentence rather than weaving a phrase into their own
 * (`called the plan "a disaster"` stays indirect).
 */
export function directSpans(g: GoldAttribution, text: string): Span[] | null {
  const parts = [...g.content.spans].sort((a, b) => a.start - b.start);
  if (!parts.length) return null;
  if (g.direct || OPENING_MARK.test(text.charAt(parts[0].start - 1))) return parts;
  // A transcript turn quoted as a paragraph (`"ROE: Well, …`): the mark opens the paragraph, the gold
  // source is the label and the content follows it.
  const lineStart = text.lastIndexOf('\n', parts[0].start - 1) + 1;
  const label = TRANSCRIPT_LABEL.exec(text.slice(lineStart, parts[0].start + 1));
  if (label && lineStart + label[0].length === parts[0].start && g.source?.text.trim() === label[1]) return parts;
  const last = parts[parts.length - 1];
  if (!CLOSING_END.test(text.slice(last.start, last.end))) return null;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const body = text.slice(part.start, part.end);
    const lead = /^\s*/.exec(body)![0].length;
    const candidates: number[] = [];
    if (OPENING_MARK.test(body.charAt(lead))) candidates.push(part.start + lead);
    for (const m of body.matchAll(/(?:[,:;]|--|[—–-]|\bthat)\s*["“‘'«](?=\S)/g)) candidates.push(part.start + m.index + m[0].length - 1);
    // The quotation must run to the content's end: no closing mark of its kind before the last one.
    const at = candidates.find((c) => {
      const rest = text.slice(c + 1, last.end).replace(CLOSING_END, '');
      return !(text.charAt(c) === '"' ? /"/ : text.charAt(c) === '“' ? /[”"]/ : /[’'»]\s/).test(rest);
    });
    if (at !== undefined) return [{ start: at, end: part.end }, ...parts.slice(i + 1)];
  }
  return null;
}

function overlap(a: Span[], b: Span[]): number {
  let total = 0;
  for (const x of a) for (const y of b) total += Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start));
  return total;
}

function length(spans: Span[]): number {
  return spans.reduce((n, s) => n + s.end - s.start, 0);
}

export function matches(a: Span[], b: Span[]): boolean {
  const shorter = Math.min(length(a), length(b));
  return shorter > 0 && overlap(a, b) >= 0.8 * shorter;
}

const NAME_WORD = /^(?:\p{Lu}[\p{Ll}’'][\p{L}’'-]*|\p{Lu}\.|Jr\.?|Sr\.?|II|III|IV|(?:Mr|Mrs|Ms|Dr|Rev|Sen|Rep|Gov|Gen|Lt|Col)\.)$/u;
const NOT_NAMES = /^(?:He|She|I|It|They|We|You|The|A|An|This|That|These|Those|His|Her|Their|Its|Who|Which|Another|One|Some)$/;

/**
 * The person a gold source names, or null. The source is cut at its first comma, parenthesis, dash,
 * " of ", " who " or " and "; the named person is the run of capitalised words that ends that head
 * ("White House press secretary Josh Earnest" → "Josh Earnest", "Mr. Morgan of the Sierra Club" →
 * "Mr. Morgan"). Pronouns, descriptions ending in a lower-case word ("the president", "a doctor") and
 * heads ending in an acronym are not named persons. Capitalised names of groups or outlets pass this
 * test too (a handful in the data); they count against the analysis, which never names them as speakers.
 */
export function namedPersonSource(source: string): string | null {
  const head = source.trim().split(/\s*(?:[,;(]|--|[—–]|\s(?:of|who|and|at)\s)/)[0].replace(/['’]s$/, '').trim();
  const words = head.split(/\s+/).filter(Boolean);
  let k = words.length;
  while (k > 0 && NAME_WORD.test(words[k - 1])) k--;
  const run = words.slice(k).filter((w) => !/^(?:Mr|Mrs|Ms|Dr|Rev|Sen|Rep|Gov|Gen|Lt|Col)\.$/.test(w));
  if (!run.length || run.every((w) => NOT_NAMES.test(w) || /^(?:Jr|Sr|II|III|IV)\.?$/.test(w))) return null;
  if (/^\p{Lu}\.$/u.test(run[run.length - 1])) return null;
  return run.filter((w) => !NOT_NAMES.test(w)).join(' ') || null;
}

const HONORIFIC = /^(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Rev|President|Senator|Governor|Judge|Justice|Chairman|Chief|Secretary|Mayor|Prime|Minister|Speaker|Leader|Chancellor)\.?$/;

/**
 * Whether a named head from `namedPersonSource` is a person rather than an outlet, company or group
 * with a capitalised name ("Zero Hedge", "The New York Times", "Mexicans", "Protesters"). Something
 * must mark it as a person: compromise (a tagger independent of the article analysis) reads the head
 * as a person's name, the gold source puts a title or honorific before it ("Sen. Jim Jordan", "Chief
 * Chuck Jordan"), the article writes its last word after an honorific somewhere ("Mr. Schiff"), or
 * the article analysis has a person with that last word. Heads compromise reads as an organisation or
 * place, and not as a person, are never persons.
 */
export function isPersonHead(named: string, source: string, text: string, peopleNames: string[]): boolean {
  const doc = compromise(named);
  if (doc.people().found) return true;
  if (doc.organizations().found || doc.places().found) return false;
  const words = named.split(/\s+/);
  const last = words[words.length - 1].replace(/['’]s$/, '');
  const before = source.slice(0, source.indexOf(words[0])).trim().split(/\s+/).pop() ?? '';
  if (HONORIFIC.test(before)) return true;
  // A middle initial ("Vann R. Newkirk"), a relative "who", or an appositive naming a role
  // ("Dean, a former party chairman") marks a person too.
  if (words.length >= 3 && words.slice(1, -1).some((w) => /^\p{Lu}\.$/u.test(w))) return true;
  const rest = source.slice(source.indexOf(named) + named.length);
  if (/^\s*,\s*who\b/.test(rest) && !/s$/.test(last)) return true;
  const appositive = /^\s*,\s*((?:a|an|the)\s[^,]*)/.exec(rest);
  if (appositive && appositive[1].split(/\s+/).slice(0, 8).some((w) => ROLE_NOUNS.has(w.toLowerCase()))) return true;
  const escaped = last.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (new RegExp(`\\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\\.\\s+(?:\\p{Lu}[\\p{L}.'’-]*\\s+){0,2}${escaped}\\b`, 'u').test(text)) return true;
  const fold = (w: string) => w.toLowerCase().replace(/’/g, "'").normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[.,]/g, '');
  return peopleNames.some((name) => name.split(/\s+/).map(fold).includes(fold(last)));
}

function speakerMatches(gold: string, predicted: string | null): boolean {
  if (!predicted) return false;
  const words = (name: string) => name.toLowerCase().replace(/’/g, "'").normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .split(/\s+/).map((w) => w.replace(/[.,]/g, '')).filter((w) => !/^(?:jr|sr|ii|iii|iv)$/.test(w));
  const goldWords = words(gold);
  const predictedWords = words(predicted);
  const goldLast = goldWords[goldWords.length - 1];
  const predictedLast = predictedWords[predictedWords.length - 1];
  return goldWords.includes(predictedLast) || predictedWords.includes(goldLast);
}

function quoteSpans(q: Quote): Span[] {
  return q.parts;
}

function inside(inner: Span[], outer: Span[]): boolean {
  const n = length(inner);
  return n > 0 && overlap(inner, outer) >= 0.8 * n && length(outer) > n;
}

export function evaluateQuotes(dataDir: string): QuoteEvaluation | null {
  if (!existsSync(dataDir)) return null;
  const files = readdirSync(dataDir).filter((f) => f.endsWith('.txt')).sort();
  const annFiles = readdirSync(dataDir).filter((f) => f.endsWith('.ann'));
  let goldDirect = 0;
  let predicted = 0;
  let predictedPartial = 0;
  let matchedDirect = 0;
  let matchedDirectAll = 0;
  let partialInIndirect = 0;
  let recalled = 0;
  let recalledWhole = 0;
  let speakerCases = 0;
  let speakerRight = 0;
  let predictedOriginal = 0;
  let matchedOriginal = 0;
  let speakerCasesOriginal = 0;
  let speakerRightOriginal = 0;
  const falsePositives: QuoteEvaluation['falsePositives'] = [];
  const misses: QuoteEvaluation['misses'] = [];
  const wrongSpeakers: QuoteEvaluation['wrongSpeakers'] = [];
  let articles = 0;
  for (const file of files) {
    const stem = file.slice(0, -4);
    const annName = annFiles.find((a) => a.startsWith(`${stem}_`) || a === `${stem}.ann`);
    if (!annName) continue;
    articles++;
    const text = readFileSync(path.join(dataDir, file), 'utf8');
    const original = parseAnn(readFileSync(path.join(dataDir, annName), 'utf8'));
    const gold = original.map((g) => {
      const spans = directSpans(g, text);
      return spans ? { ...g, direct: true, content: { ...g.content, spans } } : g;
    });
    const article = analyzeArticle(file, text);
    // The original definition: contents beginning with a quotation mark, nothing else.
    for (const q of article.quotes.filter((x) => !x.scare && !x.partial)) {
      predictedOriginal++;
      if (original.some((g) => g.direct && matches(quoteSpans(q), g.content.spans))) matchedOriginal++;
    }
    for (const g of original.filter((x) => x.direct)) {
      const hits = article.quotes.filter((q) => matches(quoteSpans(q), g.content.spans));
      const hit = hits.find((q) => !q.partial && !q.scare) ?? hits[0];
      const named = hit && g.source ? namedPersonSource(g.source.text) : null;
      if (!hit || !named || !isPersonHead(named, g.source!.text, text, article.people.map((p) => p.name))) continue;
      speakerCasesOriginal++;
      if (speakerMatches(named, hit.speaker)) speakerRightOriginal++;
    }
    for (const q of article.quotes.filter((x) => !x.scare)) {
      const direct = gold.some((g) => g.direct && matches(quoteSpans(q), g.content.spans));
      if (q.partial) predictedPartial++;
      else predicted++;
      if (direct) {
        matchedDirectAll++;
        if (!q.partial) matchedDirect++;
      } else if (gold.some((g) => !g.direct && inside(quoteSpans(q), g.content.spans))) {
        partialInIndirect++;
      } else {
        falsePositives.push({ file, text: `${q.partial ? '(partial) ' : ''}${q.text.slice(0, 120)}` });
      }
      if (!direct && !q.partial && !falsePositives.some((f) => f.text === q.text.slice(0, 120))) {
        falsePositives.push({ file, text: `(whole, inside indirect) ${q.text.slice(0, 120)}` });
      }
    }
    for (const g of gold.filter((x) => x.direct)) {
      goldDirect++;
      const hits = article.quotes.filter((q) => matches(quoteSpans(q), g.content.spans));
      const hit = hits.find((q) => !q.partial && !q.scare) ?? hits[0];
      if (!hit) {
        misses.push({ file, text: g.content.text.slice(0, 120) });
        continue;
      }
      recalled++;
      if (!hit.partial && !hit.scare) recalledWhole++;
      const named = g.source ? namedPersonSource(g.source.text) : null;
      if (!named || !isPersonHead(named, g.source!.text, text, article.people.map((p) => p.name))) continue;
      speakerCases++;
      if (speakerMatches(named, hit.speaker)) speakerRight++;
      else wrongSpeakers.push({ file, quote: hit.text.slice(0, 80), gold: named, predicted: hit.speaker });
    }
  }
  const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : 0);
  const precisionDirect = ratio(matchedDirect, predicted);
  const recallWhole = ratio(recalledWhole, goldDirect);
  return {
    articles,
    goldDirect,
    predicted,
    predictedPartial,
    matchedDirect,
    partialInIndirect,
    precisionDirect,
    precisionDirectOriginal: ratio(matchedOriginal, predictedOriginal),
    speakerCasesOriginal,
    speakerAccuracyOriginal: ratio(speakerRightOriginal, speakerCasesOriginal),
    precisionAllStrict: ratio(matchedDirectAll, predicted + predictedPartial),
    precisionWithPartial: ratio(matchedDirectAll + partialInIndirect, predicted + predictedPartial),
    recall: ratio(recalled, goldDirect),
    recallWhole,
    f1: ratio(2 * precisionDirect * recallWhole, precisionDirect + recallWhole),
    speakerCases,
    speakerAccuracy: ratio(speakerRight, speakerCases),
    falsePositives,
    misses,
    wrongSpeakers,
  };
}
