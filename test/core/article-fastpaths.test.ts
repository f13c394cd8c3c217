// The per-article fast paths against their slow references: each skips work only where the skipped
// step could find nothing, so turning it off must give the same analysis and features. The texts are
// invented (seeded), mixing the words the checks look for with near misses, odd casing, the Kelvin
// sign, curly apostrophes, dashes and contractions, plus the seed articles.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeArticle } from '../../core/src/article/analyze';
import { claimChecks, dateParsers } from '../../core/src/article/claims';
import { peopleChecks } from '../../core/src/article/people';
import { articleFeatures } from '../../core/src/crossref/crossref';
import { ANY_FORM, articleStatements, stanceVerbForms, statementChecks } from '../../core/src/crossref/statements';
import { contentStems, isStopword, normalizeForWords, stem, words } from '../../core/src/crossref/text';

/** A small seeded generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POOL = [
  // dates, and words that only look like them
  'January', 'Feb.', 'feb', 'MARCH', 'Mar.', 'may', 'May', 'June', 'Sept.', 'sept', 'Oct', 'Dec.', 'december',
  'Monday', 'tue', 'Tues.', 'WEDNESDAY', 'Thurs', 'thu.', 'Fri', 'sat', 'Sunday', 'weekend', 'weekday',
  'today', 'tonight', 'yesterday', 'tomorrow', 'last week', 'next month', 'this year', 'past weekend',
  '5', '21st', 'the 3rd', '2017', '1998', '2016-03-05', '12/03/2016', '03/2017', 'fifth', 'twenty-first',
  'ago', 'later', 'earlier', 'from now', 'in 3 days', 'two weeks ago', 'spring', 'this fall', 'last winter',
  'Samaritan', 'monument', 'sunset', 'Saturn', 'marching', 'mayor', 'octopus', 'novel', 'decade', 'janitor',
  // durations, counts, numbers
  'lasted', 'nearly two hours', 'more than 90 minutes', 'a day', 'an hour', 'three-day', 'several days',
  'four countries', 'including', 'namely', 'such as', 'two-thirds of', 'a fifth of', 'half of', 'hundreds of',
  'tens of thousands', '10 out of 10', '$1.2 billion', '40 percent', '5,000 troops', 'dozens', 'hourly',
  // meetings and venues
  'met', 'met with', 'meets', 'will meet', 'to meet', 'sat down with', 'held talks with', 'talked with',
  'spoke with', 'hosted', 'attended by', 'summit', 'meeting', 'talks', 'call', 'sit-down', 'between', 'with',
  'took place', 'was held', 'gathered', 'convened', 'at the White House', 'in Helsinki', 'aboard Air Force One',
  'at a naval base in Norfolk', 'in the Oval Office', 'metal', 'placed', 'withheld',
  // stance verbs, negations, near misses
  'endorsed', 'did not endorse', "didn't endorse", 'didn’t back', 'backed', 'BAC\u212A', 'Backing', 'rejected',
  'denied', 'never denied', 'admits', 'confirmed', 'signed', 'won', 'lost', 'loses', 'vetoed', 'boycotts',
  'praised', 'condemned', 'criticised', 'agreed', 'supports', 'opposes', 'backlog', 'designer', 'winter',
  // people and places
  'Donald Trump', 'Trump', 'Mr. Putin', 'President Vladimir Putin', 'Anna Kovbar', 'Kovbar', 'Sen. Ann Poe',
  'San Diego', 'Al Jazeera', 'New York', 'the Russian leader', 'Kim Jong-un', 'Mr. Kim', 'İstanbul', 'Zelenskyy',
  // plain words and punctuation
  'the', 'a', 'and', 'of', 'in', 'on', 'at', 'said', 'says', 'that', 'he', 'she', 'it', "it's", 'they’re',
  "we'll", "I'm", "she'd", "won't", "can't", 'Trump’s', "Putin's", '—', '–', '-', ',', ';', ':', '(', ')',
  '“', '”', '"', '?', 'US', 'U.S.', 'NATO', 'II', 'O’Neill', 'Élodie', 'café', 'naïve', '\u00a0', 'state-run',
];

function inventedSentence(next: () => number): string {
  const n = 4 + Math.floor(next() * 22);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(POOL[Math.floor(next() * POOL.length)]);
  const end = ['.', '.', '.', '!', '?', '."', '”'][Math.floor(next() * 7)];
  const s = parts.join(next() < 0.9 ? ' ' : '  ') + end;
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function inventedArticle(next: () => number): string {
  const paragraphs: string[] = [];
  const count = 2 + Math.floor(next() * 6);
  for (let p = 0; p < count; p++) {
    const sentences: string[] = [];
    const k = 1 + Math.floor(next() * 4);
    for (let i = 0; i < k; i++) sentences.push(inventedSentence(next));
    paragraphs.push(sentences.join(' '));
  }
  const date = `20${10 + Math.floor(next() * 15)}-0${1 + Math.floor(next() * 9)}-1${Math.floor(next() * 9)}`;
  return `Outlet: The Test Courier\nDate: ${date}\nTitle: ${inventedSentence(next)}\n\n${paragraphs.join('\n\n')}\n`;
}

const next = random(20261130);
const ARTICLES = Array.from({ length: 160 }, () => inventedArticle(next));
const seedsFolder = [path.resolve(process.cwd(), 'seeds'), path.resolve(__dirname, '../../../seeds')].find((d) => existsSync(d));
const SEEDS = seedsFolder ? readdirSync(seedsFolder).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(path.join(seedsFolder, f), 'utf8')) : [];

function withFlag(flags: Record<string, boolean>, key: string, value: boolean, f: () => void): void {
  const before = flags[key];
  flags[key] = value;
  try {
    f();
  } finally {
    flags[key] = before;
  }
}

test('the keyword checks change no date chrono finds', () => {
  const { checked, reference } = dateParsers();
  // Four parsers carry a check (the weekday parser and three month-name parsers): a chrono upgrade
  // that changes what the probes see shows here first.
  assert.equal(checked.parsers.filter((p, i) => p !== reference.parsers[i]).length, 4);
  const read = (parser: typeof checked, text: string, instant: Date) => parser.parse(text, { instant, timezone: 0 }).map((r) => ({
    index: r.index, text: r.text, start: r.start.date().toISOString(), certain: ['day', 'month', 'year', 'weekday'].filter((c) => r.start.isCertain(c as 'day')),
  }));
  const texts = [...ARTICLES.flatMap((a) => a.split(/(?<=[.!?”])\s+/)), ...SEEDS.flatMap((a) => a.split('\n'))];
  let found = 0;
  for (const [i, text] of texts.entries()) {
    const instant = new Date(Date.UTC(2014 + (i % 9), i % 12, 1 + (i % 28), 12));
    const expected = read(reference, text, instant);
    found += expected.length;
    assert.deepEqual(read(checked, text, instant), expected, text);
  }
  assert.ok(found > 200, `dates found: ${found}`);
});

test('claims are the same with the literal-word checks off', () => {
  let total = 0;
  for (const text of [...ARTICLES, ...SEEDS]) {
    const fast = analyzeArticle('a.txt', text).claims;
    let slow: typeof fast = [];
    withFlag(claimChecks, 'literalWords', false, () => {
      slow = analyzeArticle('a.txt', text).claims;
    });
    assert.deepEqual(fast, slow);
    total += fast.length;
  }
  assert.ok(total > 300, `claims: ${total}`);
});

test('people and entities are the same when every phrase is looked up in the lexicon', () => {
  for (const text of [...ARTICLES, ...SEEDS]) {
    const fast = analyzeArticle('a.txt', text);
    let slow = fast;
    withFlag(peopleChecks, 'phraseStarts', false, () => {
      slow = analyzeArticle('a.txt', text);
    });
    assert.deepEqual(fast.people, slow.people);
    assert.deepEqual(fast.entities, slow.entities);
  }
});

test('statements are the same with every sentence tokenised', () => {
  let total = 0;
  for (const text of [...ARTICLES, ...SEEDS]) {
    const article = analyzeArticle('a.txt', text);
    const fast = articleStatements(article);
    let slow = fast;
    withFlag(statementChecks, 'anyForm', false, () => {
      slow = articleStatements(article);
    });
    assert.deepEqual(fast, slow);
    total += fast.length;
  }
  assert.ok(total > 0);
  // Wherever a sentence has a stance verb token, the check lets it through (the Kelvin sign included).
  for (const text of [...ARTICLES.flatMap((a) => a.split(/(?<=[.!?”])\s+/)), 'BAC\u212A', 'Ba\u212Aed the plan']) {
    if (stanceVerbForms(text).length > 0) assert.ok(ANY_FORM.test(text), text);
  }
  assert.deepEqual(stanceVerbForms('They BAC\u212A it'), ['back']);
});

/** The stemmer as first written, with string tests: the reference for the one reading character codes. */
function referenceStem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (word.endsWith('es') && word.length > 4 && /(?:ss|x|ch|sh|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  if (word.endsWith('ly') && word.length > 5) return word.slice(0, -2);
  return word;
}

test('stem reads every ending as the string-test stemmer does', () => {
  const endings = ['', 's', 'es', 'ies', 'ses', 'sses', 'xes', 'ches', 'shes', 'zes', 'hes', 'us', 'is', 'ss', 'ing', 'ng', 'ed', 'd', 'ly', 'y', 'e', 'é', 'és'];
  const heads = ['', 'a', 'b', 'ab', 'ch', 'sh', 'tie', 'ca', 'abc', 'walk', 'gas', 'bus', 'quiz', 'ü'];
  for (const h of heads) {
    for (const e of endings) {
      for (const extra of ['', 'i', 'e', 'l', 's', 'n', 'x']) {
        const word = h + extra + e;
        assert.equal(stem(word), referenceStem(word), word);
      }
    }
  }
  for (const article of [...ARTICLES, ...SEEDS]) for (const w of normalizeForWords(article).match(/[\p{L}\p{N}]+/gu) ?? []) assert.equal(stem(w), referenceStem(w), w);
});

test('words and content stems match their reference definitions, and callers get their own copies', () => {
  const reference = (text: string) => normalizeForWords(text).match(/[\p{L}\p{N}]+/gu) ?? [];
  const referenceStems = (text: string) => reference(text).filter((w) => w.length >= 3 && !isStopword(w) && !/^\d+$/.test(w)).map(referenceStem);
  const texts = [...ARTICLES.flatMap((a) => a.split(/(?<=[.!?”])\s+/)), ...ARTICLES, "rock'n'roll—isn't it's o’clock‐ish", "x's're y'sn't", '007 1999s 12th 3d ties dies boxes buses'].concat(SEEDS);
  for (const text of texts) {
    assert.deepEqual(words(text), reference(text), text);
    assert.deepEqual(contentStems(text), referenceStems(text), text);
    // Twice: the second answers come from the caches.
    assert.deepEqual(contentStems(text), referenceStems(text), text);
  }
  const first = words('The summit lasted two hours');
  first.push('mutated');
  first[0] = 'changed';
  assert.deepEqual(words('The summit lasted two hours'), ['the', 'summit', 'lasted', 'two', 'hours']);
});

test('article features of invented articles are stable across repeated runs (caches hold no state)', () => {
  for (const text of ARTICLES.slice(0, 40)) {
    const a = JSON.stringify(articleFeatures(analyzeArticle('a.txt', text)), (_k, v) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v));
    const b = JSON.stringify(articleFeatures(analyzeArticle('a.txt', text)), (_k, v) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v));
    assert.equal(a, b);
  }
});
