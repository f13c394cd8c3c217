/**
 * The data model of Crosscheck's analysis core: what one article yields (article analysis) and what
 * the corpus index derives across articles. Every offset is a 0-based UTF-16 index into the article's
 * text (what JavaScript strings and LSP positions use); every `end` is exclusive.
 *
 * This module imports nothing: it is the contract between the core and its adapters (language
 * server, command-line tool, webview, reports).
 */

export interface Span {
  start: number;
  end: number;
}

// ---------------------------------------------------------------------------------------------
// One article

export interface ArticleMetadata {
  /** Display name of the outlet, e.g. "Los Angeles Times"; null when nothing reliable says it. */
  outlet: string | null;
  /** Where the outlet came from: a header line, a copyright/distribution line in the text, the file name. */
  outletSource: 'header' | 'text' | 'file' | null;
  /** ISO date (yyyy-mm-dd) when known. */
  date: string | null;
  url: string | null;
  /** The headline: a `Title:` header, else the first non-empty line of the body. */
  title: string;
  titleSpan: Span;
  /** A `Story:` header, when the user grouped articles by hand. */
  story: string | null;
  /** Offset where the body starts (after any header lines). */
  bodyStart: number;
}

export interface Sentence extends Span {
  paragraph: number;
}

export type MentionKind = 'name' | 'surname' | 'titled' | 'description' | 'pronoun';

export interface PersonMention extends Span {
  text: string;
  kind: MentionKind;
}

export interface RolePhrase extends Span {
  /** e.g. "a former German ambassador", "Russian President". */
  text: string;
}

/** A person as one article names them; linked across articles by the corpus index. */
export interface Person {
  /** Article-local key, e.g. "p3". */
  key: string;
  /** Fullest name form the article gives: "Vladimir Putin". */
  name: string;
  /** Other surface forms used for the same person in this article ("Putin", "Mr. Putin"). */
  aliases: string[];
  mentions: PersonMention[];
  roles: RolePhrase[];
}

export type EntityKind = 'place' | 'organization';

export interface NamedEntity extends Span {
  text: string;
  kind: EntityKind;
}

export interface Quote extends Span {
  /** Article-local key, e.g. "q4". */
  key: string;
  /** The quoted words without the quote marks; parts split by an attribution joined with a space. */
  text: string;
  /** The content spans (without marks). `start` is parts[0].start and `end` the last part's end. */
  parts: Span[];
  /** Display name of the speaker (a Person.name), or null when the article does not say. */
  speaker: string | null;
  /** Person.key of the speaker in this article, when the speaker is a person found in it. */
  speakerKey: string | null;
  /** The attribution verb ("said", "told", "wrote"), when there is one. */
  verb: string | null;
  /** One to three words in quote marks used as a label rather than as speech ("agreements"). */
  scare: boolean;
  /**
   * A fragment quoted inside the writer's own sentence (`called the talks "productive"`), not a whole
   * utterance. Absent (undefined) is read as false.
   */
  partial?: boolean;
  /** Index into Article.sentences of the sentence where the quote starts. */
  sentence: number;
}

/** A numeric interval; bounds may be infinite. */
export interface Interval {
  min: number;
  max: number;
  minOpen: boolean;
  maxOpen: boolean;
}

export type VenueCategory = 'vehicle' | 'base' | 'building' | 'city' | 'region' | 'country' | 'other';

export type ClaimValue =
  /** "nearly three hours" → minutes in [150, 180). */
  | { kind: 'duration'; minutes: Interval; event: string | null }
  /** "took place in Trump's presidential limousine" → the place where an event happened. */
  | { kind: 'venue'; place: string; category: VenueCategory; event: string | null }
  /** "two eastern administrative divisions — Donetsk and Luhansk" → 2 named items. */
  | { kind: 'count'; count: number; noun: string; items: string[] }
  /** Numbers, fractions and scores. */
  | { kind: 'number'; amount: Interval; unit: string }
  /** Dates, resolved against the article's date when known. */
  | { kind: 'date'; date: string | null; precision: 'day' | 'month' | 'year' | null }
  /** Who attended / who met whom. */
  | { kind: 'attendance'; people: string[]; event: string | null };

export type ClaimKind = ClaimValue['kind'];

export interface Claim extends Span {
  /** Article-local key, e.g. "c2". */
  key: string;
  kind: ClaimKind;
  /** The words of the claim as written. */
  text: string;
  value: ClaimValue;
  /** Index into Article.sentences. */
  sentence: number;
}

export interface Article {
  /** Identifier given by the adapter: a path or URI string. */
  file: string;
  text: string;
  /** Content hash of `text` (hex). */
  hash: string;
  metadata: ArticleMetadata;
  sentences: Sentence[];
  people: Person[];
  entities: NamedEntity[];
  quotes: Quote[];
  claims: Claim[];
  /** Steps that failed for this article; the rest of the analysis is still there. */
  problems: string[];
}

// ---------------------------------------------------------------------------------------------
// Across articles (the corpus index)

export interface Story {
  /** Stable id: the `Story:` header, the folder name, or derived from the earliest article. */
  id: string;
  title: string;
  files: string[];
}

/** One real person across articles. */
export interface PersonEntity {
  id: string;
  name: string;
  /** Every spelling of the name seen, e.g. ["Volodymyr Zelenskyy", "Volodymyr Zelensky"]. */
  spellings: string[];
  /** Per article: which Person it is there. */
  members: { file: string; key: string }[];
}

export interface Location extends Span {
  file: string;
}

export interface QuoteRef extends Location {
  key: string;
  text: string;
  speaker: string | null;
}

export interface QuoteGroup {
  id: string;
  /** The speaker most members agree on, or null. */
  speaker: string | null;
  members: QuoteRef[];
}

export interface ClaimRef extends Location {
  key: string;
  text: string;
}

export interface ClaimGroup {
  id: string;
  kind: ClaimKind;
  /** What the claims are about, in plain words ("duration of the talks", "venue of the meeting"). */
  topic: string;
  members: ClaimRef[];
}

export type FindingKind =
  | 'contradiction'
  | 'quote-variant'
  | 'speaker-conflict'
  | 'spelling-variant'
  | 'derived';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface FindingSide extends Location {
  outlet: string;
  text: string;
}

export interface Finding {
  /** Stable across small edits: built from kind, story and normalised content, never from offsets. */
  id: string;
  kind: FindingKind;
  severity: Severity;
  /** One line in plain words naming the outlets and both sides. */
  summary: string;
  storyId: string;
  sides: FindingSide[];
}

export interface Derivation {
  derived: string;
  source: string;
  /** Share of the derived article's passages aligned with the source, 0..1. */
  score: number;
  passages: { derived: Span; source: Span }[];
}

// ---------------------------------------------------------------------------------------------
// Questions the adapters ask (hover, Compare coverage)

export interface PersonProfile {
  entity: PersonEntity;
  /** How many articles mention the person. */
  articleCount: number;
  /** Per article: the outlet and the role phrases it uses. */
  descriptions: { file: string; outlet: string; roles: string[] }[];
  /** The person's quotes across articles. */
  quotes: (Location & { outlet: string; text: string })[];
}

export type CoverageStatus = 'agrees' | 'differs' | 'contradicts' | 'only-here';

export interface WordDiffPart {
  op: 'same' | 'insert' | 'delete';
  text: string;
}

export interface CoverageCell extends Location {
  text: string;
  status: CoverageStatus;
  /** For quotes that differ: this version against the row's reference version. */
  diff?: WordDiffPart[];
}

export interface CoverageRow {
  id: string;
  kind: 'quote' | 'claim';
  /** e.g. `Putin: "long overdue"` or "duration of the talks". */
  label: string;
  /** One per column, in column order; null where the outlet does not carry it. */
  cells: (CoverageCell | null)[];
}

export interface CoverageColumn {
  file: string;
  outlet: string;
  title: string;
  /** File of the article this one is derived from, if any. */
  derivedFrom: string | null;
}

/** The data behind Compare coverage (webview) and the HTML report. */
export interface CoverageView {
  storyId: string;
  title: string;
  /** The article the view was asked for comes first. */
  columns: CoverageColumn[];
  rows: CoverageRow[];
}
