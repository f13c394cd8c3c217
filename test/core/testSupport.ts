// Small helpers several core tests share.
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
