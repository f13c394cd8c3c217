// Quote detection and speaker attribution measured against PolNeAR's gold attributions (brat standoff:
// `T3	Content 120 245	text`, `E1	Attribution:T4 Content:T3 Cue:T2 Source:T1`). Direct quotes are the
// gold contents that begin with a quotation mark. A predicted quote matches a gold span when they
// overlap by at least 80% of the shorter one.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeArticle } from '../core/src/article/analyze';
import { lexiconTags } from '../core/src/article/nlp';
import type { Quote, Span } from '../core/src/model';

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
  predicted: number;
  /** Predicted non-scare quotes matching any gold content (direct or indirect). */
  precision: number;
  /** Predicted non-scare quotes matching a direct gold quote. */
  precisionDirectOnly: number;
  /** Gold direct quotes matched by some predicted quote. */
  recall: number;
  /** Matched gold direct quotes whose gold source is a named person. */
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

/** A gold source that names a person: capitalised words, not a pronoun, organisation or "the ...". */
export function namedPersonSource(source: string): string | null {
  const s = source.trim().replace(/['’]s$/, '');
  if (!/^(?:[A-Z][\w.'’-]*\s+){1,4}[A-Z][\w'’-]+$/.test(s) && !/^(?:Mr|Mrs|Ms|Dr)\.\s+[A-Z][\w'’-]+$/.test(s)) return null;
  if (/^(?:The|A|An|His|Her|Their|This|That)\b/.test(s)) return null;
  // The last word must not be an ordinary word ("Retired General", "Frustrated Parents").
  const last = s.split(/\s+/).pop()!.toLowerCase();
  const tags = lexiconTags(last);
  if (tags.length && !tags.some((t) => /Name|Person/.test(t))) return null;
  if (/\b(?:News|Times|Post|Journal|Campaign|Committee|Party|Department|House|Service|Press|Network|Magazine|Institute|Council|University|Foundation|Agency|Center|Poll|Inc|Group|Association|Senate|Congress|Commission|Office)\b/.test(s)) return null;
  return s;
}

function speakerMatches(gold: string, predicted: string | null): boolean {
  if (!predicted) return false;
  const goldWords = gold.toLowerCase().split(/\s+/).map((w) => w.replace(/[.,]/g, ''));
  const predictedWords = predicted.toLowerCase().split(/\s+/).map((w) => w.replace(/[.,]/g, ''));
  const goldLast = goldWords[goldWords.length - 1];
  const predictedLast = predictedWords[predictedWords.length - 1];
  return goldWords.includes(predictedLast) || predictedWords.includes(goldLast);
}

function quoteSpans(q: Quote): Span[] {
  return q.parts;
}

export function evaluateQuotes(dataDir: string): QuoteEvaluation | null {
  if (!existsSync(dataDir)) return null;
  const files = readdirSync(dataDir).filter((f) => f.endsWith('.txt')).sort();
  const annFiles = readdirSync(dataDir).filter((f) => f.endsWith('.ann'));
  let goldDirect = 0;
  let predicted = 0;
  let matchedAny = 0;
  let matchedDirect = 0;
  let recalled = 0;
  let speakerCases = 0;
  let speakerRight = 0;
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
    const gold = parseAnn(readFileSync(path.join(dataDir, annName), 'utf8'));
    const article = analyzeArticle(file, text);
    const quotes = article.quotes.filter((q) => !q.scare);
    predicted += quotes.length;
    for (const q of quotes) {
      const any = gold.some((g) => matches(quoteSpans(q), g.content.spans));
      const direct = gold.some((g) => g.direct && matches(quoteSpans(q), g.content.spans));
      if (any) matchedAny++;
      else falsePositives.push({ file, text: q.text.slice(0, 120) });
      if (direct) matchedDirect++;
    }
    for (const g of gold.filter((x) => x.direct)) {
      goldDirect++;
      const hit = article.quotes.find((q) => matches(quoteSpans(q), g.content.spans));
      if (!hit) {
        misses.push({ file, text: g.content.text.slice(0, 120) });
        continue;
      }
      recalled++;
      const named = g.source ? namedPersonSource(g.source.text) : null;
      if (!named) continue;
      speakerCases++;
      if (speakerMatches(named, hit.speaker)) speakerRight++;
      else wrongSpeakers.push({ file, quote: hit.text.slice(0, 80), gold: named, predicted: hit.speaker });
    }
  }
  const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : 0);
  return {
    articles,
    goldDirect,
    predicted,
    precision: ratio(matchedAny, predicted),
    precisionDirectOnly: ratio(matchedDirect, predicted),
    recall: ratio(recalled, goldDirect),
    speakerCases,
    speakerAccuracy: ratio(speakerRight, speakerCases),
    falsePositives,
    misses,
    wrongSpeakers,
  };
}
