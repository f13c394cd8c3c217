import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AnalysisCache } from '../../core/src/cache/analysisCache';
import { analyzeArticle } from '../../core/src/article/analyze';

const text = 'Harbour talks\n\nThe port authority met the dockers for two hours on Monday, officials said.\n';

function withRoot(run: (root: string) => void): void {
  const root = mkdtempSync(path.join(tmpdir(), 'crosscheck-cache-'));
  try {
    run(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function entryFiles(cache: AnalysisCache): string[] {
  return readdirSync(cache.folder, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).map((f) => path.join(cache.folder, f));
}

void test('a stored analysis comes back equal, text included', () => withRoot((root) => {
  const article = analyzeArticle('a.txt', text);
  new AnalysisCache(root, 'v1').put(article);
  assert.deepEqual(new AnalysisCache(root, 'v1').get('a.txt', text), article);
}));

void test('changed text misses the cache', () => withRoot((root) => {
  const cache = new AnalysisCache(root, 'v1');
  cache.put(analyzeArticle('a.txt', text));
  assert.equal(cache.get('a.txt', text.replace('two', 'three')), undefined);
}));

void test('the same text under another file name misses the cache', () => withRoot((root) => {
  const cache = new AnalysisCache(root, 'v1');
  cache.put(analyzeArticle('a.txt', text));
  assert.equal(cache.get('b.txt', text), undefined);
}));

void test('a corrupt entry is discarded and deleted, never returned', () => withRoot((root) => {
  const cache = new AnalysisCache(root, 'v1');
  cache.put(analyzeArticle('a.txt', text));
  const [entry] = entryFiles(cache);
  writeFileSync(entry, readFileSync(entry, 'utf8').slice(0, 40));
  assert.equal(cache.get('a.txt', text), undefined);
  assert.equal(cache.statistics.discarded, 1);
  assert.equal(existsSync(entry), false);
}));

void test('an entry whose recorded hash does not match the text is discarded', () => withRoot((root) => {
  const cache = new AnalysisCache(root, 'v1');
  cache.put(analyzeArticle('a.txt', text));
  const [entry] = entryFiles(cache);
  const parsed = JSON.parse(readFileSync(entry, 'utf8')) as { hash: string };
  parsed.hash = '0'.repeat(64);
  writeFileSync(entry, JSON.stringify(parsed));
  assert.equal(cache.get('a.txt', text), undefined);
  assert.equal(cache.statistics.discarded, 1);
}));

void test('a cache written by another analysis version is discarded when opened', () => withRoot((root) => {
  new AnalysisCache(root, 'v1').put(analyzeArticle('a.txt', text));
  const newer = new AnalysisCache(root, 'v2');
  assert.equal(newer.get('a.txt', text), undefined);
  assert.deepEqual(readdirSync(root), ['v2']);
}));

void test('writes leave no temporary files behind', () => withRoot((root) => {
  const cache = new AnalysisCache(root, 'v1');
  cache.put(analyzeArticle('a.txt', text));
  cache.put(analyzeArticle('b.txt', text));
  const all = readdirSync(cache.folder, { recursive: true, encoding: 'utf8' });
  assert.deepEqual(all.filter((f) => f.endsWith('.tmp')), []);
  assert.equal(entryFiles(cache).length, 2);
}));
