// Reading ahead on the reader thread (server/src/reader.ts, readerEntry.ts): indexing with it must give
// what indexing on the main thread alone gives — the same articles, the same warnings in the same
// order, the same unreadable files and notes, the same cache hits and discarded entries — and a file
// changed meanwhile, a newer scan, a reader that fails or is missing must lose nothing.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { URI } from 'vscode-uri';
import { Corpus } from '../../core/src/crossref/corpus';
import { articleReading } from '../../server/src/articleFiles';
import type { FileNote } from '../../server/src/fileNotes';
import { Indexer } from '../../server/src/indexer';
import type { Logger } from '../../server/src/logger';
import { BY_READER, CLAIMS, READ_HERE, type ReadAheadLimits, Reader } from '../../server/src/reader';
import { results, workspace } from './indexFixtures';

/** The reader thread's entry as compiled by tsc (the bundle, dist/reader.js, is the same code). */
const readerEntry = path.join(__dirname, '../../server/src/readerEntry.js');

/** The seed and ferry articles plus odd files and filler articles: more files than the reader's window. */
function oddWorkspace(fillers = 300): { folder: string; all: string[] } {
  const { folder, files } = workspace('reader');
  const extra = (name: string, content: string | Buffer | undefined): string => {
    const fsPath = path.join(folder, name);
    if (content !== undefined) writeFileSync(fsPath, content);
    return URI.file(fsPath).toString();
  };
  const filler = Array.from({ length: fillers }, (_, k) => extra(`filler-${String(k).padStart(3, '0')}.txt`,
    `Outlet: Town Crier ${k % 7}\nDate: 2026-04-${String((k % 27) + 1).padStart(2, '0')}\n\nCouncil meeting ${k}\n\nThe council of Borgholm met on Tuesday for ${k % 5 + 1} hours. `
    + `Mayor Lena Ek said: "We will repair bridge ${k} before the winter." The budget is ${1000 + k} crowns.\n`));
  mkdirSync(path.join(folder, '07-folder.txt'));
  const all = [
    extra('00-binary.txt', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01])),
    ...files.slice(0, 3),
    extra('03-missing.txt', undefined),
    extra('04-german.txt', 'Die Regierung hat am Montag beschlossen, dass die neuen Regeln für den Hafen erst im nächsten Jahr gelten. '.repeat(6)),
    extra('05-page.txt', `<html><body><p>${'Ferry crews at Lindholm harbour walked out over pay on Monday. '.repeat(4)}</p></body></html>`),
    extra('06-empty.txt', ''),
    URI.file(path.join(folder, '07-folder.txt')).toString(),
    extra('08-large.txt', `Outlet: Big\n\n${'Long text about the harbour. '.repeat(200)}`),
    ...filler.slice(0, 150),
    ...files.slice(3),
    extra('zz-latin1.txt', Buffer.concat([Buffer.from('Outlet: Harbour Post\n\nThe caf'), Buffer.from([0xe9]), Buffer.from(' on the pier said it was closed after the strike. '.repeat(4))])),
    extra('zz-utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Outlet: Harbour Post\n\nThe ferry sailed again on Friday, the captain said. '.repeat(3), 'utf16le')])),
    ...filler.slice(150),
  ];
  if (process.platform !== 'win32') {
    try {
      execFileSync('mkfifo', [path.join(folder, 'zz-pipe.txt')]);
      all.push(URI.file(path.join(folder, 'zz-pipe.txt')).toString());
    } catch {
      // no mkfifo here
    }
  }
  return { folder, all };
}

interface Session {
  corpus: Corpus;
  /** Warnings and errors in the order they were logged. */
  warnings: string[];
  info: string[];
  unreadable: string[];
  notes: [string, FileNote | undefined][];
  fromCache: number;
}

/** Runs `body` with the server's reading options of these tests: notes to `notes`, a 4,000-byte limit. */
async function withReading<T>(notes: [string, FileNote | undefined][], body: () => Promise<T>): Promise<T> {
  const note = articleReading.note;
  const maxBytes = articleReading.maxBytes;
  articleReading.note = (uri, value) => notes.push([uri, value]);
  articleReading.maxBytes = 4000; // 08-large.txt is over it
  try {
    return await body();
  } finally {
    articleReading.note = note;
    articleReading.maxBytes = maxBytes;
  }
}

async function session(
  all: string[], folder: string, cacheRoot: string, reader: string | undefined,
  during?: (indexer: Indexer, corpus: Corpus, done: number) => void, limits?: ReadAheadLimits,
): Promise<Session> {
  const warnings: string[] = [];
  const info: string[] = [];
  const unreadable: string[] = [];
  const notes: [string, FileNote | undefined][] = [];
  const log: Logger = { info: (message) => info.push(message), warn: (message) => warnings.push(message), error: (message) => warnings.push(message) };
  const corpus = new Corpus();
  const indexer = new Indexer(corpus, log, () => false, {
    folders: [folder], cacheRoot, cacheFrom: 1, unreadable: (file) => unreadable.push(file),
    reader: { bundle: reader ?? path.join(folder, 'no-reader.js'), from: 1, limits },
  });
  try {
    await indexer.prepareReader();
    const state = await withReading(notes, () => indexer.index(all, () => false, ({ done }) => during?.(indexer, corpus, done)));
    corpus.findings();
    return { corpus, warnings, info, unreadable, notes, fromCache: state.fromCache };
  } finally {
    await indexer.dispose();
  }
}

function entryFiles(cacheRoot: string): string[] {
  return readdirSync(cacheRoot, { recursive: true, encoding: 'utf8' }).filter((name) => /[0-9a-f]{64}\.json$/.test(name)).map((name) => path.join(cacheRoot, name));
}

void test('read ahead or not, cold and warm: the same articles, warnings in the same order, unreadable files, notes and cache hits', async () => {
  const { folder, all } = oddWorkspace();
  try {
    const plain = path.join(folder, '.cache-plain');
    const ahead = path.join(folder, '.cache-ahead');
    const coldPlain = await session(all, folder, plain, undefined);
    const coldAhead = await session(all, folder, ahead, readerEntry);
    const readAhead = (run: Session): number => Number(/^(\d+) of \d+ article files read ahead/.exec(run.info.find((line) => / read ahead /.test(line)) ?? '')?.[1] ?? 0);
    assert.ok(readAhead(coldAhead) > 0, coldAhead.info.join('\n'));
    assert.ok(!coldPlain.info.some((line) => /read ahead/.test(line)));
    assert.ok(coldPlain.warnings.some((w) => w.includes('08-large.txt') && w.includes('limit')));
    assert.ok(coldPlain.warnings.some((w) => w.includes('zz-latin1.txt') && w.includes('Windows-1252')));
    assert.ok(coldPlain.warnings.some((w) => w.includes('07-folder.txt') && w.includes('folder')));
    for (const [cold, warm] of [[coldPlain, await session(all, folder, plain, undefined)], [coldAhead, await session(all, folder, ahead, readerEntry)]]) {
      assert.equal(warm.fromCache, cold.corpus.articles().length);
      assert.deepEqual(warm.warnings, cold.warnings);
      assert.deepEqual(warm.notes, cold.notes);
      assert.deepEqual(warm.unreadable, cold.unreadable);
      assert.equal(results(warm.corpus), results(cold.corpus));
    }
    assert.deepEqual(coldAhead.warnings, coldPlain.warnings);
    assert.deepEqual(coldAhead.notes, coldPlain.notes);
    assert.deepEqual(coldAhead.unreadable, coldPlain.unreadable);
    assert.equal(coldAhead.fromCache, 0);
    assert.equal(results(coldAhead.corpus), results(coldPlain.corpus));
    assert.deepEqual(coldAhead.corpus.articles().map((a) => [a.file, a.text]), coldPlain.corpus.articles().map((a) => [a.file, a.text]));

    // Corrupt, truncated and foreign entries read ahead are discarded (deleted), never trusted: analysed again, same results.
    const entries = entryFiles(ahead);
    const damaged = [entries[3], entries[40], entries[200]];
    writeFileSync(damaged[0], readFileSync(damaged[0], 'utf8').slice(0, 300));
    writeFileSync(damaged[1], readFileSync(damaged[1], 'utf8').replace('"article":', '"articl":'));
    writeFileSync(damaged[2], 'not json at all\n{}\n');
    const repaired = await session(all, folder, ahead, readerEntry);
    assert.equal(repaired.fromCache, coldPlain.corpus.articles().length - 3);
    assert.equal(results(repaired.corpus), results(coldPlain.corpus));
    assert.deepEqual(repaired.warnings, coldPlain.warnings);
    for (const file of damaged) assert.ok(!readFileSync(file, 'utf8').startsWith('not json'));
    const again = await session(all, folder, ahead, readerEntry);
    assert.equal(again.fromCache, coldPlain.corpus.articles().length, 'written again');
    // A small ring: entries wrap around it, and those that do not fit come in buffers of their own.
    const sizes = entryFiles(ahead).map((file) => statSync(file).size);
    assert.ok(Math.max(...sizes) > 8000 && sizes.reduce((a, b) => a + b) > 20 * 16 * 1024, 'entries larger than the free part of the ring, and many rings of them');
    const small = await session(all, folder, ahead, readerEntry, undefined, { window: 24, ringBytes: 16 * 1024 });
    assert.ok(readAhead(small) > 0, small.info.join('\n'));
    assert.equal(small.fromCache, coldPlain.corpus.articles().length);
    assert.deepEqual(small.warnings, coldPlain.warnings);
    assert.equal(results(small.corpus), results(coldPlain.corpus));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('a file changed while it was read ahead: the newer text wins', async () => {
  const { folder, all } = oddWorkspace();
  const cacheRoot = path.join(folder, '.cache');
  try {
    await session(all, folder, cacheRoot, readerEntry);
    const edited = all[60];
    const disk = all[70];
    const newer = (file: string): string => `${readFileSync(URI.parse(file).fsPath, 'utf8')}The bridge opened on Friday, the mayor said.\n`;
    const texts = new Map<string, string>();
    const changedSession = await session(all, folder, cacheRoot, readerEntry, (indexer, corpus, done) => {
      if (done !== 2) return;
      // Let the reader read well past both files, then change them: one as an editor's change
      // (Indexer.changed, then on disk), one as the server does for a file changed on disk (the corpus takes its new text).
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
      for (const file of [edited, disk]) {
        texts.set(file, newer(file));
        writeFileSync(URI.parse(file).fsPath, texts.get(file)!);
      }
      indexer.changed(edited);
      corpus.update(disk, texts.get(disk)!);
    });
    for (const file of [edited, disk]) assert.equal(changedSession.corpus.article(file)?.text, texts.get(file), file);
    // And what a fresh session reads from disk is the same index.
    const fresh = await session(all, folder, path.join(folder, '.cache-fresh'), undefined);
    assert.equal(results(changedSession.corpus), results(fresh.corpus));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('a newer scan cancels the reading ahead of an older one; every file is indexed once', async () => {
  const { folder, all } = oddWorkspace();
  const cacheRoot = path.join(folder, '.cache');
  try {
    const reference = await session(all, folder, cacheRoot, undefined);
    const corpus = new Corpus();
    const indexer = new Indexer(corpus, { info: () => undefined, warn: () => undefined, error: () => undefined }, () => false, {
      folders: [folder], cacheRoot, cacheFrom: 1, reader: { bundle: readerEntry, from: 1 },
    });
    let generation = 1;
    let newer: Promise<unknown> | undefined;
    await withReading([], async () => {
      const older = indexer.index(all, () => generation !== 1, ({ done }) => {
        if (done === 20 && newer === undefined) {
          generation = 2;
          newer = indexer.index([...all].reverse(), () => generation !== 2, () => undefined);
        }
      });
      await older;
      await newer;
    });
    assert.ok(newer, 'the newer scan started');
    await indexer.dispose();
    assert.equal(results(corpus), results(reference.corpus));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('without a reader, or with one that fails, every file is read on the main thread', async () => {
  const { folder, all } = oddWorkspace(40);
  const cacheRoot = path.join(folder, '.cache');
  try {
    const reference = await session(all, folder, cacheRoot, undefined);
    const broken = path.join(folder, 'broken-reader.js');
    writeFileSync(broken, 'throw new Error("the reader is broken");\n');
    // A reader that dies after a few files: what it sent is used, the rest is read here.
    const dying = path.join(folder, 'dying-reader.js');
    writeFileSync(dying, `const { parentPort } = require('node:worker_threads');\nconst post = parentPort.postMessage.bind(parentPort);\nlet posted = 0;\n`
      + `parentPort.postMessage = (message, transfer) => { post(message, transfer); if (++posted === 2) process.exit(3); };\nrequire(${JSON.stringify(readerEntry)});\n`);
    for (const reader of [broken, dying, path.join(folder, 'missing-reader.js')]) {
      const run = await session(all, folder, cacheRoot, reader);
      assert.equal(run.fromCache, reference.fromCache === 0 ? reference.corpus.articles().length : reference.fromCache, reader);
      assert.deepEqual(run.warnings, reference.warnings, reader);
      assert.deepEqual(run.notes, reference.notes, reader);
      assert.deepEqual(run.unreadable, reference.unreadable, reader);
      assert.equal(results(run.corpus), results(reference.corpus), reader);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('the reader stays within its window and leaves a file whose mark changed to the main thread', async () => {
  const { folder, all } = oddWorkspace(100);
  const reader = new Reader(readerEntry, { window: 16, ringBytes: 0 });
  try {
    const marks = all.map(() => 0);
    const scan = reader.scan(all, 1024 * 1024, undefined, (k) => marks[k]);
    assert.ok(scan);
    const claimed = (): number[] => all.map((_, k) => Atomics.load(scan.control, CLAIMS + k)).flatMap((claim, k) => (claim === BY_READER ? [k] : []));
    /** Waits (up to 20 s on a busy machine) until the reader has claimed `count` files, then a little longer. */
    const settle = async (count: number): Promise<void> => {
      for (let waited = 0; claimed().length < count && waited < 20_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 200));
    };
    // Nothing taken: the reader claims every file of its window and none past it.
    await settle(16);
    assert.deepEqual(claimed(), Array.from({ length: 16 }, (_, k) => k));
    const first = await scan.take(0);
    assert.ok(first !== READ_HERE && 'skipped' in first && /binary/.test(first.skipped), 'the first file is binary');
    marks[2] = 1;
    assert.equal(await scan.take(2), READ_HERE, 'the file changed after the reader was let read it');
    const second = await scan.take(1);
    assert.ok(second !== READ_HERE && 'text' in second && second.text === readFileSync(URI.parse(all[1]).fsPath, 'utf8'));
    assert.equal(second.entry, null, 'no cache: no entry looked for');
    // Past the window only once the main thread moves on.
    scan.advance(40);
    await settle(56);
    assert.deepEqual(claimed(), Array.from({ length: 56 }, (_, k) => k));
    assert.equal(Atomics.load(scan.control, CLAIMS + 70), 0, 'not granted yet: unclaimed');
    // Taking it grants the window past it, so the reader, woken, may claim it first: either way the
    // main thread gets the file's text (read here, or the reader's).
    const late = await scan.take(70);
    assert.ok(late === READ_HERE || ('text' in late && late.text === readFileSync(URI.parse(all[70]).fsPath, 'utf8')));
    scan.cancel();
  } finally {
    await reader.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});
