/**
 * `npm run bench`: how fast Crosscheck indexes a newsroom archive and answers while it does.
 *
 *   node dist/bench.js [--sizes 1000,10000] [--requests 300] [--edits 8] [--edit-pause 8000] [--out bench-results.json] [--skip-cli] [--keep]
 *
 * For each size it generates a seeded archive from the real articles in ../shared/data and seeds/
 * (bench/corpus.ts) into a temporary folder, then measures in the same run: the tokenizer-only
 * baseline (the analysis's own tokenizer: paragraphs, words and sentences of core/src/article; wink-nlp's
 * readDoc beside it for comparison), a cold index through the CLI (`crosscheck analyze`)
 * and through the language server's initial indexing (child process, real protocol), a warm start of
 * the server on the analysis cache (and again with a hover every 100 ms while it indexes), hover / definition / references / code lens latency at random
 * positions on people and quotes, edit → diagnostics latency over several edits that create (and
 * then undo) a cross-outlet contradiction, back to back and again with a pause before each
 * article's edit, and the server's peak memory. Results go to a table, to bench-results.json
 * (merged per size, so sizes can be run one at a time) and are written up in docs/performance.md.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import * as path from 'node:path';
import winkNLP from 'wink-nlp';
import winkModel from 'wink-eng-lite-web-model';
import { extractMetadata } from '../core/src/article/metadata';
import { splitSentences } from '../core/src/article/sentences';
import { splitParagraphs, tokenize } from '../core/src/article/text';
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
  /** The analysis's own tokenizer over every article: the ceiling the cold index is compared with. */
  baseline: { seconds: number; wordsPerSecond: number };
  /** wink-nlp's tokenizer and sentence splitter (what the analysis used before it had its own), for comparison. */
  baselineWink?: { seconds: number; wordsPerSecond: number };
  cli?: { seconds: number; articlesPerSecond: number; wordsPerSecond: number; ofBaseline: number; ofWinkBaseline?: number };
  serverCold: { seconds: number; articlesPerSecond: number; wordsPerSecond: number; ofBaseline: number; ofWinkBaseline?: number };
  serverWarm: { seconds: number; speedup: number };
  /**
   * The warm start again, with a hover every `hoverEveryMs` at a random person or quote from the
   * moment the server is initialized until it is ready (a user reading while the workspace opens):
   * its time, and the hovers' latency (those sent before the index is complete are answered from
   * the last pass, server/src/server.ts `holdPasses`; the last one waits for the full pass).
   */
  serverWarmHovering?: { seconds: number; hover: Latency };
  requests: Record<'hover' | 'definition' | 'references' | 'codeLens', Latency>;
  /** Edit → updated diagnostics: every edit (first one first), and their summary. */
  editToDiagnostics: EditTimes | null;
  /**
   * The same edits, each article's edit made after `editPauseMs` of quiet (a user reads, then types;
   * its restoring edit follows at once): only articles whose edit was timed above.
   */
  editAfterPause?: EditTimes | null;
  /** The larger of the two below. */
  serverPeakMb: number;
  /** The cold server's peak, read after its requests and edits. */
  serverPeakColdMb?: number;
  /** The warm server's peak, read once its warm-up after 'ready' has had time to run (`warmSettleMs`). */
  serverPeakWarmMb?: number;
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
/** How long the warm server is left idle after 'ready' before its peak memory is read (its warm-up takes about 1.5 s at 10,000 articles). */
const warmSettleMs = 5000;
const keep = argv.includes('--keep');
/** Articles edited in the edit → diagnostics measure (each edited, then restored: two samples each). */
const editCount = Number(option('--edits') ?? 8);
/**
 * Quiet before each article's edit in the second round of edits (`editAfterPause`), in ms; 0 skips
 * that round. Edits that come after a pause took 1.5-2x as long as back-to-back ones at 10,000
 * articles (docs/performance.md, "Edits after a pause").
 */
const editPauseMs = Number(option('--edit-pause') ?? 8000);

interface EditTimes {
  ms: number;
  note: string;
  samples?: number[];
  first?: number;
  summary?: Latency;
  /** Archive-relative paths of the articles whose edit was timed. */
  articles?: string[];
}

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

/**
 * The ceiling: the tokenizer the analysis uses (core/src/article/text.ts and sentences.ts: paragraphs,
 * words, sentences), over every article, nothing else. Where the body starts is read beforehand, so
 * only the tokenizing is timed.
 */
function baseline(archive: Archive): { seconds: number; wordsPerSecond: number } {
  const bodies = archive.articles.map((article) => extractMetadata(article.text).bodyStart);
  const once = (text: string, bodyStart: number): number => {
    const paragraphs = splitParagraphs(text, bodyStart);
    return tokenize(text, paragraphs, bodyStart).length + splitSentences(text, paragraphs).length;
  };
  once('Warm up the tokenizer. Twice.', 0);
  const started = process.hrtime.bigint();
  let tokens = 0;
  archive.articles.forEach((article, k) => (tokens += once(article.text, bodies[k])));
  const s = seconds(started);
  if (tokens === 0) throw new Error('the tokenizer saw no tokens');
  return { seconds: s, wordsPerSecond: archive.words / s };
}

/** For comparison: wink-nlp's tokenizer and sentence splitter (the `sbd` pipeline) over every article. */
function winkBaseline(archive: Archive): { seconds: number; wordsPerSecond: number } {
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

/** How often the hovering warm start hovers while the server indexes, in ms. */
const hoverEveryMs = 100;

/** A random person or quote position of an article that has one. */
function randomTarget(archive: Archive, random: Random, withPositions: GeneratedArticle[]): { uri: string; position: { line: number; character: number } } {
  const article = random.pick(withPositions);
  const pool = random.chance(0.5) && article.quotes.length > 0 ? article.quotes : article.people.length > 0 ? article.people : article.quotes;
  return { uri: fileUri(path.join(archive.folder, article.relative)), position: positionAt(article.text, random.pick(pool)) };
}

/** Hovers every `hoverEveryMs` until `server` is ready, each at a random person or quote; latencies go to `times`. */
async function hoverWhileIndexing(server: BenchServer, archive: Archive, random: Random, times: number[]): Promise<void> {
  const withPositions = archive.articles.filter((a) => a.people.length > 0 || a.quotes.length > 0);
  while (!server.ready && withPositions.length > 0) {
    const { uri, position } = randomTarget(archive, random, withPositions);
    const started = process.hrtime.bigint();
    await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
    times.push(seconds(started) * 1000);
    await new Promise((resolve) => setTimeout(resolve, hoverEveryMs));
  }
}

/** Hover, definition, references and code lens at random positions on people and quotes. */
async function measureRequests(server: BenchServer, archive: Archive, random: Random): Promise<SizeResult['requests']> {
  const targets: { uri: string; position: { line: number; character: number } }[] = [];
  const withPositions = archive.articles.filter((a) => a.people.length > 0 || a.quotes.length > 0);
  while (targets.length < requestCount && withPositions.length > 0) {
    targets.push(randomTarget(archive, random, withPositions));
  }
  const timings = { hover: [] as number[], definition: [] as number[], references: [] as number[], codeLens: [] as number[] };
  let answered = 0;
  for (const { uri, position } of targets) {
    const params = { textDocument: { uri }, position };
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

/**
 * `pauseMs`: quiet before each article's edit (its restoring edit follows at once). `only`: the
 * articles to edit (archive-relative paths), else one per suitable story, `editCount` in all.
 */
async function measureEdit(server: BenchServer, archive: Archive, pauseMs = 0, only?: string[]): Promise<EditTimes | null> {
  const durationOf = (a: GeneratedArticle): string | null => /The meeting in \S+ lasted ([^.]+)\./.exec(a.text)?.[1] ?? null;
  const storyOf = (a: GeneratedArticle): string => a.relative.replace(/^.*\/(s\d+)-.*$/, '$1');
  const byStory = new Map<string, GeneratedArticle[]>();
  for (const a of archive.articles) {
    const list = byStory.get(storyOf(a));
    if (list) list.push(a);
    else byStory.set(storyOf(a), [a]);
  }
  // One article per story whose every outlet states the same duration, spread over the archive.
  const candidates: GeneratedArticle[] = [];
  for (const [, members] of byStory) {
    const d = durationOf(members[0]);
    if (d && members.length >= 3 && members.every((b) => durationOf(b) === d)) candidates.push(members[Math.floor(members.length / 2)]);
  }
  if (candidates.length === 0) return null;
  const chosen = only
    ? candidates.filter((a) => only.includes(a.relative))
    : Array.from({ length: Math.min(editCount, candidates.length) }, (_, k) => candidates[Math.floor(((k + 0.5) * candidates.length) / Math.min(editCount, candidates.length))]);
  const timedArticles: string[] = [];
  const samples: number[] = [];
  /** Edited articles the server did not put in one story with the others (no contradiction to wait for). */
  let missed = 0;
  for (const article of chosen) {
    const uri = fileUri(path.join(archive.folder, article.relative));
    const current = durationOf(article)!;
    const changed = article.text.replace(`lasted ${current}.`, `lasted ${contradictingDuration(current)}.`);
    await server.open(uri, article.text);
    await server.until(() => server.diagnostics.has(uri), 'diagnostics of the opened article', 600_000).catch(() => undefined);
    const contradictionCount = (): number => (server.diagnostics.get(uri) ?? []).filter((d) => d.code === 'contradiction' && /lasted/.test(String(d.message))).length;
    const before = contradictionCount();
    // The edit that makes this outlet contradict the others, then the edit that puts its text back.
    const timed = async (text: string, done: () => boolean, what: string): Promise<number | undefined> => {
      const started = process.hrtime.bigint();
      await server.change(uri, text);
      void server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }).catch(() => undefined);
      const ok = await server.until(done, what, 60_000).then(() => true, () => false);
      return ok ? Math.round(seconds(started) * 10_000) / 10 : undefined;
    };
    if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    const edited = await timed(changed, () => contradictionCount() > before, 'a contradiction after the edit');
    if (edited === undefined) {
      missed++;
      await server.change(uri, article.text);
      continue;
    }
    samples.push(edited);
    timedArticles.push(article.relative);
    const restored = await timed(article.text, () => contradictionCount() === before, 'the contradiction gone after undoing the edit');
    if (restored !== undefined) samples.push(restored);
  }
  if (samples.length === 0) return null;
  const summary = summarise(samples);
  return {
    ms: summary.p50,
    first: samples[0],
    samples,
    summary,
    articles: timedArticles,
    note: `${pauseMs > 0 ? `after ${pauseMs / 1000} s of quiet, ` : ''}${chosen.length} articles of different stories, each edited to contradict its story's duration and then restored (${samples.length} edits timed${missed ? `; ${missed} edited article(s) produced no contradiction within 60 s and were restored untimed` : ''}); didChange, then a codeLens request as VS Code sends; until publishDiagnostics shows the contradiction (or its absence)`,
  };
}

function editSummary(edit: EditTimes | null | undefined): string {
  if (!edit) return 'not measured (no suitable article)';
  if (!edit.summary) return `${edit.ms} ms (one edit)`;
  return `p50 ${edit.summary.p50} / p95 ${edit.summary.p95} / max ${edit.summary.max} ms over ${edit.summary.count} edits (first ${edit.first} ms)`;
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
    log(`${size}: baseline (the analysis's tokenizer only) ${base.seconds.toFixed(2)} s, ${Math.round(base.wordsPerSecond)} words/s`);
    const wink = winkBaseline(archive);
    log(`${size}: wink-nlp tokenizer for comparison ${wink.seconds.toFixed(1)} s, ${Math.round(wink.wordsPerSecond)} words/s`);

    let cli: SizeResult['cli'];
    if (!skipCli) {
      log(`${size}: cold index through the CLI…`);
      const s = await runCli(folder);
      cli = {
        seconds: s, articlesPerSecond: archive.articles.length / s, wordsPerSecond: archive.words / s,
        ofBaseline: archive.words / s / base.wordsPerSecond, ofWinkBaseline: archive.words / s / wink.wordsPerSecond,
      };
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
    log(`${size}: edit → diagnostics ${editSummary(edit)}`);
    const paused = editPauseMs > 0 && edit?.articles?.length ? await measureEdit(cold, archive, editPauseMs, edit.articles) : undefined;
    if (paused !== undefined) log(`${size}: edit → diagnostics after ${editPauseMs / 1000} s of quiet ${editSummary(paused)}`);
    const peak = cold.peakMemoryMb();
    await cold.stop();

    log(`${size}: warm start on the analysis cache…`);
    started = process.hrtime.bigint();
    const warm = await BenchServer.start(serverBundle, folder, env, progress);
    const warmSeconds = seconds(started);
    // What a warm server does after 'ready' (the analysis loaded and compiled, the story graph's edit
    // lists and rows, every article's terms decoded) runs in its first quiet moments: its memory counts.
    await new Promise((resolve) => setTimeout(resolve, warmSettleMs));
    const peakWarm = warm.peakMemoryMb();
    await warm.stop();
    log(`${size}: server warm ${warmSeconds.toFixed(1)} s`);

    log(`${size}: warm start again, hovering every ${hoverEveryMs} ms while it indexes…`);
    const hoverTimes: number[] = [];
    let hovering: Promise<void> = Promise.resolve();
    started = process.hrtime.bigint();
    const hovered = await BenchServer.start(serverBundle, folder, env, progress, (server) => {
      hovering = hoverWhileIndexing(server, archive, new Random(size + 1), hoverTimes);
    });
    const hoveredSeconds = seconds(started);
    await hovering;
    await hovered.stop();
    const hoversWhileIndexing = summarise(hoverTimes);
    log(`${size}: warm while hovering ${hoveredSeconds.toFixed(1)} s; ${hoverTimes.length} hovers, p50 ${hoversWhileIndexing.p50} ms, p95 ${hoversWhileIndexing.p95} ms, max ${hoversWhileIndexing.max} ms`);

    return {
      articles: archive.articles.length,
      stories: archive.stories,
      words: archive.words,
      baseline: base,
      baselineWink: wink,
      ...(cli ? { cli } : {}),
      serverCold: {
        seconds: coldSeconds,
        articlesPerSecond: archive.articles.length / coldSeconds,
        wordsPerSecond: archive.words / coldSeconds,
        ofBaseline: archive.words / coldSeconds / base.wordsPerSecond,
        ofWinkBaseline: archive.words / coldSeconds / wink.wordsPerSecond,
      },
      serverWarm: { seconds: warmSeconds, speedup: coldSeconds / warmSeconds },
      serverWarmHovering: { seconds: hoveredSeconds, hover: hoversWhileIndexing },
      requests,
      editToDiagnostics: edit,
      ...(paused !== undefined ? { editAfterPause: paused } : {}),
      serverPeakMb: Math.round(Math.max(peak, peakWarm)),
      serverPeakColdMb: Math.round(peak),
      serverPeakWarmMb: Math.round(peakWarm),
      load: { start: Math.round(loadAtStart * 10) / 10, end: Math.round(loadavg()[0] * 10) / 10 },
    };
  } finally {
    if (!keep) {
      rmSync(folder, { recursive: true, force: true });
      rmSync(cacheRoot, { recursive: true, force: true });
    } else log(`kept ${folder} and ${cacheRoot}`);
  }
}

function ofBaselines(cold: { ofBaseline: number; ofWinkBaseline?: number }): string {
  const wink = cold.ofWinkBaseline === undefined ? '' : ` (${(cold.ofWinkBaseline * 100).toFixed(1)} % of wink-nlp's)`;
  return `${(cold.ofBaseline * 100).toFixed(1)} % of baseline${wink}`;
}

function table(results: Record<string, SizeResult>): string {
  const sizesRun = Object.keys(results).sort((a, b) => Number(a) - Number(b));
  const rows: [string, (r: SizeResult) => string][] = [
    ['articles / stories / words', (r) => `${r.articles} / ${r.stories} / ${r.words}`],
    ['baseline (the analysis\'s tokenizer only)', (r) => `${r.baseline.seconds.toFixed(2)} s, ${Math.round(r.baseline.wordsPerSecond)} w/s`],
    ['wink-nlp tokenizer (comparison)', (r) => (r.baselineWink ? `${r.baselineWink.seconds.toFixed(1)} s, ${Math.round(r.baselineWink.wordsPerSecond)} w/s` : 'not measured')],
    ['cold, CLI analyze', (r) => (r.cli ? `${r.cli.seconds.toFixed(1)} s, ${r.cli.articlesPerSecond.toFixed(1)} a/s, ${Math.round(r.cli.wordsPerSecond)} w/s, ${ofBaselines(r.cli)}` : 'skipped')],
    ['cold, server indexing', (r) => `${r.serverCold.seconds.toFixed(1)} s, ${r.serverCold.articlesPerSecond.toFixed(1)} a/s, ${Math.round(r.serverCold.wordsPerSecond)} w/s, ${ofBaselines(r.serverCold)}`],
    ['warm, server on the cache', (r) => `${r.serverWarm.seconds.toFixed(1)} s (${r.serverWarm.speedup.toFixed(1)}× faster than cold)`],
    ['warm, hovering every 100 ms while it indexes', (r) => (r.serverWarmHovering
      ? `${r.serverWarmHovering.seconds.toFixed(1)} s; ${r.serverWarmHovering.hover.count} hovers, p50 ${r.serverWarmHovering.hover.p50} / p95 ${r.serverWarmHovering.hover.p95} / max ${r.serverWarmHovering.hover.max} ms`
      : 'not measured')],
    ...(['hover', 'definition', 'references', 'codeLens'] as const).map((k): [string, (r: SizeResult) => string] => [
      `${k} p50 / p95 / max`, (r) => `${r.requests[k].p50} / ${r.requests[k].p95} / ${r.requests[k].max} ms`,
    ]),
    ['edit → diagnostics', (r) => editSummary(r.editToDiagnostics)],
    ['edit → diagnostics, each article after a pause', (r) => (r.editAfterPause === undefined ? 'not measured' : editSummary(r.editAfterPause))],
    ['server peak RSS', (r) => `${r.serverPeakMb} MB` + (r.serverPeakColdMb !== undefined ? ` (cold ${r.serverPeakColdMb}, warm ${r.serverPeakWarmMb})` : '')],
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
