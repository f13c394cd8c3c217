// People and other named entities of one article. Names are found from capitalised word sequences,
// judged by compromise's lexicon (first names, surnames, places, organisations), the titles written
// before names ("President", "Sen.", "envoy") and the words around them ("said", ", a former ...").
// Short forms ("Putin", "Mr. Putin"), titled forms and descriptions ("the Russian leader") are linked
// to the fullest name the article gives. Names that appear only in a headline written in title case
// are never trusted on their own ("President Donald" in "... President Donald Trump And ...").

import type { NamedEntity, Person, PersonMention, RolePhrase, Sentence, Span } from '../model';
import { lexiconPhraseStarts, lexiconTags } from './nlp';
import {
  HONORIFICS, MONTHS, NATIONALITY, NOT_SPEAKER_LABELS, ORG_WORDS, ROLE_NOUNS, SPEECH_VERBS, TITLE_WORDS, TRANSCRIPT_LABEL,
  WEEKDAYS, type Paragraph,
  type Word, spanContaining,
} from './text';

export type Gender = 'male' | 'female' | null;

/** A mention linked to a person, as the quote step looks it up by offset. */
export interface MentionRef extends Span {
  key: string;
  kind: PersonMention['kind'];
}

export interface PeopleResult {
  people: Person[];
  entities: NamedEntity[];
  /** Every person mention, sorted by start. */
  mentions: MentionRef[];
  genders: Map<string, Gender>;
}

const CONNECTORS = new Set(['bin', 'ibn', 'al', 'de', 'da', 'van', 'von', 'der', 'den', 'la', 'le', 'du', 'dos', 'das', 'del', 'di', 'el', 'st.']);
const FUNCTION_WORDS = new Set([
  'the', 'a', 'an', 'in', 'on', 'at', 'for', 'of', 'and', 'or', 'but', 'however', 'meanwhile', 'after', 'before',
  'when', 'while', 'as', 'if', 'with', 'by', 'to', 'from', 'despite', 'following', 'during', 'since', 'yet', 'still',
  'later', 'then', 'both', 'this', 'that', 'these', 'those', 'his', 'her', 'their', 'its', 'our', 'my', 'your', 'it',
  'he', 'she', 'they', 'we', 'i', 'you', 'there', 'here', 'what', 'who', 'why', 'how', 'where', 'not', 'no', 'so',
  'all', 'some', 'many', 'most', 'more', 'each', 'every', 'even', 'also', 'just', 'only', 'now', 'today', 'upon',
  'into', 'over', 'under', 'about', 'against', 'between', 'among', 'without', 'within', 'through', 'than',
  'because', 'although', 'though', 'unless', 'until', 'once', 'instead', 'ends', 'end', 'says', 'said', 'will',
  'would', 'could', 'should', 'may', 'might', 'must', 'can', 'is', 'are', 'was', 'were', 'be', 'been', 'has', 'have',
  'had', 'do', 'does', 'did', 'new', 'read', 'more', 'comments', 'comment', 'post', 'get', 'link', 'other', 'apps',
  'source', 'dear', 'oh', 'yes', 'well', 'please', 'thanks', 'sorry', 'like', 'via', 'per', 'amid', 'among',
]);
const NAME_TAGS = new Set(['MaleName', 'FemaleName', 'FirstName', 'LastName', 'Person']);
const PLACE_TAGS = new Set(['Country', 'City', 'Region', 'Place']);
/** Facility words that make a name a place rather than an organisation. */
const PLACE_WORDS = new Set([
  'base', 'airport', 'street', 'avenue', 'road', 'square', 'park', 'bridge', 'river', 'lake', 'mountain', 'island',
  'islands', 'county', 'province', 'region', 'district', 'city', 'fort', 'camp', 'port', 'mount', 'station',
  'stadium', 'arena', 'plaza', 'tower', 'building', 'palace', 'field', 'hall', 'cathedral', 'mosque', 'temple',
  'prison', 'jail', 'hotel', 'embassy', 'consulate', 'state', 'states', 'republic', 'kingdom', 'valley', 'bay',
  'sea', 'ocean', 'coast', 'beach', 'strait', 'gulf', 'peninsula',
]);
/** Verbs showing that the capitalised words before them name a person. */
const PERSON_VERBS = new Set([...SPEECH_VERBS, 'reacted', 'met', 'thinks', 'believes', 'wants', 'asked', 'tweeted']);
/** Description heads: "the Russian leader", "the U.S. president". */
const DESCRIPTION_NOUNS = new Set([
  'leader', 'president', 'premier', 'chancellor', 'minister', 'secretary', 'envoy', 'senator', 'governor',
  'candidate', 'nominee', 'director', 'chief', 'ambassador', 'dean', 'spokesman', 'spokeswoman', 'king', 'queen',
  'monarch', 'ruler', 'strongman', 'head', 'mayor', 'lawmaker', 'editor', 'official', 'diplomat', 'envoy',
  'pope', 'prime',
]);
/**
 * Title words that are also common surnames: after a first name, and with no name following, they are
 * the surname ("Charlie King said", "Howard Dean, a former chairman").
 */
const SURNAME_TITLES = new Set(['king', 'prince', 'dean', 'judge', 'major', 'pope', 'chancellor', 'speaker', 'host', 'coach', 'bishop', 'marshal', 'knight']);
/** Role nouns that a "leader" description can stand for. */
const LEADER_ROLES = new Set(['president', 'premier', 'chancellor', 'prime', 'king', 'queen', 'leader', 'strongman', 'monarch', 'ruler', 'emir', 'sultan']);

interface Classified {
  word: Word;
  firstName: boolean;
  lastName: boolean;
  place: boolean;
  org: boolean;
  title: boolean;
  demonym: boolean;
  /** A word that also works as an ordinary word (and is not known as a name). */
  common: boolean;
  connector: boolean;
  gender: Gender;
}

interface NameSighting extends Span {
  words: Word[];
  /** Title prefix span before the name (may be null). */
  title: Span | null;
  /** The prefix carried an honorific or role noun. */
  titled: boolean;
  headline: boolean;
  evidence: number;
}

/** A name word as a lookup key: no full stops, one apostrophe, no accents ("O’Neill" = "O'Neill"). */
function stripDots(s: string): string {
  // Most words hold neither a full stop nor a non-ASCII letter: nothing to do.
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 || c > 0x7f) {
      plain = false;
      break;
    }
  }
  if (plain) return s;
  const bare = s.replace(/\./g, '');
  return /[^\x00-\x7f]/.test(bare) ? bare.replace(/’/g, "'").normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : bare;
}

/** Edit distance between two short words, capped: enough to tell "Zelensky" from "Zelenskyy". */
function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, row[j]);
    }
    if (best > cap) return cap + 1;
    previous = row;
  }
  return previous[b.length];
}

/**
 * A capitalised word right after a first name or an initial is a surname even when it is also an
 * ordinary word ("Mike Pence", "Roger J. Stone"), unless the article writes it in lower case.
 */
function surnamesAfterFirstNames(
  text: string, words: Word[], headlineParagraphs: Set<number>, lowerSeen: Set<string>, sentenceStarts: Set<number>,
): Set<string> {
  const surnamesAfterFirst = new Set<string>();
  for (let i = 0; i + 1 < words.length; i++) {
    const w = words[i];
    const next = words[i + 1];
    if (!w.cap || !next.cap || w.possessive || !onlySpaces(text, w.end, next.start) || lowerSeen.has(next.lower)) continue;
    // A title that is also a surname ("Charlie King", "Howard Dean") counts when no name follows it
    // ("King Now" or "Judge Roe" may still be a title before a name).
    const after = words[i + 2];
    const titleSurname = SURNAME_TITLES.has(next.lower) && !headlineParagraphs.has(next.paragraph)
      && !(after && after.cap && onlySpaces(text, next.end, after.start));
    if (FUNCTION_WORDS.has(next.lower) || (TITLE_WORDS.has(next.lower) && !titleSurname) || ORG_WORDS.has(next.lower)
      || MONTH_OR_WEEKDAY.has(next.lower) || !/^\p{Lu}\p{Ll}/u.test(next.text)) continue;
    const initial = /^\p{Lu}\.$/u.test(w.text) && i > 0 && words[i - 1].cap;
    const tags = initial ? [] : lexiconTags(w.lower);
    if (initial || ((tags.includes('MaleName') || tags.includes('FemaleName') || tags.includes('FirstName')) && !lowerSeen.has(w.lower)
      && !sentenceStarts.has(w.start))) {
      surnamesAfterFirst.add(next.lower);
    }
  }
  return surnamesAfterFirst;
}

/** Runs of capitalised words on one line, separated by spaces only (word indexes). */
function capitalisedRuns(text: string, words: Word[], classified: Classified[]): number[][] {
  const runs: number[][] = [];
  let run: number[] = [];
  const flush = () => {
    if (run.length) runs.push(run);
    run = [];
  };
  for (let i = 0; i < words.length; i++) {
    const c = classified[i];
    const w = words[i];
    const prev = run.length ? words[run[run.length - 1]] : null;
    const joined = prev !== null && prev.paragraph === w.paragraph && onlySpaces(text, prev.end + (prev.possessive ? 2 : 0), w.start)
      && !prev.possessive;
    if (!joined) flush();
    if (w.cap || (c.connector && run.length > 0) || (w.lower === 'of' && run.length > 0)) {
      run.push(i);
    } else {
      flush();
    }
  }
  flush();
  return runs;
}

/** Name sightings in one run of capitalised words, and what is left of it as places and organisations. */
function sightingsOfRun(
  r: number[], text: string, words: Word[], classified: Classified[], headlineParagraphs: Set<number>,
  sightings: NameSighting[], entities: NamedEntity[],
): void {
  // Drop connectors at the run's end.
  while (r.length && (classified[r[r.length - 1]].connector || words[r[r.length - 1]].lower === 'of')) r.pop();
  if (!r.length) return;
  const headline = headlineParagraphs.has(words[r[0]].paragraph);
  // Find name cores: maximal sequences of name-able words (connectors inside allowed).
  let k = 0;
  const consumed = new Set<number>();
  // Multi-word places and organisations the lexicon knows ("Al Jazeera", "San Diego") are never names;
  // they are left to the entity pass, which may extend them ("University of San Diego").
  const blocked = new Set<number>();
  const phraseStarts = peopleChecks.phraseStarts ? lexiconPhraseStarts() : ANY_WORD;
  for (let a = 0; a < r.length; a++) {
    // No multi-word entry starts with this word: no phrase from here has tags.
    if (a + 1 >= r.length || !phraseStarts.has(words[r[a]].lower)) continue;
    for (let len = Math.min(4, r.length - a); len >= 2; len--) {
      const ws = r.slice(a, a + len).map((i) => words[i]);
      if (ws.slice(0, -1).some((w) => w.possessive)) continue;
      const tags = lexiconTags(ws.map((w) => w.lower).join(' '));
      if (!tags.includes('Organization') && !tags.some((t) => PLACE_TAGS.has(t))) continue;
      for (let j = a; j < a + len; j++) blocked.add(j);
      a += len - 1;
      break;
    }
  }
  // After an honorific any capitalised word is a name ("Mr. King").
  const named = (j: number) => isNameable(classified[r[j]])
    || (j > 0 && /^(?:mr|mrs|ms|miss|dr)\.?$/.test(words[r[j - 1]].lower) && words[r[j]].cap && !classified[r[j]].demonym);
  while (k < r.length) {
    if (blocked.has(k) || !named(k)) {
      k++;
      continue;
    }
    let e = k;
    while (e + 1 < r.length && !blocked.has(e + 1) && (named(e + 1)
      || (classified[r[e + 1]].connector && e + 2 < r.length && isNameable(classified[r[e + 2]])))) e++;
    // A name ends at a possessive word.
    for (let j = k; j <= e; j++) {
      if (words[r[j]].possessive) {
        e = j;
        break;
      }
    }
    let coreStart = k;
    let coreEnd = e;
    // Up to four words; a longer run is rarely one name.
    if (coreEnd - coreStart + 1 > 4) {
      k = e + 1;
      continue;
    }
    const before = coreStart > 0 ? classified[r[coreStart - 1]] : null;
    const after = coreEnd + 1 < r.length ? classified[r[coreEnd + 1]] : null;
    const coreWords = r.slice(coreStart, coreEnd + 1).map((i) => words[i]);
    const isEntityPhrase = coreWords.length > 1 && phraseStarts.has(coreWords[0].lower)
      && lexiconTags(coreWords.map((w) => w.lower).join(' ')).some((t) => PLACE_TAGS.has(t) || t === 'Organization');
    // "Kroc School", "Base Elmendorf-Richardson": part of an organisation or facility name.
    const orgAround = (after !== null && after.org && !words[r[coreEnd]].possessive)
      || (before !== null && before.org && !before.title && PLACE_WORDS.has(before.word.lower));
    if (isEntityPhrase || orgAround) {
      k = e + 1;
      continue;
    }
    // Title prefix: title words, nationalities and "of" just before the core.
    let t = coreStart - 1;
    let titled = false;
    while (t >= 0) {
      const c = classified[r[t]];
      if (c.title || c.demonym || words[r[t]].lower === 'of' || (c.place && words[r[t]].possessive)) {
        if (c.title && (ROLE_NOUNS.has(stripDots(c.word.lower)) || HONORIFICS[c.word.lower] !== undefined)) titled = true;
        t--;
      } else if (c.org && t > 0 && words[r[t - 1]].lower === 'of') {
        t--; // "Secretary of State"
      } else {
        break;
      }
    }
    // Do not start a title on "of".
    let titleFirst = t + 1;
    while (titleFirst < coreStart && words[r[titleFirst]].lower === 'of') titleFirst++;
    const title = titleFirst < coreStart ? { start: words[r[titleFirst]].start, end: words[r[coreStart - 1]].end } : null;
    for (let j = coreStart; j <= coreEnd; j++) consumed.add(j);
    const first = coreWords[0];
    const last = coreWords[coreWords.length - 1];
    sightings.push({
      start: first.start,
      end: last.end,
      words: coreWords,
      title: titled ? title : null,
      titled,
      headline,
      evidence: evidenceAround(text, words, r[coreStart], r[coreEnd]),
    });
    coreEnd = e;
    coreStart = k;
    k = e + 1;
  }
  // What is left of the run may be a place or an organisation.
  collectEntities(r, consumed, blocked, words, classified, entities, headline);
}

/** A person while `findPeople` decides who is one: their key is given once the people are ordered. */
interface Draft {
  key: string;
  name: string;
  words: string[];
  gender: Gender;
  mentions: PersonMention[];
  roles: RolePhrase[];
}

/** Of several people, the one whose full name was last mentioned before `offset` (else the first). */
function lastFullMention(candidates: Draft[], offset: number): Draft {
  if (candidates.length === 1) return candidates[0];
  let best = candidates[0];
  let bestAt = -1;
  for (const d of candidates) {
    for (const m of d.mentions) if (m.kind === 'name' && m.start < offset && m.start > bestAt) {
      bestAt = m.start;
      best = d;
    }
  }
  return best;
}

/** Links the sightings not taken as full names (single words, headline names, partial forms) to known people. */
function linkPending(
  pending: NameSighting[], text: string, byName: Map<string, Draft>, surnameIndex: Map<string, Draft[]>,
  firstNameIndex: Map<string, Draft[]>, draftFirstSeen: Map<Draft, number>, compatible: (s: NameSighting, d: Draft) => boolean,
  personWordIndexes: Set<number>,
): [NameSighting, Draft][] {
  const linked: [NameSighting, Draft][] = [];
  for (const s of pending) {
    const tokens = s.words;
    // A multi-word sighting in a headline or a partial form: link by its last word, else its first.
    let lastKey = stripDots(tokens[tokens.length - 1].lower);
    // A family named by the plural ("the Roes") is looked up like the bare surname, not as a spelling variant.
    if (tokens.length === 1 && !surnameIndex.has(lastKey) && /s$/.test(lastKey) && surnameIndex.has(lastKey.slice(0, -1))) {
      lastKey = lastKey.slice(0, -1);
    }
    const firstKey = stripDots(tokens[0].lower);
    const full = byName.get(stripDots(tokens.map((w) => w.lower).join(' ')));
    let draft: Draft | undefined = full;
    let kind: PersonMention['kind'] = full ? 'name' : s.titled ? 'titled' : 'surname';
    if (!draft && surnameIndex.has(lastKey)) {
      const fits = surnameIndex.get(lastKey)!.filter((d) => !s.titled || compatible(s, d));
      // A bare surname shared by a full name and a surname-only person ("Jane Roe" once, then
      // "President Roe" throughout) goes to the surname-only person, the one the article keeps naming.
      const short = tokens.length === 1 ? fits.filter((d) => d.words.length === 1) : [];
      if (short.length === 1) draft = short[0];
      else if (fits.length > 1 && tokens.length === 1) {
        // Several full names share the surname (a politician and a spouse): the bare surname stays with
        // the person the article introduced first; relatives get first names or honorifics.
        draft = fits.reduce((a, b) => ((draftFirstSeen.get(b) ?? Infinity) < (draftFirstSeen.get(a) ?? Infinity) ? b : a));
      } else if (fits.length) draft = lastFullMention(fits, s.start);
    }
    if (!draft && tokens.length === 1) {
      // A spelling variant of a known surname ("Zelensky" after "Volodymyr Zelenskyy").
      const variants = [...surnameIndex.keys()].filter((k) => k !== lastKey && spellingVariant(k, lastKey));
      if (variants.length === 1) draft = lastFullMention(surnameIndex.get(variants[0])!, s.start);
    }
    if (!draft && tokens.length === 1 && s.titled && firstNameIndex.get(firstKey)?.length === 1) {
      // "Mr. Kim" after "Kim Jong-un": a title never goes before a Western first name.
      draft = firstNameIndex.get(firstKey)![0];
    }
    if (!draft && tokens.length === 1 && firstNameIndex.has(firstKey) && firstNameIndex.get(firstKey)!.length === 1
      && !surnameIndex.has(firstKey)) {
      draft = firstNameIndex.get(firstKey)![0];
      kind = 'name';
    }
    if (!draft && tokens.length > 1 && surnameIndex.has(firstKey) && s.headline) {
      draft = lastFullMention(surnameIndex.get(firstKey)!, s.start);
    }
    if (!draft) continue;
    if (tokens.length > 1 && !full && !s.headline) {
      // "Donald Trump Jr." vs "Donald Trump": only link when the words are part of the known name.
      const known = new Set(draft.words.map(stripDots));
      if (!tokens.every((w) => known.has(stripDots(w.lower)))) continue;
    }
    if (s.titled) kind = 'titled';
    addMention(draft.mentions, text, s, kind);
    linked.push([s, draft]);
    for (const w of s.words) personWordIndexes.add(w.start);
  }
  return linked;
}

/** Genders from honorifics, roles, the people kept in order of first mention, descriptions, and the entities no person overlaps. */
function assemblePeople(
  text: string, words: Word[], drafts: Draft[], accepted: { sighting: NameSighting; draft: Draft }[], linked: [NameSighting, Draft][],
  personWordIndexes: Set<number>, entities: NamedEntity[],
): PeopleResult {
  // Genders from honorifics ("Mr. Kew").
  for (const d of drafts) {
    if (d.gender) continue;
    for (const m of d.mentions) {
      if (m.kind !== 'titled') continue;
      const honorific = m.text.split(/\s+/)[0].toLowerCase();
      const g = HONORIFICS[honorific];
      if (g) {
        d.gender = g;
        break;
      }
    }
  }

  // ---- Roles: titles before the name and appositives after it.
  for (const { sighting, draft } of accepted) addRoles(text, words, sighting, draft.roles, personWordIndexes);
  for (const [s, d] of linked) if (!s.headline) addRoles(text, words, s, d.roles, personWordIndexes);

  // ---- Keep people with at least one mention, in order of first mention.
  const kept = drafts.filter((d) => d.mentions.length > 0);
  for (const d of kept) d.mentions.sort((a, b) => a.start - b.start);
  kept.sort((a, b) => a.mentions[0].start - b.mentions[0].start);
  const people: Person[] = [];
  const genders = new Map<string, Gender>();
  kept.forEach((d, i) => {
    d.key = `p${i + 1}`;
    d.mentions.sort((a, b) => a.start - b.start);
    const aliases: string[] = [];
    for (const m of d.mentions) if (m.text !== d.name && !aliases.includes(m.text)) aliases.push(m.text);
    people.push({ key: d.key, name: d.name, aliases, mentions: d.mentions, roles: dedupeRoles(d.roles) });
    genders.set(d.key, d.gender);
  });

  // ---- Descriptions ("the Russian leader") linked when exactly one person fits.
  linkDescriptions(text, people);

  const mentions: MentionRef[] = [];
  for (const p of people) for (const m of p.mentions) mentions.push({ start: m.start, end: m.end, key: p.key, kind: m.kind });
  mentions.sort((a, b) => a.start - b.start);

  // Entities must not overlap people.
  const personSpans = mentions;
  const filtered = entities.filter((e) => {
    const i = spanContaining(personSpans, e.start);
    const j = spanContaining(personSpans, e.end - 1);
    const overlaps = (k: number) => k >= 0 && personSpans[k].start < e.end && personSpans[k].end > e.start;
    return !overlaps(i) && !overlaps(j);
  });
  filtered.sort((a, b) => a.start - b.start);
  return { people, entities: filtered, mentions, genders };
}

/**
 * Two spellings of one surname inside an article ("Zelensky" / "Zelenskyy", "Gadhafi" / "Qadhafi" is
 * too far): same first letter, at least five letters, one edit apart (two for nine letters or more).
 */
export function spellingVariant(a: string, b: string): boolean {
  if (a === b) return true;
  if (a[0] !== b[0] || Math.min(a.length, b.length) < 5) return false;
  return editDistance(a, b, 2) <= (Math.min(a.length, b.length) >= 9 ? 2 : 1);
}

/**
 * The people of an article, their mentions and roles, and the places and organisations no person
 * overlaps. Its phases are functions of their own: V8 optimises one function at a time, and the whole
 * of it in one, recompiled after each new kind of input it met, took half a second and about 30 MB
 * of compiler memory each time (docs/performance.md, run 22).
 */
export function findPeople(
  text: string, words: Word[], paragraphs: Paragraph[], sentences: Sentence[], headlineParagraphs: Set<number>,
): PeopleResult {
  // Words written in lower case somewhere in the article are ordinary words, not names.
  const lowerSeen = new Set<string>();
  for (const w of words) if (!w.cap) lowerSeen.add(w.lower);
  const sentenceStarts = new Set<number>();
  for (const s of sentences) sentenceStarts.add(s.start);
  for (const p of paragraphs) sentenceStarts.add(p.start);

  const surnamesAfterFirst = surnamesAfterFirstNames(text, words, headlineParagraphs, lowerSeen, sentenceStarts);
  const classifyCap = (w: Word) => classify(w, lowerSeen, sentenceStarts, text, surnamesAfterFirst);
  const classified = words.map((w) => (w.cap ? classifyCap(w) : lowerCaseWord(w)));

  const runs = capitalisedRuns(text, words, classified);

  const sightings: NameSighting[] = [];
  const entities: NamedEntity[] = [];
  const personWordIndexes = new Set<number>();

  for (const r of runs) sightingsOfRun(r, text, words, classified, headlineParagraphs, sightings, entities);

  // ---- Decide which sightings are people.
  const drafts: Draft[] = [];
  const byName = new Map<string, Draft>();
  const accepted: { sighting: NameSighting; draft: Draft }[] = [];
  const pending: NameSighting[] = [];

  const addDraft = (names: Word[]): Draft => {
    const name = names.map((w) => w.text).join(' ');
    const norm = stripDots(name.toLowerCase());
    let draft = byName.get(norm);
    if (!draft) {
      // Same first and last word as a known person ("Donald J. Trump" / "Donald Trump").
      const firstLower = stripDots(names[0].lower);
      const lastLower = stripDots(names[names.length - 1].lower);
      draft = drafts.find((d) => d.words.length > 1 && stripDots(d.words[0]) === firstLower
        && stripDots(d.words[d.words.length - 1]) === lastLower);
      // The same first name with a variant spelling of the surname ("Volodymyr Zelenskyy" / "... Zelensky").
      draft ??= names.length > 1 ? drafts.find((d) => d.words.length > 1 && stripDots(d.words[0]) === firstLower
        && spellingVariant(stripDots(d.words[d.words.length - 1]), lastLower)) : undefined;
      if (draft && name.length > draft.name.length) draft.name = name;
    }
    if (!draft) {
      const c = lexiconTags(names[0].lower);
      draft = {
        key: '',
        name,
        words: names.map((w) => w.lower),
        gender: c.includes('MaleName') ? 'male' : c.includes('FemaleName') ? 'female' : null,
        mentions: [],
        roles: [],
      };
      drafts.push(draft);
    }
    byName.set(norm, draft);
    return draft;
  };

  // Last words the article uses alone with evidence of a person ("said Joseph, who has four children"):
  // a two-word name ending in one of them is a person's name even without evidence of its own.
  // The word must not be used alone before the full name: news gives the full name first, so an earlier
  // bare word ("Trump said … first lady Jane Trump") is someone else.
  const spokenAlone = new Map<string, number>();
  const firstAlone = new Map<string, number>();
  for (const s of sightings) {
    if (s.words.length !== 1 || s.headline) continue;
    const key = stripDots(s.words[0].lower);
    if (!firstAlone.has(key)) firstAlone.set(key, s.start);
    if (s.evidence > 0 && !spokenAlone.has(key)) spokenAlone.set(key, s.start);
  }
  const speaksAloneLater = (s: NameSighting): boolean => {
    const key = stripDots(s.words[s.words.length - 1].lower);
    return spokenAlone.has(key) && (firstAlone.get(key) ?? 0) > s.start;
  };
  for (const s of sightings) {
    if (s.words.length >= 2 && !s.headline) {
      const c0 = classifyCap(s.words[0]);
      const unknownWords = s.words.every((w) => {
        const tags = lexiconTags(w.lower);
        return tags.length === 0 || tags.some((t) => NAME_TAGS.has(t)) || /^\p{Lu}\.$/u.test(w.text);
      });
      const personish = c0.firstName || s.titled || (unknownWords && (s.evidence > 0 || speaksAloneLater(s)))
        || (unknownWords && s.words.length >= 2 && classifyCap(s.words[s.words.length - 1]).lastName);
      if (personish) {
        const draft = addDraft(s.words);
        accepted.push({ sighting: s, draft });
        continue;
      }
    }
    pending.push(s);
  }

  // Single words and headline names: link to a known person, or a titled single name ("Mr. Smith").
  const surnameIndex = new Map<string, Draft[]>();
  const firstNameIndex = new Map<string, Draft[]>();
  const indexDraft = (d: Draft) => {
    const last = stripDots(d.words[d.words.length - 1]);
    if (!surnameIndex.has(last)) surnameIndex.set(last, []);
    if (!surnameIndex.get(last)!.includes(d)) surnameIndex.get(last)!.push(d);
    if (d.words.length > 1) {
      const first = stripDots(d.words[0]);
      if (!firstNameIndex.has(first)) firstNameIndex.set(first, []);
      if (!firstNameIndex.get(first)!.includes(d)) firstNameIndex.get(first)!.push(d);
    }
  };
  drafts.forEach(indexDraft);

  // Role nouns and honorific genders of each person's titled full-name sightings ("first lady Jane Roe").
  const draftRoles = new Map<Draft, Set<string>>();
  const sightingRoles = (s: NameSighting): string[] => (s.title
    ? text.slice(s.title.start, s.title.end).toLowerCase().split(/\s+/).map((w) => stripDots(w)).filter((w) => ROLE_NOUNS.has(w) || w === 'lady')
    : []);
  const sightingGender = (s: NameSighting): Gender => {
    const first = s.title ? text.slice(s.title.start, s.title.end).split(/\s+/)[0].toLowerCase() : '';
    return HONORIFICS[first] ?? null;
  };
  const draftFirstSeen = new Map<Draft, number>();
  for (const { sighting, draft } of accepted) {
    if (!draftFirstSeen.has(draft)) draftFirstSeen.set(draft, sighting.start);
    const set = draftRoles.get(draft) ?? draftRoles.set(draft, new Set()).get(draft)!;
    for (const r of sightingRoles(sighting)) set.add(r);
  }
  /**
   * Whether a titled short form can stand for `d`: not when the honorific's gender differs ("Mr. Roe"
   * is not Jane Roe), when both carry role nouns and none is shared ("President Roe" is not "first
   * lady Jane Roe"), or when the short form comes before the person's first full name.
   */
  const compatible = (s: NameSighting, d: Draft): boolean => {
    // News gives the full name first: a titled short form before it names someone else.
    if (d.words.length > 1 && (draftFirstSeen.get(d) ?? 0) > s.start) return false;
    const g = sightingGender(s);
    if (g && d.gender && g !== d.gender) return false;
    const roles = sightingRoles(s);
    const known = draftRoles.get(d);
    if (roles.length && known && known.size && !roles.some((r) => known.has(r))) return false;
    return true;
  };
  // Titled single names create people when nobody else matches ("President Trump" without a first name),
  // unless they name the one person whose full name starts with that word ("Mr. Kim" for "Kim Jong-un").
  for (const s of pending) {
    if (s.words.length === 1 && s.titled && !s.headline) {
      const key = stripDots(s.words[0].lower);
      const holders = surnameIndex.get(key) ?? [];
      if (holders.some((d) => compatible(s, d)) || classifyCap(s.words[0]).common) continue;
      if (!holders.length && firstNameIndex.get(key)?.length === 1) continue;
      const d = addDraft(s.words);
      if (s.title) d.gender ??= sightingGender(s);
      draftRoles.set(d, new Set(sightingRoles(s)));
      indexDraft(d);
    }
  }
  // Single names the lexicon knows as surnames, said to speak ("Clinton said"), also create people.
  for (const s of pending) {
    if (s.words.length === 1 && !s.headline && s.evidence > 0) {
      const c = classifyCap(s.words[0]);
      const key = stripDots(s.words[0].lower);
      // Known surnames, and words the lexicon does not know at all that the article never writes in
      // lower case ("Limbaugh told ...").
      const lower = s.words[0].lower;
      const next = words[indexOfWordAt(words, s.start) + 1];
      const unknown = lexiconTags(lower).length === 0 && !lowerSeen.has(lower)
        && !(lower.endsWith('s') && lexiconTags(lower.replace(/e?s$/, '')).length > 0)
        && /^\p{Lu}\p{Ll}{2,}/u.test(s.words[0].text) && !c.org && !c.title && !c.demonym
        && next !== undefined && SPEECH_VERBS.has(next.lower) && onlySpaces(text, s.end, next.start);
      // A first name alone that speaks ("Melanie said", "said Melanie"): feature stories name ordinary
      // people that way. Only when no full name in the article starts with it (checked below).
      const prev = words[indexOfWordAt(words, s.start) - 1];
      // After the verb, the name must end the clause ("said Melanie," — not "says Chelsea explosion").
      const speaks = (next !== undefined && SPEECH_VERBS.has(next.lower) && onlySpaces(text, s.end, next.start))
        || (prev !== undefined && /^(?:said|says)$/.test(prev.lower) && onlySpaces(text, prev.end, s.start)
          && /^\s*(?:[,.;:!?]|$)/.test(text.slice(s.end, s.end + 2)));
      const firstNameSpeaker = c.firstName && speaks && !c.title && !c.org && !c.demonym;
      if ((c.lastName || unknown || firstNameSpeaker) && !c.common && !c.place && !surnameIndex.has(key) && !firstNameIndex.has(key)) {
        const d = addDraft(s.words);
        indexDraft(d);
      }
    }
  }

  // Mentions of full names.
  for (const { sighting, draft } of accepted) {
    addMention(draft.mentions, text, sighting, 'name');
    for (const w of sighting.words) personWordIndexes.add(w.start);
  }

  const linked = linkPending(pending, text, byName, surnameIndex, firstNameIndex, draftFirstSeen, compatible, personWordIndexes);

  // Transcript labels (`"ROE: Well, …`): the surname of a person the article names, or a speaker of
  // their own when the label opens two turns or more (the host is often named only in the labels).
  const labels = new Map<string, Span[]>();
  for (const p of paragraphs) {
    const m = TRANSCRIPT_LABEL.exec(text.slice(p.start, p.start + 60));
    if (!m || NOT_SPEAKER_LABELS.has(m[1].toLowerCase())) continue;
    const at = text.indexOf(m[1], p.start);
    const list = labels.get(m[1]) ?? labels.set(m[1], []).get(m[1])!;
    list.push({ start: at, end: at + m[1].length });
  }
  for (const [label, spans] of labels) {
    const parts = label.split(/\s+/).map((w) => w.charAt(0) + w.slice(1).toLowerCase());
    const key = stripDots(parts[parts.length - 1].toLowerCase());
    let draft: Draft | undefined;
    const holders = surnameIndex.get(key);
    if (holders?.length) {
      draft = holders.find((d) => d.words.length === 1) ?? holders.reduce((a, b) => ((draftFirstSeen.get(b) ?? Infinity) < (draftFirstSeen.get(a) ?? Infinity) ? b : a));
    } else if (spans.length >= 2 && parts.every((w) => lexiconTags(w.toLowerCase()).every((t) => NAME_TAGS.has(t)))) {
      draft = addDraft(parts.map((w, i) => ({ ...words[0], start: spans[0].start + i, end: spans[0].start + i, text: w, lower: w.toLowerCase(), cap: true, possessive: false })));
      indexDraft(draft);
    }
    if (!draft) continue;
    for (const span of spans) {
      if (!draft.mentions.some((x) => x.start === span.start)) draft.mentions.push({ ...span, text: text.slice(span.start, span.end), kind: parts.length > 1 ? 'name' : 'surname' });
    }
  }

  // Hyphenated pairs of known surnames: "the Trump-Putin meeting".
  for (const w of words) {
    if (!w.cap || !w.text.includes('-') || personWordIndexes.has(w.start)) continue;
    const parts = w.text.split('-');
    if (parts.length < 2) continue;
    let offset = w.start;
    for (const part of parts) {
      const ds = surnameIndex.get(stripDots(part.toLowerCase()));
      if (ds && /^\p{Lu}/u.test(part)) {
        const d = lastFullMention(ds, offset);
        d.mentions.push({ start: offset, end: offset + part.length, text: part, kind: 'surname' });
      }
      offset += part.length + 1;
    }
  }

  return assemblePeople(text, words, drafts, accepted, linked, personWordIndexes, entities);
}

function onlySpaces(text: string, from: number, to: number): boolean {
  if (to - from > 3 || to < from) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 160) return false;
  }
  return true;
}

/** Tests turn the first-word check of multi-word lexicon lookups off to compare with every phrase looked up. */
export const peopleChecks = { phraseStarts: true };
/** Stands in for the first words of multi-word entries when the check is off: every word may start one. */
const ANY_WORD = { has: (_word: string) => true };

const MONTH_OR_WEEKDAY = new Set([...MONTHS, ...WEEKDAYS]);

/** Lower-case words are never names; only connectors ("bin", "de") and "of" matter in a run. */
function lowerCaseWord(w: Word): Classified {
  return {
    word: w, firstName: false, lastName: false, place: false, org: false, title: TITLE_WORDS.has(w.lower), demonym: false,
    common: true, connector: CONNECTORS.has(w.lower), gender: null,
  };
}

/** What `classify` reads from a word's lower-case form alone (the lexicon and the word lists). */
interface Lexical {
  all: readonly string[];
  firstName: boolean;
  lastName: boolean;
  nameTagged: boolean;
  place: boolean;
  org: boolean;
  title: boolean;
  /** Tagged a demonym or a nationality word (the spelling "U.S." is checked per word). */
  demonym: boolean;
  isMonth: boolean;
  functionWord: boolean;
  properNoun: boolean;
  connector: boolean;
  gender: Gender;
}

/** Lower-case form → its lexical facts, shared by every article of the process; cleared when large. */
const lexicalCache = new Map<string, Lexical>();
const LEXICAL_KEPT = 50_000;

function lexical(lower: string): Lexical {
  let x = lexicalCache.get(lower);
  if (x) return x;
  const bare = stripDots(lower);
  const tags = lexiconTags(lower);
  const tagsBare = bare !== lower ? lexiconTags(bare) : tags;
  const all = tags.length ? tags : tagsBare;
  const firstName = all.includes('MaleName') || all.includes('FemaleName') || all.includes('FirstName');
  const lastName = all.includes('LastName') || all.includes('Person');
  x = {
    all,
    firstName,
    lastName,
    nameTagged: firstName || lastName,
    place: all.some((t) => PLACE_TAGS.has(t)) && !firstName,
    org: ORG_WORDS.has(lower) || ORG_WORDS.has(bare) || all.includes('Organization'),
    title: TITLE_WORDS.has(bare) || TITLE_WORDS.has(lower),
    demonym: all.includes('Demonym') || NATIONALITY[lower] !== undefined,
    isMonth: MONTH_OR_WEEKDAY.has(lower),
    functionWord: FUNCTION_WORDS.has(lower),
    properNoun: all.includes('ProperNoun'),
    connector: CONNECTORS.has(lower),
    gender: all.includes('MaleName') ? 'male' : all.includes('FemaleName') ? 'female' : null,
  };
  if (lexicalCache.size >= LEXICAL_KEPT) lexicalCache.clear();
  lexicalCache.set(lower, x);
  return x;
}

function classify(w: Word, lowerSeen: Set<string>, sentenceStarts: Set<number>, text: string, surnames?: Set<string>): Classified {
  const lower = w.lower;
  const x = lexical(lower);
  const { firstName, place, org, title, isMonth } = x;
  const demonym = x.demonym || /^(?:\p{Lu}\.){2,}$/u.test(w.text);
  let common = isMonth || x.functionWord;
  if (!common && !x.nameTagged) {
    common = lowerSeen.has(lower) || (x.all.length > 0 && !x.properNoun && !place && !org);
  } else if (!common && firstName && lowerSeen.has(lower)
    && (sentenceStarts.has(w.start) || /["“‘(]$/.test(text.slice(Math.max(0, w.start - 1), w.start)))) {
    // A first name at the start of a sentence that the article also writes in lower case.
    common = true;
  }
  const acronym = /^\p{Lu}{2,}$/u.test(w.text) && w.text.length <= 6;
  if (acronym) common = true;
  const knownSurname = !acronym && surnames !== undefined && surnames.has(lower) && !x.functionWord && !isMonth;
  if (knownSurname) common = false;
  // Generational suffixes ("Vann R. Newkirk II") are not acronyms of organisations.
  const generational = /^(?:II|III|IV)$/.test(w.text);
  // Upper-case words ("TRUMP") in a shouted headline are not judged as names.
  return {
    word: w,
    firstName,
    lastName: x.lastName || knownSurname,
    place: place && !knownSurname,
    org: (org || acronym) && !generational,
    title: title && !(knownSurname && SURNAME_TITLES.has(lower)),
    demonym,
    common,
    connector: x.connector && !w.cap ? true : x.connector && lower === 'bin',
    gender: x.gender,
  };
}

function isNameable(c: Classified): boolean {
  const w = c.word;
  if (!w.cap) return false;
  if (/^\p{Lu}\.$/u.test(w.text)) return true; // initial
  if (c.title || c.demonym || c.org || c.common) return c.firstName && !c.title && !c.common && !c.org;
  if (c.place) return c.lastName;
  return /^\p{Lu}[\p{Ll}\p{M}'’-]/u.test(w.text) || /^\p{Lu}\p{Ll}*\p{Lu}\p{Ll}+/u.test(w.text);
}

/** Evidence from the words around a name that it names a person: speech verbs, appositives. */
function evidenceAround(text: string, words: Word[], firstIndex: number, lastIndex: number): number {
  let evidence = 0;
  const next = words[lastIndex + 1];
  const afterGap = next ? text.slice(words[lastIndex].end, next.start) : '';
  if (next && PERSON_VERBS.has(next.lower) && /^['’s]*\s+$/.test(afterGap)) evidence++;
  // "As Jane Roe (recently) put it": the idiom quotes a person.
  const putAt = next && /^\p{Ll}+ly$/u.test(next.text) ? lastIndex + 2 : lastIndex + 1;
  if (words[putAt]?.lower === 'put' && words[putAt + 1]?.lower === 'it' && words[firstIndex - 1]?.lower === 'as') evidence++;
  if (next && /^,\s*$/.test(afterGap)) {
    // ", a former ambassador," / ", dean of ..." / ", 45,"
    for (let j = lastIndex + 1; j < Math.min(words.length, lastIndex + 6); j++) {
      if (ROLE_NOUNS.has(stripDots(words[j].lower))) {
        evidence++;
        break;
      }
      if (/[.;:]/.test(text.slice(words[j - 1].end, words[j].start))) break;
    }
    if (/^\d{2}$/.test(next.text)) evidence++;
    // ", who runs the campaign's outreach": a relative clause about a person.
    if (next.lower === 'who') evidence++;
  }
  // `"..." ― Jane Doe` signing a quote.
  const lineBefore = text.slice(Math.max(0, words[firstIndex].start - 6), words[firstIndex].start);
  if (/["”'’]\s*[—―–-]{1,2}\s*$/.test(lineBefore)) evidence++;
  const prev = words[firstIndex - 1];
  if (prev) {
    const gap = text.slice(prev.end, words[firstIndex].start);
    if (/^,?\s+$/.test(gap) && (SPEECH_VERBS.has(prev.lower) || ROLE_NOUNS.has(stripDots(prev.lower)))) evidence++;
    if (/^\s+$/.test(gap) && (prev.lower === 'said' || prev.lower === 'says')) evidence++;
    // "according to X", "hydrologist X": a profession noun right before the name.
    if (/^\s+$/.test(gap) && prev.lower === 'to' && words[firstIndex - 2]?.lower === 'according') evidence++;
    if (/^\s+$/.test(gap) && !prev.cap && prev.lower.length >= 6 && /(?:ist|ian|or|er|ant|ent)$/.test(prev.lower)
      && !FUNCTION_WORDS.has(prev.lower)) evidence++;
  }
  return evidence;
}

function addMention(mentions: PersonMention[], text: string, s: NameSighting, kind: PersonMention['kind']): void {
  let start = s.start;
  if (kind === 'titled' && s.title) start = s.title.start;
  if (mentions.some((m) => m.start === start)) return;
  mentions.push({ start, end: s.end, text: text.slice(start, s.end), kind });
}

function collectEntities(
  r: number[], consumed: Set<number>, blockedPositions: Set<number>, words: Word[], classified: Classified[], out: NamedEntity[],
  headline: boolean,
): void {
  const blocked = new Set([...blockedPositions].map((j) => r[j]));
  let segment: number[] = [];
  const emit = () => {
    // Trim function words, titles and demonyms at the edges.
    while (segment.length && !blocked.has(segment[0]) && (FUNCTION_WORDS.has(words[segment[0]].lower) || words[segment[0]].lower === 'of'
      || (classified[segment[0]].common && !classified[segment[0]].org && !classified[segment[0]].demonym && !classified[segment[0]].place && segment.length > 1
        && !classified[segment[1]].org))) segment.shift();
    while (segment.length && (FUNCTION_WORDS.has(words[segment[segment.length - 1]].lower) || words[segment[segment.length - 1]].lower === 'of')) segment.pop();
    if (!segment.length) {
      segment = [];
      return;
    }
    const ws = segment.map((i) => words[i]);
    const cs = segment.map((i) => classified[i]);
    const phrase = ws.map((w) => w.lower).join(' ');
    const tags = lexiconTags(phrase);
    let kind: NamedEntity['kind'] | null = null;
    if (ws.some((w) => ROLE_NOUNS.has(stripDots(w.lower)))) {
      segment = [];
      return;
    }
    const lastWord = ws[ws.length - 1].lower;
    if (tags.includes('Organization')) kind = 'organization';
    else if (tags.some((t) => PLACE_TAGS.has(t))) kind = 'place';
    else if (headline) kind = null;
    else if (ws.length > 1 && cs.some((c) => c.org) && ws.some((w) => w.lower !== 'of')) {
      kind = cs.some((c, i) => i > 0 && PLACE_WORDS.has(c.word.lower)) || (PLACE_WORDS.has(ws[0].lower) && ws.length > 1) ? 'place' : 'organization';
    } else if (ws.length === 1 && cs[0].place && !cs[0].demonym) kind = 'place';
    else if (ws.length === 1 && cs[0].org && /^\p{Lu}{2,6}$/u.test(ws[0].text)) kind = 'organization';
    else if (ws.length === 1 && lexiconTags(lastWord).includes('Organization')) kind = 'organization';
    else if (ws.length > 1 && cs.every((c) => c.place || c.word.lower === 'of')) kind = 'place';
    if (kind && !(ws.length === 1 && TITLE_WORDS.has(lastWord))) {
      const start = ws[0].start;
      const end = ws[ws.length - 1].end;
      out.push({ start, end, text: ws.map((w, i) => (i ? ' ' : '') + w.text).join(''), kind });
    }
    segment = [];
  };
  for (let j = 0; j < r.length; j++) {
    if (consumed.has(j)) {
      emit();
      continue;
    }
    segment.push(r[j]);
    if (words[r[j]].possessive) emit();
  }
  emit();
}

// ---- Roles

const APPOSITIVE_STOP = /[.;:!?"“”()\[\]—–]|,/;

function addRoles(text: string, words: Word[], s: NameSighting, roles: RolePhrase[], personWords: Set<number>): void {
  // Title before the name: extend backwards over lower-case role words ("special envoy", "opposition lawmaker").
  const firstIdx = indexOfWordAt(words, s.start);
  if (firstIdx < 0) return;
  let i = firstIdx - 1;
  let begin = -1;
  let sawRole = false;
  // Allow one comma right before the name ("Ukraine's president, Volodymyr Zelenskyy").
  let commaUsed = false;
  while (i >= 0 && firstIdx - i <= 7) {
    const w = words[i];
    const gap = text.slice(w.end + (w.possessive ? 2 : 0), words[i + 1].start);
    if (/\n/.test(gap)) break;
    if (!/^\s+$/.test(gap)) {
      if (!commaUsed && i === firstIdx - 1 && /^,\s+$/.test(gap)) {
        commaUsed = true;
      } else if (!(w.possessive && /^\s+$/.test(gap.slice(0)))) {
        break;
      }
    }
    const bare = stripDots(w.lower);
    const isRoleWord = TITLE_WORDS.has(bare) || ROLE_NOUNS.has(bare);
    const isNational = NATIONALITY[w.lower] !== undefined || lexiconTags(w.lower).includes('Demonym')
      || /^(?:\p{Lu}\.){2,}$/u.test(w.text) || (w.possessive && w.cap);
    const isQualifier = /^(?:former|special|top|senior|chief|deputy|acting|then|opposition|veteran|longtime|foreign|state|defense|prime|vice|first|executive|national|security|press|campaign|presidential|democratic|republican|diplomatic|political|military|white|house|of|the)$/.test(w.lower)
      || (w.cap && begin >= 0 && !isRoleWord && !FUNCTION_WORDS.has(w.lower) && w.lower !== 'and');
    if (isRoleWord || isNational || isQualifier) {
      if (ROLE_NOUNS.has(bare) || TITLE_WORDS.has(bare)) sawRole = sawRole || ROLE_NOUNS.has(bare);
      begin = i;
      i--;
      continue;
    }
    break;
  }
  if (begin >= 0 && sawRole) {
    while (begin < firstIdx && /^(?:of|the|and)$/.test(words[begin].lower)) begin++;
    let end = words[firstIdx - 1].end + (words[firstIdx - 1].possessive ? 2 : 0);
    const phrase = text.slice(words[begin].start, end).replace(/,\s*$/, '');
    end = words[begin].start + phrase.length;
    // Honorifics alone are not roles.
    if (!/^(?:mr|mrs|ms|miss|dr|sir|dame)\.?$/i.test(phrase) && phrase.length > 1) {
      roles.push({ start: words[begin].start, end, text: phrase });
    }
  }
  // Appositive after the name: ", a former German ambassador," / ", dean of the ... School".
  const lastIdx = indexOfWordAt(words, s.words[s.words.length - 1].start);
  if (lastIdx < 0 || lastIdx + 1 >= words.length) return;
  const next = words[lastIdx + 1];
  const gap = text.slice(words[lastIdx].end, next.start);
  if (!/^,\s+$/.test(gap)) return;
  const startWord = next.lower;
  const opensRole = /^(?:a|an|the|former|ex|then|his|her|their|its|one|another|also|now|currently|senior|chief|deputy|top)$/.test(startWord)
    || ROLE_NOUNS.has(stripDots(startWord)) || TITLE_WORDS.has(stripDots(startWord)) || (next.cap && next.possessive)
    || (next.cap && !personWords.has(next.start));
  if (!opensRole) return;
  if (/^(?:who|which|that|and|but|in|at|on|for|with|said|says|told|whose|where|when|however|who's|he|she|they|it|as)$/.test(startWord)) return;
  let j = lastIdx + 1;
  let sawNoun = false;
  while (j < words.length && j - lastIdx <= 16) {
    const w = words[j];
    if (personWords.has(w.start)) return;
    if (ROLE_NOUNS.has(stripDots(w.lower)) && j - lastIdx <= 6) sawNoun = true;
    const nextWord = words[j + 1];
    if (!nextWord) {
      j++;
      break;
    }
    const between = text.slice(w.end, nextWord.start);
    if (APPOSITIVE_STOP.test(between.replace(/^['’]s/, '')) || /\n/.test(between)) {
      j++;
      break;
    }
    if (/^(?:who|which|said|says|told|added|warned|declared|described|argued|noted|wrote|explained)$/.test(nextWord.lower)) {
      j++;
      break;
    }
    j++;
  }
  if (!sawNoun) return;
  const endWord = words[j - 1];
  const start = next.start;
  const end = endWord.end + (endWord.possessive ? 2 : 0);
  if (end - start > 160) return;
  roles.push({ start, end, text: text.slice(start, end) });
}

function indexOfWordAt(words: Word[], offset: number): number {
  let lo = 0;
  let hi = words.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid].start === offset) return mid;
    if (words[mid].start < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function dedupeRoles(roles: RolePhrase[]): RolePhrase[] {
  const seen = new Set<string>();
  const out: RolePhrase[] = [];
  for (const r of roles.sort((a, b) => a.start - b.start)) {
    if (seen.has(`${r.start}:${r.end}`)) continue;
    seen.add(`${r.start}:${r.end}`);
    out.push(r);
  }
  return out;
}

// ---- Descriptions

const DESCRIPTION = /\b([Tt]he)\s+((?:[A-Z][\w.'’-]*|former|top|then|longtime|embattled|veteran|outgoing|incoming)\s+){0,3}(leader|president|premier|chancellor|minister|secretary|envoy|senator|governor|candidate|nominee|director|chief|ambassador|dean|spokesman|spokeswoman|king|queen|monarch|ruler|strongman|head|mayor|lawmaker|editor|official|diplomat|pope)\b/g;

function linkDescriptions(text: string, people: Person[]): void {
  if (!people.length) return;
  const roleWords = people.map((p) => {
    const set = new Set<string>();
    for (const r of p.roles) {
      for (const raw of r.text.toLowerCase().split(/[\s,]+/)) {
        const w = raw.replace(/['’]s$/, '');
        set.add(w);
        if (NATIONALITY[w]) set.add(`@${NATIONALITY[w]}`);
      }
      const lower = r.text.toLowerCase();
      for (const key of Object.keys(NATIONALITY)) if (key.includes(' ') && lower.includes(key)) set.add(`@${NATIONALITY[key]}`);
    }
    return set;
  });
  DESCRIPTION.lastIndex = 0;
  for (let m = DESCRIPTION.exec(text); m; m = DESCRIPTION.exec(text)) {
    const noun = m[3].toLowerCase();
    if (!DESCRIPTION_NOUNS.has(noun)) continue;
    const middle = m[0].slice(m[1].length).trim().split(/\s+/).slice(0, -1).map((w) => w.toLowerCase().replace(/['’]s$/, ''));
    // Needs a nationality or organisation word to be specific ("the Russian leader", not "the leader").
    const nations = middle.map((w) => NATIONALITY[w]).filter((x): x is string => !!x);
    const others = middle.filter((w) => !NATIONALITY[w] && !/^(?:former|top|then|longtime|embattled|veteran|outgoing|incoming)$/.test(w));
    // A bare title ("the president") only for titles one person holds at a time.
    if (!nations.length && !others.length && !/^(?:president|chancellor|premier|pope|governor|mayor|senator|secretary|king|queen)$/.test(noun)) continue;
    const fits: number[] = [];
    people.forEach((_person, i) => {
      const words = roleWords[i];
      const nounFits = words.has(noun) || (noun === 'leader' && [...LEADER_ROLES].some((r) => words.has(r)));
      if (!nounFits) return;
      if (!nations.every((n) => words.has(`@${n}`))) return;
      if (!others.every((w) => words.has(w))) return;
      if (middle.includes('former') && !words.has('former')) return;
      fits.push(i);
    });
    if (fits.length !== 1) continue;
    const p = people[fits[0]];
    const start = m.index;
    const end = m.index + m[0].length;
    if (p.mentions.some((x) => x.start < end && x.end > start)) continue;
    // "the U.S. President Donald Trump": a title before a name, not a description.
    if (people.some((q) => q.mentions.some((x) => x.start >= end && x.start <= end + 3))) continue;
    p.mentions.push({ start, end, text: m[0], kind: 'description' });
    p.mentions.sort((a, b) => a.start - b.start);
    if (!p.aliases.includes(m[0])) p.aliases.push(m[0]);
  }
}
