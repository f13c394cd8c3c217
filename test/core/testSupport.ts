// Small helpers several core tests share.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** A seeded generator of numbers in [0, 1) (Park–Miller): the same seed, the same sequence. */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
}

/** Runs `run` with a fresh temporary folder (named from `prefix`), removed afterwards whatever happens. */
export function withTempDir(prefix: string, run: (folder: string) => void): void {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  try {
    run(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The compiled core modules (out/core/src), for scripts run in a child process. */
const compiledCore = path.resolve(__dirname, '../../core/src');

/** A line of a child process's script: `const <name> = require(<the compiled core module>)`. */
export function requireCore(name: string, module: string): string {
  return `const ${name} = require(${JSON.stringify(path.join(compiledCore, module))});`;
}

/**
 * Runs `script` in a child Node process started with V8's `flags` (`--allow-natives-syntax` to ask
 * V8 about objects, `--expose-gc` to measure the heap); what it prints, parsed as JSON.
 */
export function childJson(flags: string[], script: string): unknown {
  return JSON.parse(execFileSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
}
