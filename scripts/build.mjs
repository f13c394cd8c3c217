// Builds the bundles with esbuild: one command per bundle, `vscode` external, minified only with
// --production (what `npm run package` ships). The outfiles named here are the files .vscodeignore
// whitelists and the paths the client starts the server from.
import { build } from 'esbuild';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const production = process.argv.includes('--production');

// compromise's word lexicon, written next to the bundles: they read it instead of loading the package
// (core/src/article/lexiconData.ts says why). The module that reads it replaces lexiconData.ts in every
// bundle; the server counts the file in its analysis version, so a new lexicon never reads an old cache.
const require = createRequire(import.meta.url);
mkdirSync('dist', { recursive: true });
writeFileSync('dist/lexicon.json', JSON.stringify(require('compromise').model().one.lexicon));
const lexiconModule = `
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
exports.loadLexicon = function loadLexicon() {
  const file = join(__dirname, 'lexicon.json');
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error('Crosscheck cannot read its word lexicon ' + file + ' (' + error.message + '): rebuild the extension with npm run build');
  }
  return JSON.parse(text);
};
`;
const lexiconFromFile = {
  name: 'lexicon-from-file',
  setup(b) {
    b.onResolve({ filter: /^\.\/lexiconData$/ }, () => ({ path: 'lexiconData', namespace: 'crosscheck-lexicon' }));
    b.onLoad({ filter: /.*/, namespace: 'crosscheck-lexicon' }, () => ({ contents: lexiconModule, loader: 'js' }));
  },
};

const common = {
  plugins: [lexiconFromFile],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const bundles = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/workersEntry.ts'], outfile: 'dist/worker.js' },
  { entryPoints: ['server/src/readerEntry.ts'], outfile: 'dist/reader.js' },
  { entryPoints: ['cli/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  {
    entryPoints: ['webview/src/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  { entryPoints: ['eval/eval.ts'], outfile: 'dist/eval.js', optional: true },
  { entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.js', optional: true },
];

const started = Date.now();
await Promise.all(
  bundles
    .filter((b) => !b.optional || existsSync(b.entryPoints[0]))
    .map(({ optional: _optional, ...options }) => build({ ...common, ...options })),
);
console.log(`built ${bundles.length} bundles in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
