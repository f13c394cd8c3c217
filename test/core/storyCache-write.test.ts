// The name comparisons' file is replaced atomically: written whole and read back equal, and a write
// that cannot happen (the folder is a file) reports false and leaves no temporary file behind.
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { NameSnapshot } from '../../core/src/cache/storyCache';
import { linkPeople, newNameLinks } from '../../core/src/crossref/people';
import { analyzeArticle } from '../../core/src/index';
import { withTempDir } from './testSupport';

function links() {
  const cache = newNameLinks();
  const articles = [
    analyzeArticle('file:///a.txt', 'Outlet: A\nDate: 2024-05-01\nTitle: Talks\n\nAnna Berg met Tomas Lind on Monday. "We agreed," Berg said.\n'),
    analyzeArticle('file:///b.txt', 'Outlet: B\nDate: 2024-05-01\nTitle: Talks end\n\nAnna Berg and Tomas Lindh met. "We agreed," Anna Berg said.\n'),
  ];
  linkPeople(articles, () => 'story', cache);
  return cache;
}

describe('NameSnapshot.write', () => {
  it('writes the comparisons whole and reads them back equal, no temporary file left', () => withTempDir('crosscheck-names-', (folder) => {
    const stored = links();
    assert.ok(stored.parsed.size > 0);
    const snapshot = new NameSnapshot(folder, 'v1');
    assert.equal(snapshot.write(stored), true);
    assert.deepEqual(readdirSync(folder), ['names.json']);
    const back = snapshot.read();
    assert.ok(back);
    assert.deepEqual([...back.parsed.keys()], [...stored.parsed.keys()]);
    assert.deepEqual([...back.linked.entries()], [...stored.linked.entries()]);
  }));

  it('reports false when the folder cannot hold it, leaving nothing behind', () => withTempDir('crosscheck-names-', (parent) => {
    const notAFolder = path.join(parent, 'plain-file');
    writeFileSync(notAFolder, 'not a folder');
    assert.equal(new NameSnapshot(notAFolder, 'v1').write(links()), false);
    assert.deepEqual(readdirSync(parent), ['plain-file']);
  }));
});
