import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AnalysisCache, entryBody, readEntryBody, temporaryPath } from '../../core/src/cache/analysisCache';
import { analyzeArticle } from '../../core/src/article/analyze';
import { articleFeatures } from '../../core/src/crossref/crossref';
import { withTempDir } from './testSupport';

const text = 'Harbour talks\n\nThe port authority met the dockers for two hours on Monday, officials said.\n';
/** An article with quotes, a claim and statements, so its features point into it. */
const quoted = 'Outlet: Harbour Post\n\nHarbour strike ends\n\nThe port authority met the dockers for two hours on Monday. ' +
  '"We will sail again when the pay offer is fair," union leader Ida Holm said. Holm did not endorse the offer. ' +
  'Board chair Pavel Strand said: "The offer stands and the port will reopen."\n';

function entryFiles(cache: AnalysisCache): string[] {
  return readdirSync(cache.folder, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).map((f) => path.join(cache.folder, f));
}

/** An entry file's lines: the head (parsed), the body's first line (parsed) and the features' sections. */
interface EntryParts {
  head: Record<string, unknown>;
  body: { article: Record<string, unknown>; features?: Record<string, unknown> & { quoteRows: unknown[]; claimRows: unknown[][] } };
  sections: string[];
}

function readParts(entry: string): EntryParts {
  const [head, body, ...sections] = readFileSync(entry, 'utf8').split('\n');
  return { head: JSON.parse(head) as EntryParts['head'], body: JSON.parse(body) as EntryParts['body'], sections };
}

/** Writes an entry's lines back, the head's size set to fit (so only what was changed is wrong). */
function writeParts(entry: string, { head, body, sections }: EntryParts): void {
  const rest = [JSON.stringify(body), ...sections].join('\n');
  writeFileSync(entry, `${JSON.stringify({ ...head, size: Buffer.byteLength(rest) })}\n${rest}`);
}

void test('a stored analysis comes back equal, text included', () => withTempDir('crosscheck-cache-', (root) => {
  const article = analyzeArticle('a.txt', text);
  new AnalysisCache(root, 'v1').put(article);
  assert.deepEqual(new AnalysisCache(root, 'v1').get('a.txt', text), article);
}));

void test('changed text misses the cache', () => withTempDir('crosscheck-cache-', (root) => {
  const cache = new AnalysisCache(root, 'v1');
  cache.put(analyzeArticle('a.txt', text));
  assert.equal(cache.get('a.txt', text.replace('two', 'three')), undefined);
}));

void test('the same text under another file name misses the cache', () => withTempDir('crosscheck-cache-', (root) => {
  const cache = new AnalysisCache(root, 'v1');
  cache.put(analyzeArticle('a.txt', text));
  assert.equal(cache.get('b.txt', text), undefined);
}));

void test('a corrupt entry is discarded and deleted, never returned', () => withTempDir('crosscheck-cache-', (root) => {
  const cache = new AnalysisCache(root, 'v1');
  cache.put(analyzeArticle('a.txt', text));
  const [entry] = entryFiles(cache);
  writeFileSync(entry, readFileSync(entry, 'utf8').slice(0, 40));
  assert.equal(cache.get('a.txt', text), undefined);
  assert.equal(cache.statistics.discarded, 1);
  assert.equal(existsSync(entry), false);
}));

void test('an entry whose recorded hash does not match the text is discarded', () => withTempDir('crosscheck-cache-', (root) => {
  const cache = new AnalysisCache(root, 'v1');
  cache.put(analyzeArticle('a.txt', text));
  const [entry] = entryFiles(cache);
  const parts = readParts(entry);
  writeParts(entry, { ...parts, head: { ...parts.head, hash: '0'.repeat(64) } });
  assert.equal(cache.get('a.txt', text), undefined);
  assert.equal(cache.statistics.discarded, 1);
}));

void test('an entry longer or shorter than written, or missing a section, is discarded', () => withTempDir('crosscheck-cache-', (root) => {
  const article = analyzeArticle('q.txt', quoted);
  const cache = new AnalysisCache(root, 'v1');
  const damages: ((raw: string) => string)[] = [
    (raw) => `${raw} `,
    (raw) => raw.slice(0, -1),
    (raw) => raw.slice(0, raw.lastIndexOf('\n')),
    // The size made to fit, the last section gone: a body of the wrong shape.
    (raw) => {
      const lines = raw.split('\n').slice(0, -1);
      const rest = lines.slice(1).join('\n');
      return `${JSON.stringify({ ...(JSON.parse(lines[0]) as object), size: Buffer.byteLength(rest) })}\n${rest}`;
    },
  ];
  for (const [k, damage] of damages.entries()) {
    cache.put(article, articleFeatures(article));
    const [entry] = entryFiles(cache);
    writeFileSync(entry, damage(readFileSync(entry, 'utf8')));
    assert.equal(cache.read('q.txt', quoted), undefined, `damage ${k}`);
    assert.equal(cache.statistics.discarded, k + 1);
    assert.equal(existsSync(entry), false);
  }
  cache.put(article, articleFeatures(article));
  assert.ok(cache.read('q.txt', quoted)?.features, 'an undamaged entry reads');
}));

void test('a cache written by another analysis version is discarded when opened', () => withTempDir('crosscheck-cache-', (root) => {
  new AnalysisCache(root, 'v1').put(analyzeArticle('a.txt', text));
  const newer = new AnalysisCache(root, 'v2');
  assert.equal(newer.get('a.txt', text), undefined);
  assert.deepEqual(readdirSync(root), ['v2']);
}));

void test('writes leave no temporary files behind', () => withTempDir('crosscheck-cache-', (root) => {
  const cache = new AnalysisCache(root, 'v1');
  cache.put(analyzeArticle('a.txt', text));
  cache.put(analyzeArticle('b.txt', text));
  const all = readdirSync(cache.folder, { recursive: true, encoding: 'utf8' });
  assert.deepEqual(all.filter((f) => f.endsWith('.tmp')), []);
  assert.equal(entryFiles(cache).length, 2);
}));

void test('temporary files of a writer that stopped mid-write are deleted when the cache is opened; a running writer\'s are kept', () => withTempDir('crosscheck-cache-', (root) => {
  const folder = new AnalysisCache(root, 'v1').folder;
  const gone = spawnSync(process.execPath, ['-e', '']).pid!; // a process that has ended
  const names = {
    abandoned: `stories.json.${gone}.0a1b2c3d.tmp`,
    ours: path.basename(temporaryPath(path.join(folder, 'graph.json'))),
    running: `stories.json.${process.ppid}.0a1b2c3d.tmp`,
    other: 'notes.tmp',
    snapshot: 'stories.json',
  };
  for (const name of Object.values(names)) writeFileSync(path.join(folder, name), 'x');
  new AnalysisCache(root, 'v1');
  assert.deepEqual(readdirSync(folder).sort(), [names.ours, names.running, names.other, names.snapshot].sort());
}));

void test('features come back equal to fresh ones and wired to the article read back', () => withTempDir('crosscheck-cache-', (root) => {
  const article = analyzeArticle('q.txt', quoted);
  assert.ok(article.quotes.length >= 2 && article.claims.length >= 1, 'the fixture has quotes and a claim');
  new AnalysisCache(root, 'v1').put(article, articleFeatures(article));
  const cached = new AnalysisCache(root, 'v1').read('q.txt', quoted);
  assert.ok(cached?.features, 'the features are cached');
  const fresh = articleFeatures(cached.article);
  assert.deepEqual({ ...cached.features }, { ...fresh });
  cached.features.quotes.forEach((q, i) => assert.equal(q.quote, cached.article.quotes[i]));
  cached.features.claims.forEach((c, i) => {
    assert.equal(c.claim, cached.article.claims[i]);
    assert.equal(c.article, cached.article);
  });
}));

void test('the entry body a worker sends reads back as the analysis and its features', () => {
  const article = analyzeArticle('q.txt', quoted);
  const back = readEntryBody(entryBody(article, articleFeatures(article)), 'q.txt', article.hash, quoted);
  assert.deepEqual(back.article, article);
  assert.deepEqual({ ...back.features }, { ...articleFeatures(article) });
  assert.throws(() => readEntryBody(entryBody(article, articleFeatures(article)), 'other.txt', article.hash, quoted));
});

void test('features that do not fit their analysis make the entry corrupt: discarded, never returned', () => withTempDir('crosscheck-cache-', (root) => {
  const cache = new AnalysisCache(root, 'v1');
  const article = analyzeArticle('q.txt', quoted);
  cache.put(article, articleFeatures(article));
  const [entry] = entryFiles(cache);
  // One quote feature fewer than the article has quotes: features of another analysis.
  const parsed = readParts(entry);
  assert.ok(parsed.body.features && parsed.body.features.quoteRows.length >= 2, 'the fixture has two quotes');
  parsed.body.features.quoteRows.pop();
  writeParts(entry, parsed);
  assert.equal(cache.read('q.txt', quoted), undefined);
  assert.equal(cache.statistics.discarded, 1);
  assert.equal(existsSync(entry), false);
  // A quote row that is not a flag, a claim row whose value key is not a string, features without their sections.
  type Damage = (parts: EntryParts) => void;
  const damages: Damage[] = [
    (p) => { p.body.features!.quoteRows[0] = ['x']; },
    (p) => { p.body.features!.claimRows[0][1] = 3; },
    (p) => { p.sections = []; },
    (p) => { p.body.features = undefined; },
  ];
  for (const damage of damages) {
    cache.put(article, articleFeatures(article));
    const again = readParts(entry);
    assert.ok(again.body.features!.claimRows.length > 0, 'the fixture has a claim');
    damage(again);
    writeParts(entry, again);
    assert.equal(cache.read('q.txt', quoted), undefined);
    assert.equal(existsSync(entry), false);
  }
}));

void test('quote features read back equal the computed ones, bigrams and stem bags included', () => withTempDir('crosscheck-cache-', (root) => {
  const cache = new AnalysisCache(root, 'v1');
  const article = analyzeArticle('q.txt', quoted);
  const computed = articleFeatures(article);
  cache.put(article, computed);
  const read = cache.read('q.txt', quoted)!;
  assert.ok(read.features);
  assert.equal(read.features.quotes.length, computed.quotes.length);
  const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v)));
  read.features.quotes.forEach((q, i) => {
    assert.deepEqual(Object.keys(q), Object.keys(computed.quotes[i]));
    assert.deepEqual([...q.bigrams], [...computed.quotes[i].bigrams]);
    assert.deepEqual([...q.stemBag], [...computed.quotes[i].stemBag]);
    assert.equal(q.quote, read.article.quotes[i]);
    assert.deepEqual(plain({ ...q, quote: undefined }), plain({ ...computed.quotes[i], quote: undefined }));
  });
  read.features.claims.forEach((c, i) => {
    assert.deepEqual(Object.keys(c), Object.keys(computed.claims[i]));
    assert.equal(c.article, read.article);
    assert.equal(c.claim, read.article.claims[i]);
    assert.deepEqual(plain({ ...c, article: undefined, claim: undefined }), plain({ ...computed.claims[i], article: undefined, claim: undefined }));
  });
}));

void test('a truncated entry with features is discarded', () => withTempDir('crosscheck-cache-', (root) => {
  const cache = new AnalysisCache(root, 'v1');
  const article = analyzeArticle('q.txt', quoted);
  cache.put(article, articleFeatures(article));
  const [entry] = entryFiles(cache);
  const raw = readFileSync(entry, 'utf8');
  writeFileSync(entry, raw.slice(0, Math.floor(raw.length * 0.9)));
  assert.equal(cache.read('q.txt', quoted), undefined);
  assert.equal(cache.statistics.discarded, 1);
}));

void test('an entry of an older format is discarded', () => withTempDir('crosscheck-cache-', (root) => {
  const cache = new AnalysisCache(root, 'v1');
  cache.put(analyzeArticle('a.txt', text));
  const [entry] = entryFiles(cache);
  const parts = readParts(entry);
  // The first format: the article at the top level, no body, no features.
  writeFileSync(entry, JSON.stringify({ ...parts.head, format: 1, article: parts.body.article }));
  assert.equal(cache.read('a.txt', text), undefined);
  assert.equal(cache.statistics.discarded, 1);
  // The third: one JSON text, the body inside it, the sections strings in the features.
  cache.put(analyzeArticle('a.txt', text));
  writeFileSync(entry, JSON.stringify({ ...parts.head, format: 3, size: undefined, body: parts.body }));
  assert.equal(cache.read('a.txt', text), undefined);
  assert.equal(cache.statistics.discarded, 2);
  // This layout under another format number.
  cache.put(analyzeArticle('a.txt', text));
  writeParts(entry, { ...parts, head: { ...parts.head, format: 3 } });
  assert.equal(cache.read('a.txt', text), undefined);
  assert.equal(cache.statistics.discarded, 3);
}));

void test('lazily read features that do not decode are computed from the article instead', () => withTempDir('crosscheck-cache-', (root) => {
  const cache = new AnalysisCache(root, 'v1');
  const article = analyzeArticle('q.txt', quoted);
  cache.put(article, articleFeatures(article));
  const [entry] = entryFiles(cache);
  const parts = readParts(entry);
  // The article's three sections (sentences, entities, people), then the features' five.
  assert.equal(parts.sections.length, 8);
  // Every feature section broken: quote parts, claim contexts, terms, sentence stems, statements.
  writeParts(entry, { ...parts, sections: [...parts.sections.slice(0, 3), '[{"broken"', '[["x"]]', '["t","x"]', '[{"broken"', '{}'] });
  const cached = cache.read('q.txt', quoted);
  assert.ok(cached?.features);
  const fresh = articleFeatures(cached.article);
  assert.deepEqual(cached.features.sentences, fresh.sentences);
  assert.deepEqual(cached.features.statements, fresh.statements);
  assert.deepEqual([...cached.features.terms], [...fresh.terms]);
  assert.ok(cached.features.quotes.length >= 2 && cached.features.claims.length >= 1, 'the fixture has quotes and a claim');
  assert.deepEqual({ ...cached.features }, { ...fresh });
  // One row of a section that does not fit: that feature's parts computed, the others read.
  const rows = JSON.parse(parts.sections[3]) as unknown[][];
  rows[1] = [1, 2, 3];
  writeParts(entry, { ...parts, sections: [...parts.sections.slice(0, 3), JSON.stringify(rows), ...parts.sections.slice(4)] });
  const again = cache.read('q.txt', quoted)!;
  assert.deepEqual({ ...again.features }, { ...articleFeatures(again.article) });
}));

void test('non-ASCII text is written escaped (ASCII files) and read back exactly; a UTF-8 entry body still reads', () => withTempDir('crosscheck-cache-', (root) => {
  const cache = new AnalysisCache(root, 'v1');
  const accented = 'Outlet: Le Monde Libre\n\nGrève au port de Sète\n\nZoë Müller, the union’s leader, met the board for two hours on Monday. '
    + '“We will sail again when the pay offer is fair — not before,” Müller said. Ünal Çelik said: "The offer stands 😀."\n';
  const article = analyzeArticle('é.txt', accented);
  const features = articleFeatures(article);
  cache.put(article, features);
  const [entry] = entryFiles(cache);
  const bytes = readFileSync(entry);
  assert.ok(bytes.every((b) => b < 0x80), 'the entry file is ASCII');
  const read = cache.read('é.txt', accented)!;
  assert.equal(JSON.stringify({ ...read.article, text: undefined }), JSON.stringify({ ...article, text: undefined }));
  const noArticle = (key: string, value: unknown): unknown => (key === 'article' ? undefined : value);
  assert.equal(JSON.stringify(read.features, noArticle), JSON.stringify(features, noArticle));
  // A body with the characters as they are (UTF-8 on disk) is read as well.
  const utf8Body = entryBody(article, features).split('\n').map((line) => JSON.stringify(JSON.parse(line))).join('\n');
  assert.ok(/[^\u0000-\u007f]/.test(utf8Body));
  cache.putBody('é.txt', article.hash, utf8Body);
  assert.ok(readFileSync(entry).some((b) => b >= 0x80));
  const again = cache.read('é.txt', accented)!;
  assert.equal(JSON.stringify(again.features, noArticle), JSON.stringify(features, noArticle));
  assert.equal(JSON.stringify(again.article.quotes), JSON.stringify(article.quotes));
}));

void test('an entry larger than the read buffer is read whole', () => withTempDir('crosscheck-cache-', (root) => {
  const cache = new AnalysisCache(root, 'v1');
  const long = quoted + Array.from({ length: 400 }, (_, i) => `Dock worker ${i} said: "We waited ${i} days for the pay offer, and it is not fair." `).join('\n');
  const article = analyzeArticle('long.txt', long);
  cache.put(article, articleFeatures(article));
  const [entry] = entryFiles(cache);
  assert.ok(readFileSync(entry).length > 256 * 1024, 'the fixture entry is larger than the buffer');
  const read = cache.read('long.txt', long);
  assert.ok(read?.features);
  assert.equal(read.article.quotes.length, article.quotes.length);
  assert.equal(cache.read('q.txt', quoted), undefined, 'a miss after it is still a miss');
}));

void test('checks stored with an entry come back with it; putChecks replaces them and keeps the analysis', () => withTempDir('crosscheck-cache-', (root) => {
  const article = analyzeArticle('a.txt', quoted);
  const features = articleFeatures(article);
  const cache = new AnalysisCache(root, 'v1');
  cache.putBody('a.txt', article.hash, entryBody(article, features), { version: 'c1', warnings: ['does not look like English'] });
  const read = new AnalysisCache(root, 'v1').read('a.txt', quoted);
  assert.deepEqual(read?.checks, { version: 'c1', warnings: ['does not look like English'] });
  assert.deepEqual(read?.article, article);
  cache.putChecks('a.txt', article.hash, { version: 'c2', warnings: [] });
  const again = new AnalysisCache(root, 'v1').read('a.txt', quoted);
  assert.deepEqual(again?.checks, { version: 'c2', warnings: [] });
  assert.deepEqual(again?.article, article);
  assert.deepEqual(again?.features, read?.features);
  // An entry written without checks reads back without them.
  cache.put(article, features);
  assert.equal(new AnalysisCache(root, 'v1').read('a.txt', quoted)?.checks, undefined);
}));

void test('an entry whose stored checks are malformed is discarded, never returned', () => withTempDir('crosscheck-cache-', (root) => {
  const article = analyzeArticle('a.txt', text);
  for (const checks of ['{"version":"c1"}', '{"version":"c1","warnings":[3]}', '"c1"', 'null']) {
    const cache = new AnalysisCache(root, 'v1');
    cache.putBody('a.txt', article.hash, entryBody(article), { version: 'c1', warnings: [] });
    const [entry] = entryFiles(cache);
    const raw = readFileSync(entry, 'utf8');
    assert.ok(raw.includes('"checks":{"version":"c1","warnings":[]}'));
    writeFileSync(entry, raw.replace('"checks":{"version":"c1","warnings":[]}', `"checks":${checks}`));
    assert.equal(cache.read('a.txt', text), undefined, checks);
    assert.equal(cache.statistics.discarded, 1);
    assert.equal(existsSync(entry), false);
  }
}));
