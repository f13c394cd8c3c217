// `crosscheck report` as a user runs it: the bundled CLI (dist/cli.js) in a child process, on a desk
// of tiny articles written for these tests and on the seed articles.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { crosscheck, makeDesk, seeds } from './reportFixture';

interface JsonFinding {
  id: string;
  kind: string;
  storyId: string;
  sides: { file: string; start: number; startLine: number; startColumn: number; text: string }[];
}

describe('crosscheck report', () => {
  let workspace: string;

  before(() => {
    workspace = makeDesk();
  });

  after(() => rmSync(workspace, { recursive: true, force: true }));

  describe('markdown', () => {
    it('is the default format and lists the contradiction with both outlets and their places', async () => {
      const run = await crosscheck(['report', 'desk'], workspace);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^#### Contradictions \(1\)$/m);
      assert.match(run.stdout, /Coast Herald, `desk\/coast-herald.txt:6:\d+`: “more than five hours”/);
      assert.match(run.stdout, /Harbour Gazette, `desk\/harbour-gazette.txt:6:\d+`: “nearly four hours”/);
    });

    it('shows a reworded quote as a word diff', async () => {
      const run = await crosscheck(['report', 'desk'], workspace);
      assert.match(run.stdout, /^#### Reworded quotes \(1\)$/m);
      assert.match(run.stdout, /~~ferries~~ \*\*boats\*\*|~~boats~~ \*\*ferries\*\*/);
    });

    it('lists each person with how outlets describe them and their quotes across outlets', async () => {
      const run = await crosscheck(['report', 'desk'], workspace);
      const person = run.stdout.slice(run.stdout.indexOf('#### Mara Quist'));
      assert.match(person, /^Named in 3 of 3 articles\./m);
      assert.match(person, /- Bay Courier: “Union leader”/);
      assert.match(person, /“It was a long week for everyone,”/);
    });

    it('says what each outlet left out', async () => {
      const run = await crosscheck(['report', 'desk'], workspace);
      const section = run.stdout.slice(run.stdout.indexOf('### What each outlet left out'));
      const courier = section.slice(section.indexOf('#### Bay Courier'), section.indexOf('#### Coast Herald'));
      assert.match(courier, /- Claim: duration of the talks \(carried by Coast Herald, Harbour Gazette\)/);
    });

    it('reports every story of the seeds with their findings', async () => {
      const run = await crosscheck(['report', seeds, '--format', 'markdown'], workspace);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^## .+/m);
      assert.match(run.stdout, /^#### Contradictions \(\d+\)$/m);
      assert.match(run.stdout, /^### What each outlet left out$/m);
    });
  });

  describe('json', () => {
    it('is the analyze document plus findings with their story, lines and columns', async () => {
      const [report, analyze] = await Promise.all([
        crosscheck(['report', 'desk', '--format', 'json'], workspace),
        crosscheck(['analyze', 'desk', '--format', 'json'], workspace),
      ]);
      assert.equal(report.code, 0, report.stderr);
      const document = JSON.parse(report.stdout) as Record<string, unknown> & { findings: JsonFinding[] };
      const analysed = JSON.parse(analyze.stdout) as Record<string, unknown>;
      for (const key of Object.keys(analysed)) assert.deepEqual(document[key], analysed[key], key);
      const contradiction = document.findings.find((finding) => finding.kind === 'contradiction');
      assert.equal(contradiction?.storyId, 'ferry-strike');
      const herald = contradiction?.sides.find((side) => side.file === 'desk/coast-herald.txt');
      assert.equal(herald?.startLine, 6);
    });

    it('--story keeps only that story', async () => {
      const run = await crosscheck(['report', 'desk', '--format', 'json', '--story', 'library-vote'], workspace);
      assert.equal(run.code, 0, run.stderr);
      const document = JSON.parse(run.stdout) as { stories: { id: string }[]; articles: { file: string }[]; findings: unknown[] };
      assert.deepEqual(document.stories.map((story) => story.id), ['library-vote']);
      assert.deepEqual(document.articles.map((article) => article.file), ['desk/library/valley-post.txt']);
      assert.deepEqual(document.findings, []);
    });
  });

  describe('--fail-on', () => {
    it('exits 1 when a contradiction is reported, naming the count on stderr', async () => {
      const run = await crosscheck(['report', 'desk', '--fail-on', 'contradiction'], workspace);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /1 finding matches --fail-on contradiction/);
      assert.match(run.stdout, /^# Coverage report/m);
    });

    it('quote covers reworded quotes', async () => {
      const run = await crosscheck(['report', 'desk', '--fail-on', 'quote'], workspace);
      assert.equal(run.code, 1);
    });

    it('exits 0 when no finding of that kind is reported', async () => {
      const run = await crosscheck(['report', 'desk', '--fail-on', 'derived'], workspace);
      assert.equal(run.code, 0, run.stderr);
    });

    it('looks only at the stories reported', async () => {
      const run = await crosscheck(['report', 'desk', '--story', 'library-vote', '--fail-on', 'any'], workspace);
      assert.equal(run.code, 0, run.stderr);
    });

    it('takes several kinds separated by commas', async () => {
      const run = await crosscheck(['report', 'desk', '--fail-on', 'derived,contradiction'], workspace);
      assert.equal(run.code, 1);
    });
  });

  describe('bad arguments exit 2 with the usage and write nothing', () => {
    const cases: [string, string[], RegExp][] = [
      ['an unknown --fail-on kind', ['--fail-on', 'typo'], /unknown --fail-on "typo"/],
      ['an unknown format', ['--format', 'pdf'], /unknown format "pdf"/],
      ['an unknown option', ['--colour'], /unknown option --colour/],
      ['--out without a file', ['--out'], /--out needs a value/],
      ['a story that is not there', ['--story', 'no-such-story'], /no story "no-such-story".*ferry-strike/],
    ];
    for (const [name, args, message] of cases) {
      it(name, async () => {
        const run = await crosscheck(['report', 'desk', ...args], workspace);
        assert.equal(run.code, 2);
        assert.match(run.stderr, message);
        assert.match(run.stderr, /Usage: crosscheck report/);
        assert.equal(run.stdout, '');
      });
    }

    it('no file or folder named', async () => {
      const run = await crosscheck(['report', '--format', 'html'], workspace);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /no articles given/);
    });
  });

  describe('--out', () => {
    it('writes the file, picks the format from its extension and leaves no temporary file', async () => {
      mkdirSync(path.join(workspace, 'reports'), { recursive: true });
      const run = await crosscheck(['report', 'desk', '--out', 'reports/desk.sarif'], workspace);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, '');
      assert.equal((JSON.parse(readFileSync(path.join(workspace, 'reports', 'desk.sarif'), 'utf8')) as { version: string }).version, '2.1.0');
      assert.deepEqual(readdirSync(path.join(workspace, 'reports')), ['desk.sarif']);
    });

    it('replaces an earlier report', async () => {
      const file = path.join(workspace, 'memo.md');
      writeFileSync(file, 'old memo');
      const run = await crosscheck(['report', 'desk', '--out', 'memo.md'], workspace);
      assert.equal(run.code, 0, run.stderr);
      assert.match(readFileSync(file, 'utf8'), /^# Coverage report/);
    });

    it('never replaces a folder', async () => {
      mkdirSync(path.join(workspace, 'folder.html', 'inside'), { recursive: true });
      const run = await crosscheck(['report', 'desk', '--out', 'folder.html'], workspace);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /folder\.html is a folder/);
      assert.ok(statSync(path.join(workspace, 'folder.html', 'inside')).isDirectory());
    });

    it('exits 2 before any work when the folder to write into does not exist', async () => {
      const run = await crosscheck(['report', 'desk', '--out', 'missing/memo.md'], workspace);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /does not exist/);
      assert.equal(existsSync(path.join(workspace, 'missing')), false);
    });
  });

  describe('inputs and progress', () => {
    it('names an unreadable input on stderr, reports the rest and exits 1', async () => {
      const run = await crosscheck(['report', 'desk', 'gone.txt'], workspace);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /crosscheck: gone\.txt: no such file or folder/);
      assert.match(run.stdout, /^#### Contradictions \(1\)$/m);
    });

    it('prints nothing on stderr when it is not a terminal', async () => {
      const run = await crosscheck(['report', 'desk', '--format', 'json'], workspace);
      assert.equal(run.code, 0);
      assert.equal(run.stderr, '');
    });
  });
});
