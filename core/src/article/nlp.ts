// Lazily loaded language resources, shared by every article analysed in this process: compromise's
// lexicon (first names, places, organisations). Loading costs a few hundred milliseconds, so nothing is
// loaded until the first article needs it. (Sentences no longer come from wink-nlp: see sentences.ts.)

import compromise from 'compromise';

/** compromise's word → tag lexicon, lower-case keys ("donald" → "MaleName", "anchorage" → "City"). */
let lexicon: Record<string, string | string[]> | undefined;

export function wordLexicon(): Record<string, string | string[]> {
  if (!lexicon) {
    const model = compromise.model() as unknown as { one: { lexicon: Record<string, string | string[]> } };
    lexicon = model.one.lexicon;
  }
  return lexicon;
}

/** The tags the lexicon gives a lower-case word or phrase ([] when unknown). */
export function lexiconTags(lower: string): string[] {
  const tags = wordLexicon()[lower];
  if (tags === undefined) return [];
  return Array.isArray(tags) ? tags : [tags];
}
