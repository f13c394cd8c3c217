/**
 * Go to definition and find references across articles: a quote leads to the other outlets'
 * versions, a person to their mentions in other articles, a claim to the same fact elsewhere.
 */
import type { Location } from 'vscode-languageserver';
import type { Article, Location as SpanLocation, PersonEntity } from '../../core/src/index';
import type { FeatureContext } from './context';

/** Other articles' versions of what is at `offset`; for a person, the first mention per article. */
export function definitionsAt(context: FeatureContext, article: Article, offset: number): Location[] {
  const person = context.corpus.personAt(article.file, offset);
  if (person !== undefined) {
    return toLocations(context, personMentions(context, person, true).filter((mention) => mention.file !== article.file));
  }
  const versions = versionsAt(context, article, offset);
  if (versions === undefined) return [];
  return toLocations(context, versions.filter((version) => !isOwn(version, article.file, offset)));
}

/** Every version or mention of what is at `offset`, the one at `offset` only with `includeDeclaration`. */
export function referencesAt(context: FeatureContext, article: Article, offset: number, includeDeclaration: boolean): Location[] {
  const person = context.corpus.personAt(article.file, offset);
  const found = person !== undefined ? personMentions(context, person, false) : versionsAt(context, article, offset);
  if (found === undefined) return [];
  return toLocations(context, includeDeclaration ? found : found.filter((location) => !isOwn(location, article.file, offset)));
}

function versionsAt(context: FeatureContext, article: Article, offset: number): SpanLocation[] | undefined {
  const quotes = context.corpus.quoteGroupAt(article.file, offset);
  if (quotes !== undefined) return quotes.members;
  return context.corpus.claimGroupAt(article.file, offset)?.members;
}

function isOwn(location: SpanLocation, file: string, offset: number): boolean {
  return location.file === file && location.start <= offset && offset <= location.end;
}

function personMentions(context: FeatureContext, person: PersonEntity, firstOnly: boolean): SpanLocation[] {
  const mentions: SpanLocation[] = [];
  for (const member of person.members) {
    const local = context.corpus.article(member.file)?.people.find((candidate) => candidate.key === member.key);
    if (local === undefined) continue;
    const sorted = [...local.mentions].sort((a, b) => a.start - b.start);
    for (const mention of firstOnly ? sorted.slice(0, 1) : sorted) {
      mentions.push({ file: member.file, start: mention.start, end: mention.end });
    }
  }
  return mentions;
}

function toLocations(context: FeatureContext, spans: SpanLocation[]): Location[] {
  const locations: Location[] = [];
  for (const span of spans) {
    const location = context.positions.location(span.file, span);
    if (location !== undefined) locations.push(location);
  }
  return locations;
}
