// Reading an article file in two steps (decode, then the language check the server keeps in its cache)
// gives exactly what reading it in one gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeArticleBytes, htmlAsText, languageWarnings, readArticleBytes, textWarnings } from '../../core/src/articleFile';

const english = 'Ferry crews at Lindholm harbour walked out over pay on Monday, and the talks with the board lasted two hours. '.repeat(3);
const german = 'Die Regierung hat am Montag beschlossen, dass die neuen Regeln für den Hafen erst im nächsten Jahr gelten. '.repeat(4);
const page = (body: string): string => `<!DOCTYPE html><html><head><script>var a = "<p>";</script></head><body><p>${body}</p></body></html>`;
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const utf16le = (text: string): Uint8Array => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));

const inputs: [string, Uint8Array][] = [
  ['English', encode(english)],
  ['German', encode(german)],
  ['English page', encode(page(english))],
  ['German page', encode(page(german))],
  ['page by its tags', encode(`Outlet: X\n\n${'<div><p>Ferry crews walked out over pay on Monday.</p></div>\n'.repeat(10)}`)],
  ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...encode(english)])],
  ['UTF-16 German', utf16le(german)],
  ['Windows-1252 German page', new Uint8Array(Buffer.from(page(german), 'latin1'))],
  ['Windows-1252 English', new Uint8Array([...encode('The caf'), 0xe9, ...encode(english)])],
  ['short', encode('Hello.')],
  ['white space', encode('  \n\t ')],
  ['binary', new Uint8Array([0x50, 0x4b, 0x03, 0x00, 0x01])],
  ['control characters', new Uint8Array(Array.from({ length: 200 }, (_, k) => (k % 3 === 0 ? 1 : 65)))],
  ['empty', new Uint8Array(0)],
];

void test('decode + language check equals readArticleBytes, warnings in the same order', () => {
  for (const [name, bytes] of inputs) {
    const whole = readArticleBytes(bytes);
    const decoded = decodeArticleBytes(bytes);
    if (decoded.skipped) {
      assert.deepEqual(whole, decoded, name);
      continue;
    }
    assert.deepEqual(whole, { skipped: false, text: decoded.text, warnings: [...decoded.warnings, ...languageWarnings(decoded.text)] }, name);
  }
});

void test('the split reads text as before: markup blanked once, text warnings as textWarnings gives them', () => {
  for (const [name, bytes] of inputs) {
    const decoded = decodeArticleBytes(bytes);
    if (decoded.skipped) continue;
    const source = name.startsWith('Windows-1252') ? new TextDecoder('windows-1252').decode(bytes)
      : name.startsWith('UTF-16') ? new TextDecoder('utf-16le').decode(bytes.subarray(2))
        : new TextDecoder('utf-8').decode(bytes);
    assert.equal(decoded.text, htmlAsText(source), name);
    const whole = readArticleBytes(bytes);
    assert.ok(!whole.skipped);
    assert.deepEqual(whole.warnings.slice(name.startsWith('Windows-1252') ? 1 : 0), textWarnings(source), name);
  }
  assert.deepEqual(languageWarnings(htmlAsText(page(german))).length, 1);
  assert.deepEqual(languageWarnings(htmlAsText(page(english))), []);
});
