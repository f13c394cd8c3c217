// Closed articles' texts (server/src/closedTexts.ts): the indexer lets the text of an article read
// from disk go once the article is in the corpus, and the article reads it from its file again when
// something needs it. Results must be the reference's, cold and warm; a file changed behind the
// server's back is reported once and reads as blanks of its length until it is analysed again; an
// article whose file an editor opens holds its text while open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { analyzeArticle } from '../../core/src/article/analyze';
import { type TextSource, analysesText, entryBody, readEntryBody, releaseText } from '../../core/src/cache/analysisCache';
import { Corpus } from '../../core/src/crossref/corpus';
import { articleFeatures } from '../../core/src/crossref/crossref';
import { ArticleStore } from '../../server/src/articleStore';
import { ClosedTexts } from '../../server/src/closedTexts';
import { Indexer } from '../../server/src/indexer';
import { freshIndex, quiet, results, workspace } from './indexFixtures';

const fsPath = (uri: string): string => URI.parse(uri).fsPath;

/** One session through the indexer with closed texts: what it read from disk and what it was told. */
async function closedSession(files: string[], folder: string, cacheRoot: string): Promise<{
  corpus: Corpus; texts: ClosedTexts; accepted: Map<string, string>; changed: string[]; fromCache: number;
}> {
  const corpus = new Corpus({ leanFeatures: true });
  const changed: string[] = [];
  const texts = new ClosedTexts(quiet, (file) => changed.push(file));
  const accepted = new Map<string, string>();
  const indexer = new Indexer(corpus, quiet, () => false, {
    folders: [folder], cacheRoot, cacheFrom: 1, texts,
    accepted: (file, hash, text) => {
      assert.equal(hash, corpus.article(file)?.hash, 'accepted with the article\'s hash');
      accepted.set(file, text);
    },
  });
  const state = await indexer.index(files, () => false, () => undefined);
  corpus.findings(); // the pass the server runs when indexing ends
  await indexer.dispose();
  return { corpus, texts, accepted, changed, fromCache: state.fromCache };
}

void test('articles indexed from disk let their texts go and read them from their files: the reference results, cold and warm', async () => {
  const { folder, files } = workspace('closed');
  const cacheRoot = path.join(folder, '.cache');
  try {
    const expected = results(freshIndex(files));
    for (const run of ['cold', 'warm']) {
      const { corpus, texts, accepted, changed, fromCache } = await closedSession(files, folder, cacheRoot);
      assert.equal(fromCache, run === 'cold' ? 0 : files.length, `${run}: the cache as expected`);
      assert.equal(results(corpus), expected, `${run}: results as if every article kept its text`);
      assert.deepEqual([...accepted.keys()].sort(), [...files].sort(), `${run}: every article was seen with its text`);
      for (const file of files) assert.equal(accepted.get(file), readFileSync(fsPath(file), 'utf8'), `${run}: ${file}'s text given to 'accepted'`);
      // Texts are read from disk, a file at a time; a text read lately is not read again.
      for (const file of files) texts.forget(file);
      const before = texts.reads;
      for (const article of corpus.articles()) assert.equal(article.text, readFileSync(fsPath(article.file), 'utf8'));
      assert.equal(texts.reads, before + files.length, `${run}: each text read from its file`);
      const after = texts.reads;
      for (const article of corpus.articles().slice(-3)) void article.text;
      assert.equal(texts.reads, after, `${run}: the texts read last are kept`);
      assert.deepEqual(changed, [], `${run}: nothing reported changed`);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('a file changed behind the server\'s back is reported once, and its article reads as blanks until read again', async () => {
  const { folder, files } = workspace('closed-changed');
  try {
    const { corpus, texts, changed } = await closedSession(files, folder, 'off');
    const file = files.find((f) => f.endsWith('ferry-b.txt'))!;
    const article = corpus.article(file)!;
    const original = readFileSync(fsPath(file), 'utf8');
    writeFileSync(fsPath(file), original.replace('five hours', 'six hours'));
    texts.forget(file); // as when it is no longer one of the texts read last
    for (let round = 0; round < 2; round++) {
      const text = article.text;
      assert.equal(text.length, original.length, 'as long as the text analysed');
      assert.equal(text.trim(), '', 'blanks: nothing is found in a text that is not the one analysed');
    }
    assert.deepEqual(changed, [file], 'reported once');
    assert.ok(!analysesText(article, readFileSync(fsPath(file), 'utf8')), 'the new text is not the one analysed');
    writeFileSync(fsPath(file), original);
    assert.equal(article.text, original, 'the text analysed, back on disk, is read again');
    rmSync(fsPath(file));
    assert.equal(article.text, original, 'a text read lately is kept');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('a text let go is compared by its hash, and reads the same object fields as one kept', () => {
  const text = 'Outlet: Harbour Post\nDate: 2026-03-02\n\nFerry strike\n\nUnion leader Ida Holm said: "We will sail again when the pay offer is fair." The talks lasted two hours.\n';
  const article = analyzeArticle('file:///x/ferry.txt', text);
  const body = entryBody(article, articleFeatures(article));
  let reads = 0;
  const source: TextSource = { text: () => { reads++; return text; } };
  const kept = readEntryBody(body, article.file, article.hash, text).article;
  const read = readEntryBody(body, article.file, article.hash, text, source).article;
  assert.deepEqual(Object.keys(read), Object.keys(kept), 'the same fields in the same order');
  assert.equal(JSON.stringify(read), JSON.stringify(kept));
  assert.equal(reads, 0, 'held until let go');
  releaseText(read);
  assert.ok(analysesText(read, text) && !analysesText(read, text.replace('two', 'six')));
  assert.equal(reads, 0, 'compared by hash, the source not read');
  assert.equal(read.text, text);
  assert.equal(reads, 1, 'read from the source when asked for');
  assert.equal(JSON.stringify(read), JSON.stringify(kept));
  // Set, the text is the article's own again.
  read.text = text;
  const set = reads;
  void read.text;
  assert.equal(reads, set, 'a text set is not read from the source');
});

void test('an article whose file an editor opens holds its text while open and lets it go when closed', async () => {
  const { folder, files } = workspace('closed-open');
  try {
    const { corpus, texts } = await closedSession(files, folder, 'off');
    const store = new ArticleStore(corpus, quiet, () => undefined);
    const file = files[0];
    const text = readFileSync(fsPath(file), 'utf8');
    const article = corpus.article(file)!;
    texts.forget(file); // not one of the texts read last
    store.opened(TextDocument.create(file, 'article', 1, text));
    assert.equal(corpus.article(file), article, 'the same text: not analysed again');
    const reads = texts.reads;
    for (let i = 0; i < 3; i++) assert.equal(article.text, text);
    assert.equal(texts.reads, reads, 'held while open');
    store.closed(file, text);
    texts.forget(file);
    const closed = texts.reads;
    assert.equal(article.text, text);
    assert.equal(texts.reads, closed + 1, 'read from disk again once closed');
    store.dispose();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
