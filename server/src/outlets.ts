import type { Article, CorpusIndex } from '../../core/src/index';
import { storyOutletLabels } from '../../core/src/crossref/crossref';

/** The outlet's name, or the file name without its extension when the article does not say. */
export function outletName(article: Article | undefined, file: string): string {
  if (article?.metadata.outlet) return article.metadata.outlet;
  let name = file.split(/[\\/]/).pop() ?? file;
  try {
    name = decodeURIComponent(name);
  } catch {
    // keep the encoded name
  }
  return name.replace(/\.[^.]*$/, '') || name;
}

/**
 * How a hover on `file` names articles: those of its story as the story's findings and Compare
 * coverage do (the outlet, with the file's name only where two of the story's articles share it),
 * others by their outlet's name.
 */
export function outletNamer(corpus: CorpusIndex, file: string): (other: string) => string {
  const story = corpus.storyOf(file);
  const labels = story === undefined ? undefined : storyOutletLabels(story, { get: (other) => corpus.article(other) });
  return (other) => labels?.get(other) ?? outletName(corpus.article(other), other);
}
