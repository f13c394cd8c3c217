import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as nodeFs from 'node:fs';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Finding } from '../../core/src/model';
import {
  ReviewLookup, applyChanges, decide, emptyReviews, parseReviews, serializeReviews,
} from '../../core/src/reviews/model';
import { ReviewStore } from '../../core/src/reviews/store';
import type { ReviewFileSystem } from '../../core/src/reviews/store';

function finding(id: string, sides: string[], kind: Finding['kind'] = 'contradiction'): Finding {
  return {
    id, kind, severity: 'warning', summary: `summary of ${id}`, storyId: 'ferry',
    sides: sides.map((text, i) => ({ file: `f${i}.txt`, start: 0, end: text.length, outlet: `Outlet ${i}`, text })),
  };
}

function workspace(): string {
  return mkdtempSync(path.join(tmpdir(), 'crosscheck-reviews-'));
}

const when = new Date('2026-01-02T03:04:05Z');

void test('a decision round-trips through the file text', () => {
  const state = applyChanges(emptyReviews(), [
    { op: 'set', id: 'contradiction-1', decision: decide(finding('contradiction-1', ['at the pier', 'at the depot']), 'dismissed', ' same pier ', when) },
  ]);
  const parsed = parseReviews(serializeReviews(state), 'reviews.json');
  assert.ok(parsed.ok);
  const decision = parsed.state.decisions.get('contradiction-1');
  assert.equal(decision?.status, 'dismissed');
  assert.equal(decision?.note, 'same pier');
  assert.equal(decision?.decidedAt, '2026-01-02T03:04:05.000Z');
});

void test('the file lists decisions sorted by id so commits diff cleanly', () => {
  const f = finding('x', ['one side', 'other side']);
  const state = applyChanges(emptyReviews(), [
    { op: 'set', id: 'b', decision: decide(f, 'reviewed', undefined, when) },
    { op: 'set', id: 'a', decision: decide(f, 'reviewed', undefined, when) },
  ]);
  const text = serializeReviews(state);
  assert.ok(text.indexOf('"a"') < text.indexOf('"b"'));
  assert.ok(text.endsWith('}\n'));
});

void test('a broken file reports the line and column where it breaks', () => {
  const parsed = parseReviews('{\n  "version": 1,\n  "decisions": {\n    "a": { "status": "reviewed" }\n    "b": {}\n  }\n}\n', 'reviews.json');
  assert.equal(parsed.ok, false);
  if (parsed.ok) return;
  assert.equal(parsed.error.line, 5);
  assert.equal(parsed.error.column, 5);
  assert.match(parsed.error.message, /JSON/);
});

void test('a decision with an unknown status is reported at its id', () => {
  const parsed = parseReviews('{\n  "decisions": {\n    "quote-variant-9": { "status": "maybe" }\n  }\n}\n', 'reviews.json');
  assert.equal(parsed.ok, false);
  if (parsed.ok) return;
  assert.equal(parsed.error.line, 3);
  assert.match(parsed.error.message, /quote-variant-9.*status/);
});

void test('a finding is found by its id', () => {
  const f = finding('contradiction-7', ['nearly two hours', 'over two hours']);
  const state = applyChanges(emptyReviews(), [{ op: 'set', id: f.id, decision: decide(f, 'reviewed', undefined, when) }]);
  assert.equal(new ReviewLookup(state).find(f)?.decision.status, 'reviewed');
});

void test('a decision follows a finding whose id changed when one of its sides was retyped', () => {
  const before = finding('quote-variant-1', ['we will rebuild the pier', 'we shall rebuild the pier', 'we will rebuild that pier'], 'quote-variant');
  const after = finding('quote-variant-2', ['we will rebuild the pier', 'we shall rebuild the pier', 'we will rebuild this pier'], 'quote-variant');
  const state = applyChanges(emptyReviews(), [{ op: 'set', id: before.id, decision: decide(before, 'dismissed', undefined, when) }]);
  assert.equal(new ReviewLookup(state).find(after)?.id, 'quote-variant-1');
});

void test('a decision does not carry over to a finding that shares only one side', () => {
  const before = finding('contradiction-1', ['at the pier', 'at the depot']);
  const other = finding('contradiction-2', ['at the pier', 'in the town hall']);
  const state = applyChanges(emptyReviews(), [{ op: 'set', id: before.id, decision: decide(before, 'dismissed', undefined, when) }]);
  assert.equal(new ReviewLookup(state).find(other), undefined);
});

void test('the store writes a decision and a new store reads it back', () => {
  const folder = workspace();
  try {
    const file = path.join(folder, '.crosscheck', 'reviews.json');
    const f = finding('contradiction-1', ['at the pier', 'at the depot']);
    const status = new ReviewStore(file).record({ op: 'set', id: f.id, decision: decide(f, 'dismissed', 'checked', when) });
    assert.equal(status.written, true);
    const reread = new ReviewStore(file);
    reread.reload();
    assert.equal(reread.state().decisions.get(f.id)?.note, 'checked');
    assert.deepEqual(readdirSync(path.dirname(file)), ['reviews.json'], 'no temporary or lock file left behind');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('an unparseable review file is never overwritten and the decision is kept in memory', () => {
  const folder = workspace();
  try {
    const file = path.join(folder, '.crosscheck', 'reviews.json');
    mkdirSync(path.dirname(file), { recursive: true });
    const broken = '{ "version": 1, "decisions": { "a": { "status": "reviewed" }, }\n';
    writeFileSync(file, broken);
    const store = new ReviewStore(file);
    const f = finding('contradiction-1', ['at the pier', 'at the depot']);
    const status = store.record({ op: 'set', id: f.id, decision: decide(f, 'dismissed', undefined, when) });
    assert.equal(status.written, false);
    assert.equal(status.error?.line, 1);
    assert.equal(readFileSync(file, 'utf8'), broken);
    assert.equal(store.state().decisions.get(f.id)?.status, 'dismissed');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('decisions kept in memory are written once the file is fixed', () => {
  const folder = workspace();
  try {
    const file = path.join(folder, 'reviews.json');
    writeFileSync(file, '{ "decisions": ');
    const store = new ReviewStore(file);
    const f = finding('contradiction-1', ['at the pier', 'at the depot']);
    store.record({ op: 'set', id: f.id, decision: decide(f, 'dismissed', undefined, when) });
    writeFileSync(file, '{ "version": 1, "decisions": { "kept": { "status": "reviewed" } } }\n');
    const status = store.reload();
    assert.equal(status.written, true);
    const parsed = parseReviews(readFileSync(file, 'utf8'), file);
    assert.ok(parsed.ok);
    assert.deepEqual([...parsed.state.decisions.keys()].sort(), ['contradiction-1', 'kept']);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('two windows writing in turn keep each other\'s decisions', () => {
  const folder = workspace();
  try {
    const file = path.join(folder, 'reviews.json');
    const first = new ReviewStore(file);
    const second = new ReviewStore(file);
    first.reload();
    second.reload();
    const a = finding('contradiction-a', ['at the pier', 'at the depot']);
    const b = finding('contradiction-b', ['two ferries', 'three ferries']);
    first.record({ op: 'set', id: a.id, decision: decide(a, 'dismissed', undefined, when) });
    second.record({ op: 'set', id: b.id, decision: decide(b, 'reviewed', undefined, when) });
    const parsed = parseReviews(readFileSync(file, 'utf8'), file);
    assert.ok(parsed.ok);
    assert.deepEqual([...parsed.state.decisions.keys()].sort(), ['contradiction-a', 'contradiction-b']);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('restoring a finding in one window keeps what another window decided', () => {
  const folder = workspace();
  try {
    const file = path.join(folder, 'reviews.json');
    const first = new ReviewStore(file);
    const second = new ReviewStore(file);
    const a = finding('contradiction-a', ['at the pier', 'at the depot']);
    const b = finding('contradiction-b', ['two ferries', 'three ferries']);
    first.record({ op: 'set', id: a.id, decision: decide(a, 'dismissed', undefined, when) });
    second.record({ op: 'set', id: b.id, decision: decide(b, 'dismissed', undefined, when) });
    first.record({ op: 'clear', id: a.id });
    const reread = new ReviewStore(file);
    reread.reload();
    assert.deepEqual([...reread.state().decisions.keys()], ['contradiction-b']);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('two processes writing at the same time keep all their decisions', async () => {
  const folder = workspace();
  try {
    const file = path.join(folder, '.crosscheck', 'reviews.json');
    const storeModule = path.resolve(__dirname, '../../core/src/reviews/store.js');
    const script = (writer: string): string => `
      const { ReviewStore } = require(${JSON.stringify(storeModule)});
      const store = new ReviewStore(${JSON.stringify(file)}, { lockTimeoutMs: 20000 });
      for (let i = 0; i < 25; i++) {
        const status = store.record({ op: 'set', id: '${writer}-' + i, decision: {
          status: 'reviewed', kind: 'contradiction', summary: 's', sides: [], decidedAt: '' } });
        if (status.error) { console.error(status.error.message); process.exit(1); }
      }`;
    const run = (writer: string): Promise<number> => new Promise((resolve) => {
      spawn(process.execPath, ['-e', script(writer)], { stdio: 'inherit' }).on('exit', (code) => resolve(code ?? 1));
    });
    const codes = await Promise.all([run('a'), run('b')]);
    assert.deepEqual(codes, [0, 0]);
    const parsed = parseReviews(readFileSync(file, 'utf8'), file);
    assert.ok(parsed.ok);
    assert.equal(parsed.state.decisions.size, 50);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

void test('a read-only store keeps decisions in memory and writes nothing', () => {
  const folder = workspace();
  try {
    const file = path.join(folder, 'reviews.json');
    const store = new ReviewStore(file, { readOnly: true });
    const f = finding('contradiction-1', ['at the pier', 'at the depot']);
    store.record({ op: 'set', id: f.id, decision: decide(f, 'dismissed', undefined, when) });
    assert.equal(store.state().decisions.size, 1);
    assert.deepEqual(readdirSync(folder), []);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

/**
 * `node:fs`, except that while `refuse.code` is set writes fail with it: the temporary file is written
 * half and then fails (a full disk); with any other code the lock file cannot be created either (a
 * read-only folder, no permission).
 */
function refusingDisk() {
  const refuse: { code: string | undefined } = { code: undefined };
  const fail = (what: string) => Object.assign(new Error(`${refuse.code}: ${what}`), { code: refuse.code });
  const disk: ReviewFileSystem = {
    readFileSync: (file, encoding) => nodeFs.readFileSync(file, encoding),
    statSync: (file) => nodeFs.statSync(file),
    unlinkSync: (file) => nodeFs.unlinkSync(file),
    closeSync: (fd) => nodeFs.closeSync(fd),
    mkdirSync: (folder, options) => nodeFs.mkdirSync(folder, options),
    openSync: (file, flags) => {
      if (refuse.code !== undefined && refuse.code !== 'ENOSPC') throw fail(`open ${file}`);
      return nodeFs.openSync(file, flags);
    },
    writeFileSync: (file, text) => {
      if (refuse.code === undefined) return nodeFs.writeFileSync(file, text);
      nodeFs.writeFileSync(file, text.slice(0, text.length >> 1));
      throw fail(`write ${file}`);
    },
    renameSync: (from, to) => {
      if (refuse.code !== undefined) throw fail(`rename ${to}`);
      nodeFs.renameSync(from, to);
    },
  };
  return { refuse, disk };
}

for (const code of ['ENOSPC', 'EACCES']) {
  void test(`a disk that refuses the write (${code}): the file is intact, the decision kept and written later`, () => {
    const folder = workspace();
    try {
      const file = path.join(folder, 'reviews.json');
      const { refuse, disk } = refusingDisk();
      const store = new ReviewStore(file, { fileSystem: disk });
      const first = finding('contradiction-1', ['at the pier', 'at the depot']);
      assert.equal(store.record({ op: 'set', id: first.id, decision: decide(first, 'dismissed', 'checked', when) }).written, true);
      const before = readFileSync(file, 'utf8');

      refuse.code = code;
      const second = finding('contradiction-2', ['four dollars', 'five dollars']);
      const status = store.record({ op: 'set', id: second.id, decision: decide(second, 'reviewed', 'asked the desk', when) });
      assert.equal(status.written, false);
      assert.equal(status.writeFailed, true);
      assert.equal(status.pending, 1);
      assert.match(status.error?.message ?? '', code === 'ENOSPC' ? /could not be written: the disk is full/ : /could not be written: permission denied/);
      assert.doesNotMatch(status.error?.message ?? '', /locked by another window/, 'a refused lock file is not mistaken for another writer');
      assert.equal(readFileSync(file, 'utf8'), before, 'the file is as it was');
      assert.deepEqual(readdirSync(folder), ['reviews.json'], 'no temporary or lock file left behind');
      assert.equal(store.state().decisions.get(second.id)?.note, 'asked the desk', 'the decision is in effect in this window');
      assert.equal(store.reload().writeFailed, true, 'a retry while the disk still refuses fails the same way');

      refuse.code = undefined;
      const retried = store.reload();
      assert.equal(retried.written, true);
      assert.equal(retried.pending, 0);
      const reread = new ReviewStore(file);
      reread.reload();
      assert.deepEqual([...reread.state().decisions.keys()].sort(), [first.id, second.id]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
}
