// One copy of equal strings and claim values across articles (`SharedValues`, docs/performance.md
// run 22): articles that arrive as copies of their own (a worker's message, a cache entry) share
// their equal quote texts, claim texts and values in a lean corpus, the tables go after a pass, and
// sharing never joins values that differ. (Which string object a property holds cannot be seen from
// JavaScript; the value objects and the tables can.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type CachedArticle, entryBody, readEntryBody } from '../../core/src/cache/analysisCache';
import { Corpus } from '../../core/src/crossref/corpus';
import { articleFeatures } from '../../core/src/crossref/crossref';
import { SharedValues, structuralKey } from '../../core/src/crossref/sharedValues';
import type { ClaimValue } from '../../core/src/model';
import { buildArticle, hours } from './crossref-fixtures';

const quoteText = 'Every gauge on the Lindholm pier read above the red line tonight';
const claimText = 'nearly three hours';

/** An article as a worker sends it back: a cache entry's body (no object shared with any other). */
function body(file: string, outlet: string): { body: string; hash: string; text: string } {
  const text = `Pier gauges flood\nThe harbour talks lasted ${claimText}. The harbour master said: "${quoteText}." ${outlet} reported from the quay.`;
  const article = buildArticle(file, text, {
    outlet,
    date: '2026-03-02',
    quotes: [{ text: quoteText }],
    claims: [{ text: claimText, value: hours(2.5, 3, false, true) }],
  });
  return { body: entryBody(article, articleFeatures(article)), hash: article.hash, text };
}

function read(file: string, outlet: string): CachedArticle {
  const entry = body(file, outlet);
  return readEntryBody(entry.body, file, entry.hash, entry.text);
}

void test('a lean corpus keeps one copy of equal claim values and texts of articles that came as copies', () => {
  for (const leanFeatures of [false, true]) {
    const [a, b] = [read('a.txt', 'Daily A'), read('b.txt', 'Daily B')];
    assert.notEqual(a.article.claims[0].value, b.article.claims[0].value, 'decoded separately');
    const corpus = new Corpus({ leanFeatures });
    corpus.putWithFeatures(a.article, a.features!);
    // The quote's text, the claim's text, value, event and value key.
    const held = corpus.sharedValues;
    assert.equal(held, leanFeatures ? 5 : 0);
    corpus.putWithFeatures(b.article, b.features!);
    assert.equal(corpus.sharedValues, held, 'the equal ones of the second article are the first one\'s');
    const [first, second] = [corpus.article('a.txt')!, corpus.article('b.txt')!];
    assert.equal(second.claims[0].value === first.claims[0].value, leanFeatures, 'one value object when lean');
    assert.deepEqual(second.claims[0].value, hours(2.5, 3, false, true));
    assert.equal(second.quotes[0].text, quoteText);
    assert.equal(corpus.featuresFor(second).quotes[0].quote, second.quotes[0]);
  }
});

void test('shared values: only values equal field by field share', () => {
  const shared = new SharedValues();
  const three = hours(2.5, 3, false, true);
  assert.equal(shared.value(three), three);
  assert.equal(shared.value(hours(2.5, 3, false, true)), three, 'an equal value gives the first');
  const different: ClaimValue[] = [
    hours(2.5, 3, false, false),
    hours(2.5, 3.5, false, true),
    { ...three, event: 'strike' } as ClaimValue,
    { kind: 'duration', event: 'talks', minutes: { min: 150, max: 180, minOpen: false, maxOpen: true } },
  ];
  for (const value of different) assert.equal(shared.value(value), value, JSON.stringify(value));
  // JSON cannot tell these apart; the key can.
  const keys = [0, -0, Infinity, -Infinity, NaN, null].map((n) => structuralKey({ min: n }));
  assert.equal(new Set(keys).size, keys.length);
  assert.notEqual(structuralKey(['a', 'b']), structuralKey(['a,b']));
  assert.notEqual(structuralKey({ a: 'x' }), structuralKey({ a: '"x"' }));
  assert.equal(structuralKey({ a: undefined }), undefined, 'undefined is not shared');
  assert.equal(structuralKey(new Map()), undefined, 'nor anything but plain objects and arrays');
  assert.equal(shared.text(null), null);
  assert.ok(shared.size > 0);
  shared.clear();
  assert.equal(shared.size, 0);
});

void test('a lean corpus lets go of its shared tables after a pass', () => {
  const corpus = new Corpus({ leanFeatures: true });
  const a = read('a.txt', 'Daily A');
  corpus.putWithFeatures(a.article, a.features!);
  assert.ok(corpus.sharedValues > 0);
  corpus.findings();
  assert.equal(corpus.sharedValues, 0);
});
