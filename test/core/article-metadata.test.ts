import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeArticle } from '../../core/src/article/analyze';

test('header lines give outlet, date, URL, title and story; the body starts after them', () => {
  const text = 'Outlet: Harbor Gazette\ndate: 2024-03-05\nURL: https://example.org/a\nTitle: Bridge vote delayed\nStory: bridge\n\nThe council met on Tuesday.';
  const { metadata } = analyzeArticle('a.txt', text);
  assert.equal(metadata.outlet, 'Harbor Gazette');
  assert.equal(metadata.outletSource, 'header');
  assert.equal(metadata.date, '2024-03-05');
  assert.equal(metadata.url, 'https://example.org/a');
  assert.equal(metadata.title, 'Bridge vote delayed');
  assert.equal(text.slice(metadata.titleSpan.start, metadata.titleSpan.end), 'Bridge vote delayed');
  assert.equal(metadata.story, 'bridge');
  assert.equal(text.slice(metadata.bodyStart), 'The council met on Tuesday.');
});

test('without a Title header the title is the first non-empty body line', () => {
  const text = '\n\nFerry service resumes after storm\nBoats left the harbour at dawn.';
  const { metadata } = analyzeArticle('a.txt', text);
  assert.equal(metadata.title, 'Ferry service resumes after storm');
  assert.equal(metadata.bodyStart, 0);
});

test('the outlet comes from a copyright line at the end', () => {
  const text = 'Ferry service resumes\nBoats left the harbour at dawn.\n(c) 2024 Reuters. All rights reserved.';
  const { metadata } = analyzeArticle('a.txt', text);
  assert.equal(metadata.outlet, 'Reuters');
  assert.equal(metadata.outletSource, 'text');
});

test('an image-source line with a known domain stem names the outlet', () => {
  const { metadata } = analyzeArticle('a.txt', 'Storm hits coast\nWaves rose overnight.\nimage source from:nytimes');
  assert.equal(metadata.outlet, 'The New York Times');
});

test('a distribution line names the outlet when nothing stronger does', () => {
  const { metadata } = analyzeArticle('a.txt', 'Storm hits coast\nWaves rose overnight.\nDistributed by Metro Wire Service');
  assert.equal(metadata.outlet, 'Metro Wire Service');
});

test('an outlet the story merely cites is not the outlet', () => {
  const text = 'Storm hits coast\nThe storm killed two people, according to Al Jazeera.\nThe BBC reported flooding.';
  const { metadata } = analyzeArticle('a.txt', text);
  assert.equal(metadata.outlet, null);
  assert.equal(metadata.outletSource, null);
});

test('a published line near the top gives the date', () => {
  const { metadata } = analyzeArticle('a.txt', 'Storm hits coast\nPublished March 4, 2024\nWaves rose overnight.');
  assert.equal(metadata.date, '2024-03-04');
});

test('header values survive CRLF line ends', () => {
  const text = 'Outlet: Valley Times\r\nDate: 2023-11-02\r\n\r\nCrews cleared the road.';
  const { metadata } = analyzeArticle('a.txt', text);
  assert.equal(metadata.outlet, 'Valley Times');
  assert.equal(metadata.date, '2023-11-02');
  assert.equal(text.slice(metadata.bodyStart), 'Crews cleared the road.');
});
