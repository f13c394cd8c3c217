/**
 * Claims across articles of one story: which claims are about the same fact (claim groups) and which
 * pairs cannot both be true (contradictions). Precision over recall: when in doubt, two claims are
 * "different" or "unrelated", never a contradiction.
 */

import type { Article, Claim, ClaimKind, ClaimValue, Interval, VenueCategory } from '../model';
import { bag, contentStems, dayNumber, normalizedText, stem } from './text';

export type ClaimRelation = 'agrees' | 'differs' | 'contradicts' | 'unrelated';

export interface ClaimFeatures {
  file: string;
  article: Article;
  claim: Claim;
  /** Which event the claim is about; 'main' for the story's main event (meeting, summit, talks). */
  event: string;
  /** Content stems of the claim's sentence, for context checks. */
  context: Map<string, number>;
  /** Normalised value, used to put equal claims on one side of a conflict. */
  valueKey: string;
}

const MAIN_EVENT = new Set([
  'meeting', 'meet', 'met', 'summit', 'talks', 'talk', 'negotiation', 'negotiations', 'encounter',
  'discussion', 'discussions', 'session', 'sit-down', 'visit', 'conference', 'event',
]);

const PLANNED = /\b(?:will|would|shall|could|might|may|plans? to|planned|planning|to be held|next|upcoming|future|invit\w*)\b/i;

/** Round magnitudes ("hundreds of migrants") are never precise enough to contradict a figure. */
const VAGUE = /\b(?:hundreds|thousands|millions|billions|dozens|scores|several|few|many|some|numerous|countless)\b/i;

export function eventKey(event: string | null): string {
  if (!event) return 'main';
  const w = normalizedText(event).split(' ');
  const head = w[w.length - 1] ?? '';
  return MAIN_EVENT.has(head) ? 'main' : stem(head);
}

export function claimFeatures(article: Article, claim: Claim): ClaimFeatures {
  const sentence = article.sentences[claim.sentence];
  const sentenceText = sentence ? article.text.slice(sentence.start, sentence.end) : claim.text;
  const value = claim.value;
  const sentenceStems = bag(contentStems(sentenceText));
  let event = 'event' in value ? eventKey(value.event) : 'main';
  // No event named: the story's main event only when the sentence speaks of one ("two days" alone
  // is more often a deadline or a war than the meeting); otherwise the claim is compared with nothing.
  if ('event' in value && !value.event && ![...MAIN_EVENT].some((w) => sentenceStems.has(stem(w)))) {
    event = `unknown ${article.file} ${claim.key}`;
  }
  // "he would meet Zelenskyy at the White House on Monday": a planned event, not the one reported.
  if (sentence && PLANNED.test(article.text.slice(sentence.start, Math.max(sentence.start, claim.start)).split(/[;:]/).pop() ?? '')) {
    event = `planned ${event}`;
  }
  return { file: article.file, article, claim, event, context: sentenceStems, valueKey: valueKey(value) };
}

function intervalKey(i: Interval): string {
  return `${i.minOpen ? '(' : '['}${i.min},${i.max}${i.maxOpen ? ')' : ']'}`;
}

function placeWords(place: string): string[] {
  return normalizedText(place)
    .split(' ')
    .filter((w) => w && !['a', 'an', 'the', 'in', 'at', 'on', 'of', 's'].includes(w));
}

export function valueKey(value: ClaimValue): string {
  switch (value.kind) {
    case 'duration':
      return intervalKey(value.minutes);
    case 'venue':
      return placeWords(value.place).join(' ');
    case 'count':
      return `${value.count} ${stem(normalizedText(value.noun))}`;
    case 'number':
      return `${intervalKey(value.amount)} ${normalizedText(value.unit)}`;
    case 'date':
      return value.date ?? '';
    case 'attendance':
      return value.people.map((p) => normalizedText(p)).sort().join(', ');
  }
}

/** Do two intervals share at least one point? */
export function intervalsOverlap(a: Interval, b: Interval): boolean {
  const [lowSide, low] = a.min > b.min || (a.min === b.min && a.minOpen) ? [a, a.min] : [b, b.min];
  const [highSide, high] = a.max < b.max || (a.max === b.max && a.maxOpen) ? [a, a.max] : [b, b.max];
  if (low < high) return true;
  if (low > high) return false;
  return !lowSide.minOpen && !highSide.maxOpen;
}

function midpoint(i: Interval): number {
  if (Number.isFinite(i.min) && Number.isFinite(i.max)) return (i.min + i.max) / 2;
  return Number.isFinite(i.min) ? i.min : i.max;
}

/** Two places where one event cannot have happened at once. */
function venuesIncompatible(a: { place: string; category: VenueCategory }, b: { place: string; category: VenueCategory }): boolean | null {
  const wa = placeWords(a.place);
  const wb = placeWords(b.place);
  const setA = new Set(wa);
  const setB = new Set(wb);
  const aInB = wa.length > 0 && wa.every((w) => setB.has(w));
  const bInA = wb.length > 0 && wb.every((w) => setA.has(w));
  if (aInB || bInA) return false; // "Anchorage" vs "a U.S. airbase in Anchorage": one contains the other
  const cats = new Set([a.category, b.category]);
  if (cats.has('vehicle') && (cats.has('base') || cats.has('building'))) return true;
  if (a.category === b.category && (a.category === 'city' || a.category === 'country')) return true;
  if (a.category === 'base' && b.category === 'base' && !wa.some((w) => setB.has(w))) return true;
  return null;
}

/**
 * The cosine of two claims' sentence stems (`cosine` of text.ts), each side's squared norm summed
 * once per claim in the order `cosine` sums it, so the value is the same to the last bit.
 */
function contextSimilarity(a: ClaimFeatures, b: ClaimFeatures): number {
  const ca = a.context;
  const cb = b.context;
  if (ca.size === 0 || cb.size === 0) return 0;
  let dot = 0;
  for (const [k, v] of ca) {
    const w = cb.get(k);
    if (w !== undefined) dot += v * w;
  }
  return dot / Math.sqrt(squaredNorm(a) * squaredNorm(b));
}

/**
 * Per claim: its context's squared norm and the main-event stems its context holds. A memo of the
 * story being computed (`forgetContextFacts` after it), not kept with the claims between passes.
 */
let contextFacts = new WeakMap<ClaimFeatures, { norm: number; events: string[] }>();

/** Drops the memo of `factsOf` (pure values, computed again when read). */
export function forgetContextFacts(): void {
  contextFacts = new WeakMap();
}

function factsOf(c: ClaimFeatures): { norm: number; events: string[] } {
  let facts = contextFacts.get(c);
  if (!facts) {
    let norm = 0;
    for (const v of c.context.values()) norm += v * v;
    facts = { norm, events: MAIN_EVENT_STEMS.filter((s) => c.context.has(s)) };
    contextFacts.set(c, facts);
  }
  return facts;
}

function squaredNorm(c: ClaimFeatures): number {
  return factsOf(c).norm;
}

/** How two claims of different articles in one story relate. */
export function relateClaims(a: ClaimFeatures, b: ClaimFeatures): ClaimRelation {
  const va = a.claim.value;
  const vb = b.claim.value;
  if (va.kind !== vb.kind) return 'unrelated';
  switch (va.kind) {
    case 'venue': {
      const other = vb as Extract<ClaimValue, { kind: 'venue' }>;
      if (a.event !== b.event) return 'unrelated';
      if (a.valueKey === b.valueKey) return 'agrees';
      const incompatible = venuesIncompatible(va, other);
      return incompatible === true ? 'contradicts' : incompatible === false ? 'agrees' : 'differs';
    }
    case 'duration': {
      const other = vb as Extract<ClaimValue, { kind: 'duration' }>;
      if (a.event !== b.event) return 'unrelated';
      const ma = midpoint(va.minutes);
      const mb = midpoint(other.minutes);
      // Durations of very different size are about different things (a war's years, a meeting's hours).
      if (!(ma > 0 && mb > 0) || Math.max(ma, mb) / Math.min(ma, mb) > 3) return 'unrelated';
      if (a.valueKey === b.valueKey) return 'agrees';
      return intervalsOverlap(va.minutes, other.minutes) ? 'agrees' : 'contradicts';
    }
    case 'count': {
      const other = vb as Extract<ClaimValue, { kind: 'count' }>;
      const sameNoun = stem(normalizedText(va.noun)) === stem(normalizedText(other.noun));
      const itemsA = new Set(va.items.map((x) => normalizedText(x)));
      const sharedItems = other.items.filter((x) => itemsA.has(normalizedText(x))).length;
      const related = sharedItems >= 2 || (sameNoun && contextSimilarity(a, b) >= 0.3);
      if (!related) return 'unrelated';
      return va.count === other.count ? 'agrees' : 'contradicts';
    }
    case 'number': {
      const other = vb as Extract<ClaimValue, { kind: 'number' }>;
      if (normalizedText(va.unit) !== normalizedText(other.unit)) return 'unrelated';
      if (contextSimilarity(a, b) < 0.6) return 'unrelated';
      if (a.valueKey === b.valueKey) return 'agrees';
      if (VAGUE.test(a.claim.text) || VAGUE.test(b.claim.text)) return 'differs';
      if (a.valueKey === b.valueKey) return 'agrees';
      return intervalsOverlap(va.amount, other.amount) ? 'agrees' : 'contradicts';
    }
    case 'date': {
      const other = vb as Extract<ClaimValue, { kind: 'date' }>;
      if (!va.date || !other.date) return 'unrelated';
      if (!sharesEventWord(a, b) || contextSimilarity(a, b) < 0.3) return 'unrelated';
      if (va.date === other.date) return 'agrees';
      if (va.precision !== 'day' || other.precision !== 'day') {
        return va.date.startsWith(other.date) || other.date.startsWith(va.date) ? 'agrees' : 'differs';
      }
      const da = dayNumber(va.date);
      const db = dayNumber(other.date);
      return da !== null && db !== null && da !== db ? 'contradicts' : 'agrees';
    }
    case 'attendance': {
      const other = vb as Extract<ClaimValue, { kind: 'attendance' }>;
      if (a.event !== b.event) return 'unrelated';
      const pa = va.people.map((p) => normalizedText(p)).sort().join('|');
      const pb = other.people.map((p) => normalizedText(p)).sort().join('|');
      return pa === pb ? 'agrees' : 'differs';
    }
  }
}

/** The stems of the main-event words, in the set's order. */
const MAIN_EVENT_STEMS = [...MAIN_EVENT].map(stem);

function sharesEventWord(a: ClaimFeatures, b: ClaimFeatures): boolean {
  const mine = factsOf(a).events;
  if (mine.length === 0) return false;
  const theirs = factsOf(b).events;
  return mine.some((s) => theirs.includes(s));
}

/** Blocking key: claims are compared only within one key. */
export function claimBlock(c: ClaimFeatures): string {
  const v = c.claim.value;
  switch (v.kind) {
    case 'venue':
    case 'duration':
    case 'attendance':
      return `${v.kind}:${c.event}`;
    case 'number':
      return `number:${normalizedText(v.unit)}`;
    case 'count':
    case 'date':
      return v.kind;
  }
}

/** "venue of the meeting", "duration of the talks", "number of regions". */
export function claimTopic(kind: ClaimKind, members: ClaimFeatures[]): string {
  const eventWord = mostCommon(
    members.map((m) => {
      const v = m.claim.value;
      return 'event' in v && v.event ? normalizedText(v.event) : null;
    }),
  ) ?? 'meeting';
  switch (kind) {
    case 'venue':
      return `venue of the ${eventWord}`;
    case 'duration':
      return `duration of the ${eventWord}`;
    case 'attendance':
      return `who attended the ${eventWord}`;
    case 'count': {
      const noun = mostCommon(members.map((m) => (m.claim.value.kind === 'count' ? m.claim.value.noun : null)));
      return noun ? `number of ${noun}` : 'a count';
    }
    case 'number': {
      const unit = mostCommon(members.map((m) => (m.claim.value.kind === 'number' ? m.claim.value.unit : null)));
      return unit ? `figure in ${unit}` : 'a figure';
    }
    case 'date':
      return 'date of the event';
  }
}

function mostCommon(values: (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
}

/** The words for one side of a contradiction: "took place in Trump's limousine", "lasted nearly three hours". */
export function claimPhrase(c: ClaimFeatures): string {
  const v = c.claim.value;
  switch (v.kind) {
    case 'venue':
      return `${['base', 'building', 'other'].includes(v.category) ? 'at' : 'in'} ${v.place.replace(/^(?:in|at|on)\s+/i, '')}`;
    default:
      return `"${c.claim.text}"`;
  }
}
