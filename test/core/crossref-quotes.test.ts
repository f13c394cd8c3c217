import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildArticle, corpusOf } from './crossref-fixtures';
import { compareVersions } from '../../core/src/crossref/quotes';

const story = 'Dam inquiry';
const people = [{ name: 'Rosa Lindqvist' }, { name: 'Peter Amsel' }];

function outletArticle(file: string, outlet: string, body: string, quotes: { text: string; speaker?: string; scare?: boolean }[]) {
  return buildArticle(file, `Dam inquiry\n${body}`, { outlet, story, people, quotes });
}

void test('a bracketed rewording is grouped with the original wording', () => {
  const a = outletArticle('a.txt', 'Daily A', 'Lindqvist said: "There are only a handful of questions that are still open about the spillway."', [
    { text: 'There are only a handful of questions that are still open about the spillway.', speaker: 'Rosa Lindqvist' },
  ]);
  const b = outletArticle('b.txt', 'Daily B', 'Lindqvist said: "There are only a handful of [issues] still open about the spillway."', [
    { text: 'There are only a handful of [issues] still open about the spillway.', speaker: 'Rosa Lindqvist' },
  ]);
  const corpus = corpusOf(a, b);
  assert.equal(corpus.quoteGroupAt('a.txt', a.text.indexOf('handful'))?.members.length, 2);
});

void test('a shortened quote contained in a longer one is the same utterance', () => {
  const a = outletArticle('a.txt', 'Daily A', 'Lindqvist said: "The engineers warned us twice, and both warnings were filed away without any reply."', [
    { text: 'The engineers warned us twice, and both warnings were filed away without any reply.', speaker: 'Rosa Lindqvist' },
  ]);
  const b = outletArticle('b.txt', 'Daily B', 'She said both warnings "were filed away without any reply".', [
    { text: 'were filed away without any reply', speaker: 'Rosa Lindqvist' },
  ]);
  const corpus = corpusOf(a, b);
  assert.equal(corpus.quoteGroupAt('b.txt', b.text.indexOf('filed'))?.members.length, 2);
});

void test('two different quotes of one speaker are not grouped', () => {
  const a = outletArticle('a.txt', 'Daily A', 'Lindqvist said: "The spillway gates were never tested under full load."', [
    { text: 'The spillway gates were never tested under full load.', speaker: 'Rosa Lindqvist' },
  ]);
  const b = outletArticle('b.txt', 'Daily B', 'Lindqvist said: "Families below the dam deserve a full public hearing."', [
    { text: 'Families below the dam deserve a full public hearing.', speaker: 'Rosa Lindqvist' },
  ]);
  const corpus = corpusOf(a, b);
  assert.equal(corpus.quoteGroupAt('a.txt', a.text.indexOf('gates'))?.members.length, 1);
});

void test('scare quotes group only with the same words', () => {
  const a = outletArticle('a.txt', 'Daily A', 'The report spoke of "lessons learned" at the dam.', [{ text: 'lessons learned', scare: true }]);
  const b = outletArticle('b.txt', 'Daily B', 'The report spoke of "lessons learnt" at the dam.', [{ text: 'lessons learnt', scare: true }]);
  const corpus = corpusOf(a, b);
  assert.equal(corpus.quoteGroupAt('a.txt', a.text.indexOf('lessons')), undefined);
});

void test('quoteGroupAt finds nothing outside the quote marks', () => {
  const a = outletArticle('a.txt', 'Daily A', 'Lindqvist said: "The spillway gates were never tested under full load."', [
    { text: 'The spillway gates were never tested under full load.', speaker: 'Rosa Lindqvist' },
  ]);
  assert.equal(corpusOf(a).quoteGroupAt('a.txt', a.text.indexOf('Lindqvist said')), undefined);
});

void test('a substituted word inside the marks is a quote variant (information)', () => {
  const a = outletArticle('a.txt', 'Daily A', 'Lindqvist said: "The inspectors ignored every warning about the cracked spillway wall."', [
    { text: 'The inspectors ignored every warning about the cracked spillway wall.', speaker: 'Rosa Lindqvist' },
  ]);
  const b = outletArticle('b.txt', 'Daily B', 'Lindqvist said: "The inspectors dismissed every warning about the cracked spillway wall."', [
    { text: 'The inspectors dismissed every warning about the cracked spillway wall.', speaker: 'Rosa Lindqvist' },
  ]);
  const finding = corpusOf(a, b).findings().find((f) => f.kind === 'quote-variant');
  assert.deepEqual([finding?.severity, finding?.summary], [
    'information',
    'Rosa Lindqvist\'s quote worded differently: Daily A has "…The inspectors ignored every warning about…", Daily B has "…The inspectors dismissed every warning about…"',
  ]);
});

void test('a sentence only one outlet has inside the marks is a warning', () => {
  const a = outletArticle('a.txt', 'Daily A', 'Lindqvist said: "We asked for the records in March. Nobody at the ministry answered our letters. We asked again in June."', [
    { text: 'We asked for the records in March. Nobody at the ministry answered our letters. We asked again in June.', speaker: 'Rosa Lindqvist' },
  ]);
  const b = outletArticle('b.txt', 'Daily B', 'Lindqvist said: "We asked for the records in March. We asked again in June."', [
    { text: 'We asked for the records in March. We asked again in June.', speaker: 'Rosa Lindqvist' },
  ]);
  const finding = corpusOf(a, b).findings().find((f) => f.kind === 'quote-variant');
  assert.equal(finding?.severity, 'warning');
});

void test('only a different article word is a hint', () => {
  const a = outletArticle('a.txt', 'Daily A', 'Lindqvist said: "The gates failed on the night of the storm."', [
    { text: 'The gates failed on the night of the storm.', speaker: 'Rosa Lindqvist' },
  ]);
  const b = outletArticle('b.txt', 'Daily B', 'Lindqvist said: "The gates failed on the night of a storm."', [
    { text: 'The gates failed on the night of a storm.', speaker: 'Rosa Lindqvist' },
  ]);
  const finding = corpusOf(a, b).findings().find((f) => f.kind === 'quote-variant');
  assert.equal(finding?.severity, 'hint');
});

void test('the same quote credited to different speakers is a speaker conflict', () => {
  const a = outletArticle('a.txt', 'Daily A', 'Lindqvist said: "Nobody will be held responsible for this failure."', [
    { text: 'Nobody will be held responsible for this failure.', speaker: 'Rosa Lindqvist' },
  ]);
  const b = outletArticle('b.txt', 'Daily B', 'Amsel said: "Nobody will be held responsible for this failure."', [
    { text: 'Nobody will be held responsible for this failure.', speaker: 'Peter Amsel' },
  ]);
  const finding = corpusOf(a, b).findings().find((f) => f.kind === 'speaker-conflict');
  assert.equal(finding?.summary, '"Nobody will be held responsible for this failure." is credited to Peter Amsel by Daily B and to Rosa Lindqvist by Daily A');
});

void test('a speaker conflict points at every version of the quote', () => {
  const a = outletArticle('a.txt', 'Daily A', 'Lindqvist said: "Nobody will be held responsible for this failure."', [
    { text: 'Nobody will be held responsible for this failure.', speaker: 'Rosa Lindqvist' },
  ]);
  const b = outletArticle('b.txt', 'Daily B', 'Amsel said: "Nobody will be held responsible for this failure."', [
    { text: 'Nobody will be held responsible for this failure.', speaker: 'Peter Amsel' },
  ]);
  const finding = corpusOf(a, b).findings().find((f) => f.kind === 'speaker-conflict');
  assert.deepEqual(finding?.sides.map((s) => [s.file, s.outlet]), [['a.txt', 'Daily A'], ['b.txt', 'Daily B']]);
});

void test('one speaker named in full by one outlet and by one name in another is no speaker conflict', () => {
  const people3 = [{ name: 'Min Ho' }, { name: 'Min Ho Park' }];
  const a = buildArticle('a.txt', 'Dam inquiry\nMin said: "Nobody will be held responsible for this failure."', {
    outlet: 'Daily A', story, people: [people3[0]], quotes: [{ text: 'Nobody will be held responsible for this failure.', speaker: 'Min Ho' }],
  });
  const b = buildArticle('b.txt', 'Dam inquiry\nMin Ho Park said: "Nobody will be held responsible for this failure."', {
    outlet: 'Daily B', story, people: [people3[1]], quotes: [{ text: 'Nobody will be held responsible for this failure.', speaker: 'Min Ho Park' }],
  });
  assert.equal(corpusOf(a, b).findings().find((f) => f.kind === 'speaker-conflict'), undefined);
});

void test('a quote split by the outlet\'s own words is not read as reworded', () => {
  const full = 'We and thousands of our supporters will very definitely be making our voices heard at the dam.';
  const a = outletArticle('a.txt', 'Daily A', `Lindqvist said: "${full}"`, [{ text: full, speaker: 'Rosa Lindqvist' }]);
  const b = outletArticle('b.txt', 'Daily B', 'Lindqvist said "thousands of our supporters" will "very definitely be making our voices heard at the dam".', [
    { text: 'thousands of our supporters', speaker: 'Rosa Lindqvist' },
    { text: 'very definitely be making our voices heard at the dam', speaker: 'Rosa Lindqvist' },
  ]);
  assert.equal(corpusOf(a, b).findings().find((f) => f.kind === 'quote-variant'), undefined);
});

void test('a shorter quote that starts on a function word is an excerpt, not a change inside the marks', () => {
  // The diff can anchor "The" on the first "the" of the longer version; the words still line up as a suffix.
  const longer = 'Speaking at the depot, the mayor tapped the map and said the bridge needs urgent repairs.';
  const shorter = 'The bridge needs urgent repairs.';
  assert.ok(['same', 'excerpt'].includes(compareVersions(longer, shorter).level));
  assert.ok(['same', 'excerpt'].includes(compareVersions(shorter, longer).level));
  const lead = "He came back to money, saying 'I need savings.' I told him the cuts would never pass the council.";
  assert.ok(['same', 'excerpt'].includes(compareVersions(lead, 'I told him the cuts would never pass the council.').level));
  const tail = 'The cuts would never pass the council, I told her, and she laughed at me.';
  assert.ok(['same', 'excerpt'].includes(compareVersions(tail, 'The cuts would never pass the council, I').level));
});

void test('a word dropped or substituted between matched function words is still a change', () => {
  assert.ok(severityLevel(compareVersions('We will not sign the treaty this year.', 'We will sign the treaty this year.').level) >= 2);
  assert.ok(severityLevel(compareVersions('We will sign the treaty this year.', 'We will not sign the treaty this year.').level) >= 2);
  assert.equal(compareVersions('I think the treaty is fair to farmers.', 'I believe the treaty is fair to farmers.').level, 'information');
});

function severityLevel(level: string): number {
  return ['same', 'excerpt', 'hint', 'information', 'warning'].indexOf(level);
}

void test('a quote an article repeats (a headline echoing the body) is not joined to it as a further passage', () => {
  const body = 'We will not wait any longer. They will pay for the spillway, every single krona of it.';
  const a = outletArticle('a.txt', 'Daily A', `Lindqvist: 'They will pay for the spillway'\nLindqvist said: "${body}"`, [
    { text: 'They will pay for the spillway', speaker: 'Rosa Lindqvist' },
    { text: body, speaker: 'Rosa Lindqvist' },
  ]);
  const b = outletArticle('b.txt', 'Daily B', 'Lindqvist said: "They will pay for the spillway, every single krona of it."', [
    { text: 'They will pay for the spillway, every single krona of it.', speaker: 'Rosa Lindqvist' },
  ]);
  assert.equal(corpusOf(a, b).findings().find((f) => f.kind === 'quote-variant'), undefined);
});

void test('an article that quotes the words twice, once exactly as another outlet, does not differ from it', () => {
  const short = 'What steps were taken to reach the families about compensation?';
  const long = 'After the flood, what calls or steps were taken by your office to reach the families or to discuss compensation?';
  const a = outletArticle('a.txt', 'Daily A', `One question reads: "${short}" Another: "${long}"`, [{ text: short }, { text: long }]);
  const b = outletArticle('b.txt', 'Daily B', `"${short}" reads one of the questions.`, [{ text: short }]);
  const corpus = corpusOf(a, b);
  assert.equal(corpus.quoteGroupAt('b.txt', b.text.indexOf('steps'))?.members.length, 3, 'the three quotes are one group');
  assert.equal(corpus.findings().find((f) => f.kind === 'quote-variant'), undefined);
  // Without the exact copy, the long version's extra words are a difference.
  const c = outletArticle('c.txt', 'Daily C', `One question reads: "${long}"`, [{ text: long }]);
  assert.ok(corpusOf(c, b).findings().some((f) => f.kind === 'quote-variant'));
});

void test('a quote that carries another person\'s words in inner marks is no speaker conflict with them', () => {
  const memo = 'At the hearing, Amsel tapped the table and said ‘the engineers have serious doubts about the gates,’ and left.';
  const a = outletArticle('a.txt', 'Daily A', `"${memo}" Lindqvist wrote.`, [{ text: memo, speaker: 'Rosa Lindqvist' }]);
  const b = outletArticle('b.txt', 'Daily B', 'Amsel told her: "The engineers have serious doubts about the gates."', [
    { text: 'The engineers have serious doubts about the gates.', speaker: 'Peter Amsel' },
  ]);
  const corpus = corpusOf(a, b);
  assert.equal(corpus.quoteGroupAt('b.txt', b.text.indexOf('engineers'))?.members.length, 2, 'one utterance');
  assert.equal(corpus.findings().find((f) => f.kind === 'speaker-conflict'), undefined);
  // Without the inner marks the two outlets do credit the words to different people.
  const plain = memo.replace(/[‘’]/g, '');
  const c = outletArticle('c.txt', 'Daily C', `"${plain}" Lindqvist wrote.`, [{ text: plain, speaker: 'Rosa Lindqvist' }]);
  assert.ok(corpusOf(c, b).findings().some((f) => f.kind === 'speaker-conflict'));
});
