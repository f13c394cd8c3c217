// `npm test`: every test stage in order, each one's output shown as it runs, and one closing line that
// adds up what passed and failed. Stages:
//   build      esbuild bundles (what the server tests, the CLI tests and the editor host run)
//   compile    tsc over the whole project (strict type check; emits the test files to out/)
//   lint       eslint, which also enforces the layer boundaries
//   unit       plain Node tests: core (with bounded fuzzing), grammar, CLI, server over the real protocol,
//              the bad-input folder through CLI and server (test/reliability), the VSIX file list
//   editor     the integration tests inside a real VS Code extension host (scripts/editor/run-tests.mjs)
//   e2e        as a user: VSIX installed in a browser-hosted VS Code, driven by Playwright
// CROSSCHECK_SKIP_EDITOR=1 skips the last two (for a quick local loop); CI never sets it.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { failureLines } from './failures.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const skipEditor = process.env.CROSSCHECK_SKIP_EDITOR === '1';

/** Runs a command, echoing its output, and returns { code, output }. */
function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
    child.on('error', (error) => resolve({ code: 1, output: String(error) }));
  });
}

/** Every *.test.js file under the given folders of out/test. */
function testFiles(...folders) {
  const files = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.test.js')) files.push(full);
    }
  };
  for (const folder of folders) walk(path.join(root, 'out/test', folder));
  return files.sort();
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const stages = [];

function count(name, code, passed, failed, skipped = 0) {
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  // A stage that exits non-zero without reporting a failed test (a crash, a build error) counts as one.
  if (code !== 0 && failed === 0) totals.failed += 1;
  stages.push({ name, ok: code === 0, passed, failed, skipped, failures: [] });
}

async function stage(name, command, args, parse) {
  console.log(`\n=== ${name}: ${[command, ...args].join(' ')}`);
  const started = Date.now();
  const { code, output } = await run(command, args);
  const figures = parse ? parse(output) : { passed: 0, failed: 0, skipped: 0 };
  count(name, code, figures.passed, figures.failed, figures.skipped);
  if (code !== 0) stages[stages.length - 1].failures = failureLines(output);
  console.log(`=== ${name}: ${code === 0 ? 'ok' : `failed (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return code === 0;
}

/** node --test (tap or spec) prints "# pass N" / "ℹ pass N" lines. */
function parseNodeTest(output) {
  const figure = (word) => {
    const matches = [...output.matchAll(new RegExp(`^(?:#|ℹ) ${word} (\\d+)$`, 'gm'))];
    return matches.length ? Number(matches[matches.length - 1][1]) : 0;
  };
  return { passed: figure('pass'), failed: figure('fail'), skipped: figure('skipped') };
}

/** Mocha's spec reporter prints "N passing", "N failing", "N pending". */
function parseMocha(output) {
  const figure = (word) => {
    const matches = [...output.matchAll(new RegExp(`(\\d+) ${word}\\b`, 'g'))];
    return matches.length ? Number(matches[matches.length - 1][1]) : 0;
  };
  return { passed: figure('passing'), failed: figure('failing'), skipped: figure('pending') };
}

const node = process.execPath;
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const built = await stage('build', node, ['scripts/build.mjs']);
const compiled = await stage('compile', npx, ['tsc', '-p', '.']);
await stage('lint', npx, ['eslint', '.']);
if (built && compiled) {
  const files = testFiles('core', 'grammar', 'cli', 'server', 'reliability', 'package', 'tooling');
  await stage('unit', node, ['--test', '--test-concurrency=2', ...files], parseNodeTest);
  if (!skipEditor) {
    await stage('editor', npm, ['run', '--silent', 'test:editor'], parseMocha);
    await stage('e2e', npm, ['run', '--silent', 'test:e2e'], parseMocha);
  } else {
    console.log('\nCROSSCHECK_SKIP_EDITOR=1: the real-editor and end-to-end stages are skipped.');
  }
}

console.log('\nStages:');
for (const s of stages) {
  console.log(`  ${s.ok ? 'ok  ' : 'FAIL'} ${s.name}${s.passed || s.failed ? ` (${s.passed} passed, ${s.failed} failed)` : ''}`);
  for (const failure of s.failures) console.log(`         ${failure.length > 400 ? `${failure.slice(0, 400)}…` : failure}`);
}
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(stages.every((s) => s.ok) ? 0 : 1);
