import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildArticle, corpusOf } from './crossref-fixtures';

const story = 'Port talks';

const first = buildArticle(
  'herald.txt',
  'Port talks stall\nFishing minister Mykola Shevchuk said the port would stay closed. Shevchuk, a former harbour pilot, spoke after the talks. ' +
    '"We will not reopen the port until the fleet is paid," Shevchuk said.',
  {
    outlet: 'The Herald',
    story,
    people: [{ name: 'Mykola Shevchuk', roles: ['Fishing minister', 'a former harbour pilot'] }],
    quotes: [{ text: 'We will not reopen the port until the fleet is paid,', speaker: 'Mykola Shevchuk' }],
  },
);
const second = buildArticle(
  'courier.txt',
  'Port stays shut\nMinister Mykola Shevchuck told reporters the harbour would remain closed until wages were settled.',
  { outlet: 'The Courier', story, people: [{ name: 'Mykola Shevchuck', roles: ['Minister'] }] },
);
const third = buildArticle(
  'gazette.txt',
  'Harbour dispute\nShevchuk met the dock workers on Friday. Anna Berg and Lukas Berg, two union organisers, joined the meeting.',
  { outlet: 'The Gazette', story, people: [{ name: 'Shevchuk' }, { name: 'Anna Berg' }, { name: 'Lukas Berg' }] },
);

void test('a spelling variant of the surname is the same person', () => {
  const corpus = corpusOf(first, second);
  const person = corpus.personAt('courier.txt', second.text.indexOf('Shevchuck') + 2);
  assert.deepEqual(person?.spellings, ['Mykola Shevchuck', 'Mykola Shevchuk']);
});

void test('a bare surname links to the full name used elsewhere', () => {
  const corpus = corpusOf(first, third);
  assert.equal(corpus.personAt('gazette.txt', third.text.indexOf('Shevchuk'))?.name, 'Mykola Shevchuk');
});

void test('people who share a surname but not a first name stay apart', () => {
  const corpus = corpusOf(third);
  const anna = corpus.personAt('gazette.txt', third.text.indexOf('Anna Berg'));
  const lukas = corpus.personAt('gazette.txt', third.text.indexOf('Lukas Berg'));
  assert.notEqual(anna?.id, lukas?.id);
});

void test('personAt finds nothing between mentions', () => {
  const corpus = corpusOf(first);
  assert.equal(corpus.personAt('herald.txt', first.text.indexOf('port would')), undefined);
});

void test('a profile lists outlets, role phrases and quotes across articles', () => {
  const corpus = corpusOf(first, second);
  const id = corpus.personAt('herald.txt', first.text.indexOf('Shevchuk'))!.id;
  const profile = corpus.personProfile(id)!;
  assert.deepEqual(
    { count: profile.articleCount, descriptions: profile.descriptions.map((d) => [d.outlet, d.roles]), quotes: profile.quotes.map((q) => q.outlet) },
    {
      count: 2,
      descriptions: [['The Courier', ['Minister']], ['The Herald', ['Fishing minister', 'a former harbour pilot']]],
      quotes: ['The Herald'],
    },
  );
});

void test('a spelling variant is reported as information naming both spellings', () => {
  const corpus = corpusOf(first, second, third);
  const finding = corpus.findings().find((f) => f.kind === 'spelling-variant');
  assert.deepEqual([finding?.severity, finding?.summary], [
    'information',
    'Spelling of Mykola Shevchuk differs: The Courier writes "Shevchuck"; The Gazette and The Herald write "Shevchuk"',
  ]);
});
