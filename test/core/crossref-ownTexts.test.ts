// Passages kept from an article outlive the article's text: a finding's side, a span read back from
// the story snapshot. V8 makes a slice of 13 characters or more a pointer into the whole string, so
// each such passage must be a string of its own (`ownSlice`), or a closed article's whole text stays
// in memory for as long as the finding does (44 MB of a cold 10k server's heap before).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ownSlice } from '../../core/src/crossref/text';
import { seedFiles, seedsDir, seedsSkip } from './crossref-fixtures';
import { childJson, requireCore } from './testSupport';

const skip = seedsSkip;

/** Runs `script` in a child process with the collector exposed; its output parsed as JSON. */
const inChild = (script: string): unknown => childJson(['--expose-gc'], script);

void test('ownSlice gives the same characters as slice', () => {
  const text = 'Outlet: A\n\n“Zelenskyy said,” – it was 3 hours; 😀 emoji and accents é à ü. '.repeat(20);
  for (const [start, end] of [[0, 0], [0, 5], [3, 16], [10, 120], [0, text.length], [text.length - 20, text.length], [50, 50]]) {
    assert.equal(ownSlice(text, start, end), text.slice(start, end));
  }
  assert.equal(ownSlice(text), text);
  assert.equal(ownSlice(text, 7), text.slice(7));
});

void test('a passage made with ownSlice does not keep its whole text alive; a plain slice does', () => {
  const held = inChild(`
    ${requireCore('{ ownSlice }', 'crossref/text')}
    const measure = (cut) => {
      gc(); gc();
      const before = process.memoryUsage().heapUsed;
      const kept = [];
      for (let i = 0; i < 200; i++) {
        let text = 'paragraph ' + i + ' of a long article. ';
        while (text.length < 100000) text += text;
        kept.push(cut(text, 1000 + i, 1080 + i));
      }
      gc(); gc();
      return { mb: (process.memoryUsage().heapUsed - before) / 1e6, length: kept.length };
    };
    console.log(JSON.stringify({ own: measure(ownSlice), plain: measure((t, a, b) => t.slice(a, b)) }));
  `) as { own: { mb: number }; plain: { mb: number } };
  assert.ok(held.plain.mb > 15, `the measure sees a slice keep its text (${held.plain.mb.toFixed(1)} MB)`);
  assert.ok(held.own.mb < 3, `200 passages of 80 characters hold ${held.own.mb.toFixed(1)} MB`);
});

void test('findings kept after the corpus is let go hold none of the articles\' texts', { skip }, () => {
  // The server's way: each analysis comes back as its cache entry's text (a worker's answer), the
  // corpus holds it and the article lets its text go, read again from its file when a story asks.
  const result = inChild(`
    const fs = require('fs'), os = require('os'), path = require('path'), v8 = require('v8'), crypto = require('crypto');
    ${requireCore('{ analyzeArticle }', 'article/analyze')}
    ${requireCore('{ contentHash, entryBody, readEntryBody, releaseText }', 'cache/analysisCache')}
    ${requireCore('{ articleFeatures }', 'crossref/crossref')}
    ${requireCore('{ Corpus }', 'crossref/corpus')}
    const digest = (s) => crypto.createHash('sha256').update(s).digest('hex');
    const texts = { text: (file) => fs.readFileSync(file, 'utf8') };
    // V8 names a string in a heap snapshot by its first 1024 characters.
    const heads = new Set();
    const findingsOfSeeds = () => {
    const corpus = new Corpus();
    for (const name of ${JSON.stringify(seedFiles)}) {
      const file = path.join(${JSON.stringify(seedsDir)}, name);
      const text = fs.readFileSync(file, 'utf8');
      heads.add(digest(text.slice(0, 1024)));
      const analysed = analyzeArticle(file, text);
      const body = entryBody(analysed, articleFeatures(analysed));
      const read = readEntryBody(body, file, contentHash(text), fs.readFileSync(file, 'utf8'), texts);
      corpus.putWithFeatures(read.article, read.features);
      releaseText(read.article);
    }
    return corpus.findings();
    };
    // Made in a function of their own, so no local of it is left on the stack.
    const findings = findingsOfSeeds();
    const kinds = [...new Set(findings.map((f) => f.kind + (/^Opposite/.test(f.summary) ? ' opposite' : '')))].sort();
    // V8 keeps the last string a regular expression ran on: one run on a short string lets it go.
    /x/.exec('x');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'crosscheck-heap-')), 'heap.heapsnapshot');
    v8.writeHeapSnapshot(file);
    const strings = JSON.parse(fs.readFileSync(file, 'utf8')).strings;
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    const held = strings.filter((s) => s.length >= 1024 && heads.has(digest(s))).length;
    console.log(JSON.stringify({ findings: findings.length, kinds, held }));
  `) as { findings: number; kinds: string[]; held: number };
  assert.ok(result.kinds.includes('derived') && result.kinds.includes('contradiction opposite'), `the seeds give a derivation and opposite statements (${result.kinds.join(', ')})`);
  assert.equal(result.held, 0, 'article texts still in memory, held by the findings');
});

void test('story results read back from an older snapshot line do not keep the texts its spans were sliced from', { skip }, () => {
  const result = inChild(`
    const fs = require('fs'), path = require('path');
    ${requireCore('{ Corpus }', 'crossref/corpus')}
    ${requireCore('{ encodeStory, decodeStoryLine }', 'cache/storyCache')}
    const corpus = new Corpus();
    for (const name of ${JSON.stringify(seedFiles)}) corpus.update(path.join(${JSON.stringify(seedsDir)}, name), fs.readFileSync(path.join(${JSON.stringify(seedsDir)}, name), 'utf8'));
    corpus.findings();
    const sources = { article: (file) => corpus.article(file), features: (a) => corpus.featuresFor(a) };
    // Lines as written before strings were stored as themselves: a string that is a slice of one of
    // the story's articles as [article, start, end].
    let slices = 0;
    const lines = [...corpus.storyResultEntries()].map(([id, entry]) => encodeStory(id, entry, sources)).filter((line) => line !== undefined).map((line) => {
      const tab = line.indexOf('\t');
      const stored = JSON.parse(tab < 0 ? line : line.slice(0, tab));
      const texts = stored[2].map((file) => corpus.article(file).text);
      stored[5] = stored[5].map((s) => {
        if (typeof s !== 'string' || s.length < 13) return s;
        const k = texts.findIndex((t) => t.includes(s));
        if (k < 0) return s;
        slices++;
        const start = texts[k].indexOf(s);
        return [k, start, start + s.length];
      });
      return JSON.stringify(stored) + (tab < 0 ? '' : line.slice(tab));
    });
    // While the lines are read, each read of an article's text gives a text of its own, 2 MB longer
    // than the article's (the same characters where the spans are): kept by a span, it shows in the heap.
    let made = 0;
    const kept = corpus.articles().map((a) => [a, a.text]);
    for (const [a, text] of kept) Object.defineProperty(a, 'text', { get: () => text + ' '.repeat(2000000 + ++made), enumerable: true, configurable: true });
    gc(); gc();
    const before = process.memoryUsage().heapUsed;
    const decoded = lines.map((line) => decodeStoryLine(line, sources));
    for (const [a, text] of kept) Object.defineProperty(a, 'text', { value: text, writable: true, enumerable: true, configurable: true });
    gc(); gc();
    const mb = (process.memoryUsage().heapUsed - before) / 1e6;
    const same = lines.every((line, i) => JSON.stringify(decoded[i].entry.results.findings) === JSON.stringify(decodeStoryLine(line, sources).entry.results.findings));
    console.log(JSON.stringify({ stories: decoded.length, slices, made, mb, same }));
  `) as { stories: number; slices: number; made: number; mb: number; same: boolean };
  assert.ok(result.stories > 0 && result.slices > 0, `the seeds' stories have strings that are slices of their articles (${result.slices})`);
  assert.ok(result.made > 0 && result.same, 'read against the longer texts, the same findings');
  assert.ok(result.mb < 1.5, `decoded stories hold ${result.mb.toFixed(1)} MB (${result.made} texts of 2 MB were read)`);
});
