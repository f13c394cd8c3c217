import type {
  Article, ClaimGroup, CoverageView, Derivation, Finding, PersonEntity, PersonProfile, QuoteGroup, Story,
} from './model';

/**
 * The corpus index: every article of a workspace and what is derived across them. Adapters ask it
 * questions; it never knows about LSP or VS Code. Cross-article results are recomputed lazily after
 * a change, so many updates in a row cost one recomputation.
 */
export interface CorpusIndex {
  /** Analyse `text` as the article `file` (adding or replacing it) and return the analysis. */
  update(file: string, text: string): Article;
  /** Add or replace an article analysed elsewhere (a worker thread, the on-disk cache). */
  put(article: Article): void;
  remove(file: string): void;
  article(file: string): Article | undefined;
  articles(): Article[];
  /** How many articles it holds (without building `articles()`, which a status line asks for while indexing). */
  articleCount(): number;

  stories(): Story[];
  storyOf(file: string): Story | undefined;

  people(): PersonEntity[];
  /** The person mentioned at `offset` of `file`, if any. */
  personAt(file: string, offset: number): PersonEntity | undefined;
  personProfile(id: string): PersonProfile | undefined;

  quoteGroups(): QuoteGroup[];
  /** The quote group whose member in `file` contains `offset`. */
  quoteGroupAt(file: string, offset: number): QuoteGroup | undefined;
  claimGroups(): ClaimGroup[];
  claimGroupAt(file: string, offset: number): ClaimGroup | undefined;

  findings(): Finding[];
  /** Findings with a side in `file`. */
  findingsFor(file: string): Finding[];
  derivations(): Derivation[];

  /** Compare coverage for the story of `file`, `file`'s column first. */
  coverage(file: string): CoverageView | undefined;
}
