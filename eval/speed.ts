// Throughput of article analysis over every article of the shared data: words per second of
// analyzeArticle, and the same articles through wink-nlp's tokenizer alone (readDoc with an empty
// pipeline), the floor any analysis built on it must pay. The ratio says how much of the tokenizer's
// speed cold indexing keeps (target ≥ 25%).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import winkNLP from 'wink-nlp';
import winkModel from 'wink-eng-lite-web-model';
import { analyzeArticle } from '../core/src/article/analyze';

export interface SpeedEvaluation {
  articles: number;
  words: number;
  /** Words per second of analyzeArticle (median of the timed rounds, after one warm-up round). */
  analyzeWordsPerSecond: number;
  /** Words per second of wink's readDoc with no pipeline (tokens only). */
  tokenizerWordsPerSecond: number;
  /** analyzeWordsPerSecond / tokenizerWordsPerSecond. */
  ratio: number;
  /** Milliseconds of the first analyzeArticle call in this process (loads the language resources). */
  firstArticleMs: number;
  /** 1-minute load average when the measurement started (the machine is shared). */
  loadAverage: number;
}

/** Every .txt article under `dataDir` (recursively), sorted by path. */
export function articleFiles(dataDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.txt') && !/readme/i.test(name)) out.push(full);
    }
  };
  if (existsSync(dataDir)) walk(dataDir);
  return out;
}

function countWords(text: string): number {
  const m = text.match(/[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu);
  return m ? m.length : 0;
}

export function evaluateSpeed(dataDir: string, rounds = 5): SpeedEvaluation | null {
  const files = articleFiles(dataDir);
  if (!files.length) return null;
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const words = texts.reduce((n, t) => n + countWords(t), 0);
  const loadAverage = Math.round(loadavg()[0] * 100) / 100;

  let t0 = performance.now();
  analyzeArticle(files[0], texts[0]);
  const firstArticleMs = Math.round(performance.now() - t0);

  // The two are timed article by article in the same rounds, so that other work on a shared machine
  // slows both alike; each figure is the median over the rounds, after one warm-up round.
  const tokenizer = winkNLP(winkModel, []);
  const analyzeRounds: number[] = [];
  const tokenizerRounds: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    let analyzeMs = 0;
    let tokenizerMs = 0;
    texts.forEach((text, i) => {
      t0 = performance.now();
      tokenizer.readDoc(text);
      const t1 = performance.now();
      analyzeArticle(files[i], text);
      analyzeMs += performance.now() - t1;
      tokenizerMs += t1 - t0;
    });
    if (r === 0) continue;
    analyzeRounds.push(analyzeMs / 1000);
    tokenizerRounds.push(tokenizerMs / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const analyzeWordsPerSecond = Math.round(words / median(analyzeRounds));
  const tokenizerWordsPerSecond = Math.round(words / median(tokenizerRounds));
  return {
    articles: files.length,
    words,
    analyzeWordsPerSecond,
    tokenizerWordsPerSecond,
    ratio: Math.round((analyzeWordsPerSecond / tokenizerWordsPerSecond) * 1000) / 1000,
    firstArticleMs,
    loadAverage,
  };
}
