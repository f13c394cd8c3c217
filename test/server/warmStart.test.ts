// A warm start (analyses, features and story results from the on-disk cache) must give exactly what
// a cold start gives, and must not trust a cache that is corrupt or stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { Corpus, htmlAsText, languageCheckVersion } from '../../core/src/index';
import { Indexer } from '../../server/src/indexer';
import type { Logger } from '../../server/src/logger';
import { cacheFile, freshIndex, results, session, workspace as fixture } from './indexFixtures';

const workspace = (): ReturnType<typeof fixture> => fixture('warm');
const snapshotFile = (cacheRoot: string): string => cacheFile(cacheRoot, 'stories.json');


void test('a warm start gives what the cold start gave, computing no story again', async () => {
  const { folder, files } = workspace();
  const cacheRoot = path.join(folder, '.cache');
  try {
    const cold = await session(files, folder, cacheRoot);
    assert.equal(cold.fromCache, 0);
    assert.ok(cold.corpus.findings().length > 0, 'the fixture has findings');
    const warm = await session(files, folder, cacheRoot);
    assert.equal(warm.fromCache, files.length);
    assert.equal(warm.corpus.storiesRecomputed, 0);
    assert.equal(results(warm.corpus), results(cold.corpus));
    // And both equal an index built without any cache.
    const fresh = freshIndex(files);
    assert.equal(results(warm.corpus), results(fresh));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('a file changed between sessions: its story is computed again, the result equals a fresh index', async () => {
  const { folder, files } = workspace();
  const cacheRoot = path.join(folder, '.cache');
  try {
    await session(files, folder, cacheRoot);
    const changed = URI.parse(files[files.length - 1]).fsPath;
    writeFileSync(changed, readFileSync(changed, 'utf8').replace('two hours', 'three days'));
    const warm = await session(files, folder, cacheRoot);
    assert.equal(warm.fromCache, files.length - 1);
    // (Other stories may be computed too: in a corpus this small an edit moves the term statistics their vectors read.)
    assert.ok(warm.corpus.storiesRecomputed >= 1);
    const fresh = freshIndex(files);
    assert.equal(results(warm.corpus), results(fresh));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('a corrupt or truncated story snapshot is not used: every story is computed, results unchanged', async () => {
  const { folder, files } = workspace();
  const cacheRoot = path.join(folder, '.cache');
  try {
    const cold = await session(files, folder, cacheRoot);
    const file = snapshotFile(cacheRoot);
    const raw = readFileSync(file, 'utf8');
    // Truncated inside the last story's line: that story is computed again.
    writeFileSync(file, raw.slice(0, raw.length - 20));
    const afterTruncation = await session(files, folder, cacheRoot);
    assert.ok(afterTruncation.corpus.storiesRecomputed >= 1);
    assert.equal(results(afterTruncation.corpus), results(cold.corpus));
    // A header that does not parse: the snapshot is dropped whole.
    writeFileSync(file, 'x' + readFileSync(file, 'utf8'));
    const afterHeader = await session(files, folder, cacheRoot);
    assert.equal(afterHeader.corpus.storiesRecomputed, afterHeader.corpus.stories().length);
    assert.equal(results(afterHeader.corpus), results(cold.corpus));
    // A reference to an object that is not there: that story is dropped.
    const saved = readFileSync(file, 'utf8');
    assert.match(saved, /\["f\d+","quotes"\]/, 'the snapshot refers to quote features');
    // (References are written as the number of their path in the line's table and an index: "^2.13".)
    const tampered = saved.replace(/"\^(\d+)\.\d+"/, '"^$1.999"');
    assert.notEqual(tampered, saved);
    writeFileSync(file, tampered);
    const afterTampering = await session(files, folder, cacheRoot);
    assert.ok(afterTampering.corpus.storiesRecomputed >= 1);
    assert.equal(results(afterTampering.corpus), results(cold.corpus));
    // Another format: dropped whole.
    const current = readFileSync(file, 'utf8');
    assert.ok(current.startsWith('{"format":5,'));
    writeFileSync(file, current.replace('{"format":5,', '{"format":4,'));
    const otherFormat = await session(files, folder, cacheRoot);
    assert.equal(otherFormat.corpus.storiesRecomputed, otherFormat.corpus.stories().length);
    assert.equal(results(otherFormat.corpus), results(cold.corpus));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('name comparisons are kept for the next session; a corrupt file of them is discarded', async () => {
  const { folder, files } = workspace();
  const cacheRoot = path.join(folder, '.cache');
  try {
    const cold = await session(files, folder, cacheRoot);
    const names = path.join(path.dirname(snapshotFile(cacheRoot)), 'names.json');
    assert.match(readFileSync(names, 'utf8'), /^\{"format":3,/);
    const warm = await session(files, folder, cacheRoot);
    assert.equal(results(warm.corpus), results(cold.corpus));
    writeFileSync(names, readFileSync(names, 'utf8').slice(0, 50));
    const afterCorruption = await session(files, folder, cacheRoot);
    assert.equal(results(afterCorruption.corpus), results(cold.corpus));
    assert.match(readFileSync(names, 'utf8'), /^\{"format":3,/, 'written again in full');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('files read ahead: skipped, missing and non-English files are reported alike cold and warm, results unchanged', async () => {
  const { folder, files } = workspace();
  const cacheRoot = path.join(folder, '.cache');
  const extra = (name: string, content: string | Buffer | undefined): string => {
    const fsPath = path.join(folder, name);
    if (content !== undefined) writeFileSync(fsPath, content);
    return URI.file(fsPath).toString();
  };
  const ferryPage = 'Ferry crews at Lindholm harbour walked out over pay on Monday, and the talks with the board lasted two hours. '.repeat(3);
  // More files than are read ahead, with the odd ones spread through the list.
  const all = [
    extra('00-binary.txt', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01])),
    ...files.slice(0, 3),
    extra('03-missing.txt', undefined),
    extra('04-german.txt', 'Die Regierung hat am Montag beschlossen, dass die neuen Regeln für den Hafen erst im nächsten Jahr gelten. '.repeat(6)),
    extra('05-page.txt', `<!DOCTYPE html><html><head><style>p { color: red }</style></head><body><p>${ferryPage}</p></body></html>`),
    extra('06-seite.txt', `<html><body><p>${'Die Regierung hat am Montag beschlossen, dass die neuen Regeln erst im nächsten Jahr gelten. '.repeat(6)}</p></body></html>`),
    ...files.slice(3),
    extra('zz-latin1.txt', Buffer.concat([Buffer.from('Outlet: Harbour Post\n\nThe caf'), Buffer.from([0xe9]), Buffer.from(' on the pier said it was closed after the strike, and that it had been for a week. '.repeat(4))])),
    extra('zz-space.txt', '   \n\n  '),
  ];
  const run = async (): Promise<{ corpus: Corpus; warnings: string[]; unreadable: string[]; fromCache: number }> => {
    const warnings: string[] = [];
    const unreadable: string[] = [];
    const log: Logger = { info: () => undefined, warn: (message: string) => warnings.push(message), error: (message: string) => warnings.push(message) };
    const corpus = new Corpus();
    const indexer = new Indexer(corpus, log, () => false, { folders: [folder], cacheRoot, cacheFrom: 1, unreadable: (file) => unreadable.push(file) });
    const state = await indexer.index(all, () => false, () => undefined);
    corpus.findings();
    await indexer.dispose();
    return { corpus, warnings: warnings.sort(), unreadable, fromCache: state.fromCache };
  };
  try {
    const cold = await run();
    assert.deepEqual(cold.unreadable, [all[0], all[4], all[all.length - 1]], 'in the order of the list');
    assert.ok(cold.warnings.some((w) => w.includes('04-german.txt') && w.includes('does not look like English')));
    assert.ok(cold.warnings.some((w) => w.includes('zz-latin1.txt') && w.includes('Windows-1252')));
    assert.ok(!cold.warnings.some((w) => w.includes('ferry-a.txt')));
    assert.ok(cold.warnings.some((w) => w.includes('05-page.txt') && w.includes('web page')));
    assert.ok(!cold.warnings.some((w) => w.includes('05-page.txt') && w.includes('English')));
    assert.ok(cold.warnings.some((w) => w.includes('06-seite.txt') && w.includes('web page')));
    assert.ok(cold.warnings.some((w) => w.includes('06-seite.txt') && w.includes('does not look like English')));
    const warm = await run();
    assert.equal(warm.fromCache, all.length - 3);
    assert.deepEqual(warm.unreadable, cold.unreadable);
    assert.deepEqual(warm.warnings, cold.warnings);
    assert.equal(results(warm.corpus), results(cold.corpus));

    // The language check's outcome kept with each entry is what a warm start reports: it does not check again.
    const entries = readdirSync(cacheRoot, { recursive: true, encoding: 'utf8' })
      .filter((name) => /[0-9a-f]{64}\.json$/.test(name)).map((name) => path.join(cacheRoot, name));
    assert.equal(entries.length, all.length - 3);
    const german = entries.find((entry) => readFileSync(entry, 'utf8').includes('04-german.txt'))!;
    const stored = readFileSync(german, 'utf8');
    const outcome = /"checks":\{"version":"([^"]+)","warnings":\["does not look like English[^"]*"\]\}/.exec(stored);
    assert.ok(outcome, 'the entry keeps the check and its version');
    // Under the check's own version, not the server build's: an update of the server that leaves the
    // check as it is does not make every entry be checked and written again.
    assert.equal(outcome[1], languageCheckVersion());
    assert.match(outcome[1], /^[0-9a-f]{16}$/);
    writeFileSync(german, stored.replace(outcome[0], `"checks":{"version":"${outcome[1]}","warnings":[]}`));
    const trusted = await run();
    assert.equal(trusted.fromCache, all.length - 3);
    assert.ok(!trusted.warnings.some((w) => w.includes('04-german.txt') && w.includes('English')));
    // Checks of another version are made again (and stored again); the entry's analysis is still used.
    for (const entry of entries) {
      writeFileSync(entry, readFileSync(entry, 'utf8').replace(/"checks":\{"version":"[^"]+","warnings":\[[^\]]*\]\}/, '"checks":{"version":"old","warnings":["bogus"]}'));
    }
    const rechecked = await run();
    assert.equal(rechecked.fromCache, all.length - 3);
    assert.deepEqual(rechecked.warnings, cold.warnings);
    assert.equal(results(rechecked.corpus), results(cold.corpus));
    for (const entry of entries) assert.ok(!readFileSync(entry, 'utf8').includes('"version":"old"'), 'stored again with this version');
    const again = await run();
    assert.equal(again.fromCache, all.length - 3);
    assert.deepEqual(again.warnings, cold.warnings);
    const fresh = new Corpus({ incremental: false });
    for (const file of all.slice(1, -1)) {
      if (file === all[4]) continue;
      const fsPath = URI.parse(file).fsPath;
      const content = file.endsWith('latin1.txt') ? new TextDecoder('windows-1252').decode(readFileSync(fsPath)) : readFileSync(fsPath, 'utf8');
      fresh.update(file, htmlAsText(content));
    }
    assert.equal(results(warm.corpus), results(fresh));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
