// Evaluation runner: `npm run eval` (bundled to dist/eval.js) or `node out/eval/eval.js [data folder]`.
// Reads the shared development data (../shared/data, or the folder given as the first argument or in
// CROSSCHECK_DATA), prints the figures per dataset and writes them to eval-results.json in the working
// directory. Each dataset is skipped with a message when its folder is missing. `--verbose` lists
// the errors behind the figures; `--no-speed` skips the throughput measurement.

import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeArticle } from '../core/src/article/analyze';
import { evaluatePeople } from './people';
import { evaluateQuotes } from './quotes';
import { evaluateSpeed } from './speed';
import { reportStories } from './stories';

function findDataDir(): string | null {
  const given = process.argv.slice(2).find((a) => !a.startsWith('--'));
  const candidates = [
    given,
    process.env.CROSSCHECK_DATA,
    path.resolve(process.cwd(), '../shared/data'),
    path.resolve(__dirname, '../../shared/data'),
    path.resolve(__dirname, '../../../shared/data'),
  ].filter((x): x is string => !!x);
  return candidates.find((d) => existsSync(path.join(d, 'polnear-dev')) || existsSync(path.join(d, 'newswcl50'))) ?? null;
}

const f3 = (x: number) => x.toFixed(3);

function main(): void {
  const verbose = process.argv.includes('--verbose');
  const dataDir = findDataDir();
  if (!dataDir) {
    console.log('eval: skipped — no development data found (expected ../shared/data with polnear-dev/ and newswcl50/; '
      + 'pass the folder as an argument or set CROSSCHECK_DATA).');
    return;
  }
  const started = Date.now();
  const results: Record<string, unknown> = { date: new Date().toISOString(), dataDir };

  const quotes = evaluateQuotes(path.join(dataDir, 'polnear-dev'));
  if (!quotes) {
    console.log(`PolNeAR: skipped — ${path.join(dataDir, 'polnear-dev')} is missing.`);
  } else {
    console.log(`PolNeAR dev quotes (${quotes.articles} articles, ${quotes.goldDirect} gold direct quotes; `
      + `predicted ${quotes.predicted} whole + ${quotes.predictedPartial} partial quotes, scare quotes left out)`);
    console.log(`  precision, whole quotes vs direct quotes   ${f3(quotes.precisionDirect)}   (target ≥ 0.95)`);
    console.log(`  the same, original gold definition        ${f3(quotes.precisionDirectOriginal)}   (only contents beginning with a quotation mark are direct)`);
    console.log(`  precision, all quotes vs direct only       ${f3(quotes.precisionAllStrict)}   (strict: partial quotes count as wrong)`);
    console.log(`  precision, partial inside indirect = right ${f3(quotes.precisionWithPartial)}   (${quotes.partialInIndirect} quotes lie inside gold reported speech)`);
    console.log(`  recall, any quote                          ${f3(quotes.recall)}   (target ≥ 0.92)`);
    console.log(`  recall, whole quotes only                  ${f3(quotes.recallWhole)}   F1 (whole) ${f3(quotes.f1)}`);
    console.log(`  speaker accuracy                           ${f3(quotes.speakerAccuracy)}   (target ≥ 0.90; ${quotes.speakerCases} quotes whose gold source names a person)`);
    console.log(`  the same, original gold definition        ${f3(quotes.speakerAccuracyOriginal)}   (${quotes.speakerCasesOriginal} quotes)`);
    if (verbose) {
      for (const f of quotes.falsePositives) console.log(`  FP   ${f.file}: ${f.text}`);
      for (const m of quotes.misses) console.log(`  MISS ${m.file}: ${m.text}`);
      for (const w of quotes.wrongSpeakers) console.log(`  SPKR ${w.file}: gold ${w.gold} / ours ${w.predicted}: ${w.quote}`);
    }
    results.quotes = quotes;
  }

  const people = evaluatePeople(path.join(dataDir, 'newswcl50'));
  if (!people) {
    console.log(`NewsWCL50: skipped — ${path.join(dataDir, 'newswcl50')} is missing.`);
  } else {
    console.log(`NewsWCL50 people (${people.events} events, ${people.articles} articles; ${people.goldLocated} of ${people.goldActorMentions} gold ACTOR mentions located, `
      + `${people.predictedMentions} predicted person mentions, ${people.matched} matched)`);
    console.log(`  mention detection  precision ${f3(people.detection.precision)}  recall ${f3(people.detection.recall)}  F1 ${f3(people.detection.f1)}`
      + `   (${people.detection.unjudged} predicted mentions fall on uncoded text and are not judged; recall of name mentions ${f3(people.namedRecall)})`);
    console.log(`  B³ within articles precision ${f3(people.withinArticle.precision)}  recall ${f3(people.withinArticle.recall)}  F1 ${f3(people.withinArticle.f1)}`);
    console.log(`  B³ across an event precision ${f3(people.acrossArticles.precision)}  recall ${f3(people.acrossArticles.recall)}  F1 ${f3(people.acrossArticles.f1)}`);
    if (verbose) for (const e of people.errors) console.log(`  ${e.kind.toUpperCase()} ${e.event}: ${e.detail}`);
    results.people = people;
  }

  results.stories = reportStories(analyzeArticle) ?? null;

  if (!process.argv.includes('--no-speed')) {
    const speed = evaluateSpeed(dataDir);
    if (speed) {
      console.log(`Speed over ${speed.articles} articles (${speed.words} words; load average ${speed.loadAverage})`);
      console.log(`  analyzeArticle ${speed.analyzeWordsPerSecond} words/s, wink tokenizer alone ${speed.tokenizerWordsPerSecond} words/s, `
        + `ratio ${f3(speed.ratio)} (target ≥ 0.25); first article ${speed.firstArticleMs} ms`);
      results.speed = speed;
    }
  }

  results.seconds = (Date.now() - started) / 1000;
  const out = path.resolve(process.cwd(), 'eval-results.json');
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

main();
