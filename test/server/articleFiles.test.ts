// Which files the server treats as articles: the crosscheck.articles globs and the workspace scan.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { defaultArticleGlobs } from '../../protocol/protocol';
import { ArticleFiles } from '../../server/src/articleFiles';
import type { Logger } from '../../server/src/logger';

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('article files', () => {
  let folder: string;
  const uri = (relative: string) => URI.file(path.join(folder, relative)).toString();

  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'crosscheck-files-'));
    const files = ['seeds/a.txt', 'press/b.article.txt', 'articles/2025/c.txt', 'notes/d.txt', 'node_modules/pkg/articles/e.txt'];
    for (const file of files) {
      mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      writeFileSync(path.join(folder, file), 'Headline\n\nBody.\n');
    }
    symlinkSync('..', path.join(folder, 'articles', 'loop'));
  });

  after(() => rmSync(folder, { recursive: true, force: true }));

  it('matches the default globs relative to the workspace folder', () => {
    const files = new ArticleFiles([folder], [...defaultArticleGlobs]);
    assert.equal(files.matches(uri('seeds/a.txt')), true);
    assert.equal(files.matches(uri('press/b.article.txt')), true);
    assert.equal(files.matches(uri('articles/2025/c.txt')), true);
    assert.equal(files.matches(uri('notes/d.txt')), false);
  });

  it('matches the seeds when the seeds folder itself is the workspace folder', async () => {
    const seeds = path.join(folder, 'seeds');
    const files = new ArticleFiles([seeds], [...defaultArticleGlobs]);
    assert.equal(files.matches(URI.file(path.join(seeds, 'a.txt')).toString()), true);
    assert.deepEqual(await files.scan(quiet), [URI.file(path.join(seeds, 'a.txt')).toString()]);
  });

  it('does not match documents that are not files', () => {
    const files = new ArticleFiles([folder], ['**/*.txt']);
    assert.equal(files.matches('untitled:Untitled-1'), false);
  });

  it('uses the globs it is given', () => {
    const files = new ArticleFiles([folder], ['notes/*.txt']);
    assert.equal(files.matches(uri('notes/d.txt')), true);
    assert.equal(files.matches(uri('seeds/a.txt')), false);
  });

  it('scans the folder, skipping node_modules and following a looping link only once', async () => {
    const files = new ArticleFiles([folder], [...defaultArticleGlobs]);
    const found = await files.scan(quiet);
    assert.deepEqual(found, [uri('articles/2025/c.txt'), uri('press/b.article.txt'), uri('seeds/a.txt')].sort());
  });
});
