// An article's people are a section of its cache entry: decoded for the pass that links them, let go
// by a lean index after it (read back from the entry file when next asked for), and computed from the
// text again when the file no longer holds them. None of it may change what the index answers about
// people, nor anything else it answers; articles and features read from entries share their accessors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeArticle } from '../../core/src/article/analyze';
import { AnalysisCache } from '../../core/src/cache/analysisCache';
import { Corpus } from '../../core/src/crossref/corpus';
import { articleFeatures } from '../../core/src/crossref/crossref';
import { groupsSnapshot, seedFiles, seedsDir, seedsSkip } from './crossref-fixtures';
import { withTempDir } from './testSupport';

/** What the index answers about people: every entity, the entity at each mention, each person's entity, each profile. */
function peopleSnapshot(corpus: Corpus, reference: Corpus): string {
  const out: unknown[] = [corpus.people()];
  for (const article of reference.articles()) {
    for (const person of article.people) {
      out.push(corpus.entityOf(article.file, person.key)?.id ?? null);
      for (const mention of person.mentions) out.push(corpus.personAt(article.file, mention.start)?.id ?? null);
    }
  }
  for (const entity of reference.people()) out.push(corpus.personProfile(entity.id) ?? null);
  return JSON.stringify(out);
}

void test('a lean index of cache entries lets go of the people it linked and answers as whole analyses do, through a rename and entries gone', { skip: seedsSkip }, () => withTempDir('crosscheck-people-', (root) => {
  const cache = new AnalysisCache(root, 'v1');
  const lean = new Corpus({ leanFeatures: true });
  const whole = new Corpus();
  const texts = seedFiles.map((f) => [path.join(seedsDir, f), fs.readFileSync(path.join(seedsDir, f), 'utf8')] as const);
  for (const [file, text] of texts) {
    const analysed = analyzeArticle(file, text);
    cache.put(analysed, articleFeatures(analysed));
    const read = cache.read(file, text)!;
    assert.ok(read.features, `${file}: read back with its features`);
    lean.putWithFeatures(read.article, read.features);
    whole.put(analyzeArticle(file, text));
  }
  assert.ok(whole.articles().reduce((n, a) => n + a.people.length, 0) > 10, 'the seeds name people');
  // The people each article gave before the pass (decoded now): the pass links them, then lets them go.
  const before = new Map(lean.articles().map((a) => [a.file, a.people]));
  assert.equal(groupsSnapshot(lean), groupsSnapshot(whole));
  assert.equal(lean.peopleRelinked, true);
  for (const article of lean.articles()) {
    const again = article.people;
    assert.notEqual(again, before.get(article.file), `${article.file}: its people decoded again, not kept from the pass`);
    assert.deepStrictEqual(again, whole.article(article.file)!.people);
  }
  assert.equal(peopleSnapshot(lean, whole), peopleSnapshot(whole, whole));
  // A rename links people again (every article's people read, then let go); renamed back, the same again.
  const [file, text] = texts.find(([f]) => whole.article(f)!.people.length > 0)!;
  const name = whole.article(file)!.people[0].name;
  for (const changed of [text.split(name).join('Ottoline Quarrington'), text]) {
    lean.update(file, changed);
    whole.update(file, changed);
    assert.equal(groupsSnapshot(lean), groupsSnapshot(whole));
    assert.equal(peopleSnapshot(lean, whole), peopleSnapshot(whole, whole));
  }
  // Entries gone: people let go are computed from the text again, the same.
  fs.rmSync(cache.folder, { recursive: true, force: true });
  for (const article of lean.articles()) assert.deepStrictEqual(article.people, whole.article(article.file)!.people);
  assert.equal(peopleSnapshot(lean, whole), peopleSnapshot(whole, whole));
}));

void test('articles and features read from cache entries share their accessors (no closures of their own) and read back equal', { skip: seedsSkip }, () => withTempDir('crosscheck-people-', (root) => {
  const cache = new AnalysisCache(root, 'v1');
  const read = seedFiles.slice(0, 2).map((name) => {
    const file = path.join(seedsDir, name);
    const text = fs.readFileSync(file, 'utf8');
    const analysed = analyzeArticle(file, text);
    cache.put(analysed, articleFeatures(analysed));
    return { analysed, ...cache.read(file, text)! };
  });
  const accessor = (owner: object, key: string): PropertyDescriptor => Object.getOwnPropertyDescriptor(owner, key)!;
  for (const key of ['sentences', 'people', 'entities']) {
    assert.ok(accessor(read[0].article, key).get, `${key} is an accessor`);
    assert.equal(accessor(read[0].article, key).get, accessor(read[1].article, key).get, `one getter of ${key} for every article`);
    assert.equal(accessor(read[0].article, key).set, accessor(read[1].article, key).set, `one setter of ${key} for every article`);
  }
  for (const key of ['terms', 'sentences', 'statements']) {
    assert.ok(accessor(read[0].features!, key).get, `features' ${key} is an accessor`);
    assert.equal(accessor(read[0].features!, key).get, accessor(read[1].features!, key).get, `one getter of features' ${key}`);
  }
  for (const { analysed, article, features } of read) {
    assert.deepStrictEqual(article, analysed);
    assert.deepStrictEqual({ ...features }, { ...articleFeatures(article) });
    // A quote's text is the same string value (kept as a slice of the article's text where it is one).
    article.quotes.forEach((q, i) => assert.equal(q.text, analysed.quotes[i].text));
  }
}));
