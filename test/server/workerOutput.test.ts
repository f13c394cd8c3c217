// The server speaks LSP on its standard output: whatever an analysis or reader thread prints (a
// library's stray line) must go to standard error, never into the protocol stream.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const compiled = path.join(__dirname, '../../server/src');

/** Runs `script` in a fresh Node process; its standard output and error. */
function run(script: string): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

void test('what an analysis worker prints goes to standard error, and the analysis still comes back', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'crosscheck-worker-output-'));
  try {
    // A worker entry that prints both ways before it starts analysing.
    const noisy = path.join(folder, 'noisy-worker.js');
    writeFileSync(noisy, `process.stdout.write('NOISE-WRITE\\n'); console.log('NOISE-CONSOLE'); require(${JSON.stringify(path.join(compiled, 'workersEntry.js'))});\n`);
    const { stdout, stderr, status } = run(`
      const { AnalysisPool, analyseToBody } = require(${JSON.stringify(path.join(compiled, 'workers.js'))});
      const pool = new AnalysisPool(1, ${JSON.stringify(noisy)});
      const text = 'Outlet: Daily Test\\nDate: 2026-04-02\\nTitle: Bridges\\n\\nMayor Lena Ek said on Tuesday the bridge would be repaired.\\n';
      pool.analyse('file:///a.txt', text).then((body) => {
        process.stderr.write(body === analyseToBody('file:///a.txt', text) ? 'ANALYSED\\n' : 'DIFFERENT\\n');
        return pool.dispose();
      }).then(() => process.exit(0), (error) => { process.stderr.write(String(error)); process.exit(1); });
    `);
    assert.equal(status, 0, stderr);
    assert.equal(stdout, '', 'a worker wrote to the standard output the protocol uses');
    assert.match(stderr, /NOISE-WRITE/);
    assert.match(stderr, /NOISE-CONSOLE/);
    assert.match(stderr, /ANALYSED/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('startWorker: a thread\'s standard output is copied to standard error', () => {
  const { stdout, stderr, status } = run(`
    const { startWorker } = require(${JSON.stringify(path.join(compiled, 'threads.js'))});
    const fs = require('node:fs'); const os = require('node:os'); const path = require('node:path');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'crosscheck-thread-')), 'thread.js');
    fs.writeFileSync(file, "console.log('LINE-ONE'); process.stdout.write('LINE-TWO\\\\n');");
    const worker = startWorker(file, {});
    worker.on('exit', () => { fs.rmSync(path.dirname(file), { recursive: true, force: true }); setTimeout(() => process.exit(0), 50); });
  `);
  assert.equal(status, 0, stderr);
  assert.equal(stdout, '');
  assert.match(stderr, /LINE-ONE\nLINE-TWO/);
});
