// The story results of the pass after indexing are saved only once the server says the 'ready' status
// is written (`Indexer.saveStoriesAfter`): encoding them is seconds of the main thread on an archive,
// and started straight after the pass it ran between the writes of the diagnostics and 'ready'.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { Corpus } from '../../core/src/crossref/corpus';
import { Indexer, type IndexerOptions } from '../../server/src/indexer';
import { encodeStory } from '../../core/src/cache/storyCache';
import { isUndecodedSection } from '../../core/src/cache/analysisCache';
import { cacheFile, quiet, workspace } from './indexFixtures';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await pause(10)) if (check()) return true;
  return check();
}

/** A cold session through the Indexer up to the pass after indexing, its save not begun; `run` gets it. */
async function afterThePass(prefix: string, run: (indexer: Indexer, stories: () => string, corpus: Corpus) => Promise<void>, storySave?: IndexerOptions['storySave']): Promise<void> {
  const { folder, files } = workspace(prefix);
  const cacheRoot = path.join(folder, '.cache');
  const corpus = new Corpus();
  const indexer = new Indexer(corpus, quiet, () => false, { folders: [folder], cacheRoot, cacheFrom: 1, storySave });
  try {
    await indexer.index(files, () => false, () => undefined);
    corpus.findings(); // the pass after indexing
    await run(indexer, () => cacheFile(cacheRoot, 'stories.json'), corpus);
  } finally {
    await indexer.dispose(); // again when `run` did (a failed assertion must not leave the workers running)
    rmSync(folder, { recursive: true, force: true });
  }
}

void test('story results are saved after the status is written, not while it waits', () => afterThePass('saver', async (indexer, stories) => {
  let written!: () => void;
  indexer.saveStoriesAfter(new Promise<void>((resolve) => (written = resolve)));
  // Many timer turns: a saver not held would have begun and written its file in the first.
  await pause(150);
  assert.equal(existsSync(stories()), false, 'nothing saved before the status is written');
  written();
  assert.equal(await until(() => existsSync(stories()), 5000), true, 'saved once the status is written');
  await indexer.dispose();
}));

void test('the save waits for a quiet moment: none of it runs while requests come', () => {
  let quietNow = false;
  return afterThePass('saver-quiet', async (indexer, stories) => {
    indexer.saveStoriesAfter(Promise.resolve());
    await pause(400);
    assert.equal(existsSync(stories()), false, 'the save ran while the client was asking');
    quietNow = true;
    assert.equal(await until(() => existsSync(stories()), 5000), true, 'saved once the client is quiet');
    await indexer.dispose();
  }, { quiet: () => quietNow });
});

void test('a client that never stops asking still gets the results saved, after the wait limit', () => afterThePass('saver-busy', async (indexer, stories) => {
  const started = Date.now();
  indexer.saveStoriesAfter(Promise.resolve());
  assert.equal(await until(() => existsSync(stories()), 5000), true, 'never saved under a steady stream of requests');
  assert.ok(Date.now() - started >= 250, `saved after ${Date.now() - started} ms, before the limit`);
  await indexer.dispose();
}, { quiet: () => false, limitMs: 300 }));

void test('a held save still happens at shutdown', () => afterThePass('saver-shutdown', async (indexer, stories) => {
  indexer.saveStoriesAfter(new Promise<void>(() => undefined)); // never written (a client gone)
  await indexer.dispose();
  assert.equal(existsSync(stories()), true);
}));

void test('encoding a story leaves its articles\' undecoded sections undecoded, and writes what it wrote with them decoded', () => afterThePass('saver-sections', async (indexer, _stories, corpus) => {
  const sources = { article: (file: string) => corpus.article(file), features: (a: Parameters<Corpus['featuresFor']>[0]) => corpus.featuresFor(a) };
  const entries = [...corpus.storyResultEntries()];
  const sections = ['sentences', 'entities', 'people'];
  const undecoded = (): string[] => entries.flatMap(([, entry]) => entry.files.flatMap((file) => sections.filter((key) => isUndecodedSection(corpus.article(file)!, key) === true).map((key) => `${file} ${key}`)));
  const before = undecoded();
  assert.ok(before.length >= entries.length, 'the articles come from cache entries, their sections undecoded after the pass');
  const lines = entries.map(([id, entry]) => encodeStory(id, entry, sources));
  assert.ok(lines.every((line) => line !== undefined));
  assert.deepEqual(undecoded(), before, 'no section decoded by the encoding');
  // Decoded, the sections are walked: nothing in the results pointed into them, so the lines are the same.
  for (const [, entry] of entries) for (const file of entry.files) for (const key of sections) void (corpus.article(file) as unknown as Record<string, unknown>)[key];
  assert.equal(undecoded().length, 0);
  assert.deepEqual(entries.map(([id, entry]) => encodeStory(id, entry, sources)), lines);
  await indexer.dispose();
}));
