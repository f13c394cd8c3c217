// Decoded features (core/src/cache/features.ts) and lean quote and claim features (LeanFeatures in
// core/src/crossref/corpus.ts) change what they hold many times in a server's life: a lazy part is
// decoded, let go after the pass and decoded again; a derived part is computed again for a story and
// dropped after it. Through all of that V8 must keep them in fast mode (a dictionary is several times
// the memory, by the ten thousand), and what they give must stay what eager features give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeArticle } from '../../core/src/article/analyze';
import { contentHash, entryBody, readEntryBody } from '../../core/src/cache/analysisCache';
import { isUndecoded, releaseLazyPart, watchLazyParts } from '../../core/src/cache/features';
import { claimFeatures } from '../../core/src/crossref/claims';
import { Corpus } from '../../core/src/crossref/corpus';
import { articleFeatures } from '../../core/src/crossref/crossref';
import { quoteFeatures } from '../../core/src/crossref/quotes';
import { derivedPartsHeld, groupsSnapshot, seedFiles, seedsDir, seedsSkip } from './crossref-fixtures';
import { childJson, requireCore } from './testSupport';

const skip = seedsSkip;
const LAZY = ['terms', 'sentences', 'statements'] as const;

/** Runs `script` in a child process that may ask V8 (`%HasFastProperties`); its output parsed as JSON. */
const askV8 = (script: string): unknown => childJson(['--allow-natives-syntax'], script);

/** A seed's article and its features as a cache entry gives them back, with the eager ones. */
function readSeed(name: string) {
  const file = path.join(seedsDir, name);
  const text = fs.readFileSync(file, 'utf8');
  const article = analyzeArticle(file, text);
  const cached = readEntryBody(entryBody(article, articleFeatures(article)), file, contentHash(text), text);
  // Eager features of the article read back (a claim feature points at its article).
  return { file, text, cached, eager: articleFeatures(cached.article) };
}

void test('decoded features keep fast properties and one hidden class through lazy parts read, let go and read again', { skip }, () => {
  const result = askV8(`
    const fs = require('fs'), path = require('path');
    ${requireCore('{ analyzeArticle }', 'article/analyze')}
    ${requireCore('{ contentHash, entryBody, readEntryBody }', 'cache/analysisCache')}
    ${requireCore('{ releaseLazyPart }', 'cache/features')}
    ${requireCore('{ articleFeatures }', 'crossref/crossref')}
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

void test('lean claim and quote features keep fast properties through restore and slim rounds and passes with an edit', { skip }, () => {
  const result = askV8(`
    const fs = require('fs'), path = require('path');
    ${requireCore('{ analyzeArticle }', 'article/analyze')}
    ${requireCore('{ contentHash, entryBody, readEntryBody }', 'cache/analysisCache')}
    ${requireCore('{ Corpus }', 'crossref/corpus')}
    ${requireCore('{ articleFeatures }', 'crossref/crossref')}
    const files = ${JSON.stringify(seedFiles)}.map((name) => path.join(${JSON.stringify(seedsDir)}, name));
    const texts = files.map((file) => fs.readFileSync(file, 'utf8'));
    const lean = new Corpus({ leanFeatures: true });
    files.forEach((file, i) => {
      const a = analyzeArticle(file, texts[i]);
      const cached = readEntryBody(entryBody(a, articleFeatures(a)), file, contentHash(texts[i]), texts[i]);
      lean.putWithFeatures(cached.article, cached.features);
    });
    const counts = {};
    const check = (label) => {
      const c = (counts[label] = { features: 0, claims: 0, quotes: 0, slow: 0, held: 0 });
      for (const a of lean.articles()) {
        const f = lean.featuresFor(a);
        c.features++; if (!%HasFastProperties(f)) c.slow++;
        for (const x of f.claims) { c.claims++; if (!%HasFastProperties(x)) c.slow++; if (Object.hasOwn(x, 'context')) c.held++; }
        for (const x of f.quotes) { c.quotes++; if (!%HasFastProperties(x)) c.slow++; if (Object.hasOwn(x, 'stems')) c.held++; }
      }
    };
    lean.findings();
    check('first pass');
    for (let round = 0; round < 3; round++) {
      // Every derived part computed again (as a Compare view or a story computed again reads them).
      for (const a of lean.articles()) {
        const f = lean.featuresFor(a);
        for (const c of f.claims) void c.context;
        for (const q of f.quotes) void q.stems;
      }
      check('restored ' + round);
      const k = round % files.length;
      lean.update(files[k], texts[k] + '\\n\\nA sentence the test adds in round ' + round + '.\\n');
      lean.findings();
      check('edited ' + round);
      lean.update(files[k], texts[k]);
      lean.findings();
      check('edit undone ' + round);
    }
    process.stdout.write(JSON.stringify({ counts, restored: lean.featuresRestored, recomputed: lean.storiesRecomputed }));
  `) as { counts: Record<string, { features: number; claims: number; quotes: number; slow: number; held: number }>; restored: number; recomputed: number };
  const { counts } = result;
  assert.ok(result.restored > 0 && result.recomputed > 0, JSON.stringify(result));
  assert.ok(counts['first pass'].claims > 0 && counts['first pass'].quotes > 0, 'the seeds have claims and quotes');
  for (let round = 0; round < 3; round++) {
    const restored = counts[`restored ${round}`];
    assert.equal(restored.held, restored.claims + restored.quotes, `round ${round}: every derived part held again`);
    assert.equal(counts[`edit undone ${round}`].held, 0, `round ${round}: dropped again after the passes`);
  }
  for (const [label, { slow }] of Object.entries(counts)) assert.equal(slow, 0, `${label}: none is a dictionary (${JSON.stringify(counts)})`);
});

void test('lean features read again after restore and slim rounds equal the eager ones, and the index equals a whole one', { skip }, () => {
  const lean = new Corpus({ leanFeatures: true });
  const whole = new Corpus();
  const seeds = seedFiles.map(readSeed);
  for (const { file, text, cached } of seeds) {
    lean.putWithFeatures(cached.article, cached.features!);
    whole.update(file, text);
  }
  assert.equal(groupsSnapshot(lean), groupsSnapshot(whole));
  const readAll = (): void => {
    for (const a of lean.articles()) {
      const f = lean.featuresFor(a);
      for (const q of f.quotes) void q.stems;
      for (const c of f.claims) void c.context;
      for (const q of f.quotes) assert.deepStrictEqual(q, quoteFeatures(q.file, q.quote), 'a quote feature read again is what quoteFeatures gives');
      for (const c of f.claims) assert.deepStrictEqual(c, claimFeatures(c.article, c.claim), 'a claim feature read again is what claimFeatures gives');
    }
  };
  for (let round = 0; round < 3; round++) {
    readAll();
    const { file, text } = seeds[round % seeds.length];
    for (const next of [`${text}\n\nA sentence the test adds in round ${round}.\n`, text]) {
      lean.update(file, next);
      whole.update(file, next);
      assert.equal(groupsSnapshot(lean), groupsSnapshot(whole), `round ${round}`);
      assert.equal(derivedPartsHeld(lean), 0);
    }
  }
  readAll();
});
