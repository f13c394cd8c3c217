// After a warm start the server runs one full garbage collection after its pass, before it publishes
// diagnostics and says 'ready': the heap's next limit is then set from what it holds (a fifth more)
// instead of from V8's own factor while it read the cache (10k: the warm server's peak 461–526 MB with
// none, 422–428 MB with one after 'ready', 375–396 MB with one before publishing).
// (A large cold start's pass already ends with one when it saves the story graph; then there is none.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { LanguageServer } from './languageServer';
import { addCopies, workspace } from './indexFixtures';
import { cacheFromArticles } from '../../server/src/indexer';

/** The server's log when its 'ready' status arrived (the last start). */
let atReady: string[] = [];

const collectionLine = /^A full garbage collection after the start: \d+ → \d+ MB of heap in use, \d+ ms$/;
const beforePassLine = /^A full garbage collection before the pass \(no story results restored\): \d+ → \d+ MB of heap in use, \d+ ms$/;

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
  // Enough articles for the server to keep its disk cache: copies of the fixture's, in stories small enough for their results to be stored.
  addCopies(folder, cacheFromArticles + 10);
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
    assert.ok(warm.some((line) => /stories' results restored/.test(line)), `the warm start restored its story results: ${warm.join(' | ')}`);
    assert.ok(!warm.some((line) => beforePassLine.test(line)), `none before its pass: ${warm.join(' | ')}`);
    // The stored story results gone (as after an update: they are of another build), the pass computes
    // every story: the heap is collected once, before it, after the cache was read.
    const stored = readdirSync(path.join(folder, '.cache'), { recursive: true, encoding: 'utf8' }).filter((name) => path.basename(name) === 'stories.json');
    assert.equal(stored.length, 1, 'the story results were saved');
    rmSync(path.join(folder, '.cache', stored[0]));
    const updated = await startAndSettle(folder);
    assert.ok(updated.some((line) => /analyses came from the cache/.test(line)), `the third start read the cache: ${updated.join(' | ')}`);
    assert.equal(updated.filter((line) => beforePassLine.test(line)).length, 1, `one collection before the pass: ${updated.join(' | ')}`);
    assert.ok(!updated.some((line) => collectionLine.test(line)), `none after it: ${updated.join(' | ')}`);
    const at = (pattern: RegExp): number => updated.findIndex((line) => pattern.test(line));
    assert.ok(at(/analyses came from the cache/) < at(beforePassLine), `after reading the cache: ${updated.join(' | ')}`);
  } finally {
    if (previous === undefined) delete process.env.CROSSCHECK_CACHE_DIR;
    else process.env.CROSSCHECK_CACHE_DIR = previous;
    rmSync(folder, { recursive: true, force: true });
  }
});
