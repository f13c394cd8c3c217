// A quote's hover over the protocol, on a story many outlets carry: the versions that differ from the
// hovered one come first, word by word, at most eight of them; the outlets with the very same words are
// one line of links.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HoverRequest } from 'vscode-languageserver-protocol/node';
import type { MarkupContent } from 'vscode-languageserver-protocol/node';
import { fileUri, LanguageServer, makeWorkspace, removeWorkspace } from './languageServer';

const when = ['in spring', 'in the spring', 'last spring', 'in early spring', 'in April', 'in March', 'last autumn', 'in winter', 'in May', 'in June'];

function article(outlet: string, season: string): string {
  return `Outlet: ${outlet}
Title: Harbour strike talks in Baltimore end without a deal

Dock workers and port managers met at the harbour office in Baltimore on Monday to discuss wages.
"We are further apart than we were ${season}," said union leader Marta Keane after the meeting.
The talks lasted about two hours, according to the union, and no new date was set.
`;
}

/**
 * Starts a server on a workspace of `files` for the suite; `hoverQuote(name)` is the hover's Markdown on
 * the quote of `articles/<name>`.
 */
function quoteWorkspace(files: Record<string, string>): { hoverQuote: (name: string) => Promise<string> } {
  let folder: string;
  let server: LanguageServer;
  before(async () => {
    folder = makeWorkspace(files);
    server = await LanguageServer.start(folder, {}, {});
  });
  after(async () => {
    await server.stop();
    removeWorkspace(folder);
  });
  return {
    async hoverQuote(name: string): Promise<string> {
      const uri = fileUri(path.join(folder, 'articles', name));
      const line = files[`articles/${name}`].split('\n').findIndex((row) => row.includes('further apart'));
      const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: 5 } });
      return (hover?.contents as MarkupContent | undefined)?.value ?? '';
    },
  };
}

describe('a quote many outlets carry', () => {
  const files: Record<string, string> = {};
  // Outlet 0 and four others have the same words; ten outlets word the season differently.
  const seasons = ['in spring', 'in spring', 'in spring', 'in spring', 'in spring', ...when.slice(1), 'this year'];
  seasons.forEach((season, i) => {
    files[`articles/outlet${String(i).padStart(2, '0')}.txt`] = article(`Outlet ${String.fromCharCode(65 + i)} News`, season);
  });
  const { hoverQuote } = quoteWorkspace(files);

  it('lists the differing versions first, eight word by word, and the same words as one line', async () => {
    const markdown = await hoverQuote('outlet00.txt');
    assert.match(markdown, /Also quoted by 14 articles/, markdown);
    const listed = markdown.split('\n').filter((row) => row.startsWith('- ['));
    assert.equal(listed.length, 8, markdown);
    for (const row of listed) assert.match(row, /\*\*|~~/, `a listed version shows its changed words: ${row}`);
    assert.match(markdown, /… and 2 more worded or credited differently/, markdown);
    const same = markdown.split('\n').find((row) => row.startsWith('Same words in '));
    assert.ok(same, markdown);
    for (const outlet of ['Outlet B News', 'Outlet C News', 'Outlet D News', 'Outlet E News']) assert.ok(same.includes(`[${outlet}]`), `${outlet} in: ${same}`);
    assert.ok(!same.includes('Outlet F News'), same);
    assert.ok(!markdown.includes('(same words)'), markdown);
  });
});

describe('a quote two articles of one outlet carry', () => {
  const { hoverQuote } = quoteWorkspace({
    'articles/post-morning.txt': article('Daily Post', 'in spring'),
    'articles/post-evening.txt': article('Daily Post', 'in spring'),
    'articles/herald.txt': article('Harbour Herald', 'in spring'),
  });

  it('names the outlet\'s two articles apart, as the story\'s findings do', async () => {
    const markdown = await hoverQuote('herald.txt');
    const same = markdown.split('\n').find((row) => row.startsWith('Same words in '));
    assert.ok(same, markdown);
    const plain = same.replace(/\\/g, ''); // Markdown escapes the parentheses
    assert.ok(plain.includes('[Daily Post (post-morning)]') && plain.includes('[Daily Post (post-evening)]'), same);
  });
});
