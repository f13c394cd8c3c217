import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildArticle, corpusOf } from './crossref-fixtures';
import { parseName } from '../../core/src/crossref/people';

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

// A surname-first name whose two-syllable given name one outlet hyphenates and another writes as two
// words (a made-up leader, not from the seeds or the data).
const hyphenated = buildArticle(
  'tribune.txt',
  'Summit delayed\nLeader Park Seo-jin met the envoy on Monday. Park Seo-jin said the talks would resume.',
  { outlet: 'The Tribune', story: 'Summit', people: [{ name: 'Park Seo-jin', mentions: ['Park Seo-jin', 'Park Seo-jin'] }] },
);
const spaced = buildArticle(
  'ledger.txt',
  'Talks to resume\nPark Seo Jin told the envoy that talks would resume within a month.',
  { outlet: 'The Ledger', story: 'Summit', people: [{ name: 'Park Seo Jin' }] },
);
const otherPark = buildArticle(
  'ledger2.txt',
  'Trade deal\nPark Min-ho, the trade minister, signed the deal.',
  { outlet: 'The Ledger', story: 'Summit', people: [{ name: 'Park Min-ho' }] },
);

void test('a hyphenated given name and the same name in two words are one person', () => {
  const corpus = corpusOf(hyphenated, spaced);
  const a = corpus.personAt('tribune.txt', hyphenated.text.indexOf('Park Seo-jin') + 1);
  const b = corpus.personAt('ledger.txt', spaced.text.indexOf('Park Seo Jin') + 1);
  assert.ok(a && b);
  assert.equal(a.id, b.id);
  assert.deepEqual(a.spellings, ['Park Seo Jin', 'Park Seo-jin']);
});

void test('the hyphen/space variant of a given name is reported as a spelling variant', () => {
  const one = buildArticle('post.txt', 'Vote count\nKwon Se-na, the election chief, certified the count.', {
    outlet: 'The Post', story: 'Vote', people: [{ name: 'Kwon Se-na' }],
  });
  const two = buildArticle('star.txt', 'Count certified\nKwon Se Na certified the count on Friday.', {
    outlet: 'The Star', story: 'Vote', people: [{ name: 'Kwon Se Na' }],
  });
  const finding = corpusOf(one, two).findings().find((f) => f.kind === 'spelling-variant');
  assert.deepEqual([finding?.severity, finding?.summary], [
    'information',
    'Spelling of Kwon Se Na differs: The Star writes "Se Na"; The Post writes "Se-na"',
  ]);
  // A last syllable of three letters is shown alone in the spaced form, but the variant is still reported.
  const longer = corpusOf(hyphenated, spaced).findings().find((f) => f.kind === 'spelling-variant');
  assert.match(longer?.summary ?? '', /"Seo-jin"/);
});

void test('people who share a surname-first family name but not the given name stay apart', () => {
  const corpus = corpusOf(hyphenated, otherPark);
  const a = corpus.personAt('tribune.txt', hyphenated.text.indexOf('Park Seo-jin') + 1);
  const b = corpus.personAt('ledger2.txt', otherPark.text.indexOf('Park Min-ho') + 1);
  assert.ok(a && b);
  assert.notEqual(a.id, b.id);
});

void test('a double-barrelled surname is not split like a given name', () => {
  assert.equal(parseName('Helena Castell-Moreno')?.surname, 'castell-moreno');
  assert.equal(parseName('Park Seo-jin')?.surname, 'jin');
  assert.equal(parseName('Park Seo-jin')?.surnameAsWritten, 'Seo-jin');
  assert.equal(parseName('Kwon Se Na')?.surnameAsWritten, 'Se Na');
  assert.equal(parseName('Mary Ann Lee')?.surnameAsWritten, 'Lee');
});

void test('bare surnames of several articles all go to the much larger full-name cluster, whatever the order', () => {
  // Two articles of one story name only "Lindqvist"; another story names Gustav Lindqvist three times,
  // a third names his daughter Sofia once. Placing the first bare surname must not make the second
  // one lose the count of the large cluster.
  const bare = (file: string) => buildArticle(file, `Ferry strike\nLindqvist said the ferries would run on Monday.`, {
    outlet: file, story: 'Strike', people: [{ name: 'Lindqvist' }],
  });
  const full = (file: string) => buildArticle(file, `Port budget\nGustav Lindqvist presented the port budget.`, {
    outlet: file, story: 'Budget', people: [{ name: 'Gustav Lindqvist' }],
  });
  const daughter = buildArticle('d.txt', 'Sailing\nSofia Lindqvist won the regatta.', {
    outlet: 'd', story: 'Regatta', people: [{ name: 'Sofia Lindqvist' }],
  });
  const corpus = corpusOf(bare('a.txt'), bare('b.txt'), full('c1.txt'), full('c2.txt'), full('c3.txt'), daughter);
  for (const file of ['a.txt', 'b.txt']) {
    assert.equal(corpus.personAt(file, 'Ferry strike\n'.length + 1)?.name, 'Gustav Lindqvist', file);
  }
});
