// Builds the bundles with esbuild: one command per bundle, `vscode` external, minified only with
// --production (what `npm run package` ships). The outfiles named here are the files .vscodeignore
// whitelists and the paths the client starts the server from.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const common = {
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
