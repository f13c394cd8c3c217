/**
 * Compare coverage requests (the whole story of an article, a selection, a person), the people
 * picker and the Coverage view's overview: thin answers over the core's coverage queries.
 */
import { articleCompare, personCompare, selectionCompare, storyOverviews } from '../../core/src/index';
import type { CompareView, StoryOverview } from '../../core/src/index';
import type { CoverageParams, PersonSummary } from '../../protocol/protocol';
import type { FeatureContext } from './context';

export function compareFor(context: FeatureContext, params: CoverageParams): CompareView | null {
  const { corpus } = context;
  if (typeof params.person === 'string') return personCompare(corpus, params.person, params.uri) ?? null;
  if (corpus.article(params.uri) === undefined) return null;
  const range = params.range;
  if (range !== undefined && Number.isFinite(range.start) && Number.isFinite(range.end)) {
    return selectionCompare(corpus, params.uri, range.start, range.end) ?? null;
  }
  return articleCompare(corpus, params.uri) ?? null;
}

export function peopleSummaries(context: FeatureContext): PersonSummary[] {
  const summaries: PersonSummary[] = [];
  for (const entity of context.corpus.people()) {
    const files = [...new Set(entity.members.map((member) => member.file))].sort();
    let quotes = 0;
    let first: { file: string; start: number; end: number } | undefined;
    for (const file of files) {
      const article = context.corpus.article(file);
      if (article === undefined) continue;
      const keys = new Set(entity.members.filter((member) => member.file === file).map((member) => member.key));
      quotes += article.quotes.filter((quote) => !quote.scare && quote.speakerKey !== null && keys.has(quote.speakerKey)).length;
      if (first === undefined) {
        const mention = article.people.filter((person) => keys.has(person.key)).flatMap((person) => person.mentions)
          .sort((a, b) => a.start - b.start)[0];
        if (mention !== undefined) first = { file, start: mention.start, end: mention.end };
      }
    }
    if (first === undefined) continue;
    summaries.push({ id: entity.id, name: entity.name, articles: files.length, quotes, ...first });
  }
  return summaries.sort((a, b) => b.articles - a.articles || b.quotes - a.quotes || a.name.localeCompare(b.name));
}

export function overview(context: FeatureContext): StoryOverview[] {
  return storyOverviews(context.corpus);
}
