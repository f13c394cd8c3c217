// The server's index keeps quote and claim features lean (`Corpus({ leanFeatures: true })`): their
// derived parts are dropped once an article is indexed and after every pass, and computed again on
// demand. Through the indexer and its on-disk cache, a lean index must give what a fresh index gives:
// cold, warm (story results restored from the snapshot point at lean features), after an edit that
// makes a restored story read the dropped parts again, and with a cache entry deleted under it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { Corpus } from '../../core/src/index';
import { derivedPartsHeld } from '../core/crossref-fixtures';
import { ferryStory, freshIndex, results as indexResults, session as indexSession, workspace as fixture } from './indexFixtures';

/** The ferry story with the quote reworded by the outlet that contradicts the duration. */
const workspace = (): ReturnType<typeof fixture> => fixture('lean', [
  ferryStory[0], { ...ferryStory[1], quote: 'We will sail again once the pay offer is fair.' }, ferryStory[2],
]);

/** Everything the editor reads of the index, with the Compare views and the quote groups at each quote. */
const results = (corpus: Corpus): string => indexResults(corpus, {
  coverage: corpus.articles().map((a) => corpus.coverage(a.file)),
  quotesAt: corpus.articles().map((a) => a.quotes.map((q) => corpus.quoteGroupAt(a.file, q.start + 1)?.id ?? null)),
});

const session = (files: string[], folder: string, cacheRoot: string): ReturnType<typeof indexSession> =>
  indexSession(files, folder, cacheRoot, { leanFeatures: true });

const derivedHeld = derivedPartsHeld;

/** The cache's entry files (one per article), largest folder walk. */
function entryFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...entryFiles(p));
    else out.push(p);
  }
  return out;
}


void test('lean features: cold, warm and an edit after a warm start give what a fresh index gives', async () => {
  const { folder, files } = workspace();
  const cacheRoot = path.join(folder, '.cache');
  try {
    const cold = await session(files, folder, cacheRoot);
    assert.equal(cold.fromCache, 0);
    assert.ok(cold.corpus.findings().some((f) => f.kind === 'contradiction'), 'the fixture has a contradiction');
    assert.equal(results(cold.corpus), results(freshIndex(files)));
    assert.equal(derivedHeld(cold.corpus), 0);

    const warm = await session(files, folder, cacheRoot);
    assert.equal(warm.fromCache, files.length);
    assert.equal(warm.corpus.storiesRecomputed, 0);
    assert.equal(results(warm.corpus), results(freshIndex(files)));
    assert.equal(derivedHeld(warm.corpus), 0);

    // An edit: the ferry story, restored from the snapshot, is computed again from lean features.
    const edited = URI.parse(files[files.length - 1]).fsPath;
    const before = readFileSync(edited, 'utf8');
    const after = before.replace('two hours', 'three days').replace('when the pay offer', 'as soon as the pay offer');
    const restoredBefore = warm.corpus.featuresRestored;
    warm.corpus.update(files[files.length - 1], after);
    warm.corpus.findings();
    assert.ok(warm.corpus.featuresRestored > restoredBefore, 'the recomputed stories read the dropped parts again');
    writeFileSync(edited, after);
    assert.equal(results(warm.corpus), results(freshIndex(files)));
    assert.ok(warm.corpus.storiesRecomputed >= 1);
    assert.equal(derivedHeld(warm.corpus), 0);
    warm.corpus.update(files[files.length - 1], before);
    writeFileSync(edited, before);
    assert.equal(results(warm.corpus), results(freshIndex(files)));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('lean features: a cache entry deleted between sessions: that article is analysed again, nothing lost', async () => {
  const { folder, files } = workspace();
  const cacheRoot = path.join(folder, '.cache');
  try {
    await session(files, folder, cacheRoot);
    const ferryEntry = entryFiles(cacheRoot).find((p) => readFileSync(p, 'utf8').includes('Coast Daily'));
    assert.ok(ferryEntry, 'the cache holds an entry for ferry-b');
    unlinkSync(ferryEntry);
    const warm = await session(files, folder, cacheRoot);
    assert.equal(warm.fromCache, files.length - 1);
    assert.equal(results(warm.corpus), results(freshIndex(files)));
    assert.equal(derivedHeld(warm.corpus), 0);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
