// Decoded features (core/src/cache/features.ts) change what they hold many times in a server's life:
// a lazy part is decoded, let go after the pass and decoded again. Through all of that V8 must keep them in fast mode (a dictionary is several times
// the memory, by the ten thousand), and what they give must stay what eager features give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeArticle } from '../../core/src/article/analyze';
import { contentHash, entryBody, readEntryBody } from '../../core/src/cache/analysisCache';
import { isUndecoded, releaseLazyPart, watchLazyParts } from '../../core/src/cache/features';
import { articleFeatures } from '../../core/src/crossref/crossref';
import { seedFiles, seedsDir, seedsSkip } from './crossref-fixtures';

const skip = seedsSkip;
const LAZY = ['terms', 'sentences', 'statements'] as const;

/** The compiled modules the child processes load. */
const out = path.resolve(__dirname, '../../core/src');
const load = (name: string, module: string): string => `const ${name} = require(${JSON.stringify(path.join(out, module))});`;

/** Runs `script` in a child process that may ask V8 (`%HasFastProperties`); its output parsed as JSON. */
function askV8(script: string): unknown {
  return JSON.parse(execFileSync(process.execPath, ['--allow-natives-syntax', '-e', script], { encoding: 'utf8' }));
}

/** A seed's article and its features as a cache entry gives them back, with the eager ones. */
function readSeed(name: string) {
  const file = path.join(seedsDir, name);
  const text = fs.readFileSync(file, 'utf8');
  const article = analyzeArticle(file, text);
  const cached = readEntryBody(entryBody(article, articleFeatures(article)), file, contentHash(text), text);
  // Eager features of the article read back (a claim feature points at its article).
  return { cached, eager: articleFeatures(cached.article) };
}

void test('decoded features keep fast properties and one hidden class through lazy parts read, let go and read again', { skip }, () => {
  const result = askV8(`
    const fs = require('fs'), path = require('path');
    ${load('{ analyzeArticle }', 'article/analyze')}
    ${load('{ contentHash, entryBody, readEntryBody }', 'cache/analysisCache')}
    ${load('{ releaseLazyPart }', 'cache/features')}
    ${load('{ articleFeatures }', 'crossref/crossref')}
    const slow = [];
    let first, n = 0, otherMaps = 0;
    const check = (f, label) => { if (!%HasFastProperties(f)) slow.push(label); };
    for (const name of ${JSON.stringify(seedFiles)}) {
      const file = path.join(${JSON.stringify(seedsDir)}, name), text = fs.readFileSync(file, 'utf8'), a = analyzeArticle(file, text);
      const f = readEntryBody(entryBody(a, articleFeatures(a)), file, contentHash(text), text).features;
      n++;
      check(f, name + ' decoded');
      for (let round = 0; round < 3; round++) {
        for (const key of ${JSON.stringify(LAZY)}) { void f[key]; check(f, name + ' ' + key + ' read ' + round); }
        void { ...f }; JSON.stringify(f);
        for (const key of ${JSON.stringify(LAZY)}) { releaseLazyPart(f, key); check(f, name + ' ' + key + ' let go ' + round); }
      }
      f.terms = f.terms; check(f, name + ' terms set');
      first ??= f;
      if (!%HaveSameMap(f, first)) otherMaps++;
    }
    process.stdout.write(JSON.stringify({ n, slow, otherMaps }));
  `) as { n: number; slow: string[]; otherMaps: number };
  assert.equal(result.n, seedFiles.length);
  assert.deepEqual(result.slow, [], 'no step left a dictionary');
  assert.equal(result.otherMaps, 0, 'every decoded features object has the same hidden class');
});

void test('decoded features give the eager values, keys and notifications through lazy parts read, let go and read again', { skip }, () => {
  for (const name of seedFiles) {
    const { eager, cached } = readSeed(name);
    const features = cached.features!;
    const told: string[] = [];
    watchLazyParts(features, (f, key) => {
      assert.equal(f, features);
      told.push(key);
    });
    for (let round = 0; round < 3; round++) {
      for (const key of LAZY) assert.equal(isUndecoded(features, key), true, `${name}: ${key} not decoded in round ${round}`);
      assert.deepEqual(Object.keys(features), Object.keys(eager), 'the fields in their order');
      assert.deepStrictEqual({ ...features }, { ...eager });
      assert.equal(JSON.stringify(features), JSON.stringify(eager));
      assert.deepEqual(told, [...LAZY], 'each part decoded once, told once');
      for (const key of LAZY) assert.equal(isUndecoded(features, key), false);
      // Read again: the value held, no decoding.
      const held = features.statements;
      assert.equal(features.statements, held);
      assert.deepEqual(told, [...LAZY]);
      told.length = 0;
      for (const key of LAZY) releaseLazyPart(features, key);
      assert.deepEqual(told, [], 'letting go tells no one');
      // Let go: the next read decodes again, a new value equal to the one let go.
      assert.notEqual(features.statements, held);
      assert.deepStrictEqual(features.statements, held);
      releaseLazyPart(features, 'statements');
      told.length = 0;
    }
    // A value set is the value read, until let go; setting tells no one.
    features.terms = eager.terms;
    assert.equal(features.terms, eager.terms);
    assert.deepEqual(told, []);
    assert.equal(isUndecoded(features, 'hash'), undefined, 'no lazy part');
    assert.equal(isUndecoded(eager, 'terms'), undefined, 'not decoded features');
  }
});
