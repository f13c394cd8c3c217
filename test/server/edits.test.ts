// The index follows edits: buffers that change, files created and deleted on disk.
import assert from 'node:assert/strict';
import { unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol/node';
import { FileChangeType, HoverRequest } from 'vscode-languageserver-protocol/node';
import { fileUri, LanguageServer, makeWorkspace, positionOf, removeWorkspace } from './languageServer';

const harbour = `Harbour strike talks end without a deal

Dock workers and port managers met on Monday.
"We are further apart than we were in spring," union leader Marta Keane said after the meeting.
`;

const port = `Port talks collapse as strike looms

Union officials and port managers held talks on Monday.
"We are further apart than we were in spring," union leader Marta Keane told reporters.
`;

const altered = port.replace('than we were in spring', 'than we were last spring');

describe('language server keeps the index current', () => {
  let folder: string;
  let server: LanguageServer;
  let harbourUri: string;
  let portUri: string;

  const variantsIn = (uri: string) => (server.diagnostics.get(uri) ?? []).filter((diagnostic) => diagnostic.code === 'quote-variant');

  before(async () => {
    folder = makeWorkspace({ 'articles/harbour.txt': harbour, 'articles/port.txt': port });
    harbourUri = fileUri(path.join(folder, 'articles', 'harbour.txt'));
    portUri = fileUri(path.join(folder, 'articles', 'port.txt'));
    server = await LanguageServer.start(folder);
  });

  after(async () => {
    await server.stop();
    removeWorkspace(folder);
  });

  it('starts with the same quote in both articles and no variant', () => {
    assert.equal(variantsIn(harbourUri).length, 0);
  });

  it('an edit that rewords the quote adds a variant diagnostic to the other article', async () => {
    await server.open(portUri, port);
    await server.change(portUri, altered);
    await server.waitFor(() => variantsIn(harbourUri).length > 0, 'a quote variant in the unchanged article');
    const variant = variantsIn(harbourUri)[0];
    assert.ok(variant.relatedInformation?.some((related) => related.location.uri === portUri));
  });

  it('undoing the edit removes the variant again', async () => {
    await server.change(portUri, port);
    await server.waitFor(() => variantsIn(harbourUri).length === 0, 'the variant to go away');
  });

  it('answers at once for text typed a moment ago, without waiting for the pause', async () => {
    const edited = `Late update\n\n${port}`;
    await server.change(portUri, edited);
    const hover: Hover | null = await server.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: portUri }, position: positionOf(edited, 'further apart'),
    });
    assert.ok(hover, 'no hover on a quote in the edited text');
    assert.match((hover.contents as MarkupContent).value, /Quote/);
  });

  it('closing an edited buffer goes back to the text on disk', async () => {
    await server.change(portUri, altered);
    await server.waitFor(() => variantsIn(harbourUri).length > 0, 'the variant from the unsaved edit');
    await server.close(portUri);
    await server.waitFor(() => variantsIn(harbourUri).length === 0, 'the variant to go with the closed buffer');
  });

  it('a new article file on disk joins the index; deleting it clears its diagnostics', async () => {
    const extra = path.join(folder, 'articles', 'extra.txt');
    const extraUri = fileUri(extra);
    writeFileSync(extra, altered);
    await server.filesChanged([{ uri: extraUri, type: FileChangeType.Created }]);
    await server.waitFor(() => variantsIn(extraUri).length > 0, 'diagnostics for the new file');
    unlinkSync(extra);
    await server.filesChanged([{ uri: extraUri, type: FileChangeType.Deleted }]);
    await server.waitFor(() => server.diagnostics.get(extraUri)?.length === 0, 'empty diagnostics for the deleted file');
    assert.equal(variantsIn(harbourUri).length, 0);
  });

  it('ignores files on disk that do not match the article globs', async () => {
    const notes = path.join(folder, 'notes.txt');
    writeFileSync(notes, altered);
    await server.filesChanged([{ uri: fileUri(notes), type: FileChangeType.Created }]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(server.diagnostics.has(fileUri(notes)), false);
    assert.equal(server.statuses.at(-1)?.articles, 2);
  });
});
