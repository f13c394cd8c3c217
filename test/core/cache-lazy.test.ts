/**
 * The parts of a cache entry a warm start does not read before it is ready — an article's sentences
 * and entities, and its features' terms — are sections of the entry,
 * decoded when first read. The article read back must look exactly like the one written (keys and
 * their order, JSON, spreading, cloning, equality); a section that does not pass the cheap check at
 * read time discards the entry; one that fails to decode later is replaced by the analysis of the
 * text again (the same parts). `readBytes` gives what `read` gives for bytes read elsewhere. A story
 * graph restored from its snapshot reads no article's terms until an edit needs them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AnalysisCache, entryBody, entryPathOf, readEntryBody } from '../../core/src/cache/analysisCache';
import { analyzeArticle } from '../../core/src/article/analyze';
import { articleFeatures } from '../../core/src/crossref/crossref';
import type { Article } from '../../core/src/model';
import { StoryGraph } from '../../core/src/crossref/storyGraph';
import { STORY_SIMILARITY } from '../../core/src/crossref/stories';
import { withTempDir } from './testSupport';
import { TermCounts } from '../../core/src/crossref/terms';

const quoted = 'Outlet: Harbour Post\nDate: 2024-03-04\n\nHarbour strike ends in Rotterdam\n\nThe port authority met the dockers for two hours on Monday in Rotterdam. ' +
  '"We will sail again when the pay offer is fair," union leader Ida Holm said. Holm, a former crane driver, did not endorse the offer. ' +
  'Board chair Pavel Strand of the Port of Rotterdam Authority said: "The offer stands and the port will reopen." Mr. Strand left early.\n';

function entryOf(cache: AnalysisCache): string {
  const [entry] = readdirSync(cache.folder, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
  return path.join(cache.folder, entry);
}

/** Rewrites an entry's body lines through `change`, the head's size set to fit. */
function rewrite(entry: string, change: (lines: string[]) => void): void {
  const [head, ...lines] = readFileSync(entry, 'utf8').split('\n');
  change(lines);
  const body = lines.join('\n');
  writeFileSync(entry, `${JSON.stringify({ ...JSON.parse(head) as object, size: Buffer.byteLength(body) })}\n${body}`);
}

/** The article as the cache gave it before its parts were lazy: the analysis without its text, then the text. */
function asBefore(article: Article): Article {
  const { text, ...rest } = article;
  return JSON.parse(JSON.stringify({ ...rest, text })) as Article;
}

void test('an article read back looks exactly like the one written: keys, JSON, spreading, cloning, equality', () => withTempDir('crosscheck-lazy-', (root) => {
  const cache = new AnalysisCache(root, 'v1');
  const article = analyzeArticle('q.txt', quoted);
  assert.ok(article.people.length >= 2 && article.entities.length >= 1 && article.sentences.length >= 3, 'the fixture has people, entities, sentences');
  cache.put(article, articleFeatures(article));
  const expected = asBefore(article);
  // Serialised before any part is read (the getters decode), and again after.
  for (let round = 0; round < 2; round++) {
    const read = cache.read('q.txt', quoted)!;
    assert.ok(read.features);
    if (round === 1) assert.ok(read.article.sentences.length > 0 && read.article.people[0].mentions.length > 0);
    assert.equal(JSON.stringify(read.article), JSON.stringify(expected));
    assert.deepEqual(Object.keys(read.article), Object.keys(expected));
    read.article.people.forEach((p, i) => assert.deepEqual(Object.keys(p), Object.keys(expected.people[i])));
    assert.deepStrictEqual(read.article, article);
    assert.deepStrictEqual({ ...read.article }, { ...article });
    assert.deepStrictEqual(structuredClone(read.article), expected);
    assert.deepStrictEqual(read.features.terms, articleFeatures(article).terms);
    assert.deepStrictEqual([...read.features.terms.keys()], [...articleFeatures(article).terms.keys()]);
  }
  // Assignable like data fields.
  const read = cache.read('q.txt', quoted)!;
  read.article.sentences = [];
  read.article.people[0].mentions = [];
  assert.deepEqual(read.article.sentences, []);
  assert.deepEqual(read.article.people[0].mentions, []);
  // The worker's message reads back the same article too.
  const body = readEntryBody(entryBody(article, articleFeatures(article)), 'q.txt', article.hash, quoted);
  assert.equal(JSON.stringify(body.article), JSON.stringify(expected));
}));

void test('lazy article parts that do not decode when read are taken from the analysis of the text again', () => withTempDir('crosscheck-lazy-', (root) => {
  const cache = new AnalysisCache(root, 'v1');
  const article = analyzeArticle('q.txt', quoted);
  const damages: ((lines: string[]) => void)[] = [
    (lines) => { lines[1] = '[{"start":0}]'; }, // sentences: one item, not the number written
    (lines) => { lines[2] = '[1,2]'; }, // entities: not objects, maybe not the number written
    (lines) => { lines[1] = '[{"start":0,]'; }, // not JSON, though it looks like a list
    (lines) => { lines[3] = '[]'; }, // people: not the number written
    (lines) => { lines[3] = lines[3].replace('"mentions":[', '"mentions":[7,'); }, // people: a mention that is no object
    (lines) => { lines[3] = lines[3].replace('"name":', '"nom":'); }, // people: a person of other fields
    (lines) => { lines[3] = lines[3].replace(/"name":"[^"]*"/, '"name":3'); }, // people: a name that is no string
  ];
  for (const damage of damages) {
    cache.put(article, articleFeatures(article));
    rewrite(entryOf(cache), damage);
    const read = cache.read('q.txt', quoted);
    assert.ok(read, 'the entry passes the cheap check at read time');
    assert.equal(JSON.stringify(read.article), JSON.stringify(asBefore(article)));
  }
}));

void test('an entry whose lazy parts fail the cheap check at read time is discarded, never trusted', () => withTempDir('crosscheck-lazy-', (root) => {
  const cache = new AnalysisCache(root, 'v1');
  const article = analyzeArticle('q.txt', quoted);
  const damages: ((lines: string[]) => void)[] = [
    (lines) => { lines[1] = '{"start":0}'; }, // a section that is not a list
    (lines) => { lines.splice(2, 1); }, // a section missing
    (lines) => { lines[2] = `${lines[2].slice(0, -1)},`; }, // a section that does not end as a list
    (lines) => { lines[0] = lines[0].replace(/"sentences":\d+/, '"sentences":-1'); }, // a count that is no count
    (lines) => { lines[0] = lines[0].replace(/"entities":\d+,/, ''); }, // a field missing
    (lines) => { lines[0] = lines[0].replace(/"terms":\d+/, '"terms":"x"'); }, // the terms' marker wrong
    (lines) => { lines[6] = `{${lines[6]}`; }, // the terms section not a list
    (lines) => { lines[3] = '{"key":"p1"}'; }, // the people's section not a list
    (lines) => { lines[0] = lines[0].replace(/"people":\d+/, '"people":1.5'); }, // the people's count no count
  ];
  let discarded = 0;
  for (const damage of damages) {
    cache.put(article, articleFeatures(article));
    const entry = entryOf(cache);
    rewrite(entry, damage);
    assert.equal(cache.read('q.txt', quoted), undefined, `damage ${discarded}`);
    assert.equal(cache.statistics.discarded, ++discarded);
    assert.equal(existsSync(entry), false);
  }
}));

void test('readBytes gives what read gives for bytes read elsewhere; entryPathOf is where read looks', () => withTempDir('crosscheck-lazy-', (root) => {
  const cache = new AnalysisCache(root, 'v1');
  const article = analyzeArticle('q.txt', quoted);
  cache.put(article, articleFeatures(article));
  const entry = entryPathOf(cache.folder, 'v1', 'q.txt', article.hash);
  assert.equal(entry, entryOf(cache));
  assert.equal(cache.entryPath('q.txt', article.hash), entry);
  const bytes = new Uint8Array(readFileSync(entry));
  const viaBytes = cache.readBytes('q.txt', quoted, article.hash, bytes)!;
  assert.equal(JSON.stringify(viaBytes.article), JSON.stringify(cache.read('q.txt', quoted)!.article));
  bytes.fill(0); // the caller may reuse its buffer: nothing read back points into it
  assert.equal(JSON.stringify(viaBytes.article), JSON.stringify(asBefore(article)));
  assert.deepEqual(cache.statistics, { hits: 2, misses: 0, discarded: 0, writes: 1 });
  assert.equal(cache.readBytes('q.txt', quoted, article.hash, undefined), undefined);
  assert.deepEqual(cache.statistics, { hits: 2, misses: 1, discarded: 0, writes: 1 });
  // Bytes that are not this entry: discarded, and the file deleted as read would.
  const good = readFileSync(entry);
  assert.equal(cache.readBytes('q.txt', quoted, article.hash, good.subarray(0, good.length - 5)), undefined);
  assert.deepEqual(cache.statistics, { hits: 2, misses: 2, discarded: 1, writes: 1 });
  assert.equal(existsSync(entry), false);
}));

void test('a story graph restored from its snapshot reads no terms until an edit needs them, with the same clusters', () => {
  const articles: Article[] = [];
  const terms = new Map<Article, TermCounts>();
  for (let i = 0; i < 60; i++) {
    const article = { file: `f${String(i).padStart(2, '0')}.txt`, hash: `h${i}` } as unknown as Article;
    const counts = new Map<string, number>();
    for (let k = 0; k < 10; k++) counts.set(`topic${i % 6}-${(i * 7 + k) % 12}`, 1 + ((i + k) % 3));
    for (let k = 0; k < 8; k++) counts.set(`w${(i * 13 + k * 5) % 90}`, 1);
    articles.push(article);
    terms.set(article, TermCounts.from(counts)!);
  }
  let reads = 0;
  const inputs = {
    sorted: articles,
    termsOf: (a: Article) => (reads++, terms.get(a)!),
    headerStory: articles.map(() => null),
    days: articles.map((_, i) => 100 + (i % 5)),
    threshold: STORY_SIMILARITY,
  };
  const built = new StoryGraph();
  const expected = JSON.stringify(built.update(inputs).clusters);
  const restored = new StoryGraph();
  restored.seedSnapshot(built.snapshot()!);
  reads = 0;
  assert.equal(JSON.stringify(restored.update(inputs).clusters), expected);
  assert.equal(restored.restored, true);
  assert.deepEqual(restored.snapshot(), built.snapshot());
  assert.equal(reads, 0);
  restored.prepareEdits();
  assert.equal(reads, articles.length);
  // An edit after the restore: the same clusters as the graph built afresh.
  const edited = articles.map((a, i) => (i === 3 ? ({ ...a, hash: 'h3x' } as Article) : a));
  terms.set(edited[3], terms.get(articles[9])!);
  const after = { ...inputs, sorted: edited };
  assert.equal(JSON.stringify(restored.update(after).clusters), JSON.stringify(new StoryGraph().update(after).clusters));
});
