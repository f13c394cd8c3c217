// The pieces of `crosscheck report` that need no process: arguments, line and column counting, the
// Markdown word diff, progress on a terminal.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseReportArguments } from '../../cli/src/report/command';
import { LineTable } from '../../cli/src/report/lines';
import { escapeMarkdown, markdownWordDiff } from '../../cli/src/report/markdown';
import { Progress } from '../../cli/src/report/progress';

describe('report arguments', () => {
  it('defaults to markdown', () => {
    assert.equal(parseReportArguments(['desk']).format, 'markdown');
  });

  it('takes the format from the --out extension when --format is not given', () => {
    assert.equal(parseReportArguments(['desk', '--out', 'memo.html']).format, 'html');
    assert.equal(parseReportArguments(['desk', '--out=scan.sarif.json']).format, 'sarif');
  });

  it('lets --format win over the --out extension', () => {
    assert.equal(parseReportArguments(['desk', '--out', 'memo.html', '--format', 'json']).format, 'json');
  });

  it('collects repeated and comma-separated --fail-on kinds once each', () => {
    assert.deepEqual(parseReportArguments(['desk', '--fail-on', 'quote,derived', '--fail-on=quote']).failOn, ['quote', 'derived']);
  });
});

describe('LineTable', () => {
  it('gives 1-based lines and UTF-16 columns across LF, CR LF and CR line ends', () => {
    const table = new LineTable('a\nb\r\nc\r🚢d');
    assert.deepEqual(table.position(0), { line: 1, column: 1 });
    assert.deepEqual(table.position(2), { line: 2, column: 1 });
    assert.deepEqual(table.position(5), { line: 3, column: 1 });
    assert.deepEqual(table.position(9), { line: 4, column: 3 });
  });
});

describe('markdown', () => {
  it('strikes deleted words and bolds inserted ones, spaced like the text', () => {
    assert.equal(markdownWordDiff([
      { op: 'same', text: 'the' }, { op: 'delete', text: 'boats' }, { op: 'insert', text: 'ferries' }, { op: 'same', text: 'will sail.' },
    ]), 'the ~~boats~~ **ferries** will sail.');
  });

  it('escapes what Markdown would read as markup', () => {
    assert.equal(escapeMarkdown('a *bold* | [link]\nnext'), 'a \\*bold\\* \\| \\[link\\] next');
  });
});

describe('Progress', () => {
  it('rewrites one line on a terminal and clears it when done', () => {
    const written: string[] = [];
    let now = 0;
    const progress = new Progress({ isTTY: true, write: (text: string) => written.push(text) }, 100, () => now);
    progress.show('Analysing 1/3 articles');
    now = 50;
    progress.show('Analysing 2/3 articles');
    now = 150;
    progress.show('Analysing 3/3 articles');
    progress.done();
    assert.deepEqual(written, ['\r\x1b[2KAnalysing 1/3 articles…', '\r\x1b[2KAnalysing 3/3 articles…', '\r\x1b[2K']);
  });

  it('writes nothing when the stream is not a terminal', () => {
    const written: string[] = [];
    const progress = new Progress({ isTTY: false, write: (text: string) => written.push(text) });
    progress.show('Analysing 1/3 articles', true);
    progress.done();
    assert.deepEqual(written, []);
  });
});
