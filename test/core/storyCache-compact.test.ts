// The story snapshot's compact lines (core/src/cache/storyCache.ts): a story's results written and
// read back are the same values pointing at the same article and feature objects; a line that does
// not fit the articles indexed now (a changed text, an index, slice, token, shape or reference out of
// range) is refused whole, never half-used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { Corpus } from '../../core/src/crossref/corpus';
import { type StoryEntry, decodeStory, decodeStoryLine, encodeStory } from '../../core/src/cache/storyCache';
import { Undecodable } from '../../core/src/cache/codec';
import type { ClaimGroupDetail, StoryResults } from '../../core/src/crossref/crossref';

const seeds = path.resolve(__dirname, '../../../seeds');

function seedCorpus(): Corpus {
  const corpus = new Corpus();
  for (const name of readdirSync(seeds).filter((n) => n.endsWith('.txt')).sort()) {
    corpus.update(`file:///seeds/${name}`, readFileSync(path.join(seeds, name), 'utf8'));
  }
  corpus.findings();
  return corpus;
}

/** Results as text, relations as their tables (functions do not stringify). */
function text(results: StoryResults): string {
  return JSON.stringify(results, (key, value: unknown) => {
    if (key === 'relation' && typeof value === 'function') return 'relation';
    if (value instanceof Set) return { set: [...value] };
    if (value instanceof Map) return { map: [...value] };
    return value;
  }) + results.claimGroups.map((g: ClaimGroupDetail) => g.members.map((_, i) => g.members.map((__, j) => g.relation(i, j)).join()).join(';')).join('|');
}

function setup(): { corpus: Corpus; sources: Parameters<typeof encodeStory>[2]; entries: [string, StoryEntry][] } {
  const corpus = seedCorpus();
  const sources = { article: (file: string) => corpus.article(file), features: (a: Parameters<Corpus['featuresFor']>[0]) => corpus.featuresFor(a) };
  const entries = [...corpus.storyResultEntries()];
  assert.ok(entries.length > 0 && entries.some(([, e]) => e.results.claimGroups.length > 0 && e.results.findings.length > 0), 'the seeds have stories with results');
  return { corpus, sources, entries };
}

void test('a story written and read back: equal results, members still the articles\' own quote and claim features', () => {
  const { sources, entries } = setup();
  for (const [id, entry] of entries) {
    const line = encodeStory(id, entry, sources);
    assert.ok(line !== undefined, `story ${id} is kept`);
    assert.ok(!line.includes('\n'), 'one line per story');
    const back = decodeStoryLine(line, sources);
    assert.equal(back.id, id);
    assert.equal(back.entry.signature, entry.signature);
    assert.deepEqual(back.entry.files, entry.files);
    assert.equal(text(back.entry.results), text(entry.results));
    for (const [k, detail] of entry.results.quoteGroups.entries()) {
      for (const [i, member] of detail.members.entries()) assert.equal(back.entry.results.quoteGroups[k].members[i], member, 'the same quote feature object');
    }
    for (const [k, detail] of entry.results.claimGroups.entries()) {
      for (const [i, member] of detail.members.entries()) assert.equal(back.entry.results.claimGroups[k].members[i], member, 'the same claim feature object');
    }
    // Written again (lazy fields decoded on the way): the same line.
    assert.equal(encodeStory(id, decodeStoryLine(line, sources).entry, sources), line);
  }
});

void test('strings that look like the compact form\'s tokens or references come back as written', () => {
  const { sources, entries } = setup();
  const [id, entry] = entries.find(([, e]) => e.results.findings.length > 0)!;
  const findings = entry.results.findings.map((f, i) => ({ ...f, summary: ['~1', '^0.1', '~', '^', '\u00002', ''][i % 6], id: `~${f.id}` }));
  const odd: StoryEntry = { ...entry, results: { ...entry.results, findings } };
  const line = encodeStory(id, odd, sources)!;
  assert.equal(text(decodeStoryLine(line, sources).entry.results), text(odd.results));
});

void test('a line that does not fit the articles indexed now is refused', () => {
  const { sources, entries } = setup();
  const [id, entry] = entries.find(([, e]) => e.results.claimGroups.length > 0 && e.results.findings.length > 0)!;
  const line = encodeStory(id, entry, sources)!;
  const tab = line.indexOf('\t');
  assert.ok(tab > 0, 'the line has lazy segments');
  const stored = (): unknown[] => JSON.parse(line.slice(0, tab)) as unknown[];
  const refused = (what: string, change: (s: unknown[]) => void): void => {
    const s = stored();
    change(s);
    assert.throws(() => decodeStory(s, sources, line.slice(tab + 1)), Undecodable, what);
  };
  refused('a changed text', (s) => { (s[3] as string[])[0] = '0'.repeat(64); });
  refused('a file not indexed', (s) => { (s[2] as string[])[0] = 'file:///nowhere.txt'; });
  refused('a slice past the text (as older lines wrote strings)', (s) => {
    (s[5] as unknown[]).push([0, 0, 10_000_000]);
  });
  refused('a reference path that leads nowhere', (s) => { (s[6] as unknown[][])[0] = ['f0', 'nothing']; });
  refused('a shape number out of range', (s) => { s[7] = [999]; });
  refused('an item out of range', (s) => { s[7] = [-11, 3, 0, 0, 999_999]; });
  refused('a truncated line', (s) => { s.length = 7; });
  refused('a lazy object of a shape without lazy fields', (s) => { s[7] = [-12, 0, 0, 1, 2]; });
  refused('a lazy segment out of range', (s) => { s[7] = [-12, 11, 999_999, '~0', '~1', 0.5]; });
  refused('another digest', (s) => { s[9] = 'AAAA'; });
  assert.throws(() => decodeStory(stored(), sources), Undecodable, 'segments missing');
  assert.throws(() => decodeStory(stored(), sources, line.slice(tab + 1, -3)), Undecodable, 'truncated segments');
  refused('not an array', (s) => { s[7] = { quoteGroups: [] }; });
  refused('no results lists', (s) => { s[7] = [-1]; });
  // References and tokens of the line's own text, pushed out of range.
  const outOfRange = (pattern: RegExp, replacement: string, what: string): void => {
    const changed = line.replace(pattern, replacement);
    assert.notEqual(changed, line, `the line has ${what}`);
    assert.throws(() => decodeStoryLine(changed, sources), Undecodable, what);
  };
  outOfRange(/"\^(\d+)\.\d+"/, '"^$1.99999"', 'a reference index out of range');
  outOfRange(/"\^\d+/, '"^99999', 'a reference path number out of range');
  outOfRange(/"~\d+"/, '"~99999"', 'a string token out of range');
  outOfRange(/"relation",\[6,(\d+),/, '"relation",[6,$1000,', 'a relation table of the wrong size');
});

void test('lazy fields are decoded on first use, against the articles of the read even when an article was replaced since', () => {
  const { corpus, sources, entries } = setup();
  const [id, entry] = entries.find(([, e]) => e.results.claimGroups.length > 0 && e.results.quoteGroups.length > 0 && e.results.derivations.length > 0)!;
  const expected = text(entry.results);
  const line = encodeStory(id, entry, sources)!;
  const back = decodeStoryLine(line, sources).entry.results;
  const lazy = (owner: object, key: string): boolean => Object.getOwnPropertyDescriptor(owner, key)?.get !== undefined;
  assert.ok(lazy(back.claimGroups[0], 'group') && lazy(back.quoteGroups[0], 'group') && lazy(back.derivations[0], 'passages'));
  assert.ok(!lazy(back.claimGroups[0], 'members') && !lazy(back.quoteGroups[0], 'members') && !lazy(back.findings[0], 'sides'), 'what the warm start reads before it is ready is decoded now');
  assert.deepEqual(Object.keys(back.claimGroups[0]), Object.keys(entry.results.claimGroups[0]), 'the fields in their order');
  const again = decodeStoryLine(line, sources).entry.results;
  // An edit replaces one of the story's articles before anything lazy is read.
  const file = entry.files[0];
  const before = corpus.article(file)!;
  corpus.update(file, before.text.replace(/\b(\w)/, 'X$1'));
  assert.notEqual(corpus.article(file)!.hash, before.hash);
  assert.equal(text(back), expected);
  assert.ok(!lazy(back.claimGroups[0], 'group'), 'decoded once, then plain fields');
  // A claim group's relation decodes its table on its first call; a field set before it was read keeps the value set.
  const relations = entry.results.claimGroups.map((g) => g.members.map((_, i) => g.members.map((__, j) => g.relation(i, j)).join()).join(';'));
  assert.deepEqual(again.claimGroups.map((g) => g.members.map((_, i) => g.members.map((__, j) => g.relation(i, j)).join()).join(';')), relations);
  for (const detail of again.quoteGroups) detail.group = { ...detail.group, id: 'set' };
  for (const detail of again.quoteGroups) assert.equal(detail.group.id, 'set');
  for (const detail of again.derivations) detail.passages = [];
  for (const detail of again.derivations) assert.deepEqual(detail.passages, []);
});

void test('a lazy segment that does not decode when read throws Undecodable naming the story', () => {
  const { sources, entries } = setup();
  const [id, entry] = entries.find(([, e]) => e.results.derivations.length > 0)!;
  const line = encodeStory(id, entry, sources)!;
  const tab = line.indexOf('\t');
  const stored = JSON.parse(line.slice(0, tab)) as unknown[];
  // One segment fewer than the line says (digest recomputed: as a faulty writer would leave it).
  const tail = line.slice(tab + 1);
  const shorter = tail.slice(0, tail.lastIndexOf('\t'));
  stored[9] = createHash('sha1').update(shorter).digest('base64');
  const back = decodeStory(stored, sources, shorter).entry.results;
  assert.throws(() => back.derivations.map((d) => d.passages), (error: unknown) => error instanceof Undecodable && error.message.includes(id));
});

void test('strings are written as themselves, not as slices of the article texts; a line with slices is still read', () => {
  const { corpus, sources, entries } = setup();
  let replaced = 0;
  for (const [id, entry] of entries) {
    const line = encodeStory(id, entry, sources)!;
    const tab = line.indexOf('\t');
    const stored = JSON.parse(tab < 0 ? line : line.slice(0, tab)) as unknown[];
    const strings = stored[5] as unknown[];
    assert.ok(strings.every((x) => typeof x === 'string'), 'no slices: reading a line back does not read the texts');
    // A string of the table that is a span of one of the story's texts, written as that slice (as
    // lines were until the server stopped keeping closed articles' texts), reads back the same.
    const files = stored[2] as string[];
    for (const [i, value] of strings.entries()) {
      const written = value as string;
      if (written.length < 20) continue;
      const k = files.findIndex((file) => corpus.article(file)!.text.includes(written));
      if (k < 0) continue;
      const start = corpus.article(files[k])!.text.indexOf(written);
      const sliced = JSON.parse(JSON.stringify(stored)) as unknown[];
      (sliced[5] as unknown[])[i] = [k, start, start + written.length];
      const back = decodeStory(sliced, sources, tab < 0 ? undefined : line.slice(tab + 1));
      assert.equal(text(back.entry.results), text(entry.results));
      replaced++;
      break;
    }
  }
  assert.ok(replaced > 0, 'some story has a string from its texts');
});
