// Requests the server cannot answer get empty answers, never errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DefinitionRequest, HoverRequest, ReferencesRequest } from 'vscode-languageserver-protocol/node';
import { CoverageRequest } from '../../protocol/protocol';
import { fileUri, LanguageServer, makeWorkspace, removeWorkspace } from './languageServer';

const article = `Harbour board delays vote on ferry fares
Tidewater Courier

Board chair Ines Marlowe said the vote would wait until March. "We need the numbers first," Marlowe said.
`;

describe('language server edge cases', () => {
  let folder: string;
  let server: LanguageServer;
  let uri: string;

  before(async () => {
    folder = makeWorkspace({ 'articles/harbour.txt': article });
    uri = fileUri(`${folder}/articles/harbour.txt`);
    server = await LanguageServer.start(folder);
  });

  after(async () => {
    await server.stop();
    removeWorkspace(folder);
  });

  it('hover past the end of the text is empty', async () => {
    const hover = await server.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri }, position: { line: 400, character: 0 },
    });
    assert.equal(hover, null);
  });

  it('hover past the end of a line is empty', async () => {
    const hover = await server.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri }, position: { line: 0, character: 500 },
    });
    assert.equal(hover, null);
  });

  it('definition in an unknown document is empty', async () => {
    const definitions = await server.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: 'file:///nowhere/missing.txt' }, position: { line: 0, character: 0 },
    });
    assert.deepEqual(definitions, []);
  });

  it('references in an unknown document are empty', async () => {
    const references = await server.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: 'file:///nowhere/missing.txt' }, position: { line: 0, character: 0 }, context: { includeDeclaration: true },
    });
    assert.deepEqual(references, []);
  });

  it('Compare coverage of an unknown document is null', async () => {
    assert.equal(await server.connection.sendRequest(CoverageRequest.method, { uri: 'file:///nowhere/missing.txt' }), null);
  });

  it('indexes articles in folders that match the default globs', () => {
    assert.equal(server.statuses.at(-1)?.articles, 1);
    assert.ok(server.diagnostics.has(uri));
  });
});

describe('language server without a workspace folder', () => {
  it('starts, indexes nothing and still answers for an opened article', async () => {
    const server = await LanguageServer.start(null);
    try {
      assert.equal(server.statuses.at(-1)?.articles, 0);
      await server.open('untitled:Untitled-1', article);
      await server.waitFor(() => server.statuses.at(-1)?.articles === 1, 'the opened article in the status');
      const hover = await server.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: 'untitled:Untitled-1' }, position: { line: 3, character: 200 },
      });
      assert.equal(hover, null);
    } finally {
      await server.stop();
    }
  });
});
