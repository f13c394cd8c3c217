/**
 * The fuzzy search: approx-string-match (Myers' bit-parallel approximate matching, the library
 * Hypothesis uses). The package is an ES module; this CommonJS build loads it with `require`, which
 * esbuild bundles and Node ≥ 20.19 supports, and takes its types from the package itself.
 */
import type * as approx from 'approx-string-match' with { 'resolution-mode': 'import' };

export interface FuzzyMatch {
  start: number;
  end: number;
  /** Insertions, deletions and substitutions between the pattern and the match. */
  errors: number;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- an ES-only package in a CommonJS build
const approxStringMatch = require('approx-string-match') as typeof approx;

/** The matches of `pattern` in `text` with the fewest errors, if that is at most `maxErrors`. */
export default function search(text: string, pattern: string, maxErrors: number): FuzzyMatch[] {
  return approxStringMatch.default(text, pattern, maxErrors);
}
