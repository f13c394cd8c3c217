// Prints the story evaluation on NewsWCL50: `npx tsc -p . && node out/eval/stories-main.js [data dir]`.

import { analyzeArticle } from '../core/src/article/analyze';
import { evaluateStories } from './stories';

const dataDir = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '../shared/data';
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
  const counts = new Map<string, number>();
  for (const f of result.findings) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  console.log(`Findings: ${result.findings.length} (${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')})`);
  if (process.argv.includes('--findings')) {
    for (const f of result.findings) {
      console.log(`- [${f.kind}/${f.severity}] ${f.id}: ${f.summary}`);
      for (const side of f.sides) console.log(`    ${side.label}: ${side.text.replace(/\s+/g, ' ').slice(0, 200)}`);
    }
  }
}
