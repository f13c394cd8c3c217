/**
 * A cache entry's sections (the parts of an article and of its features decoded on first use) are
 * not kept in memory as text once the entry is on disk: they are read back from the entry file when
 * first decoded, and equal what was written. A file deleted, truncated or rewritten between the read
 * and the decode is never trusted: its parts are computed again from the article (the same values).
 * An entry whose head alone was rewritten (`putChecks`) is still read. A body from a worker is read
 * from its file once `putBody` has written it; kept as text when it could not be written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { AnalysisCache, type CachedArticle, entryBody, readEntryBody } from '../../core/src/cache/analysisCache';
import { EntrySections, type SectionFile, encodeFeatures } from '../../core/src/cache/features';
import { analyzeArticle } from '../../core/src/article/analyze';
import { articleFeatures } from '../../core/src/crossref/crossref';
import { withTempDir } from './testSupport';

const quoted = 'Outlet: Harbour Post\nDate: 2024-03-04\n\nHarbour strike ends in Rotterdam\n\nThe port authority met the dockers for two hours on Monday in Rotterdam. ' +
  '"We will sail again when the pay offer is fair," union leader Ida Holm said. Holm, a former crane driver, did not endorse the offer. ' +
  'Board chair Pavel Strand of the Port of Rotterdam Authority said: "The offer stands and the port will reopen." Mr. Strand left early. ' +
  'The authority said 40 ships waited outside the port on Sunday, and that the strike cost 12 million euros a day.\n';

/** Everything an entry holds, every lazy part read: the article as JSON, the features as `encodeFeatures` writes them. */
function everything({ article, features }: CachedArticle): string {
  assert.ok(features);
  // The text last, where the cache puts it back.
  const { text, ...rest } = article;
  return JSON.stringify({ article: { ...rest, text }, features: encodeFeatures(article, features) });
}

const fresh = (): CachedArticle => {
  const article = analyzeArticle('q.txt', quoted);
  return { article, features: articleFeatures(article) };
};

/** Counts the entry files opened while `run` runs (`node:fs` itself: the cache calls it through the module). */
function opensOf(entry: string, run: () => void): number {
  const fs = createRequire(__filename)('node:fs') as typeof import('node:fs');
  const open = fs.openSync;
  let opened = 0;
  fs.openSync = ((file: import('node:fs').PathLike, ...rest: unknown[]) => {
    if (file === entry) opened++;
    return (open as (...args: unknown[]) => number)(file, ...rest);
  }) as typeof fs.openSync;
  try {
    run();
  } finally {
    fs.openSync = open;
  }
  return opened;
}

void test('sections are kept as their place in the file and read back when first taken; small ones stay as text', () => {
  const lines = ['[1,2,3]', `[${'"a long section",'.repeat(10)}"end"]`, '{"not":"a list"}', `[${'7,'.repeat(40)}7]`];
  const body = `{"first":"line"}\n${lines.join('\n')}`;
  const bytes = Buffer.from(`HEAD\n${body}`, 'latin1');
  const asked: [number, number][] = [];
  const file: SectionFile = {
    text: (start, end) => {
      asked.push([start, end]);
      return body.slice(start, end);
    },
  };
  const sections = EntrySections.of(bytes, 5 + body.indexOf('\n') + 1, 'latin1', file, 5);
  assert.equal(sections.length, 4);
  assert.deepEqual([0, 1, 2, 3].map((i) => sections.isList(i)), [true, true, false, true]);
  assert.equal(sections.take(0), lines[0]);
  assert.deepEqual(asked, [], 'a small section is kept as text');
  assert.equal(sections.take(1), lines[1]);
  assert.equal(sections.take(3), lines[3]);
  assert.equal(asked.length, 2, 'large sections are read from the file');
  assert.equal(sections.take(1), lines[1], 'taken again: read again');
  assert.equal(sections.take(9), '');
  // A file that no longer holds them: taken as '', which decodes to nothing.
  const gone = EntrySections.of(bytes, 5 + body.indexOf('\n') + 1, 'latin1', { text: () => undefined }, 5);
  assert.equal(gone.take(1), '');
  assert.equal(gone.take(0), lines[0]);
  // Without a file: all kept as text, each let go once taken.
  const kept = EntrySections.ofText(lines.join('\n'));
  assert.deepEqual([0, 1, 2, 3].map((i) => kept.take(i)), lines);
  assert.equal(kept.take(1), '');
});

void test('an entry read back decodes, from its file, the parts that were written', () => withTempDir('crosscheck-disk-', (root) => {
  const cache = new AnalysisCache(root, 'v1');
  const expected = fresh();
  cache.put(expected.article, expected.features);
  const entry = cache.entryPath('q.txt', expected.article.hash);
  let read: CachedArticle | undefined;
  assert.equal(opensOf(entry, () => (read = cache.read('q.txt', quoted))), 1, 'read opens the entry once');
  assert.ok(read);
  const opened = opensOf(entry, () => assert.equal(everything(read!), everything(expected)));
  assert.ok(opened >= 3, `the sections are read from the file when decoded (${opened} opens)`);
  // Read once each: a second pass reads nothing.
  assert.equal(opensOf(entry, () => assert.equal(everything(read!), everything(expected))), 0);
  // Bytes read elsewhere (the read-ahead thread) point at the same file.
  const viaBytes = cache.readBytes('q.txt', quoted, expected.article.hash, new Uint8Array(readFileSync(entry)))!;
  assert.ok(opensOf(entry, () => assert.equal(everything(viaBytes), everything(expected))) >= 3);
}));

void test('an entry file deleted, truncated or rewritten before its sections are decoded: the parts are computed again, the same', () => withTempDir('crosscheck-disk-', (root) => {
  const cache = new AnalysisCache(root, 'v1');
  const expected = fresh();
  const changes: [string, (entry: string) => void][] = [
    ['deleted', (entry) => unlinkSync(entry)],
    ['truncated', (entry) => truncateSync(entry, readFileSync(entry).length - 40)],
    ['emptied', (entry) => truncateSync(entry, 0)],
    ['rewritten, same size', (entry) => writeFileSync(entry, readFileSync(entry, 'latin1').replace(/[a-z]/g, 'x').replace(/\[/g, '{'), 'latin1')],
    ['rewritten, lines shifted', (entry) => {
      const [head, ...lines] = readFileSync(entry, 'latin1').split('\n');
      writeFileSync(entry, [head, lines[0], ...lines.slice(1).map((line) => ` ${line.slice(0, -1)}`)].join('\n'), 'latin1');
    }],
    ['rewritten, another head of the same size', (entry) => {
      const text = readFileSync(entry, 'latin1');
      writeFileSync(entry, `${text.slice(0, text.indexOf('\n')).replace('"v1"', '"v2"')}${text.slice(text.indexOf('\n'))}`, 'latin1');
    }],
    ['rewritten, a longer head of another version', (entry) => {
      const text = readFileSync(entry, 'latin1');
      writeFileSync(entry, `${text.slice(0, text.indexOf('\n')).replace('"v1"', '"v1-other"')}${text.slice(text.indexOf('\n'))}`, 'latin1');
    }],
  ];
  for (const [name, change] of changes) {
    cache.put(expected.article, expected.features);
    const read = cache.read('q.txt', quoted);
    assert.ok(read, name);
    change(cache.entryPath('q.txt', expected.article.hash));
    assert.equal(everything(read), everything(expected), name);
  }
}));

void test('an entry whose head was rewritten (putChecks) still has its sections read from the file', () => withTempDir('crosscheck-disk-', (root) => {
  const cache = new AnalysisCache(root, 'v1');
  const expected = fresh();
  cache.put(expected.article, expected.features);
  const read = cache.read('q.txt', quoted)!;
  const entry = cache.entryPath('q.txt', expected.article.hash);
  cache.putChecks('q.txt', expected.article.hash, { version: 'checks-2', warnings: ['a longer head than before'] });
  assert.ok(opensOf(entry, () => assert.equal(everything(read), everything(expected))) >= 3);
  assert.deepEqual(cache.read('q.txt', quoted)?.checks, { version: 'checks-2', warnings: ['a longer head than before'] });
}));

void test('a worker body written by putBody is then read from its file; kept as text when it could not be written', () => withTempDir('crosscheck-disk-', (root) => {
  const expected = fresh();
  const body = entryBody(expected.article, expected.features);
  const cache = new AnalysisCache(path.join(root, 'cache'), 'v1');
  const entry = cache.entryPath('q.txt', expected.article.hash);
  // Written: decoded from the file.
  const written = readEntryBody(body, 'q.txt', expected.article.hash, quoted);
  cache.putBody('q.txt', expected.article.hash, body, undefined, written);
  assert.ok(existsSync(entry));
  assert.ok(opensOf(entry, () => assert.equal(everything(written), everything(expected))) >= 3);
  // Written, then the file gone before the decode: computed again, the same.
  const lost = readEntryBody(body, 'q.txt', expected.article.hash, quoted);
  cache.putBody('q.txt', expected.article.hash, body, undefined, lost);
  unlinkSync(entry);
  assert.equal(everything(lost), everything(expected));
  // No cache (the body read and never written), or a write that fails: the text is kept and decoded.
  const alone = readEntryBody(body, 'q.txt', expected.article.hash, quoted);
  assert.equal(everything(alone), everything(expected));
  // The entry's folder taken by a file: the write fails.
  const blocked = new AnalysisCache(path.join(root, 'blocked'), 'v1');
  const where = blocked.entryPath('q.txt', expected.article.hash);
  writeFileSync(path.dirname(where), 'not a folder');
  const unwritten = readEntryBody(body, 'q.txt', expected.article.hash, quoted);
  blocked.putBody('q.txt', expected.article.hash, body, undefined, unwritten);
  assert.equal(blocked.statistics.writes, 0);
  assert.equal(opensOf(where, () => assert.equal(everything(unwritten), everything(expected))), 0);
}));
