// `crosscheck analyze` over the bad-input folder: every bad file gets one line on stderr naming the
// file and the problem, everything else is analysed, and offsets point at the words the editor shows.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { JsonReport } from '../../cli/src/reports';
import { editorText, type Fixture, makeBadInputFolder } from './fixtures';

const cli = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

function runCli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('crosscheck analyze over the bad-input folder', () => {
  let fixture: Fixture;
  let run: ReturnType<typeof runCli>;
  let report: JsonReport;
  const stderrLines = () => run.stderr.split('\n').filter((line) => line !== '');
  const articleOf = (file: string) => report.articles.find((article) => article.file === fixture.pathOf(file));

  before(() => {
    fixture = makeBadInputFolder();
    run = runCli('analyze', path.join(fixture.root, 'articles'), '--format', 'json');
    report = JSON.parse(run.stdout) as JsonReport;
  });

  after(() => fixture.remove());

  it('exits 1 (some input not analysed) but still prints the analysis of the rest', () => {
    assert.equal(run.code, 1, run.stderr);
    assert.ok(report.articles.length > 0);
  });

  it('names the file and the problem for every skipped, unreachable or warned file', () => {
    for (const scenario of fixture.scenarios.filter((s) => s.message !== undefined)) {
      const line = stderrLines().find((text) => text.startsWith(`crosscheck: ${fixture.pathOf(scenario.file)}: `));
      assert.ok(line, `no message for ${scenario.file} (${scenario.what}):\n${run.stderr}`);
      assert.match(line, scenario.message!, scenario.what);
    }
  });

  it('prints nothing about the files that are fine', () => {
    for (const scenario of fixture.scenarios.filter((s) => s.outcome === 'analysed' || s.outcome === 'ignored')) {
      assert.ok(!run.stderr.includes(`${fixture.pathOf(scenario.file)}:`), `${scenario.file}: ${run.stderr}`);
    }
  });

  it('analyses the good and the warned files and leaves the skipped ones out', () => {
    for (const scenario of fixture.scenarios) {
      const analysed = articleOf(scenario.file) !== undefined;
      assert.equal(analysed, scenario.outcome === 'analysed' || scenario.outcome === 'warned', `${scenario.file} (${scenario.what})`);
    }
  });

  it('finds the person and the quote of every readable variant, at offsets into the text the editor shows', () => {
    for (const scenario of fixture.scenarios.filter((s) => s.finds !== undefined)) {
      const article = articleOf(scenario.file);
      assert.ok(article, scenario.file);
      const text = editorText(readFileSync(fixture.pathOf(scenario.file)));
      const person = article.people.find((candidate) => candidate.name === scenario.finds!.person);
      assert.ok(person, `${scenario.file}: no ${scenario.finds!.person} among ${article.people.map((p) => p.name).join(', ')}`);
      for (const mention of person.mentions) {
        const words = text.slice(mention.start, mention.end);
        assert.ok(words !== '' && scenario.finds!.person.includes(words.replace(/^(?:Captain|Board chair|Mr\.|Ms\.) /, '')),
          `${scenario.file}: mention "${words}" at ${mention.start}`);
      }
      const quote = article.quotes.find((candidate) => candidate.text === scenario.finds!.quote);
      assert.ok(quote, `${scenario.file}: no quote "${scenario.finds!.quote}" among ${article.quotes.slice(0, 5).map((q) => q.text).join(' | ')}`);
      assert.equal(text.slice(quote.start, quote.end), quote.text, `${scenario.file}: quote offsets`);
    }
  });

  it('keeps an unclosed quotation mark from swallowing the rest of the article', () => {
    const article = articleOf('articles/unbalanced.txt')!;
    const unclosed = article.quotes.find((quote) => quote.text.startsWith('the ferry'));
    assert.ok(unclosed, 'the unclosed quote is still a quote');
    assert.ok(!unclosed.text.includes('riders'), `it ends at its paragraph: "${unclosed.text}"`);
  });

  it('takes the size limit from --max-article-bytes', () => {
    const limited = runCli('analyze', fixture.pathOf('articles/courier.txt'), '--max-article-bytes', '100', '--format', 'json');
    assert.equal(limited.code, 1);
    assert.match(limited.stderr, /courier\.txt: skipped: 501 bytes is more than the 100 bytes limit/);
    const unlimited = runCli('analyze', fixture.pathOf('articles/courier.txt'), '--max-article-bytes=0');
    assert.equal(unlimited.code, 0, unlimited.stderr);
  });

  it('rejects a size limit that is not a number', () => {
    const bad = runCli('analyze', fixture.pathOf('articles/courier.txt'), '--max-article-bytes', 'lots');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--max-article-bytes needs a whole number/);
  });

  it('reports a file that is gone by the time it is read (deleted or renamed)', () => {
    const gone = runCli('analyze', fixture.pathOf('articles/renamed-away.txt'), fixture.pathOf('articles/courier.txt'));
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /renamed-away\.txt: no such file or folder \(deleted or renamed/);
    assert.match(gone.stdout, /Tidewater Courier/);
  });
});
