// Evaluation runner: `npm run eval` (bundled to dist/eval.js) or `node out/eval/eval.js [data folder]`.
// Prints the figures and writes eval-results.json in the working directory. Skips with a message when
// the PolNeAR data folder is missing.

import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { evaluateQuotes } from './quotes';

function findDataDir(): string | null {
  const candidates = [
    process.argv[2],
    process.env.CROSSCHECK_DATA && path.join(process.env.CROSSCHECK_DATA, 'polnear-dev'),
    path.resolve(process.cwd(), '../shared/data/polnear-dev'),
    path.resolve(__dirname, '../../shared/data/polnear-dev'),
    path.resolve(__dirname, '../../../shared/data/polnear-dev'),
  ].filter((x): x is string => !!x);
  return candidates.find((d) => existsSync(d)) ?? null;
}

function main(): void {
  const dir = findDataDir();
  if (!dir) {
    console.log('eval: skipped — PolNeAR data not found (pass the polnear-dev folder as an argument or set CROSSCHECK_DATA).');
    return;
  }
  const started = Date.now();
  const quotes = evaluateQuotes(dir);
  if (!quotes) {
    console.log(`eval: skipped — ${dir} is missing.`);
    return;
  }
  const verbose = process.argv.includes('--verbose');
  console.log(`PolNeAR dev (${quotes.articles} articles, ${quotes.goldDirect} gold direct quotes, ${quotes.predicted} predicted non-scare quotes)`);
  console.log(`  detection precision  ${quotes.precision}   (target ≥ 0.95; against direct quotes only: ${quotes.precisionDirectOnly})`);
  console.log(`  detection recall     ${quotes.recall}   (target ≥ 0.92)`);
  console.log(`  speaker accuracy     ${quotes.speakerAccuracy}   (target ≥ 0.90; ${quotes.speakerCases} quotes with a named gold source)`);
  if (verbose) {
    for (const f of quotes.falsePositives) console.log(`  FP   ${f.file}: ${f.text}`);
    for (const m of quotes.misses) console.log(`  MISS ${m.file}: ${m.text}`);
    for (const w of quotes.wrongSpeakers) console.log(`  SPKR ${w.file}: gold ${w.gold} / ours ${w.predicted}: ${w.quote}`);
  }
  const out = path.resolve(process.cwd(), 'eval-results.json');
  writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), seconds: (Date.now() - started) / 1000, quotes }, null, 2)}\n`);
  console.log(`  wrote ${out}`);
}

main();
