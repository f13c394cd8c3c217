/**
 * Crosscheck's own LSP messages, declared once and imported by the client and the server. File
 * identifiers in every payload are document URI strings, as the corpus on the server keys them.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { CoverageView, PersonProfile } from '../core/src/index';

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
}

/** Compare coverage for the story of an article; null when the article is not indexed. */
export namespace CoverageRequest {
  export const method = 'crosscheck/coverage';
  export const type = new RequestType<CoverageParams, CoverageView | null, void>(method);
}

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
