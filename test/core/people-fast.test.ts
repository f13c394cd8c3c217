/**
 * `linkPeople` numbers its records in typed arrays, finds a bare surname's candidates once per
 * surname, lists members without sorting when the files come in order, and makes its member-key maps
 * on first use. Held here to the plain computation (the union-find over record objects it replaced,
 * with every name compared to every other): the same entities, ids, member order, member-key maps,
 * each story's people and each file's entities — on files in order and out of order, a file given
 * twice, a key used twice in one article, stories unknown or named '' — with and without
 * remembered name comparisons.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Article, PersonEntity } from '../../core/src/model';
import {
  type NameParts, firstNamesCompatible, linkPeople, memberKey, newNameLinks, parseName, quickSlug, surnamesCompatible,
} from '../../core/src/crossref/people';
import { DisjointSets } from '../../core/src/crossref/text';
import { seededRandom } from './testSupport';

const spellings = [
  'Volodymyr Zelensky', 'Volodymyr Zelenskyy', 'Volodimir Zelensky', 'Zelensky', 'Zelenskyy', 'Zelenskiy', 'President Zelensky',
  'V. Zelensky', 'Mykola Shevchuk', 'Mykola Shevchuck', 'Shevchuk', 'Minister Mykola Shevchuk', 'Anna Berg', 'Lukas Berg',
  'Berg', 'A. Berg', 'Anna  Berg ', 'Kim Jong-un', 'Kim Jong Un', 'Jong-un', 'Kim', 'Kim Yo-jong', 'José Álvarez', 'Jose Alvarez',
  'Álvarez', 'Alvares', 'X', 'Maria Lopez', 'Mario Lopez', 'Lopez', 'Lopes', 'Dr. Lopez', 'Peter Smith', 'Paul Smith', 'Smith',
  'Smyth', 'Smithe', 'Jane Smythe',
];

interface Options {
  shuffle?: boolean;
  duplicateFile?: boolean;
  duplicateKey?: boolean;
}

function articles(count: number, seed: number, options: Options = {}): Article[] {
  const next = seededRandom(seed);
  const list: Article[] = [];
  for (let i = 0; i < count; i++) {
    const people = [];
    const n = Math.floor(next() * 6);
    for (let k = 0; k < n; k++) {
      const key = options.duplicateKey && next() < 0.15 && k > 0 ? `p${k - 1}` : `p${(k * 7) % 10}`;
      people.push({ key, name: spellings[Math.floor(next() * spellings.length)], mentions: [] });
    }
    list.push({ file: `file:///a/${String(i).padStart(3, '0')}.txt`, people } as unknown as Article);
  }
  if (options.duplicateFile) list.push({ ...list[3], people: [...list[5].people] } as Article);
  if (options.shuffle) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
  }
  return list;
}

/** The plain computation: records as objects, a union-find, every name compared with every other. */
function plainLinkPeople(articles: Article[], storyOf: (file: string) => string | undefined) {
  const records = articles.flatMap((a) => a.people.map((p) => ({ file: a.file, key: p.key, name: p.name, parts: parseName(p.name) })));
  const sets = new DisjointSets(records.length);
  const byFullKey = new Map<string, number[]>();
  records.forEach((r, i) => {
    if (!r.parts || r.parts.first === null) return;
    const k = `${r.parts.first}\u0000${r.parts.surname}`;
    const list = byFullKey.get(k);
    if (list) list.push(i);
    else byFullKey.set(k, [i]);
  });
  for (const list of byFullKey.values()) for (const i of list) sets.union(list[0], i);
  const distinct = [...byFullKey.values()].map((list) => ({ parts: records[list[0]].parts!, index: list[0] }));
  const fits = (a: NameParts, b: NameParts): boolean =>
    surnamesCompatible(a.surname, b.surname) && firstNamesCompatible(a.first, b.first) &&
    !((a.first!.length === 1 || b.first!.length === 1) && a.surname !== b.surname);
  for (const d of distinct) for (const e of distinct) if (d !== e && fits(d.parts, e.parts)) sets.union(d.index, e.index);
  const clustersBySurname = new Map<string, Set<number>>();
  for (const d of distinct) {
    let set = clustersBySurname.get(d.parts.surname);
    if (!set) clustersBySurname.set(d.parts.surname, (set = new Set()));
    set.add(sets.find(d.index));
  }
  const clusterSize = new Map<number, number>();
  const clusterStories = new Map<number, Set<string>>();
  records.forEach((r, i) => {
    if (!r.parts || r.parts.first === null) return;
    const root = sets.find(i);
    clusterSize.set(root, (clusterSize.get(root) ?? 0) + 1);
    if (!clusterStories.has(root)) clusterStories.set(root, new Set());
    const story = storyOf(r.file);
    if (story) clusterStories.get(root)!.add(story);
  });
  const attach: [number, number][] = [];
  const bare = new Map<string, number[]>();
  records.forEach((r, i) => {
    const p = r.parts;
    if (!p || p.first !== null) return;
    const candidates = new Set(clustersBySurname.get(p.surname) ?? []);
    if (candidates.size === 0) {
      for (const [s, roots] of clustersBySurname) if (s !== p.surname && surnamesCompatible(s, p.surname)) for (const root of roots) candidates.add(root);
    }
    const unique = [...candidates];
    let chosen: number | undefined;
    if (unique.length === 1) chosen = unique[0];
    else if (unique.length > 1) {
      const story = storyOf(r.file);
      const sameStory = unique.filter((root) => story !== undefined && clusterStories.get(root)?.has(story));
      if (sameStory.length === 1) chosen = sameStory[0];
      else {
        const pool = sameStory.length > 1 ? sameStory : unique;
        const sizes = pool.map((root) => clusterSize.get(root) ?? 0).sort((a, b) => b - a);
        if (sizes[0] >= 3 * sizes[1]) chosen = pool.find((root) => clusterSize.get(root) === sizes[0]);
      }
    }
    if (chosen !== undefined) attach.push([chosen, i]);
    else bare.set(p.surname, [...(bare.get(p.surname) ?? []), i]);
  });
  for (const [chosen, i] of attach) sets.union(chosen, i);
  for (const list of bare.values()) for (const i of list) sets.union(list[0], i);
  const drafts = sets.groups().map((g) => {
    const members = g.map((i) => records[i]);
    const counts = new Map<string, number>();
    for (const m of members) counts.set(m.name, (counts.get(m.name) ?? 0) + 1);
    const surnameCounts = new Map<string, number>();
    for (const m of members) if (m.parts) surnameCounts.set(m.parts.surname, (surnameCounts.get(m.parts.surname) ?? 0) + 1);
    const votes = (name: string): number => surnameCounts.get(parseName(name)?.surname ?? '') ?? 0;
    const name = [...counts].sort((a, b) =>
      Number(b[0].trim().includes(' ')) - Number(a[0].trim().includes(' ')) || votes(b[0]) - votes(a[0]) || b[1] - a[1] ||
      b[0].split(/\s+/).length - a[0].split(/\s+/).length || (a[0] < b[0] ? -1 : 1))[0][0];
    return { name, spellings: [...counts.keys()].sort(), members };
  });
  drafts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : b.members.length - a.members.length));
  const entities: PersonEntity[] = [];
  const entityOfMember = new Map<string, string>();
  const namesOfMember = new Map<string, NameParts>();
  const used = new Set<string>();
  for (const draft of drafts) {
    const base = 'person-' + quickSlug(draft.name);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    const members = draft.members.map((m) => ({ file: m.file, key: m.key }))
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.key < b.key ? -1 : 1));
    entities.push({ id, name: draft.name, spellings: draft.spellings, members });
    for (const m of draft.members) entityOfMember.set(memberKey(m.file, m.key), id);
  }
  for (const draft of drafts) for (const m of draft.members) if (m.parts) namesOfMember.set(memberKey(m.file, m.key), m.parts);
  const byId = new Map(entities.map((e) => [e.id, e]));
  const entitiesByStory = new Map<string, string[]>();
  for (const entity of entities) {
    const stories = new Set<string>();
    for (const m of entity.members) {
      const story = storyOf(m.file);
      if (story !== undefined) stories.add(story);
    }
    for (const story of stories) entitiesByStory.set(story, [...(entitiesByStory.get(story) ?? []), entity.id]);
  }
  return { entities, entityOfMember, namesOfMember, byId, entitiesByStory };
}

function check(list: Article[], storyOf: (file: string) => string | undefined, links = newNameLinks(), label = ''): void {
  const plain = plainLinkPeople(list, storyOf);
  const index = linkPeople(list, storyOf, links);
  // The member-key lookups without the maps (asked first, before the maps are made) answer as the maps.
  const asked: [string, string, string | undefined, unknown][] = [];
  for (const article of list) {
    for (const key of [...article.people.map((p) => p.key), 'no-such-key']) asked.push([article.file, key, index.entityIdOf(article.file, key), index.nameOf(article.file, key)]);
  }
  for (const [file, key, id, parts] of asked) {
    const k = memberKey(file, key);
    assert.equal(id, plain.entityOfMember.get(k), `${label}: entityIdOf(${file}, ${key})`);
    assert.deepEqual(parts, plain.namesOfMember.get(k), `${label}: nameOf(${file}, ${key})`);
    assert.equal(parts, index.namesOfMember.get(k), `${label}: nameOf(${file}, ${key}) is the map's`);
  }
  assert.equal(index.entityIdOf('file:///nowhere.txt', 'p1'), undefined);
  assert.equal(index.nameOf('file:///nowhere.txt', 'p1'), undefined);
  assert.deepEqual(index.entities, plain.entities, `${label}: entities`);
  assert.deepEqual([...index.personById], [...plain.byId], `${label}: personById`);
  assert.deepEqual([...index.entityOfMember], [...plain.entityOfMember], `${label}: entityOfMember`);
  assert.deepEqual([...index.namesOfMember], [...plain.namesOfMember], `${label}: namesOfMember`);
  const byStory = new Map([...index.entitiesByStory].map(([story, entities]) => [story, entities.map((e) => e.id)]));
  assert.deepEqual(new Map([...byStory].sort()), new Map([...plain.entitiesByStory].sort()), `${label}: entitiesByStory`);
  const byFile = new Map(list.map((a) => [a.file, a]));
  for (const [file, article] of byFile) {
    const expected = article.people.map((p) => plain.byId.get(plain.entityOfMember.get(memberKey(file, p.key))!));
    assert.deepEqual(index.entitiesOfFile(file), expected, `${label}: entitiesOfFile(${file})`);
  }
  assert.equal(index.entitiesOfFile('file:///nowhere.txt'), undefined);
}

test('people linking gives what the plain computation gives', () => {
  const stories = [
    (file: string): string | undefined => `story-${Number(file.slice(-7, -4)) % 7}`,
    (file: string): string | undefined => (Number(file.slice(-7, -4)) % 3 === 0 ? undefined : `s${Number(file.slice(-7, -4)) % 4}`),
    (file: string): string | undefined => (Number(file.slice(-7, -4)) % 5 === 0 ? '' : `t${Number(file.slice(-7, -4)) % 2}`),
    (): string | undefined => undefined,
  ];
  const variants: Options[] = [{}, { shuffle: true }, { duplicateKey: true }, { duplicateFile: true }, { shuffle: true, duplicateKey: true, duplicateFile: true }];
  for (const seed of [1, 29, 404, 5151]) {
    for (const [v, options] of variants.entries()) {
      for (const [s, storyOf] of stories.entries()) {
        const list = articles(40 + (seed % 200), seed, options);
        check(list, storyOf, newNameLinks(), `seed ${seed} variant ${v} stories ${s}`);
      }
    }
  }
});

test('remembered name comparisons across passes give what the plain computation gives', () => {
  const links = newNameLinks();
  const storyOf = (file: string): string => `story-${Number(file.slice(-7, -4)) % 5}`;
  for (const seed of [3, 17, 99, 1234]) {
    const list = articles(120, seed, { duplicateKey: seed % 2 === 0 });
    check(list, storyOf, links, `seed ${seed}`);
    check(list.slice(seed % 50), storyOf, links, `seed ${seed}, fewer`);
  }
});
