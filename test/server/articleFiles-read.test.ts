// Reading article files on the server: one synchronous open, fstat, read and close per file into a
// shared buffer. The text must be what decoding the whole file gives, however many reads are
// started at once and whatever their sizes (the buffer grows, a file past it gets its own), and every
// file that is skipped says why, naming the file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { decodeArticleBytes, languageWarnings } from '../../core/src/index';
import { decodeArticleFile, readArticleFile } from '../../server/src/articleFiles';
import type { FileNote } from '../../server/src/fileNotes';

const article = (n: number, words: number): string =>
  `Title: Ferry report ${n}\nOutlet: Island Times\n\n${Array.from({ length: words }, (_, k) => `word${(k * 7 + n) % 97}`).join(' ')}. "We sailed," Anna Berg said.\n`;

describe('reading article files', () => {
  let folder: string;
  const uri = (name: string): string => URI.file(path.join(folder, name)).toString();
  const lines: string[] = [];
  const notes = new Map<string, FileNote | undefined>();
  const log = { info: (line: string) => lines.push(line), warn: (line: string) => lines.push(line), error: (line: string) => lines.push(line) };
  const reading = (maxBytes = 1024 * 1024) => ({ maxBytes, note: (file: string, note: FileNote | undefined) => notes.set(file, note) });

  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'crosscheck-read-'));
    // Sizes around the shared buffer's (64 KB at first, then 1 MB) and past it.
    const sizes = [10, 200, 9000, 12_000, 20_000, 3, 200_000, 40];
    sizes.forEach((words, n) => writeFileSync(path.join(folder, `a${n}.txt`), article(n, words)));
    writeFileSync(path.join(folder, 'bom.txt'), `\ufeff${article(90, 30)}`);
    writeFileSync(path.join(folder, 'latin1.txt'), Buffer.from(`${article(91, 30)}Café José.\n`, 'latin1'));
    writeFileSync(path.join(folder, 'utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(article(92, 30), 'utf16le')]));
    writeFileSync(path.join(folder, 'page.txt'), `<html><body><p>${article(93, 30)}</p></body></html>`);
    writeFileSync(path.join(folder, 'empty.txt'), '');
    writeFileSync(path.join(folder, 'binary.txt'), Buffer.from([1, 2, 0, 3, 4]));
    mkdirSync(path.join(folder, 'folder.txt'));
  });

  after(() => rmSync(folder, { recursive: true, force: true }));

  it('gives the text decoding the whole file gives, for reads started together and one by one', async () => {
    const names = ['a0.txt', 'a1.txt', 'a2.txt', 'a3.txt', 'a4.txt', 'a5.txt', 'a6.txt', 'a7.txt', 'bom.txt', 'latin1.txt', 'utf16.txt', 'page.txt'];
    const expected = names.map((name) => {
      const decoded = decodeArticleBytes(readFileSync(path.join(folder, name)), 0);
      assert.equal(decoded.skipped, false);
      return decoded.skipped ? undefined : { text: decoded.text, warnings: decoded.warnings };
    });
    // Together (as the indexer reads ahead), in both orders, then one at a time; no size limit, so the largest file is read too.
    for (const order of [names, [...names].reverse()]) {
      const read = await Promise.all(order.map((name) => decodeArticleFile(uri(name), log, reading(0))));
      assert.deepEqual(read, order.map((name) => expected[names.indexOf(name)]));
    }
    for (const [k, name] of names.entries()) assert.deepEqual(await decodeArticleFile(uri(name), log, reading(0)), expected[k]);
    // readArticleFile adds the language check and reports the warnings.
    const page = await readArticleFile(uri('page.txt'), log, reading(0));
    assert.equal(page, expected[names.indexOf('page.txt')]!.text);
    assert.deepEqual(notes.get(uri('page.txt')), { skipped: false, messages: [...expected[names.indexOf('page.txt')]!.warnings, ...languageWarnings(page!)] });
  });

  it('skips what is not an article file, saying why and naming the file', async () => {
    const skipped = async (name: string, limit: number, reason: RegExp, gone = false): Promise<void> => {
      lines.length = 0;
      notes.clear();
      assert.equal(await readArticleFile(uri(name), log, reading(limit)), undefined, name);
      assert.ok(lines.some((line) => line.startsWith(path.join(folder, name)) && reason.test(line)), `${name}: ${lines.join('\n')}`);
      if (gone) assert.equal(notes.get(uri(name)), undefined, name);
      else assert.match(notes.get(uri(name))!.messages[0], reason);
    };
    await skipped('a6.txt', 1024 * 1024, /skipped: .* is more than the .* limit/i);
    await skipped('a2.txt', 1000, /skipped: .* is more than the .* limit/i);
    await skipped('empty.txt', 0, /the file is empty/);
    await skipped('binary.txt', 0, /binary file/);
    await skipped('folder.txt', 0, /this is a folder, not a file/, true);
    await skipped('missing.txt', 0, /deleted or renamed before it could be read/, true);
    if (process.platform !== 'win32') {
      let pipe = false;
      try {
        execFileSync('mkfifo', [path.join(folder, 'pipe.txt')]);
        pipe = true;
      } catch {
        // no mkfifo here
      }
      if (pipe) await skipped('pipe.txt', 0, /not a regular file \(a pipe, socket or device\)/);
    }
    // And the next file is read as before.
    assert.equal(await readArticleFile(uri('a0.txt'), log, reading()), article(0, 10));
  });
});
