// Requests that come while the server indexes a workspace are answered from the last pass over the
// articles indexed so far (Corpus.holdPasses), not each from a new pass: at 10,000 articles a hover
// every 100 ms made a warm start take 65 s instead of 8, each hover 14–18 s. What the workspace ends
// with is the same as with no requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { HoverRequest } from 'vscode-languageserver-protocol/node';
import { LanguageServer, fileUri, positionOf } from './languageServer';
import { addCopies, workspace } from './indexFixtures';
import { cacheFromArticles } from '../../server/src/indexer';

/** The file hovered: a copy of a ferry article whose name comes first, so it is indexed first (cold or warm). */
const firstFile = '0-ferry.txt';

const heldLine = /^While indexing, (\d+) lookups were answered from the last pass instead of a new one over the articles indexed so far \((\d+) passes ran\)$/;

/** Starts the server on `folder`, hovering over a person every few ms until it is ready if `hover`; its diagnostics and log. */
async function start(folder: string, hover: boolean): Promise<{ diagnostics: string; log: string[]; hovers: number }> {
  const file = path.join(folder, firstFile);
  const position = positionOf(readFileSync(file, 'utf8'), 'Ida Holm', 2);
  let hovers = 0;
  let done: Promise<void> = Promise.resolve();
  const server = await LanguageServer.start(folder, {}, { articles: ['*.txt'] }, 60_000, (s) => {
    if (!hover) return;
    done = (async () => {
      while (!s.statuses.some((status) => status.state === 'ready')) {
        await s.connection.sendRequest(HoverRequest.type, { textDocument: { uri: fileUri(file) }, position });
        hovers++;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
  });
  try {
    await done;
    const diagnostics = JSON.stringify([...server.diagnostics].sort(([a], [b]) => (a < b ? -1 : 1)).map(([uri, list]) => [path.basename(uri), list]));
    return { diagnostics, log: [...server.log], hovers };
  } finally {
    await server.stop();
  }
}

void test('hovers while indexing are answered from the last pass; the index ends as without them, cold and warm', async () => {
  const { folder } = workspace('held-passes');
  // Enough articles for the disk cache, in stories of a few each.
  addCopies(folder, cacheFromArticles + 59);
  writeFileSync(path.join(folder, firstFile), readFileSync(path.join(folder, 'ferry-a.txt'), 'utf8').replace('Harbour Post', 'Harbour Courier'));
  const previous = process.env.CROSSCHECK_CACHE_DIR;
  try {
    process.env.CROSSCHECK_CACHE_DIR = path.join(folder, '.cache-reference');
    const reference = await start(folder, false);
    assert.ok(!reference.log.some((line) => heldLine.test(line)), 'no requests, nothing held back');
    assert.ok(reference.diagnostics.includes('contradiction'), 'the workspace has findings');

    process.env.CROSSCHECK_CACHE_DIR = path.join(folder, '.cache');
    for (const kind of ['cold', 'warm']) {
      const hovered = await start(folder, true);
      const line = hovered.log.map((l) => heldLine.exec(l)).find((m) => m !== null);
      assert.ok(line, `${kind}: the log says lookups were held back (${hovered.hovers} hovers): ${hovered.log.join(' | ')}`);
      assert.ok(Number(line[1]) > 0 && Number(line[2]) < hovered.hovers, `${kind}: fewer passes than hovers: ${line[0]}`);
      if (kind === 'warm') assert.ok(hovered.log.some((l) => /analyses came from the cache/.test(l)), `warm: ${hovered.log.join(' | ')}`);
      assert.equal(hovered.diagnostics, reference.diagnostics, `${kind}: the same diagnostics as without hovers`);
    }
  } finally {
    if (previous === undefined) delete process.env.CROSSCHECK_CACHE_DIR;
    else process.env.CROSSCHECK_CACHE_DIR = previous;
    rmSync(folder, { recursive: true, force: true });
  }
});
