// The demo corpus (five outlets on one summit) through the bundled language server: the features a
// reader of the seed articles would try first.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Hover, Location, MarkupContent } from 'vscode-languageserver-protocol/node';
import { DefinitionRequest, HoverRequest, ReferencesRequest } from 'vscode-languageserver-protocol/node';
import type { CoverageView } from '../../core/src/index';
import { CoverageRequest } from '../../protocol/protocol';
import { fileUri, LanguageServer, makeSeedWorkspace, messageOf, positionOf, removeWorkspace } from './languageServer';

describe('language server on the seed articles', () => {
  let folder: string;
  let server: LanguageServer;
  const seeds: { uri: string; text: string }[] = [];

  function seedContaining(needle: string): { uri: string; text: string } {
    const seed = seeds.find((candidate) => candidate.text.includes(needle));
    assert.ok(seed, `no seed contains "${needle}"`);
    return seed;
  }

  before(async () => {
    folder = makeSeedWorkspace();
    for (const name of readdirSync(path.join(folder, 'seeds')).sort()) {
      const file = path.join(folder, 'seeds', name);
      seeds.push({ uri: fileUri(file), text: readFileSync(file, 'utf8') });
    }
    server = await LanguageServer.start(folder);
  });

  after(async () => {
    await server.stop();
    removeWorkspace(folder);
  });

  it('indexes every seed and reports it in the status', () => {
    const last = server.statuses.at(-1);
    assert.equal(last?.state, 'ready');
    assert.equal(last?.articles, seeds.length);
  });

  it('reports indexing progress as "Indexing articles n/total"', () => {
    assert.ok(server.progress.includes(`Indexing articles ${seeds.length}/${seeds.length}`), server.progress.join(' | '));
  });

  it('publishes diagnostics for every article, open or not', () => {
    for (const seed of seeds) assert.ok(server.diagnostics.has(seed.uri), `no diagnostics published for ${seed.uri}`);
  });

  it('hovering the headline of the rewritten article names its source and shows aligned passages', async () => {
    const rewrite = seeds.find((seed) => seed.uri.includes('000_'));
    assert.ok(rewrite, 'seed 000 is there');
    const hover: Hover | null = await server.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: rewrite.uri }, position: { line: 0, character: 3 },
    });
    assert.ok(hover, 'no hover on the headline');
    const markdown = (hover.contents as MarkupContent).value;
    assert.match(markdown, /Derived from .*003_/);
    assert.match(markdown, /Aligned passages/);
    assert.match(markdown, /here\]\(.*← /, 'each aligned passage links this article and the source');
  });

  it('hovering "Putin" shows the person, how many articles mention him and the outlets', async () => {
    const seed = seedContaining('Putin');
    const hover: Hover | null = await server.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: seed.uri }, position: positionOf(seed.text, 'Putin', 2),
    });
    assert.ok(hover, 'no hover on Putin');
    const markdown = (hover.contents as MarkupContent).value;
    assert.match(markdown, /Vladimir Putin/);
    assert.match(markdown, /Mentioned in [2-9] articles/);
    assert.ok(hover.range, 'the hover has the mention as its range');
  });

  it('go to definition on a quote several outlets carry leads to the other outlets', async () => {
    const seed = seedContaining('There are just a very few');
    const definitions: Location[] = await server.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: seed.uri }, position: positionOf(seed.text, 'There are just a very few', 5),
    }) as Location[];
    assert.ok(definitions.length > 0, 'no definition for a shared quote');
    assert.ok(definitions.some((location) => location.uri !== seed.uri), 'no other article in the definitions');
  });

  it('references on a shared quote include the quote itself only with includeDeclaration', async () => {
    const seed = seedContaining('There are just a very few');
    const position = positionOf(seed.text, 'There are just a very few', 5);
    const withOwn: Location[] = await server.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: seed.uri }, position, context: { includeDeclaration: true },
    }) as Location[];
    const withoutOwn: Location[] = await server.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: seed.uri }, position, context: { includeDeclaration: false },
    }) as Location[];
    assert.ok(withOwn.some((location) => location.uri === seed.uri));
    assert.equal(withoutOwn.length, withOwn.length - 1);
  });

  it('references on a person list mentions in several articles', async () => {
    const seed = seedContaining('Putin');
    const references: Location[] = await server.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: seed.uri }, position: positionOf(seed.text, 'Putin', 1), context: { includeDeclaration: true },
    }) as Location[];
    assert.ok(new Set(references.map((location) => location.uri)).size >= 3);
  });

  it('flags the meeting venue contradiction with the other outlet as related information', () => {
    const seed = seedContaining('limousine');
    const venue = (server.diagnostics.get(seed.uri) ?? []).find((diagnostic) =>
      diagnostic.code === 'contradiction' && /limousine/i.test(messageOf(diagnostic)));
    assert.ok(venue, `no venue contradiction in ${seed.uri}: ${JSON.stringify(server.diagnostics.get(seed.uri))}`);
    assert.equal(venue.source, 'Crosscheck');
    assert.ok(venue.relatedInformation?.some((related) => related.location.uri !== seed.uri));
  });

  it('flags the duration contradiction between "nearly three hours" and "over three hours"', () => {
    const found = [...server.diagnostics.values()].flat().find((diagnostic) =>
      diagnostic.code === 'contradiction' && /three hours/i.test(messageOf(diagnostic)));
    assert.ok(found, 'no duration contradiction');
    assert.ok((found.relatedInformation ?? []).length > 0);
  });

  it('answers Compare coverage with one column per outlet, the asked article first', async () => {
    const seed = seeds[0];
    const view: CoverageView | null = await server.connection.sendRequest(CoverageRequest.method, { uri: seed.uri });
    assert.ok(view, 'no coverage view');
    assert.equal(view.columns[0]?.file, seed.uri);
    assert.ok(view.columns.length >= 2);
    for (const row of view.rows) assert.equal(row.cells.length, view.columns.length);
  });
});
