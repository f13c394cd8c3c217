// The annotation files of a workspace folder: nothing written is ever lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, promises as fsPromises, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AnnotationFileError, createAnnotation, summarize } from '../../core/src/annotations/index';
import { withNote } from '../../core/src/annotations/index';
import { AnnotationReadOnlyError, AnnotationStore, AnnotationWriteError, annotationFileName } from '../../core/src/annotations/store';
import type { StoreFileSystem } from '../../core/src/annotations/store';

const article = 'The ferry fare rises to four dollars in March, the transit board said.';

function workspace(t: { after: (fn: () => void) => void }): string {
  const root = mkdtempSync(path.join(tmpdir(), 'crosscheck-annotations-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

function annotation(id: string, note = 'Check the board minutes.', source = 'local/ferry.txt') {
  return createAnnotation({ id, source, text: article, start: 4, end: 14, note, now: '2025-02-01T00:00:00.000Z' });
}

function folderOf(root: string): string {
  return path.join(root, '.crosscheck', 'annotations');
}

void test('an annotation is written to its article\'s file as an AnnotationPage', async (t) => {
  const root = workspace(t);
  const { file } = await new AnnotationStore(root).add(annotation('urn:uuid:a1'));
  assert.equal(file, path.join(folderOf(root), 'local__ferry.txt.json'));
  const page = JSON.parse(readFileSync(file, 'utf8')) as { '@context': string; type: string; items: { id: string }[] };
  assert.equal(page['@context'], 'http://www.w3.org/ns/anno.jsonld');
  assert.equal(page.type, 'AnnotationPage');
  assert.deepEqual(page.items.map((item) => item.id), ['urn:uuid:a1']);
});

void test('annotations written are read back by a fresh store (a reload)', async (t) => {
  const root = workspace(t);
  await new AnnotationStore(root).add(annotation('urn:uuid:a1'));
  const { annotations, problems } = await new AnnotationStore(root).load();
  assert.deepEqual(annotations.map(({ summary }) => [summary.id, summary.source, summary.quote?.exact]), [['urn:uuid:a1', 'local/ferry.txt', 'ferry fare']]);
  assert.deepEqual(problems, []);
});

void test('a file that does not parse is never overwritten; the new annotation goes to a new file', async (t) => {
  const root = workspace(t);
  mkdirSync(folderOf(root), { recursive: true });
  const broken = path.join(folderOf(root), 'local__ferry.txt.json');
  const content = '{\n  "type": "AnnotationPage",\n  "items": [\n    { "id": "hand-edited" \n';
  writeFileSync(broken, content);
  const result = await new AnnotationStore(root).add(annotation('urn:uuid:a2'));
  assert.equal(readFileSync(broken, 'utf8'), content, 'the broken file is untouched');
  assert.equal(result.file, path.join(folderOf(root), 'local__ferry.txt-2.json'));
  assert.equal(result.unreadable?.file, broken);
  assert.equal(result.unreadable?.line, 5);
});

void test('loading reports a file that does not parse by name and line, and still reads the others', async (t) => {
  const root = workspace(t);
  const store = new AnnotationStore(root);
  await store.add(annotation('urn:uuid:ok', 'fine', 'local/other.txt'));
  writeFileSync(path.join(folderOf(root), 'local__ferry.txt.json'), '[\n  {"type": "Annotation",\n  oops\n]');
  const { annotations, problems } = await store.load();
  assert.deepEqual(annotations.map(({ summary }) => summary.id), ['urn:uuid:ok']);
  assert.equal(problems.length, 1);
  const problem = problems[0];
  assert.ok(problem.kind === 'unreadable' && problem.error.line === 3 && problem.error.file.endsWith('local__ferry.txt.json'));
});

void test('updating an annotation in a file that no longer parses fails and leaves the file alone', async (t) => {
  const root = workspace(t);
  const store = new AnnotationStore(root);
  const { file } = await store.add(annotation('urn:uuid:a3'));
  writeFileSync(file, '{ "items": [ ');
  await assert.rejects(store.update(file, 'urn:uuid:a3', (current) => ({ ...current, bodyValue: 'x' })), (error: unknown) => error instanceof AnnotationFileError && error.line === 1);
  assert.equal(readFileSync(file, 'utf8'), '{ "items": [ ');
});

void test('two windows adding annotations at the same time keep every one of them', async (t) => {
  const root = workspace(t);
  const first = new AnnotationStore(root);
  const second = new AnnotationStore(root);
  await Promise.all(Array.from({ length: 24 }, (_, index) => (index % 2 === 0 ? first : second).add(annotation(`urn:uuid:c${index}`))));
  const { annotations } = await new AnnotationStore(root).load();
  assert.equal(annotations.length, 24);
  assert.deepEqual(readdirSync(folderOf(root)), ['local__ferry.txt.json'], 'no temporary or lock files are left');
});

void test('an edit from one window does not undo an annotation another window added meanwhile', async (t) => {
  const root = workspace(t);
  const mine = new AnnotationStore(root);
  const theirs = new AnnotationStore(root);
  const { file } = await mine.add(annotation('urn:uuid:mine'));
  await mine.load();
  await theirs.add(annotation('urn:uuid:theirs'));
  await mine.update(file, 'urn:uuid:mine', (current) => ({ ...current, bodyValue: 'edited' }));
  const ids = (await mine.load()).annotations.map(({ summary }) => summary.id).sort();
  assert.deepEqual(ids, ['urn:uuid:mine', 'urn:uuid:theirs']);
});

void test('removing an annotation keeps the others in the file', async (t) => {
  const root = workspace(t);
  const store = new AnnotationStore(root);
  const { file } = await store.add(annotation('urn:uuid:keep'));
  await store.add(annotation('urn:uuid:drop'));
  assert.equal(await store.remove(file, 'urn:uuid:drop'), true);
  assert.deepEqual((await store.load()).annotations.map(({ summary }) => summary.id), ['urn:uuid:keep']);
});

void test('a file holding a single Annotation or an array is read, and adding to it keeps its annotations', async (t) => {
  const root = workspace(t);
  mkdirSync(folderOf(root), { recursive: true });
  writeFileSync(path.join(folderOf(root), 'single.json'), JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', ...annotation('urn:uuid:single', 'x', 'local/a.txt') }));
  writeFileSync(path.join(folderOf(root), 'local__ferry.txt.json'), JSON.stringify([annotation('urn:uuid:listed')]));
  const store = new AnnotationStore(root);
  assert.deepEqual((await store.load()).annotations.map(({ summary }) => summary.id).sort(), ['urn:uuid:listed', 'urn:uuid:single']);
  await store.add(annotation('urn:uuid:added'));
  const page = JSON.parse(readFileSync(path.join(folderOf(root), 'local__ferry.txt.json'), 'utf8')) as { type: string; items: { id: string }[] };
  assert.equal(page.type, 'AnnotationPage');
  assert.deepEqual(page.items.map((item) => item.id), ['urn:uuid:listed', 'urn:uuid:added']);
});

void test('a lock left by a crashed writer does not block writing forever', async (t) => {
  const root = workspace(t);
  mkdirSync(folderOf(root), { recursive: true });
  writeFileSync(path.join(folderOf(root), 'local__ferry.txt.json.lock'), '99999');
  const store = new AnnotationStore(root, { staleLockMs: 0 });
  await store.add(annotation('urn:uuid:after-crash'));
  assert.equal(summarize((await store.load()).annotations[0].annotation).id, 'urn:uuid:after-crash');
});

void test('article paths become file names with / replaced', () => {
  assert.equal(annotationFileName('seeds/ap.txt'), 'seeds__ap.txt.json');
  assert.equal(annotationFileName('top.txt'), 'top.txt.json');
});

/**
 * The real file system, except that while `refuse.code` is set every write (temporary file, lock,
 * folder) fails with that code, the way a full or read-only disk fails; a temporary file is written
 * half before the error, as a full disk leaves it.
 */
function refusingDisk() {
  const refuse: { code: string | undefined } = { code: undefined };
  const fail = (what: string) => Object.assign(new Error(`${refuse.code}: refused, ${what}`), { code: refuse.code });
  const disk: StoreFileSystem = {
    readdir: (folder) => fsPromises.readdir(folder),
    readFile: (file, encoding) => fsPromises.readFile(file, encoding),
    stat: (file) => fsPromises.stat(file),
    rm: (file, options) => fsPromises.rm(file, options),
    rename: async (from, to) => {
      if (refuse.code !== undefined) throw fail(`rename ${to}`);
      await fsPromises.rename(from, to);
    },
    mkdir: async (folder, options) => {
      if (refuse.code !== undefined && refuse.code !== 'ENOSPC') throw fail(`mkdir ${folder}`);
      return fsPromises.mkdir(folder, options);
    },
    open: async (file, flags) => {
      if (refuse.code !== undefined && refuse.code !== 'ENOSPC') throw fail(`open ${file}`);
      return fsPromises.open(file, flags);
    },
    writeFile: async (file, content, options) => {
      if (refuse.code === undefined) return fsPromises.writeFile(file, content, options);
      await fsPromises.writeFile(file, content.slice(0, content.length >> 1), options);
      throw fail(`write ${file}`);
    },
  };
  return { refuse, disk };
}

for (const code of ['ENOSPC', 'EACCES', 'EROFS']) {
  void test(`a disk that refuses the write (${code}): the file is intact, the annotation kept and saved later`, async (t) => {
    const root = workspace(t);
    const { refuse, disk } = refusingDisk();
    const store = new AnnotationStore(root, { fileSystem: disk });
    const { file } = await store.add(annotation('urn:uuid:first', 'written before the disk filled up'));
    await store.add(annotation('urn:uuid:third', 'to be deleted while the disk refused'));
    const before = readFileSync(file, 'utf8');

    refuse.code = code;
    await assert.rejects(store.add(annotation('urn:uuid:second', 'made while the disk refused')), (error: unknown) => {
      assert.ok(error instanceof AnnotationWriteError, String(error));
      assert.equal(error.code, code);
      assert.equal(error.file, file);
      assert.match(error.message, code === 'ENOSPC' ? /disk is full/ : code === 'EROFS' ? /read-only/ : /permission denied/);
      return true;
    });
    assert.equal(readFileSync(file, 'utf8'), before, 'the file on disk is as it was');
    assert.deepEqual(readdirSync(folderOf(root)), ['local__ferry.txt.json'], 'no temporary or lock file is left behind');

    // The window still shows it, marked unsaved, and an edit of the first one is kept too.
    await assert.rejects(store.update(file, 'urn:uuid:first', (current) => withNote(current, 'edited while the disk refused', [], '2025-02-02T00:00:00.000Z')), AnnotationWriteError);
    await assert.rejects(store.remove(file, 'urn:uuid:third'), AnnotationWriteError);
    const shown = await store.load();
    assert.deepEqual(shown.annotations.map(({ summary, unsaved }) => [summary.id, summary.note, unsaved === true]), [
      ['urn:uuid:first', 'edited while the disk refused', true],
      ['urn:uuid:second', 'made while the disk refused', true],
    ]);
    assert.equal(store.unsavedCount(), 3);
    const stillRefused = await store.saveUnsaved();
    assert.equal(stillRefused.saved, 0);
    assert.equal(stillRefused.left, 3);
    assert.ok(stillRefused.error instanceof AnnotationWriteError);
    assert.equal(readFileSync(file, 'utf8'), before);

    // The disk accepts writes again: everything is written, in order, and a fresh store reads it.
    refuse.code = undefined;
    const result = await store.saveUnsaved();
    assert.deepEqual({ saved: result.saved, left: result.left, dropped: result.dropped }, { saved: 3, left: 0, dropped: 0 });
    const reread = await new AnnotationStore(root).load();
    assert.deepEqual(reread.annotations.map(({ summary, unsaved }) => [summary.id, summary.note, unsaved ?? false]), [
      ['urn:uuid:first', 'edited while the disk refused', false],
      ['urn:uuid:second', 'made while the disk refused', false],
    ]);
  });
}

void test('deleting an annotation the disk never accepted forgets it without writing', async (t) => {
  const root = workspace(t);
  const { refuse, disk } = refusingDisk();
  const store = new AnnotationStore(root, { fileSystem: disk });
  refuse.code = 'ENOSPC';
  await assert.rejects(store.add(annotation('urn:uuid:never')), AnnotationWriteError);
  const [kept] = (await store.load()).annotations;
  assert.equal(kept.unsaved, true);
  assert.equal(await store.remove(kept.file, 'urn:uuid:never'), true);
  assert.equal(store.unsavedCount(), 0);
  assert.deepEqual((await store.load()).annotations, []);
  refuse.code = undefined;
  assert.deepEqual(await store.saveUnsaved(), { saved: 0, left: 0, dropped: 0 });
});

void test('an untrusted workspace: the store reads but writes nothing until trust is granted', async (t) => {
  const root = workspace(t);
  // A colleague's annotation, committed to the repository the untrusted window opened.
  await new AnnotationStore(root).add(annotation('urn:uuid:committed', 'from the repository'));
  const file = path.join(folderOf(root), 'local__ferry.txt.json');
  const committed = readFileSync(file, 'utf8');
  // The client passes `() => !vscode.workspace.isTrusted`; here a flag stands in for the workspace.
  const workspaceTrust = { isTrusted: false };
  const store = new AnnotationStore(root, { readOnly: () => !workspaceTrust.isTrusted });

  assert.deepEqual((await store.load()).annotations.map(({ summary }) => summary.id), ['urn:uuid:committed'], 'reading works');
  await assert.rejects(store.add(annotation('urn:uuid:new')), AnnotationReadOnlyError);
  await assert.rejects(store.update(file, 'urn:uuid:committed', (current) => withNote(current, 'changed', [], '2025-03-01T00:00:00.000Z')), AnnotationReadOnlyError);
  await assert.rejects(store.remove(file, 'urn:uuid:committed'), AnnotationReadOnlyError);
  assert.equal(readFileSync(file, 'utf8'), committed, 'the file is untouched');
  assert.deepEqual(readdirSync(folderOf(root)), ['local__ferry.txt.json'], 'no lock, temporary or new file');
  assert.equal(store.unsavedCount(), 0, 'nothing is kept to be written later either');

  workspaceTrust.isTrusted = true;
  await store.add(annotation('urn:uuid:new', 'after trust was granted', 'local/other.txt'));
  assert.deepEqual((await new AnnotationStore(root).load()).annotations.map(({ summary }) => summary.id).sort(), ['urn:uuid:committed', 'urn:uuid:new']);
});

void test('an untrusted workspace without annotations gets no .crosscheck folder', async (t) => {
  const root = workspace(t);
  const store = new AnnotationStore(root, { readOnly: () => true });
  assert.deepEqual(await store.load(), { annotations: [], problems: [] });
  await assert.rejects(store.add(annotation('urn:uuid:x')), AnnotationReadOnlyError);
  assert.deepEqual(readdirSync(root), []);
});
