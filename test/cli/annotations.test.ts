// `crosscheck annotations` as a user runs it: the bundled CLI (dist/cli.js) in a child process, on a
// folder whose articles changed after they were annotated.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAnnotation, emptyAnnotationPage, serializeAnnotationPage } from '../../core/src/annotations/index';
import type { Annotation } from '../../core/src/annotations/index';

const repositoryRoot = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(repositoryRoot, 'dist', 'cli.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function crosscheck(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

const libraryBefore = `Library hours cut on weekends
Valley Dispatch

The county library will close at noon on Saturdays from next month, the board announced.
"We have no other way to balance the budget," board chair Lena Ortiz said.
Staff will be moved to weekday evening shifts.
`;
const libraryAfter = `Library hours cut on weekends
Valley Dispatch

UPDATE: The board will take public comment on Thursday.

The county library will close at noon on Saturdays from next month, the board announced.
"We have no other way to balance this budget," board chair Lena Ortiz said.
`;

function annotationOn(id: string, source: string, text: string, passage: string, note: string): Annotation {
  const start = text.indexOf(passage);
  assert.ok(start >= 0, `fixture has "${passage}"`);
  return createAnnotation({ id, source, text, start, end: start + passage.length, note, tags: ['budget'], author: 'Sam Lee', now: '2025-05-01T09:00:00.000Z' });
}

function writeFolder(root: string, annotations: Annotation[]): void {
  mkdirSync(path.join(root, 'articles'), { recursive: true });
  mkdirSync(path.join(root, '.crosscheck', 'annotations'), { recursive: true });
  writeFileSync(path.join(root, 'articles', 'library.txt'), libraryAfter);
  const page = emptyAnnotationPage();
  page.items.push(...annotations);
  writeFileSync(path.join(root, '.crosscheck', 'annotations', 'articles__library.txt.json'), serializeAnnotationPage(page));
}

interface JsonReport {
  counts: Record<string, number>;
  annotations: { id: string; status: string; text: string | null; quote: string; range: { start: number; startLine: number } | null }[];
}

void describe('crosscheck annotations', () => {
  let root: string;
  let placedOnly: string;

  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'crosscheck-cli-annotations-'));
    const all = path.join(root, 'all');
    writeFolder(all, [
      annotationOn('urn:uuid:anchored', 'articles/library.txt', libraryAfter, 'Library hours cut on weekends', 'Headline checked.'),
      annotationOn('urn:uuid:moved', 'articles/library.txt', libraryBefore, '"We have no other way to balance the budget,"', 'Quote matches the **video**.'),
      annotationOn('urn:uuid:orphaned', 'articles/library.txt', libraryBefore, 'Staff will be moved to weekday evening shifts.', 'Ask the union.'),
    ]);
    placedOnly = path.join(root, 'placed');
    writeFolder(placedOnly, [annotationOn('urn:uuid:moved', 'articles/library.txt', libraryBefore, 'close at noon on Saturdays', 'Confirmed.')]);
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  void it('reports each annotation as anchored, moved or orphaned with its current range and text', async () => {
    const run = await crosscheck(['annotations', 'all', '--format', 'json'], root);
    const report = JSON.parse(run.stdout) as JsonReport;
    const byId = new Map(report.annotations.map((annotation) => [annotation.id, annotation]));
    assert.equal(byId.get('urn:uuid:anchored')?.status, 'anchored');
    const moved = byId.get('urn:uuid:moved');
    assert.equal(moved?.status, 'moved');
    assert.equal(moved?.text, '"We have no other way to balance this budget,"');
    assert.equal(moved?.range?.start, libraryAfter.indexOf('"We have no other'));
    assert.equal(moved?.range?.startLine, 7);
    const orphan = byId.get('urn:uuid:orphaned');
    assert.equal(orphan?.status, 'orphaned');
    assert.equal(orphan?.range, null);
    assert.equal(orphan?.quote, 'Staff will be moved to weekday evening shifts.');
    assert.deepEqual(report.counts, { anchored: 1, moved: 1, orphaned: 1 });
  });

  void it('exits 1 when an annotation is orphaned', async () => {
    const run = await crosscheck(['annotations', 'all'], root);
    assert.equal(run.code, 1);
  });

  void it('exits 0 when every annotation is anchored or moved', async () => {
    const run = await crosscheck(['annotations', 'placed'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^moved +articles\/library\.txt:6:/m);
  });

  void it('--format markdown lists the annotations per article with status, passage, note and tags', async () => {
    const run = await crosscheck(['annotations', 'all', '--format=markdown'], root);
    assert.match(run.stdout, /^## articles\/library\.txt$/m);
    assert.match(run.stdout, /^- \*\*moved\*\* · line 7 · “"We have no other way to balance this budget,"”$/m);
    assert.match(run.stdout, /^ {2}> Quote matches the \*\*video\*\*\.$/m);
    assert.match(run.stdout, /^- \*\*orphaned\*\* · was: “Staff will be moved to weekday evening shifts\.”$/m);
    assert.match(run.stdout, /— Sam Lee, 2025-05-01 · tags: `budget`/);
  });

  void it('an annotation file that does not parse is named with its line, and the exit code is 1', async () => {
    const broken = path.join(root, 'broken');
    writeFolder(broken, []);
    writeFileSync(path.join(broken, '.crosscheck', 'annotations', 'hand.json'), '{\n  "type": "AnnotationPage",\n  "items": [,]\n}\n');
    const run = await crosscheck(['annotations', 'broken'], root);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /hand\.json:3:\d+: not valid JSON/);
  });

  void it('an annotation on an article that is not in the folder is orphaned', async () => {
    const missing = path.join(root, 'missing');
    writeFolder(missing, [annotationOn('urn:uuid:gone', 'articles/deleted.txt', libraryBefore, 'county library', 'x')]);
    const run = await crosscheck(['annotations', 'missing', '--format', 'json'], root);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.equal(report.annotations[0].status, 'orphaned');
    assert.equal(run.code, 1);
  });

  void it('no folder is a usage error (exit 2)', async () => {
    const run = await crosscheck(['annotations'], root);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Usage: crosscheck annotations/);
  });
});
