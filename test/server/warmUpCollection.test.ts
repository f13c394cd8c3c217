// After a warm start the server runs one full garbage collection after its pass, before it publishes
// diagnostics and says 'ready': the heap's next limit is then set from what it holds (a fifth more)
// instead of from V8's own factor while it read the cache (10k: the warm server's peak 461–526 MB with
// none, 422–428 MB with one after 'ready', 375–396 MB with one before publishing).
// (A large cold start's pass already ends with one when it saves the story graph; then there is none.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { LanguageServer } from './languageServer';
import { workspace } from './indexFixtures';
import { cacheFromArticles } from '../../server/src/indexer';

/** The server's log when its 'ready' status arrived (the last start). */
let atReady: string[] = [];

const collectionLine = /^A full garbage collection after the start: \d+ → \d+ MB of heap in use, \d+ ms$/;

async function startAndSettle(folder: string): Promise<string[]> {
  const server = await LanguageServer.start(folder, {}, { articles: ['*.txt'] }, 60_000);
  atReady = [...server.log];
  try {
    // The warm-up runs in quiet steps once 'ready' is written: give it a moment with no requests.
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && !server.log.some((line) => collectionLine.test(line))) await new Promise((resolve) => setTimeout(resolve, 100));
    return [...server.log];
  } finally {
    await server.stop();
  }
}

void test('a warm start collects the heap once, before it publishes and says ready', async () => {
  const { folder } = workspace('warmup-gc');
  // Enough articles for the server to keep its disk cache: copies of the fixture's, each its own text.
  const originals = readdirSync(folder).filter((name) => name.endsWith('.txt'));
  for (let i = 0; readdirSync(folder).length < cacheFromArticles + 10; i++) {
    const name = originals[i % originals.length];
    writeFileSync(path.join(folder, `copy-${i}-${name}`), `${readFileSync(path.join(folder, name), 'utf8')}\nCopy ${i}.\n`);
  }
  const previous = process.env.CROSSCHECK_CACHE_DIR;
  process.env.CROSSCHECK_CACHE_DIR = path.join(folder, '.cache');
  try {
    const cold = await startAndSettle(folder);
    assert.ok(cold.some((line) => /^Indexed [1-9]\d* articles in \d+ ms/.test(line)), `the cold start indexed: ${cold.join(' | ')}`);
    assert.ok(cold.filter((line) => collectionLine.test(line)).length <= 1);
    const warm = await startAndSettle(folder);
    assert.ok(warm.some((line) => /analyses came from the cache/.test(line)), `the second start was warm: ${warm.join(' | ')}`);
    assert.equal(warm.filter((line) => collectionLine.test(line)).length, 1, `one collection after the warm start: ${warm.join(' | ')}`);
    assert.ok(atReady.some((line) => collectionLine.test(line)), `the collection ran before 'ready': ${atReady.join(' | ')}`);
  } finally {
    if (previous === undefined) delete process.env.CROSSCHECK_CACHE_DIR;
    else process.env.CROSSCHECK_CACHE_DIR = previous;
    rmSync(folder, { recursive: true, force: true });
  }
});
