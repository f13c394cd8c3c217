import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeArticle } from '../../core/src/article/analyze';
import type { Article } from '../../core/src/model';

function person(article: Article, name: string) {
  const found = article.people.find((p) => p.name === name);
  assert.ok(found, `no person ${name} in ${article.people.map((p) => p.name).join(', ')}`);
  return found;
}

test('a titled full name and its short forms are one person with aliases', () => {
  const a = analyzeArticle('a.txt', 'Dutch Prime Minister Hendrik Vos arrived in Oslo.\nVos said the talks were useful. Mr. Vos left on Friday.');
  const vos = person(a, 'Hendrik Vos');
  assert.ok(vos.aliases.includes('Vos'));
  assert.ok(vos.mentions.some((m) => m.kind === 'titled' && m.text === 'Mr. Vos'));
  assert.equal(a.people.length, 1);
});

test('a pre-name title becomes a role phrase', () => {
  const a = analyzeArticle('a.txt', 'The plan was backed by Canadian Foreign Minister Elena Marchetti on Monday.');
  assert.deepEqual(person(a, 'Elena Marchetti').roles.map((r) => r.text), ['Canadian Foreign Minister']);
});

test('an appositive after the name becomes a role phrase', () => {
  const a = analyzeArticle('a.txt', '"It will pass," said Tobias Grunwald, a retired Austrian diplomat, on Sunday.');
  assert.deepEqual(person(a, 'Tobias Grunwald').roles.map((r) => r.text), ['a retired Austrian diplomat']);
});

test('a possessive title with a comma links the name ("Chile\'s president, X")', () => {
  const a = analyzeArticle('a.txt', "The deal needs approval from Chile's president, Gabriel Ortiz, and the senate.");
  assert.deepEqual(person(a, 'Gabriel Ortiz').roles.map((r) => r.text), ["Chile's president"]);
});

test('an unknown name is a person when a role noun introduces it', () => {
  const a = analyzeArticle('a.txt', 'The opposition lawmaker, Taras Kovalchuk, reacted angrily to the vote.');
  person(a, 'Taras Kovalchuk');
});

test('a description is linked when exactly one person fits it', () => {
  const a = analyzeArticle('a.txt', 'Brazilian President Marta Silva arrived late. The Brazilian leader spoke briefly.');
  const silva = person(a, 'Marta Silva');
  assert.ok(silva.mentions.some((m) => m.kind === 'description' && m.text === 'The Brazilian leader'));
});

test('places inside facility names are not people', () => {
  const a = analyzeArticle('a.txt', 'The jet landed at Fort Wainwright-Hollis near the coast. Crews met at Camp Hendricks.');
  assert.deepEqual(a.people, []);
  assert.ok(a.entities.some((e) => e.text === 'Fort Wainwright-Hollis' && e.kind === 'place'));
});

test('a name only in a title-case headline is not a person', () => {
  const a = analyzeArticle('a.txt', 'Governor Mary Meets Farmers In Dry Valley\nThe governor met farmers on Monday.');
  assert.deepEqual(a.people.map((p) => p.name), []);
});

test('organisations and places are entities, not people', () => {
  const a = analyzeArticle('a.txt', 'The Atlantic Council and the Red Cross sent staff to Nairobi and Kenya.');
  assert.deepEqual(a.people, []);
  const names = a.entities.map((e) => `${e.text}:${e.kind}`);
  assert.ok(names.includes('Atlantic Council:organization'), names.join(', '));
  assert.ok(names.includes('Nairobi:place'), names.join(', '));
});

test('a capitalised sentence opener is not a person', () => {
  const a = analyzeArticle('a.txt', 'However Monday brought rain. Meanwhile Parliament adjourned.');
  assert.deepEqual(a.people, []);
});

test('a plural surname ("the Roes") is looked up like the bare surname, not as a spelling variant', () => {
  const text = 'Aurelio Brandt addressed the gala. Brandt thanked the donors, and Marisol Brandt, his wife, spoke next. '
    + 'Later the Brandts greeted guests.';
  const a = analyzeArticle('a.txt', text);
  const aurelio = a.people.find((p) => p.name === 'Aurelio Brandt')!;
  assert.ok(aurelio.mentions.some((m) => m.text === 'Brandts'));
});

test('a two-word name is not made a person by a bare surname used before it (someone else)', () => {
  const text = 'Torvik said the vote was close. Later, Ulvhild Torvik greeted the winners.';
  const a = analyzeArticle('a.txt', text);
  assert.ok(a.people.some((p) => p.name === 'Torvik'));
  assert.ok(!a.people.some((p) => p.name === 'Ulvhild Torvik'));
  // The same words with the bare surname speaking after the full name: one person.
  const later = analyzeArticle('b.txt', 'Ulvhild Torvik greeted the winners. Torvik said the vote was close.');
  assert.ok(later.people.some((p) => p.name === 'Ulvhild Torvik' && p.mentions.some((m) => m.text === 'Torvik')));
});
