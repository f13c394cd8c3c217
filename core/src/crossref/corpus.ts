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
import { buildCoverage } from './coverage';
import {
  type ArticleFeatures, type CrossReference, type CrossReferenceCache, type Tracing, articleFeatures, corroboration,
  crossReference, newCrossReferenceCache, spanAt,
} from './crossref';
import { memberKey } from './people';
import { outletName } from './text';

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
}

export class Corpus implements CorpusIndex {
  private readonly byFile = new Map<string, Article>();
  /** `articles()` as last built; dropped when an article is added, replaced or removed. */
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
  /** How many times the cross-article results were computed (for tests and status displays). */
  recomputations = 0;

  constructor(options: CorpusOptions = {}) {
    this.analyze = options.analyze ?? analyzeArticle;
    this.tracing = options.tracing ?? {};
    this.cache = options.incremental === false ? undefined : newCrossReferenceCache();
  }

  /** How many stories the last pass recomputed (the rest were reused); all of them without the cache. */
  get storiesRecomputed(): number {
    return this.cache ? this.cache.storiesComputed : this.index?.stories.length ?? 0;
  }

  /** Whether the last pass linked people again (false when no person's name, article set or story changed). */
  get peopleRelinked(): boolean {
    return this.cache ? this.cache.peopleLinked : true;
  }

  update(file: string, text: string): Article {
    const existing = this.byFile.get(file);
    if (existing && existing.text === text) return existing;
    const article = this.analyze(file, text);
    this.put(article);
    return article;
  }

  put(article: Article): void {
    const existing = this.byFile.get(article.file);
    if (existing === article) return;
    if (existing === undefined) this.sortedFiles = undefined;
    this.byFile.set(article.file, article);
    this.markStale();
  }

  /**
   * Adds an article together with its cross-referencing features computed elsewhere (a worker
   * thread: `articleFeatures(article)` posted back with the article in one message, so the features
   * still point at the article's own quotes and claims).
   */
  putWithFeatures(article: Article, features: ArticleFeatures): void {
    if (features.hash === article.hash) this.features.set(article, features);
    this.put(article);
  }

  remove(file: string): void {
    if (!this.byFile.delete(file)) return;
    this.sortedFiles = undefined;
    this.markStale();
  }

  article(file: string): Article | undefined {
    return this.byFile.get(file);
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
    return this.current().storyOfFile.get(file);
  }

  people(): PersonEntity[] {
    return this.current().people;
  }

  personAt(file: string, offset: number): PersonEntity | undefined {
    const index = this.current();
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
      if (!article) continue;
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
    return spanAt(this.current().quoteSpans.get(file), offset)?.group;
  }

  claimGroups(): ClaimGroup[] {
    return this.current().claimGroups.map((d) => d.group);
  }

  claimGroupAt(file: string, offset: number): ClaimGroup | undefined {
    return spanAt(this.current().claimSpans.get(file), offset)?.group;
  }

  findings(): Finding[] {
    return this.current().findings;
  }

  /** `findings().length`, without building the list of every finding (for status displays). */
  findingCount(): number {
    return this.current().findingCount;
  }

  findingsFor(file: string): Finding[] {
    return this.current().findingsByFile.get(file) ?? [];
  }

  derivations(): Derivation[] {
    return this.current().derivations;
  }

  coverage(file: string): CoverageView | undefined {
    const index = this.current();
    if (!this.coverageCache.has(file)) this.coverageCache.set(file, buildCoverage(index, this.byFile, file));
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
    const index = this.current();
    const id = index.entityOfMember.get(memberKey(file, personKey));
    return id ? index.personById.get(id) : undefined;
  }

  private markStale(): void {
    this.sorted = undefined;
    if (this.index) this.previousStories = this.index.storyIdOfFile;
    this.index = undefined;
    this.coverageCache.clear();
  }

  private current(): CrossReference {
    if (!this.index) {
      this.index = crossReference(this.articles(), (a) => this.featuresOf(a), this.tracing, this.previousStories, this.cache);
      this.recomputations++;
    }
    return this.index;
  }

  private featuresOf(article: Article): ArticleFeatures {
    let cached = this.features.get(article);
    if (!cached) this.features.set(article, (cached = articleFeatures(article)));
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
    for (const [id, entry] of entries) if (!this.cache.storyResults.has(id)) this.cache.storyResults.set(id, entry);
  }

  /** The remembered name comparisons of people linking (undefined without the incremental cache). */
  nameLinks(): CrossReferenceCache['names'] | undefined {
    return this.cache?.names;
  }

  /** Name comparisons remembered by an earlier session; taken only before the first pass (they only save work). */
  seedNameLinks(links: CrossReferenceCache['names']): void {
    if (this.cache && this.recomputations === 0 && this.cache.names.parsed.size === 0) this.cache.names = links;
  }
}
