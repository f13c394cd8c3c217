// The story graph kept between sessions (graph.json, core/src/cache/storyCache.ts): a warm start takes
// it instead of rebuilding only when every file and text hash match, gives exactly what a rebuild
// gives (also after an edit, which first builds the lists a restored graph defers), and never uses a
// graph file that is truncated, corrupt or of other files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { Corpus } from '../../core/src/index';
import { cacheFile, ferryStory, freshIndex, results, session as indexSession, workspace as fixture } from './indexFixtures';

/** The ferry story spread over three weeks (a fourth outlet much later), so the graph has dates to window. */
const workspace = (): ReturnType<typeof fixture> => fixture('graph', [
  { ...ferryStory[0], day: '02' }, { ...ferryStory[1], day: '02' }, { ...ferryStory[2], day: '03' },
  { name: 'ferry-d', outlet: 'Island Times', hours: 'three hours', day: '20' },
]);

async function session(files: string[], folder: string, cacheRoot: string): Promise<{ corpus: Corpus; restored: boolean }> {
  const { corpus } = await indexSession(files, folder, cacheRoot);
  return { corpus, restored: corpus.storyGraph()!.restored };
}

const graphFile = (cacheRoot: string): string => cacheFile(cacheRoot, 'graph.json');


void test('a warm start restores the story graph and equals the cold start and a cache-less index', async () => {
  const { folder, files } = workspace();
  const cacheRoot = path.join(folder, '.cache');
  try {
    const cold = await session(files, folder, cacheRoot);
    assert.equal(cold.restored, false);
    assert.match(readFileSync(graphFile(cacheRoot), 'utf8'), /^\{"format":2,/);
    const warm = await session(files, folder, cacheRoot);
    assert.equal(warm.restored, true);
    assert.equal(results(warm.corpus), results(cold.corpus));
    assert.equal(results(warm.corpus), results(freshIndex(files)));
    // The restored graph's snapshot is the one stored (same pairs, similarities to the bit, same keys).
    assert.deepEqual(warm.corpus.storyGraph()!.snapshot(), cold.corpus.storyGraph()!.snapshot());
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('edits after a restored graph give what edits after a rebuilt one give, and a fresh index', async () => {
  const { folder, files } = workspace();
  const cacheRoot = path.join(folder, '.cache');
  try {
    const cold = await session(files, folder, cacheRoot);
    const warm = await session(files, folder, cacheRoot);
    assert.equal(warm.restored, true);
    const edits = new Map<string, string>();
    const ferry = files.find((f) => f.endsWith('ferry-b.txt'))!;
    const seed = files[0];
    edits.set(ferry, readFileSync(URI.parse(ferry).fsPath, 'utf8').replace('five hours', 'two hours').replace('Monday', 'Tuesday night'));
    edits.set(seed, readFileSync(URI.parse(seed).fsPath, 'utf8') + '\nThe harbour board met the ferry crews at Lindholm.\n');
    for (const [file, text] of edits) {
      cold.corpus.update(file, text);
      warm.corpus.update(file, text);
      assert.equal(results(warm.corpus), results(cold.corpus));
    }
    assert.equal(results(warm.corpus), results(freshIndex(files, edits)));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('a changed file, or a truncated, corrupt or foreign graph file: the graph is rebuilt, results unchanged', async () => {
  const { folder, files } = workspace();
  const cacheRoot = path.join(folder, '.cache');
  try {
    const cold = await session(files, folder, cacheRoot);
    const file = graphFile(cacheRoot);
    const saved = readFileSync(file);
    const expectRebuilt = async (what: string): Promise<void> => {
      const warm = await session(files, folder, cacheRoot);
      assert.equal(warm.restored, false, what);
      assert.equal(results(warm.corpus), results(cold.corpus), what);
    };
    writeFileSync(file, saved.subarray(0, saved.length - 30));
    await expectRebuilt('truncated');
    assert.deepEqual(readFileSync(file), saved, 'written again after the rebuild');
    // One byte of a similarity changed: the digest no longer matches.
    const body = saved.indexOf(10) + 1;
    const corrupt = Buffer.from(saved);
    const at = corrupt.indexOf('"similarities":"', body) + 20;
    corrupt[at] = corrupt[at] === 0x41 ? 0x42 : 0x41;
    writeFileSync(file, corrupt);
    await expectRebuilt('corrupt');
    writeFileSync(file, Buffer.concat([Buffer.from('x'), saved]));
    await expectRebuilt('bad header');
    writeFileSync(file, Buffer.from(saved.toString('latin1').replace('{"format":2,', '{"format":0,'), 'latin1'));
    await expectRebuilt('another format');
    // A well-formed file whose document frequencies do not fit (its digest made to match): rebuilt.
    {
      const newline = saved.indexOf(10);
      const header = JSON.parse(saved.subarray(0, newline).toString('utf8')) as { digest: string };
      const stored = JSON.parse(saved.subarray(newline + 1).toString('utf8')) as { dfCounts: string };
      const counts = new Int32Array(Buffer.from(stored.dfCounts, 'base64').buffer.slice(0));
      counts[0] = 0;
      stored.dfCounts = Buffer.from(counts.buffer).toString('base64');
      const body = Buffer.from(JSON.stringify(stored));
      header.digest = createHash('sha256').update(body).digest('hex');
      writeFileSync(file, Buffer.concat([Buffer.from(JSON.stringify(header) + '\n'), body]));
      await expectRebuilt('a count of zero');
    }
    // A file changed since the graph was stored: rebuilt, and equal to a fresh index of the new texts.
    writeFileSync(file, saved);
    const changed = URI.parse(files[files.length - 1]).fsPath;
    writeFileSync(changed, readFileSync(changed, 'utf8').replace('three hours', 'two hours'));
    const afterChange = await session(files, folder, cacheRoot);
    assert.equal(afterChange.restored, false);
    assert.equal(results(afterChange.corpus), results(freshIndex(files)));
    // And a file fewer: the stored graph is of other files.
    const fewer = files.slice(1);
    const warm = await session(fewer, folder, cacheRoot);
    assert.equal(warm.restored, false);
    assert.equal(results(warm.corpus), results(freshIndex(fewer)));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
