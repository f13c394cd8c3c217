// Lazily loaded language resources, shared by every article analysed in this process: compromise's
// lexicon (first names, places, organisations). Loading costs a few hundred milliseconds, so nothing is
// loaded until the first article needs it: the package itself is required then, not imported, since an
// import runs its set-up (0.3 s) when the bundle loads, even in a server that analyses nothing before
// 'ready' (a warm start). (Sentences no longer come from wink-nlp: see sentences.ts.)

import type compromise from 'compromise';

/** compromise's word → tag lexicon, lower-case keys ("donald" → "MaleName", "anchorage" → "City"). */
let lexicon: Record<string, string | string[]> | undefined;

export function wordLexicon(): Record<string, string | string[]> {
  if (!lexicon) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (see the top)
    const nlp = require('compromise') as typeof compromise;
    const model = nlp.model() as unknown as { one: { lexicon: Record<string, string | string[]> } };
    lexicon = model.one.lexicon;
  }
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
