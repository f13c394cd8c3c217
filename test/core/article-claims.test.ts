import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeArticle } from '../../core/src/article/analyze';
import type { Claim, ClaimValue } from '../../core/src/model';

function claims<K extends ClaimValue['kind']>(text: string, kind: K): (Claim & { value: Extract<ClaimValue, { kind: K }> })[] {
  return analyzeArticle('a.txt', text).claims.filter((c) => c.kind === kind) as (Claim & { value: Extract<ClaimValue, { kind: K }> })[];
}

test('"nearly two hours" is a duration just under 120 minutes, with its event', () => {
  const [c] = claims('The negotiations lasted nearly two hours.', 'duration');
  assert.equal(c.text, 'nearly two hours');
  assert.equal(c.value.minutes.max, 120);
  assert.equal(c.value.minutes.maxOpen, true);
  assert.ok(c.value.minutes.min >= 95 && c.value.minutes.min < 105);
  assert.equal(c.value.event, 'negotiations');
});

test('"more than two hours" is a duration above 120 minutes', () => {
  const [c] = claims('The session ran more than two hours.', 'duration');
  assert.equal(c.value.minutes.min, 120);
  assert.equal(c.value.minutes.minOpen, true);
});

test('a bare "two-hour" overlaps both "nearly" and "more than" two hours', () => {
  const [bare] = claims('The two-hour meeting ended.', 'duration');
  assert.equal(bare.value.event, 'meeting');
  assert.ok(bare.value.minutes.min < 120 && bare.value.minutes.max > 120);
});

test('a meeting place with a vehicle is a venue of category vehicle', () => {
  const [c] = claims("The meeting took place in the governor's armoured car.", 'venue');
  assert.equal(c.value.place, "the governor's armoured car");
  assert.equal(c.value.category, 'vehicle');
  assert.equal(c.value.event, 'meeting');
});

test('"held at a naval base in X" is a venue of category base', () => {
  const [c] = claims('The talks, held Tuesday at a naval base in Norfolk, ended early.', 'venue');
  assert.equal(c.value.place, 'a naval base in Norfolk');
  assert.equal(c.value.category, 'base');
});

test('"met ... in <city>" is a venue of category city', () => {
  const [c] = claims('Eva Lind met Jonas Berg in Stockholm for lunch.', 'venue');
  assert.equal(c.value.place, 'Stockholm');
  assert.equal(c.value.category, 'city');
});

test('a place without any event is not a venue', () => {
  assert.deepEqual(claims('Prices rose in Stockholm last year.', 'venue'), []);
});

test('a counted noun followed by a dash list is a count with items', () => {
  const [c] = claims('They claimed three northern provinces — Arden, Belmar and Corvo — as their own.', 'count');
  assert.equal(c.value.count, 3);
  assert.equal(c.value.noun, 'provinces');
  assert.deepEqual(c.value.items, ['Arden', 'Belmar', 'Corvo']);
});

test('a list after "including" counts its items', () => {
  const [c] = claims('The group wants several districts, including Arden, Belmar, Corvo, and Dunlow.', 'count');
  assert.equal(c.value.count, 4);
});

test('a fraction "a third of" is the number one third', () => {
  const [c] = claims('Rebels hold a third of the province.', 'number');
  assert.ok(Math.abs(c.value.amount.min - 1 / 3) < 0.01);
});

test('a score "7 out of 10" is the number 7', () => {
  const [c] = claims('She rated the show 7 out of 10.', 'number');
  assert.equal(c.value.amount.min, 7);
  assert.equal(c.value.unit, 'out of 10');
});

test('"tens of thousands" is an interval', () => {
  const [c] = claims('Tens of thousands of people marched.', 'number');
  assert.deepEqual([c.value.amount.min, c.value.amount.max], [20000, 99999]);
});

test('a weekday resolves against the article date', () => {
  const article = analyzeArticle('a.txt', 'Date: 2024-05-10\n\nThe vote was held on Wednesday.');
  const c = article.claims.find((x) => x.kind === 'date')!;
  assert.deepEqual(c.value, { kind: 'date', date: '2024-05-08', precision: 'day' });
});

test('without an article date a month and year still resolves; a weekday does not', () => {
  const cs = claims('The war began in March 2021 and talks opened on Monday.', 'date');
  assert.deepEqual(cs.map((c) => c.value.date), ['2021-03', null]);
  assert.deepEqual(cs.map((c) => c.value.precision), ['month', 'day']);
});

test('"was attended by" lists the people who attended', () => {
  const [c] = claims('The dinner was attended by Finance Minister Ola Strand, envoy Pia Moen and Governor Lars Vik.', 'attendance');
  assert.deepEqual(c.value.people, ['Ola Strand', 'Pia Moen', 'Lars Vik']);
});

test('"X met Y" is an attendance of both', () => {
  const [c] = claims('Chancellor Rita Holm met Prime Minister Aki Tanaka on Friday.', 'attendance');
  assert.deepEqual(c.value.people, ['Rita Holm', 'Aki Tanaka']);
});
