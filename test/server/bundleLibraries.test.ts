// What the analysing bundles load of the language libraries. They read compromise's word lexicon from
// dist/lexicon.json, written by the build, instead of loading the package (core/src/article/lexiconData.ts):
// the file must hold the package's lexicon exactly, the bundles must not carry the package, and the
// bundled analysis must read the file. They load chrono-node's English locale only (claims.ts): the
// same parser and class the package's index exports, without the other languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadLexicon } from '../../core/src/article/lexiconData';

const dist = path.resolve(__dirname, '../../../dist');

void test('dist/lexicon.json is compromise\'s lexicon, entry for entry and in order', () => {
  const written = JSON.parse(readFileSync(path.join(dist, 'lexicon.json'), 'utf8')) as Record<string, unknown>;
  const lexicon = loadLexicon();
  assert.ok(Object.keys(lexicon).length > 10_000);
  assert.deepEqual(Object.keys(written), Object.keys(lexicon));
  assert.deepEqual(written, lexicon);
});

void test('the analysing bundles do not carry compromise', () => {
  for (const bundle of ['server.js', 'worker.js', 'cli.js']) {
    const text = readFileSync(path.join(dist, bundle), 'utf8');
    assert.doesNotMatch(text, /node_modules[\\/]compromise[\\/]/, `${bundle} bundles no compromise module`);
    assert.match(text, /lexicon\.json/, `${bundle} reads lexicon.json`);
  }
});

void test('a bundle without its lexicon file names the file it could not read', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'crosscheck-lexicon-'));
  try {
    for (const file of ['cli.js', 'worker.js', 'reader.js']) copyFileSync(path.join(dist, file), path.join(folder, file));
    const article = path.join(folder, 'a.txt');
    copyFileSync(path.resolve(__dirname, '../../../seeds', '000_3d6c93466bbf0163.txt'), article);
    // The analysis steps that need the lexicon fail with a warning naming the file; the rest goes on.
    const run = spawnSync(process.execPath, [path.join(folder, 'cli.js'), 'analyze', article], { encoding: 'utf8' });
    const message = run.stderr;
    assert.match(run.stdout, /1 article/);
    assert.match(message, new RegExp(`people: .*${path.join(folder, 'lexicon.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('chrono-node/en is the parser the package\'s index exports, and the bundles carry no other locale', () => {
  /* eslint-disable @typescript-eslint/no-require-imports -- the two entry points compared */
  const index = require('chrono-node') as typeof import('chrono-node');
  const english = require('chrono-node/en') as typeof import('chrono-node');
  /* eslint-enable @typescript-eslint/no-require-imports */
  assert.equal(english.casual, index.casual);
  assert.equal(english.Chrono, index.Chrono);
  for (const bundle of ['server.js', 'worker.js', 'cli.js']) {
    const text = readFileSync(path.join(dist, bundle), 'utf8');
    assert.match(text, /chrono-node[\\/]dist[\\/]cjs[\\/]locales[\\/]en[\\/]/, `${bundle} carries the English locale`);
    assert.doesNotMatch(text, /chrono-node[\\/]dist[\\/]cjs[\\/]locales[\\/](de|fr|ja|zh|ru)[\\/]/, `${bundle} carries no other locale`);
  }
});
