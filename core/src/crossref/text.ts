/**
 * Text measures shared by the corpus index: word tokens, crude stems, content words, similarity
 * scores, stable hashes and slugs. Pure functions, no Node or editor imports.
 */

import type { Article } from '../model';

const STOPWORDS = new Set(
  (
    'a an the and or but nor so yet for of in on at to from by with about as into onto over under ' +
    'after before during since until than then that this these those there here where when while who whom ' +
    'whose which what why how i me my mine we us our ours you your yours he him his she her hers it its ' +
    'they them their theirs is am are was were be been being have has had having do does did doing will ' +
    'would shall should can could may might must not no yes if also just very too more most much many ' +
    'some any all each every other such only own same both few one s t said says say told tell according ' +
    'mr mrs ms dr up out off again further once now well even still already however because while though ' +
    'although whether either neither let get got go going went make made like new year years day days ' +
    'time per via amid among against between through across within without around including'
  ).split(/\s+/),
);

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

const CONTRACTIONS: [RegExp, string][] = [
  [/n't\b/g, ' not'],
  [/'re\b/g, ' are'],
  [/'ve\b/g, ' have'],
  [/'ll\b/g, ' will'],
  [/'m\b/g, ' am'],
  [/'d\b/g, ' would'],
];

/** Lower-cases, unifies apostrophes and dashes, expands common contractions. */
export function normalizeForWords(text: string): string {
  let s = text.toLowerCase().replace(/[\u2018\u2019\u02bc`´]/g, "'").replace(/[\u2010-\u2015]/g, '-');
  // One pass for every contraction (the expansions hold no apostrophe, so the order never mattered).
  if (s.includes("'")) s = s.replace(CONTRACTION, (m) => CONTRACTED[m]).replace(/'s\b/g, '');
  return s;
}

const CONTRACTION = new RegExp(CONTRACTIONS.map(([pattern]) => pattern.source).join('|'), 'g');
const CONTRACTED: Record<string, string> = { "n't": ' not', "'re": ' are', "'ve": ' have', "'ll": ' will', "'m": ' am', "'d": ' would' };

/**
 * The last texts split into words: an article's features split one text several times in a row (a
 * quote for its stems, normalised text, bigrams and content words; a sentence once per claim in it).
 * Callers get a copy. Only short texts are kept (a whole body is split once), and the map is cleared
 * when full.
 */
const recentWords = new Map<string, string[]>();
const RECENT_WORDS = 256;
const RECENT_WORDS_LONGEST = 2000;

/** Lower-cased word tokens (letters/digits), contractions expanded, possessive 's dropped. */
export function words(text: string): string[] {
  if (text.length > RECENT_WORDS_LONGEST) return splitWords(text);
  let found = recentWords.get(text);
  if (found === undefined) {
    found = splitWords(text);
    if (recentWords.size >= RECENT_WORDS) recentWords.clear();
    // The key as a string of its own: a slice of an article's text would keep the whole text.
    recentWords.set(ownSlice(text), found);
  }
  return found.slice();
}

function splitWords(text: string): string[] {
  // normalizeForWords without its dash mapping: dashes and hyphens both separate words and neither is
  // part of a contraction, so the words are the same.
  let s = text.toLowerCase().replace(/[\u2018\u2019\u02bc`´]/g, "'");
  if (s.includes("'")) s = s.replace(CONTRACTION, (m) => CONTRACTED[m]).replace(/'s\b/g, '');
  return s.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * A lemma-ish stem: strips the commonest English inflection suffixes, tried in this order: -ies → -y,
 * -ing, -ed, -es after ss/x/ch/sh/z, -s (not after s, u or i), -ly. Words of three letters or fewer are
 * kept. Read by character codes, on the last letter first (the rules never overlap across endings).
 */
export function stem(word: string): string {
  const n = word.length;
  if (n <= 3) return word;
  const last = word.charCodeAt(n - 1);
  if (last === 115 /* s */) {
    const before = word.charCodeAt(n - 2);
    if (before === 101 /* e */) {
      if (n > 4) {
        const c = word.charCodeAt(n - 3);
        if (c === 105 /* ies */) return word.slice(0, -3) + 'y';
        const d = word.charCodeAt(n - 4);
        // -sses, -xes, -ches, -shes, -zes
        if (c === 120 || c === 122 || (c === 115 && d === 115) || (c === 104 && (d === 99 || d === 115))) return word.slice(0, -2);
      }
      return word.slice(0, -1);
    }
    if (before === 115 || before === 117 || before === 105) return word; // -ss, -us, -is
    return word.slice(0, -1);
  }
  if (last === 103 /* g */) return n > 5 && word.charCodeAt(n - 2) === 110 && word.charCodeAt(n - 3) === 105 ? word.slice(0, -3) : word;
  if (last === 100 /* d */) return n > 4 && word.charCodeAt(n - 2) === 101 ? word.slice(0, -2) : word;
  if (last === 121 /* y */) return n > 5 && word.charCodeAt(n - 2) === 108 ? word.slice(0, -2) : word;
  return word;
}

/** Stems of every word, stopwords included (for quote comparison). */
export function stems(text: string): string[] {
  return words(text).map(stem);
}

/** Stems of the content words: no stopwords, no one- or two-letter words, no bare numbers. */
export function contentStems(text: string): string[] {
  const out: string[] = [];
  // A short text split a moment ago (a sentence with several claims) is read from the cache uncopied.
  const list = recentWords.get(text) ?? words(text);
  for (const w of list) {
    if (w.length < 3 || STOPWORDS.has(w)) continue;
    const c0 = w.charCodeAt(0);
    if (c0 >= 48 && c0 <= 57 && /^\d+$/.test(w)) continue;
    out.push(stem(w));
  }
  return out;
}

/** Normalised text for exact comparison: words only, lower-cased, single spaces. */
export function normalizedText(text: string): string {
  return words(text).join(' ');
}

export function bag(tokens: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

export function cosine(a: Map<string, number>, b: Map<string, number>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    const w = b.get(k);
    if (w !== undefined) dot += v * w;
  }
  for (const v of b.values()) nb += v * v;
  return dot / Math.sqrt(na * nb);
}

/** Character bigrams of the normalised text, as a multiset. */
export function bigrams(text: string): Map<string, number> {
  const s = normalizedText(text);
  const grams: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) grams.push(s.slice(i, i + 2));
  return bag(grams);
}

/** Sørensen–Dice coefficient over two multisets. */
export function dice(a: Map<string, number>, b: Map<string, number>): number {
  let total = 0;
  let shared = 0;
  for (const [k, v] of a) {
    total += v;
    const w = b.get(k);
    if (w !== undefined) shared += Math.min(v, w);
  }
  for (const v of b.values()) total += v;
  return total === 0 ? 0 : (2 * shared) / total;
}

/** Length of the longest common subsequence of two token arrays. */
export function lcsLength(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let prev = new Array<number>(b.length + 1).fill(0);
  let row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      row[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1]);
    }
    [prev, row] = [row, prev];
  }
  return prev[b.length];
}

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** Edit distance divided by the longer length: 0 = same, 1 = nothing shared. */
export function normalizedEditDistance(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 0 : editDistance(a, b) / longer;
}

/** A 64-bit FNV-1a hash of the text as 16 hex digits (stable across runs and platforms). */
/**
 * `text.slice(start, end)` as a string of its own. V8 makes a slice of 13 characters or more a
 * pointer into the whole string, so a short passage kept from an article (a finding's side, a
 * stored span) would keep the article's whole text in memory after the article itself let it go
 * (a cold 10k server: 44 MB of texts held by finding sides). A string parsed from JSON is a fresh
 * copy.
 */
export function ownSlice(text: string, start = 0, end = text.length): string {
  const slice = text.slice(start, end);
  return slice.length < 13 ? slice : (JSON.parse(JSON.stringify(slice)) as string);
}

export function stableHash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 13);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

export function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s.slice(0, 60).replace(/-+$/, '') || 'untitled';
}

/** The last path segment of a path or URI, decoded, without its extension. */
export function fileStem(file: string): string {
  const last = file.split(/[\\/]/).filter(Boolean).pop() ?? file;
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {
    // keep the raw segment
  }
  return name.replace(/\.[^.]+$/, '');
}

/** The parent folder name of a path or URI, or null at the top. */
export function parentFolder(file: string): string | null {
  const segments = file.replace(/^[a-z]+:\/\//i, '').split(/[\\/]/).filter(Boolean);
  return segments.length >= 2 ? segments[segments.length - 2] : null;
}

/** The outlet's display name: the article's metadata, else a name made from the file name. */
export function outletName(article: Article): string {
  if (article.metadata.outlet) return article.metadata.outlet;
  return fileStem(article.file);
}

/** Days from 1970-01-01 for an ISO date (yyyy-mm-dd, yyyy-mm or yyyy), or null. */
export function dayNumber(iso: string | null): number | null {
  if (!iso) return null;
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(iso);
  if (!m) return null;
  const time = Date.UTC(Number(m[1]), m[2] ? Number(m[2]) - 1 : 0, m[3] ? Number(m[3]) : 1);
  return Math.round(time / 86_400_000);
}

/** Cuts a text to at most `max` words, adding an ellipsis when cut. */
export function shorten(text: string, max: number): string {
  const parts = text.trim().split(/\s+/);
  return parts.length <= max ? text.trim() : parts.slice(0, max).join(' ') + '…';
}

/** "A", "A and B", "A, B and C". */
export function listNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return names.slice(0, -1).join(', ') + ' and ' + names[names.length - 1];
}

/** Union–find over integer ids. */
export class DisjointSets {
  private readonly parent: number[];
  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, i) => i);
  }
  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root];
    while (this.parent[i] !== root) {
      const next = this.parent[i];
      this.parent[i] = root;
      i = next;
    }
    return root;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  /** Members of every set, each set sorted, sets ordered by their smallest member. */
  groups(): number[][] {
    const byRoot = new Map<number, number[]>();
    for (let i = 0; i < this.parent.length; i++) {
      const r = this.find(i);
      let list = byRoot.get(r);
      if (!list) byRoot.set(r, (list = []));
      list.push(i);
    }
    return [...byRoot.values()].sort((a, b) => a[0] - b[0]);
  }
}
