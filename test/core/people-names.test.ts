/**
 * People linking compares a name seen for the first time with the earlier names whose surname is
 * compatible, found through the surnames `addSurname` already compared (`addName`, people.ts) instead
 * of scanning every name of the same first letter and a similar length. Held here to that scan: the
 * remembered links — which names, and in which order — and the buckets are the same, over names fed in
 * several passes, with the memo carried between them and read back from a JSON copy.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Article } from '../../core/src/model';
import {
  type NameLinks, type NameParts, firstNamesCompatible, linkPeople, newNameLinks, parseName, surnamesCompatible,
} from '../../core/src/crossref/people';
import { seededRandom } from './testSupport';

/** The comparison as it was: every name of the buckets of the same letter and a length within two. */
function scanLinks(order: string[], partsOf: Map<string, NameParts>): Map<string, string[]> {
  const linked = new Map<string, string[]>();
  const buckets = new Map<string, { k: string; parts: NameParts }[]>();
  for (const k of order) {
    const parts = partsOf.get(k)!;
    const mine: string[] = [];
    linked.set(k, mine);
    const letter = parts.surname[0];
    for (let length = parts.surname.length - 2; length <= parts.surname.length + 2; length++) {
      for (const other of buckets.get(letter + length) ?? []) {
        const b = other.parts;
        if (!surnamesCompatible(parts.surname, b.surname) || !firstNamesCompatible(parts.first, b.first)) continue;
        if ((parts.first!.length === 1 || b.first!.length === 1) && parts.surname !== b.surname) continue;
        mine.push(other.k);
        linked.get(other.k)!.push(k);
      }
    }
    const key = letter + parts.surname.length;
    const bucket = buckets.get(key);
    if (bucket) bucket.push({ k, parts });
    else buckets.set(key, [{ k, parts }]);
  }
  return linked;
}

const firsts = ['Anna', 'Anne', 'Annie', 'A.', 'Peter', 'Pieter', 'Paul', 'P', 'Maria', 'Mario', 'Marie', 'Jon', 'John', 'Johan', 'Li', 'Lee', 'Volodymyr', 'Volodimir'];
const stems = ['Smith', 'Lopez', 'Berg', 'Zelensky', 'Shevchuk', 'Kowalski', 'Andersen', 'Ng', 'Okafor', 'Sato', 'Fischer', 'Moreau'];

/** A surname near one of the stems: a letter changed, added or dropped, or the stem itself. */
function surname(next: () => number): string {
  const stem = stems[Math.floor(next() * stems.length)];
  const at = 1 + Math.floor(next() * (stem.length - 1));
  const letter = 'aeiouyksz'[Math.floor(next() * 9)];
  switch (Math.floor(next() * 5)) {
    case 0: return stem.slice(0, at) + letter + stem.slice(at + 1);
    case 1: return stem.slice(0, at) + letter + stem.slice(at);
    case 2: return stem.length > 4 ? stem.slice(0, at) + stem.slice(at + 1) : stem;
    case 3: return stem + letter + letter;
    default: return stem;
  }
}

function batch(next: () => number, count: number, prefix: string): Article[] {
  const list: Article[] = [];
  for (let i = 0; i < count; i++) {
    const people = [];
    for (let p = 0; p < 1 + Math.floor(next() * 5); p++) {
      const bare = next() < 0.15;
      const name = bare ? surname(next) : `${firsts[Math.floor(next() * firsts.length)]} ${surname(next)}`;
      people.push({ key: `p${p}`, name, mentions: [] });
    }
    list.push({ file: `file:///${prefix}/${String(i).padStart(4, '0')}.txt`, people } as unknown as Article);
  }
  return list;
}

/** A copy of the memo through JSON, as the names snapshot keeps it (parsed names shared as read). */
function throughJson(links: NameLinks): NameLinks {
  const copy = newNameLinks();
  const parsedCopy = new Map<string, NameParts | null>();
  for (const [k, v] of links.parsed) parsedCopy.set(k, v === null ? null : (JSON.parse(JSON.stringify(v)) as NameParts));
  copy.parsed = parsedCopy;
  copy.linked = new Map([...links.linked].map(([k, v]) => [k, [...v]]));
  copy.surnames = new Map([...links.surnames].map(([k, v]) => [k, [...v]]));
  copy.surnamesByBucket = new Map([...links.surnamesByBucket].map(([k, v]) => [k, [...v]]));
  copy.buckets = new Map([...links.buckets].map(([k, v]) => [k, v.map((e) => ({ k: e.k, parts: JSON.parse(JSON.stringify(e.parts)) as NameParts }))]));
  return copy;
}

for (const seed of [3, 17, 29]) {
  void test(`names are linked as the bucket scan links them (seed ${seed})`, () => {
    const next = seededRandom(seed);
    let links = newNameLinks();
    let all: Article[] = [];
    for (let pass = 0; pass < 4; pass++) {
      all = [...all, ...batch(next, 150, `pass${pass}`)];
      linkPeople(all, () => undefined, links);
      if (pass === 1) links = throughJson(links);
    }
    const partsOf = new Map<string, NameParts>();
    for (const bucket of links.buckets.values()) for (const { k, parts } of bucket) partsOf.set(k, parts);
    const order = [...links.linked.keys()];
    assert.ok(order.length > 300, `${order.length} distinct names`);
    const expected = scanLinks(order, partsOf);
    assert.deepEqual([...links.linked], [...expected]);
    const linkedPairs = [...expected.values()].reduce((n, list) => n + list.length, 0);
    assert.ok(linkedPairs > 200, `${linkedPairs} links`);
    // Every bucket holds its names in the order they were first seen.
    for (const bucket of links.buckets.values()) {
      const at = bucket.map((e) => order.indexOf(e.k));
      assert.deepEqual(at, [...at].sort((a, b) => a - b));
    }
    assert.equal(parseName('Anna Smith')?.surname, 'smith');
  });
}
