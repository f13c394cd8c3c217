// A real 1 MB article on one line through the language server: indexed (it is under the 1 MB limit),
// with the outline's and the hover's positions right at the far end of the line. How long it takes is
// printed, not asserted: speed is the benchmark's business (npm run bench), and a timed unit test only
// measures how busy the machine is. A hang still fails through the start timeout of LanguageServer.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DocumentSymbolRequest, HoverRequest, SymbolKind } from 'vscode-languageserver-protocol/node';
import type { DocumentSymbol, Hover } from 'vscode-languageserver-protocol/node';
import { fileUri, LanguageServer } from '../server/languageServer';

const paragraph = 'Board chair Ines Marlowe said on Tuesday that the vote on ferry fares would wait until staff had studied '
  + 'ridership figures from the summer season. "We need the numbers first, and we do not have them," Marlowe said. '
  + 'Councillor Tom Becker said the delay would cost riders money and that fares rose 4 percent last year. ';

describe('language server on a 1 MB single line', () => {
  let root: string;
  let server: LanguageServer;
  let text: string;
  let indexMs: number;
  const bytes = 1_000_000;

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'crosscheck-one-line-'));
    mkdirSync(path.join(root, 'articles'));
    // A title line, then the whole body on one line of 1,000,000 bytes (ASCII: bytes = characters).
    const body = paragraph.repeat(Math.ceil(bytes / paragraph.length)).slice(0, bytes);
    text = `Title: Harbour board delays vote\n${body}`;
    writeFileSync(path.join(root, 'articles', 'one-line.txt'), text);
    const started = Date.now();
    // A generous wait: on a loaded machine the analysis of the line alone has taken 4 s.
    server = await LanguageServer.start(root, {}, {}, 90_000);
    indexMs = Date.now() - started;
  });

  after(async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('indexes it as one article', () => {
    assert.equal(server.statuses.at(-1)?.articles, 1);
    process.stderr.write(`1 MB single line: server started and indexed it in ${indexMs} ms\n`);
  });

  it('puts the last quote of the line on its words, a million characters in', async () => {
    const uri = fileUri(path.join(root, 'articles', 'one-line.txt'));
    const symbols = await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }) as DocumentSymbol[];
    const all = symbols.flatMap((symbol) => [symbol, ...(symbol.children ?? []).flatMap((child) => [child, ...(child.children ?? [])])]);
    const quotes = all.filter((symbol) => symbol.kind === SymbolKind.String);
    assert.ok(quotes.length > 1000, `every repetition's quote is found (${quotes.length})`);
    const lineStart = text.indexOf('\n') + 1;
    const wanted = 'We need the numbers first, and we do not have them,';
    const whole = quotes.filter((symbol) => symbol.range.end.character - symbol.range.start.character === wanted.length);
    // The line ends inside a repetition, so the last whole quote is the last one that ends before that.
    const last = whole.reduce((best, symbol) => (symbol.range.start.character > best.range.start.character ? symbol : best));
    assert.equal(last.range.start.line, 1);
    assert.ok(last.range.start.character > bytes - 2 * paragraph.length, `the last quote is near the end (${last.range.start.character})`);
    assert.equal(text.slice(lineStart + last.range.start.character, lineStart + last.range.end.character), wanted);

    const surname = text.lastIndexOf('Becker');
    const hover = await server.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri }, position: { line: 1, character: surname - lineStart + 2 },
    }) as Hover | null;
    assert.ok(hover, 'a hover on the last mention of Becker');
    assert.match(JSON.stringify(hover.contents), /Tom Becker/);
  });
});
