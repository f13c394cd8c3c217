// People measured against NewsWCL50's coded mentions (10 events × 5 outlets). Gold mentions of type
// ACTOR name one real person per code (`USA\Comey`); they are located in the text from their paragraph
// and token positions, matched one to one with predicted person mentions, and the person clusters are
// scored with B³ against the codes: within each article (Person records), and across the five
// articles of an event (the corpus index's people). Mention detection precision and recall are
// reported beside them.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Corpus } from '../core/src/crossref/corpus';
import type { Article, Span } from '../core/src/model';

interface GoldRecord {
  code_type: string;
  code_name: string;
  code_mention: string;
  paragraph: string;
  sentence: string;
  start: string;
  end: string;
}

export interface GoldMention extends Span {
  type: string;
  code: string;
  text: string;
}

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
}

export interface PeopleEvaluation {
  events: number;
  articles: number;
  /** Gold ACTOR mentions, and how many could be located in the text. */
  goldActorMentions: number;
  goldLocated: number;
  predictedMentions: number;
  /** Predicted mentions matching a gold ACTOR mention (one to one). */
  matched: number;
  /**
   * Mention detection. Precision counts a predicted mention right when it matches a gold mention of a
   * person (ACTOR, or ACTOR-I: other individuals), wrong when it matches a gold mention of another type
   * (a country, a group, an object), and leaves it out when no gold mention is there (NewsWCL50 codes
   * only the concepts of each event, not every person). Recall is over located gold ACTOR mentions.
   */
  detection: { precision: number; recall: number; f1: number; judged: number; unjudged: number };
  /** Recall over gold ACTOR mentions that contain the person's coded name ("Comey", "Mr. Kim"). */
  namedRecall: number;
  /** B³ over matched mentions: predicted Person per article against the gold code. */
  withinArticle: Scores;
  /** B³ over matched mentions of the five articles of an event: corpus person entity against the code. */
  acrossArticles: Scores;
  /** Predicted clusters that mix codes or split one, for reading (--verbose). */
  errors: { event: string; kind: 'merged' | 'split'; detail: string }[];
}

/** Paragraphs as NewsWCL50 numbers them: blocks of text separated by blank lines; the title is 0. */
function paragraphSpans(text: string): Span[] {
  const out: Span[] = [];
  const re = /[^\r\n]+(?:\r?\n[^\S\r\n]*[^\s][^\r\n]*)*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) if (m[0].trim()) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

const TOKEN = /[\p{L}\p{N}]+(?:[.'’-][\p{L}\p{N}]+)*\.?|[^\s\p{L}\p{N}]/gu;

/** Offsets of the tokens of `text` between `from` and `to`, with sentence-relative indexes (a rough split). */
function tokenPositions(text: string, from: number, to: number): { start: number; index: number }[] {
  const out: { start: number; index: number }[] = [];
  let index = 0;
  TOKEN.lastIndex = from;
  for (let m = TOKEN.exec(text); m && m.index < to; m = TOKEN.exec(text)) {
    out.push({ start: m.index, index });
    index++;
    if (/^[.!?]$/.test(m[0])) index = 0;
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Character spans of the gold mentions. A mention is searched for near its paragraph (the re-collected
 * text's paragraphs can differ by one or two); among the occurrences, the one whose position in its
 * sentence is nearest the gold token index wins, and each occurrence is used once.
 */
export function locateGold(text: string, records: GoldRecord[]): { located: GoldMention[]; missing: number } {
  const paragraphs = paragraphSpans(text);
  const used = new Set<number>();
  const located: GoldMention[] = [];
  let missing = 0;
  for (const r of records) {
    const words = r.code_mention.trim().replace(/['’]$/, '').replace(/['’]s$/, '');
    if (!words) {
      missing++;
      continue;
    }
    const p = Number(r.paragraph);
    const tokenIndex = Number(r.start);
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(words).replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`, 'gu');
    let best: { start: number; end: number; score: number } | null = null;
    for (let d = -3; d <= 3; d++) {
      const para = paragraphs[p + d];
      if (!para) continue;
      const tokens = tokenPositions(text, para.start, para.end);
      pattern.lastIndex = para.start;
      for (let m = pattern.exec(text); m && m.index < para.end; m = pattern.exec(text)) {
        if (used.has(m.index)) continue;
        const t = tokens.find((x) => x.start >= m!.index);
        const score = Math.abs(d) * 1000 + (t ? Math.abs(t.index - tokenIndex) : 500);
        if (!best || score < best.score) best = { start: m.index, end: m.index + m[0].length, score };
      }
    }
    if (!best) {
      missing++;
      continue;
    }
    used.add(best.start);
    located.push({ start: best.start, end: best.end, type: r.code_type, code: r.code_name, text: r.code_mention });
  }
  return { located, missing };
}

/** The head (last word) of a span: the mention and the gold must end on the same word. */
function sameHead(text: string, a: Span, b: Span): boolean {
  if (a.start >= b.end || b.start >= a.end) return false;
  const lastWordEnd = (s: Span) => {
    let e = s.end;
    const slice = text.slice(s.start, s.end);
    const m = /(?:['’]s|['’])?[^\p{L}\p{N}]*$/u.exec(slice);
    if (m) e -= m[0].length;
    return e;
  };
  return lastWordEnd(a) === lastWordEnd(b);
}

interface PredictedMention extends Span {
  key: string;
}

function predictedMentions(article: Article): PredictedMention[] {
  const out: PredictedMention[] = [];
  for (const p of article.people) for (const m of p.mentions) out.push({ start: m.start, end: m.end, key: p.key });
  return out.sort((a, b) => a.start - b.start);
}

/** One-to-one matches between gold mentions and predicted mentions that share their head word. */
function matchMentions(text: string, gold: GoldMention[], predicted: PredictedMention[]): Map<GoldMention, PredictedMention> {
  const out = new Map<GoldMention, PredictedMention>();
  const taken = new Set<PredictedMention>();
  for (const g of gold) {
    const hit = predicted.find((p) => !taken.has(p) && sameHead(text, p, g));
    if (hit) {
      out.set(g, hit);
      taken.add(hit);
    }
  }
  return out;
}

/** B³ precision and recall of a clustering of items (predicted cluster id) against gold cluster ids. */
export function bCubedScores(items: { predicted: string; gold: string }[]): Scores {
  if (!items.length) return { precision: 0, recall: 0, f1: 0 };
  const byPredicted = new Map<string, typeof items>();
  const byGold = new Map<string, typeof items>();
  for (const item of items) {
    (byPredicted.get(item.predicted) ?? byPredicted.set(item.predicted, []).get(item.predicted)!).push(item);
    (byGold.get(item.gold) ?? byGold.set(item.gold, []).get(item.gold)!).push(item);
  }
  let precision = 0;
  let recall = 0;
  for (const item of items) {
    const samePredicted = byPredicted.get(item.predicted)!;
    const sameGold = byGold.get(item.gold)!;
    const both = samePredicted.filter((o) => o.gold === item.gold).length;
    precision += both / samePredicted.length;
    recall += both / sameGold.length;
  }
  precision /= items.length;
  recall /= items.length;
  return round({ precision, recall, f1: (2 * precision * recall) / (precision + recall || 1) });
}

function round(s: Scores): Scores {
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { precision: r(s.precision), recall: r(s.recall), f1: r(s.f1) };
}

/** Words of a code that name the person: `USA\Republicans\Trump` → ["trump"], `PRK\Jong Un` → ["jong", "un"]. */
function codeWords(code: string): string[] {
  const last = code.split('\\').pop() ?? code;
  return last.toLowerCase().split(/[\s-]+/).filter((w) => w.length > 1);
}

export function evaluatePeople(newsDir: string): PeopleEvaluation | null {
  if (!existsSync(newsDir)) return null;
  const events = readdirSync(newsDir).filter((d) => /^event_\d+$/.test(d)).sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)));
  let articles = 0;
  let goldActorMentions = 0;
  let goldLocated = 0;
  let predictedCount = 0;
  let matched = 0;
  let judged = 0;
  let judgedRight = 0;
  let unjudged = 0;
  let named = 0;
  let namedFound = 0;
  const within: { predicted: string; gold: string }[] = [];
  const across: { predicted: string; gold: string }[] = [];
  const errors: PeopleEvaluation['errors'] = [];
  for (const event of events) {
    const dir = path.join(newsDir, event);
    const outlets = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
    const corpus = new Corpus();
    const perArticle: { file: string; article: Article; pairs: Map<GoldMention, PredictedMention> }[] = [];
    for (const name of outlets) {
      const goldFile = path.join(dir, name.replace(/\.txt$/, '.gold.json'));
      if (!existsSync(goldFile)) continue;
      articles++;
      const text = readFileSync(path.join(dir, name), 'utf8');
      const records = JSON.parse(readFileSync(goldFile, 'utf8')) as GoldRecord[];
      const file = `/newswcl50/${event}/${name}`;
      const article = corpus.update(file, text);
      const { located } = locateGold(text, records);
      goldActorMentions += records.filter((r) => r.code_type === 'ACTOR').length;
      const actors = located.filter((g) => g.type === 'ACTOR');
      goldLocated += actors.length;
      const predicted = predictedMentions(article);
      predictedCount += predicted.length;
      const pairs = matchMentions(text, actors, predicted);
      matched += pairs.size;
      // Precision: judge each predicted mention by the gold mention sharing its head, of any type.
      const matchedPredicted = new Set(pairs.values());
      const others = located.filter((g) => g.type !== 'ACTOR');
      for (const p of predicted) {
        if (matchedPredicted.has(p)) {
          judged++;
          judgedRight++;
          continue;
        }
        const other = others.find((g) => sameHead(text, p, g));
        if (!other) {
          unjudged++;
        } else {
          judged++;
          if (other.type === 'ACTOR' || other.type === 'ACTOR-I') judgedRight++;
        }
      }
      for (const g of actors) {
        const lower = g.text.toLowerCase();
        if (!codeWords(g.code).some((w) => new RegExp(`\\b${escapeRegExp(w)}\\b`).test(lower))) continue;
        named++;
        if (pairs.has(g)) namedFound++;
      }
      for (const [g, p] of pairs) within.push({ predicted: `${file}#${p.key}`, gold: `${file}#${g.code}` });
      perArticle.push({ file, article, pairs });
    }
    // Across the event's articles: the corpus person entity of each matched mention.
    const eventItems: { predicted: string; gold: string; label: string }[] = [];
    for (const { file, pairs } of perArticle) {
      for (const [g, p] of pairs) {
        const entity = corpus.entityOf(file, p.key);
        eventItems.push({ predicted: entity ? entity.id : `${file}#${p.key}`, gold: g.code, label: `${path.basename(file)}:${g.text}` });
      }
    }
    across.push(...eventItems.map(({ predicted, gold }) => ({ predicted: `${event}#${predicted}`, gold: `${event}#${gold}` })));
    collectErrors(event, eventItems, errors);
  }
  const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : 0);
  const precision = ratio(judgedRight, judged);
  const recall = ratio(matched, goldLocated);
  return {
    events: events.length,
    articles,
    goldActorMentions,
    goldLocated,
    predictedMentions: predictedCount,
    matched,
    detection: { precision, recall, f1: ratio(2 * precision * recall, precision + recall), judged, unjudged },
    namedRecall: ratio(namedFound, named),
    withinArticle: bCubedScores(within),
    acrossArticles: bCubedScores(across),
    errors,
  };
}

function collectErrors(event: string, items: { predicted: string; gold: string; label: string }[], out: PeopleEvaluation['errors']): void {
  const byPredicted = new Map<string, typeof items>();
  const byGold = new Map<string, typeof items>();
  for (const item of items) {
    (byPredicted.get(item.predicted) ?? byPredicted.set(item.predicted, []).get(item.predicted)!).push(item);
    (byGold.get(item.gold) ?? byGold.set(item.gold, []).get(item.gold)!).push(item);
  }
  for (const [, members] of byPredicted) {
    const codes = new Set(members.map((m) => m.gold));
    if (codes.size > 1) out.push({ event, kind: 'merged', detail: [...codes].map((c) => `${c}: ${members.filter((m) => m.gold === c).slice(0, 3).map((m) => m.label).join(', ')}`).join(' | ') });
  }
  for (const [code, members] of byGold) {
    const clusters = new Map<string, string[]>();
    for (const m of members) (clusters.get(m.predicted) ?? clusters.set(m.predicted, []).get(m.predicted)!).push(m.label);
    if (clusters.size > 1) out.push({ event, kind: 'split', detail: `${code} → ${[...clusters.values()].map((ls) => `[${ls.slice(0, 3).join(', ')}${ls.length > 3 ? ` +${ls.length - 3}` : ''}]`).join(' ')}` });
  }
}
