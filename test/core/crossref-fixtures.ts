// Hand-built articles for the corpus index tests: the text is written inline and the analysis (people,
// quotes, claims) is declared next to it, so these tests do not depend on the article analysis.

import type { Article, ClaimValue, Person, Quote, Claim, Sentence } from '../../core/src/model';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Corpus } from '../../core/src/crossref/corpus';
import { stableHash } from '../../core/src/crossref/text';

export interface ArticleSpec {
  outlet?: string;
  date?: string;
  story?: string;
  people?: { name: string; mentions?: string[]; roles?: string[] }[];
  quotes?: { text: string; speaker?: string; scare?: boolean }[];
  claims?: { text: string; value: ClaimValue }[];
}

function sentencesOf(text: string): Sentence[] {
  const out: Sentence[] = [];
  let paragraph = 0;
  const re = /[^.!?\n]+(?:[.!?]+["”’]?|$)|\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m[0] === '\n') {
      paragraph++;
      continue;
    }
    if (m[0].trim() === '') {
      if (re.lastIndex === m.index) re.lastIndex++;
      continue;
    }
    const lead = m[0].length - m[0].trimStart().length;
    out.push({ start: m.index + lead, end: m.index + m[0].trimEnd().length, paragraph });
  }
  return out;
}

function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  const re = new RegExp(`(?<![\\p{L}])${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}])`, 'gu');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push(m.index);
  return out;
}

function sentenceIndex(sentences: Sentence[], offset: number): number {
  const i = sentences.findIndex((s) => s.start <= offset && offset < s.end);
  return i < 0 ? 0 : i;
}

export function buildArticle(file: string, text: string, spec: ArticleSpec = {}): Article {
  const sentences = sentencesOf(text);
  const taken: [number, number][] = [];
  const people: Person[] = (spec.people ?? []).map((p, i) => {
    const surname = p.name.split(' ').pop()!;
    const forms = [...new Set([p.name, ...(p.mentions ?? []), surname])].sort((a, b) => b.length - a.length);
    const mentions: Person['mentions'] = [];
    for (const form of forms) {
      for (const start of occurrences(text, form)) {
        const end = start + form.length;
        if (taken.some(([s, e]) => start < e && end > s)) continue;
        taken.push([start, end]);
        mentions.push({ start, end, text: form, kind: form === p.name ? 'name' : 'surname' });
      }
    }
    mentions.sort((a, b) => a.start - b.start);
    const roles = (p.roles ?? []).map((r) => {
      const start = text.indexOf(r);
      return { start, end: start + r.length, text: r };
    });
    return { key: `p${i + 1}`, name: p.name, aliases: forms.filter((f) => f !== p.name), mentions, roles };
  });
  const quotes: Quote[] = (spec.quotes ?? []).map((q, i) => {
    const start = text.indexOf(q.text);
    if (start < 0) throw new Error(`quote not in text: ${q.text}`);
    const end = start + q.text.length;
    const speaker = q.speaker ? people.find((p) => p.name === q.speaker) : undefined;
    return {
      key: `q${i + 1}`,
      text: q.text,
      start,
      end,
      parts: [{ start, end }],
      speaker: speaker?.name ?? q.speaker ?? null,
      speakerKey: speaker?.key ?? null,
      verb: q.speaker ? 'said' : null,
      scare: q.scare ?? false,
      sentence: sentenceIndex(sentences, start),
    };
  });
  const claims: Claim[] = (spec.claims ?? []).map((c, i) => {
    const start = text.indexOf(c.text);
    if (start < 0) throw new Error(`claim not in text: ${c.text}`);
    return { key: `c${i + 1}`, kind: c.value.kind, text: c.text, start, end: start + c.text.length, value: c.value, sentence: sentenceIndex(sentences, start) };
  });
  const firstLine = text.split('\n')[0];
  return {
    file,
    text,
    hash: stableHash(text),
    metadata: {
      outlet: spec.outlet ?? null,
      outletSource: spec.outlet ? 'header' : null,
      date: spec.date ?? null,
      url: null,
      title: firstLine,
      titleSpan: { start: 0, end: firstLine.length },
      story: spec.story ?? null,
      bodyStart: 0,
    },
    sentences,
    people,
    entities: [],
    quotes,
    claims,
    problems: [],
  };
}

/** A corpus of hand-built articles (its `update` is never used by these tests). */
export function corpusOf(...articles: Article[]): Corpus {
  const corpus = new Corpus({
    analyze: () => {
      throw new Error('fixtures are put, not analysed');
    },
  });
  for (const a of articles) corpus.put(a);
  return corpus;
}

export const hours = (min: number, max: number, minOpen = false, maxOpen = false): ClaimValue => ({
  kind: 'duration',
  minutes: { min: min * 60, max: max * 60, minOpen, maxOpen },
  event: 'talks',
});

/** A strike story told by one outlet: a meeting duration claim and one quote by Ida Holm. */
export const ferry = (file: string, outlet: string, claim: string, min: number, max: number, extra = ''): Article =>
  buildArticle(
    file,
    `Ferry crews strike at Lindholm harbour\nFerry crews at Lindholm harbour walked out over pay. The talks with the harbour board lasted ${claim}. ` +
      `Union leader Ida Holm said: "We will sail again when the pay offer is fair." ${extra}`,
    {
      outlet,
      date: '2026-03-02',
      people: [{ name: 'Ida Holm', mentions: ['Holm'] }],
      quotes: [{ text: 'We will sail again when the pay offer is fair.', speaker: 'Ida Holm' }],
      claims: [{ text: claim, value: hours(min, max) }],
    },
  );

/** A bridge opening told by one outlet: one quote by Pavel Strand, worded as given. */
export const bridge = (file: string, outlet: string, quote: string): Article =>
  buildArticle(
    file,
    `Vester bridge opens to traffic\nThe new Vester bridge across the fjord opened to traffic on Friday. ` +
      `Mayor Pavel Strand said: "${quote}" Cyclists crossed the bridge first.`,
    {
      outlet,
      date: '2026-05-15',
      people: [{ name: 'Pavel Strand', mentions: ['Strand'] }],
      quotes: [{ text: quote, speaker: 'Pavel Strand' }],
    },
  );

/** Everything the index answers, as text; `perFile` adds what each file's position queries answer. */
export function indexSnapshot(corpus: Corpus, perFile: (file: string) => Record<string, unknown>): string {
  const files = corpus.articles().map((a) => a.file);
  return JSON.stringify({
    stories: corpus.stories(),
    people: corpus.people(),
    quoteGroups: corpus.quoteGroups(),
    claimGroups: corpus.claimGroups(),
    findings: corpus.findings(),
    derivations: corpus.derivations(),
    perFile: files.map((f) => ({ findings: corpus.findingsFor(f).map((x) => x.id), coverage: corpus.coverage(f), ...perFile(f) })),
  });
}

/** How many derived parts (kept maps and stems) the index's quote and claim features still hold as own properties. */
export function derivedPartsHeld(corpus: Corpus): number {
  let held = 0;
  for (const a of corpus.articles()) {
    const f = corpus.featuresFor(a);
    for (const q of f.quotes) held += ['normalized', 'stems', 'content', 'bigrams', 'stemBag'].filter((k) => Object.hasOwn(q, k)).length;
    for (const c of f.claims) held += Object.hasOwn(c, 'context') ? 1 : 0;
  }
  return held;
}

/** Two stories that agree: three outlets on the ferry talks, two on the bridge quote (a.txt … e.txt). */
export const twoAgreeingStories = (): Article[] => [
  ferry('a.txt', 'Daily A', 'about three hours', 2.5, 3.5),
  ferry('b.txt', 'Daily B', 'about three hours', 2.5, 3.5),
  ferry('c.txt', 'Daily C', 'about three hours', 2.5, 3.5),
  bridge('d.txt', 'Daily D', 'This bridge joins our two towns for good.'),
  bridge('e.txt', 'Daily E', 'This bridge joins our two towns for good.'),
];

/** The same two stories, but the last outlet rewords the bridge quote ("our towns"): a reworded-quote finding. */
export const agreeingFerryRewordedBridge = (): Article[] => [
  ...twoAgreeingStories().slice(0, 4),
  bridge('e.txt', 'Daily E', 'This bridge joins our towns for good.'),
];

/** The demo articles (`seeds/`), and a test's `skip` reason when they are missing. */
export const seedsDir = path.resolve(__dirname, '../../../seeds');
export const seedFiles = fs.existsSync(seedsDir) ? fs.readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort() : [];
export const seedsSkip = seedFiles.length >= 5 ? false : `seed articles not found in ${seedsDir}`;

/** `indexSnapshot` with each file's quote and claim group ids (lean and whole indexes compared). */
export function groupsSnapshot(corpus: Corpus): string {
  return indexSnapshot(corpus, (f) => ({
    quoteGroups: corpus.article(f)!.quotes.map((q) => corpus.quoteGroupAt(f, q.start + 1)?.id ?? null),
    claimGroups: corpus.article(f)!.claims.map((c) => corpus.claimGroupAt(f, c.start)?.id ?? null),
  }));
}
