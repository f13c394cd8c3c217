// Where compromise's word lexicon comes from (word → tags: "donald" → "MaleName"). Run from the
// TypeScript output (tests, tools) it is taken from the package itself. The bundles replace this
// module (scripts/build.mjs) with one that parses `lexicon.json`, which the build writes next to
// them from the same package: loading compromise whole, for this one table, cost each thread that
// analyses (the server's and both workers') about 24 MB of resident memory and 0.3 s.

import type compromise from 'compromise';

export type Lexicon = Record<string, string | string[]>;

export function loadLexicon(): Lexicon {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (see nlp.ts)
  const nlp = require('compromise') as typeof compromise;
  const model = nlp.model() as unknown as { one: { lexicon: Lexicon } };
  return model.one.lexicon;
}
