/** What the story-graph tests build their graphs from: fake articles with term counts, and the graph's inputs for them. */
import type { Article } from '../../core/src/model';
import type { GraphInputs } from '../../core/src/crossref/storyGraph';
import { STORY_SIMILARITY } from '../../core/src/crossref/stories';
import { TermCounts } from '../../core/src/crossref/terms';

export interface Fake {
  article: Article;
  terms: Map<string, number>;
}

/** The graph's inputs for these articles, in this order, with their headers' stories and days. */
export function inputsOf(fakes: Fake[], headers: (string | null)[], days: (number | null)[]): GraphInputs {
  const termsOf = new Map(fakes.map((f) => [f.article, TermCounts.from(f.terms)!]));
  return { sorted: fakes.map((f) => f.article), termsOf: (a) => termsOf.get(a)!, headerStory: headers, days, threshold: STORY_SIMILARITY };
}
