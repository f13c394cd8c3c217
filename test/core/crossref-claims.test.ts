import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClaimValue } from '../../core/src/model';
import { buildArticle, corpusOf, hours } from './crossref-fixtures';

const story = 'Border talks';

function claimArticle(file: string, outlet: string, sentence: string, claim: string, value: ClaimValue) {
  return buildArticle(file, `Border talks\n${sentence}`, { outlet, story, claims: [{ text: claim, value }] });
}

const venue = (place: string, category: 'vehicle' | 'base' | 'city' | 'building'): ClaimValue => ({ kind: 'venue', place, category, event: 'meeting' });

void test('a meeting in a car and at an air base contradict each other', () => {
  const a = claimArticle('a.txt', 'Daily A', 'The meeting took place in the governor\'s armoured car.', "the governor's armoured car", venue("the governor's armoured car", 'vehicle'));
  const b = claimArticle('b.txt', 'Daily B', 'The meeting was held at a military air base near Tromsø.', 'a military air base near Tromsø', venue('a military air base near Tromsø', 'base'));
  const c = claimArticle('c.txt', 'Daily C', 'Officials met at a military air base near Tromsø.', 'a military air base near Tromsø', venue('a military air base near Tromsø', 'base'));
  const finding = corpusOf(a, b, c).findings().find((f) => f.kind === 'contradiction');
  assert.equal(finding?.summary, "Daily A says the meeting took place in the governor's armoured car; Daily B and Daily C say at a military air base near Tromsø");
});

void test('a city and an air base in that city do not contradict', () => {
  const a = claimArticle('a.txt', 'Daily A', 'The leaders met in Tromsø.', 'Tromsø', venue('Tromsø', 'city'));
  const b = claimArticle('b.txt', 'Daily B', 'The meeting was held at an air base in Tromsø.', 'an air base in Tromsø', venue('an air base in Tromsø', 'base'));
  assert.deepEqual(corpusOf(a, b).findings(), []);
});

void test('two different cities contradict', () => {
  const a = claimArticle('a.txt', 'Daily A', 'The leaders met in Tromsø.', 'Tromsø', venue('Tromsø', 'city'));
  const b = claimArticle('b.txt', 'Daily B', 'The leaders met in Bodø.', 'Bodø', venue('Bodø', 'city'));
  assert.equal(corpusOf(a, b).findings()[0]?.kind, 'contradiction');
});

void test('"nearly three hours" and "over three hours" contradict', () => {
  const a = claimArticle('a.txt', 'Daily A', 'The talks lasted nearly three hours.', 'nearly three hours', hours(2.5, 3, false, true));
  const b = claimArticle('b.txt', 'Daily B', 'The talks lasted over three hours.', 'over three hours', hours(3, 4, true, false));
  const finding = corpusOf(a, b).findings()[0];
  assert.equal(finding?.summary, 'Daily A says the talks lasted nearly three hours; Daily B says over three hours');
});

void test('an overlapping duration is not part of the contradiction', () => {
  const a = claimArticle('a.txt', 'Daily A', 'The talks lasted nearly three hours.', 'nearly three hours', hours(2.5, 3, false, true));
  const b = claimArticle('b.txt', 'Daily B', 'The talks lasted over three hours.', 'over three hours', hours(3, 4, true, false));
  const c = claimArticle('c.txt', 'Daily C', 'The three-hour talks ended at noon.', 'three-hour', hours(2.75, 3.25));
  const files = corpusOf(a, b, c).findings().flatMap((f) => f.sides.map((s) => s.file));
  assert.deepEqual(files, ['a.txt', 'b.txt']);
});

void test('two named regions against four is a contradiction', () => {
  const a = claimArticle('a.txt', 'Daily A', 'The demand covers two provinces, Nordland and Troms.', 'two provinces, Nordland and Troms', { kind: 'count', count: 2, noun: 'provinces', items: ['Nordland', 'Troms'] });
  const b = claimArticle('b.txt', 'Daily B', 'The demand covers four regions: Nordland, Troms, Finnmark and Svalbard.', 'four regions: Nordland, Troms, Finnmark and Svalbard', { kind: 'count', count: 4, noun: 'regions', items: ['Nordland', 'Troms', 'Finnmark', 'Svalbard'] });
  assert.equal(corpusOf(a, b).findings()[0]?.kind, 'contradiction');
});

void test('different days for the summit contradict', () => {
  const a = claimArticle('a.txt', 'Daily A', 'The border summit opened on March 4 in Tromsø.', 'March 4', { kind: 'date', date: '2024-03-04', precision: 'day' });
  const b = claimArticle('b.txt', 'Daily B', 'The border summit opened on March 6 in Tromsø.', 'March 6', { kind: 'date', date: '2024-03-06', precision: 'day' });
  assert.equal(corpusOf(a, b).findings()[0]?.kind, 'contradiction');
});

void test('figures in one unit that cannot both be true contradict', () => {
  const amount = (n: number) => ({ kind: 'number' as const, amount: { min: n, max: n, minOpen: false, maxOpen: false }, unit: 'troops' });
  const a = claimArticle('a.txt', 'Daily A', 'About 4000 troops guard the border crossing.', '4000 troops', amount(4000));
  const b = claimArticle('b.txt', 'Daily B', 'Some 9000 troops guard the border crossing.', '9000 troops', amount(9000));
  assert.equal(corpusOf(a, b).findings()[0]?.kind, 'contradiction');
});

void test('claims in different stories are never compared', () => {
  const a = claimArticle('a.txt', 'Daily A', 'The leaders met in Tromsø.', 'Tromsø', venue('Tromsø', 'city'));
  const b = buildArticle('b.txt', 'Other story\nThe leaders met in Bodø.', { outlet: 'Daily B', story: 'Another story', claims: [{ text: 'Bodø', value: venue('Bodø', 'city') }] });
  assert.deepEqual(corpusOf(a, b).findings(), []);
});

void test('claimGroupAt returns the group of both versions', () => {
  const a = claimArticle('a.txt', 'Daily A', 'The talks lasted nearly three hours.', 'nearly three hours', hours(2.5, 3, false, true));
  const b = claimArticle('b.txt', 'Daily B', 'The talks lasted over three hours.', 'over three hours', hours(3, 4, true, false));
  const group = corpusOf(a, b).claimGroupAt('b.txt', b.text.indexOf('over'));
  assert.deepEqual([group?.topic, group?.members.length], ['duration of the talks', 2]);
});
