// Shared by the property-based tests (test/core/fuzz-*.test.ts): run counts, the seed, and random
// news-like text with quote marks, line breaks and awkward unicode (emoji, combining marks,
// right-to-left script, astral characters, lone surrogates).
import fc from 'fast-check';

export const fuzzRuns = Number(process.env.CROSSCHECK_FUZZ_RUNS ?? 25);
export const fuzzSeed = Number(process.env.CROSSCHECK_FUZZ_SEED ?? 20250815);
export const fuzzOptions = { numRuns: fuzzRuns, seed: fuzzSeed, endOnFailure: true, includeErrorInReport: true };

const names = ['Ines Marlowe', 'Marlowe', 'Dario Okafor', 'Okafor', 'Mr. Okafor', 'President Anneli Rask', 'Rask', 'the chair', 'he', 'she', 'they'];
const words = ['said', 'told', 'reporters', 'the', 'board', 'vote', 'on', 'Tuesday', 'in', 'Lowfield', 'harbour', 'ferry', 'fares',
  'nearly', 'three', 'hours', 'two', 'meetings', 'met', 'at', 'the', 'airbase', 'about', '40', 'percent', 'March', '5,', '2024', 'and', 'of'];
export const marks = ['"', '“', '”', '‘', '’', "'", '„', '«', '»', "''"];
const oddities = ['😀', '👩‍👩‍👧', 'e\u0301', 'n\u0303o', 'שלום', 'مرحبا', '\u202eabc\u202c', '𠀀𠀁', '𝔘𝔫𝔦', '\u00a0', '\u2028', '\ufeff', '\u200b', '\t', 'ß', 'İ', '…', '—', '–'];
const breaks = ['\n', '\n\n', '\r\n', '\r\n\r\n', '\r', ' '];
const punctuation = ['.', ',', ':', ';', '?', '!', ' — ', ' (', ')'];

/** Fragments that look like news copy, mixed with quote marks, line breaks and awkward unicode. */
export const fragment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...words).map((word) => `${word} `) },
  { weight: 3, arbitrary: fc.constantFrom(...names).map((name) => `${name} `) },
  { weight: 2, arbitrary: fc.constantFrom(...words, ...names) },
  { weight: 3, arbitrary: fc.constantFrom(...punctuation) },
  { weight: 2, arbitrary: fc.constantFrom(...marks) },
  { weight: 2, arbitrary: fc.constantFrom(...breaks) },
  { weight: 1, arbitrary: fc.constantFrom(...oddities) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);

/** Random article-like text: an optional header, then fragments (words carry their own spaces, marks do not). */
export const articleText = fc.tuple(
  fc.boolean(),
  fc.array(fragment, { minLength: 0, maxLength: 200, size: 'large' }),
).map(([header, parts]) => `${header ? 'Title: Ferry fares\nOutlet: Tidewater Courier\n\n' : ''}${parts.join('')}`);
