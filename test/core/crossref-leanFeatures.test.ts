// Lean features (`Corpus({ leanFeatures: true })`, what the server uses): quote and claim features
// lose their derived parts between passes and compute them again when read. The index must answer
// exactly what a corpus keeping every feature whole answers, through edits, and a feature read
// again must equal a freshly computed one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeArticle } from '../../core/src/article/analyze';
import { claimFeatures } from '../../core/src/crossref/claims';
import { Corpus } from '../../core/src/crossref/corpus';
import { articleFeatures } from '../../core/src/crossref/crossref';
import { quoteFeatures } from '../../core/src/crossref/quotes';
import { bridge, derivedPartsHeld, ferry, indexSnapshot } from './crossref-fixtures';

const seedsDir = path.resolve(__dirname, '../../../seeds');
const seedFiles = fs.existsSync(seedsDir) ? fs.readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort() : [];
const skip = seedFiles.length >= 5 ? false : `seed articles not found in ${seedsDir}`;

function snapshot(corpus: Corpus): string {
  return indexSnapshot(corpus, (f) => ({
    quoteGroups: corpus.article(f)!.quotes.map((q) => corpus.quoteGroupAt(f, q.start + 1)?.id ?? null),
    claimGroups: corpus.article(f)!.claims.map((c) => corpus.claimGroupAt(f, c.start)?.id ?? null),
  }));
}

const derivedLeft = derivedPartsHeld;

void test('lean features: the seeds and edits of them give what whole features give', { skip }, () => {
  const lean = new Corpus({ leanFeatures: true });
  const whole = new Corpus();
  const texts = seedFiles.map((f) => [path.join(seedsDir, f), fs.readFileSync(path.join(seedsDir, f), 'utf8')] as const);
  // As the server's indexer does: articles with features computed elsewhere.
  for (const [file, text] of texts) {
    const article = analyzeArticle(file, text);
    lean.putWithFeatures(article, articleFeatures(article));
    whole.putWithFeatures(analyzeArticle(file, text), articleFeatures(analyzeArticle(file, text)));
  }
  assert.ok(lean.articles().some((a) => a.quotes.length > 0) && lean.articles().some((a) => a.claims.length > 0));
  assert.equal(derivedLeft(lean), 0, 'derived parts dropped when the articles came in');
  assert.equal(snapshot(lean), snapshot(whole));
  assert.equal(derivedLeft(lean), 0, 'derived parts dropped after the pass');
  assert.ok(derivedLeft(whole) > 0);

  // Edits: a quote reworded and a figure changed in one article, another article removed and put back.
  const long = (q: { scare: boolean; text: string }): boolean => !q.scare && q.text.split(' ').length > 4;
  const [file, text] = texts.find(([f]) => lean.article(f)!.quotes.some(long))!;
  const quote = lean.article(file)!.quotes.find(long)!;
  const edited = text.slice(0, quote.start + 1) + 'Frankly, ' + text.slice(quote.start + 1).replace(/\b(\d+)\b/, (d) => String(Number(d) + 7));
  const other = texts.find(([f]) => f !== file)!;
  for (const step of [
    (c: Corpus) => c.update(file, edited),
    (c: Corpus) => c.remove(other[0]),
    (c: Corpus) => c.update(other[0], other[1]),
    (c: Corpus) => c.update(file, text),
  ]) {
    step(lean);
    step(whole);
    assert.equal(snapshot(lean), snapshot(whole));
    assert.equal(derivedLeft(lean), 0);
  }
});

void test('lean features: a feature read again equals a fresh one, order of properties included', () => {
  const lean = new Corpus({ leanFeatures: true });
  for (const article of [
    ferry('a.txt', 'Daily A', 'about three hours', 2.5, 3.5),
    ferry('b.txt', 'Daily B', 'under an hour', 0, 1),
    bridge('c.txt', 'Daily C', 'This bridge joins our two towns for good.'),
    bridge('d.txt', 'Daily D', 'This bridge joins our towns for good.'),
  ]) lean.putWithFeatures(article, articleFeatures(article));
  assert.ok(lean.findings().length > 0);
  for (const article of lean.articles()) {
    const features = lean.featuresFor(article);
    for (const [i, q] of features.quotes.entries()) {
      assert.equal(q.quote, article.quotes[i], 'the same quote object');
      assert.ok(!Object.hasOwn(q, 'bigrams'));
      const size = q.bigrams.size; // read: computed again
      assert.deepEqual(q, quoteFeatures(article.file, article.quotes[i]));
      assert.deepEqual(Object.keys(q), Object.keys(quoteFeatures(article.file, article.quotes[i])));
      assert.equal(q.bigrams.size, size);
    }
    for (const [i, c] of features.claims.entries()) {
      assert.ok(!Object.hasOwn(c, 'context'));
      assert.ok(c.context instanceof Map);
      assert.deepEqual(c, claimFeatures(article, article.claims[i]));
      assert.equal(c.article, article);
    }
  }
  // The next pass drops them again.
  lean.put(ferry('e.txt', 'Daily E', 'about three hours', 2.5, 3.5));
  lean.findings();
  assert.equal(derivedLeft(lean), 0);
});

void test('lean features: an edit builds again the features of the story it recomputes, no others', () => {
  const lean = new Corpus({ leanFeatures: true });
  const whole = new Corpus();
  const articles = [
    ferry('a.txt', 'Daily A', 'about three hours', 2.5, 3.5),
    ferry('b.txt', 'Daily B', 'about three hours', 2.5, 3.5),
    bridge('c.txt', 'Daily C', 'This bridge joins our two towns for good.'),
    bridge('d.txt', 'Daily D', 'This bridge joins our towns for good.'),
  ];
  for (const article of articles) {
    lean.putWithFeatures(article, articleFeatures(article));
    whole.put(article);
  }
  assert.equal(snapshot(lean), snapshot(whole));
  const before = lean.featuresRestored;
  const edit = bridge('d.txt', 'Daily D', 'This bridge joins our twin towns for good.');
  lean.put(edit);
  whole.put(edit);
  lean.findings();
  assert.equal(lean.storiesRecomputed, 1);
  const story = lean.storyOf('d.txt')!;
  const inStory = story.files.map((f) => lean.article(f)!).reduce((n, a) => n + a.quotes.length + a.claims.length, 0);
  const restored = lean.featuresRestored - before;
  // The edited article's features are computed whole; the other articles of its story get theirs back.
  assert.ok(restored > 0 && restored <= inStory, `${restored} features built again, ${inStory} in the edited story`);
  assert.equal(snapshot(lean), snapshot(whole));
  assert.equal(derivedLeft(lean), 0);
});
