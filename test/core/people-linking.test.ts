/**
 * People linking picks each person's name by a linear scan over the distinct names (not a sort),
 * reads name votes from the parsed names it already holds, and builds `namesOfMember` on first use.
 * Held here to the plain computation: the name sorting would put first, each member's parsed name,
 * and the same results with remembered name comparisons as without.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Article } from '../../core/src/model';
import { linkPeople, memberKey, newNameLinks, parseName, quickSlug } from '../../core/src/crossref/people';
import { slug } from '../../core/src/crossref/text';
import { seededRandom } from './testSupport';

/** Spellings of a few people (variants, initials, titles, bare surnames, a name that does not parse). */
const spellings = [
  'Volodymyr Zelensky', 'Volodymyr Zelenskyy', 'Volodimir Zelensky', 'Zelensky', 'Zelenskyy', 'President Zelensky', 'V. Zelensky',
  'Mykola Shevchuk', 'Mykola Shevchuck', 'Shevchuk', 'Minister Mykola Shevchuk',
  'Anna Berg', 'Lukas Berg', 'Berg', 'A. Berg', 'Anna  Berg ',
  'Kim Jong-un', 'Kim Jong Un', 'Jong-un', 'José Álvarez', 'Jose Alvarez', 'Álvarez', 'X',
];

function articles(count: number, seed: number): Article[] {
  const next = seededRandom(seed);
  const list: Article[] = [];
  for (let i = 0; i < count; i++) {
    const people = [];
    const n = 1 + Math.floor(next() * 5);
    for (let k = 0; k < n; k++) people.push({ key: `p${k}`, name: spellings[Math.floor(next() * spellings.length)], mentions: [] });
    list.push({ file: `file:///a/${String(i).padStart(3, '0')}.txt`, people } as unknown as Article);
  }
  return list;
}

/** The name the entity's members would get by sorting their distinct names (the plain computation). */
function sortedName(names: string[]): string {
  const counts = new Map<string, number>();
  const surnameCounts = new Map<string, number>();
  for (const name of names) {
    counts.set(name, (counts.get(name) ?? 0) + 1);
    const parts = parseName(name);
    if (parts) surnameCounts.set(parts.surname, (surnameCounts.get(parts.surname) ?? 0) + 1);
  }
  const votes = (name: string): number => surnameCounts.get(parseName(name)?.surname ?? '') ?? 0;
  return [...counts.entries()].sort(
    (a, b) =>
      Number(b[0].trim().includes(' ')) - Number(a[0].trim().includes(' ')) ||
      votes(b[0]) - votes(a[0]) ||
      b[1] - a[1] ||
      b[0].split(/\s+/).length - a[0].split(/\s+/).length ||
      (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
  )[0][0];
}

test('each person is named as sorting the names would name it, and namesOfMember holds each member\'s parsed name', () => {
  for (const seed of [1, 29, 404]) {
    const list = articles(150, seed);
    const byFile = new Map(list.map((a) => [a.file, a]));
    const index = linkPeople(list, (file) => `story-${Number(file.slice(-7, -4)) % 7}`);
    assert.ok(index.entities.some((e) => e.spellings.length > 2), 'some people are named several ways');
    for (const entity of index.entities) {
      const names = entity.members.map((m) => byFile.get(m.file)!.people.find((p) => p.key === m.key)!.name);
      assert.equal(entity.name, sortedName(names), `seed ${seed}: ${names.join(' | ')}`);
      assert.deepEqual(entity.spellings, [...new Set(names)].sort());
    }
    let members = 0;
    for (const article of list) {
      for (const person of article.people) {
        const parts = parseName(person.name);
        const key = memberKey(article.file, person.key);
        assert.ok(index.entityOfMember.has(key));
        if (parts) {
          members++;
          assert.deepEqual(index.namesOfMember.get(key), parts);
        } else assert.equal(index.namesOfMember.has(key), false);
      }
    }
    assert.equal(index.namesOfMember.size, members);
    assert.equal(index.namesOfMember, index.namesOfMember, 'made once');
  }
});

test('remembered name comparisons give the same people as fresh ones', () => {
  const links = newNameLinks();
  const storyOf = (file: string): string => `story-${Number(file.slice(-7, -4)) % 5}`;
  const plain = (list: Article[]): string => {
    const index = linkPeople(list, storyOf);
    return JSON.stringify([index.entities, [...index.entityOfMember], [...index.namesOfMember]]);
  };
  const remembered = (list: Article[]): string => {
    const index = linkPeople(list, storyOf, links);
    return JSON.stringify([index.entities, [...index.entityOfMember], [...index.namesOfMember]]);
  };
  const first = articles(120, 7);
  assert.equal(remembered(first), plain(first));
  const second = [...first.slice(30), ...articles(40, 8).map((a) => ({ ...a, file: a.file.replace('/a/', '/b/') }))];
  assert.equal(remembered(second), plain(second));
});

test('quickSlug is slug', () => {
  const next = seededRandom(99);
  const alphabet = 'abcXYZ019 -_.,/\\\t\n\'"!?&%éüÅ\u0301ﬁ—’';
  const samples = ['', ' ', '---', 'Harbour talks: day 2', '  Port   strike  ', 'a'.repeat(59) + '-b', 'x'.repeat(70), `${'ab '.repeat(25)}end`,
    'José Álvarez', 'Ｆｕｌｌ width', 'ﬁnance', 'seeds/ferry-a', 'Story 12 — update'];
  for (let k = 0; k < 3000; k++) {
    let text = '';
    const length = Math.floor(next() * 80);
    for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * (next() < 0.9 ? 17 : alphabet.length))];
    samples.push(text);
  }
  for (const text of samples) assert.equal(quickSlug(text), slug(text), JSON.stringify(text));
});
