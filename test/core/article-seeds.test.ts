// The seed articles are the demo corpus: every named person is found, no obvious false person, and
// the venue and duration claims the demo contrasts are typed.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeArticle } from '../../core/src/article/analyze';
import type { Article } from '../../core/src/model';

const seedsDir = [path.resolve(process.cwd(), 'seeds'), path.resolve(__dirname, '../../../seeds')].find((d) => existsSync(d));

function seeds(): Article[] {
  if (!seedsDir) return [];
  return readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort()
    .map((f) => analyzeArticle(f, readFileSync(path.join(seedsDir, f), 'utf8')));
}

const articles = seeds();
const names = new Set(articles.flatMap((a) => a.people.map((p) => p.name)));

test('every named person of the seeds is found', { skip: !seedsDir && 'seeds/ not found' }, () => {
  const expected = [
    'Donald Trump', 'Vladimir Putin', 'Marco Rubio', 'Steve Witkoff', 'Sergei Lavrov', 'Darren Kew', 'Wolfgang Ischinger',
    'Melinda Haring', 'Osama Bin Javaid', 'Kimberly Halkett', 'James Bays', 'Oleksiy Honcharenko',
  ];
  for (const name of expected) assert.ok(names.has(name), `missing ${name}`);
  assert.ok(names.has('Volodymyr Zelenskyy') || names.has('Volodymyr Zelensky'));
});

test('no place, organisation or half name is taken for a person in the seeds', { skip: !seedsDir && 'seeds/ not found' }, () => {
  for (const bad of ['Joint Base Elmendorf-Richardson', 'Elmendorf-Richardson', 'Richardson', 'President Donald', 'Joan B. Kroc', 'Al Jazeera', 'Fox News', 'Anchorage']) {
    assert.ok(!names.has(bad), `false person ${bad}`);
  }
  // Every person name has at least two words: no single capitalised word slipped through.
  for (const name of names) assert.ok(name.split(' ').length >= 2, `suspicious person ${name}`);
});

test('the seeds carry typed venue and duration claims', { skip: !seedsDir && 'seeds/ not found' }, () => {
  const claims = articles.flatMap((a) => a.claims);
  const venues = claims.flatMap((c) => (c.value.kind === 'venue' ? [c.value] : []));
  assert.ok(venues.some((v) => v.category === 'vehicle'), 'a vehicle venue');
  assert.ok(venues.some((v) => v.category === 'base'), 'a base venue');
  const durations = claims.flatMap((c) => (c.value.kind === 'duration' ? [c.value] : []));
  assert.ok(durations.some((d) => d.minutes.maxOpen && d.minutes.max === 180), 'nearly three hours');
  assert.ok(durations.some((d) => d.minutes.minOpen && d.minutes.min === 180), 'over three hours');
});

test('the seeds analyse without problems', { skip: !seedsDir && 'seeds/ not found' }, () => {
  for (const a of articles) assert.deepEqual(a.problems, [], a.file);
});
