/**
 * People across articles: links the Person records of different articles that name the same real
 * person, tolerating spelling variants ("Zelensky" / "Zelenskyy", "Volodymyr" / "Volodimir").
 */

import type { Article, PersonEntity } from '../model';
import { SharedValues } from './sharedValues';
import { slug } from './text';

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
  /** Entity by id, in the order of `entities`. */
  personById: Map<string, PersonEntity>;
  /** `${file}\u0000${personKey}` → entity id (made on first use). */
  entityOfMember: Map<string, string>;
  /** Parsed name per member key (made on first use). */
  namesOfMember: Map<string, NameParts>;
  /**
   * `entityOfMember.get(memberKey(file, personKey))`, answered from the records of `file`'s article
   * without the map (no key string per record is made or kept); the map only where a file or a key of
   * one article is named twice.
   */
  entityIdOf(file: string, personKey: string): string | undefined;
  /** `namesOfMember.get(memberKey(file, personKey))`, answered the same way. */
  nameOf(file: string, personKey: string): NameParts | undefined;
  /**
   * The entity of each Person record of `file`'s article, in the article's order: what
   * `entityOfMember.get(memberKey(file, person.key))` answers, without a key string per person.
   */
  entitiesOfFile(file: string): PersonEntity[] | undefined;
  /** Story id → the entities with a member in that story, in the order of `entities` (made on first use). */
  entitiesByStory: Map<string, PersonEntity[]>;
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

/** A compared name and its place in its bucket (`NameLinks.buckets`), which orders the comparisons. */
interface BucketedName {
  k: string;
  parts: NameParts;
  at: number;
}

/**
 * Surname → the compared names with it, in bucket order: made from `NameLinks.buckets` when first
 * needed (the memo may come from disk) and kept up by `addName`. Not stored: the buckets say it all.
 */
const namesBySurname = new WeakMap<NameLinks, Map<string, BucketedName[]>>();

function namesOfSurnames(links: NameLinks): Map<string, BucketedName[]> {
  let index = namesBySurname.get(links);
  if (index === undefined) {
    index = new Map();
    for (const bucket of links.buckets.values()) {
      bucket.forEach(({ k, parts }, at) => {
        const list = index!.get(parts.surname);
        if (list) list.push({ k, parts, at });
        else index!.set(parts.surname, [{ k, parts, at }]);
      });
    }
    namesBySurname.set(links, index);
  }
  return index;
}

/**
 * Compares a name seen for the first time with the names compared before it whose surname fits
 * (`surnamesCompatible`) and whose first name fits. Those names are the ones of its surname and of
 * the surnames `addSurname` found compatible with it (each surname compared once, not once per pair
 * of names), taken in the order the first-letter-and-length buckets hold them: the order of the scan
 * of every name in those buckets that this replaced (test/core/people-names.test.ts).
 */
function addName(links: NameLinks, k: string, parts: NameParts): void {
  const mine: string[] = [];
  links.linked.set(k, mine);
  const surname = parts.surname;
  if (!links.surnames.has(surname)) addSurname(links, surname);
  const index = namesOfSurnames(links);
  const candidates: BucketedName[] = [...(index.get(surname) ?? [])];
  for (const other of links.surnames.get(surname)!) {
    const names = index.get(other);
    if (names) for (const name of names) candidates.push(name);
  }
  if (candidates.length > 1) {
    candidates.sort((x, y) => x.parts.surname.length - y.parts.surname.length || x.at - y.at);
  }
  for (const other of candidates) {
    const a = parts;
    const b = other.parts;
    if (!firstNamesCompatible(a.first, b.first)) continue;
    // A bare initial links only to a single full first name; keep it simple: require an exact surname.
    if ((a.first!.length === 1 || b.first!.length === 1) && a.surname !== b.surname) continue;
    mine.push(other.k);
    links.linked.get(other.k)!.push(k);
  }
  const key = surname[0] + surname.length;
  const entry = { k, parts };
  let bucket = links.buckets.get(key);
  if (!bucket) links.buckets.set(key, (bucket = []));
  const named: BucketedName = { k, parts, at: bucket.length };
  bucket.push(entry);
  const list = index.get(surname);
  if (list) list.push(named);
  else index.set(surname, [named]);
}

/**
 * Links people across articles. `storyOf` lets a bare surname prefer the full name seen in the same
 * story when several people share it.
 *
 * A warm start links some 60,000 Person records with every name comparison remembered, so what is
 * left is bookkeeping, kept to typed arrays and a few lookups per record: records are numbered in
 * article order (parallel arrays, no object per record), a parsed name finds its full-name key once,
 * sets are joined in an `Int32Array` whose root is always the set's smallest record (so the groups
 * come out in the order of their first record without sorting), a bare surname's candidates are
 * found once per surname, and the member-key maps are made only when something asks for them.
 * The partition is the one the plain computation makes (test/core/people-fast.test.ts holds it to it).
 */
export function linkPeople(articles: Article[], storyOf: (file: string) => string | undefined, cache?: NameLinks): PeopleIndex {
  const links = cache ?? newNameLinks();
  const parsed = links.parsed;
  let total = 0;
  for (const article of articles) total += article.people.length;
  // Record r is person r - start[a] of article a = articleOf[r].
  const partsOf = new Array<NameParts | null>(total);
  const namesOf = new Array<string>(total);
  const keysOf = new Array<string>(total);
  const articleOf = new Int32Array(total);
  const start = new Int32Array(articles.length + 1);
  // The files, not the articles: an index kept across passes (people not relinked) holds no old article.
  const files = new Array<string>(articles.length);
  const indexOfFile = new Map<string, number>();
  // Files strictly in name order: then a group's records are in member order but for the keys of
  // one article's people.
  let sortedFiles = true;
  // One string per distinct name (each article's people came with their own copies), held by `namesOf`.
  const names = new SharedValues();
  let r = 0;
  for (let a = 0; a < articles.length; a++) {
    const article = articles[a];
    start[a] = r;
    files[a] = article.file;
    indexOfFile.set(article.file, a);
    if (a > 0 && !(articles[a - 1].file < article.file)) sortedFiles = false;
    const people = article.people;
    for (let k = 0; k < people.length; k++) {
      const person = people[k];
      const name = names.text(person.name);
      let parts = parsed.get(name);
      if (parts === undefined) parsed.set(name, (parts = parseName(name)));
      partsOf[r] = parts;
      namesOf[r] = name;
      keysOf[r] = person.key;
      articleOf[r] = a;
      r++;
    }
  }
  start[articles.length] = total;
  const distinctFiles = indexOfFile.size === articles.length;
  const fileOf = (i: number): string => files[articleOf[i]];

  const parent = new Int32Array(total);
  for (let i = 0; i < total; i++) parent[i] = i;
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root];
    while (parent[i] !== root) {
      const next = parent[i];
      parent[i] = root;
      i = next;
    }
    return root;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra < rb) parent[rb] = ra;
    else if (rb < ra) parent[ra] = rb;
  };

  // 1. Full names: exact (first, surname) keys first, then fuzzy pairs among distinct keys, blocked by
  //    the surname's first letter and length.
  /** Full-name key → its first record. */
  const byFullKey = new Map<string, number>();
  /** Parsed name → the first record of its key (records of one name share its parts). */
  const firstOfParts = new Map<NameParts, number>();
  const distinct: { parts: NameParts; index: number; k: string }[] = [];
  for (let i = 0; i < total; i++) {
    const p = partsOf[i];
    if (!p || p.first === null) continue;
    let first = firstOfParts.get(p);
    if (first === undefined) {
      const k = `${p.first}\u0000${p.surname}`;
      first = byFullKey.get(k);
      if (first === undefined) {
        byFullKey.set(k, (first = i));
        distinct.push({ parts: p, index: i, k });
      }
      firstOfParts.set(p, first);
    }
    if (first !== i) union(first, i);
  }
  // Fuzzy pairs are a pure function of two names, so they are remembered across passes: a name is
  // compared once, when first seen, with the names of the same first letter and a similar length.
  for (const d of distinct) if (!links.linked.has(d.k)) addName(links, d.k, d.parts);
  for (const d of distinct) {
    for (const other of links.linked.get(d.k)!) {
      const first = byFullKey.get(other);
      if (first !== undefined) union(d.index, first);
    }
  }

  // 2. Bare surnames: attach to the one full-name cluster that fits (preferring the same story).
  /** Surname → the roots of the full-name clusters with it, each once. */
  const clustersBySurname = new Map<string, number[]>();
  for (const d of distinct) {
    const root = find(d.index);
    const list = clustersBySurname.get(d.parts.surname);
    if (!list) clustersBySurname.set(d.parts.surname, [root]);
    else if (!list.includes(root)) list.push(root);
  }
  for (const surname of clustersBySurname.keys()) if (!links.surnames.has(surname)) addSurname(links, surname);
  // Each article's story, asked once.
  const storyOfArticle = new Array<string | undefined>(articles.length);
  const storyAsked = new Uint8Array(articles.length);
  const storyOfRecord = (i: number): string | undefined => {
    const a = articleOf[i];
    if (storyAsked[a] === 0) {
      storyAsked[a] = 1;
      storyOfArticle[a] = storyOf(files[a]);
    }
    return storyOfArticle[a];
  };
  // Sizes of the full-name clusters and their records as lists (head, next), made when a choice needs them.
  let clusters: { size: Int32Array; head: Int32Array; next: Int32Array } | undefined;
  const clusterTables = (): { size: Int32Array; head: Int32Array; next: Int32Array } => {
    if (clusters) return clusters;
    const size = new Int32Array(total);
    const head = new Int32Array(total).fill(-1);
    const next = new Int32Array(total);
    for (let i = 0; i < total; i++) {
      const p = partsOf[i];
      if (!p || p.first === null) continue;
      const root = find(i);
      size[root]++;
      next[i] = head[root];
      head[root] = i;
    }
    return (clusters = { size, head, next });
  };
  /** Cluster root → the stories of its records, made when first asked. */
  const storiesOfCluster = new Map<number, Set<string | undefined>>();
  const clusterInStory = (root: number, story: string): boolean => {
    let stories = storiesOfCluster.get(root);
    if (stories === undefined) {
      const { head, next } = clusterTables();
      storiesOfCluster.set(root, (stories = new Set()));
      for (let i = head[root]; i >= 0; i = next[i]) stories.add(storyOfRecord(i));
    }
    return stories.has(story);
  };
  /** The cluster a bare surname in `story` goes to among several (undefined: none stands out). */
  const choose = (unique: number[], story: string | undefined): number | undefined => {
    // A cluster's stories are the non-empty story ids of its records.
    const sameStory = !story ? [] : unique.filter((root) => clusterInStory(root, story));
    if (sameStory.length === 1) return sameStory[0];
    const pool = sameStory.length > 1 ? sameStory : unique;
    const { size } = clusterTables();
    const sizes = pool.map((root) => size[root]).sort((a, b) => b - a);
    return sizes[0] >= 3 * sizes[1] ? pool.find((root) => size[root] === sizes[0]) : undefined;
  };
  /** Bare surname → the distinct roots of its candidate clusters (no unions are made until all are placed). */
  const candidatesOf = new Map<string, number[]>();
  /** Bare surname and story → the chosen cluster, where several are candidates. */
  const chosenIn = new Map<string, Map<string | undefined, number | undefined>>();
  // Unions wait until every bare surname is placed: a union made in the loop could move a cluster's
  // root to a bare record, whose size and stories were never counted (it then lost to a rival of size 1).
  const attach: number[] = [];
  /** Surname → the first bare record left unattached. */
  const bareFirst = new Map<string, number>();
  for (let i = 0; i < total; i++) {
    const p = partsOf[i];
    if (!p || p.first !== null) continue;
    let unique = candidatesOf.get(p.surname);
    if (unique === undefined) {
      const own = clustersBySurname.get(p.surname);
      if (own !== undefined) unique = own;
      else {
        // Compatible surnames, remembered across passes (compared once, when first seen).
        if (!links.surnames.has(p.surname)) addSurname(links, p.surname);
        unique = [];
        for (const s of links.surnames.get(p.surname)!) {
          for (const root of clustersBySurname.get(s) ?? []) if (!unique.includes(root)) unique.push(root);
        }
      }
      candidatesOf.set(p.surname, unique);
    }
    let chosen: number | undefined;
    if (unique.length === 1) chosen = unique[0];
    else if (unique.length > 1) {
      const story = storyOfRecord(i);
      let byStory = chosenIn.get(p.surname);
      if (!byStory) chosenIn.set(p.surname, (byStory = new Map()));
      if (byStory.has(story)) chosen = byStory.get(story);
      else byStory.set(story, (chosen = choose(unique, story)));
    }
    if (chosen !== undefined) attach.push(chosen, i);
    else {
      const first = bareFirst.get(p.surname);
      if (first === undefined) bareFirst.set(p.surname, i);
      else attach.push(first, i);
    }
  }
  for (let k = 0; k < attach.length; k += 2) union(attach[k], attach[k + 1]);

  // 3. Entities with stable ids. A set's root is its smallest record: groups in order of their first record.
  const groupOf = new Int32Array(total);
  const groups: number[][] = [];
  for (let i = 0; i < total; i++) {
    const root = find(i);
    if (root === i) {
      groupOf[i] = groups.length;
      groups.push([i]);
    } else groups[groupOf[root]].push(i);
  }
  const drafts = groups.map((members) => {
    const only = namesOf[members[0]];
    let single = true;
    for (let k = 1; k < members.length && single; k++) single = namesOf[members[k]] === only;
    if (single) return { name: only, spellings: [only], members };
    const counts = new Map<string, number>();
    for (const m of members) counts.set(namesOf[m], (counts.get(namesOf[m]) ?? 0) + 1);
    const surnameCounts = new Map<string, number>();
    for (const m of members) {
      const p = partsOf[m];
      if (p) surnameCounts.set(p.surname, (surnameCounts.get(p.surname) ?? 0) + 1);
    }
    // The fullest name, in the spelling most articles use: the first in the order below (a total
    // order on distinct names, so the first is the one sorting would put first). Every name was
    // parsed into `links.parsed` above.
    const ranked = [...counts].map(([written, count]) => ({
      written,
      count,
      full: Number(written.trim().includes(' ')),
      votes: surnameCounts.get(parsed.get(written)?.surname ?? '') ?? 0,
      words: written.split(/\s+/).length,
    }));
    const before = (a: (typeof ranked)[number], b: (typeof ranked)[number]): boolean =>
      (b.full - a.full || b.votes - a.votes || b.count - a.count || b.words - a.words || (a.written < b.written ? -1 : 1)) < 0;
    let best = ranked[0];
    for (const candidate of ranked) if (before(candidate, best)) best = candidate;
    return { name: best.written, spellings: [...counts.keys()].sort(), members };
  });
  drafts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : b.members.length - a.members.length));
  const entities: PersonEntity[] = [];
  const personById = new Map<string, PersonEntity>();
  const entityOfRecord = new Array<PersonEntity>(total);
  const byMember = (a: { file: string; key: string }, b: { file: string; key: string }): number =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.key < b.key ? -1 : 1;
  for (const draft of drafts) {
    const base = 'person-' + quickSlug(draft.name);
    let id = base;
    for (let n = 2; personById.has(id); n++) id = `${base}-${n}`;
    const records = draft.members;
    const members = new Array<{ file: string; key: string }>(records.length);
    // In file order already when the files are (records are numbered in article order), but for the
    // keys of one article's people; otherwise sorted as the plain computation sorts them.
    let ordered = sortedFiles;
    for (let k = 0; k < records.length; k++) {
      const i = records[k];
      members[k] = { file: fileOf(i), key: keysOf[i] };
      if (ordered && k > 0 && articleOf[records[k - 1]] === articleOf[i] && !(keysOf[records[k - 1]] < keysOf[i])) ordered = false;
    }
    if (!ordered) members.sort(byMember);
    const entity: PersonEntity = { id, name: draft.name, spellings: draft.spellings, members };
    entities.push(entity);
    personById.set(id, entity);
    for (const i of records) entityOfRecord[i] = entity;
  }
  /**
   * The record of `file`'s person `personKey`: undefined when there is none, -1 when the answer
   * depends on which of several records was set last in the member-key maps (a file named twice, a
   * key twice in one article), so the caller asks the map.
   */
  const recordOf = (file: string, personKey: string): number | undefined => {
    if (!distinctFiles) return -1;
    const a = indexOfFile.get(file);
    if (a === undefined) return undefined;
    let found: number | undefined;
    for (let i = start[a]; i < start[a + 1]; i++) {
      if (keysOf[i] !== personKey) continue;
      if (found !== undefined) return -1;
      found = i;
    }
    return found;
  };
  // Read only when a story's results are computed again, or a person is looked up: made on first use.
  let entityOfMember: Map<string, string> | undefined;
  let namesOfMember: Map<string, NameParts> | undefined;
  let entitiesByStory: Map<string, PersonEntity[]> | undefined;
  const index: PeopleIndex = {
    entities,
    personById,
    get entityOfMember(): Map<string, string> {
      if (entityOfMember === undefined) {
        entityOfMember = new Map();
        for (let d = 0; d < drafts.length; d++) {
          const id = entities[d].id;
          for (const i of drafts[d].members) entityOfMember.set(memberKey(fileOf(i), keysOf[i]), id);
        }
      }
      return entityOfMember;
    },
    get namesOfMember(): Map<string, NameParts> {
      if (namesOfMember === undefined) {
        namesOfMember = new Map();
        for (const draft of drafts) {
          for (const i of draft.members) {
            const p = partsOf[i];
            if (p) namesOfMember.set(memberKey(fileOf(i), keysOf[i]), p);
          }
        }
      }
      return namesOfMember;
    },
    entityIdOf(file: string, personKey: string): string | undefined {
      const i = recordOf(file, personKey);
      return i === undefined ? undefined : i === -1 ? index.entityOfMember.get(memberKey(file, personKey)) : entityOfRecord[i].id;
    },
    nameOf(file: string, personKey: string): NameParts | undefined {
      const i = recordOf(file, personKey);
      // Every record is in one draft, so in the map when its name parsed.
      return i === undefined ? undefined : i === -1 ? index.namesOfMember.get(memberKey(file, personKey)) : partsOf[i] ?? undefined;
    },
    entitiesOfFile(file: string): PersonEntity[] | undefined {
      const a = indexOfFile.get(file);
      if (a === undefined) return undefined;
      const keys = keysOf.slice(start[a], start[a + 1]);
      let distinct = distinctFiles;
      for (let k = 1; k < keys.length && distinct; k++) for (let j = 0; j < k && distinct; j++) distinct = keys[j] !== keys[k];
      if (distinct) return entityOfRecord.slice(start[a], start[a + 1]);
      // A file or a key named twice: the member-key map says which entity the key stands for (the last set).
      const map = index.entityOfMember;
      return keys.map((key) => personById.get(map.get(memberKey(file, key))!)!);
    },
    get entitiesByStory(): Map<string, PersonEntity[]> {
      if (entitiesByStory === undefined) {
        entitiesByStory = new Map();
        for (let d = 0; d < drafts.length; d++) {
          const entity = entities[d];
          for (const i of drafts[d].members) {
            const story = storyOfRecord(i);
            if (story === undefined) continue;
            const list = entitiesByStory.get(story);
            if (!list) entitiesByStory.set(story, [entity]);
            else if (list[list.length - 1] !== entity) list.push(entity);
          }
        }
      }
      return entitiesByStory;
    },
  };
  return index;
}
