// Re-anchoring: an annotation made on one version of an article, looked up in a changed version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { anchorAnnotation, createAnnotation, summarize } from '../../core/src/annotations/index';
import type { Anchor } from '../../core/src/annotations/index';

const article = `Harbour council approves new ferry terminal
Coastline Courier

The harbour council voted 7-2 on Tuesday to build a ferry terminal at the old cannery site.
"This terminal will carry the town for the next fifty years," said council leader Mara Okafor.
Opponents said the cannery site floods every winter and the cost estimate is too low.
Construction is expected to take about eighteen months, according to the harbour engineer.
`;

/** Annotates the first occurrence of `passage` in `text` (the "[" marker style, without markers). */
function annotate(text: string, passage: string, occurrence = 0) {
  let start = -1;
  for (let seen = 0; seen <= occurrence; seen++) start = text.indexOf(passage, start + 1);
  assert.ok(start >= 0, `fixture has "${passage}"`);
  const annotation = createAnnotation({ id: 'urn:uuid:1', source: 'local/ferry.txt', text, start, end: start + passage.length, note: 'Check', now: '2025-01-01T00:00:00Z' });
  const summary = summarize(annotation);
  return { start, selectors: { quote: summary.quote, position: summary.position } };
}

function placed(anchor: Anchor): { status: string; start: number; text: string } {
  assert.notEqual(anchor.status, 'orphaned', 'the annotation found its passage');
  if (anchor.status === 'orphaned') throw new Error('unreachable');
  return { status: anchor.status, start: anchor.start, text: anchor.text };
}

const passage = 'the cannery site floods every winter';

void test('an untouched article keeps the annotation where it was', () => {
  const { start, selectors } = annotate(article, passage);
  assert.deepEqual(placed(anchorAnnotation(article, selectors)), { status: 'anchored', start, text: passage });
});

void test('text inserted before the passage moves the annotation with it', () => {
  const { start, selectors } = annotate(article, passage);
  const insertion = 'Updated at 9 a.m. with comments from residents.\n';
  const changed = article.replace('The harbour council voted', `${insertion}The harbour council voted`);
  assert.deepEqual(placed(anchorAnnotation(changed, selectors)), { status: 'moved', start: start + insertion.length, text: passage });
});

void test('an edit inside the passage keeps the annotation on the edited words', () => {
  const { start, selectors } = annotate(article, passage);
  const changed = article.replace('floods every winter', 'floods most winters');
  const found = placed(anchorAnnotation(changed, selectors));
  assert.equal(found.status, 'moved');
  assert.equal(found.start, start);
  assert.equal(found.text, 'the cannery site floods most winters');
});

void test('a deleted passage makes the annotation an orphan', () => {
  const { selectors } = annotate(article, passage);
  const changed = article.replace('Opponents said the cannery site floods every winter and the cost estimate is too low.\n', '');
  assert.deepEqual(anchorAnnotation(changed, selectors), { status: 'orphaned' });
});

void test('a deleted short passage does not jump to the same words elsewhere', () => {
  const text = 'The council met on Tuesday. Later the mayor spoke on Tuesday about the vote.\n';
  const { selectors } = annotate(text, 'Tuesday', 0);
  const changed = text.replace('The council met on Tuesday. ', 'Residents gathered outside before noon. ');
  assert.deepEqual(anchorAnnotation(changed, selectors), { status: 'orphaned' });
});

void test('a passage duplicated elsewhere, context and all, stays on the copy nearest its old position', () => {
  const filler = 'Filler sentence about the harbour and the tides. '.repeat(20);
  const repeated = 'Ferries will run every twenty minutes.';
  const text = `${filler}\n${repeated}\n${filler}\n${repeated}\n${filler}\n`;
  for (const occurrence of [0, 1]) {
    const { start, selectors } = annotate(text, repeated, occurrence);
    // Shift everything so the stored position no longer holds the passage.
    const changed = `Note: ${text}`;
    assert.equal(placed(anchorAnnotation(changed, selectors)).start, start + 'Note: '.length, `copy ${occurrence + 1}`);
  }
});

void test('a passage copied into another paragraph does not pull the annotation away', () => {
  const { start, selectors } = annotate(article, passage);
  const changed = article.replace('Opponents said', 'Some wrote in. Opponents said').replace('harbour engineer.', `harbour engineer. Critics repeat that ${passage}.`);
  const found = placed(anchorAnnotation(changed, selectors));
  assert.equal(found.start, start + 'Some wrote in. '.length);
});

void test('the surrounding text outweighs the old position when a copy lands nearer to it', () => {
  const { start, selectors } = annotate(article, passage);
  // A long insertion pushes the passage far down; a copy of it, in other words' company, now sits near the old position.
  const insertion = `${'Residents lined up to speak for two hours before the vote. '.repeat(12)}\n`;
  const changed = article.replace('The harbour council voted', `Letters say ${passage} as usual.\n${insertion}The harbour council voted`);
  const found = placed(anchorAnnotation(changed, selectors));
  assert.equal(found.start, changed.indexOf(`Opponents said ${passage}`) + 'Opponents said '.length);
  assert.ok(Math.abs(changed.indexOf(passage) - start) < Math.abs(found.start - start), 'the copy is nearer the old position');
});

void test('an annotation made on LF text finds its passage in the CRLF version', () => {
  const quote = 'Opponents said the cannery site floods every winter';
  const { selectors } = annotate(article, quote);
  const crlf = article.replace(/\n/g, '\r\n');
  const found = placed(anchorAnnotation(crlf, selectors));
  assert.equal(found.text, quote);
  assert.equal(found.start, crlf.indexOf(quote));
});

void test('an annotation across a line break made on CRLF text finds it in the LF version', () => {
  const crlf = article.replace(/\n/g, '\r\n');
  const quote = 'too low.\r\nConstruction is expected';
  const { selectors } = annotate(crlf, quote);
  const found = placed(anchorAnnotation(article, selectors));
  assert.equal(found.text, 'too low.\nConstruction is expected');
});

void test('an article replaced by the outlet\'s new version keeps annotations on passages it still carries', () => {
  const { selectors: kept } = annotate(article, '"This terminal will carry the town for the next fifty years,"');
  const { selectors: dropped } = annotate(article, 'the cost estimate is too low');
  const newVersion = `Harbour council approves ferry terminal after heated debate
Coastline Courier

UPDATED: adds reaction from residents.

The harbour council voted 7-2 on Tuesday evening to build a new ferry terminal on the former cannery site,
ending a year of argument over the waterfront.
Dozens of residents packed the chamber. "This terminal will carry our town for the next fifty years," said
council leader Mara Okafor after the vote.
Construction is expected to take about eighteen months, the harbour engineer said.
`;
  const found = placed(anchorAnnotation(newVersion, kept));
  assert.equal(found.status, 'moved');
  assert.equal(found.text, '"This terminal will carry our town for the next fifty years,"');
  assert.deepEqual(anchorAnnotation(newVersion, dropped), { status: 'orphaned' });
});

void test('an annotation without a quote selector cannot be placed and is an orphan', () => {
  assert.deepEqual(anchorAnnotation(article, { quote: null, position: { start: 0, end: 5 } }), { status: 'orphaned' });
});

void test('an annotation from another tool with a quote but no context or position is found by its quote', () => {
  const quote = { type: 'TextQuoteSelector' as const, exact: 'expected to take about eighteen months' };
  const found = placed(anchorAnnotation(article, { quote, position: null }));
  assert.equal(found.start, article.indexOf(quote.exact));
});

void test('demo articles: every sentence is found again after a correction line and CRLF line endings', () => {
  const seeds = path.resolve(__dirname, '..', '..', '..', 'seeds');
  const files = readdirSync(seeds).filter((name) => name.endsWith('.txt'));
  assert.ok(files.length > 0, 'the demo articles are in seeds/');
  let checked = 0;
  for (const name of files) {
    const text = readFileSync(path.join(seeds, name), 'utf8').replace(/\r\n/g, '\n');
    const correction = 'Correction: an earlier version of this article misspelled a name.\n';
    const changed = (correction + text).replace(/\n/g, '\r\n');
    for (const sentence of text.matchAll(/[^.!?\n]{20,}[.!?]/g)) {
      const { selectors } = annotate(text, sentence[0], 0);
      const start = text.indexOf(sentence[0]);
      const found = placed(anchorAnnotation(changed, selectors));
      const lineBreaksBefore = (correction + text.slice(0, start)).split('\n').length - 1;
      assert.equal(found.start, correction.length + start + lineBreaksBefore, `${name}: "${sentence[0].slice(0, 40)}…"`);
      checked++;
    }
  }
  assert.ok(checked > 50, `checked ${checked} sentences`);
});
