// The five seed articles (one summit, five outlets) as the demo corpus, through the real analysis.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Corpus } from '../../core/src/crossref/corpus';

const seedsDir = path.resolve(__dirname, '../../../seeds');
const seedFiles = fs.existsSync(seedsDir) ? fs.readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort() : [];
const skip = seedFiles.length === 5 ? false : `seed articles not found in ${seedsDir}`;

let cached: Corpus | undefined;
function seeds(): Corpus {
  if (!cached) {
    cached = new Corpus();
    for (const f of seedFiles) cached.update(path.join(seedsDir, f), fs.readFileSync(path.join(seedsDir, f), 'utf8'));
  }
  return cached;
}
const seed = (prefix: string): string => path.join(seedsDir, seedFiles.find((f) => f.startsWith(prefix))!);
const sideFiles = (kind: string, pattern: RegExp): string[] =>
  [...new Set(seeds().findings().filter((f) => f.kind === kind && pattern.test(f.summary)).flatMap((f) => f.sides.map((s) => path.basename(s.file).slice(0, 3))))].sort();

void test('seeds: the five articles are one story', { skip }, () => {
  assert.equal(seeds().stories().length, 1);
});

void test('seeds: limousine against air base is a venue contradiction', { skip }, () => {
  assert.deepEqual(sideFiles('contradiction', /limousine.*airbase|airbase.*limousine/), ['002', '004']);
});

void test('seeds: "nearly three hours" against "over three hours" is a duration contradiction', { skip }, () => {
  assert.deepEqual(sideFiles('contradiction', /nearly three hours.*over three hours|over three hours.*nearly three hours/), ['001', '002']);
});

void test('seeds: "three-hour" is in no contradiction', { skip }, () => {
  assert.ok(!seeds().findings().some((f) => f.kind === 'contradiction' && f.sides.some((s) => /three-hour/.test(s.text))));
});

void test('seeds: Zelensky and Zelenskyy are one person with a spelling variant', { skip }, () => {
  const finding = seeds().findings().find((f) => f.kind === 'spelling-variant' && /"Zelensky"/.test(f.summary) && /"Zelenskyy"/.test(f.summary));
  assert.ok(finding, 'no spelling-variant finding for Zelensky/Zelenskyy');
});

void test('seeds: 000 is derived from 003 and nothing else is derived', { skip }, () => {
  assert.deepEqual(
    seeds().derivations().map((d) => [path.basename(d.derived).slice(0, 3), path.basename(d.source).slice(0, 3)]),
    [['000', '003']],
  );
});

void test("seeds: Putin's profile spans all five outlets with quotes from several", { skip }, () => {
  const file = seed('003');
  const text = fs.readFileSync(file, 'utf8');
  const putin = seeds().personAt(file, text.indexOf('Putin'))!;
  const profile = seeds().personProfile(putin.id)!;
  assert.deepEqual([profile.articleCount, new Set(profile.quotes.map((q) => q.file)).size >= 2], [5, true]);
});

void test('seeds: coverage of 003 lists the derived 000 column', { skip }, () => {
  const view = seeds().coverage(seed('003'))!;
  assert.equal(view.columns.find((c) => c.file === seed('000'))?.derivedFrom, seed('003'));
});

void test('seeds: "endorsed Russia\'s territorial ambitions" against "did not unilaterally endorse" is an opposite statement', { skip }, () => {
  assert.deepEqual(sideFiles('contradiction', /Opposite statements.*endorse/), ['000', '004']);
});

void test('seeds: two regions named against four is a count contradiction', { skip }, () => {
  assert.deepEqual(sideFiles('contradiction', /Donetsk and Luhansk.*Zaporizhzhia|Zaporizhzhia.*Donetsk and Luhansk/), ['000', '002']);
});

void test('seeds: a quote the rewrite 000 shares with its source 003 counts once as corroboration', { skip }, () => {
  const finding = seeds().findings().find((f) => f.kind === 'quote-variant' && /I believe/.test(f.summary));
  assert.match(finding?.summary ?? '', /2 articles, 1 independent/);
});

void test('seeds: at most a dozen findings, none of them a speaker conflict', { skip }, () => {
  const findings = seeds().findings();
  assert.ok(findings.length <= 12, `${findings.length} findings: ${findings.map((f) => f.summary).join('\n')}`);
  assert.ok(!findings.some((f) => f.kind === 'speaker-conflict'));
});
