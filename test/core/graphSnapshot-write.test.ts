/**
 * `graph.json` is written in pieces as it is encoded (`GraphSnapshotFile.write`): the file must be the
 * bytes the whole-at-once encoding gives (`graphSnapshotBytes`), for graphs smaller and larger than one
 * piece, with non-ASCII terms and typed arrays whose byte length is not a multiple of the base64 block;
 * it must read back to the same graph, and a write that fails leaves the old file and no temporary one.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { GraphSnapshotFile, graphSnapshotBytes } from '../../core/src/cache/storyCache';
import type { GraphSnapshot } from '../../core/src/crossref/storyGraph';
import { seededRandom } from './testSupport';

const WORDS = ['minister', 'Zürich', 'naïve', 'Kyiv', 'Łódź', '東京', 'emoji 🗞', 'quote "x"', 'back\\slash', 'tab\there'];

function graph(files: number, pairs: number, seed: number): GraphSnapshot {
  const next = seededRandom(seed);
  const word = (): string => `${WORDS[Math.floor(next() * WORDS.length)]}${Math.floor(next() * 50)}`;
  const names = Array.from({ length: files }, (_, i) => `file:///archive/${i}-${word()}.txt`);
  const pairList = new Int32Array(2 * pairs);
  for (let i = 0; i < pairList.length; i++) pairList[i] = Math.floor(next() * Math.max(1, files));
  const dfTerms = Array.from({ length: 3 * files + 1 }, word);
  return {
    threshold: 0.3 + next() / 10,
    files: names,
    hashes: names.map((_, i) => `h${seed}-${i}`),
    keys: names.map(() => word()),
    top: names.map(() => Array.from({ length: Math.floor(next() * 40) }, word)),
    dfTerms,
    dfCounts: Int32Array.from(dfTerms, () => Math.floor(next() * 1000)),
    pairs: pairList,
    similarities: Float64Array.from({ length: pairs }, () => next()),
  };
}

test('graph.json written in pieces is byte for byte the whole-at-once encoding, and reads back', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'crosscheck-graph-'));
  try {
    const file = new GraphSnapshotFile(folder, 'v-test');
    // 0 files; fewer than a piece; several pieces (2,048 elements, 49,152 bytes of typed array a piece) with odd tails
    for (const [files, pairs, seed] of [[0, 0, 1], [3, 1, 2], [5000, 7001, 3], [2049, 6145, 4]] as const) {
      const g = graph(files, pairs, seed);
      assert.equal(file.write(g), true);
      const written = readFileSync(file.file);
      assert.ok(written.equals(graphSnapshotBytes(g, 'v-test')), `${files} files, ${pairs} pairs: bytes differ`);
      const back = file.read();
      assert.ok(back, 'reads back');
      assert.deepEqual({ ...back, dfCounts: [...back.dfCounts], pairs: [...back.pairs], similarities: [...back.similarities] },
        { ...g, dfCounts: [...g.dfCounts], pairs: [...g.pairs], similarities: [...g.similarities] });
    }
    assert.deepEqual(readdirSync(folder), ['graph.json'], 'no temporary file left');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a graph that cannot be encoded leaves the stored one and no temporary file', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'crosscheck-graph-'));
  try {
    const file = new GraphSnapshotFile(folder, 'v-test');
    const good = graph(10, 12, 5);
    assert.equal(file.write(good), true);
    const before = readFileSync(file.file);
    const bad = { ...graph(10, 12, 6), top: [[{ toJSON(): never { throw new Error('cannot encode'); } }]] } as unknown as GraphSnapshot;
    assert.equal(file.write(bad), false);
    assert.ok(readFileSync(file.file).equals(before), 'the stored graph is unchanged');
    assert.deepEqual(readdirSync(folder), ['graph.json']);
    // a tampered body is refused (the digest written last covers every piece)
    const tampered = Buffer.from(before);
    tampered[tampered.length - 3] ^= 1;
    writeFileSync(file.file, tampered);
    assert.equal(file.read(), undefined);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
