// Faults: requests an editor should never send (or sends at the worst moment), files that vanish while
// they are indexed, and an analysis step that throws. Each is answered, logged or reported; nothing
// crashes and the rest keeps working.
import assert from 'node:assert/strict';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CancellationTokenSource, DefinitionRequest, DocumentSymbolRequest, FileChangeType, HoverRequest, ReferencesRequest,
  ResponseError, SemanticTokensRequest,
} from 'vscode-languageserver-protocol/node';
import { analyzeArticle } from '../../core/src/index';
import * as quoteStep from '../../core/src/article/quotes';
import type { FileEvent } from 'vscode-languageserver-protocol/node';
import { CoverageRequest, PersonRequest } from '../../protocol/protocol';
import { ArticleFiles, readArticleFile } from '../../server/src/articleFiles';
import { fileUri, LanguageServer, makeWorkspace, positionOf, removeWorkspace } from '../server/languageServer';
import { courierArticle, gazetteArticle } from './fixtures';

/** The request's answer, or the error it was answered with. */
async function settle<T>(request: Promise<T>): Promise<{ result?: T; error?: ResponseError<unknown> }> {
  try {
    return { result: await request };
  } catch (error) {
    if (error instanceof ResponseError) return { error };
    throw error;
  }
}

describe('malformed and out-of-range requests', () => {
  let folder: string;
  let server: LanguageServer;
  let uri: string;
  const hoverOnMarlowe = () => server.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri }, position: positionOf(courierArticle, 'Marlowe said', 1),
  });

  before(async () => {
    folder = makeWorkspace({ 'articles/courier.txt': courierArticle, 'articles/gazette.txt': gazetteArticle });
    uri = fileUri(path.join(folder, 'articles/courier.txt'));
    server = await LanguageServer.start(folder);
  });

  after(async () => {
    await server.stop();
    removeWorkspace(folder);
  });

  it('answers positions past the end, negative or fractional with an empty hover', async () => {
    for (const position of [{ line: 10_000, character: 0 }, { line: 2, character: 10_000 }, { line: -1, character: -5 }, { line: 1.5, character: 2.5 }]) {
      assert.equal(await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }), null, JSON.stringify(position));
    }
  });

  it('answers unknown and odd URIs with empty results', async () => {
    for (const odd of ['file:///nowhere/gone.txt', 'untitled:Untitled-404', 'not a uri at all', 'file:///%E0%A4%A', 'https://example.com/article.txt']) {
      const position = { line: 0, character: 0 };
      assert.equal(await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: odd }, position }), null, odd);
      assert.deepEqual(await server.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: odd }, position }), [], odd);
      assert.deepEqual(await server.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: odd }, position, context: { includeDeclaration: true } }), [], odd);
      assert.deepEqual(await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: odd } }), [], odd);
      assert.deepEqual(await server.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: odd } }), { data: [] }, odd);
      assert.equal(await server.connection.sendRequest(CoverageRequest.method, { uri: odd }), null, odd);
    }
  });

  it('answers requests with missing or mistyped parameters with an error or an empty answer, and keeps serving', async () => {
    const missing = await settle(server.connection.sendRequest(HoverRequest.method, {}));
    assert.ok(missing.error !== undefined || missing.result === null, JSON.stringify(missing));
    const wrongTypes = await settle(server.connection.sendRequest(PersonRequest.method, { uri: 42, offset: 'middle' }));
    assert.ok(wrongTypes.error !== undefined || wrongTypes.result === null, JSON.stringify(wrongTypes));
    const negative = await settle(server.connection.sendRequest(PersonRequest.method, { uri, offset: -10 }));
    assert.equal(negative.result ?? null, null);
    assert.ok(await hoverOnMarlowe(), 'the server still answers');
  });

  it('answers a request about a document closed while the request was on its way', async () => {
    const scratch = 'untitled:Closing-1';
    await server.open(scratch, courierArticle);
    const pending = settle(server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: scratch }, position: positionOf(courierArticle, 'Marlowe said', 1) }));
    await server.close(scratch);
    const answered = await pending;
    assert.equal(answered.error, undefined);
    assert.equal(await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: scratch }, position: { line: 0, character: 0 } }), null);
    assert.ok(await hoverOnMarlowe(), 'the server still answers');
  });

  it('answers a cancelled request with its result or a cancellation error, and keeps serving', async () => {
    const source = new CancellationTokenSource();
    const pending = settle(server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(courierArticle, 'Marlowe said', 1) }, source.token));
    source.cancel();
    const answered = await pending;
    assert.ok(answered.result !== undefined || answered.error?.code === -32800, JSON.stringify(answered));
    assert.ok(await hoverOnMarlowe(), 'the server still answers');
  });
});

describe('files deleted or renamed while they are indexed', () => {
  it('reports a file that went between the scan and the read, and reads the rest', async () => {
    const folder = makeWorkspace({ 'articles/courier.txt': courierArticle, 'articles/gazette.txt': gazetteArticle, 'articles/third.txt': courierArticle });
    const lines: string[] = [];
    const log = { info: (line: string) => lines.push(line), warn: (line: string) => lines.push(line), error: (line: string) => lines.push(line) };
    try {
      const files = await new ArticleFiles([folder], ['**/articles/**/*.txt']).scan(log);
      assert.equal(files.length, 3);
      rmSync(path.join(folder, 'articles/gazette.txt'));
      renameSync(path.join(folder, 'articles/third.txt'), path.join(folder, 'articles/moved.txt'));
      const texts = await Promise.all(files.map((file) => readArticleFile(file, log, { maxBytes: 1024 * 1024 })));
      assert.equal(texts.filter((text) => text !== undefined).length, 1);
      for (const gone of ['gazette.txt', 'third.txt']) {
        assert.ok(lines.some((line) => line.includes(gone) && /deleted or renamed before it could be read/.test(line)), lines.join('\n'));
      }
    } finally {
      removeWorkspace(folder);
    }
  });

  it('keeps the index in step when files vanish and appear under new names during indexing', async () => {
    const articles: Record<string, string> = {};
    for (let index = 0; index < 24; index++) articles[`articles/story-${String(index).padStart(2, '0')}.txt`] = index % 2 === 0 ? courierArticle : gazetteArticle;
    const folder = makeWorkspace(articles);
    const at = (relative: string) => path.join(folder, relative);
    const starting = LanguageServer.start(folder);
    // While the server scans and reads: delete some, rename others (as a sync tool or `git checkout` would).
    const renamed: string[] = [];
    for (let index = 0; index < 24; index += 3) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const relative = `articles/story-${String(index).padStart(2, '0')}.txt`;
      if (index % 2 === 0) rmSync(at(relative), { force: true });
      else {
        mkdirSync(at('articles/moved'), { recursive: true });
        renameSync(at(relative), at(`articles/moved/${path.basename(relative)}`));
        renamed.push(relative);
      }
    }
    const server = await starting;
    try {
      // The editor's file watcher reports what happened; the index ends up matching the disk.
      const events: FileEvent[] = [];
      for (let index = 0; index < 24; index += 3) {
        const relative = `articles/story-${String(index).padStart(2, '0')}.txt`;
        events.push({ uri: fileUri(at(relative)), type: FileChangeType.Deleted });
      }
      for (const relative of renamed) events.push({ uri: fileUri(at(`articles/moved/${path.basename(relative)}`)), type: FileChangeType.Created });
      await server.filesChanged(events);
      const expected = 24 - 8 + renamed.length;
      await server.waitFor(() => server.statuses.at(-1)?.state === 'ready' && server.statuses.at(-1)?.articles === expected, `${expected} articles indexed`);
    } finally {
      await server.stop();
      removeWorkspace(folder);
    }
  });

  it('ignores a "created" event for a file that is already gone', async () => {
    const folder = makeWorkspace({ 'articles/courier.txt': courierArticle });
    const server = await LanguageServer.start(folder);
    try {
      const ghost = path.join(folder, 'articles/ghost.txt');
      writeFileSync(ghost, gazetteArticle);
      rmSync(ghost);
      await server.filesChanged([{ uri: fileUri(ghost), type: FileChangeType.Created }]);
      await server.waitFor(() => server.log.some((line) => line.includes('ghost.txt') && /deleted or renamed/.test(line)), 'the ghost logged');
      assert.equal(server.statuses.at(-1)?.articles, 1);
    } finally {
      await server.stop();
      removeWorkspace(folder);
    }
  });
});

describe('an analysis step that throws', () => {
  it('records the failed step and keeps the results of the other steps', () => {
    const steps = quoteStep as { findQuotes: unknown };
    const original = steps.findQuotes;
    steps.findQuotes = () => {
      throw new Error('quote scanner exploded');
    };
    try {
      const article = analyzeArticle('articles/courier.txt', courierArticle);
      assert.deepEqual(article.quotes, []);
      assert.ok(article.problems.some((problem) => /^quotes: quote scanner exploded/.test(problem)), article.problems.join('; '));
      assert.ok(article.people.some((person) => person.name === 'Ines Marlowe'), 'people are still found');
      assert.ok(article.claims.length > 0, 'claims are still found');
      assert.equal(article.metadata.outlet, 'Tidewater Courier');
    } finally {
      steps.findQuotes = original;
    }
  });
});
