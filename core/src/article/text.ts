// Small text primitives shared by the article steps: word tokens with offsets, paragraphs, and the
// word lists that describe how news copy names people, places and organisations.

import type { Span } from '../model';

export interface Word extends Span {
  /** The word as written, without a trailing possessive ('s / ’s). */
  text: string;
  lower: string;
  /** Starts with an upper-case letter. */
  cap: boolean;
  /** The word carried a possessive ending, which is not part of [start, end). */
  possessive: boolean;
  /** Index of the paragraph (line) the word is in. */
  paragraph: number;
}

export interface Paragraph extends Span {
  index: number;
}

/** Abbreviations that keep their full stop ("Mr.", "Sen."). Single capitals ("B.") keep it too. */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'sen', 'rep', 'gov', 'gen', 'lt', 'col', 'sgt', 'capt', 'cmdr', 'adm', 'prof',
  'rev', 'st', 'jr', 'sr', 'inc', 'corp', 'co', 'ltd', 'vs', 'mt', 'ft', 'no', 'jan', 'feb', 'mar', 'apr',
  'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'pres', 'supt', 'atty', 'u.s', 'u.n', 'u.k',
  'd.c', 'a.m', 'p.m', 'e.g', 'i.e', 'messrs', 'hon', 'amb', 'sec', 'gens', 'reps', 'sens', 'del', 'sgt', 'maj', 'cpl', 'pvt', 'lt',
]);

const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*(?:[.'’\-&][\p{L}\p{N}\p{M}]+)*/gu;

/** Word tokens of `text` between `from` and `to`, with paragraph indexes taken from `paragraphs`. */
export function tokenize(text: string, paragraphs: Paragraph[], from = 0, to = text.length): Word[] {
  const words: Word[] = [];
  WORD.lastIndex = from;
  let p = 0;
  for (let m = WORD.exec(text); m && m.index < to; m = WORD.exec(text)) {
    const start = m.index;
    let end = start + m[0].length;
    let raw = m[0];
    if (text.charCodeAt(end) === 46 /* . */) {
      const lower = raw.toLowerCase();
      if (ABBREVIATIONS.has(lower) || /^\p{Lu}$/u.test(raw) || /^(?:\p{L}\.)+\p{L}$/u.test(raw)) {
        end += 1;
        raw += '.';
        WORD.lastIndex = end;
      }
    }
    let possessive = false;
    // A possessive ending ('s, ’s, 'S), else a trailing apostrophe.
    const last = raw.charCodeAt(raw.length - 1);
    if ((last === 115 || last === 83) && raw.length > 2 && isApostrophe(raw.charCodeAt(raw.length - 2))) {
      possessive = true;
      end -= 2;
      raw = raw.slice(0, -2);
    } else if (isApostrophe(last)) {
      end -= 1;
      raw = raw.slice(0, -1);
    }
    while (p + 1 < paragraphs.length && paragraphs[p].end <= start) p++;
    const c0 = raw.charCodeAt(0);
    let cap: boolean;
    if (c0 < 0x80) {
      cap = c0 >= 65 && c0 <= 90;
    } else {
      const first = raw.charAt(0);
      cap = first !== first.toLowerCase();
    }
    words.push({
      start,
      end,
      text: raw,
      lower: raw.toLowerCase(),
      cap,
      possessive,
      paragraph: paragraphs.length ? paragraphs[p].index : 0,
    });
  }
  return words;
}

function isApostrophe(code: number): boolean {
  return code === 39 || code === 0x2019;
}

/** Non-empty lines of `text` from `bodyStart`, numbered from 0: news copy puts one paragraph per line. */
export function splitParagraphs(text: string, bodyStart: number): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let lineStart = bodyStart;
  const n = text.length;
  while (lineStart <= n) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = n;
    let start = lineStart;
    let end = lineEnd;
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    if (end > start) paragraphs.push({ start, end, index: paragraphs.length });
    if (lineEnd >= n) break;
    lineStart = lineEnd + 1;
  }
  return paragraphs;
}

export function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 10 || code === 160 || code === 0x2009 || code === 0x200a
    || code === 0xfeff || code === 12 || code === 11;
}

/** Index of the first span in a sorted list whose end is after `offset` (binary search). */
export function spanIndexAt(spans: readonly Span[], offset: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].end > offset) {
      found = mid;
      hi = mid - 1;
    } else {
      lo = mid + 1;
    }
  }
  return found;
}

/** Index of the span containing `offset`, or the nearest one before it; -1 when none. */
export function spanContaining(spans: readonly Span[], offset: number): number {
  const i = spanIndexAt(spans, offset);
  if (i >= 0 && spans[i].start <= offset) return i;
  return i < 0 ? spans.length - 1 : i - 1;
}

// ---------------------------------------------------------------------------------------------
// Word lists

/** Titles written before a name ("President", "Sen.", "envoy"); lower case, without full stops. */
export const TITLE_WORDS = new Set([
  'president', 'vice', 'secretary', 'minister', 'prime', 'chancellor', 'senator', 'sen', 'rep', 'representative',
  'gov', 'governor', 'mayor', 'judge', 'justice', 'general', 'gen', 'lt', 'col', 'adm', 'admiral', 'ambassador',
  'envoy', 'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'professor', 'pope', 'king', 'queen', 'prince', 'princess',
  'sheikh', 'speaker', 'chairman', 'chairwoman', 'chair', 'director', 'attorney', 'chief', 'deputy', 'commissioner',
  'sergeant', 'sgt', 'officer', 'detective', 'candidate', 'nominee', 'lady', 'sir', 'dame', 'rev', 'reverend',
  'father', 'president-elect', 'ceo', 'spokesman', 'spokeswoman', 'spokesperson', 'lawmaker', 'leader', 'capt',
  'captain', 'colonel', 'lieutenant', 'major', 'commander', 'cmdr', 'councilman', 'councilwoman', 'congressman',
  'congresswoman', 'assemblyman', 'assemblywoman', 'coach', 'anchor', 'host', 'correspondent', 'reporter',
  'editor', 'adviser', 'advisor', 'aide', 'analyst', 'economist', 'strategist', 'pollster', 'founder', 'premier',
  'emir', 'ayatollah', 'sultan', 'foreign', 'defense', 'defence', 'interior', 'finance', 'treasury', 'health',
  'justice', 'former', 'special', 'state', 'first', 'acting', 'senior', 'opposition', 'top', 'house', 'senate',
  'majority', 'minority', 'whip', 'democratic', 'republican', 'gop', 'executive', 'managing', 'national', 'security',
  'press', 'campaign', 'manager', 'chairperson', 'dean', 'head', 'official', 'diplomat', 'negotiator', 'mp',
]);

/** Words that make a phrase a role ("dean", "ambassador"); a role phrase must contain one. */
export const ROLE_NOUNS = new Set([
  'president', 'secretary', 'minister', 'chancellor', 'senator', 'sen', 'rep', 'representative', 'gov', 'governor',
  'mayor', 'judge', 'justice', 'general', 'admiral', 'ambassador', 'envoy', 'professor', 'pope', 'king', 'queen',
  'prince', 'princess', 'speaker', 'chairman', 'chairwoman', 'chair', 'director', 'attorney', 'chief', 'deputy',
  'commissioner', 'officer', 'detective', 'candidate', 'nominee', 'spokesman', 'spokeswoman', 'spokesperson',
  'lawmaker', 'leader', 'captain', 'colonel', 'lieutenant', 'commander', 'congressman', 'congresswoman', 'coach',
  'anchor', 'host', 'correspondent', 'reporter', 'editor', 'adviser', 'advisor', 'aide', 'analyst', 'economist',
  'strategist', 'pollster', 'founder', 'premier', 'dean', 'head', 'official', 'diplomat', 'negotiator', 'ceo',
  'manager', 'fellow', 'researcher', 'scholar', 'expert', 'historian', 'author', 'writer', 'columnist', 'journalist',
  'lawyer', 'economist', 'executive', 'member', 'mp', 'legislator', 'owner', 'partner', 'principal', 'student',
  'teacher', 'doctor', 'physician', 'scientist', 'activist', 'organizer', 'campaigner', 'commentator', 'producer',
  'consultant', 'veteran', 'colleague', 'wife', 'husband', 'daughter', 'son', 'mother', 'father', 'brother',
  'sister', 'emir', 'sultan', 'monarch', 'ruler', 'politician', 'representative', 'delegate', 'operative',
  'lobbyist', 'attorney-general', 'prosecutor', 'investigator', 'agent', 'surrogate', 'supporter', 'critic',
  'opponent', 'rival', 'challenger', 'incumbent', 'vice-president', 'premier', 'whip', 'treasurer', 'clerk',
  'administrator', 'superintendent', 'sheriff', 'chairperson', 'presenter', 'president-elect', 'mp', 'pundit',
]);

/** Honorifics that mark a titled mention and, for some, the person's gender. */
export const HONORIFICS: Record<string, 'male' | 'female' | null> = {
  'mr.': 'male', 'mr': 'male', 'mrs.': 'female', 'mrs': 'female', 'ms.': 'female', 'ms': 'female', 'miss': 'female',
  'dr.': null, 'dr': null, 'sen.': null, 'rep.': null, 'gov.': null, 'gen.': null, 'prof.': null, 'president': null,
  'senator': null, 'governor': null, 'secretary': null, 'minister': null, 'chancellor': null, 'judge': null,
  'king': 'male', 'queen': 'female', 'prince': 'male', 'princess': 'female', 'sir': 'male', 'dame': 'female',
  'lady': 'female', 'pope': 'male', 'speaker': null, 'ambassador': null, 'mayor': null, 'envoy': null,
  'sheikh': 'male', 'rev.': null, 'premier': null, 'sgt.': null, 'lt.': null, 'col.': null, 'capt.': null,
};

/** Words closing an organisation or facility name ("Council", "Ministry", "Base"). */
export const ORG_WORDS = new Set([
  'council', 'university', 'college', 'school', 'institute', 'ministry', 'department', 'agency', 'news', 'times',
  'post', 'journal', 'tribune', 'herald', 'gazette', 'press', 'network', 'channel', 'radio', 'television', 'tv',
  'party', 'committee', 'commission', 'court', 'congress', 'senate', 'parliament', 'assembly', 'house', 'office',
  'bank', 'fund', 'service', 'services', 'company', 'corp', 'corp.', 'inc', 'inc.', 'llc', 'ltd', 'group', 'union',
  'league', 'association', 'foundation', 'organization', 'organisation', 'center', 'centre', 'base', 'airport',
  'hospital', 'church', 'agency', 'administration', 'authority', 'board', 'bureau', 'force', 'forces', 'army',
  'navy', 'guard', 'police', 'corps', 'club', 'team', 'society', 'academy', 'museum', 'hotel', 'palace',
  'embassy', 'consulate', 'street', 'avenue', 'road', 'square', 'park', 'bridge', 'river', 'lake', 'mountain',
  'island', 'islands', 'county', 'state', 'states', 'province', 'region', 'district', 'city', 'republic',
  'kingdom', 'federation', 'empire', 'alliance', 'coalition', 'movement', 'campaign', 'project', 'program',
  'programme', 'initiative', 'review', 'magazine', 'daily', 'weekly', 'media', 'reuters', 'systems', 'technologies',
  'airlines', 'motors', 'industries', 'holdings', 'partners', 'capital', 'institution', 'trust', 'cabinet',
  'caucus', 'studies', 'lab', 'laboratory', 'stadium', 'arena', 'hall', 'tower', 'building', 'plaza', 'field',
  'fort', 'camp', 'port', 'mount', 'saint', 'st.', 'cathedral', 'mosque', 'temple', 'station', 'prison', 'jail',
  'constitution', 'act', 'treaty', 'accord', 'agreement', 'conference', 'summit', 'forum', 'games', 'cup',
  'award', 'prize', 'day', 'week', 'war', 'revolution', 'crisis', 'affair', 'gate', 'kremlin', 'pentagon',
  'white', 'fox', 'cnn', 'bbc', 'nbc', 'cbs', 'abc', 'msnbc', 'npr', 'pbs', 'ap', 'afp', 'tass', 'dem', 'gop',
]);

/** Demonyms and country adjectives that often start a title ("Russian President"). */
export const NATIONALITY: Record<string, string> = {
  russian: 'russia', russia: 'russia', kremlin: 'russia', moscow: 'russia',
  american: 'us', 'u.s.': 'us', us: 'us', 'united states': 'us', america: 'us', washington: 'us', 'white house': 'us',
  ukrainian: 'ukraine', ukraine: 'ukraine', kyiv: 'ukraine', kiev: 'ukraine',
  british: 'uk', 'u.k.': 'uk', uk: 'uk', britain: 'uk', london: 'uk',
  chinese: 'china', china: 'china', beijing: 'china', french: 'france', france: 'france', paris: 'france',
  german: 'germany', germany: 'germany', berlin: 'germany', israeli: 'israel', israel: 'israel',
  iranian: 'iran', iran: 'iran', tehran: 'iran', turkish: 'turkey', turkey: 'turkey', indian: 'india', india: 'india',
  japanese: 'japan', japan: 'japan', mexican: 'mexico', mexico: 'mexico', canadian: 'canada', canada: 'canada',
  italian: 'italy', italy: 'italy', spanish: 'spain', spain: 'spain', polish: 'poland', poland: 'poland',
  syrian: 'syria', syria: 'syria', palestinian: 'palestine', saudi: 'saudi arabia', egyptian: 'egypt',
  egypt: 'egypt', korean: 'korea', 'north korean': 'north korea', 'south korean': 'south korea', european: 'eu',
  eu: 'eu', nato: 'nato', hungarian: 'hungary', hungary: 'hungary', belarusian: 'belarus', belarus: 'belarus',
};

/** Verbs and phrases that attribute speech. */
export const SPEECH_VERBS = new Set([
  'said', 'says', 'say', 'saying', 'told', 'tells', 'telling', 'added', 'adds', 'adding', 'stated', 'states', 'stating',
  'wrote', 'writes', 'writing', 'asked', 'asks', 'asking', 'explained', 'explains', 'explaining', 'noted', 'notes',
  'noting', 'continued', 'continues', 'argued', 'argues', 'arguing', 'declared', 'declares', 'declaring',
  'insisted', 'insists', 'insisting', 'warned', 'warns', 'warning', 'remarked', 'remarks', 'commented', 'comments',
  'concluded', 'concludes', 'replied', 'replies', 'replying', 'responded', 'responds', 'responding', 'announced',
  'announces', 'acknowledged', 'acknowledges', 'admitted', 'admits', 'claimed', 'claims', 'claiming', 'recalled',
  'recalls', 'recalling', 'emphasized', 'emphasised', 'emphasizes', 'emphasizing', 'stressed', 'stresses',
  'stressing', 'urged', 'urges', 'urging', 'suggested', 'suggests', 'observed', 'observes', 'tweeted', 'tweets',
  'tweeting', 'posted', 'posts', 'reported', 'reports', 'predicted', 'predicts', 'promised', 'promises', 'vowed',
  'vows', 'joked', 'jokes', 'conceded', 'concedes', 'countered', 'counters', 'cautioned', 'cautions',
  'complained', 'complains', 'described', 'describes', 'describing', 'called', 'calls', 'calling', 'quipped',
  'shouted', 'yelled', 'testified', 'confirmed', 'confirms', 'maintained', 'maintains', 'contended', 'contends',
  'mused', 'lamented', 'laments', 'boasted', 'boasts', 'pledged', 'pledges', 'proclaimed', 'retorted',
  'interjected', 'echoed', 'texted', 'whispered', 'screamed', 'chanted', 'read', 'reads', 'thundered', 'charged',
  'alleged', 'alleges', 'blasted', 'slammed', 'touted', 'touts', 'reiterated', 'reiterates', 'repeated',
  'repeats', 'agreed', 'demanded', 'demands', 'pleaded', 'begged', 'answered', 'answers', 'began', 'begins',
  'went on', 'declined', 'expressed', 'expresses', 'indicated', 'indicates', 'hoped', 'hopes', 'believes',
  'believed', 'thinks', 'thought', 'wondered', 'wonders', 'offered', 'offers', 'told', 'speaking', 'spoke',
  'explained', 'cried', 'exclaimed', 'sighed', 'murmured', 'conceding', 'acknowledging', 'admitting', 'insisting',
  'promising', 'vowing', 'predicting', 'pledging', 'declared', 'decried', 'decries', 'denounced', 'denied', 'denies',
  'quoted', 'quotes', 'wrote', 'tweeted', 'advised', 'advises', 'remarking', 'commenting', 'concluding',
  'announcing', 'posting', 'stating', 'continuing', 'pointing', 'pointed', 'added', 'shot', 'fired', 'reacted', 'reacting', 'insisted', 'wrote', 'asserted', 'asserts', 'asserting', 'tweeted', 'wrote', 'writing',
  // Words sung or chanted are quoted words too ("Roe sings to the crowd, …").
  'sings', 'sang', 'singing', 'chants', 'chanting', 'speaks',
]);

/**
 * A speaker label opening a transcript turn quoted as a paragraph: an opening mark, one to three words
 * in capitals and a colon (`"ROE: Well, look, …`). Group 1 is the label.
 */
export const TRANSCRIPT_LABEL = /^["“]\s*(\p{Lu}[\p{Lu}'’.-]+(?:\s+\p{Lu}[\p{Lu}'’.-]+){0,2}):\s+/u;

/** Capitalised labels that are not speakers ("UPDATE:", "(CROSSTALK)"). */
export const NOT_SPEAKER_LABELS = new Set([
  'update', 'updated', 'note', 'editor', "editor's note", 'editor’s note', 'correction', 'clarification', 'crosstalk',
  'laughter', 'applause', 'question', 'answer', 'q', 'a', 'transcript', 'video', 'watch', 'read', 'related', 'source',
  'photo', 'audio', 'unidentified male', 'unidentified female', 'unknown', 'end', 'break', 'commercial break',
]);

/** Subject pronouns that may stand for a speaker, with the gender they imply. */
export const PRONOUNS: Record<string, 'male' | 'female' | 'plural' | 'first'> = {
  he: 'male', she: 'female', they: 'plural', we: 'first', i: 'first',
};

export const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november',
  'december',
];

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export const NUMBER_WORDS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100,
  a: 1, an: 1, dozen: 12, half: 0.5, both: 2, single: 1, couple: 2,
};
