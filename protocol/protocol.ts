/* eslint-disable @typescript-eslint/no-namespace -- message types are declared as namespaces (method + type), the vscode-eslint idiom */
/**
 * Crosscheck's own LSP messages, declared once and imported by the client and the server. File
 * identifiers in every payload are document URI strings, as the corpus on the server keys them.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { CompareView, PersonProfile, StoryOverview } from '../core/src/index';

/** What the server reads from `initializationOptions` (the client sends its settings there too). */
export interface InitializationOptions {
  /** Glob patterns of article files, relative to each workspace folder. */
  articles?: string[];
  /** The client runs `crosscheck.openLocation` command links in hovers (VS Code does). */
  commandLinks?: boolean;
}

/** The article globs used when the `crosscheck.articles` setting is not set. */
export const defaultArticleGlobs: readonly string[] = ['**/seeds/*.txt', '**/*.article.txt', '**/articles/**/*.txt'];

/** Command the hovers link to: arguments are [uri, line, character] (0-based). */
export const openLocationCommand = 'crosscheck.openLocation';

export interface CoverageParams {
  /** The article the view is asked for; it becomes the first column. */
  uri: string;
  /** Narrow to the quotes and claims in the sentences this UTF-16 offset range touches. */
  range?: { start: number; end: number };
  /** Narrow to one person (a PersonEntity id): their quotes and how each outlet describes them. */
  person?: string;
}

/**
 * Compare coverage for the story of an article (the whole story, a selection or a person); null
 * when the article is not indexed or the person is unknown.
 */
export namespace CoverageRequest {
  export const method = 'crosscheck/coverage';
  export const type = new RequestType<CoverageParams, CompareView | null, void>(method);
}

/** One person for the "Compare Coverage of Person" picker. */
export interface PersonSummary {
  id: string;
  name: string;
  /** Articles mentioning the person, and their quotes across them. */
  articles: number;
  quotes: number;
  /** The first mention (an article URI and UTF-16 offsets), to open or to anchor the comparison. */
  file: string;
  start: number;
  end: number;
}

/** Every person in the index, most widely covered first. */
export namespace PeopleRequest {
  export const method = 'crosscheck/people';
  export const type = new RequestType<Record<string, never>, PersonSummary[], void>(method);
}

/** The stories with their articles, people, quotes and findings, for the Coverage view. */
export namespace OverviewRequest {
  export const method = 'crosscheck/overview';
  export const type = new RequestType<Record<string, never>, StoryOverview[], void>(method);
}

/**
 * Client command a lens runs to peek at other outlets' versions: arguments are [uri, line, character,
 * locations] with LSP positions and LSP `Location`s; the client turns them into the references peek.
 */
export const showPassagesCommand = 'crosscheck.showPassages';

/** Client command a lens runs to compare one passage: arguments are [uri, start, end] (UTF-16 offsets). */
export const comparePassageCommand = 'crosscheck.comparePassage';

/** The finding kinds the `crosscheck.findings.<kind>.severity` settings name. */
export const findingKinds = ['contradiction', 'quote-variant', 'speaker-conflict', 'spelling-variant', 'derived'] as const;

/** A finding kind's setting: the core's own severity, another severity, or not shown. */
export type FindingSeveritySetting = 'default' | 'error' | 'warning' | 'information' | 'hint' | 'off';

/** Which passages get a coverage lens. */
export type CodeLensSetting = 'quotesAndClaims' | 'quotes' | 'off';

export interface PersonParams {
  uri: string;
  /** 0-based UTF-16 offset into the article's text. */
  offset: number;
}

/** The profile of the person mentioned at an offset; null when nobody is mentioned there. */
export namespace PersonRequest {
  export const method = 'crosscheck/person';
  export const type = new RequestType<PersonParams, PersonProfile | null, void>(method);
}

export type IndexingState = 'indexing' | 'ready';

export interface StatusParams {
  state: IndexingState;
  /** Articles in the index. */
  articles: number;
  /** Findings across the index (contradictions, altered quotes, …). */
  findings: number;
  /** While indexing: articles done and articles found. */
  indexed?: number;
  total?: number;
  /** Increases with every change of the index, so views know when to refresh. */
  generation: number;
}

/** Sent by the server when indexing starts, after the first full index and after every change. */
export namespace StatusNotification {
  export const method = 'crosscheck/status';
  export const type = new NotificationType<StatusParams>(method);
}
