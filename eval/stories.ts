// Story grouping and derivation checks on NewsWCL50 (10 events × 5 outlets): all 50 articles go into one
// corpus under neutral file names; the gold story of an article is its event folder. Reports B³
// precision/recall/F1 of the stories and the derivations found (independent coverage: expect none).

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Article } from '../core/src/model';
import { Corpus } from '../core/src/crossref/corpus';

export interface StoryEvaluation {
  articles: number;
  stories: number;
  precision: number;
  recall: number;
  f1: number;
  derivations: { derived: string; source: string; score: number }[];
  /** Predicted stories as lists of gold labels ("event_3/L"). */
  clusters: string[][];
  /** Every finding, its sides named by gold label, for reading and judging. */
  findings: { id: string; kind: string; severity: string; summary: string; sides: { label: string; text: string }[] }[];
}

/** B³ precision and recall of predicted clusters against gold labels (one label per item). */
export function bCubed(predicted: Map<string, string>, gold: Map<string, string>): { precision: number; recall: number } {
  const items = [...gold.keys()];
  let precision = 0;
  let recall = 0;
  for (const item of items) {
    const samePredicted = items.filter((o) => predicted.get(o) === predicted.get(item));
    const sameGold = items.filter((o) => gold.get(o) === gold.get(item));
    const both = samePredicted.filter((o) => gold.get(o) === gold.get(item)).length;
    precision += both / samePredicted.length;
    recall += both / sameGold.length;
  }
  return { precision: precision / items.length, recall: recall / items.length };
}

/** Runs the story evaluation; returns undefined when the data folder is missing. */
export function evaluateStories(
  dataDir: string,
  analyze: (file: string, text: string) => Article,
): StoryEvaluation | undefined {
  const root = path.join(dataDir, 'newswcl50');
  if (!fs.existsSync(root)) return undefined;
  const entries: { label: string; text: string }[] = [];
  for (const event of fs.readdirSync(root).filter((d) => d.startsWith('event_')).sort()) {
    for (const file of fs.readdirSync(path.join(root, event)).filter((f) => f.endsWith('.txt')).sort()) {
      entries.push({ label: `${event}/${file.replace(/\.txt$/, '')}`, text: fs.readFileSync(path.join(root, event, file), 'utf8') });
    }
  }
  // Neutral names in a fixed shuffled order, so nothing about the event leaks through the file name.
  const order = entries.map((_, i) => i).sort((a, b) => ((a * 7919) % 101) - ((b * 7919) % 101));
  const corpus = new Corpus({ analyze });
  const gold = new Map<string, string>();
  const labelOf = new Map<string, string>();
  order.forEach((entryIndex, n) => {
    const file = `/corpus/article-${String(n).padStart(2, '0')}.txt`;
    const entry = entries[entryIndex];
    corpus.update(file, entry.text);
    gold.set(file, entry.label.split('/')[0]);
    labelOf.set(file, entry.label);
  });
  const predicted = new Map<string, string>();
  for (const story of corpus.stories()) for (const f of story.files) predicted.set(f, story.id);
  const { precision, recall } = bCubed(predicted, gold);
  return {
    articles: entries.length,
    stories: corpus.stories().length,
    precision,
    recall,
    f1: (2 * precision * recall) / (precision + recall || 1),
    derivations: corpus.derivations().map((d) => ({ derived: labelOf.get(d.derived)!, source: labelOf.get(d.source)!, score: d.score })),
    clusters: corpus.stories().map((s) => s.files.map((f) => labelOf.get(f)!).sort()),
    findings: corpus.findings().map((f) => ({
      id: f.id,
      kind: f.kind,
      severity: f.severity,
      summary: f.summary.replace(/\/corpus\/(article-\d+)\.txt|article-\d\d/g, (m) => labelOf.get(m.startsWith('/') ? m : `/corpus/${m}.txt`) ?? m),
      sides: f.sides.map((side) => ({ label: labelOf.get(side.file)!, text: side.text })),
    })),
  };
}

/**
 * Prints the story B³ figures for `npm run eval` (NewsWCL50's 10 events mixed in one corpus); prints
 * a skip message when the data folder is missing.
 */
export function reportStories(analyze: (file: string, text: string) => Article): StoryEvaluation | undefined {
  const candidates = [
    process.env.CROSSCHECK_DATA,
    path.resolve(process.cwd(), '../shared/data'),
    path.resolve(__dirname, '../../shared/data'),
    path.resolve(__dirname, '../../../shared/data'),
  ].filter((d): d is string => !!d);
  const dataDir = candidates.find((d) => fs.existsSync(path.join(d, 'newswcl50')));
  const result = dataDir === undefined ? undefined : evaluateStories(dataDir, analyze);
  if (!result) {
    console.log('stories: skipped — NewsWCL50 data not found (set CROSSCHECK_DATA to the folder holding newswcl50/).');
    return undefined;
  }
  const pct = (x: number): string => (100 * x).toFixed(1) + '%';
  console.log(`NewsWCL50 stories (${result.articles} articles of 10 events in one corpus → ${result.stories} stories)`);
  console.log(`  story B³ precision ${pct(result.precision)}, recall ${pct(result.recall)}, F1 ${pct(result.f1)}`);
  console.log(`  derivations found ${result.derivations.length} (independent coverage: expect 0); findings ${result.findings.length}`);
  return result;
}
