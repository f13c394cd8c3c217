// Typed claims: statements of fact that other outlets may report differently. Each recogniser reads one
// sentence at a time and returns normalised values (intervals in minutes, counts with their items,
// resolved dates, venues with a category, attendees), so the corpus index can compare them without
// reading text. Recognisers are conservative: a missing claim costs less than a wrong one.

import type * as chrono from 'chrono-node';
import type { Claim, ClaimValue, Interval, Person, Sentence, Span, VenueCategory } from '../model';
import type { MentionRef } from './people';
import { lexiconTags } from './nlp';
import { MONTHS, NUMBER_WORDS, WEEKDAYS, spanIndexAt } from './text';

export interface ClaimContext {
  text: string;
  sentences: Sentence[];
  people: Person[];
  mentions: MentionRef[];
  /** ISO date of the article, the reference for relative dates. */
  date: string | null;
  /** Paragraphs written as title-case headlines: no venue or duration is read from them. */
  headlines?: Set<number>;
}

type Draft = Span & { value: ClaimValue };

const NUM_WORD = '(?:\\d+(?:[.,]\\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|forty-five|fifty|sixty|ninety|a|an|a couple of|several|a few|a half|half an?)';
const UNIT = '(minute|hour|day|week|month|year)';
const QUALIFIER = '(nearly|almost|just under|under|less than|fewer than|just over|well over|over|more than|about|around|roughly|approximately|some|at least|at most|up to|close to|upwards of)';
const DURATION = new RegExp(`\\b(?:${QUALIFIER}\\s+)?(${NUM_WORD})(?:\\s+and\\s+a\\s+half)?[-\\s](${UNIT.slice(1, -1)})s?(?:-long)?\\b`, 'gi');
const EVENT_NOUNS = [
  'meeting', 'summit', 'talks', 'discussions', 'discussion', 'negotiations', 'session', 'interview', 'conversation',
  'call', 'visit', 'speech', 'hearing', 'flight', 'trip', 'war', 'conflict', 'ceasefire', 'truce', 'siege', 'standoff',
  'occupation', 'shutdown', 'debate', 'rally', 'conference', 'encounter', 'talk', 'press conference', 'sit-down',
];
const EVENT_RE = new RegExp(`\\b(${EVENT_NOUNS.join('|')})\\b`, 'gi');
const EVENT_VERBS: Record<string, string> = { met: 'meeting', meet: 'meeting', meets: 'meeting', talked: 'talks', spoke: 'call', negotiated: 'negotiations' };
const EVENT_VERB_RE = new RegExp(`\\b(${Object.keys(EVENT_VERBS).join('|')})\\b`, 'i');

const UNIT_MINUTES: Record<string, number> = { minute: 1, hour: 60, day: 1440, week: 10080, month: 43800, year: 525600 };

function numberValue(word: string): number | null {
  const w = word.toLowerCase().replace(/,/g, '');
  if (/^\d+(?:\.\d+)?$/.test(w)) return Number(w);
  if (w === 'several') return 3;
  if (w === 'a few') return 3;
  if (w === 'a couple of') return 2;
  if (w.startsWith('half a')) return 0.5;
  if (w === 'a half') return 0.5;
  if (w.includes('-')) {
    const [a, b] = w.split('-');
    const x = NUMBER_WORDS[a];
    const y = NUMBER_WORDS[b];
    return x !== undefined && y !== undefined ? x + y : null;
  }
  return NUMBER_WORDS[w] ?? null;
}

function interval(min: number, max: number, minOpen = false, maxOpen = false): Interval {
  const round = (x: number) => Math.round(x * 100) / 100;
  return { min: round(min), max: round(max), minOpen, maxOpen };
}

/** The band a qualifier gives around an amount `x`. */
export function qualifiedInterval(qualifier: string | null, x: number, vague = false): Interval {
  const q = (qualifier ?? '').toLowerCase();
  if (/^(?:nearly|almost|just under|close to)$/.test(q)) return interval(0.83 * x, x, false, true);
  if (/^(?:under|less than|fewer than)$/.test(q)) return interval(0, x, false, true);
  if (/^(?:up to|at most)$/.test(q)) return interval(0, x);
  if (/^(?:over|more than|just over|well over|upwards of)$/.test(q)) return interval(x, 1.5 * x, true, false);
  if (q === 'at least') return interval(x, 1.5 * x);
  if (/^(?:about|around|roughly|approximately|some)$/.test(q)) return interval(0.85 * x, 1.15 * x);
  if (vague) return interval(0.67 * x, 2 * x);
  return interval(0.9 * x, 1.1 * x);
}

function nearestEvent(sentence: string, at: number): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  EVENT_RE.lastIndex = 0;
  for (let m = EVENT_RE.exec(sentence); m; m = EVENT_RE.exec(sentence)) {
    const d = Math.abs(m.index - at);
    if (d < bestDistance) {
      bestDistance = d;
      best = m[1].toLowerCase();
    }
  }
  if (best) return best;
  const verb = EVENT_VERB_RE.exec(sentence);
  return verb ? EVENT_VERBS[verb[1].toLowerCase()] : null;
}

/** One case-insensitive alternation per word list, made on first use. */
const listPatterns = new Map<readonly string[], RegExp>();

/**
 * Whether the sentence holds one of `words`, in any case. The recognisers' patterns cannot match without
 * one of their literal words, so this one cheap scan skips most sentences before the patterns run
 * (both are case-insensitive without the `u` flag: only ASCII letters match ASCII letters).
 */
function holds(s: string, words: readonly string[]): boolean {
  if (!claimChecks.literalWords) return true;
  let pattern = listPatterns.get(words);
  if (!pattern) listPatterns.set(words, (pattern = new RegExp(words.join('|'), 'i')));
  return pattern.test(s);
}

/** Tests turn the literal-word checks off to compare with the recognisers run on every sentence. */
export const claimChecks = { literalWords: true };

const DURATION_WORDS = ['minute', 'hour', 'day', 'week', 'month', 'year'];

function durations(s: string, offset: number): Draft[] {
  const out: Draft[] = [];
  if (!holds(s, DURATION_WORDS)) return out;
  DURATION.lastIndex = 0;
  for (let m = DURATION.exec(s); m; m = DURATION.exec(s)) {
    const after = s.slice(m.index + m[0].length, m.index + m[0].length + 12);
    if (/^\s*(?:ago|later|earlier|after|before|from now|old|-old)\b/i.test(after) || /^-old/.test(after)) continue;
    const before = s.slice(Math.max(0, m.index - 12), m.index);
    if (/\b(?:per|an?|every|each)\s*$/i.test(before) && !m[1]) continue;
    const qualifier = m[1] ?? null;
    let amount = numberValue(m[2]);
    if (amount === null) continue;
    if (/and\s+a\s+half/i.test(m[0])) amount += 0.5;
    const unit = m[3].toLowerCase();
    // "a day" after "in" is a time, "one year" of a 4-digit number is a year: skip numbers over 1000.
    if (amount > 1000 || amount === 0) continue;
    if (/^(?:a|an)$/i.test(m[2]) && !qualifier && unit !== 'hour') continue;
    const vague = /^(?:several|a few|a couple of)$/i.test(m[2]);
    const minutes = amount * UNIT_MINUTES[unit];
    const hyphen = /-/.test(m[0].slice(m[0].indexOf(m[2]) + m[2].length, m[0].indexOf(m[2]) + m[2].length + 2));
    let event: string | null = null;
    if (hyphen) {
      const following = /^\s+(?:[\w-]+\s+){0,2}?(\w+)/.exec(s.slice(m.index + m[0].length));
      if (following && EVENT_NOUNS.includes(following[1].toLowerCase())) event = following[1].toLowerCase();
    }
    event = event ?? nearestEvent(s, m.index);
    out.push({ start: offset + m.index, end: offset + m.index + m[0].length, value: { kind: 'duration', minutes: qualifiedInterval(qualifier, minutes, vague), event } });
  }
  return out;
}

// ---- Venues

const VENUE_TRIGGER = /\b(took place|take place|takes place|taking place|was held|were held|will be held|being held|held|met|meet|meets|meeting|summit|talks|gathered|convened|hosted|sat down)\b/gi;
const VEHICLE = /\b(limousine|limo|car|vehicle|motorcade|plane|jet|aircraft|helicopter|train|ship|yacht|boat|air force one|beast|bus|van|suv)\b/i;
const BASE = /\b(base|airbase|air base|airfield|naval station|military installation|garrison|barracks)\b/i;
const BUILDING = /\b(building|hotel|palace|house|office|residence|embassy|estate|resort|compound|headquarters|hall|room|center|centre|airport|tarmac|club|restaurant|castle|villa|ranch|cabin|kremlin|capitol|pentagon|chancellery|mansion|lodge|museum|stadium|arena|church|cathedral|library|school|university|white house)\b/i;
const PLACE_STOP = new Set([
  'on', 'for', 'with', 'to', 'and', 'that', 'which', 'who', 'lasted', 'ended', 'as', 'by', 'when', 'where', 'during',
  'after', 'before', 'since', 'but', 'while', 'last', 'this', 'next', 'earlier', 'later', 'ahead', 'amid', 'in',
  'at', 'of', 'was', 'were', 'is', 'are', 'has', 'had', 'have', 'will', 'would', 'to', 'from', 'about', 'over',
  'marking', 'the', 'without', 'despite', 'between', 'under', 'into',
]);
const NOT_VENUE = /^(?:person|private|public|secret|person|particular|part|fact|time|times|end|general|total|turn|order|response|return|addition|detail|depth|principle|theory|practice|advance|contrast|recent|full|person|effect|case|favor|favour|front|charge|place|power|office|talks|light|line|hopes|hope|an effort|an attempt|the end|the past|the wake|the meantime|the event|the first|the same|the form|the long|the short|the region|the war|the past|the coming|the future|the face)\b/i;

/** A literal part of each VENUE_TRIGGER alternative. */
const VENUE_WORDS = ['place', 'held', 'met', 'meet', 'summit', 'talks', 'gathered', 'convened', 'hosted', 'sat down'];

function venues(s: string, offset: number): Draft[] {
  const out: Draft[] = [];
  if (!holds(s, VENUE_WORDS)) return out;
  VENUE_TRIGGER.lastIndex = 0;
  const seen = new Set<number>();
  for (let m = VENUE_TRIGGER.exec(s); m; m = VENUE_TRIGGER.exec(s)) {
    // The place: "in|at|aboard|inside PLACE" within a few words after the trigger.
    const rest = s.slice(m.index + m[0].length, m.index + m[0].length + 120);
    const prep = /\b(in|at|aboard|inside|on board|onboard)\s+/g;
    for (let p = prep.exec(rest); p; p = prep.exec(rest)) {
      if (/[;:]|\bwhich\b|\bwho\b|\bbut\b|\bafter\b|\bbefore\b/.test(rest.slice(0, p.index))) break;
      if (rest.slice(0, p.index).split(/\s+/).length > 9) break;
      const at = m.index + m[0].length + p.index + p[0].length;
      if (seen.has(at)) break;
      const place = placePhrase(s.slice(at));
      if (!place) continue;
      const category = venueCategory(place);
      if (!category) continue;
      seen.add(at);
      const event = triggerEvent(m[1].toLowerCase(), s);
      out.push({ start: offset + at, end: offset + at + place.length, value: { kind: 'venue', place, category, event } });
      break;
    }
  }
  return out;
}

function triggerEvent(trigger: string, sentence: string): string | null {
  if (/^(?:meeting|summit|talks)$/.test(trigger)) {
    const e = nearestEvent(sentence, 0);
    return e ?? trigger;
  }
  const noun = nearestEvent(sentence, 0);
  if (noun) return noun;
  if (/^met|meet/.test(trigger)) return 'meeting';
  return null;
}

/** The place words at the start of `s`: "Trump's presidential limousine", "a U.S. airbase in Anchorage". */
function placePhrase(s: string): string | null {
  if (NOT_VENUE.test(s)) return null;
  const words = /^(?:(?:the|a|an)\s+)?((?:[\p{L}\p{N}][\p{L}\p{N}.'’-]*\s*){1,7})/u.exec(s);
  if (!words) return null;
  const tokens: string[] = [];
  const re = /[\p{L}\p{N}][\p{L}\p{N}.'’-]*/gu;
  let end = 0;
  let sawHead = false;
  for (let m = re.exec(s); m && tokens.length < 8; m = re.exec(s)) {
    const gap = s.slice(end, m.index);
    if (tokens.length && /[,;:.!?()"“”—]/.test(gap)) break;
    const w = m[0].replace(/\.$/, (dot) => (/^(?:\p{L}\.)+$/u.test(m![0]) ? dot : ''));
    const lower = w.toLowerCase();
    if (tokens.length === 0 && /^(?:the|a|an)$/.test(lower)) {
      tokens.push(w);
      end = m.index + m[0].length;
      continue;
    }
    if (MONTHS.includes(lower) || WEEKDAYS.includes(lower) || /^\d{4}$/.test(w)) break;
    if (lower === 'in' && sawHead && /^\s+\p{Lu}/u.test(s.slice(m.index + 2))) {
      // "a U.S. airbase in Anchorage"
      tokens.push(w);
      end = m.index + m[0].length;
      continue;
    }
    if (PLACE_STOP.has(lower) && !(lower === 'of' && sawHead && /^\s+\p{Lu}/u.test(s.slice(m.index + 2)))) break;
    tokens.push(w);
    if (w !== m[0]) {
      end = m.index + w.length;
      break;
    }
    end = m.index + m[0].length;
    sawHead = true;
  }
  if (!sawHead) return null;
  const phrase = s.slice(0, end).trim();
  return phrase.length > 1 ? phrase : null;
}

function venueCategory(place: string): VenueCategory | null {
  if (VEHICLE.test(place)) return 'vehicle';
  if (BASE.test(place)) return 'base';
  if (BUILDING.test(place)) return 'building';
  const capitalised = place.split(/\s+/).filter((w) => /^\p{Lu}/u.test(w) && !/^(?:The|A|An)$/.test(w));
  if (!capitalised.length) return null;
  const phrase = place.replace(/^(?:the|a|an)\s+/i, '').toLowerCase();
  const tags = lexiconTags(phrase).concat(lexiconTags(capitalised[capitalised.length - 1].toLowerCase()));
  if (tags.includes('Country')) return 'country';
  if (tags.includes('City')) return 'city';
  if (tags.includes('Region')) return 'region';
  if (tags.includes('Place')) return 'other';
  // Unknown capitalised words after "in"/"at" next to a meeting: a place, but of unknown kind.
  if (capitalised.length === place.split(/\s+/).length && capitalised.every((w) => !/^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/.test(w))) {
    if (tags.some((t) => /Name|Person/.test(t))) return null;
    return 'other';
  }
  return null;
}

// ---- Counts

const COUNT_NOUN = /\b(two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+((?:[a-z-]+\s+){0,3}?)([a-z]+s)\b/gi;
const LIST = /(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,2})((?:,\s*\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,2})*),?\s+(?:and|or)\s+(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,2})/uy;

function listAt(s: string, at: number): { items: string[]; end: number } | null {
  LIST.lastIndex = at;
  const m = LIST.exec(s);
  if (!m) return null;
  const items = [m[1], ...m[2].split(',').map((x) => x.trim()).filter(Boolean), m[3]].map((x) => x.trim());
  if (items.some((x) => /^(?:The|A|An|But|And)$/.test(x))) return null;
  return { items, end: m.index + m[0].length };
}

const INCLUDING_WORDS = ['including', 'namely', 'such as'];

function counts(s: string, offset: number): Draft[] {
  const out: Draft[] = [];
  COUNT_NOUN.lastIndex = 0;
  for (let m = COUNT_NOUN.exec(s); m; m = COUNT_NOUN.exec(s)) {
    const count = numberValue(m[1]);
    if (count === null || count < 2) continue;
    // The items follow within the sentence after a dash, colon or "including".
    const after = s.slice(m.index + m[0].length);
    const intro = /^[^.;]{0,80}?(?:\s[—–-]{1,2}\s*|:\s*|,?\s+including\s+|\s*\(\s*)/.exec(after);
    if (!intro) continue;
    const at = m.index + m[0].length + intro[0].length;
    const list = listAt(s, at);
    if (!list) continue;
    out.push({ start: offset + m.index, end: offset + list.end, value: { kind: 'count', count, noun: m[3].toLowerCase(), items: list.items } });
    COUNT_NOUN.lastIndex = list.end;
  }
  // "... territories, including A, B, C and D": the list counts itself.
  const including = /\b([a-z]+s),?\s+(?:including|namely|such as)\s+/g;
  if (!holds(s, INCLUDING_WORDS)) return out;
  for (let m = including.exec(s); m; m = including.exec(s)) {
    const at = m.index + m[0].length;
    if (out.some((d) => d.start - offset <= m!.index && d.end - offset >= at)) continue;
    const list = listAt(s, at);
    if (!list || list.items.length < 2) continue;
    out.push({ start: offset + m.index, end: offset + list.end, value: { kind: 'count', count: list.items.length, noun: m[1].toLowerCase(), items: list.items } });
  }
  return out;
}

// ---- Numbers

const FRACTIONS: Record<string, number> = {
  half: 0.5, third: 1 / 3, quarter: 0.25, fourth: 0.25, fifth: 0.2, sixth: 1 / 6, seventh: 1 / 7, eighth: 0.125,
  ninth: 1 / 9, tenth: 0.1, 'two-thirds': 2 / 3, 'three-quarters': 0.75, 'two-fifths': 0.4, 'three-fifths': 0.6,
};
const MAGNITUDES: Record<string, [number, number]> = {
  dozens: [24, 99], hundreds: [200, 999], thousands: [2000, 9999], 'tens of thousands': [20000, 99999],
  'hundreds of thousands': [200000, 999999], millions: [2e6, 999e6], 'tens of millions': [2e7, 99e6],
  'hundreds of millions': [2e8, 999e6], billions: [2e9, 999e9],
};
const SCALE: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };

function unitAfter(s: string): string {
  const m = /^\s*(?:of\s+)?((?:(?:the|his|her|their|its|[\p{Lu}][\p{L}]*['’]s)\s+)?[\p{L}-]+)/u.exec(s);
  if (!m) return '';
  const unit = m[1];
  if (/^(?:and|or|in|on|at|to|the|a|an|that|which|who|of|for|from|with|by|is|are|was|were)$/i.test(unit)) return '';
  return unit;
}

const FRACTION_WORDS = ['half', 'third', 'quarter', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
const MAGNITUDE_WORDS = ['dozens', 'hundreds', 'thousands', 'millions', 'billions'];

function numbers(s: string, offset: number, taken: Span[]): Draft[] {
  const out: Draft[] = [];
  const free = (a: number, b: number) => !taken.some((t) => t.start < offset + b && t.end > offset + a)
    && !out.some((t) => t.start < offset + b && t.end > offset + a);
  const push = (a: number, b: number, amount: Interval, unit: string) => {
    if (free(a, b)) out.push({ start: offset + a, end: offset + b, value: { kind: 'number', amount, unit } });
  };
  // Fractions: "a fifth of Ukraine's territory", "two-thirds of voters".
  const fraction = /\b(?:a|one|two|three)[-\s](half|third|quarter|fourth|fifth|sixth|seventh|eighth|ninth|tenth|thirds|quarters|fifths)\s+of\b|\b(half|two-thirds|three-quarters)\s+of\b/gi;
  const digits = /\d/.test(s);
  for (let m = holds(s, FRACTION_WORDS) ? fraction.exec(s) : null; m; m = fraction.exec(s)) {
    const word = m[0].toLowerCase().replace(/\s+of$/, '').replace(/^(?:a|one)[-\s]/, '').replace(/\s/, '-');
    const value = FRACTIONS[word] ?? FRACTIONS[m[1]?.toLowerCase() ?? ''] ?? FRACTIONS[m[2]?.toLowerCase() ?? ''];
    if (value === undefined) continue;
    const unit = unitAfter(s.slice(m.index + m[0].length));
    const end = m.index + m[0].length + (unit ? s.slice(m.index + m[0].length).indexOf(unit) + unit.length : 0);
    push(m.index, end, interval(value, value), unit);
  }
  // Scores: "10 out of 10".
  const score = /\b(\d+(?:\.\d+)?)\s+out\s+of\s+(\d+)\b/g;
  for (let m = digits && /out/i.test(s) ? score.exec(s) : null; m; m = score.exec(s)) {
    const v = Number(m[1]);
    push(m.index, m.index + m[0].length, interval(v, v), `out of ${m[2]}`);
  }
  // Vague magnitudes: "hundreds of thousands of lives".
  const vague = /\b(hundreds of thousands|hundreds of millions|tens of thousands|tens of millions|dozens|hundreds|thousands|millions|billions)\b/gi;
  for (let m = holds(s, MAGNITUDE_WORDS) ? vague.exec(s) : null; m; m = vague.exec(s)) {
    const [lo, hi] = MAGNITUDES[m[1].toLowerCase()];
    const rest = s.slice(m.index + m[0].length);
    const unit = /^\s+of\s/i.test(rest) ? unitAfter(rest) : '';
    const end = m.index + m[0].length + (unit ? rest.indexOf(unit) + unit.length : 0);
    push(m.index, end, interval(lo, hi), unit);
  }
  // Figures: "5,000 troops", "$1.2 billion", "40 percent".
  const figure = /(\$|€|£)?\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(thousand|million|billion|trillion))?(\s*(?:%|percent|per cent))?/gi;
  for (let m = digits ? figure.exec(s) : null; m; m = figure.exec(s)) {
    const raw = m[2].replace(/,/g, '');
    let value = Number(raw);
    if (!Number.isFinite(value)) continue;
    const before = s.slice(Math.max(0, m.index - 2), m.index);
    const afterText = s.slice(m.index + m[0].length);
    if (/^\d{4}$/.test(raw) && value >= 1800 && value <= 2100 && !m[1] && !m[3] && !m[4]) continue; // a year
    if (/[\[\/:]$/.test(before) || /^\]/.test(afterText) || /^(?:st|nd|rd|th)\b/i.test(afterText) || /^[:\/]\d/.test(afterText)) continue;
    if (/^\s*(?:a\.m\.|p\.m\.|am\b|pm\b)/i.test(afterText)) continue;
    if (m[3]) value *= SCALE[m[3].toLowerCase()];
    let unit = m[4] ? '%' : m[1] ? ({ $: 'USD', '€': 'EUR', '£': 'GBP' } as Record<string, string>)[m[1]] : unitAfter(afterText);
    if (!m[4] && !m[1] && !unit) continue;
    if (!m[4] && !m[1] && /^(?:of|to|and|or)$/i.test(unit)) unit = '';
    const end = m.index + m[0].length + (!m[4] && !m[1] && unit ? afterText.indexOf(unit) + unit.length : 0);
    push(m.index, end, interval(value, value), unit);
  }
  return out;
}

// ---- Dates

/** Sentences worth handing to chrono (it is slow): month and day names, relative days and periods. */
const DATE_HINT = /\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.(?=\s)|\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tomorrow|tonight|(?:last|this|next|past)\s+(?:week|month|year|weekend))\b/;
const YEAR_HINT = /\b(?:19|20)\d\d\b|\b(?:spring|summer|fall|autumn|winter)\b/i;
const SEASON = /\b(this|last|next|in the|early|late)\s+(spring|summer|fall|autumn|winter)\b/gi;
const SEASON_MONTH: Record<string, number> = { spring: 3, summer: 6, fall: 9, autumn: 9, winter: 12 };

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const DATE_HINTS = new RegExp(DATE_HINT.source, 'g');
/** Words of context chrono sees on each side of a hint ("on Friday, Feb. 8, 2017 at noon"). */
const DATE_WINDOW = 40;

let dateChrono: chrono.Chrono | undefined;
let chronoModule: typeof chrono | undefined;

/**
 * chrono-node, required when the first date is parsed rather than imported: an import loads it (a
 * tenth of a second) with the bundle, also in a language server that analyses nothing before 'ready'.
 * Its English locale only (`chrono-node/en`: the same `casual` parser and `Chrono` class the package's
 * index exports), not the index, which sets up sixteen other languages' parsers too: about 6 MB of
 * resident memory in each thread that analyses.
 */
function chronoLib(): typeof chrono {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use
  return (chronoModule ??= require('chrono-node/en') as typeof chrono);
}

/**
 * chrono's casual English parser without its clock-time and numeric-date parsers: claims keep days,
 * months and years, and the time-of-day parsers cost most of chrono's time. Parsers are told apart by
 * what they read (class names do not survive minification).
 */
function dateParser(): chrono.Chrono {
  while (dateChrono === undefined) loadDateParserStep();
  return dateChrono;
}

let referenceChrono: chrono.Chrono | undefined;

/** The date parser as `loadDateParserStep` builds it: chrono's parsers probed one at a time. */
let building: { parser: chrono.Chrono; all: chrono.Parser[]; kept: chrono.Parser[]; checked: chrono.Parser[]; next: number } | undefined;
const TIME_ONLY = ['at 7:30 p.m.', '12/03/2016', 'in the morning', 'within 2 hours'];

/**
 * One step of making the date parser (`dateParser`): loading chrono-node, then probing one of its
 * parsers — whether it reads only clock times and numeric dates (dropped), then which keyword it
 * needs (`withKeywordCheck`). The probes compile chrono's patterns, a fifth of a second in all, so a
 * caller that must stay responsive (the server's warm-up) takes the steps one at a time. True once
 * the parser is made. The same parsers in the same order as probing them all at once.
 */
export function loadDateParserStep(): boolean {
  if (dateChrono !== undefined) return true;
  if (building === undefined) {
    const parser = chronoLib().casual.clone();
    building = { parser, all: parser.parsers, kept: [], checked: [], next: 0 };
    return false;
  }
  const { parser, all, kept, checked } = building;
  if (building.next < all.length) {
    const p = all[building.next++];
    const alone = new (chronoLib().Chrono)({ parsers: [p], refiners: [] });
    if (!TIME_ONLY.some((probe) => alone.parse(probe, new Date(Date.UTC(2000, 0, 1, 12))).length > 0)) kept.push(p);
    return false;
  }
  if (checked.length < kept.length) {
    checked.push(withKeywordCheck(kept[checked.length]));
    return false;
  }
  parser.parsers = kept;
  referenceChrono = parser.clone();
  parser.parsers = checked;
  dateChrono = parser;
  building = undefined;
  return true;
}

/** The date parser without the keyword checks of `withKeywordCheck` (tests compare the two). */
export function dateParsers(): { checked: chrono.Chrono; reference: chrono.Chrono } {
  const checked = dateParser();
  return { checked, reference: referenceChrono! };
}

/** Every name of a weekday chrono reads ("Tue.", "thurs", "weekend") contains one of these, in any case. */
const WEEKDAY_KEYWORD = /sun|mon|tue|wed|thu|fri|sat|week/i;
/** Every month name and abbreviation chrono reads contains one of these, in any case. */
const MONTH_KEYWORD = /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i;
/** Fails at once: what a parser's pattern becomes on a text that cannot hold its keyword. */
const NEVER = /^(?!)/;
const PROBE_DATE = new Date(Date.UTC(2000, 0, 1, 12));

/**
 * The weekday parser and the month-name parsers run chrono's longest patterns over every window, and
 * most windows hold a weekday or a month name, not both. Their patterns cannot match without one, so
 * on a window without it they are given a pattern that fails at once; the results are the same. Parsers are told apart by what they read (class names do not survive minification); a parser
 * that fits neither description keeps its pattern.
 */
function withKeywordCheck(p: chrono.Parser): chrono.Parser {
  const alone = new (chronoLib().Chrono)({ parsers: [p], refiners: [] });
  const reads = (probes: string[]) => probes.some((probe) => alone.parse(probe, PROBE_DATE).length > 0);
  const others = ['next month', 'yesterday', '3 days ago', 'in 3 days', '2017-03-05', '03/2017', 'the 5th', 'in 2017'];
  let keyword: RegExp | null = null;
  if (reads(['on Tuesday']) && !reads(['March 5', '5 March', 'in March', ...others])) keyword = WEEKDAY_KEYWORD;
  else if (reads(['March 5', '5 March', 'in March']) && !reads(['on Tuesday', 'next week', ...others])) keyword = MONTH_KEYWORD;
  if (!keyword) return p;
  const needed = keyword;
  return {
    pattern: (context) => (needed.test(context.text) ? p.pattern(context) : NEVER),
    extract: (context, match) => p.extract(context, match),
  };
}

/**
 * chrono over short windows around each date hint instead of the whole sentence: its cost grows with
 * the text it scans, and a date expression never reaches far from its month or day name. Result
 * indexes are moved back to sentence offsets.
 */
function parseDateWindows(s: string, instant: Date): chrono.ParsedResult[] {
  const parser = dateParser();
  const windows: [number, number][] = [];
  DATE_HINTS.lastIndex = 0;
  for (let m = DATE_HINTS.exec(s); m; m = DATE_HINTS.exec(s)) {
    let from = Math.max(0, m.index - DATE_WINDOW);
    let to = Math.min(s.length, m.index + m[0].length + DATE_WINDOW);
    // Whole words only.
    while (from > 0 && /\S/.test(s.charAt(from - 1))) from--;
    while (to < s.length && /\S/.test(s.charAt(to))) to++;
    const last = windows[windows.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else windows.push([from, to]);
  }
  const out: chrono.ParsedResult[] = [];
  for (const [from, to] of windows) {
    for (const r of parser.parse(s.slice(from, to), { instant, timezone: 0 })) {
      (r as { index: number }).index += from;
      out.push(r);
    }
  }
  return out;
}

function dates(ctx: ClaimContext, s: string, offset: number): Draft[] {
  const hinted = DATE_HINT.test(s);
  if (!hinted && !YEAR_HINT.test(s)) return [];
  const out: Draft[] = [];
  const ref = ctx.date ? new Date(`${ctx.date}T12:00:00Z`) : null;
  let results: chrono.ParsedResult[] = [];
  try {
    if (hinted) results = parseDateWindows(s, ref ?? new Date(Date.UTC(2000, 0, 1, 12)));
  } catch {
    results = [];
  }
  for (const r of results) {
    const c = r.start;
    const text = r.text;
    if (/^(?:now|today|tonight|\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)?)$/i.test(text.trim())) continue;
    if (!c.isCertain('day') && !c.isCertain('month') && !c.isCertain('year') && !c.isCertain('weekday') && !/week|month|year|yesterday|tomorrow/i.test(text)) continue;
    let precision: 'day' | 'month' | 'year' | null;
    if (c.isCertain('day') || c.isCertain('weekday') || /yesterday|tomorrow|today/i.test(text)) precision = 'day';
    else if (c.isCertain('month')) precision = 'month';
    else if (c.isCertain('year')) precision = 'year';
    else precision = /week/i.test(text) ? 'day' : /month/i.test(text) ? 'month' : /year/i.test(text) ? 'year' : null;
    let date: string | null = null;
    if (ref || c.isCertain('year')) {
      const d = r.start.date();
      let year = d.getUTCFullYear();
      // News looks back: a bare month later than the article's date is last year's.
      if (ref && !c.isCertain('year') && precision === 'month' && d.getTime() > ref.getTime() + 7 * 864e5) year -= 1;
      if (precision === 'day') date = `${year}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
      else if (precision === 'month') date = `${year}-${pad(d.getUTCMonth() + 1)}`;
      else if (precision === 'year') date = `${year}`;
      if (/week/i.test(text) && !c.isCertain('day')) date = null;
    }
    out.push({ start: offset + r.index, end: offset + r.index + text.length, value: { kind: 'date', date, precision } });
  }
  // Bare years: "in 2014", "since 2022".
  const year = /\b(?:in|since|by|until|from|during|of|before|after)\s+((?:19|20)\d\d)\b/g;
  for (let m = year.exec(s); m; m = year.exec(s)) {
    const at = m.index + m[0].length - 4;
    if (out.some((d) => d.start - offset <= at && d.end - offset >= at + 4)) continue;
    out.push({ start: offset + at, end: offset + at + 4, value: { kind: 'date', date: m[1], precision: 'year' } });
  }
  // Seasons: "this fall".
  SEASON.lastIndex = 0;
  for (let m = SEASON.exec(s); m; m = SEASON.exec(s)) {
    let date: string | null = null;
    if (ref) {
      let y = ref.getUTCFullYear();
      const rel = m[1].toLowerCase();
      if (rel === 'last') y -= 1;
      if (rel === 'next') y += 1;
      date = `${y}-${pad(SEASON_MONTH[m[2].toLowerCase()])}`;
    }
    out.push({ start: offset + m.index, end: offset + m.index + m[0].length, value: { kind: 'date', date, precision: date ? 'month' : null } });
  }
  return out;
}

// ---- Attendance

const MEET = /\b(met with|met|meets with|meets|meet with|will meet|to meet|sat down with|held talks with|talked with|spoke with|hosted)\b/gi;

/** A literal part of each MEET alternative, and "attended by". */
const MEETING_WORDS = ['met', 'meet', 'sat down with', 'held talks with', 'talked with', 'spoke with', 'hosted', 'attended by'];
/** One of these is in every "summit with" / "meeting between" phrase. */
const WITH_WORDS = ['with', 'between'];

function attendance(ctx: ClaimContext, s: string, offset: number, sentenceStart: number, sentenceEnd: number): Draft[] {
  const out: Draft[] = [];
  // Every pattern below needs "met"/"meet"/… or "with"/"between" (most sentences have neither).
  if (!holds(s, MEETING_WORDS) && !holds(s, WITH_WORDS)) return out;
  const mentionsIn = (a: number, b: number) => {
    const found: MentionRef[] = [];
    for (let i = Math.max(0, spanIndexAt(ctx.mentions, a)); i >= 0 && i < ctx.mentions.length && ctx.mentions[i].start < b; i++) {
      if (ctx.mentions[i].start >= a && ctx.mentions[i].kind !== 'pronoun') found.push(ctx.mentions[i]);
    }
    return found;
  };
  const names = (ms: MentionRef[]) => {
    const out: string[] = [];
    for (const m of ms) {
      const p = ctx.people.find((x) => x.key === m.key);
      if (p && !out.includes(p.name)) out.push(p.name);
    }
    return out;
  };
  const attended = /\battended by\s+/i.exec(s);
  if (attended) {
    const from = offset + attended.index + attended[0].length;
    const stop = /[.;]\s|\s(?:but|however|while)\s/i.exec(s.slice(attended.index + attended[0].length));
    const to = stop ? from + stop.index : sentenceEnd;
    const ms = mentionsIn(from, to);
    if (ms.length) {
      const event = nearestEvent(s, attended.index);
      out.push({ start: ms[0].start, end: ms[ms.length - 1].end, value: { kind: 'attendance', people: names(ms), event } });
    }
  }
  MEET.lastIndex = 0;
  for (let m = MEET.exec(s); m; m = MEET.exec(s)) {
    const at = offset + m.index;
    // Subjects: the people named before the verb in the clause; objects: those just after it.
    const clause = s.slice(0, m.index);
    const clauseStart = offset + Math.max(clause.lastIndexOf(';') + 1, clause.lastIndexOf(', which') >= 0 ? clause.lastIndexOf(', which') : 0);
    const subjects = mentionsIn(Math.max(sentenceStart, clauseStart), at);
    const afterText = s.slice(m.index + m[0].length);
    const stop = /[.;]\s|,\s(?!\s*(?:and|who))|\s(?:in|at|on|for|to|after|before|but)\s/i.exec(afterText);
    const objectsEnd = offset + m.index + m[0].length + (stop ? stop.index : afterText.length);
    const objects = mentionsIn(at + m[0].length, Math.min(objectsEnd, at + m[0].length + 90));
    const people = names([...subjects.slice(-2), ...objects]);
    if (people.length < 2 || !objects.length) continue;
    const all = [...subjects.slice(-2), ...objects];
    const event = nearestEvent(s, m.index) ?? 'meeting';
    out.push({ start: Math.min(all[0].start, at), end: all[all.length - 1].end, value: { kind: 'attendance', people, event } });
  }
  // "summit with X" / "meeting between X and Y".
  const between = /\b(summit|meeting|talks|call|sit-down)\s+(with|between)\s+/gi;
  for (let m = between.exec(s); m; m = between.exec(s)) {
    const at = offset + m.index + m[0].length;
    const afterText = s.slice(m.index + m[0].length);
    const stop = /[.;]\s|,\s|\s(?:in|at|on|for|to|after|before|but|ended|ends|was|is|will)\s/i.exec(afterText);
    const end = at + (stop ? stop.index : afterText.length);
    let ms = mentionsIn(at, end);
    if (m[2].toLowerCase() === 'with') ms = [...mentionsIn(sentenceStart, offset + m.index).slice(0, 1), ...ms];
    const people = names(ms);
    if (people.length < 2) continue;
    if (out.some((d) => d.value.kind === 'attendance' && d.value.people.join() === people.join())) continue;
    out.push({ start: Math.min(ms[0].start, offset + m.index), end: ms[ms.length - 1].end, value: { kind: 'attendance', people, event: m[1].toLowerCase() } });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

/** Every claim of the article, sorted by position. */
export function findClaims(ctx: ClaimContext, onError: (step: string, error: unknown) => void): Claim[] {
  const drafts: (Draft & { sentence: number })[] = [];
  ctx.sentences.forEach((sentence, index) => {
    if (sentence.end - sentence.start > 5000) return;
    const s = ctx.text.slice(sentence.start, sentence.end);
    const firstOfSentence = drafts.length;
    const run = (step: string, f: () => Draft[]) => {
      try {
        for (const d of f()) drafts.push({ ...d, sentence: index });
      } catch (error) {
        onError(step, error);
      }
    };
    const headline = ctx.headlines?.has(sentence.paragraph) ?? false;
    if (!headline) run('claims.duration', () => durations(s, sentence.start));
    if (!headline) run('claims.venue', () => venues(s, sentence.start));
    run('claims.count', () => counts(s, sentence.start));
    run('claims.date', () => dates(ctx, s, sentence.start));
    // This sentence's drafts are the last ones pushed (filtering all drafts was quadratic).
    const taken = drafts.slice(firstOfSentence);
    run('claims.number', () => numbers(s, sentence.start, taken));
    run('claims.attendance', () => attendance(ctx, s, sentence.start, sentence.start, sentence.end));
  });
  drafts.sort((a, b) => a.start - b.start || a.end - b.end);
  return drafts.map((d, i) => ({
    key: `c${i + 1}`,
    kind: d.value.kind,
    start: d.start,
    end: d.end,
    text: ctx.text.slice(d.start, d.end),
    value: d.value,
    sentence: d.sentence,
  }));
}

