// The server's index keeps quote and claim features lean (`Corpus({ leanFeatures: true })`): their
// derived parts are dropped once an article is indexed and after every pass, and computed again on
// demand. Through the indexer and its on-disk cache, a lean index must give what a fresh index gives:
// cold, warm (story results restored from the snapshot point at lean features), after an edit that
// makes a restored story read the dropped parts again, and with a cache entry deleted under it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { Corpus } from '../../core/src/index';
import { Indexer } from '../../server/src/indexer';
import type { Logger } from '../../server/src/logger';

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const seeds = path.resolve(__dirname, '../../../seeds');

/** The seed story (five outlets) plus a ferry story with a contradiction, in a fresh folder. */
function workspace(): { folder: string; files: string[] } {
  const folder = mkdtempSync(path.join(tmpdir(), 'crosscheck-lean-'));
  const files: string[] = [];
  for (const name of readdirSync(seeds).filter((n) => n.endsWith('.txt')).sort()) {
    copyFileSync(path.join(seeds, name), path.join(folder, name));
    files.push(URI.file(path.join(folder, name)).toString());
  }
  const ferry = (outlet: string, hours: string, quote: string): string =>
    `Outlet: ${outlet}\nDate: 2026-03-02\n\nFerry crews strike at Lindholm harbour\n\nFerry crews at Lindholm harbour walked out over pay on Monday. ` +
    `The talks with the harbour board lasted ${hours}. Union leader Ida Holm said: "${quote}" ` +
    `Board chair Pavel Strand said the offer stands.\n`;
  for (const [name, outlet, hours, quote] of [
    ['ferry-a', 'Harbour Post', 'two hours', 'We will sail again when the pay offer is fair.'],
    ['ferry-b', 'Coast Daily', 'five hours', 'We will sail again once the pay offer is fair.'],
    ['ferry-c', 'Fjord News', 'two hours', 'We will sail again when the pay offer is fair.'],
  ]) {
    writeFileSync(path.join(folder, `${name}.txt`), ferry(outlet, hours, quote));
    files.push(URI.file(path.join(folder, `${name}.txt`)).toString());
  }
  return { folder, files };
}

/** Everything the editor reads of the index, as text. */
function results(corpus: Corpus): string {
  return JSON.stringify({
    stories: corpus.stories(),
    people: corpus.people(),
    findings: corpus.findings(),
    byFile: corpus.articles().map((a) => corpus.findingsFor(a.file)),
    quoteGroups: corpus.quoteGroups(),
    claimGroups: corpus.claimGroups(),
    derivations: corpus.derivations(),
    coverage: corpus.articles().map((a) => corpus.coverage(a.file)),
    quotesAt: corpus.articles().map((a) => a.quotes.map((q) => corpus.quoteGroupAt(a.file, q.start + 1)?.id ?? null)),
  });
}

/** The reference: every file analysed from its text, no cache, nothing incremental, features whole. */
function freshIndex(files: string[]): Corpus {
  const corpus = new Corpus({ incremental: false });
  for (const file of files) corpus.update(file, readFileSync(URI.parse(file).fsPath, 'utf8'));
  return corpus;
}

/** Derived parts held as own properties by the index's quote and claim features. */
function derivedHeld(corpus: Corpus): number {
  let held = 0;
  for (const a of corpus.articles()) {
    const f = corpus.featuresFor(a);
    for (const q of f.quotes) held += ['normalized', 'stems', 'content', 'bigrams', 'stemBag'].filter((k) => Object.hasOwn(q, k)).length;
    for (const c of f.claims) held += Object.hasOwn(c, 'context') ? 1 : 0;
  }
  return held;
}

async function session(files: string[], folder: string, cacheRoot: string): Promise<{ corpus: Corpus; fromCache: number }> {
  const corpus = new Corpus({ leanFeatures: true });
  const indexer = new Indexer(corpus, quiet, () => false, { folders: [folder], cacheRoot, cacheFrom: 1 });
  const state = await indexer.index(files, () => false, () => undefined);
  corpus.findings(); // the pass the server runs when indexing ends
  await indexer.dispose(); // saves the story results
  return { corpus, fromCache: state.fromCache };
}

/** The cache's entry files (one per article), largest folder walk. */
function entryFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...entryFiles(p));
    else out.push(p);
  }
  return out;
}

void test('lean features: cold, warm and an edit after a warm start give what a fresh index gives', async () => {
  const { folder, files } = workspace();
  const cacheRoot = path.join(folder, '.cache');
  try {
    const cold = await session(files, folder, cacheRoot);
    assert.equal(cold.fromCache, 0);
    assert.ok(cold.corpus.findings().some((f) => f.kind === 'contradiction'), 'the fixture has a contradiction');
    assert.equal(results(cold.corpus), results(freshIndex(files)));
    assert.equal(derivedHeld(cold.corpus), 0);

    const warm = await session(files, folder, cacheRoot);
    assert.equal(warm.fromCache, files.length);
    assert.equal(warm.corpus.storiesRecomputed, 0);
    assert.equal(results(warm.corpus), results(freshIndex(files)));
    assert.equal(derivedHeld(warm.corpus), 0);

    // An edit: the ferry story, restored from the snapshot, is computed again from lean features.
    const edited = URI.parse(files[files.length - 1]).fsPath;
    const before = readFileSync(edited, 'utf8');
    const after = before.replace('two hours', 'three days').replace('when the pay offer', 'as soon as the pay offer');
    const restoredBefore = warm.corpus.featuresRestored;
    warm.corpus.update(files[files.length - 1], after);
    warm.corpus.findings();
    assert.ok(warm.corpus.featuresRestored > restoredBefore, 'the recomputed stories read the dropped parts again');
    writeFileSync(edited, after);
    assert.equal(results(warm.corpus), results(freshIndex(files)));
    assert.ok(warm.corpus.storiesRecomputed >= 1);
    assert.equal(derivedHeld(warm.corpus), 0);
    warm.corpus.update(files[files.length - 1], before);
    writeFileSync(edited, before);
    assert.equal(results(warm.corpus), results(freshIndex(files)));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('lean features: a cache entry deleted between sessions: that article is analysed again, nothing lost', async () => {
  const { folder, files } = workspace();
  const cacheRoot = path.join(folder, '.cache');
  try {
    await session(files, folder, cacheRoot);
    const ferryEntry = entryFiles(cacheRoot).find((p) => readFileSync(p, 'utf8').includes('Coast Daily'));
    assert.ok(ferryEntry, 'the cache holds an entry for ferry-b');
    unlinkSync(ferryEntry);
    const warm = await session(files, folder, cacheRoot);
    assert.equal(warm.fromCache, files.length - 1);
    assert.equal(results(warm.corpus), results(freshIndex(files)));
    assert.equal(derivedHeld(warm.corpus), 0);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
