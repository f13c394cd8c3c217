// The closing summary of `npm test` names the tests that failed (scripts/failures.mjs), read from the
// output of Mocha's and node --test's spec reporters as they really print it.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(__dirname, '../../..');
const failuresModule = path.join(root, 'scripts/failures.mjs');

/** Runs a test file under a reporter in a temporary folder and returns failureLines() of its output. */
function failuresOf(fileName: string, source: string, command: string[]): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crosscheck-failures-'));
  try {
    fs.writeFileSync(path.join(dir, fileName), source);
    let output = '';
    try {
      // Without NODE_TEST_CONTEXT the inner node --test reports as a top-level run would, not to this one.
      const env = { ...process.env };
      delete env.NODE_TEST_CONTEXT;
      execFileSync(command[0], [...command.slice(1), fileName], { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      output = `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
    }
    assert.ok(output, `${fileName} was meant to fail`);
    const script = `import(${JSON.stringify(failuresModule)}).then(({ failureLines }) => process.stdout.write(JSON.stringify(failureLines(require('fs').readFileSync(0, 'utf8')))))`;
    return JSON.parse(execFileSync(process.execPath, ['-e', script], { input: output, encoding: 'utf8' })) as string[];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('Mocha failures (the real-editor and e2e stages) are named with their suite and first error line', () => {
  const mocha = path.join(root, 'node_modules/mocha/bin/mocha.js');
  const found = failuresOf(
    'editor.test.js',
    `const assert = require('assert');
suite('Crosscheck in a real editor', () => {
  test('hover on a person', () => assert.strictEqual(1, 2));
  test('passes', () => {});
  test('lenses come back', async () => { throw new Error('timed out after 30s waiting for the lenses'); });
});
`,
    [process.execPath, mocha, '--ui', 'tdd', '--reporter', 'spec', '--no-color'],
  );
  assert.equal(found.length, 2, found.join('\n'));
  assert.match(found[0], /^1\) Crosscheck in a real editor hover on a person: AssertionError/);
  assert.match(found[1], /^2\) Crosscheck in a real editor lenses come back: Error: timed out after 30s waiting for the lenses$/);
});

test('node --test failures (the unit stage) are named with their file and first error line', () => {
  const found = failuresOf(
    'core.test.js',
    `const { test } = require('node:test');
const assert = require('assert');
test('finds the contradiction', () => assert.deepStrictEqual({ venue: 'limousine' }, { venue: 'air base' }));
test('passes', () => {});
`,
    [process.execPath, '--test', '--test-reporter=spec'],
  );
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(found[0], /^core\.test\.js:3:1: finds the contradiction \([\d.]+ms\) — AssertionError/);
});

test('a stage that fails without tests (a build error) shows its error lines', () => {
  const script = `import(${JSON.stringify(failuresModule)}).then(({ failureLines }) => process.stdout.write(JSON.stringify(failureLines('building\\nserver/src/x.ts(3,1): error TS2304: Cannot find name y\\ndone'))))`;
  const found = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as string[];
  assert.deepEqual(found, ['server/src/x.ts(3,1): error TS2304: Cannot find name y']);
});
