/**
 * The corpus index: holds every article of a workspace and answers questions across them. Changes
 * only mark the index stale; the next question recomputes the cross-article results once, reusing
 * per-article features cached by content hash.
 */

import { analyzeArticle } from '../article/analyze';
import type { CorpusIndex } from '../corpus';
import type {
  Article, ClaimGroup, CoverageView, Derivation, Finding, PersonEntity, PersonProfile, QuoteGroup, Story,
} from '../model';
import { type ClaimFeatures, claimFeatures } from './claims';
import { SharedValues } from './sharedValues';
import { buildCoverage } from './coverage';
import {
  type ArticleFeatures, type CrossReference, type CrossReferenceCache, type Tracing, articleFeatures, corroboration,
  crossReference, newCrossReferenceCache, spanAt,
} from './crossref';
import { type QuoteFeatures, quoteFeatures } from './quotes';
import { outletName } from './text';
import { filePosition } from './fileLookup';
import { releaseLazyPart, watchLazyParts } from '../cache/features';
import { SECTION_KEYS, analysesText } from '../cache/analysisCache';

export interface CorpusOptions {
  /** Analysis used by `update`; defaults to the core's article analysis. */
  analyze?: (file: string, text: string) => Article;
  /** Hooks that report intermediate scores (for tuning and evaluation scripts). */
  tracing?: Tracing;
  /**
   * Reuse between passes what a change did not touch (article vectors, story similarities, each
   * story's quote groups, claim groups, derivations and findings). On by default; off recomputes
   * every stage after any change (the reference the incremental results are tested against).
   */
  incremental?: boolean;
  /**
   * Keep quote and claim features lean between passes (the server turns this on; see `LeanFeatures`).
   * Off by default: every part of every feature stays in memory.
   */
  leanFeatures?: boolean;
  /**
   * Called after each story a pass computes (not after one it reuses), once what the story made for
   * itself is let go: a server uses it to bound its heap during a long first pass.
   */
  afterStory?: () => void;
}

/** While passes are held (`Corpus.holdPasses`), the longest a pass run for a question is predicted to take, in ms. */
const HELD_PASS_BUDGET_MS = 50;
/**
 * While held, a pass runs at most once per this many times its own duration (so passes take at most
 * a fifth of the time indexing runs, however fast questions come).
 */
const HELD_PASS_SPACING = 4;
/**
 * What a held pass is predicted to cost per article before one has run, in ms: a first pass over
 * new articles computes every story (at 10,000 articles the cold start's took 10–15 s, 1–1.5 ms per
 * article; small corpora run faster per article). So with no pass measured, one runs for up to 200 articles.
 */
const PASS_MS_PER_ARTICLE = 0.25;

interface PassHold {
  budgetMs: number;
  spacing: number;
  /** The index of the last pass, answering while no new pass may run. */
  last: CrossReference | undefined;
  /** Files replaced or removed since `last` was computed. */
  changed: Set<string>;
  /** The last pass run while held: its time, the articles it covered, when it ended (`performance.now()`). */
  pass: { ms: number; articles: number; endedAt: number } | undefined;
  /** Questions answered from `last` (or from no index) instead of a new pass, and passes run, while held. */
  answered: number;
  passes: number;
}

/** The index of no articles: what a held corpus answers with before any pass. */
let emptyIndex: CrossReference | undefined;

export class Corpus implements CorpusIndex {
  private readonly byFile = new Map<string, Article>();
  /** `articles()` as last built; dropped when an article is added or removed, changed in place when one is replaced. */
  private sorted: Article[] | undefined;
  /** Files in name order; dropped only when a file is added or removed. */
  private sortedFiles: string[] | undefined;
  private readonly features = new WeakMap<Article, ArticleFeatures>();
  private readonly cache: CrossReferenceCache | undefined;
  private index: CrossReference | undefined;
  /** Story id of each file in the last pass (story ids are kept across recomputations). */
  private previousStories = new Map<string, string>();
  private readonly coverageCache = new Map<string, CoverageView | undefined>();
  private readonly analyze: (file: string, text: string) => Article;
  private readonly tracing: Tracing;
  private readonly lean: LeanFeatures | undefined;
  private readonly afterStory: (() => void) | undefined;
  /** How many times the cross-article results were computed (for tests and status displays). */
  recomputations = 0;
  /** Passes held back (`holdPasses`): set while a workspace is being indexed. */
  private hold: PassHold | undefined;
  /** How many of `recomputations` ran while passes were held (on a partial corpus). */
  private heldRecomputations = 0;
  /** Story result entries made by passes that ran while held: results of part of a story, which restored ones replace. */
  private readonly heldEntries = new WeakSet<object>();

  constructor(options: CorpusOptions = {}) {
    this.analyze = options.analyze ?? analyzeArticle;
    this.tracing = options.tracing ?? {};
    this.cache = options.incremental === false ? undefined : newCrossReferenceCache();
    this.lean = options.leanFeatures ? new LeanFeatures() : undefined;
    this.afterStory = options.afterStory;
  }

  /** How many stories the last pass recomputed (the rest were reused); all of them without the cache. */
  get storiesRecomputed(): number {
    return this.cache ? this.cache.storiesComputed : this.index?.stories.length ?? 0;
  }

  /** Lean features only: how many quote and claim features had their dropped parts computed again so far (for tests). */
  get featuresRestored(): number {
    return this.lean?.restoredCount ?? 0;
  }

  /** Lean features only: the strings and claim values the shared tables hold now (`SharedValues`; for tests). */
  get sharedValues(): number {
    return this.lean?.shared.size ?? 0;
  }

  /** Whether the last pass linked people again (false when no person's name, article set or story changed). */
  get peopleRelinked(): boolean {
    return this.cache ? this.cache.peopleLinked : true;
  }

  update(file: string, text: string): Article {
    const existing = this.byFile.get(file);
    if (existing && analysesText(existing, text)) return existing;
    const article = this.analyze(file, text);
    this.put(article);
    return article;
  }

  put(article: Article): void {
    const existing = this.byFile.get(article.file);
    if (existing === article) return;
    this.byFile.set(article.file, article);
    if (existing === undefined) {
      this.sortedFiles = undefined;
      this.sorted = undefined;
      if (this.cache) this.cache.changes = undefined; // files came: the next pass compares every article
    } else {
      // The same files: the list in name order changes in one place (not rebuilt on every edit).
      if (this.sorted) this.sorted[this.sortedIndex(article.file)] = article;
      this.hold?.changed.add(article.file);
      const changes = this.cache?.changes;
      if (changes && !changes.has(article.file)) changes.set(article.file, existing);
    }
    this.markStale();
  }

  /** Where `file` (held) is in `sortedFiles`. */
  private sortedIndex(file: string): number {
    const files = this.sortedFiles!;
    const position = filePosition(files.length, (i) => files[i], file);
    if (files[position] !== file) throw new Error(`${file} is not in the corpus's file list`);
    return position;
  }

  /**
   * Adds an article together with its cross-referencing features computed elsewhere (a worker
   * thread: `articleFeatures(article)` posted back with the article in one message, so the features
   * still point at the article's own quotes and claims). With lean features the quote and claim
   * feature objects in `features` are replaced by lean ones: hold no reference to them from before.
   */
  putWithFeatures(article: Article, features: ArticleFeatures): void {
    if (features.hash === article.hash) {
      features.hash = article.hash; // one string (each came with its own copy)
      this.features.set(article, features);
      this.lean?.slimAll(features);
    }
    this.put(article);
  }

  remove(file: string): void {
    if (!this.byFile.delete(file)) return;
    this.hold?.changed.add(file);
    this.sortedFiles = undefined;
    this.sorted = undefined;
    if (this.cache) this.cache.changes = undefined;
    this.markStale();
  }

  article(file: string): Article | undefined {
    return this.byFile.get(file);
  }

  articleCount(): number {
    return this.byFile.size;
  }

  articles(): Article[] {
    if (this.sorted) return [...this.sorted];
    this.sortedFiles ??= [...this.byFile.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.sorted = this.sortedFiles.map((file) => this.byFile.get(file)!);
    return [...this.sorted];
  }

  stories(): Story[] {
    return this.current().stories;
  }

  storyOf(file: string): Story | undefined {
    return this.currentFor(file)?.storyOfFile.get(file);
  }

  people(): PersonEntity[] {
    return this.current().people;
  }

  personAt(file: string, offset: number): PersonEntity | undefined {
    const index = this.currentFor(file);
    if (!index) return undefined;
    const id = spanAt(index.personSpans.get(file), offset);
    return id ? index.personById.get(id) : undefined;
  }

  personProfile(id: string): PersonProfile | undefined {
    const index = this.current();
    const entity = index.personById.get(id);
    if (!entity) return undefined;
    const descriptions: PersonProfile['descriptions'] = [];
    const quotes: PersonProfile['quotes'] = [];
    const files = [...new Set(entity.members.map((m) => m.file))];
    for (const file of files) {
      const article = this.byFile.get(file);
      if (!article || (index !== this.index && this.hold?.changed.has(file))) continue; // the index's members are of its text
      const outlet = index.outletLabels.get(file) ?? outletName(article);
      const keys = new Set(entity.members.filter((m) => m.file === file).map((m) => m.key));
      const roles: string[] = [];
      for (const person of article.people) {
        if (!keys.has(person.key)) continue;
        for (const role of person.roles) if (!roles.includes(role.text)) roles.push(role.text);
      }
      descriptions.push({ file, outlet, roles });
      for (const quote of article.quotes) {
        if (quote.scare || !quote.speakerKey || !keys.has(quote.speakerKey)) continue;
        quotes.push({ file, start: quote.start, end: quote.end, outlet, text: quote.text });
      }
    }
    return { entity, articleCount: files.length, descriptions, quotes };
  }

  quoteGroups(): QuoteGroup[] {
    return this.current().quoteGroups.map((d) => d.group);
  }

  quoteGroupAt(file: string, offset: number): QuoteGroup | undefined {
    return spanAt(this.currentFor(file)?.quoteSpans.get(file), offset)?.group;
  }

  claimGroups(): ClaimGroup[] {
    return this.current().claimGroups.map((d) => d.group);
  }

  claimGroupAt(file: string, offset: number): ClaimGroup | undefined {
    return spanAt(this.currentFor(file)?.claimSpans.get(file), offset)?.group;
  }

  findings(): Finding[] {
    return this.current().findings;
  }

  /** `findings().length`, without building the list of every finding (for status displays). */
  findingCount(): number {
    return this.current().findingCount;
  }

  /**
   * The object a story's findings come from (its results): the same object from pass to pass while
   * the story's results are reused, so the findings of its files are the same objects too.
   */
  findingSource(storyId: string): object | undefined {
    return this.current().resultsOf(storyId);
  }

  findingsFor(file: string): Finding[] {
    return this.currentFor(file)?.findingsByFile.get(file) ?? [];
  }

  derivations(): Derivation[] {
    return this.current().derivations;
  }

  coverage(file: string): CoverageView | undefined {
    const index = this.currentFor(file);
    if (!index) return undefined;
    if (index !== this.index) return buildCoverage(index, this.byFile, file); // a held index's view is not kept
    if (!this.coverageCache.has(file)) {
      this.coverageCache.set(file, buildCoverage(index, this.byFile, file));
      this.lean?.slimRestored(); // the view read its story's quote stems (repeats); it holds no feature
    }
    return this.coverageCache.get(file);
  }

  /**
   * "Reported by 4 outlets (3 independent)": how many of `files` are independent reports once
   * articles rewritten from another of them are counted with their source.
   */
  corroboration(files: string[]): { articles: number; independent: number; rewrites: [string, string][] } {
    const unique = [...new Set(files)];
    return { articles: unique.length, ...corroboration(unique, this.current().derivedFrom) };
  }

  /** The person entity an article's Person record belongs to. */
  entityOf(file: string, personKey: string): PersonEntity | undefined {
    const index = this.currentFor(file);
    if (!index) return undefined;
    const id = index.entityIdOf(file, personKey);
    return id ? index.personById.get(id) : undefined;
  }

  /**
   * Runs, once, what an edit's pass runs and nothing has run on this thread yet, dropping what it
   * computes: the story graph's edit lists (built lazily after a restore), one story's results
   * (`file`'s story, else the first story of several articles) and its coverage view. Nothing
   * anyone reads changes; a server calls it while idle after indexing so the first edit is cheaper.
   */
  /** The story graph's edit lists and similarity rows, built now if pending (the first part of `warmUp`, as a step of its own). */
  prepareEdits(): void {
    this.current();
    this.cache?.stories.graph.prepareEdits();
  }

  warmUp(file?: string): void {
    this.prepareEdits();
    const index = this.current();
    const story = (file !== undefined ? index.storyOfFile.get(file) : undefined) ?? index.stories.find((s) => s.files.length > 1);
    if (story === undefined) return;
    index.freshResultsOf(story.id);
    buildCoverage(index, this.byFile, story.files[0]);
    this.lean?.slimRestored();
  }

  /**
   * Holds passes back while a workspace is indexed: articles arrive by the thousand, and a request
   * between two of them would otherwise run a pass over the partial corpus (at 10,000 articles, one
   * such pass took 14–18 s, and a hover every 100 ms made a warm start take 65 s instead of 8).
   * While held, a question runs a pass only when the pass is predicted to take at most `budgetMs`
   * (the last held pass's time, scaled by the articles added since; `PASS_MS_PER_ARTICLE` each
   * before any) and the time since the last held pass is at least `spacing` times as long as that
   * pass took; otherwise the index of the last pass answers — articles added since have no results
   * in it, and a file replaced or removed since is answered as unknown, never with its old spans.
   */
  holdPasses(budgetMs = HELD_PASS_BUDGET_MS, spacing = HELD_PASS_SPACING): void {
    if (this.hold) Object.assign(this.hold, { budgetMs, spacing }); // held already (a newer scan): the same index answers
    else this.hold = { budgetMs, spacing, last: this.index, changed: new Set(), pass: undefined, answered: 0, passes: 0 };
  }

  /**
   * Ends `holdPasses`: the next question runs a full pass. If every pass so far ran while held,
   * that pass starts as the first one of a session would (no story ids inherited from a partial
   * grouping), so results restored from the last session (`seedStoryResults`) match its stories.
   * Returns how many questions the held index answered and how many passes ran while held.
   */
  releasePasses(): { answered: number; passes: number } {
    const hold = this.hold;
    if (!hold) return { answered: 0, passes: 0 };
    this.hold = undefined;
    if (this.recomputations > 0 && this.recomputations === this.heldRecomputations) this.previousStories = new Map();
    return { answered: hold.answered, passes: hold.passes };
  }

  private markStale(): void {
    if (this.index) this.previousStories = this.index.storyIdOfFile;
    if (this.hold && this.index) this.hold.last = this.index;
    this.index = undefined;
    this.coverageCache.clear();
  }

  /** The index to answer a question about `file` with; undefined when passes are held and `file` changed since the index served. */
  private currentFor(file: string): CrossReference | undefined {
    const index = this.current();
    return index === this.index || !this.hold?.changed.has(file) ? index : undefined;
  }

  /** While held: whether a pass may run now (`holdPasses`). */
  private passAllowed(hold: PassHold): boolean {
    const n = this.byFile.size;
    const last = hold.pass;
    if (last === undefined) return n * PASS_MS_PER_ARTICLE <= hold.budgetMs;
    const predicted = last.ms * Math.max(1, n / Math.max(1, last.articles));
    return predicted <= hold.budgetMs && performance.now() - last.endedAt >= hold.spacing * last.ms;
  }

  private current(): CrossReference {
    const hold = this.hold;
    if (!this.index && hold && !this.passAllowed(hold)) {
      hold.answered++;
      return hold.last ?? (emptyIndex ??= crossReference([], articleFeatures));
    }
    if (!this.index) {
      const started = performance.now();
      const { lean, afterStory } = this;
      // A story's features are read by that story alone (an article is in one story): their rebuilt parts go when it is done.
      const storyDone = lean || afterStory ? (): void => {
        lean?.slimRestored();
        afterStory?.();
      } : undefined;
      if (hold) hold.last = undefined; // not kept alongside the new one
      this.index = crossReference(this.articles(), (a) => this.featuresOf(a), this.tracing, this.previousStories, this.cache, storyDone);
      this.recomputations++;
      if (hold) {
        this.heldRecomputations++;
        hold.passes++;
        hold.changed.clear();
        const endedAt = performance.now();
        hold.pass = { ms: endedAt - started, articles: this.byFile.size, endedAt };
        for (const entry of this.cache?.storyResults.values() ?? []) this.heldEntries.add(entry);
      }
      this.lean?.slimRestored();
      this.lean?.shared.clear();
      // Linking people read every article's people: where they are a cache entry's section, they go back to undecoded.
      if (this.lean && this.peopleRelinked) for (const article of this.byFile.values()) releaseSections(article);
    }
    return this.index;
  }

  private featuresOf(article: Article): ArticleFeatures {
    let cached = this.features.get(article);
    if (!cached) {
      this.features.set(article, (cached = articleFeatures(article)));
      this.lean?.slimAfterPass(cached);
    }
    return cached;
  }

  // -------------------------------------------------------------------------------------------
  // Persisting story results between sessions (core/src/cache/storyCache.ts, server/src/indexer.ts)

  /** An article's features (computed now unless known). */
  featuresFor(article: Article): ArticleFeatures {
    return this.featuresOf(article);
  }

  /** Whether the cross-article results are computed for the articles as they are now. */
  get isCurrent(): boolean {
    return this.index !== undefined;
  }

  /** Each story's results with their files and the signature of their inputs, as the last pass kept them (none without the incremental cache). */
  storyResultEntries(): ReadonlyMap<string, CrossReferenceCache['storyResults'] extends Map<string, infer E> ? E : never> {
    return this.cache?.storyResults ?? new Map();
  }

  /**
   * Results of an earlier session, by story id: the next pass reuses a story's results where the
   * signature of its inputs is the one stored (as it reuses the results of its own last pass).
   */
  seedStoryResults(entries: ReadonlyMap<string, CrossReferenceCache['storyResults'] extends Map<string, infer E> ? E : never>): void {
    if (!this.cache) return;
    for (const [id, entry] of entries) {
      const present = this.cache.storyResults.get(id);
      if (present === undefined || this.heldEntries.has(present)) this.cache.storyResults.set(id, entry);
    }
  }

  /** The story stage's similarity graph kept between passes (undefined without the incremental cache); its snapshot is kept on disk. */
  storyGraph(): CrossReferenceCache['stories']['graph'] | undefined {
    return this.cache?.stories.graph;
  }

  /** The remembered name comparisons of people linking (undefined without the incremental cache). */
  nameLinks(): CrossReferenceCache['names'] | undefined {
    return this.cache?.names;
  }

  /** Name comparisons remembered by an earlier session; taken only before the first pass (they only save work). */
  seedNameLinks(links: CrossReferenceCache['names']): void {
    // Over the comparisons of passes that ran on a partial corpus while held too: the seed is the whole of the last session's.
    if (this.cache && this.recomputations === this.heldRecomputations && (this.recomputations > 0 || this.cache.names.parsed.size === 0)) this.cache.names = links;
  }
}

// ---------------------------------------------------------------------------------------------
// Lean features

/** The parts of a quote feature read only when a story's quote groups are computed again. */
const QUOTE_DERIVED: readonly string[] = ['normalized', 'stems', 'content', 'bigrams', 'stemBag'] satisfies (keyof QuoteFeatures)[];
/** The part of a claim feature read only when a story's claim groups are computed again. */
const CLAIM_DERIVED: readonly string[] = ['context'] satisfies (keyof ClaimFeatures)[];
/** A claim feature's fields in the order `claimFeatures` gives them. */
const CLAIM_KEYS: readonly string[] = ['file', 'article', 'claim', 'event', 'context', 'valueKey'] satisfies (keyof ClaimFeatures)[];

function sameOrder(keys: string[], expected: readonly string[]): boolean {
  return keys.length === expected.length && keys.every((key, i) => key === expected[i]);
}
/** Features a cache entry keeps as text until first read (see `LeanFeatures.keepLazy`). */
const LAZY_PARTS = ['sentences', 'statements'] as const;

interface Restored {
  quotes: object[];
  claims: object[];
  /** Lazy parts decoded: the features and the part. */
  decoded: [ArticleFeatures, (typeof LAZY_PARTS)[number]][];
}

/**
 * Quote and claim features without their derived parts between passes. The maps of bigrams and
 * stems, content stems, normalised text (quotes) and context stems (claims) are most of the
 * features' memory, and only a story computed again reads them: a warm start whose stories come
 * from the story snapshot never does, an edit reads those of one story. So a feature arriving with
 * its article (`putWithFeatures`) is replaced by a lean object without them, and a feature that got
 * them back is stripped of them in place after every pass (its identity, which story results point
 * at, is kept; `slim` and `restore` change its prototype only while it holds no property, so it stays
 * in V8's fast mode through any number of rounds). A lean feature's prototype has getters that compute
 * them again (`quoteFeatures` / `claimFeatures` of the feature's own quote or claim and article:
 * pure functions, so the values equal the dropped ones) and put them back as the object's own
 * properties, all properties in `quoteFeatures`' order, with the plain prototype again: until the
 * next pass drops them the object is what `quoteFeatures` returns. Building a Compare coverage view
 * reads a story's quote stems; they are dropped again right after.
 */
class LeanFeatures {
  private readonly quoteProto = derivedGetters(QUOTE_DERIVED, (f) => quoteFeatures((f as QuoteFeatures).file, (f as QuoteFeatures).quote), this);
  private readonly claimProto = derivedGetters(CLAIM_DERIVED, (f) => claimFeatures((f as ClaimFeatures).article, (f as ClaimFeatures).claim), this);
  private readonly leanClaim = leanClaimMaker(this.claimProto);
  /** Features whose derived parts were computed (again) since the last pass, and lazy parts decoded. */
  private restored: Restored = { quotes: [], claims: [], decoded: [] };

  /**
   * Drops the derived parts of an article's features now (they arrived with the article, computed
   * elsewhere and not yet pointed at by any result): each quote and claim feature is replaced in its
   * list by a new lean object (objects built afresh stay in V8's fast mode, which deleting
   * properties from a decoded feature with getters would not give).
   */
  slimAll(features: ArticleFeatures): void {
    const { shared } = this;
    for (const q of features.quotes) shared.quote(q.quote);
    for (const c of features.claims) {
      shared.claim(c.claim);
      c.event = shared.text(c.event);
      c.valueKey = shared.text(c.valueKey);
    }
    const quotes = features.quotes as unknown as Record<string, unknown>[];
    for (let i = 0; i < quotes.length; i++) quotes[i] = lean(quotes[i], QUOTE_DERIVED, this.quoteProto);
    const claims = features.claims as unknown as Record<string, unknown>[];
    for (let i = 0; i < claims.length; i++) claims[i] = lean(claims[i], CLAIM_DERIVED, this.claimProto, this.leanClaim);
    this.keepLazy(features);
  }

  /**
   * Equal quote texts, speakers' names, claim texts, values, events and value keys of the articles
   * that arrived since the last pass, as one copy each (`SharedValues`); emptied after every pass.
   */
  readonly shared = new SharedValues();

  /**
   * Features read from a cache entry keep their sentence stems and statements as text and decode them
   * on first read (`decodeFeatures`: an accessor that holds the value decoded). Here each one decoded
   * is noted, so it is dropped again with the other derived parts (`slimRestored`, after each story a
   * pass computes) by letting go of the value held (`releaseLazyPart`): the next read decodes the same
   * text again.
   */
  private keepLazy(features: ArticleFeatures): void {
    watchLazyParts(features, this.noteDecoded);
  }

  private readonly noteDecoded = (features: ArticleFeatures, key: string): void => {
    const part = LAZY_PARTS.find((k) => k === key);
    if (part !== undefined) this.restored.decoded.push([features, part]);
  };

  /** Features computed for the pass running now: their derived parts are dropped when it ends. */
  slimAfterPass(features: ArticleFeatures): void {
    this.restored.quotes.push(...features.quotes);
    this.restored.claims.push(...features.claims);
  }

  /** How many features had their derived parts computed again. */
  restoredCount = 0;

  /** Called by a getter: `feature` holds its derived parts again. */
  noteRestored(feature: object, proto: object): void {
    this.restoredCount++;
    (proto === this.quoteProto ? this.restored.quotes : this.restored.claims).push(feature);
  }

  /**
   * After a pass: drops the derived parts computed during it. A claim's context read its article's
   * sentences: where they are a cache entry's section decoded on first read, they go back to
   * undecoded too (`releaseSections`).
   */
  slimRestored(): void {
    const { quotes, claims, decoded } = this.restored;
    this.restored = { quotes: [], claims: [], decoded: [] };
    for (const q of quotes) slim(q as Record<string, unknown>, QUOTE_DERIVED, this.quoteProto);
    let article: Article | undefined;
    for (const c of claims) {
      slim(c as Record<string, unknown>, CLAIM_DERIVED, this.claimProto);
      // A story's claims come article by article: each article is released once.
      if ((c as ClaimFeatures).article !== article) releaseSections((article = (c as ClaimFeatures).article));
    }
    for (const [features, key] of decoded) releaseLazyPart(features, key);
  }
}

/**
 * Returns an article's decoded sections to undecoded: an article read from a cache entry has an
 * accessor pair for each, whose getter decodes the section when its value is unset and whose setter
 * sets it, so setting undefined makes the next read decode the section again (the same values). A
 * plain article (data properties) is left as it is.
 */
export function releaseSections(article: Article): void {
  for (const key of SECTION_KEYS) {
    const own = Object.getOwnPropertyDescriptor(article, key);
    if (own?.get !== undefined && own.set !== undefined) own.set.call(article, undefined);
  }
}

/** A prototype whose getters for `keys` put the derived parts back into the object that reads them. */
function derivedGetters(keys: readonly string[], compute: (feature: object) => object, owner: LeanFeatures): object {
  const proto: object = Object.create(Object.prototype) as object;
  for (const key of keys) {
    Object.defineProperty(proto, key, {
      configurable: false,
      enumerable: false,
      get(this: Record<string, unknown>): unknown {
        restore(this, compute(this) as Record<string, unknown>, keys);
        owner.noteRestored(this, proto);
        return this[key];
      },
    });
  }
  return proto;
}

/**
 * Lean claim features with prototype `proto`, made by a constructor: its five fields stay in the
 * object (an object from `Object.create` holds four, the fifth in a property array of its own: about
 * 40 bytes a claim), and the object's hidden class is a transition of the constructor's, so `restore`
 * deleting its properties keeps it in V8's fast mode. (A literal given its prototype
 * afterwards has a hidden class that no deletion can go back from: the first pass that read a claim's
 * context left it a dictionary, about 300 bytes more a claim.)
 */
function leanClaimMaker(proto: object): (feature: Record<string, unknown>) => Record<string, unknown> {
  const LeanClaim = function (this: Record<string, unknown>, f: Record<string, unknown>): void {
    this.file = f.file;
    this.article = f.article;
    this.claim = f.claim;
    this.event = f.event;
    this.valueKey = f.valueKey;
  } as unknown as { new (f: Record<string, unknown>): Record<string, unknown>; prototype: object };
  LeanClaim.prototype = proto;
  return (f) => new LeanClaim(f);
}

/** A new object with `feature`'s properties but `derived`, in their order, and `proto` (`feature` itself when already lean). */
function lean(
  feature: Record<string, unknown>, derived: readonly string[], proto: object, leanClaim?: (feature: Record<string, unknown>) => Record<string, unknown>,
): Record<string, unknown> {
  if (Object.getPrototypeOf(feature) === proto) return feature;
  if (leanClaim !== undefined && derived === CLAIM_DERIVED && sameOrder(Object.keys(feature), CLAIM_KEYS)) return leanClaim(feature);
  const out = Object.create(proto) as Record<string, unknown>;
  for (const key of Object.keys(feature)) if (!derived.includes(key)) out[key] = feature[key];
  return out;
}

/**
 * Drops `derived` from `feature` and gives it `proto`: every property deleted, last first, the
 * prototype set on the empty object, the others put back in order. V8 undoes a deletion of the
 * last property (back to the hidden class before it) only when that class was reached by adding a
 * property; one made by setting the prototype of an object with properties was not, so the next
 * deletion (here or in `restore`) made the object a dictionary. Set on the empty object, the
 * prototype comes first and every property after it is an addition that can be undone.
 */
function slim(feature: Record<string, unknown>, derived: readonly string[], proto: object): void {
  if (Object.getPrototypeOf(feature) === proto) return;
  const keys = Object.keys(feature);
  if (!keys.some((k) => derived.includes(k))) return;
  const kept: unknown[] = keys.map((k) => (derived.includes(k) ? undefined : feature[k]));
  for (let i = keys.length - 1; i >= 0; i--) delete feature[keys[i]];
  Object.setPrototypeOf(feature, proto);
  keys.forEach((k, i) => {
    if (!derived.includes(k)) feature[k] = kept[i];
  });
}

/**
 * Puts the derived parts of `fresh` back into `feature`, every property in `fresh`'s order, its other
 * values kept (all deleted first, last first, and the prototype set on the empty object, as `slim` does).
 */
function restore(feature: Record<string, unknown>, fresh: Record<string, unknown>, derived: readonly string[]): void {
  const own = new Map<string, unknown>();
  const keys = Object.keys(feature);
  for (const k of keys) own.set(k, feature[k]);
  for (let i = keys.length - 1; i >= 0; i--) delete feature[keys[i]];
  Object.setPrototypeOf(feature, Object.prototype);
  for (const k of Object.keys(fresh)) feature[k] = derived.includes(k) || !own.has(k) ? fresh[k] : own.get(k);
}
