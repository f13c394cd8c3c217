/**
 * `looksLikeEnglish` walks the character codes in one pass (it runs on every file of every warm
 * start). These tests hold it to the plain regular-expression definition it replaced — words are runs
 * of `\p{L}`, the Latin share is Latin letters over the letters' UTF-16 length — on real articles and
 * on random text mixing scripts, astral letters, lone surrogates and case-changing letters.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { looksLikeEnglish } from '../../core/src/articleFile';

const COMMON = new Set([
  'the', 'of', 'and', 'to', 'a', 'in', 'is', 'that', 'for', 'it', 'was', 'on', 'with', 'he', 'she', 'as', 'by',
  'at', 'his', 'her', 'said', 'be', 'are', 'from', 'they', 'this', 'have', 'has', 'not', 'but', 'an', 'their',
  'who', 'will', 'would', 'were', 'had', 'we', 'i', 'you', 'or', 'after', 'been', 'about', 'which',
]);

/** The definition, written with regular expressions. */
function reference(text: string): boolean {
  const sample = text.length > 100_000 ? text.slice(0, 100_000) : text;
  const words = sample.match(/\p{L}+/gu) ?? [];
  const letters = words.join('');
  const share = letters.length === 0 ? 1 : (letters.match(/\p{Script=Latin}/gu)?.length ?? 0) / letters.length;
  if (words.length < 30) return letters.length < 60 || share >= 0.5;
  if (share < 0.5) return false;
  let common = 0;
  for (const word of words) if (COMMON.has(word.toLowerCase())) common++;
  return common / words.length >= 0.08;
}

test('looksLikeEnglish agrees with its definition on the seed articles and their translations into other scripts', () => {
  const seeds = path.resolve(__dirname, '../../../seeds');
  const files = readdirSync(seeds).filter((name) => name.endsWith('.txt'));
  assert.ok(files.length > 0);
  for (const name of files) {
    const text = readFileSync(path.join(seeds, name), 'utf8');
    assert.equal(looksLikeEnglish(text), reference(text), name);
    assert.equal(looksLikeEnglish(text), true, name);
    // The same text with its letters shifted into Cyrillic, Greek or an astral script.
    for (const [from, to] of [[0x61, 0x430], [0x61, 0x3b1], [0x41, 0x10400]] as const) {
      const shifted = text.replace(/[a-z]/gi, (c, at: number) => (at % 10 < 7 ? String.fromCodePoint(to + (c.toLowerCase().charCodeAt(0) - 0x61) % 24) : c));
      assert.equal(looksLikeEnglish(shifted), reference(shifted), `${name} shifted from ${from}`);
    }
  }
});

test('looksLikeEnglish agrees with its definition on random mixed-script text', () => {
  let seed = 12345;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pieces = [
    'the', 'The', 'THE', 'which', 'Which', 'whichever', 'and', 'said', 'I', 'i', 'a', 'Ab', 'zebra', 'politician',
    ' ', ' ', ' ', '. ', ', ', '\n', '—', '“', '”', '’', '1984', '-', '_',
    'é', 'Ünter', 'straße', 'İ', 'K', 'ſ', 'ǅ', 'Москва', 'и', 'Ελλάδα', 'και', '東京', '日本', 'عربي', 'हिन्दी',
    '\u{10400}\u{10428}', '\u{1D400}', '\u{20000}', '\uD800', '\uDC00', '\u0301', 'ﬁ', 'ß',
  ];
  for (let round = 0; round < 600; round++) {
    const count = next(200);
    let text = '';
    for (let index = 0; index < count; index++) text += pieces[next(pieces.length)];
    assert.equal(looksLikeEnglish(text), reference(text), JSON.stringify(text));
  }
});

test('looksLikeEnglish reads only the first 100,000 characters, even when a surrogate pair is cut there', () => {
  const english = 'The minister said that the plan was not ready and that it would be changed. ';
  let text = english.repeat(Math.ceil(99_999 / english.length)).slice(0, 99_999) + '\u{10400}';
  text += '東京'.repeat(60_000);
  assert.equal(looksLikeEnglish(text), reference(text));
  assert.equal(looksLikeEnglish(text), true);
  const foreign = '東京と大阪の'.repeat(20_000) + english.repeat(2_000);
  assert.equal(looksLikeEnglish(foreign), reference(foreign));
  assert.equal(looksLikeEnglish(foreign), false);
});
