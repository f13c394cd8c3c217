// An analysis worker may run with a bounded heap (`analysisWorkerLimits`): an article whose analysis
// does not fit stops its worker, and the pool must then analyse it on the calling thread — the same
// entry body as analysing it there in the first place, never a lost or failed article — and go on
// with new workers for the next ones. The limits' setting is read strictly.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { limitsFrom, readerLimits } from '../../server/src/reader';
import { AnalysisPool, analyseToBody, analysisWorkerLimits, jobsPerWorker } from '../../server/src/workers';

/** The worker's entry as compiled by tsc (the bundle, dist/worker.js, is the same code). */
const workerEntry = path.join(__dirname, '../../server/src/workersEntry.js');

function article(label: string, sentences: number): string {
  let text = `Outlet: Daily ${label}\nDate: 2026-04-02\nTitle: Bridges of ${label}\n\n`;
  for (let k = 0; k < sentences; k++) {
    text += `Mayor Lena Ek said on Tuesday that bridge ${k} in ${label} would be repaired. "We will do it before the winter," she added. `;
    if (k % 8 === 7) text += '\n\n';
  }
  return text;
}

void test('an article too large for a worker\'s heap is analysed on this thread, and the pool goes on', async () => {
  const pool = new AnalysisPool(1, workerEntry, { maxOldGenerationSizeMb: 32 });
  try {
    const small = article('Small', 12);
    const huge = article('Huge', 1800); // about 230 KB: more than 32 MB of heap to analyse
    const [first, second, third] = await Promise.all([
      pool.analyse('file:///small-1.txt', small),
      pool.analyse('file:///huge.txt', huge),
      pool.analyse('file:///small-2.txt', small),
    ]);
    assert.equal(first, analyseToBody('file:///small-1.txt', small));
    assert.equal(second, analyseToBody('file:///huge.txt', huge), 'the huge article is analysed, as on this thread');
    assert.equal(third, analyseToBody('file:///small-2.txt', small), 'a new worker analyses the next one');
    assert.equal(pool.pending, 0);
  } finally {
    await pool.dispose();
  }
});

void test('without a heap limit a worker that stops with a job fails that article, and the pool goes on', async () => {
  // A worker with V8's own limits that stops (a crash, or out of memory at the size this thread has
  // too) must not hand its article to this thread: the article fails with a message, the next goes on.
  const folder = mkdtempSync(path.join(tmpdir(), 'crosscheck-worker-'));
  const entry = path.join(folder, 'dies-on-huge.js');
  writeFileSync(entry, `const { parentPort } = require('node:worker_threads');
const { analyseToBody } = require(${JSON.stringify(path.join(__dirname, '../../server/src/workers.js'))});
parentPort.on('message', (request) => {
  if (request.file.includes('huge')) process.exit(3);
  parentPort.postMessage({ id: request.id, body: analyseToBody(request.file, request.text) });
});
`);
  const pool = new AnalysisPool(1, entry, {});
  try {
    const small = article('Small', 4);
    const results = await Promise.allSettled([
      pool.analyse('file:///huge.txt', article('Huge', 4)),
      pool.analyse('file:///small.txt', small),
    ]);
    assert.equal(results[0].status, 'rejected');
    assert.match(String((results[0] as PromiseRejectedResult).reason), /the analysis worker stopped/);
    assert.deepEqual(results[1], { status: 'fulfilled', value: analyseToBody('file:///small.txt', small) }, 'a new worker takes the next article');
  } finally {
    await pool.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('heap limits: the defaults, and the measuring setting read strictly', () => {
  assert.deepEqual(analysisWorkerLimits, process.env.CROSSCHECK_WORKER_HEAP === undefined ? { maxYoungGenerationSizeMb: 16 } : analysisWorkerLimits);
  assert.deepEqual(readerLimits, process.env.CROSSCHECK_READER_HEAP === undefined ? { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 32 } : readerLimits);
  const fallback = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 48 };
  assert.deepEqual(limitsFrom(undefined, fallback), fallback);
  assert.deepEqual(limitsFrom('16,96', fallback), { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 96 });
  assert.deepEqual(limitsFrom('0,0', fallback), {}, '0: the default of V8');
  assert.deepEqual(limitsFrom(',64', fallback), { maxOldGenerationSizeMb: 64 });
  for (const bad of ['', '64', 'a,b', '-1,64', '1,2,3']) assert.deepEqual(limitsFrom(bad, fallback), fallback, bad);
});

void test("an analysis worker's young generation stays within its default limit", { skip: process.env.CROSSCHECK_WORKER_HEAP !== undefined }, async () => {
  // A worker whose articles leave much short-lived garbage, some of it surviving a scavenge or two (as an
  // analysis's does): with V8's default young generation its new space grows to 32 MB; the pool's
  // default limit keeps it at 16 MB (the workers' share of a cold index's peak, docs/performance.md).
  const folder = mkdtempSync(path.join(tmpdir(), 'crosscheck-worker-'));
  const entry = path.join(folder, 'churns.js');
  writeFileSync(entry, `const { parentPort } = require('node:worker_threads');
const { getHeapSpaceStatistics } = require('node:v8');
parentPort.on('message', (request) => {
  let recent = [];
  for (let i = 0; i < 3e6; i++) {
    recent.push({ i, word: 'w' + i });
    if (recent.length > 200000) recent = [];
  }
  const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  parentPort.postMessage({ id: request.id, body: String(space.space_size / 1048576) });
});
`);
  const pool = new AnalysisPool(1, entry);
  try {
    const megabytes = Number(await pool.analyse('file:///churn.txt', ''));
    assert.ok(megabytes > 0 && megabytes <= 16, `the worker's new space: ${megabytes} MB`);
  } finally {
    await pool.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('a worker is sent its next article before it answers, and the articles a stopped worker had not begun go to the next', async () => {
  // The worker looks, after its first article, whether the next one is already in its message queue:
  // it should be (a worker otherwise waits for this thread to take each result and send another).
  // It stops on 'huge' with an article waiting behind it: that one must not fail with it.
  assert.ok(jobsPerWorker >= 2);
  const folder = mkdtempSync(path.join(tmpdir(), 'crosscheck-worker-'));
  const entry = path.join(folder, 'looks-ahead.js');
  writeFileSync(entry, `const { parentPort, receiveMessageOnPort } = require('node:worker_threads');
let first = true;
const answer = (request) => {
  if (request.file.includes('huge')) process.exit(3);
  if (!first) return parentPort.postMessage({ id: request.id, body: request.file });
  first = false;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300); // analysing
  const next = receiveMessageOnPort(parentPort);
  parentPort.postMessage({ id: request.id, body: next ? 'the next was waiting' : 'nothing was waiting' });
  if (next) answer(next.message);
};
parentPort.on('message', answer);
`);
  const pool = new AnalysisPool(1, entry, {});
  try {
    const results = await Promise.allSettled(['a', 'b', 'huge', 'c', 'd'].map((name) => pool.analyse(`file:///${name}.txt`, name)));
    assert.deepEqual(results[0], { status: 'fulfilled', value: 'the next was waiting' });
    assert.deepEqual(results[1], { status: 'fulfilled', value: 'file:///b.txt' });
    assert.equal(results[2].status, 'rejected', 'the article its worker stopped on fails');
    // (The new worker looks ahead on its first article too.)
    assert.deepEqual(results.slice(3), [{ status: 'fulfilled', value: 'the next was waiting' }, { status: 'fulfilled', value: 'file:///d.txt' }], 'those it had not begun are analysed by a new worker');
  } finally {
    await pool.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('disposing the pool cancels the article a worker is analysing, as it does the queued ones', async () => {
  // The server disposes the pool as it shuts down; articles still being analysed then are cancelled
  // (undefined), not failed: a failure is logged as an error about that article.
  const folder = mkdtempSync(path.join(tmpdir(), 'crosscheck-worker-'));
  const entry = path.join(folder, 'slow.js');
  writeFileSync(entry, `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (request) => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10000); // analysing, for long
  parentPort.postMessage({ id: request.id, body: request.file });
});
`);
  const pool = new AnalysisPool(1, entry, {});
  try {
    const results = Promise.allSettled(['a', 'b', 'c'].map((name) => pool.analyse(`file:///${name}.txt`, name)));
    await new Promise((resolve) => setTimeout(resolve, 300)); // 'a' and 'b' are sent to the worker
    await pool.dispose();
    assert.deepEqual(await results, [
      { status: 'fulfilled', value: undefined },
      { status: 'fulfilled', value: undefined },
      { status: 'fulfilled', value: undefined },
    ]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
