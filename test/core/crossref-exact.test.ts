// The shortcuts of the cross-reference pass give exactly what the plain computations give:
// alignment by accumulated postings against candidate-by-candidate dot products, the bounded edit
// distance of name matching against the full one, and the quote comparison's equal-words shortcut
// and memos against the diff they skip, and claim context similarity against `cosine`
// (property-based, fast-check).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { diffArrays } from 'diff';
import type { Article } from '../../core/src/model';
import {
  type Alignment, type ArticleSentences, QUOTE_WEIGHT, SENTENCE_SIMILARITY, alignArticles, articleSentences, findDerivations,
  longestIncreasingRun, sentenceStems,
} from '../../core/src/crossref/derivations';
import { firstNamesCompatible, surnamesCompatible, withinEditShare } from '../../core/src/crossref/people';
import { type ClaimFeatures, relateClaims } from '../../core/src/crossref/claims';
import { QUOTE_CONTAINMENT, compareVersions, quoteFeatures, quotesInside } from '../../core/src/crossref/quotes';
import { cosine, dayNumber, lcsLength, normalizedEditDistance, stem, stems } from '../../core/src/crossref/text';
import { buildArticle } from './crossref-fixtures';
import { fuzzOptions } from './fuzz-arbitraries';

const runs = { ...fuzzOptions, numRuns: Math.max(fuzzOptions.numRuns, 200) };

/** A sentence's vector as a map from stem to weight, in the vector's order. */
function vectorMap(article: ArticleSentences, j: number): Map<string, number> {
  const { from, to } = article.sentences[j];
  const map = new Map<string, number>();
  for (let p = from; p < to; p++) map.set(article.terms[p], article.weights[p]);
  return map;
}

/** An article's sentences from one map of stem weights per sentence. */
function fromMaps(file: string, maps: Map<string, number>[]): ArticleSentences {
  const terms: string[] = [];
  const weights: number[] = [];
  const sentences = maps.map((map, k) => {
    const from = terms.length;
    for (const [t, w] of map) {
      terms.push(t);
      weights.push(w);
    }
    return { start: k * 10, end: k * 10 + 9, from, to: terms.length };
  });
  return { file, article: {} as Article, sentences, terms, weights: Float64Array.from(weights), quoteCount: 0 };
}

/** Sentence vectors as they were built before they were flattened: a map per sentence. */
function vectorsReference(article: Article, idf: (t: string) => number, quoteWeight = QUOTE_WEIGHT): Map<string, number>[] {
  const out: Map<string, number>[] = [];
  for (const s of sentenceStems(article)) {
    const quoted = quoteWeight > 0 ? s.quoted : [];
    if (new Set(s.own).size + new Set(quoted).size < 4) continue;
    const weights = new Map<string, number>();
    for (const t of s.own) weights.set(t, (weights.get(t) ?? 0) + idf(t));
    for (const t of quoted) weights.set(t, (weights.get(t) ?? 0) + quoteWeight * idf(t));
    let norm = 0;
    for (const w of weights.values()) norm += w * w;
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of weights) weights.set(t, w / norm);
    out.push(weights);
  }
  return out;
}

/** The alignment as it was computed before the postings: each candidate's dot product on its own, over maps. */
function alignReference(derivedArticle: ArticleSentences, sourceArticle: ArticleSentences, threshold = SENTENCE_SIMILARITY): Alignment {
  const derived = { sentences: derivedArticle.sentences.map((_, i) => ({ weights: vectorMap(derivedArticle, i) })) };
  const source = { sentences: sourceArticle.sentences.map((_, j) => ({ weights: vectorMap(sourceArticle, j) })) };
  if (derived.sentences.length === 0 || source.sentences.length === 0) return { pairs: [], score: 0 };
  const index = new Map<string, number[]>();
  source.sentences.forEach((s, j) => {
    for (const t of s.weights.keys()) {
      const list = index.get(t);
      if (list) list.push(j);
      else index.set(t, [j]);
    }
  });
  const best: [number, number][] = [];
  derived.sentences.forEach((s, i) => {
    const shared = new Map<number, number>();
    for (const t of s.weights.keys()) for (const j of index.get(t) ?? []) shared.set(j, (shared.get(j) ?? 0) + 1);
    let bestJ = -1;
    let bestScore = threshold;
    for (const [j, count] of shared) {
      if (count < 2) continue;
      let dot = 0;
      for (const [t, w] of s.weights) {
        const v = source.sentences[j].weights.get(t);
        if (v !== undefined) dot += w * v;
      }
      if (dot >= bestScore) {
        bestScore = dot;
        bestJ = j;
      }
    }
    if (bestJ >= 0) best.push([i, bestJ]);
  });
  const pairs = longestIncreasingRun(best);
  return { pairs, score: pairs.length / derived.sentences.length };
}

const vocabulary = ['barrier', 'river', 'gate', 'dike', 'pump', 'harbour', 'mayor', 'school', 'flood', 'storm', 'quay', 'euro'];

/** A sentence as stems and weights: coarse weights (many exact ties) or normalised ones. */
const sentence = fc.tuple(
  fc.uniqueArray(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 7 }),
  fc.array(fc.constantFrom(0.25, 0.5, 0.75, 1 / 3, 0.1), { minLength: 7, maxLength: 7 }),
  fc.boolean(),
).map(([terms, coarse, normalise]) => {
  const weights = new Map(terms.map((t, k) => [t, coarse[k]]));
  if (normalise) {
    let norm = 0;
    for (const w of weights.values()) norm += w * w;
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of weights) weights.set(t, w / norm);
  }
  return weights;
});

/** An article's sentences, some repeated word for word (ties between source sentences). */
function sentencesArbitrary(file: string): fc.Arbitrary<ArticleSentences> {
  return fc.tuple(fc.array(sentence, { maxLength: 14 }), fc.array(fc.nat(13), { maxLength: 4 })).map(([list, repeats]) => {
    const all = [...list];
    for (const r of repeats) if (list.length > 0) all.splice(r % (all.length + 1), 0, new Map(list[r % list.length]));
    return fromMaps(file, all);
  });
}

describe('alignment by postings', () => {
  it('aligns exactly as candidate-by-candidate dot products do, ties included', () => {
    fc.assert(
      fc.property(sentencesArbitrary('a.txt'), sentencesArbitrary('b.txt'), fc.constantFrom(SENTENCE_SIMILARITY, 0.1, 0.5, 0), (a, b, threshold) => {
        assert.deepEqual(alignArticles(a, b, threshold), alignReference(a, b, threshold));
        assert.deepEqual(alignArticles(b, a, threshold), alignReference(b, a, threshold));
        // Again, from the postings kept for the source.
        assert.deepEqual(alignArticles(a, b, threshold), alignReference(a, b, threshold));
      }),
      runs,
    );
  });

  it('aligns real sentence vectors (quoted words down-weighted, IDF weights) as before', () => {
    const words = ['Engineers', 'watched', 'the', 'flood', 'barrier', 'close', 'river', 'reached', 'highest', 'level', 'steel', 'gates',
      'sealed', 'harbour', 'entrance', 'residents', 'district', 'pumping', 'stations', 'dikes', 'water', 'midnight', 'mayor', 'volunteers'];
    const text = fc.array(
      fc.array(fc.constantFrom(...words), { minLength: 3, maxLength: 12 }).map((w) => w.join(' ') + '.'),
      { minLength: 1, maxLength: 16 },
    );
    fc.assert(
      fc.property(text, text, fc.integer({ min: 1, max: 97 }), (x, y, salt) => {
        const idf = (t: string): number => 1 + ((t.length * salt) % 7) / 3;
        const a = articleSentences(buildArticle('a.txt', 'Title\n' + x.join(' ')), idf);
        const b = articleSentences(buildArticle('b.txt', 'Title\n' + [...y, ...x.slice(0, salt % (x.length + 1))].join(' ')), idf);
        // The flat vectors hold what a map per sentence held, in its order.
        for (const x of [a, b]) {
          assert.deepEqual(x.sentences.map((_, j) => [...vectorMap(x, j)]), vectorsReference(x.article, idf).map((m) => [...m]));
        }
        assert.deepEqual(alignArticles(a, b), alignReference(a, b));
        assert.deepEqual(alignArticles(b, a), alignReference(b, a));
        // findDerivations reads the same alignments (the pair reported to the tracing hook).
        const seen: Alignment[] = [];
        findDerivations([a, b], undefined, (_d, _s, al) => seen.push(al));
        assert.deepEqual(seen, [alignReference(a, b), alignReference(b, a)]);
      }),
      runs,
    );
  });
});

describe('bounded edit distance of names', () => {
  const name = fc.string({ unit: fc.constantFrom('a', 'b', 'e', 'k', 'y', 'z', 'é'), maxLength: 12 });
  it('agrees with the full normalised edit distance for every share used', () => {
    fc.assert(
      fc.property(name, name, fc.constantFrom(0.25, 0.34, 0, 0.5, 1), (a, b, share) => {
        assert.equal(withinEditShare(a, b, share), normalizedEditDistance(a, b) <= share, `${a} / ${b} at ${share}`);
      }),
      { ...runs, numRuns: runs.numRuns * 5 },
    );
  });

  it('keeps the surname and first-name rules', () => {
    const surnameReference = (a: string, b: string): boolean =>
      a === b || (Math.min(a.length, b.length) >= 5 && Math.abs(a.length - b.length) <= 2 && a[0] === b[0] && normalizedEditDistance(a, b) <= 0.25);
    const firstReference = (a: string | null, b: string | null): boolean => {
      if (a === null || b === null || a === b) return true;
      if (a[0] !== b[0]) return false;
      if (a.length === 1 || b.length === 1) return true;
      if (Math.min(a.length, b.length) < 5) return false;
      return normalizedEditDistance(a, b) <= 0.34;
    };
    const similar = fc.tuple(name, fc.array(fc.tuple(fc.nat(12), fc.constantFrom('', 'y', 'i', 'yy')), { maxLength: 3 })).map(([base, edits]) => {
      let out = 'k' + base;
      for (const [at, insert] of edits) out = out.slice(0, at % (out.length + 1)) + insert + out.slice((at % (out.length + 1)) + 1);
      return ['k' + base, out] as const;
    });
    fc.assert(
      fc.property(similar, ([a, b]) => {
        assert.equal(surnamesCompatible(a, b), surnameReference(a, b), `${a} / ${b}`);
        assert.equal(firstNamesCompatible(a, b), firstReference(a, b), `${a} / ${b}`);
      }),
      { ...runs, numRuns: runs.numRuns * 5 },
    );
    for (const [a, b] of [['zelensky', 'zelenskyy'], ['volodymyr', 'volodimir'], ['smith', 'smyth'], ['kowalski', 'kowalsky'], ['jones', 'jonas']]) {
      assert.equal(surnamesCompatible(a, b), surnameReference(a, b), `${a} / ${b}`);
      assert.equal(firstNamesCompatible(a, b), firstReference(a, b), `${a} / ${b}`);
    }
  });
});

describe('quote version comparison shortcuts', () => {
  const word = fc.constantFrom('we', 'will', "won't", 'not', 'go', 'back', 'to', 'the', 'table', 'talks', 'Ferry', 'fares', '[the mayor]', "it's", 'done');
  const quote = fc.array(fc.tuple(word, fc.constantFrom('', '', '', ',', '.', '!', ' —')), { minLength: 1, maxLength: 14 })
    .map((parts) => parts.map(([w, p]) => w + p).join(' '));

  it('versions with the same words (case and punctuation aside) are the same, as the diff reads them', () => {
    // The shortcut rests on the diff of equal key arrays being one unchanged run.
    const equalRun = fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(equalRun, (keys) => {
        const parts = diffArrays(keys, [...keys]);
        assert.equal(parts.length, 1);
        assert.ok(!parts[0].added && !parts[0].removed);
      }),
      runs,
    );
    fc.assert(
      fc.property(quote, fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (text, flips) => {
        const other = [...text].map((c, i) => (flips[i % 40] ? c.toUpperCase() : c)).join('').replace(/[,!]/g, '.');
        assert.deepEqual(compareVersions(text, other), { level: 'same', change: null });
      }),
      runs,
    );
  });

  it('gives the same comparison however often and in whatever order it is asked (memos are not mutated)', () => {
    fc.assert(
      fc.property(fc.array(quote, { minLength: 2, maxLength: 6 }), (texts) => {
        const first = texts.map((a) => texts.map((b) => structuredClone(compareVersions(a, b))));
        for (let i = texts.length - 1; i >= 0; i--) {
          for (let j = texts.length - 1; j >= 0; j--) assert.deepEqual(compareVersions(texts[i], texts[j]), first[i][j]);
        }
      }),
      runs,
    );
  });

  it('finds a quotation inside another quote as the plain scan did (nested quotes kept per text)', () => {
    const inner = /(?<![\p{L}\p{N}])['‘]([^'‘’]{6,}?)['’](?![\p{L}])|["“]([^"“”]{6,}?)["”]/gu;
    const reference = (outer: string, innerStems: string[], outerStems: string[]): boolean => {
      if (innerStems.length === 0 || innerStems.length >= outerStems.length) return false;
      for (const m of outer.matchAll(inner)) {
        const nested = stems(m[1] ?? m[2] ?? '');
        if (nested.length > 0 && lcsLength(innerStems, nested) / innerStems.length >= QUOTE_CONTAINMENT) return true;
      }
      return false;
    };
    const mark = fc.constantFrom("'", '‘', '’', '"', '“', '”', '');
    const withMarks = fc.array(fc.tuple(mark, quote, mark), { minLength: 1, maxLength: 4 }).map((parts) => parts.map(([a, q, b]) => `${a}${q}${b}`).join(' said '));
    const feature = (text: string, file: string) =>
      quoteFeatures(file, { key: 'q', start: 0, end: text.length, text, speaker: null, speakerKey: null, verb: 'said', scare: false, parts: [] } as never);
    fc.assert(
      fc.property(withMarks, quote, (outerText, innerText) => {
        const outer = feature(outerText, 'a.txt');
        for (const text of [innerText, ...outerText.split(' said ').map((part) => part.replace(/^['‘’"“”]|['‘’"“”]$/g, ''))]) {
          const x = feature(text, 'b.txt');
          assert.equal(quotesInside(outer, x), reference(outer.quote.text, x.stems, outer.stems), `${outerText} / ${text}`);
          assert.equal(quotesInside(outer, x), reference(outer.quote.text, x.stems, outer.stems));
        }
      }),
      { ...runs, numRuns: runs.numRuns * 3 },
    );
  });

  it('still tells changed words from the same words', () => {
    assert.equal(compareVersions('We will go back to the table.', 'We will go back to the old table.').level, 'information');
    assert.equal(compareVersions('We will go back to the table.', 'We will not go back to the table.').level, 'hint');
    assert.deepEqual(compareVersions('We will go back.', 'we WILL go back!'), { level: 'same', change: null });
    assert.equal(compareVersions('', '').level, 'same');
    assert.equal(compareVersions('…', '!').level, 'warning');
  });
});

describe('claim context similarity', () => {
  const stems = ['meet', 'summit', 'talk', 'visit', 'harbour', 'ferry', 'vote', 'board', 'fare', 'tuesday'];
  const context = fc.array(fc.tuple(fc.constantFrom(...stems), fc.integer({ min: 1, max: 3 })), { maxLength: 8 }).map((e) => new Map(e));
  const date = fc.constantFrom('2024-03-05', '2024-03-06', '2024-03', null);
  /** What `relateClaims` said of two date claims before the norms and event stems were kept per claim. */
  function reference(a: ClaimFeatures, b: ClaimFeatures): string {
    const va = a.claim.value as { date: string | null; precision: string | null };
    const vb = b.claim.value as { date: string | null; precision: string | null };
    if (!va.date || !vb.date) return 'unrelated';
    const events = ['meeting', 'meet', 'met', 'summit', 'talks', 'talk', 'negotiation', 'negotiations', 'encounter', 'discussion',
      'discussions', 'session', 'sit-down', 'visit', 'conference', 'event'].map(stem);
    const shares = events.some((s) => a.context.has(s) && b.context.has(s));
    if (!shares || cosine(a.context, b.context) < 0.3) return 'unrelated';
    if (va.date === vb.date) return 'agrees';
    if (va.precision !== 'day' || vb.precision !== 'day') return va.date.startsWith(vb.date) || vb.date.startsWith(va.date) ? 'agrees' : 'differs';
    const da = dayNumber(va.date);
    const db = dayNumber(vb.date);
    return da !== null && db !== null && da !== db ? 'contradicts' : 'agrees';
  }
  it('relates date claims as the plain cosine did', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(context, date), { minLength: 2, maxLength: 6 }), (list) => {
        const claims = list.map(([ctx, d], k) => ({
          file: `f${k}.txt`,
          context: ctx,
          event: 'main',
          valueKey: d ?? '',
          claim: { key: `c${k}`, kind: 'date', text: d ?? 'then', start: 0, end: 1, sentence: 0, value: { kind: 'date', date: d, precision: d && d.length === 10 ? 'day' : 'month' } },
        }) as unknown as ClaimFeatures);
        for (const a of claims) for (const b of claims) if (a !== b) assert.equal(relateClaims(a, b), reference(a, b));
      }),
      runs,
    );
  });
});
