import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** What `vsce` would put in the VSIX, as paths relative to the extension root. */
function packagedFiles(): string[] {
  const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
  const out = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  return out.split('\n').map((line) => line.trim()).filter(Boolean).sort();
}

test('the VSIX holds the bundles, the grammar and the docs, and nothing else', () => {
  const files = packagedFiles();
  const allowed = [
    /^package\.json$/, /^README\.md$/, /^CHANGELOG\.md$/, /^LICENSE$/,
    /^dist\/(client|server|worker|reader|webview)\.js$/, /^dist\/lexicon\.json$/, /^syntaxes\/article\.tmLanguage\.json$/,
    /^language-configuration\.json$/, /^media\//,
  ];
  const unexpected = files.filter((file) => !allowed.some((pattern) => pattern.test(file)));
  assert.deepEqual(unexpected, [], 'no sources, tests, node_modules or seeds ship');
  for (const required of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist/client.js', 'dist/server.js', 'dist/reader.js', 'dist/webview.js', 'dist/lexicon.json', 'syntaxes/article.tmLanguage.json']) {
    assert.ok(files.includes(required), `${required} ships`);
  }
});

test('the extension entry point and the grammar named in package.json are packaged files', () => {
  const files = packagedFiles();
  assert.ok(files.includes(path.posix.normalize(manifest.main)), 'main is in the VSIX');
  for (const grammar of manifest.contributes?.grammars ?? []) {
    assert.ok(files.includes(path.posix.normalize(grammar.path)), `${grammar.path} is in the VSIX`);
  }
});

test('the client starts the server from the bundle the build writes', () => {
  const client = readFileSync(path.join(root, 'client/src/extension.ts'), 'utf8');
  assert.match(client, /dist[\\/'", ]+server\.js/, 'client points at dist/server.js');
  assert.ok(existsSync(path.join(root, 'dist/server.js')), 'the build wrote dist/server.js');
});
