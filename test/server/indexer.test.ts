import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { Corpus } from '../../core/src/index';
import { Indexer } from '../../server/src/indexer';
import type { Logger } from '../../server/src/logger';

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function workspace(): { folder: string; files: string[] } {
  const folder = mkdtempSync(path.join(tmpdir(), 'crosscheck-indexer-'));
  const files = ['a', 'b'].map((name) => {
    const file = path.join(folder, `${name}.txt`);
    writeFileSync(file, `Outlet: Daily ${name.toUpperCase()}\n\nDock workers in Varna struck for two days, the union said.\n`);
    return URI.file(file).toString();
  });
  return { folder, files };
}

void test('indexing puts every article into the corpus and fills the cache', async () => {
  const { folder, files } = workspace();
  const cacheRoot = path.join(folder, '.cache');
  try {
    const corpus = new Corpus();
    const indexer = new Indexer(corpus, quiet, () => false, { folders: [folder], cacheRoot, cacheFrom: 1 });
    const state = await indexer.index(files, () => false, () => undefined);
    await indexer.dispose();
    assert.deepEqual({ indexed: corpus.articles().length, fromCache: state.fromCache }, { indexed: 2, fromCache: 0 });
    const again = new Indexer(new Corpus(), quiet, () => false, { folders: [folder], cacheRoot, cacheFrom: 1 });
    const warm = await again.index(files, () => false, () => undefined);
    await again.dispose();
    assert.equal(warm.fromCache, 2);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('an article open in an editor is left to the editor', async () => {
  const { folder, files } = workspace();
  try {
    const corpus = new Corpus();
    const indexer = new Indexer(corpus, quiet, (file) => file === files[0], { folders: [folder], cacheRoot: 'off' });
    await indexer.index(files, () => false, () => undefined);
    await indexer.dispose();
    assert.deepEqual(corpus.articles().map((a) => a.file), [files[1]]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('a newer scan stops an older one', async () => {
  const { folder, files } = workspace();
  try {
    const corpus = new Corpus();
    const indexer = new Indexer(corpus, quiet, () => false, { folders: [folder], cacheRoot: 'off' });
    await indexer.index(files, () => true, () => undefined);
    await indexer.dispose();
    assert.deepEqual(corpus.articles(), []);
    assert.deepEqual(readdirSync(folder).sort(), ['a.txt', 'b.txt']);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
