// The story snapshot's compact lines (core/src/cache/storyCache.ts): a story's results written and
// read back are the same values pointing at the same article and feature objects; a line that does
// not fit the articles indexed now (a changed text, an index, slice, token, shape or reference out of
// range) is refused whole, never half-used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { Corpus } from '../../core/src/crossref/corpus';
import { type StoryEntry, decodeStory, encodeStory } from '../../core/src/cache/storyCache';
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
    const back = decodeStory(JSON.parse(line), sources);
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
  }
});

void test('strings that look like the compact form\'s tokens or references come back as written', () => {
  const { sources, entries } = setup();
  const [id, entry] = entries.find(([, e]) => e.results.findings.length > 0)!;
  const findings = entry.results.findings.map((f, i) => ({ ...f, summary: ['~1', '^0.1', '~', '^', '\u00002', ''][i % 6], id: `~${f.id}` }));
  const odd: StoryEntry = { ...entry, results: { ...entry.results, findings } };
  const line = encodeStory(id, odd, sources)!;
  assert.equal(text(decodeStory(JSON.parse(line), sources).entry.results), text(odd.results));
});

void test('a line that does not fit the articles indexed now is refused', () => {
  const { sources, entries } = setup();
  const [id, entry] = entries.find(([, e]) => e.results.claimGroups.length > 0 && e.results.findings.length > 0)!;
  const line = encodeStory(id, entry, sources)!;
  const stored = (): unknown[] => JSON.parse(line) as unknown[];
  const refused = (what: string, change: (s: unknown[]) => void): void => {
    const s = stored();
    change(s);
    assert.throws(() => decodeStory(s, sources), Undecodable, what);
  };
  refused('a changed text', (s) => { (s[3] as string[])[0] = '0'.repeat(64); });
  refused('a file not indexed', (s) => { (s[2] as string[])[0] = 'file:///nowhere.txt'; });
  refused('a slice past the text', (s) => {
    const strings = s[5] as unknown[];
    const k = strings.findIndex((x) => Array.isArray(x));
    assert.ok(k >= 0, 'the line has slices of the texts');
    strings[k] = [0, 0, 10_000_000];
  });
  refused('a reference path that leads nowhere', (s) => { (s[6] as unknown[][])[0] = ['f0', 'nothing']; });
  refused('a shape number out of range', (s) => { s[7] = [999]; });
  refused('an item out of range', (s) => { s[7] = [-11, 3, 0, 0, 999_999]; });
  refused('a truncated line', (s) => { s.length = 7; });
  refused('not an array', (s) => { s[7] = { quoteGroups: [] }; });
  refused('no results lists', (s) => { s[7] = [-1]; });
  // References and tokens of the line's own text, pushed out of range.
  const outOfRange = (pattern: RegExp, replacement: string, what: string): void => {
    const changed = line.replace(pattern, replacement);
    assert.notEqual(changed, line, `the line has ${what}`);
    assert.throws(() => decodeStory(JSON.parse(changed), sources), Undecodable, what);
  };
  outOfRange(/"\^(\d+)\.\d+"/, '"^$1.99999"', 'a reference index out of range');
  outOfRange(/"\^\d+/, '"^99999', 'a reference path number out of range');
  outOfRange(/"~\d+"/, '"~99999"', 'a string token out of range');
  outOfRange(/"relation",\[6,(\d+),/, '"relation",[6,$1000,', 'a relation table of the wrong size');
});
