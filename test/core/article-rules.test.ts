// Rules added for real coverage (docs/quality.md): one behaviour per test, small invented texts.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeArticle } from '../../core/src/article/analyze';
import { isTitleCase } from '../../core/src/article/quotes';
import { spellingVariant } from '../../core/src/article/people';
import type { Article } from '../../core/src/model';
import { directSpans, isPersonHead, type GoldAttribution } from '../../eval/quotes';

function names(article: Article): string[] {
  return article.people.map((p) => p.name);
}

function sentenceTexts(text: string): string[] {
  const a = analyzeArticle('a.txt', text);
  return a.sentences.map((s) => text.slice(s.start, s.end));
}

// ---- Sentences

test('a full stop after an initial does not end the sentence', () => {
  assert.deepEqual(sentenceTexts('Harold P. Gumm signed the lease. The shop opens soon.'), ['Harold P. Gumm signed the lease.', 'The shop opens soon.']);
});

test('an abbreviated month before a day number does not end the sentence', () => {
  assert.deepEqual(sentenceTexts('The vote is on Oct. 14 in the hall. Nobody objected.'), ['The vote is on Oct. 14 in the hall.', 'Nobody objected.']);
});

test('"U.S." ends a sentence only before a word that starts sentences', () => {
  assert.deepEqual(sentenceTexts('She met U.S. Navy officers. Trade rose in the U.S. The figures surprised her.'),
    ['She met U.S. Navy officers.', 'Trade rose in the U.S.', 'The figures surprised her.']);
});

test('a question mark before a lower-case attribution does not end the sentence', () => {
  assert.deepEqual(sentenceTexts('"Who pays?" asked the clerk. Nobody answered.'), ['"Who pays?" asked the clerk.', 'Nobody answered.']);
});

// ---- People

test('a surname that is also an ordinary word stays part of the name after a first name', () => {
  const a = analyzeArticle('a.txt', 'Lobbyist Walter Bridge met the panel. Later Bridge said the plan was dead. The bridge was closed.');
  assert.ok(!names(a).includes('Walter'), names(a).join(', '));
});

test('a surname that is an ordinary word is kept after a middle initial', () => {
  const a = analyzeArticle('a.txt', 'Consultant Dana K. Stone briefed the board on Tuesday.');
  assert.ok(names(a).includes('Dana K. Stone'), names(a).join(', '));
});

test('curly and straight apostrophes spell one surname', () => {
  const a = analyzeArticle('a.txt', 'Fire chief Ellen O’Hara arrived first. "It is under control," O\'Hara said.');
  assert.equal(a.people.length, 1);
  assert.equal(a.quotes[0].speaker, 'Ellen O’Hara');
});

test('a spelling variant of a surname inside one article is the same person', () => {
  const a = analyzeArticle('a.txt', 'Minister Dmytro Kovalenkko spoke on Monday. Kovalenko later left the room.');
  assert.equal(a.people.length, 1, names(a).join(', '));
  assert.equal(a.people[0].mentions.length, 2);
});

test('spelling variants need five letters and one edit', () => {
  assert.equal(spellingVariant('zelensky', 'zelenskyy'), true);
  assert.equal(spellingVariant('moore', 'moose'), true);
  assert.equal(spellingVariant('ryan', 'ryun'), false);
  assert.equal(spellingVariant('johnson', 'jackson'), false);
});

test('a title before a name given surname first links to the full name ("Mr. Choi" for "Choi Min-jun")', () => {
  const a = analyzeArticle('a.txt', 'Envoy Choi Min-jun arrived in Geneva. Mr. Choi said talks would resume.');
  assert.deepEqual(names(a), ['Choi Min-jun']);
});

test('a titled surname used before a relative\'s full name is a separate person', () => {
  const a = analyzeArticle('a.txt',
    'Governor Lindqvist and Annika Lindqvist, his wife, toured the plant. Governor Lindqvist praised the workers. Lindqvist said jobs would follow.');
  assert.deepEqual(names(a).sort(), ['Annika Lindqvist', 'Lindqvist']);
  const governor = a.people.find((p) => p.name === 'Lindqvist')!;
  assert.equal(governor.mentions.length, 3);
});

test('an honorific of the other gender does not link to a full name', () => {
  const a = analyzeArticle('a.txt', 'Patricia Holloway opened the fair. Mr. Holloway, her brother, sold pies.');
  assert.equal(a.people.length, 2, names(a).join(', '));
});

test('an unknown single name said to speak is a person', () => {
  const a = analyzeArticle('a.txt', 'Quarrington told reporters, "We will appeal."');
  assert.deepEqual(names(a), ['Quarrington']);
  assert.equal(a.quotes[0].speaker, 'Quarrington');
});

test('a plural noun before "met" is not a person', () => {
  const a = analyzeArticle('a.txt', 'Farmers met at the market.');
  assert.deepEqual(names(a), []);
});

// ---- Quotes

test('a quote woven into the writer\'s sentence is partial', () => {
  const a = analyzeArticle('a.txt', 'The mayor called the budget "a careful and fair compromise" on Monday.');
  assert.equal(a.quotes[0].partial, true);
});

test('a quote introduced by a comma or colon is a whole quote', () => {
  const a = analyzeArticle('a.txt', 'Mayor Ruth Alvey said: "We kept every library open." Then she left.');
  assert.equal(a.quotes[0].partial, false);
});

test('a quote after a speech verb that starts with a capital is a whole quote', () => {
  const a = analyzeArticle('a.txt', 'Mayor Ruth Alvey said "We kept every library open."');
  assert.equal(a.quotes[0].partial, false);
});

test('titles of shows in quote marks are labels, not speech', () => {
  const a = analyzeArticle('a.txt', 'He appeared on "Good Evening With Friends" and left early.');
  assert.equal(a.quotes[0].scare, true);
});

test('title case is told from speech', () => {
  assert.equal(isTitleCase('Meet the Press'), true);
  assert.equal(isTitleCase('All Bets Are Off.'), true);
  assert.equal(isTitleCase('We will win. Believe me.'), false);
  assert.equal(isTitleCase('the plan is dead'), false);
});

test('a speaker behind lower-case title words is found ("ECB chief economist Jane Roe said")', () => {
  const a = analyzeArticle('a.txt', 'Economist Marta Ilves spoke. "Growth has stalled this quarter," ECB chief economist Marta Ilves said.');
  assert.equal(a.quotes[0].speaker, 'Marta Ilves');
});

// ---- Claims

test('an abbreviated month is a date hint ("Sept. 9")', () => {
  const a = analyzeArticle('a.txt', 'Date: 2024-10-01\n\nThe plant closed on Sept. 9 after the flood.');
  assert.ok(a.claims.some((c) => c.kind === 'date' && c.text.startsWith('Sept. 9')), a.claims.map((c) => c.text).join(' | '));
});

test('clock times are not date claims', () => {
  const a = analyzeArticle('a.txt', 'Date: 2024-10-01\n\nThe doors opened at 7:30 p.m. on Friday.');
  const dates = a.claims.filter((c) => c.kind === 'date');
  assert.ok(dates.every((c) => !/p\.m\./.test(c.text)), dates.map((c) => c.text).join(' | '));
});

test('a bare surname shared by two full names stays with the person introduced first', () => {
  const a = analyzeArticle('a.txt',
    'Chancellor Oskar Brandvold greeted guests. Liv Brandvold, his wife, joined him later. Brandvold then gave a speech.');
  const oskar = a.people.find((p) => p.name === 'Oskar Brandvold')!;
  assert.ok(oskar.mentions.some((m) => m.text === 'Brandvold'), oskar.mentions.map((m) => m.text).join(', '));
});

// The evaluation's gold definitions (eval/quotes.ts, docs/quality.md).
function gold(text: string, from: string, to: string): GoldAttribution {
  const start = text.indexOf(from);
  const end = text.indexOf(to) + to.length;
  return { content: { spans: [{ start, end }], text: text.slice(start, end) }, source: null, direct: false };
}

test('eval: a gold content of lead-in plus quotation holds a direct quote from the mark on', () => {
  const text = 'Ana Ruiz said that, “We will open the school in May.”';
  const spans = directSpans(gold(text, 'that,', 'May.”'), text);
  assert.deepEqual(spans, [{ start: text.indexOf('“'), end: text.length }]);
});

test('eval: a phrase woven into the writer’s sentence stays indirect', () => {
  const text = 'Ana Ruiz called the plan “a careful compromise.”';
  assert.equal(directSpans(gold(text, 'the plan', 'compromise.”'), text), null);
});

test('eval: outlets and groups with capitalised names are not named persons', () => {
  assert.equal(isPersonHead('Daily Gazette', 'The Daily Gazette', 'The Daily Gazette reported it.', []), false);
  assert.equal(isPersonHead('Okafor', 'Mr. Okafor', 'Mr. Okafor spoke.', []), true);
  assert.equal(isPersonHead('Lena Varga', 'Lena Varga, a writer for the Gazette', '', []), true);
});
