import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeArticle } from '../../core/src/article/analyze';

test('sentences carry offsets into the original text and their paragraph', () => {
  const text = 'Title: Vote\n\nThe mayor spoke first. Then the council voted.\r\nIt passed 5 to 2.';
  const { sentences } = analyzeArticle('a.txt', text);
  assert.deepEqual(sentences.map((s) => text.slice(s.start, s.end)), ['The mayor spoke first.', 'Then the council voted.', 'It passed 5 to 2.']);
  assert.deepEqual(sentences.map((s) => s.paragraph), [0, 0, 1]);
});

test('abbreviations do not end a sentence', () => {
  const text = 'Sen. Maria Lopez met U.S. officials on Monday. She left early.';
  const { sentences } = analyzeArticle('a.txt', text);
  assert.equal(sentences.length, 2);
});

test('analysis never throws on junk and records no crash for empty input', () => {
  const junk = ['', '\n\n', '\u0000\uffff\ud800', '“'.repeat(3000), 'x'.repeat(300000), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 31) % 256)).toString('latin1')];
  for (const text of junk) {
    const article = analyzeArticle('junk.txt', text);
    assert.equal(article.text, text);
    assert.ok(Array.isArray(article.problems));
  }
});

test('the hash is the same for the same text and differs for another', () => {
  assert.equal(analyzeArticle('a', 'One line.').hash, analyzeArticle('b', 'One line.').hash);
  assert.notEqual(analyzeArticle('a', 'One line.').hash, analyzeArticle('a', 'Two lines.').hash);
});
