// `crosscheck analyze` as a user runs it: the bundled CLI (dist/cli.js) in a child process.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const repositoryRoot = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(repositoryRoot, 'dist', 'cli.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function crosscheck(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

const pierArticle = `Pier repairs to start in spring
Harbourside Gazette

🎉🎉 Crowds cheered on Saturday. "We will rebuild the pier before the summer season," Mayor Tom Aldana said.
The work will take about six months, Aldana said.
`;

const ferryArticle = `Ferry fares frozen for another year
Eastbay Ledger

Transit director Priya Nand said fares would not rise. "Riders have carried enough of the cost," Nand said.
`;

describe('crosscheck analyze', () => {
  let workspace: string;

  before(() => {
    workspace = mkdtempSync(path.join(tmpdir(), 'crosscheck-cli-'));
    mkdirSync(path.join(workspace, 'local', 'nested'), { recursive: true });
    writeFileSync(path.join(workspace, 'local', 'pier.txt'), pierArticle);
    writeFileSync(path.join(workspace, 'local', 'nested', 'ferry.txt'), ferryArticle);
    writeFileSync(path.join(workspace, 'local', 'notes.md'), '# not an article');
    mkdirSync(path.join(workspace, 'looped'));
    writeFileSync(path.join(workspace, 'looped', 'ferry.txt'), ferryArticle);
    symlinkSync('.', path.join(workspace, 'looped', 'again'));
  });

  after(() => rmSync(workspace, { recursive: true, force: true }));

  it('--help prints the usage and exits 0', async () => {
    const run = await crosscheck(['--help'], workspace);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Usage: crosscheck analyze/);
  });

  it('--version prints the package version', async () => {
    const run = await crosscheck(['--version'], workspace);
    const { version } = JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as { version: string };
    assert.equal(run.code, 0);
    assert.equal(run.stdout.trim(), version);
  });

  it('exits 2 with the usage on stderr when no article is named', async () => {
    const run = await crosscheck(['analyze'], workspace);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Usage: crosscheck analyze/);
    assert.equal(run.stdout, '');
  });

  it('exits 2 on an unknown option', async () => {
    const run = await crosscheck(['analyze', 'local', '--colour'], workspace);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--colour/);
  });

  it('exits 2 on an unknown format', async () => {
    const run = await crosscheck(['analyze', 'local', '--format', 'xml'], workspace);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /xml/);
  });

  it('names files inside a folder as <folder>/<path>, folders recursively, .txt only', async () => {
    const run = await crosscheck(['analyze', 'local/', '--format', 'json'], workspace);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { articles: { file: string }[] };
    assert.deepEqual(report.articles.map((article) => article.file), ['local/nested/ferry.txt', 'local/pier.txt']);
  });

  it('keeps a file path exactly as given', async () => {
    const run = await crosscheck(['analyze', './local//pier.txt', '--format=json'], workspace);
    const report = JSON.parse(run.stdout) as { articles: { file: string }[] };
    assert.deepEqual(report.articles.map((article) => article.file), ['./local//pier.txt']);
  });

  it('gives offsets in UTF-16 code units (emoji count two)', async () => {
    const run = await crosscheck(['analyze', 'local/pier.txt', '--format', 'json'], workspace);
    const report = JSON.parse(run.stdout) as { articles: { quotes: { text: string; start: number; end: number }[] }[] };
    const quotes = report.articles[0]?.quotes ?? [];
    assert.ok(quotes.length > 0, 'no quote found after the emoji');
    for (const quote of quotes) {
      assert.equal(pierArticle.slice(quote.start, quote.start + 8), quote.text.slice(0, 8));
    }
  });

  it('exits 1 when an input is missing, names it on stderr and still analyses the rest', async () => {
    const run = await crosscheck(['analyze', 'local/pier.txt', 'missing.txt', '--format', 'json'], workspace);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /missing\.txt/);
    const report = JSON.parse(run.stdout) as { articles: { file: string }[] };
    assert.deepEqual(report.articles.map((article) => article.file), ['local/pier.txt']);
  });

  it('exits 1 on a folder that links back to itself, after analysing what it could', async () => {
    const run = await crosscheck(['analyze', 'looped', '--format', 'json'], workspace);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /looped\/again.*loop/);
    const report = JSON.parse(run.stdout) as { articles: { file: string }[] };
    assert.deepEqual(report.articles.map((article) => article.file), ['looped/ferry.txt']);
  });

  it('prints a short summary by default', async () => {
    const run = await crosscheck(['analyze', 'local'], workspace);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^2 articles, /);
    assert.match(run.stdout, /local\/pier\.txt/);
  });
});

describe('crosscheck analyze on the seed articles', () => {
  interface Report {
    version: number;
    articles: { file: string; title: string; outlet: string; people: { name: string; aliases: string[]; mentions: { start: number; end: number }[] }[];
      quotes: unknown[]; claims: { kind: string }[] }[];
    stories: { id: string; files: string[] }[];
    quoteGroups: { speaker: string | null; members: { file: string; start: number; end: number; text: string }[] }[];
    conflicts: { kind: string; summary: string; sides: { file: string; start: number; end: number; text: string }[] }[];
    derivations: { derived: string; source: string; score: number }[];
  }
  let report: Report;
  let run: Run;

  before(async () => {
    run = await crosscheck(['analyze', 'seeds', '--format', 'json'], repositoryRoot);
    report = JSON.parse(run.stdout) as Report;
  });

  it('exits 0', () => assert.equal(run.code, 0, run.stderr));

  it('has the documented top-level shape', () => {
    assert.equal(report.version, 1);
    for (const key of ['articles', 'stories', 'quoteGroups', 'conflicts', 'derivations']) {
      assert.ok(Array.isArray((report as unknown as Record<string, unknown>)[key]), key);
    }
  });

  it('lists every seed under the path given', () => {
    assert.equal(report.articles.length, 5);
    assert.ok(report.articles.every((article) => article.file.startsWith('seeds/') && article.outlet !== '' && article.title !== ''));
  });

  it('gives mention offsets that point at the name in the text', () => {
    for (const article of report.articles) {
      const text = readFileSync(path.join(repositoryRoot, article.file), 'utf8');
      for (const person of article.people) {
        for (const mention of person.mentions) assert.ok(mention.end > mention.start && mention.end <= text.length);
      }
    }
  });

  it('reports the venue contradiction with a side in each article', () => {
    const venue = report.conflicts.find((conflict) => conflict.kind === 'contradiction'
      && conflict.sides.some((side) => /limousine/i.test(side.text)));
    assert.ok(venue, JSON.stringify(report.conflicts.map((conflict) => conflict.summary)));
    assert.ok(new Set(venue.sides.map((side) => side.file)).size >= 2);
  });

  it('groups a quote carried by more than one outlet', () => {
    assert.ok(report.quoteGroups.some((group) => new Set(group.members.map((member) => member.file)).size >= 2));
  });
});

describe('crosscheck analyze into a pipe closed early', () => {
  it('stops quietly when the reader stops (as `| head` does)', async () => {
    // Enough articles that the report is many times a pipe's buffer.
    const folder = mkdtempSync(path.join(tmpdir(), 'crosscheck-pipe-'));
    const seeds = path.join(repositoryRoot, 'seeds');
    for (let copy = 0; copy < 8; copy++) {
      mkdirSync(path.join(folder, `copy${copy}`));
      for (const name of readdirSync(seeds)) writeFileSync(path.join(folder, `copy${copy}`, name), readFileSync(path.join(seeds, name)));
    }
    after(() => rmSync(folder, { recursive: true, force: true }));
    const run = await new Promise<{ code: number | null; stderr: string; read: number }>((resolve) => {
      const child = spawn(process.execPath, [cli, 'analyze', folder, '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let read = 0;
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // Read the first chunk of the report (larger than a pipe's buffer), then close our end.
      child.stdout.once('data', (chunk: Buffer) => {
        read = chunk.length;
        child.stdout.destroy();
      });
      child.on('close', (code) => resolve({ code, stderr, read }));
    });
    assert.ok(run.read > 0);
    assert.doesNotMatch(run.stderr, /EPIPE|Error/);
    assert.equal(run.code, 0);
  });
});
