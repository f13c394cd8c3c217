/**
 * `npm run bench`: how fast Crosscheck indexes a newsroom archive and answers while it does.
 *
 *   node dist/bench.js [--sizes 1000,10000] [--requests 300] [--out bench-results.json] [--skip-cli] [--keep]
 *
 * For each size it generates a seeded archive from the real articles in ../shared/data and seeds/
 * (bench/corpus.ts) into a temporary folder, then measures in the same run: the tokenizer-only
 * baseline (wink-nlp readDoc over every article), a cold index through the CLI (`crosscheck analyze`)
 * and through the language server's initial indexing (child process, real protocol), a warm start of
 * the server on the analysis cache, hover / definition / references / code lens latency at random
 * positions on people and quotes, edit → diagnostics latency for an edit that creates a cross-outlet
 * contradiction, and the server's peak memory. Results go to a table, to bench-results.json
 * (merged per size, so sizes can be run one at a time) and are written up in docs/performance.md.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import * as path from 'node:path';
import winkNLP from 'wink-nlp';
import winkModel from 'wink-eng-lite-web-model';
import { type Archive, type GeneratedArticle, generateArchive, loadTemplates, writeArchive } from './corpus';
import { BenchServer, fileUri } from './lspClient';
import { percentile, Random } from './random';

interface Latency {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

interface SizeResult {
  articles: number;
  stories: number;
  words: number;
  baseline: { seconds: number; wordsPerSecond: number };
  cli?: { seconds: number; articlesPerSecond: number; wordsPerSecond: number; ofBaseline: number };
  serverCold: { seconds: number; articlesPerSecond: number; wordsPerSecond: number; ofBaseline: number };
  serverWarm: { seconds: number; speedup: number };
  requests: Record<'hover' | 'definition' | 'references' | 'codeLens', Latency>;
  editToDiagnostics: { ms: number; note: string } | null;
  serverPeakMb: number;
  /** One-minute load average when the size started and ended (other processes share the machine). */
  load: { start: number; end: number };
}

const root = path.resolve(__dirname, '..');
const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
};
const sizes = (option('--sizes') ?? '1000,10000').split(',').map(Number).filter((n) => n > 0);
const requestCount = Number(option('--requests') ?? 300);
const outFile = path.resolve(option('--out') ?? 'bench-results.json');
const skipCli = argv.includes('--skip-cli');
const keep = argv.includes('--keep');

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

function dataFolder(): string | null {
  const candidates = [process.env.CROSSCHECK_DATA, path.resolve(root, '../shared/data'), path.resolve(process.cwd(), '../shared/data')];
  return candidates.find((d): d is string => !!d && existsSync(d)) ?? null;
}

/** The ceiling: wink-nlp's tokenizer and sentence splitter over every article, nothing else. */
function baseline(archive: Archive): { seconds: number; wordsPerSecond: number } {
  const nlp = winkNLP(winkModel, ['sbd']);
  nlp.readDoc('Warm up the tokenizer.');
  const started = process.hrtime.bigint();
  let tokens = 0;
  for (const article of archive.articles) tokens += nlp.readDoc(article.text).tokens().length();
  const s = seconds(started);
  if (tokens === 0) throw new Error('the tokenizer saw no tokens');
  return { seconds: s, wordsPerSecond: archive.words / s };
}

/** `crosscheck analyze <folder> --format json`, output discarded; wall-clock seconds. */
function runCli(folder: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [path.join(root, 'dist/cli.js'), 'analyze', path.join(folder, 'articles'), '--format', 'json'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (errors.length < 2000) errors += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(seconds(started));
      else reject(new Error(`crosscheck analyze exited with ${code}: ${errors.slice(0, 500)}`));
    });
  });
}

function summarise(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (x: number): number => Math.round(x * 100) / 100;
  return { count: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted[sorted.length - 1] ?? NaN) };
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Hover, definition, references and code lens at random positions on people and quotes. */
async function measureRequests(server: BenchServer, archive: Archive, random: Random): Promise<SizeResult['requests']> {
  const targets: { article: GeneratedArticle; offset: number }[] = [];
  const withPositions = archive.articles.filter((a) => a.people.length > 0 || a.quotes.length > 0);
  while (targets.length < requestCount && withPositions.length > 0) {
    const article = random.pick(withPositions);
    const pool = random.chance(0.5) && article.quotes.length > 0 ? article.quotes : article.people.length > 0 ? article.people : article.quotes;
    targets.push({ article, offset: random.pick(pool) });
  }
  const timings = { hover: [] as number[], definition: [] as number[], references: [] as number[], codeLens: [] as number[] };
  let answered = 0;
  for (const { article, offset } of targets) {
    const params = { textDocument: { uri: fileUri(path.join(archive.folder, article.relative)) }, position: positionAt(article.text, offset) };
    for (const [kind, method, extra] of [
      ['hover', 'textDocument/hover', {}],
      ['definition', 'textDocument/definition', {}],
      ['references', 'textDocument/references', { context: { includeDeclaration: true } }],
    ] as const) {
      const started = process.hrtime.bigint();
      const answer = await server.connection.sendRequest(method, { ...params, ...extra });
      timings[kind].push(seconds(started) * 1000);
      if (answer !== null && !(Array.isArray(answer) && answer.length === 0)) answered++;
    }
    const started = process.hrtime.bigint();
    await server.connection.sendRequest('textDocument/codeLens', { textDocument: params.textDocument });
    timings.codeLens.push(seconds(started) * 1000);
  }
  log(`  ${answered} of ${targets.length * 3} position requests had an answer`);
  return { hover: summarise(timings.hover), definition: summarise(timings.definition), references: summarise(timings.references), codeLens: summarise(timings.codeLens) };
}

/**
 * Opens an article whose story states a meeting's duration in every outlet, changes its duration
 * to one that contradicts the others, and times the change until the server publishes a
 * contradiction for it. Like VS Code, the editor asks for the document's lenses right after the change.
 */
/**
 * A duration the analysis reads as contradicting `duration`: one that does not overlap it and is
 * of a comparable size (durations more than three times apart are taken to be about different things).
 */
function contradictingDuration(duration: string): string {
  const replacements: Record<string, string> = {
    'nearly three hours': 'over three hours',
    'over three hours': 'nearly three hours',
    'about two hours': 'more than four hours',
    'more than four hours': 'about two hours',
    'less than an hour': 'about 90 minutes',
    'about 90 minutes': 'nearly three hours',
  };
  return replacements[duration] ?? (/minute/.test(duration) ? 'nearly three hours' : 'less than an hour');
}

async function measureEdit(server: BenchServer, archive: Archive): Promise<SizeResult['editToDiagnostics']> {
  const durationOf = (a: GeneratedArticle): string | null => /The meeting in \S+ lasted ([^.]+)\./.exec(a.text)?.[1] ?? null;
  const candidates = archive.articles.filter((a) => {
    const d = durationOf(a);
    if (!d) return false;
    const story = a.relative.replace(/^.*\/(s\d+)-.*$/, '$1');
    const siblings = archive.articles.filter((b) => b !== a && b.relative.includes(`/${story}-`));
    return siblings.length >= 2 && siblings.every((b) => durationOf(b) === d);
  });
  const article = candidates[Math.floor(candidates.length / 2)];
  if (!article) return null;
  const uri = fileUri(path.join(archive.folder, article.relative));
  const current = durationOf(article)!;
  const changed = article.text.replace(`lasted ${current}.`, `lasted ${contradictingDuration(current)}.`);
  await server.open(uri, article.text);
  await server.until(() => server.diagnostics.has(uri), 'diagnostics of the opened article', 600_000).catch(() => undefined);
  const contradictionCount = (): number => (server.diagnostics.get(uri) ?? []).filter((d) => d.code === 'contradiction' && /lasted/.test(String(d.message))).length;
  const before = contradictionCount();
  const started = process.hrtime.bigint();
  await server.change(uri, changed);
  void server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }).catch(() => undefined);
  await server.until(() => contradictionCount() > before, 'a contradiction after the edit', 600_000);
  return { ms: Math.round(seconds(started) * 1000), note: 'didChange, then a codeLens request as VS Code sends; until publishDiagnostics shows the new contradiction' };
}

async function runSize(size: number, templates: NonNullable<ReturnType<typeof loadTemplates>>): Promise<SizeResult> {
  const loadAtStart = loadavg()[0];
  const folder = mkdtempSync(path.join(tmpdir(), `crosscheck-bench-${size}-`));
  const cacheRoot = mkdtempSync(path.join(tmpdir(), `crosscheck-bench-cache-${size}-`));
  try {
    log(`${size}: generating the archive in ${folder}`);
    const archive = generateArchive(folder, templates, size);
    writeArchive(archive);
    log(`${size}: ${archive.articles.length} articles in ${archive.stories} stories, ${archive.words} words`);

    const base = baseline(archive);
    log(`${size}: baseline (tokenizer only) ${base.seconds.toFixed(1)} s, ${Math.round(base.wordsPerSecond)} words/s`);

    let cli: SizeResult['cli'];
    if (!skipCli) {
      log(`${size}: cold index through the CLI…`);
      const s = await runCli(folder);
      cli = { seconds: s, articlesPerSecond: archive.articles.length / s, wordsPerSecond: archive.words / s, ofBaseline: archive.words / s / base.wordsPerSecond };
      log(`${size}: CLI ${s.toFixed(1)} s`);
    }

    const env = { CROSSCHECK_CACHE_DIR: cacheRoot };
    const serverBundle = path.join(root, 'dist/server.js');
    log(`${size}: cold index through the language server…`);
    let lastShown = 0;
    const progress = (indexed: number, total: number): void => {
      if (Date.now() - lastShown < 10_000) return;
      lastShown = Date.now();
      log(`  indexed ${indexed}/${total}`);
    };
    let started = process.hrtime.bigint();
    const cold = await BenchServer.start(serverBundle, folder, env, progress);
    const coldSeconds = seconds(started);
    log(`${size}: server cold ${coldSeconds.toFixed(1)} s`);
    const random = new Random(size);
    const requests = await measureRequests(cold, archive, random);
    log(`${size}: hover p95 ${requests.hover.p95} ms, definition p95 ${requests.definition.p95} ms, references p95 ${requests.references.p95} ms`);
    const edit = await measureEdit(cold, archive);
    log(`${size}: edit → diagnostics ${edit ? edit.ms + ' ms' : 'not measured (no suitable article)'}`);
    const peak = cold.peakMemoryMb();
    await cold.stop();

    log(`${size}: warm start on the analysis cache…`);
    started = process.hrtime.bigint();
    const warm = await BenchServer.start(serverBundle, folder, env, progress);
    const warmSeconds = seconds(started);
    const peakWarm = warm.peakMemoryMb();
    await warm.stop();
    log(`${size}: server warm ${warmSeconds.toFixed(1)} s`);

    return {
      articles: archive.articles.length,
      stories: archive.stories,
      words: archive.words,
      baseline: base,
      ...(cli ? { cli } : {}),
      serverCold: {
        seconds: coldSeconds,
        articlesPerSecond: archive.articles.length / coldSeconds,
        wordsPerSecond: archive.words / coldSeconds,
        ofBaseline: archive.words / coldSeconds / base.wordsPerSecond,
      },
      serverWarm: { seconds: warmSeconds, speedup: coldSeconds / warmSeconds },
      requests,
      editToDiagnostics: edit,
      serverPeakMb: Math.round(Math.max(peak, peakWarm)),
      load: { start: Math.round(loadAtStart * 10) / 10, end: Math.round(loadavg()[0] * 10) / 10 },
    };
  } finally {
    if (!keep) {
      rmSync(folder, { recursive: true, force: true });
      rmSync(cacheRoot, { recursive: true, force: true });
    } else log(`kept ${folder} and ${cacheRoot}`);
  }
}

function table(results: Record<string, SizeResult>): string {
  const sizesRun = Object.keys(results).sort((a, b) => Number(a) - Number(b));
  const rows: [string, (r: SizeResult) => string][] = [
    ['articles / stories / words', (r) => `${r.articles} / ${r.stories} / ${r.words}`],
    ['baseline (tokenizer only)', (r) => `${r.baseline.seconds.toFixed(1)} s, ${Math.round(r.baseline.wordsPerSecond)} w/s`],
    ['cold, CLI analyze', (r) => (r.cli ? `${r.cli.seconds.toFixed(1)} s, ${r.cli.articlesPerSecond.toFixed(1)} a/s, ${Math.round(r.cli.wordsPerSecond)} w/s, ${(r.cli.ofBaseline * 100).toFixed(1)} % of baseline` : 'skipped')],
    ['cold, server indexing', (r) => `${r.serverCold.seconds.toFixed(1)} s, ${r.serverCold.articlesPerSecond.toFixed(1)} a/s, ${Math.round(r.serverCold.wordsPerSecond)} w/s, ${(r.serverCold.ofBaseline * 100).toFixed(1)} % of baseline`],
    ['warm, server on the cache', (r) => `${r.serverWarm.seconds.toFixed(1)} s (${r.serverWarm.speedup.toFixed(1)}× faster than cold)`],
    ...(['hover', 'definition', 'references', 'codeLens'] as const).map((k): [string, (r: SizeResult) => string] => [
      `${k} p50 / p95 / max`, (r) => `${r.requests[k].p50} / ${r.requests[k].p95} / ${r.requests[k].max} ms`,
    ]),
    ['edit → diagnostics', (r) => (r.editToDiagnostics ? `${r.editToDiagnostics.ms} ms` : 'not measured')],
    ['server peak RSS', (r) => `${r.serverPeakMb} MB`],
    ['load average (start / end)', (r) => (r.load ? `${r.load.start} / ${r.load.end}` : 'not recorded')],
  ];
  const lines = [`| measure | ${sizesRun.join(' | ')} |`, `| --- | ${sizesRun.map(() => '---').join(' | ')} |`];
  for (const [label, cell] of rows) lines.push(`| ${label} | ${sizesRun.map((s) => cell(results[s])).join(' | ')} |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const data = dataFolder();
  if (!data) {
    log('skipped: no development data (../shared/data); set CROSSCHECK_DATA to its folder');
    return;
  }
  if (!existsSync(path.join(root, 'dist/server.js')) || !existsSync(path.join(root, 'dist/cli.js'))) throw new Error('build first: node scripts/build.mjs');
  log(`templates from ${data} and seeds/…`);
  const templates = loadTemplates(data, path.join(root, 'seeds'));
  if (!templates) {
    log('skipped: no story with three or more articles in the development data');
    return;
  }
  // Earlier sizes' results are kept, so `--sizes 10000` after `--sizes 1000` completes one table.
  let previous: { results?: Record<string, SizeResult> } = {};
  try {
    previous = JSON.parse(readFileSync(outFile, 'utf8')) as typeof previous;
  } catch {
    // first run
  }
  const results: Record<string, SizeResult> = { ...(previous.results ?? {}) };
  for (const size of sizes) {
    results[String(size)] = await runSize(size, templates);
    const scaling = results['1000'] && results['10000'] ? results['10000'].serverCold.seconds / results['1000'].serverCold.seconds : null;
    const document = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform },
      scaling10kOver1k: scaling,
      results,
    };
    writeFileSync(outFile, JSON.stringify(document, null, 2) + '\n');
  }
  const scaling = results['1000'] && results['10000'] ? results['10000'].serverCold.seconds / results['1000'].serverCold.seconds : null;
  process.stdout.write(`\n${table(results)}\n`);
  if (scaling !== null) process.stdout.write(`\nscaling: server cold at 10k ÷ at 1k = ${scaling.toFixed(1)}\n`);
  process.stdout.write(`\nwritten to ${outFile}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
