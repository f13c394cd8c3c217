// Prints the story evaluation on NewsWCL50: `npx tsc -p . && node out/eval/stories-main.js [data dir]`.

import { analyzeArticle } from '../core/src/article/analyze';
import { evaluateStories } from './stories';

const dataDir = process.argv[2] ?? '../shared/data';
const result = evaluateStories(dataDir, analyzeArticle);
if (!result) {
  console.log(`No NewsWCL50 data under ${dataDir}/newswcl50; nothing to evaluate.`);
} else {
  const pct = (x: number): string => (100 * x).toFixed(1) + '%';
  console.log(`Stories on NewsWCL50: ${result.articles} articles → ${result.stories} stories`);
  console.log(`B³ precision ${pct(result.precision)}, recall ${pct(result.recall)}, F1 ${pct(result.f1)}`);
  for (const c of result.clusters) if (c.length > 1 || process.argv.includes('--all')) console.log('  ' + c.join(' '));
  console.log(`Derivations found: ${result.derivations.length}`);
  for (const d of result.derivations) console.log(`  ${d.derived} ← ${d.source} (${d.score})`);
}
