import type { Article } from '../../core/src/index';

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
