/**
 * People across articles: links the Person records of different articles that name the same real
 * person, tolerating spelling variants ("Zelensky" / "Zelenskyy", "Volodymyr" / "Volodimir").
 */

import type { Article, PersonEntity } from '../model';
import { DisjointSets, slug } from './text';

const TITLES = new Set(
  (
    'mr mrs ms miss dr prof president vice prime minister secretary senator sen rep representative gov ' +
    'governor gen general col colonel lt capt captain adm admiral sir dame lord lady king queen prince ' +
    'princess pope rev reverend judge justice chancellor ambassador envoy chairman chair mayor sheikh ' +
    'former acting deputy foreign defense defence state special russian ukrainian american us u.s. the'
  ).split(/\s+/),
);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

export interface NameParts {
  /** Lower-case first given name (or initial), null when the article gives only a surname. */
  first: string | null;
  /** Lower-case surname without diacritics. */
  surname: string;
  /** The surname as written. */
  surnameAsWritten: string;
  firstAsWritten: string | null;
}

function fold(word: string): string {
  return word.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[’']/g, "'");
}

/**
 * A given name of two syllables written with a hyphen or a space ("Jong-un" / "Jong Un", "Jae-in"),
 * as in Korean names written surname first: the hyphen joins a lower-case or short second part to a
 * short first part. Double-barrelled surnames ("Day-Lewis", "Smith-Jones") have longer capitalised parts.
 */
const SYLLABLE_PAIR = /^(\p{Lu}\p{Ll}{1,3})-(\p{Ll}{1,4}|\p{Lu}\p{Ll}{0,3})$/u;

export function parseName(name: string): NameParts | null {
  const raw = name
    .replace(/[’]/g, "'")
    .split(/\s+/)
    .map((t) => t.replace(/^[^\p{L}]+|[^\p{L}.'-]+$/gu, '').replace(/'s$/, ''))
    .filter((t) => t.length > 0);
  while (raw.length > 1 && TITLES.has(fold(raw[0]).replace(/\.$/, ''))) raw.shift();
  while (raw.length > 1 && SUFFIXES.has(fold(raw[raw.length - 1]).replace(/\.$/, ''))) raw.pop();
  if (raw.length === 0) return null;
  // "Kim Jong-un" is read as "Kim Jong Un": the key is the last syllable either way, and the name as
  // written keeps both syllables ("Jong-un" / "Jong Un") so that the spelling difference can be reported.
  let surnameAsWritten = raw[raw.length - 1].replace(/\.$/, '');
  let tokens = raw;
  const pair = SYLLABLE_PAIR.exec(surnameAsWritten);
  if (pair) {
    // Alone ("Jong-un"), the given name stands for the person as a surname does.
    tokens = raw.length === 1 ? [pair[2]] : [...raw.slice(0, -1), pair[1], pair[2]];
  } else if (raw.length >= 3 && /^\p{Lu}\p{Ll}{1,3}$/u.test(raw[raw.length - 2]) && /^\p{Lu}\p{Ll}?$/u.test(surnameAsWritten)) {
    // "Kim Jong Un": a last part of one or two letters follows a short part; both are the given name.
    surnameAsWritten = `${raw[raw.length - 2]} ${surnameAsWritten}`;
  }
  const surname = fold(tokens[tokens.length - 1].replace(/\.$/, ''));
  if (!/\p{L}{2}/u.test(surname)) return null;
  if (tokens.length === 1) return { first: null, surname, surnameAsWritten, firstAsWritten: null };
  const firstAsWritten = tokens[0].replace(/\.$/, '');
  return { first: fold(firstAsWritten), surname, surnameAsWritten, firstAsWritten };
}

export function surnamesCompatible(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.min(a.length, b.length) < 5 || Math.abs(a.length - b.length) > 2) return false;
  if (a[0] !== b[0]) return false;
  return withinEditShare(a, b, 0.25);
}

export function firstNamesCompatible(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return true;
  if (a === b) return true;
  if (a[0] !== b[0]) return false;
  if (a.length === 1 || b.length === 1) return true;
  if (Math.min(a.length, b.length) < 5) return false;
  return withinEditShare(a, b, 0.34);
}

/**
 * `normalizedEditDistance(a, b) <= share` without computing distances that cannot qualify: the
 * largest distance that does is found first (by the same division), and the Levenshtein rows stop
 * as soon as every cell of one exceeds it (a row's minimum never decreases further down). The
 * reference comparison in test/core/crossref-exact.test.ts holds it to the plain computation.
 */
export function withinEditShare(a: string, b: string, share: number): boolean {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 0 <= share;
  let limit = -1;
  while (limit + 1 <= longer && (limit + 1) / longer <= share) limit++;
  if (limit < 0) return false;
  if (Math.abs(a.length - b.length) > limit) return false;
  const distance = boundedEditDistance(a, b, limit);
  return distance <= limit && distance / longer <= share;
}

/** Levenshtein distance when at most `limit`; otherwise some number above `limit`. */
function boundedEditDistance(a: string, b: string, limit: number): number {
  if (a === b) return 0;
  let prev = new Array<number>(b.length + 1);
  let row = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let least = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cell = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      row[j] = cell;
      if (cell < least) least = cell;
    }
    if (least > limit) return limit + 1;
    [prev, row] = [row, prev];
  }
  return prev[b.length];
}

/**
 * `slug(text)` (text.ts), for ASCII text without its Unicode normalisation and four regular
 * expressions (a warm start makes ten thousand story and person ids): letters lower-cased, every run
 * of other characters one hyphen, none at either end, at most 60 characters. Other text goes to `slug`.
 */
export function quickSlug(text: string): string {
  let out = '';
  let gap = false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 128) return slug(text);
    if (c >= 65 && c <= 90) c += 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (gap && out !== '') out += '-';
      gap = false;
      out += String.fromCharCode(c);
    } else gap = true;
  }
  if (out.length > 60) out = out.slice(0, 60).replace(/-+$/, '');
  return out || 'untitled';
}

export interface PeopleIndex {
  entities: PersonEntity[];
  /** `${file}\u0000${personKey}` → entity id. */
  entityOfMember: Map<string, string>;
  /** Parsed name per member key. */
  namesOfMember: Map<string, NameParts>;
}

export function memberKey(file: string, personKey: string): string {
  return `${file}\u0000${personKey}`;
}

/** Full names compared so far and the ones each may be (a spelling variant, an initial). */
export interface NameLinks {
  linked: Map<string, string[]>;
  /** Parsed names by the name as written. */
  parsed: Map<string, NameParts | null>;
  /** Surname → the other surnames seen that are compatible spellings, in the order first seen. */
  surnames: Map<string, string[]>;
  surnamesByBucket: Map<string, string[]>;
  /** `${first letter of surname}${surname length}` → names compared so far. */
  buckets: Map<string, { k: string; parts: NameParts }[]>;
}

export function newNameLinks(): NameLinks {
  return { linked: new Map(), parsed: new Map(), surnames: new Map(), surnamesByBucket: new Map(), buckets: new Map() };
}

function addSurname(links: NameLinks, surname: string): void {
  const mine: string[] = [];
  links.surnames.set(surname, mine);
  for (let length = surname.length - 2; length <= surname.length + 2; length++) {
    for (const other of links.surnamesByBucket.get(surname[0] + length) ?? []) {
      if (!surnamesCompatible(surname, other)) continue;
      mine.push(other);
      links.surnames.get(other)!.push(surname);
    }
  }
  const key = surname[0] + surname.length;
  const bucket = links.surnamesByBucket.get(key);
  if (bucket) bucket.push(surname);
  else links.surnamesByBucket.set(key, [surname]);
}

function addName(links: NameLinks, k: string, parts: NameParts): void {
  const mine: string[] = [];
  links.linked.set(k, mine);
  const letter = parts.surname[0];
  for (let length = parts.surname.length - 2; length <= parts.surname.length + 2; length++) {
    for (const other of links.buckets.get(letter + length) ?? []) {
      const a = parts;
      const b = other.parts;
      if (!surnamesCompatible(a.surname, b.surname) || !firstNamesCompatible(a.first, b.first)) continue;
      // A bare initial links only to a single full first name; keep it simple: require an exact surname.
      if ((a.first!.length === 1 || b.first!.length === 1) && a.surname !== b.surname) continue;
      mine.push(other.k);
      links.linked.get(other.k)!.push(k);
    }
  }
  const key = letter + parts.surname.length;
  const bucket = links.buckets.get(key);
  if (bucket) bucket.push({ k, parts });
  else links.buckets.set(key, [{ k, parts }]);
}

interface PersonRecord {
  file: string;
  key: string;
  name: string;
  parts: NameParts | null;
}

/**
 * Links people across articles. `storyOf` lets a bare surname prefer the full name seen in the same
 * story when several people share it.
 */
export function linkPeople(articles: Article[], storyOf: (file: string) => string | undefined, cache?: NameLinks): PeopleIndex {
  const links = cache ?? newNameLinks();
  const records: PersonRecord[] = [];
  for (const article of articles) {
    for (const person of article.people) {
      let parts = links.parsed.get(person.name);
      if (parts === undefined) links.parsed.set(person.name, (parts = parseName(person.name)));
      records.push({ file: article.file, key: person.key, name: person.name, parts });
    }
  }
  const sets = new DisjointSets(records.length);

  // 1. Full names: exact (first, surname) keys first, then fuzzy pairs among distinct keys, blocked by
  //    the surname's first letter and length.
  const byFullKey = new Map<string, number[]>();
  // One key per parsed name (records of the same name share its parts), not one string per record.
  const fullKeyOf = new Map<NameParts, string>();
  for (let i = 0; i < records.length; i++) {
    const p = records[i].parts;
    if (!p || p.first === null) continue;
    let k = fullKeyOf.get(p);
    if (k === undefined) fullKeyOf.set(p, (k = `${p.first}\u0000${p.surname}`));
    const list = byFullKey.get(k);
    if (list) list.push(i);
    else byFullKey.set(k, [i]);
  }
  for (const list of byFullKey.values()) for (const i of list) sets.union(list[0], i);
  const distinct = [...byFullKey.entries()].map(([k, list]) => ({ parts: records[list[0]].parts!, index: list[0], k }));
  // Fuzzy pairs are a pure function of two names, so they are remembered across passes: a name is
  // compared once, when first seen, with the names of the same first letter and a similar length.
  for (const d of distinct) if (!links.linked.has(d.k)) addName(links, d.k, d.parts);
  for (const d of distinct) {
    for (const other of links.linked.get(d.k)!) {
      const list = byFullKey.get(other);
      if (list) sets.union(d.index, list[0]);
    }
  }

  // 2. Bare surnames: attach to the one full-name cluster that fits (preferring the same story).
  const clustersBySurname = new Map<string, Set<number>>();
  for (const d of distinct) {
    const root = sets.find(d.index);
    const s = d.parts.surname;
    let set = clustersBySurname.get(s);
    if (!set) clustersBySurname.set(s, (set = new Set()));
    set.add(root);
  }
  for (const surname of clustersBySurname.keys()) if (!links.surnames.has(surname)) addSurname(links, surname);
  const surnameOrder = new Map([...clustersBySurname.keys()].map((surname, i) => [surname, i]));
  const clusterSize = new Map<number, number>();
  const clusterStories = new Map<number, Set<string>>();
  for (let i = 0; i < records.length; i++) {
    if (!records[i].parts || records[i].parts!.first === null) continue;
    const root = sets.find(i);
    clusterSize.set(root, (clusterSize.get(root) ?? 0) + 1);
    let stories = clusterStories.get(root);
    if (!stories) clusterStories.set(root, (stories = new Set()));
    const story = storyOf(records[i].file);
    if (story) stories.add(story);
  }
  const bareBySurname = new Map<string, number[]>();
  // Unions wait until every bare surname is placed: a union made in the loop could move a cluster's
  // root to a bare record, whose size and stories were never counted (it then lost to a rival of size 1).
  const attach: [number, number][] = [];
  for (let i = 0; i < records.length; i++) {
    const p = records[i].parts;
    if (!p || p.first !== null) continue;
    const candidates = new Set<number>(clustersBySurname.get(p.surname) ?? []);
    if (candidates.size === 0) {
      // Compatible surnames, remembered across passes (compared once, when first seen).
      if (!links.surnames.has(p.surname)) addSurname(links, p.surname);
      const compatible = links.surnames.get(p.surname)!.filter((x) => surnameOrder.has(x)).sort((x, y) => surnameOrder.get(x)! - surnameOrder.get(y)!);
      for (const s of compatible) for (const r of clustersBySurname.get(s)!) candidates.add(sets.find(r));
    }
    let chosen: number | undefined;
    const roots = [...candidates].map((r) => sets.find(r));
    const unique = [...new Set(roots)];
    if (unique.length === 1) chosen = unique[0];
    else if (unique.length > 1) {
      const story = storyOf(records[i].file);
      const sameStory = unique.filter((r) => story !== undefined && clusterStories.get(r)?.has(story));
      if (sameStory.length === 1) chosen = sameStory[0];
      else {
        const pool = sameStory.length > 1 ? sameStory : unique;
        const sizes = pool.map((r) => clusterSize.get(r) ?? 0).sort((a, b) => b - a);
        if (sizes[0] >= 3 * sizes[1]) chosen = pool.find((r) => (clusterSize.get(r) ?? 0) === sizes[0]);
      }
    }
    if (chosen !== undefined) attach.push([chosen, i]);
    else {
      const list = bareBySurname.get(p.surname);
      if (list) list.push(i);
      else bareBySurname.set(p.surname, [i]);
    }
  }
  for (const [chosen, i] of attach) sets.union(chosen, i);
  for (const list of bareBySurname.values()) for (const i of list) sets.union(list[0], i);

  // 3. Entities with stable ids.
  const entities: PersonEntity[] = [];
  const entityOfMember = new Map<string, string>();
  const usedIds = new Set<string>();
  const groups = sets.groups().map((g) => g.map((i) => records[i]));
  const drafts = groups.map((members) => {
    const counts = new Map<string, number>();
    for (const m of members) counts.set(m.name, (counts.get(m.name) ?? 0) + 1);
    if (counts.size === 1) return { name: members[0].name, spellings: [members[0].name], members };
    const surnameCounts = new Map<string, number>();
    for (const m of members) if (m.parts) surnameCounts.set(m.parts.surname, (surnameCounts.get(m.parts.surname) ?? 0) + 1);
    // The fullest name, in the spelling most articles use: the first in the order below (a total
    // order on distinct names, so the first is the one sorting would put first). Every name was
    // parsed into `links.parsed` above.
    const ranked = [...counts].map(([written, count]) => ({
      written,
      count,
      full: Number(written.trim().includes(' ')),
      votes: surnameCounts.get(links.parsed.get(written)?.surname ?? '') ?? 0,
      words: written.split(/\s+/).length,
    }));
    const before = (a: (typeof ranked)[number], b: (typeof ranked)[number]): boolean =>
      (b.full - a.full || b.votes - a.votes || b.count - a.count || b.words - a.words || (a.written < b.written ? -1 : 1)) < 0;
    let best = ranked[0];
    for (const candidate of ranked) if (before(candidate, best)) best = candidate;
    return { name: best.written, spellings: [...counts.keys()].sort(), members };
  });
  drafts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : b.members.length - a.members.length));
  for (const draft of drafts) {
    const base = 'person-' + quickSlug(draft.name);
    let id = base;
    for (let n = 2; usedIds.has(id); n++) id = `${base}-${n}`;
    usedIds.add(id);
    const members = draft.members
      .map((m) => ({ file: m.file, key: m.key }))
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.key < b.key ? -1 : 1));
    entities.push({ id, name: draft.name, spellings: draft.spellings, members });
    for (const m of draft.members) entityOfMember.set(memberKey(m.file, m.key), id);
  }
  // Read only when a story's results are computed again: made on first use.
  let namesOfMember: Map<string, NameParts> | undefined;
  return {
    entities,
    entityOfMember,
    get namesOfMember(): Map<string, NameParts> {
      if (namesOfMember === undefined) {
        namesOfMember = new Map();
        for (const draft of drafts) for (const m of draft.members) if (m.parts) namesOfMember.set(memberKey(m.file, m.key), m.parts);
      }
      return namesOfMember;
    },
  };
}
