// Lazily loaded language resources, shared by every article analysed in this process: compromise's
// lexicon (first names, places, organisations). Nothing is loaded until the first article needs it,
// so a server that analyses nothing before 'ready' (a warm start) does not pay for it then. The
// bundles read the lexicon from a JSON file the build writes (lexiconData.ts).

import { type Lexicon, loadLexicon } from './lexiconData';

/** compromise's word → tag lexicon, lower-case keys ("donald" → "MaleName", "anchorage" → "City"). */
let lexicon: Lexicon | undefined;

export function wordLexicon(): Lexicon {
  if (!lexicon) lexicon = loadLexicon();
  return lexicon;
}

const NO_TAGS: readonly string[] = Object.freeze([]);
/** One shared, frozen one-tag list per tag, so a lookup allocates nothing. */
const ONE_TAG = new Map<string, readonly string[]>();

/** The tags the lexicon gives a lower-case word or phrase ([] when unknown). Read-only: shared between calls. */
export function lexiconTags(lower: string): readonly string[] {
  const tags = (lexicon ?? wordLexicon())[lower];
  if (tags === undefined) return NO_TAGS;
  if (Array.isArray(tags)) return tags;
  let one = ONE_TAG.get(tags);
  if (!one) ONE_TAG.set(tags, (one = Object.freeze([tags])));
  return one;
}

let phraseStarts: Set<string> | undefined;

/**
 * The first words of the lexicon's multi-word entries ("san" of "san diego"): a phrase whose first word
 * is not one of them has no tags, so callers can skip building and looking it up.
 */
export function lexiconPhraseStarts(): Set<string> {
  if (!phraseStarts) {
    phraseStarts = new Set();
    for (const key of Object.keys(wordLexicon())) {
      const space = key.indexOf(' ');
      if (space >= 0) phraseStarts.add(key.slice(0, space));
    }
  }
  return phraseStarts;
}
