/**
 * One full cross-referencing pass over a corpus: stories, people, quote groups, claim groups,
 * derivations and findings, plus the per-file lookup tables the adapters query.
 */

import type {
  Article, ClaimGroup, ClaimRef, Derivation, Finding, FindingSide, PersonEntity, QuoteGroup, Severity, Story,
} from '../model';
import {
  type ClaimFeatures, type ClaimRelation, claimBlock, claimFeatures, claimPhrase, claimTopic, forgetContextFacts, relateClaims,
} from './claims';
import {
  type Alignment, type ArticleSentences, type SentenceStems, alignerFor, articleSentences, pairDerivation, sentenceStems,
} from './derivations';
import { createHash } from 'node:crypto';
import { SharedValues } from './sharedValues';
import { type FileLookup, filePosition, withReplaced } from './fileLookup';
import { StoryGraph } from './storyGraph';
import { type NameLinks, type NameParts, linkPeople, newNameLinks } from './people';
import {
  type QuoteFeatures, type QuoteMatch, type VariantLevel, compareVersions, groupStoryQuotes, quoteGroupOf, quoteSpeaker,
  forgetQuoteMemos, normalizedQuoteText, quoteFeatures, quotesInside, withoutRepeats, worseLevel,
} from './quotes';
import { type Statement, articleStatements, findOpposites } from './statements';
import { type StoryCaches, articleTerms, buildStories, dotProduct, inverseDocumentFrequency } from './stories';
import type { TermCounts, TermVector } from './terms';
import { DisjointSets, fileStem, listNames, normalizedText, outletName, ownSlice, shorten, stableHash } from './text';
import { plainShape } from '../plainShape';

/** Whole-article cosine below which two articles are not checked for derivation. */
const DERIVATION_CANDIDATE = 0.3;

/** A pair of articles without a derivation (read only, never changed). */
const NO_DERIVATIONS: Derivation[] = [];
/** The `contradicting` of every claim group without a contradiction (most of them): one empty Set, never added to. */
const NO_CONTRADICTING: Set<number> = new Set();
/** Stories computed in one pass past which the quote memos are emptied after it (an edit's pass computes one or two). */
const MANY_STORIES = 64;

/** A located thing in a file, for offset lookups. */
export interface SpanEntry<T> {
  start: number;
  end: number;
  value: T;
}

export interface ClaimGroupDetail {
  group: ClaimGroup;
  storyId: string;
  members: ClaimFeatures[];
  /** Member indexes (into `members`) that take part in a contradiction (read only: groups without one share an empty Set). */
  contradicting: Set<number>;
  /** relation(i, j) for members of different articles. */
  relation: (i: number, j: number) => ReturnType<typeof relateClaims>;
}

export interface QuoteGroupDetail {
  group: QuoteGroup;
  storyId: string;
  members: QuoteFeatures[];
  /** Person entity id credited per member (null when unknown). */
  speakerIds: (string | null)[];
}

export interface CrossReference {
  /**
   * Display name per file across the workspace: the outlet, with the file name added where two
   * articles share an outlet (a person's articles in several stories). Within a story, its findings and
   * coverage name outlets by `storyOutletLabels`.
   */
  outletLabels: Map<string, string>;
  stories: Story[];
  storyById: Map<string, Story>;
  storyOfFile: FileLookup<Story>;
  /** Story id of each file (not to be changed: the next pass reads it to keep ids put). */
  storyIdOfFile: Map<string, string>;
  people: PersonEntity[];
  personById: Map<string, PersonEntity>;
  /** Made on first use: `entityIdOf` answers the same without it. */
  entityOfMember: Map<string, string>;
  /** `entityOfMember.get(memberKey(file, personKey))` (see `PeopleIndex.entityIdOf`). */
  entityIdOf(file: string, personKey: string): string | undefined;
  /** Person mention spans per file (built on first use). */
  personSpans: { get(file: string): SpanEntry<string>[] | undefined };
  /** The results of one story (quote and claim groups, derivations, findings). */
  resultsOf(storyId: string): StoryResults | undefined;
  /**
   * The results of one story computed again from its inputs, kept nowhere (equal to `resultsOf`;
   * a server runs it once while idle so the first edit does not wait for the code to compile).
   */
  freshResultsOf(storyId: string): StoryResults | undefined;
  /**
   * The lists over every story and the per-file tables are built on first use (an edit's pass then
   * costs what the edit changed, not the size of the archive); per-file tables come from the file's
   * story and are kept with that story's results, so they live as long as those results do.
   */
  readonly quoteGroups: QuoteGroupDetail[];
  quoteSpans: { get(file: string): SpanEntry<QuoteGroupDetail>[] | undefined };
  readonly claimGroups: ClaimGroupDetail[];
  claimSpans: { get(file: string): SpanEntry<ClaimGroupDetail>[] | undefined };
  readonly derivations: Derivation[];
  /** The source each rewritten file is derived from (the best-scoring derivation; both are in one story). */
  derivedFrom: { get(file: string): string | undefined };
  /** Every finding, by story id, then finding id. */
  readonly findings: Finding[];
  /** How many findings there are (`findings.length`, without building the list). */
  readonly findingCount: number;
  /**
   * Findings with a side in `file`, by finding id (a file's findings all come from its story). The
   * same array while the story's results are reused, so callers can tell "unchanged" by identity.
   */
  findingsByFile: { get(file: string): Finding[] | undefined };
}

/** Per-article values that depend on the article alone, cached by content hash. */
export interface ArticleFeatures {
  hash: string;
  /** Raw term counts (compact: term numbers of this thread's dictionary, see terms.ts). */
  terms: TermCounts;
  quotes: QuoteFeatures[];
  claims: ClaimFeatures[];
  sentences: SentenceStems[];
  /** Stance statements in the article's own words (for opposite statements). */
  statements: Statement[];
}

export function articleFeatures(article: Article): ArticleFeatures {
  return {
    hash: article.hash,
    terms: articleTerms(article),
    quotes: article.quotes.map((q) => quoteFeatures(article.file, q)),
    claims: article.claims.map((c) => claimFeatures(article, c)),
    sentences: sentenceStems(article),
    statements: articleStatements(article),
  };
}

export interface Tracing {
  /** Milliseconds each stage of a pass took (stories, people, per-story results, assembly). */
  stage?: (name: string, ms: number) => void;
  quotePair?: (a: QuoteFeatures, b: QuoteFeatures, match: QuoteMatch) => void;
  alignment?: (derived: string, source: string, alignment: Alignment) => void;
}

/** What an incremental index keeps between passes: story vectors and similarities, and each story's results. */
export interface CrossReferenceCache {
  stories: StoryCaches;
  names: NameLinks;
  /** Story id → the story's results, its files and the signature of everything they were computed from. */
  storyResults: Map<string, { signature: string; files: string[]; results: StoryResults }>;
  /** How many stories the last pass computed (the others came from the cache). */
  storiesComputed: number;
  /** Whether the last pass linked people again (false: their inputs were unchanged and the links reused). */
  peopleLinked: boolean;
  /** What the last pass read and made, to tell what the next one may reuse. */
  last?: LastPass;
  /**
   * Kept by the corpus between passes: each file whose article was replaced since the last pass,
   * with the article that pass read (the first replaced), so the next pass need not compare every
   * article with the last pass's; undefined when files came or went (or no pass ran yet).
   */
  changes?: Map<string, Article>;
}

interface LastPass {
  byFile: FileLookup<Article>;
  storyOfFile: Map<string, string>;
  /** The stories and the story of each file, reused by the next pass where the grouping stays. */
  stories: Story[];
  storyObjectOfFile: FileLookup<Story>;
  outletLabels: Map<string, string>;
  people: PeopleStage;
}

interface PeopleStage {
  index: ReturnType<typeof linkPeople>;
}

export function newCrossReferenceCache(): CrossReferenceCache {
  return { stories: { graph: new StoryGraph() }, names: newNameLinks(), storyResults: new Map(), storiesComputed: 0, peopleLinked: true };
}

/** What one story yields; depends on its articles, their people's entities, outlet labels and IDF only. */
export interface StoryResults {
  quoteGroups: QuoteGroupDetail[];
  claimGroups: ClaimGroupDetail[];
  derivations: Derivation[];
  findings: Finding[];
}

/**
 * The derivations a story's results found per pair of articles, by the pair's files and vector keys
 * (kept beside the results, not in them: results are saved to disk and this is only a shortcut).
 */
const derivationPairsOf = new WeakMap<StoryResults, Map<string, Derivation[]>>();

/** A story's results arranged per file, built when first asked for and kept with the results. */
interface StoryTables {
  /** The story's findings, one per id (the first made), by id. */
  findings: Finding[];
  findingsByFile: Map<string, Finding[]>;
  derivedFrom: Map<string, string>;
}

/**
 * A story's quote and claim group spans per file, built when a file of the story is first asked
 * about (hover, definition, references, code lens) and kept with the results; publishing diagnostics
 * reads only the `StoryTables`, so a cold start does not build them for every story.
 */
interface StorySpans {
  quoteSpans: Map<string, SpanEntry<QuoteGroupDetail>[]>;
  claimSpans: Map<string, SpanEntry<ClaimGroupDetail>[]>;
}

const storyTables = new WeakMap<StoryResults, StoryTables>();
const storySpans = new WeakMap<StoryResults, StorySpans>();

function tablesOf(results: StoryResults): StoryTables {
  let tables = storyTables.get(results);
  if (tables) return tables;
  const unique = new Map<string, Finding>();
  for (const f of results.findings) if (!unique.has(f.id)) unique.set(f.id, f);
  const findings = [...unique.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const findingsByFile = new Map<string, Finding[]>();
  for (const f of findings) for (const file of new Set(f.sides.map((s) => s.file))) pushSpan(findingsByFile, file, f);
  storyTables.set(results, (tables = { findings, findingsByFile, derivedFrom: derivedSources(results.derivations) }));
  return tables;
}

function spansOf(results: StoryResults): StorySpans {
  let spans = storySpans.get(results);
  if (spans) return spans;
  const quoteSpans = new Map<string, SpanEntry<QuoteGroupDetail>[]>();
  for (const detail of results.quoteGroups) {
    for (const m of detail.members) pushSpan(quoteSpans, m.file, { start: m.quote.start, end: m.quote.end, value: detail });
  }
  for (const list of quoteSpans.values()) sortSpans(list);
  const claimSpans = new Map<string, SpanEntry<ClaimGroupDetail>[]>();
  for (const detail of results.claimGroups) {
    for (const m of detail.members) pushSpan(claimSpans, m.file, { start: m.claim.start, end: m.claim.end, value: detail });
  }
  for (const list of claimSpans.values()) sortSpans(list);
  storySpans.set(results, (spans = { quoteSpans, claimSpans }));
  return spans;
}

export function crossReference(
  articles: Article[],
  featuresOf: (article: Article) => ArticleFeatures,
  tracing: Tracing = {},
  /** Story of each file in the previous pass, so story ids stay put as articles come and go. */
  previousStories?: Map<string, string>,
  /** Caches of an incremental index: a story whose inputs did not change reuses its results. */
  cache?: CrossReferenceCache,
  /**
   * Called after each story whose results were computed (not reused): what that computation made
   * only for itself can go now rather than at the end of the pass (lean features' rebuilt parts).
   */
  storyDone?: () => void,
): CrossReference {
  let clock = Date.now();
  const lap = (name: string): void => {
    if (!tracing.stage) return;
    const now = Date.now();
    tracing.stage(name, now - clock);
    clock = now;
  };
  const last = cache?.last;
  // The articles replaced since the last pass (undefined: files came or went, or there was no pass):
  // as the corpus recorded them when it can, else by comparing every article with the last pass's.
  const replaced = last ? (cache!.changes && replacedAsRecorded(last, cache!.changes, articles)) || replacedSince(last, articles) : undefined;
  // The last pass's table with the replaced articles laid over it, else a new one (this runs on every edit).
  const byFile = (last && replaced && withReplaced(last.byFile, replaced.map(([, after]) => [after.file, after] as const))) || mapByFile(articles);
  // Labels read the files and each article's outlet: reused while no edited article changed its outlet.
  const outletLabels = last && replaced && replaced.every(([before, after]) => sameOutlet(before, after))
    ? last.outletLabels
    : labelOutlets(articles);

  // Stories
  const storyIndex = buildStories(articles, (a) => featuresOf(a).terms, undefined, previousStories, cache?.stories, replaced?.map(([, after]) => after));
  const storyById = new Map(storyIndex.stories.map((s) => [s.id, s]));
  const storyOfFile = (last && storyIndex.storyOfFile === last.storyOfFile && storiesReplaced(last, storyIndex.stories)) || storiesByFile(storyIndex.stories);
  lap('stories');

  // People: linked again only when a person's name, an article or a story's membership changed.
  const reusePeople = last !== undefined && replaced !== undefined && peopleInputsUnchanged(last, replaced, storyIndex.storyOfFile);
  const people: PeopleStage = reusePeople ? last.people : { index: linkPeople(articles, (f) => storyOfFile.get(f)?.id, cache?.names) };
  const { index: peopleIndex } = people;
  const { personById } = peopleIndex;
  if (cache) cache.peopleLinked = !reusePeople;
  lap('people');
  // Person spans per file, built when a file is first asked about.
  const personSpanCache = new Map<string, SpanEntry<string>[]>();
  const personSpans = {
    get(file: string): SpanEntry<string>[] | undefined {
      let spans = personSpanCache.get(file);
      if (spans) return spans;
      const article = byFile.get(file);
      if (!article) return undefined;
      spans = [];
      const entities = peopleIndex.entitiesOfFile(file);
      article.people.forEach((person, i) => {
        const id = entities?.[i]?.id;
        if (!id) return;
        for (const m of person.mentions) spans.push({ start: m.start, end: m.end, value: id });
      });
      personSpanCache.set(file, sortSpans(spans));
      return spans;
    },
  };

  // IDF of a stem, computed once per pass (every story's sentence vectors read it).
  const idfOf = new Map<string, number>();
  const context: StoryContext = {
    byFile, featuresOf, tracing, peopleIndex, personById,
    idf: (t: string): number => {
      let value = idfOf.get(t);
      if (value === undefined) idfOf.set(t, (value = inverseDocumentFrequency(storyIndex.documentFrequency.get(t) ?? 1, storyIndex.articleCount)));
      return value;
    },
    vectorOf: (file: string) => storyIndex.vectors.get(file)!,
    vectorKeyOf: (file: string) => storyIndex.vectorKeys.get(file) || undefined,
  };
  const tracingOn = tracing.quotePair !== undefined || tracing.alignment !== undefined;
  // Files whose story results may read something new: the text, the statistics its vector read. (Their
  // outlet labels are the story's own, made from its files' texts: `storyOutletLabels`.)
  const touched = new Set<string>();
  if (last && reusePeople) {
    for (const [, after] of replaced!) touched.add(after.file);
    const changedVectors = storyIndex.vectorsChanged;
    if (changedVectors === undefined || changedVectors === 'all') for (const a of articles) touched.add(a.file);
    else for (const file of changedVectors) touched.add(file);
  }
  // The stories holding a touched file (not every story's files looked up in `touched`).
  const touchedStories = new Set<string>();
  for (const file of touched) {
    const story = storyOfFile.get(file);
    if (story) touchedStories.add(story.id);
  }
  const resultsById = new Map<string, StoryResults>();
  const keptResults = new Map<string, { signature: string; files: string[]; results: StoryResults }>();
  let computed = 0;
  let made = 0;
  // Each story's people, read only where a story's results are computed.
  const entitiesOf = (story: Story): PersonEntity[] => peopleIndex.entitiesByStory.get(story.id) ?? [];
  for (const story of storyIndex.stories) {
    if (!cache || tracingOn) {
      resultsById.set(story.id, storyResults(story, entitiesOf(story), context));
      made++;
      forgetContextFacts();
      storyDone?.();
      continue;
    }
    const cached = cache.storyResults.get(story.id);
    // The signature reads every person of the story; it is needed only where an input may have moved.
    if (cached && reusePeople && sameList(cached.files, story.files) && !touchedStories.has(story.id)) {
      keptResults.set(story.id, cached.files === story.files ? cached : { ...cached, files: story.files });
      resultsById.set(story.id, cached.results);
      continue;
    }
    const signature = storySignature(story, context, storyIndex.vectorKeys);
    let result: StoryResults;
    if (cached && cached.signature === signature) result = cached.results;
    else {
      result = storyResults(story, entitiesOf(story), context, cached && derivationPairsOf.get(cached.results));
      computed++;
      // What the story's computation made for itself goes now, not at the end of the pass.
      forgetContextFacts();
      storyDone?.();
    }
    keptResults.set(story.id, { signature, files: story.files, results: result });
    resultsById.set(story.id, result);
  }
  // A pass that computed many stories leaves its last quotes in the comparison's memos and every
  // article's vector weights in the story graph: they go (computed again where read, the same values).
  if (made + computed >= MANY_STORIES) {
    forgetQuoteMemos();
    cache?.stories.graph.releaseWeights();
  }
  if (cache) {
    cache.storyResults = keptResults;
    cache.storiesComputed = computed;
    cache.last = { byFile, storyOfFile: storyIndex.storyOfFile, stories: storyIndex.stories, storyObjectOfFile: storyOfFile, outletLabels, people };
    cache.changes = new Map();
  }
  lap('story results');

  const resultsOfFile = (file: string): StoryResults | undefined => {
    const story = storyOfFile.get(file);
    return story ? resultsById.get(story.id) : undefined;
  };
  const tablesOfFile = (file: string): StoryTables | undefined => {
    const results = resultsOfFile(file);
    return results ? tablesOf(results) : undefined;
  };
  const spansOfFile = (file: string): StorySpans | undefined => {
    const results = resultsOfFile(file);
    return results ? spansOf(results) : undefined;
  };
  const ordered = (): StoryResults[] => storyIndex.stories.map((s) => resultsById.get(s.id)!);
  let quoteGroups: QuoteGroupDetail[] | undefined;
  let claimGroups: ClaimGroupDetail[] | undefined;
  let derivations: Derivation[] | undefined;
  let findings: Finding[] | undefined;
  const index: CrossReference = {
    outletLabels,
    stories: storyIndex.stories,
    storyById,
    storyOfFile,
    storyIdOfFile: storyIndex.storyOfFile,
    people: peopleIndex.entities,
    personById,
    get entityOfMember() {
      return peopleIndex.entityOfMember;
    },
    entityIdOf: peopleIndex.entityIdOf,
    personSpans,
    resultsOf: (storyId) => resultsById.get(storyId),
    freshResultsOf: (storyId) => {
      const story = storyById.get(storyId);
      return story ? storyResults(story, peopleIndex.entitiesByStory.get(story.id) ?? [], context) : undefined;
    },
    get quoteGroups() {
      return (quoteGroups ??= ordered().flatMap((r) => r.quoteGroups));
    },
    quoteSpans: { get: (file) => spansOfFile(file)?.quoteSpans.get(file) },
    get claimGroups() {
      return (claimGroups ??= ordered().flatMap((r) => r.claimGroups));
    },
    claimSpans: { get: (file) => spansOfFile(file)?.claimSpans.get(file) },
    get derivations() {
      return (derivations ??= ordered().flatMap((r) => r.derivations));
    },
    derivedFrom: { get: (file) => tablesOfFile(file)?.derivedFrom.get(file) },
    get findings() {
      if (findings) return findings;
      // One per id (finding ids are hashed with their story's id, so stories never share one).
      const ids = [...storyIndex.stories.map((s) => s.id)].sort();
      const seen = new Set<string>();
      findings = [];
      for (const id of ids) {
        for (const f of tablesOf(resultsById.get(id)!).findings) {
          if (seen.has(f.id)) continue;
          seen.add(f.id);
          findings.push(f);
        }
      }
      return findings;
    },
    get findingCount() {
      // Story ids are part of every finding id, so stories never share one: the sum is the list's length.
      return findings ? findings.length : storyIndex.stories.reduce((sum, s) => sum + tablesOf(resultsById.get(s.id)!).findings.length, 0);
    },
    findingsByFile: { get: (file) => tablesOfFile(file)?.findingsByFile.get(file) },
  };
  lap('assembly');
  return index;
}

function mapByFile(articles: Article[]): Map<string, Article> {
  const byFile = new Map<string, Article>();
  for (const a of articles) byFile.set(a.file, a); // no pair array per article
  return byFile;
}

function storiesByFile(stories: Story[]): Map<string, Story> {
  const storyOfFile = new Map<string, Story>();
  for (const s of stories) for (const f of s.files) storyOfFile.set(f, s);
  return storyOfFile;
}

/**
 * The last pass's story of each file with the stories that changed laid over it, when the grouping
 * is the last pass's (the same stories in the same order, some retitled); else undefined.
 */
function storiesReplaced(last: LastPass, stories: Story[]): FileLookup<Story> | undefined {
  if (stories === last.stories) return last.storyObjectOfFile;
  if (stories.length !== last.stories.length) return undefined;
  const entries: [string, Story][] = [];
  for (let i = 0; i < stories.length; i++) {
    const story = stories[i];
    if (story === last.stories[i]) continue;
    if (story.id !== last.stories[i].id || !sameList(story.files, last.stories[i].files)) return undefined;
    for (const f of story.files) entries.push([f, story]);
  }
  return withReplaced(last.storyObjectOfFile, entries);
}

/**
 * [before, after] for each article the corpus recorded as replaced since the last pass, the after
 * found by name in `articles` (sorted by file). Undefined when the record does not fit `articles`
 * (then every article is compared).
 */
function replacedAsRecorded(last: LastPass, changes: Map<string, Article>, articles: Article[]): [Article, Article][] | undefined {
  if (last.byFile.size !== articles.length) return undefined;
  const replaced: [Article, Article][] = [];
  for (const [file, before] of changes) {
    if (last.byFile.get(file) !== before) return undefined;
    const after = articleNamed(articles, file);
    if (after === undefined) return undefined;
    if (after !== before) replaced.push([before, after]);
  }
  return replaced;
}

/** Binary search of `articles` sorted by file; undefined when absent or the list is out of order there. */
function articleNamed(articles: Article[], file: string): Article | undefined {
  const found = articles[filePosition(articles.length, (i) => articles[i].file, file)];
  return found?.file === file ? found : undefined;
}

/** [before, after] for each article replaced since the last pass; undefined when files came or went. */
function replacedSince(last: LastPass, articles: Article[]): [Article, Article][] | undefined {
  if (last.byFile.size !== articles.length) return undefined;
  const replaced: [Article, Article][] = [];
  for (const a of articles) {
    const before = last.byFile.get(a.file);
    if (before === undefined) return undefined;
    if (before !== a) replaced.push([before, a]);
  }
  return replaced;
}

function sameOutlet(before: Article, after: Article): boolean {
  return outletName(before) === outletName(after) && !before.metadata.outlet === !after.metadata.outlet;
}

/**
 * Whether linking people would give what the last pass gave (the same files): it reads each
 * article's people (key and name) and each file's story, nothing else.
 */
function peopleInputsUnchanged(last: LastPass, replaced: [Article, Article][], storyOfFile: Map<string, string>): boolean {
  for (const [before, a] of replaced) {
    if (before.people.length !== a.people.length) return false;
    for (let i = 0; i < a.people.length; i++) {
      if (before.people[i].key !== a.people[i].key || before.people[i].name !== a.people[i].name) return false;
    }
  }
  if (storyOfFile === last.storyOfFile) return true;
  if (storyOfFile.size !== last.storyOfFile.size) return false;
  for (const [file, id] of storyOfFile) if (last.storyOfFile.get(file) !== id) return false;
  return true;
}

function sameList(a: string[], b: string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

interface StoryContext {
  byFile: FileLookup<Article>;
  featuresOf: (article: Article) => ArticleFeatures;
  tracing: Tracing;
  peopleIndex: ReturnType<typeof linkPeople>;
  personById: Map<string, PersonEntity>;
  idf: (term: string) => number;
  vectorOf: (file: string) => TermVector;
  /** The key a file's vector was cached under (text hash and statistics read); undefined without caches. */
  vectorKeyOf: (file: string) => string | undefined;
}

/**
 * Everything a story's results read from outside the story: its files' texts (by hash) and
 * statistics (their vector keys), outlet labels, and the entity (id and name) of every person named.
 */
function storySignature(story: Story, context: StoryContext, vectorKeys: { get(file: string): string | undefined }): string {
  const parts: string[] = [story.id];
  const labels = storyOutletLabels(story, context.byFile);
  for (const file of story.files) {
    const article = context.byFile.get(file)!;
    parts.push(file, vectorKeys.get(file) || article.hash, labels.get(file)!);
    // Each person's entity, id then name (ids start "person-", so never "-").
    const entities = context.peopleIndex.entitiesOfFile(file);
    for (let i = 0; i < article.people.length; i++) {
      const entity = entities?.[i];
      if (entity) parts.push(entity.id, entity.name);
      else parts.push('-');
    }
  }
  // Kept (and stored between sessions) as a digest: the joined inputs run to kilobytes per story.
  return createHash('sha256').update(parts.join('\u0001')).digest('base64');
}

/**
 * Quote groups, claim groups, derivations and findings of one story. `previousPairs`: the derivations
 * an earlier version of the story found per pair of articles, reused for pairs whose two articles
 * kept their vector keys (the alignment reads the two texts and the statistics their vectors read).
 */
function storyResults(
  story: Story, storyEntities: PersonEntity[], context: StoryContext, previousPairs?: Map<string, Derivation[]>,
): StoryResults {
  const { byFile, featuresOf, tracing, peopleIndex, personById } = context;
  const outletLabels = storyOutletLabels(story, byFile);
  const outlet = (file: string): string => outletLabels.get(file)!;
  // One string for equal side texts: a source several articles were rewritten from gives each pair's
  // finding its first passage, sliced afresh from its text (run 22: 5 MB of copies at 10,000 articles).
  const sideTexts = new SharedValues();
  const side = (file: string, start: number, end: number, text: string): FindingSide => ({
    file, start, end, outlet: outlet(file), text: sideTexts.text(text),
  });
  const findings: Finding[] = [];

  // Quote groups
  const quoteGroups: QuoteGroupDetail[] = [];
  const quotes = story.files.flatMap((f) => featuresOf(byFile.get(f)!).quotes);
  for (const members of groupStoryQuotes(story.id, quotes, tracing.quotePair)) {
    const speakerIds = members.map((m) =>
      m.quote.speakerKey ? peopleIndex.entityIdOf(m.file, m.quote.speakerKey) ?? null : null,
    );
    const speakerName = (m: QuoteFeatures): string | null => {
      const id = speakerIds[members.indexOf(m)];
      return id ? personById.get(id)!.name : m.quote.speaker;
    };
    quoteGroups.push(quoteGroupDetail(story.id, members, speakerIds, quoteSpeaker(members, speakerName)));
  }
  for (const detail of quoteGroups) findings.push(...quoteFindings(detail, side, personById));

  // Claim groups
  const claims = story.files.flatMap((f) => featuresOf(byFile.get(f)!).claims);
  const claimGroups = groupStoryClaims(story.id, claims);
  for (const detail of claimGroups) findings.push(...contradictionFindings(detail, side));

  // Spelling variants
  findings.push(...spellingFindings(story, storyEntities, peopleIndex.nameOf, byFile, side));

  // Opposite statements
  if (story.files.length >= 2) {
    const pairs = findOpposites(
      story.files,
      (f) => featuresOf(byFile.get(f)!).statements,
      peopleIndex.entityIdOf,
    );
    for (const pair of pairs) findings.push(oppositeFinding(story.id, pair, personById, byFile, side));
  }

  // Derivations, candidate pairs blocked by whole-article similarity
  const derivations: Derivation[] = [];
  const derivationPairs = new Map<string, Derivation[]>();
  if (story.files.length >= 2) {
    const sentences = new Map<string, ArticleSentences>();
    const sentencesOf = (f: string): ArticleSentences => {
      let found = sentences.get(f);
      if (!found) sentences.set(f, (found = articleSentences(byFile.get(f)!, context.idf, undefined, featuresOf(byFile.get(f)!).sentences)));
      return found;
    };
    // A rewrite shares most of its source's vocabulary: only similar pairs are aligned sentence by sentence.
    const candidate = (a: string, b: string): boolean => dotProduct(context.vectorOf(a), context.vectorOf(b)) >= DERIVATION_CANDIDATE;
    // Pairs in the order `findDerivations` takes them over the whole story; each pair is independent.
    const n = story.files.length;
    const pairs: { x: number; y: number; key: string | undefined; found: Derivation[] | undefined; aligned: boolean }[] = [];
    // For each article, the articles to align against it (as their source) for the pairs computed here.
    const against = new Map<number, number[]>();
    const alignAgainst = (source: number, derived: number): void => {
      const list = against.get(source);
      if (list) list.push(derived);
      else against.set(source, [derived]);
    };
    for (let x = 0; x < n; x++) {
      for (let y = x + 1; y < n; y++) {
        const [a, b] = [story.files[x], story.files[y]];
        const keyA = context.vectorKeyOf(a);
        const keyB = context.vectorKeyOf(b);
        const key = keyA && keyB ? `${a}\u0001${keyA}\u0002${b}\u0001${keyB}` : undefined;
        let found = key ? previousPairs?.get(key) : undefined;
        // Only candidate pairs are remembered (a pair that is none is told again by one dot product).
        const aligned = found !== undefined || candidate(a, b);
        if (!aligned) found = NO_DERIVATIONS;
        else if (found === undefined) {
          alignAgainst(y, x);
          alignAgainst(x, y);
        }
        pairs.push({ x, y, key, found, aligned });
      }
    }
    // Sentence vectors are built only for articles with a candidate pair (`findDerivations` skips the
    // others); each article's postings (the source side) are built once and dropped once every
    // article paired with it is aligned against it, so a story holds one article's at a time.
    const alignments = new Map<number, Alignment>();
    for (let source = 0; source < n; source++) {
      const derived = against.get(source);
      if (!derived) continue;
      const aligner = alignerFor(sentencesOf(story.files[source]));
      for (const d of derived) alignments.set(d * n + source, aligner(sentencesOf(story.files[d])));
    }
    const found: Derivation[] = [];
    for (const pair of pairs) {
      if (pair.found === undefined) {
        const [a, b] = [sentencesOf(story.files[pair.x]), sentencesOf(story.files[pair.y])];
        const derivation = pairDerivation(a, b, alignments.get(pair.x * n + pair.y)!, alignments.get(pair.y * n + pair.x)!, tracing.alignment);
        pair.found = derivation ? [derivation] : NO_DERIVATIONS;
      }
      if (pair.key && pair.aligned) derivationPairs.set(pair.key, pair.found);
      found.push(...pair.found);
    }
    for (const d of found) {
      derivations.push(d);
      const first = d.passages[0];
      const pct = Math.round(d.score * 100);
      findings.push({
        id: 'derived-' + stableHash(`derived\u0000${story.id}\u0000${d.derived}\u0000${d.source}`),
        kind: 'derived',
        severity: 'information',
        summary: `${outlet(d.derived)} appears rewritten from ${outlet(d.source)}: ${pct}% of its sentences follow the source in order`,
        storyId: story.id,
        sides: [
          side(d.derived, first.derived.start, first.derived.end, ownSlice(byFile.get(d.derived)!.text, first.derived.start, first.derived.end)),
          side(d.source, first.source.start, first.source.end, ownSlice(byFile.get(d.source)!.text, first.source.start, first.source.end)),
        ],
      });
    }
  }
  const derivedFrom = derivedSources(derivations);

  // A rewritten article is not independent corroboration: say so where one takes part in a finding.
  for (const finding of findings) {
    if (finding.kind === 'derived' || finding.kind === 'spelling-variant') continue;
    const files = [...new Set(finding.sides.map((s) => s.file))];
    const { independent, rewrites } = corroboration(files, derivedFrom);
    if (rewrites.length === 0) continue;
    const which = rewrites.map(([d, src]) => `${outlet(d)} is rewritten from ${outlet(src)}`).join('; ');
    finding.summary += ` (${files.length} articles, ${independent} independent: ${which})`;
  }
  const results: StoryResults = { quoteGroups, claimGroups, derivations, findings };
  if (derivationPairs.size > 0) derivationPairsOf.set(results, derivationPairs);
  return results;
}

/**
 * How many of `files` are independent reports: an article derived (directly or through a chain)
 * from another of `files` counts with its source. `rewrites` lists the (derived, source) pairs.
 */
export function corroboration(files: string[], derivedFrom: { get(file: string): string | undefined }): { independent: number; rewrites: [string, string][] } {
  const set = new Set(files);
  const roots = new Set<string>();
  const rewrites: [string, string][] = [];
  for (const file of files) {
    let root = file;
    const seen = new Set([root]);
    for (let source = derivedFrom.get(root); source !== undefined && !seen.has(source); source = derivedFrom.get(source)) {
      seen.add(source);
      if (set.has(source)) {
        if (root === file) rewrites.push([file, source]);
        root = source;
      }
    }
    roots.add(root);
  }
  return { independent: roots.size, rewrites };
}

/** Each derived file's source: that of its best-scoring derivation. */
function derivedSources(derivations: Derivation[]): Map<string, string> {
  const derivedFrom = new Map<string, string>();
  for (const d of [...derivations].sort((a, b) => b.score - a.score)) if (!derivedFrom.has(d.derived)) derivedFrom.set(d.derived, d.source);
  return derivedFrom;
}

/**
 * How a story's findings and Compare coverage name its articles: the outlet, with the file's name
 * only where two of the story's articles share it. An archive holds many articles of each outlet, so
 * the workspace's labels (`labelOutlets`) carry the file name almost everywhere, where within one story
 * it tells nothing the outlet does not.
 */
export function storyOutletLabels(story: Story, byFile: { get(file: string): Article | undefined }): Map<string, string> {
  const articles: Article[] = [];
  for (const file of story.files) {
    const article = byFile.get(file);
    if (article !== undefined) articles.push(article);
  }
  return labelOutlets(articles);
}

/** The outlet of each article, with the file's name where two of `articles` share the outlet. */
function labelOutlets(articles: Article[]): Map<string, string> {
  const names = articles.map(outletName);
  const count = new Map<string, number>();
  for (const name of names) count.set(name, (count.get(name) ?? 0) + 1);
  const labels = new Map<string, string>();
  for (let i = 0; i < articles.length; i++) {
    const a = articles[i];
    const name = names[i];
    labels.set(a.file, count.get(name)! > 1 && a.metadata.outlet ? `${name} (${fileStem(a.file)})` : name);
  }
  return labels;
}

function pushSpan<T>(map: Map<string, T[]>, file: string, entry: T): void {
  const list = map.get(file);
  if (list) list.push(entry);
  else map.set(file, [entry]);
}

function sortSpans<T>(spans: SpanEntry<T>[]): SpanEntry<T>[] {
  return spans.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** The innermost entry containing `offset` (end inclusive, so a cursor just after a word still hits it). */
export function spanAt<T>(spans: SpanEntry<T>[] | undefined, offset: number): T | undefined {
  if (!spans || spans.length === 0) return undefined;
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].start <= offset) lo = mid + 1;
    else hi = mid;
  }
  // spans[0..lo) start at or before offset; look back for the innermost one that still contains it.
  let found: SpanEntry<T> | undefined;
  for (let k = lo - 1; k >= 0 && k >= lo - 64; k--) {
    const s = spans[k];
    if (s.end >= offset && (!found || s.end - s.start < found.end - found.start)) found = s;
  }
  return found?.value;
}

// ---------------------------------------------------------------------------------------------
// Quotes: variants and speaker conflicts

type SideMaker = (file: string, start: number, end: number, text: string) => FindingSide;

/** Each article's version of a grouped quote: its members in reading order, joined. */
export function articleVersions(members: QuoteFeatures[]): Map<string, { text: string; members: QuoteFeatures[]; all: QuoteFeatures[] }> {
  const byFile = new Map<string, QuoteFeatures[]>();
  for (const m of members) {
    const list = byFile.get(m.file);
    if (list) list.push(m);
    else byFile.set(m.file, [m]);
  }
  const out = new Map<string, { text: string; members: QuoteFeatures[]; all: QuoteFeatures[] }>();
  for (const [file, list] of [...byFile.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    list.sort((a, b) => a.quote.start - b.quote.start);
    const parts = withoutRepeats(list);
    out.set(file, { text: parts.map((m) => m.quote.text.trim()).join(' … '), members: parts, all: list });
  }
  return out;
}

function wordCount(text: string): number {
  return normalizedQuoteText(text).split(' ').filter(Boolean).length;
}

function severityOf(level: VariantLevel): Severity | null {
  return level === 'hint' || level === 'information' || level === 'warning' ? level : null;
}

function quoteFindings(detail: QuoteGroupDetail, side: SideMaker, personById: Map<string, PersonEntity>): Finding[] {
  const versions = articleVersions(detail.members);
  if (versions.size < 2) return [];
  const out: Finding[] = [];
  const sides = detail.members.map((m) => side(m.file, m.quote.start, m.quote.end, m.quote.text));
  const speakerLabel = SPEAKER in detail ? (detail as QuoteGroupDetail & { [SPEAKER]: string | null })[SPEAKER] : detail.group.speaker;

  if (!detail.members.every((m) => m.quote.scare)) {
    const words = new Map([...versions.values()].map((v) => [v, wordCount(v.text)]));
    const ordered = [...versions.entries()].sort((a, b) => words.get(b[1])! - words.get(a[1])! || (a[0] < b[0] ? -1 : 1));
    const [refFile, ref] = ordered[0];
    // A quote split by the outlet's own words ("thousands of our supporters" will "very definitely be…")
    // is compared part by part, so words left outside the marks are not read as a change.
    // An article that quotes the words twice (repeats dropped from its version) and has them once
    // exactly as the other outlet does is not worded differently from it.
    const compare = (version: { text: string; members: QuoteFeatures[]; all: QuoteFeatures[] }): ReturnType<typeof compareVersions> =>
      sameWordsInRepeat(ref, version)
        ? { level: 'same', change: null }
        : version.members.length < 2
        ? compareVersions(ref.text, version.text)
        : version.members
          .map((m) => compareVersions(ref.text, m.quote.text))
          .reduce((x, y) => (worseLevel(x.level, y.level) === x.level ? x : y));
    const comparisons = ordered.slice(1).map(([file, version]) => ({ file, cmp: compare(version) }));
    let worst: { file: string; change: [string, string]; level: VariantLevel } | null = null;
    for (const { file, cmp } of comparisons) {
      if (!severityOf(cmp.level) || !cmp.change) continue;
      if (!worst || worseLevel(worst.level, cmp.level) !== worst.level) worst = { file, change: cmp.change, level: cmp.level };
    }
    const level: VariantLevel = worst ? worst.level : 'same';
    const severity = severityOf(level);
    if (severity && worst) {
      const texts = [...versions.values()].map((v) => normalizedQuoteText(v.text)).sort();
      out.push({
        id: 'quote-variant-' + stableHash(`quote-variant\u0000${detail.storyId}\u0000${texts.join('\u0001')}`),
        kind: 'quote-variant',
        severity,
        summary:
          `${speakerLabel ? speakerLabel + "'s quote" : 'Quote'} worded differently: ` +
          `${side(refFile, 0, 0, '').outlet} has "…${worst.change[0]}…", ${side(worst.file, 0, 0, '').outlet} has "…${worst.change[1]}…"`,
        storyId: detail.storyId,
        sides,
      });
    }
  }

  // Speaker conflicts: members of different articles explicitly credited to different people. Short
  // phrases (often repeated by several people), articles that credit the quote to two people and
  // people sharing a surname (more likely a name resolved to the wrong relative) are left out.
  // A member that quotes another member's words inside its own marks credits them to that speaker.
  const credited = new Map<string, Set<string>>();
  const speakersInFile = new Map<string, Set<string>>();
  const reporting = new Set(detail.members.filter((m) => detail.members.some((o) => o.file !== m.file && quotesInside(m, o))));
  detail.members.forEach((m, i) => {
    const id = detail.speakerIds[i];
    if (!id || !m.quote.verb || m.stems.length < 5 || reporting.has(m)) return;
    let set = speakersInFile.get(m.file);
    if (!set) speakersInFile.set(m.file, (set = new Set()));
    set.add(id);
  });
  detail.members.forEach((m, i) => {
    const id = detail.speakerIds[i];
    if (!id || !m.quote.verb || m.stems.length < 5 || reporting.has(m) || speakersInFile.get(m.file)!.size > 1) return;
    let files = credited.get(id);
    if (!files) credited.set(id, (files = new Set()));
    files.add(m.file);
  });
  const surnames = new Set([...credited.keys()].map((id) => lastName(personById.get(id)?.name ?? id).toLowerCase()));
  // "Kim" and "Kim Jong Un": one name inside the other is one person named two ways, not two speakers.
  const nameWords = [...credited.keys()].map((id) => normalizedText(personById.get(id)?.name ?? id).split(' '));
  const nested = nameWords.some((a, i) => nameWords.some((b, j) => i !== j && a.every((w) => b.includes(w))));
  if (credited.size >= 2 && surnames.size === credited.size && !nested) {
    const speakers = [...credited.entries()].sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1));
    const allFiles = new Set(speakers.flatMap(([, files]) => [...files]));
    if (allFiles.size >= 2) {
      const describe = ([id, files]: [string, Set<string>]): string =>
        `to ${personById.get(id)?.name ?? id} by ${listNames([...files].map((f) => side(f, 0, 0, '').outlet))}`;
      const shortQuote = shorten(detail.members[0].quote.text, 10);
      out.push({
        id: 'speaker-conflict-' + stableHash(`speaker-conflict\u0000${detail.storyId}\u0000${speakers.map(([id]) => id).sort().join('|')}\u0000${normalizedText(shortQuote)}`),
        kind: 'speaker-conflict',
        severity: 'warning',
        summary: `"${shortQuote}" is credited ${speakers.map(describe).join(' and ')}`,
        storyId: detail.storyId,
        sides,
      });
    }
  }
  return out;
}

function sameWordsInRepeat(
  a: { members: QuoteFeatures[]; all: QuoteFeatures[] },
  b: { members: QuoteFeatures[]; all: QuoteFeatures[] },
): boolean {
  if (a.all.length === a.members.length && b.all.length === b.members.length) return false;
  return a.all.some((x) => b.all.some((y) => compareVersions(x.quote.text, y.quote.text).level === 'same'));
}

function lastName(name: string): string {
  const parts = name.trim().split(/\s+/);
  return parts[parts.length - 1];
}

// ---------------------------------------------------------------------------------------------
// Claims: groups and contradictions

function groupStoryClaims(storyId: string, claims: ClaimFeatures[]): ClaimGroupDetail[] {
  // Relations of the pairs compared, by i * n + j (i < j).
  const n = claims.length;
  const relations = new Map<number, ReturnType<typeof relateClaims>>();
  const sets = new DisjointSets(claims.length);
  const blocks = new Map<string, number[]>();
  claims.forEach((c, i) => {
    const k = claimBlock(c);
    const list = blocks.get(k);
    if (list) list.push(i);
    else blocks.set(k, [i]);
  });
  for (const list of blocks.values()) {
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const i = list[x];
        const j = list[y];
        if (claims[i].file === claims[j].file) continue;
        const r = relateClaims(claims[i], claims[j]);
        if (r === 'unrelated') continue;
        relations.set(i * n + j, r);
        sets.union(i, j);
      }
    }
  }
  const details: ClaimGroupDetail[] = [];
  for (const indexes of sets.groups()) {
    const members = indexes.map((i) => claims[i]);
    // Every pair's relation (a < b) is read here (contradicting members), so it is kept as one letter
    // per pair: the group's `relation` then holds neither the story's pair map nor its claims.
    let contradicting: Set<number> | undefined;
    const letters: string[] = [];
    for (let a = 0; a < members.length; a++) {
      for (let b = a + 1; b < members.length; b++) {
        const compared = relations.get(indexes[a] * n + indexes[b]);
        const sameFile = members[a].file === members[b].file;
        const r = compared ?? (sameFile ? 'agrees' : relateClaims(members[a], members[b]));
        // Upper case: relateClaims(a, b) called here, so (b, a) is not read from the table.
        letters.push(compared !== undefined || sameFile ? RELATION_LETTER[r] : RELATION_LETTER[r].toUpperCase());
        if (r === 'contradicts') {
          contradicting ??= new Set();
          contradicting.add(a);
          contradicting.add(b);
        }
      }
    }
    details.push(new ComputedClaimGroup(storyId, members, contradicting ?? NO_CONTRADICTING, relationTable(letters.join(''), members)));
  }
  return details;
}

/**
 * A claim group's `group` (its id, kind, topic and members' places), made from the group's members
 * and story id whenever it is read: only a hover, Compare coverage, a saved snapshot or a finding's
 * summary reads it, and tens of thousands of groups kept built cost tens of megabytes. Each read
 * gives a new object equal to the one before. Set (as a decoded story snapshot's lazy field may
 * be), the value given is kept as the detail's own data property.
 */
export function claimGroupOf(storyId: string, members: ClaimFeatures[]): ClaimGroup {
  const kind = members[0].claim.kind;
  const refs: ClaimRef[] = members
    .map((m) => ({ file: m.file, start: m.claim.start, end: m.claim.end, key: m.claim.key, text: m.claim.text }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start));
  const topic = claimTopic(kind, members);
  const valueKeys = [...new Set(members.map((m) => m.valueKey))].sort();
  const id = 'claim-' + stableHash(`${storyId}\u0000${kind}\u0000${members[0].event}\u0000${valueKeys.join('|')}`);
  return { id, kind, topic, members: refs };
}

/**
 * A computed quote group's detail. Its `group` is made when read, like a claim group's
 * (`claimGroupOf`); the speaker it names is worked out here, from the entities of the pass that
 * computed the story, and kept on the detail under a symbol (not enumerable: not one of its fields).
 */
function quoteGroupDetail(storyId: string, members: QuoteFeatures[], speakerIds: (string | null)[], speaker: string | null): QuoteGroupDetail {
  return new ComputedQuoteGroup(storyId, members, speakerIds, speaker);
}

/**
 * A computed quote group's detail: `group` first (an accessor), then its fields, the speaker under a
 * symbol. Made by a constructor of its own (`plainShape`): built from `{}`, it would meet the other
 * kinds of group beginning with an accessor `group` and lose V8's fast properties.
 */
const ComputedQuoteGroup = plainShape(function (
  this: QuoteGroupDetail, storyId: string, members: QuoteFeatures[], speakerIds: (string | null)[], speaker: string | null,
) {
  Object.defineProperty(this, 'group', QUOTE_GROUP);
  this.storyId = storyId;
  this.members = members;
  this.speakerIds = speakerIds;
  Object.defineProperty(this, SPEAKER, { value: speaker });
});

/** A computed claim group's detail, `group` first (an accessor); a constructor of its own, as `ComputedQuoteGroup`. */
const ComputedClaimGroup = plainShape(function (
  this: ClaimGroupDetail, storyId: string, members: ClaimFeatures[], contradicting: Set<number>,
  relation: (x: number, y: number) => ClaimRelation,
) {
  Object.defineProperty(this, 'group', CLAIM_GROUP);
  this.storyId = storyId;
  this.members = members;
  this.contradicting = contradicting;
  this.relation = relation;
});

/** Where a computed quote group's detail keeps the speaker of its group. */
const SPEAKER = Symbol('speaker');

const QUOTE_GROUP: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: QuoteGroupDetail & { [SPEAKER]: string | null }): QuoteGroup {
    return quoteGroupOf(this.storyId, this.members, this[SPEAKER]);
  },
  set(this: QuoteGroupDetail, value: QuoteGroup): void {
    Object.defineProperty(this, 'group', { value, writable: true, enumerable: true, configurable: true });
  },
};

/** The accessor of every computed claim group's `group` (one pair of functions: the details share their hidden classes). */
const CLAIM_GROUP: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: ClaimGroupDetail): ClaimGroup {
    return claimGroupOf(this.storyId, this.members);
  },
  set(this: ClaimGroupDetail, value: ClaimGroup): void {
    Object.defineProperty(this, 'group', { value, writable: true, enumerable: true, configurable: true });
  },
};

const RELATION_LETTER: Record<ClaimRelation, string> = { agrees: 'a', differs: 'd', contradicts: 'c', unrelated: 'u' };
const LETTER_RELATION: Record<string, ClaimRelation> = {
  a: 'agrees', d: 'differs', c: 'contradicts', u: 'unrelated', A: 'agrees', D: 'differs', C: 'contradicts', U: 'unrelated',
};

/**
 * A claim group's relation(x, y) from the letters of its pairs (a < b, row by row), as the group's
 * members relate: a pair compared while grouping or of one file (lower case) either way round, a
 * pair computed here in the order (a, b) (upper case) read from the table in that order and
 * computed again in the other, as `relateClaims(members[x], members[y])` always was.
 */
function relationTable(letters: string, members: ClaimFeatures[]): (x: number, y: number) => ClaimRelation {
  const m = members.length;
  if (m === 1) return ONE_MEMBER_RELATION;
  return (x: number, y: number): ClaimRelation => {
    if (x === y) return 'agrees';
    const a = Math.min(x, y);
    const b = Math.max(x, y);
    // Row a starts after the (m - 1) + … + (m - a) pairs of the rows before it.
    const letter = letters[a * m - (a * (a + 1)) / 2 + (b - a - 1)];
    if (x > y && letter >= 'A' && letter <= 'Z') return relateClaims(members[x], members[y]);
    return LETTER_RELATION[letter];
  };
}

/**
 * relation(x, y) of every claim group of one member (most of them: a claim no other article
 * states): what `relationTable` gives it (no pairs, so nothing but (x, x) is a relation), one
 * function for all of them instead of a closure each.
 */
const ONE_MEMBER_RELATION = (x: number, y: number): ClaimRelation => (x === y ? 'agrees' : LETTER_RELATION[''.charAt(0)]);

function contradictionFindings(detail: ClaimGroupDetail, side: SideMaker): Finding[] {
  if (detail.contradicting.size === 0) return [];
  const group = detail.group;
  // Members with the same value form one side; a finding per pair of sides that contradict.
  const classes = new Map<string, number[]>();
  detail.members.forEach((m, i) => {
    const list = classes.get(m.valueKey);
    if (list) list.push(i);
    else classes.set(m.valueKey, [i]);
  });
  const keys = [...classes.keys()].sort();
  const out: Finding[] = [];
  for (let x = 0; x < keys.length; x++) {
    for (let y = x + 1; y < keys.length; y++) {
      const a = classes.get(keys[x])!;
      const b = classes.get(keys[y])!;
      if (!a.some((i) => b.some((j) => detail.relation(i, j) === 'contradicts'))) continue;
      // An article that states both values is speaking of two different things.
      const filesA = new Set(a.map((i) => detail.members[i].file));
      if (b.some((j) => filesA.has(detail.members[j].file))) continue;
      // Name the side carried by more outlets second ("A says X; B and C say Y").
      const filesOf = (list: number[]): string[] => [...new Set(list.map((i) => detail.members[i].file))];
      const earliest = (list: number[]): string => filesOf(list).sort()[0];
      const [first, second] =
        filesOf(a).length < filesOf(b).length || (filesOf(a).length === filesOf(b).length && earliest(a) <= earliest(b)) ? [a, b] : [b, a];
      const outlets = (list: number[]): string[] => [...new Set(filesOf(list).map((f) => side(f, 0, 0, '').outlet))];
      const m1 = detail.members[first[0]];
      const m2 = detail.members[second[0]];
      const verb = (list: number[]): string => (outlets(list).length > 1 ? 'say' : 'says');
      const kind = group.kind;
      const event = group.topic.replace(/^(?:venue|duration) of /, '');
      let summary: string;
      if (kind === 'venue') {
        summary = `${listNames(outlets(first))} ${verb(first)} ${event} took place ${claimPhrase(m1)}; ${listNames(outlets(second))} ${verb(second)} ${claimPhrase(m2)}`;
      } else if (kind === 'duration') {
        summary = `${listNames(outlets(first))} ${verb(first)} ${event} lasted ${durationWords(m1.claim.text)}; ${listNames(outlets(second))} ${verb(second)} ${durationWords(m2.claim.text)}`;
      } else {
        summary = `${group.topic}: ${listNames(outlets(first))} ${verb(first)} ${claimPhrase(m1)}; ${listNames(outlets(second))} ${verb(second)} ${claimPhrase(m2)}`;
      }
      const sides = [...first, ...second].map((i) => {
        const m = detail.members[i];
        return side(m.file, m.claim.start, m.claim.end, m.claim.text);
      });
      out.push({
        id: 'contradiction-' + stableHash(`contradiction\u0000${detail.storyId}\u0000${kind}\u0000${detail.members[0].event}\u0000${keys[x]}\u0000${keys[y]}`),
        kind: 'contradiction',
        severity: 'warning',
        summary,
        storyId: detail.storyId,
        sides,
      });
    }
  }
  return out;
}

function durationWords(text: string): string {
  return text.replace(/^(?:lasted|lasting|lasts|for|of)\s+/i, '').trim();
}

// ---------------------------------------------------------------------------------------------
// People: spelling variants

function spellingFindings(
  story: Story,
  entities: PersonEntity[],
  nameOf: (file: string, personKey: string) => NameParts | undefined,
  byFile: FileLookup<Article>,
  side: SideMaker,
): Finding[] {
  const files = new Set(story.files);
  const out: Finding[] = [];
  for (const entity of entities) {
    const members = entity.members.filter((m) => files.has(m.file));
    if (new Set(members.map((m) => m.file)).size < 2) continue;
    for (const part of ['surname', 'first'] as const) {
      const spellings = new Map<string, { shown: string; members: typeof members }>();
      for (const m of members) {
        const parts = nameOf(m.file, m.key);
        if (!parts) continue;
        const shown = part === 'surname' ? parts.surnameAsWritten : parts.firstAsWritten;
        if (!shown || shown.length < 2) continue;
        const k = shown.toLowerCase();
        const entry = spellings.get(k);
        if (entry) entry.members.push(m);
        else spellings.set(k, { shown, members: [m] });
      }
      if (spellings.size < 2) continue;
      const variants = [...spellings.values()].sort((a, b) => a.members.length - b.members.length || (a.shown < b.shown ? -1 : 1));
      const sides: FindingSide[] = [];
      for (const v of variants) {
        for (const m of v.members) {
          const article = byFile.get(m.file)!;
          const person = article.people.find((p) => p.key === m.key);
          if (!person) continue;
          const mention = person.mentions.find((x) => x.text.toLowerCase().includes(v.shown.toLowerCase())) ?? person.mentions[0];
          if (mention) sides.push(side(m.file, mention.start, mention.end, mention.text));
        }
      }
      const outlets = (v: (typeof variants)[number]): string[] => [...new Set(v.members.map((m) => side(m.file, 0, 0, '').outlet))];
      const phrase = variants.map((v) => `${listNames(outlets(v))} ${outlets(v).length > 1 ? 'write' : 'writes'} "${v.shown}"`).join('; ');
      out.push({
        id: 'spelling-variant-' + stableHash(`spelling-variant\u0000${story.id}\u0000${entity.id}\u0000${part}\u0000${[...spellings.keys()].sort().join('|')}`),
        kind: 'spelling-variant',
        severity: 'information',
        summary: `Spelling of ${entity.name} differs: ${phrase}`,
        storyId: story.id,
        sides,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Opposite statements

function oppositeFinding(
  storyId: string,
  pair: ReturnType<typeof findOpposites>[number],
  personById: Map<string, PersonEntity>,
  byFile: FileLookup<Article>,
  side: SideMaker,
): Finding {
  const name = personById.get(pair.entity)?.name ?? pair.entity;
  const outletsOf = (refs: typeof pair.affirmed): string[] => [...new Set(refs.map((r) => side(r.file, 0, 0, '').outlet))];
  const phrase = (refs: typeof pair.affirmed): string => {
    const first = [...refs].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.statement.start - b.statement.start))[0];
    return `${name} ${first.statement.predicate.trim()}`;
  };
  const says = (refs: typeof pair.affirmed): string => `${listNames(outletsOf(refs))} ${outletsOf(refs).length > 1 ? 'say' : 'says'}`;
  const sides = [...pair.affirmed, ...pair.denied].map((r) =>
    side(r.file, r.statement.start, r.statement.end, ownSlice(byFile.get(r.file)!.text, r.statement.start, r.statement.end)));
  return {
    id: 'contradiction-' + stableHash(`opposite\u0000${storyId}\u0000${name}\u0000${pair.family}\u0000${pair.shared.join('|')}`),
    kind: 'contradiction',
    severity: 'warning',
    summary: `Opposite statements about ${name}: ${says(pair.affirmed)} "${phrase(pair.affirmed)}"; ${says(pair.denied)} "${phrase(pair.denied)}"`,
    storyId,
    sides,
  };
}
