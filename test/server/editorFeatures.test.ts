// Lenses, the Outline, workspace symbols, semantic tokens, Compare coverage with a focus and the
// Coverage view's overview, over the real protocol, on three small articles about one invented story.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CodeLensRequest, DocumentSymbolRequest, HoverRequest, SemanticTokensRequest, WorkspaceSymbolRequest,
} from 'vscode-languageserver-protocol/node';
import type {
  CodeLens, DocumentSymbol, MarkupContent, SemanticTokensLegend, SymbolInformation,
} from 'vscode-languageserver-protocol/node';
import type { CompareView, StoryOverview } from '../../core/src/index';
import { CoverageRequest, OverviewRequest, PeopleRequest } from '../../protocol/protocol';
import type { PersonSummary } from '../../protocol/protocol';
import { fileUri, LanguageServer, makeWorkspace, removeWorkspace } from './languageServer';

const courier = `Outlet: Tidewater Courier
Title: Harbour strike talks end without a deal

Dock workers and port managers met at the harbour office in Baltimore on Monday.
"We are further apart than we were in spring," said union leader Marta Keane after the meeting.
"Nobody wants a long strike," Keane said.
The talks lasted about two hours, according to the union.
`;

const ledger = `Outlet: Eastbay Ledger
Title: Port talks collapse as strike looms

Union officials and port managers held talks in Baltimore on Monday.
"We are further apart than we were last spring," union leader Marta Keane told reporters.
Port director Alan Brisco said the company had made a fair offer.
`;

const gazette = `Outlet: Northshore Gazette
Title: Harbour union and port fail to agree

Talks between the dock union and the port authority in Baltimore ended on Monday.
"We are further apart than we were in spring," said Marta Keane, who leads the union.
`;

describe('editor features over the protocol', () => {
  let folder: string;
  let server: LanguageServer;
  let courierUri: string;

  before(async () => {
    folder = makeWorkspace({ 'articles/courier.txt': courier, 'articles/ledger.txt': ledger, 'articles/gazette.txt': gazette });
    courierUri = fileUri(path.join(folder, 'articles', 'courier.txt'));
    server = await LanguageServer.start(folder, {}, {});
  });

  after(async () => {
    await server.stop();
    removeWorkspace(folder);
  });

  const lenses = async (uri: string): Promise<CodeLens[]> =>
    (await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];

  it('puts a lens above a shared quote counting the outlets and the one that differs', async () => {
    const line = courier.split('\n').findIndex((text) => text.includes('further apart'));
    const titles = (await lenses(courierUri)).filter((lens) => lens.range.start.line === line).map((lens) => lens.command?.title);
    assert.ok(titles.includes('3 of 3 outlets · 1 differs'), `lens titles on the quote: ${titles.join(' | ')}`);
  });

  it('the count lens peeks at the other outlets\' versions', async () => {
    const line = courier.split('\n').findIndex((text) => text.includes('further apart'));
    const lens = (await lenses(courierUri)).find((candidate) => candidate.range.start.line === line && candidate.command?.command === 'crosscheck.showPassages');
    assert.ok(lens?.command?.arguments, 'no peek lens');
    const [uri, , , locations] = lens.command.arguments as [string, number, number, { uri: string }[]];
    assert.equal(uri, courierUri);
    assert.deepEqual(locations.map((location) => path.basename(location.uri)).sort(), ['gazette.txt', 'ledger.txt']);
  });

  it('a quote no other outlet carries says so and opens Compare on it', async () => {
    const line = courier.split('\n').findIndex((text) => text.includes('Nobody wants'));
    const lens = (await lenses(courierUri)).find((candidate) => candidate.range.start.line === line);
    assert.equal(lens?.command?.title, 'only this outlet of 3');
    assert.equal(lens?.command?.command, 'crosscheck.comparePassage');
  });

  it('the Outline lists the headline, people, quotes by speaker and claims', async () => {
    const symbols = (await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: courierUri } })) as DocumentSymbol[];
    assert.equal(symbols[0].name, 'Harbour strike talks end without a deal');
    const people = symbols.find((symbol) => symbol.name === 'People');
    assert.ok(people?.children?.some((person) => person.name === 'Marta Keane'), 'Marta Keane under People');
    const speaker = symbols.find((symbol) => symbol.name === 'Quotes')?.children?.find((child) => child.name === 'Marta Keane');
    assert.equal(speaker?.children?.length, 2, 'both of Keane\'s quotes under her name');
  });

  it('workspace symbols find a person and each outlet\'s version of a quote', async () => {
    const people = (await server.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'keane' })) as SymbolInformation[];
    assert.ok(people.some((symbol) => symbol.name === 'Marta Keane' && symbol.containerName === '3 articles'), 'the person');
    const quotes = (await server.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'further apart' })) as SymbolInformation[];
    assert.equal(new Set(quotes.map((symbol) => symbol.location.uri)).size, 3);
  });

  it('semantic tokens mark the person and the quoted words around the name', async () => {
    const legend = server.initializeResult?.capabilities.semanticTokensProvider?.legend as SemanticTokensLegend;
    assert.ok(legend.tokenTypes.includes('person') && legend.tokenTypes.includes('quote'));
    const tokens = await server.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: courierUri } });
    const decoded = decode(tokens?.data ?? [], legend);
    const lines = courier.split('\n');
    const text = (token: Token): string => lines[token.line].slice(token.start, token.start + token.length);
    assert.ok(decoded.some((token) => token.type === 'person' && text(token) === 'Marta Keane'), 'Marta Keane is a person token');
    assert.ok(decoded.some((token) => token.type === 'quote' && text(token).startsWith('We are further apart')), 'the quote is a quote token');
    assert.ok(decoded.some((token) => token.type === 'place' && text(token) === 'Baltimore'), 'Baltimore is a place token');
  });

  it('Compare coverage of a selection keeps the quotes in the selected sentence', async () => {
    const start = courier.indexOf('further apart');
    const view = await server.connection.sendRequest(CoverageRequest.method, { uri: courierUri, range: { start, end: start } }) as CompareView;
    assert.equal(view.focus.kind, 'selection');
    assert.equal(view.rows.length, 1);
    assert.equal(view.rows[0].kind, 'quote');
  });

  it('Compare coverage of a person shows their quotes and how each outlet describes them', async () => {
    const people = await server.connection.sendRequest(PeopleRequest.method, {}) as PersonSummary[];
    const keane = people.find((person) => person.name === 'Marta Keane');
    assert.ok(keane, 'Marta Keane in the people list');
    assert.equal(keane.articles, 3);
    const view = await server.connection.sendRequest(CoverageRequest.method, { uri: courierUri, person: keane.id }) as CompareView;
    assert.equal(view.focus.kind, 'person');
    assert.ok(view.rows.length >= 2 && view.rows.every((row) => row.kind === 'quote'));
    assert.equal(view.descriptions?.filter((roles) => roles !== null).length, 3);
  });

  it('the overview lists the story with its articles, people, quotes and findings', async () => {
    const stories = await server.connection.sendRequest(OverviewRequest.method, {}) as StoryOverview[];
    assert.equal(stories.length, 1);
    assert.equal(stories[0].articles.length, 3);
    assert.ok(stories[0].people.some((person) => person.name === 'Marta Keane'));
    const shared = stories[0].quotes.find((quote) => quote.text.includes('further apart'));
    assert.equal(shared?.summary, '3 of 3 outlets · 1 differs');
    assert.ok(stories[0].findings.some((finding) => finding.kind === 'quote-variant'));
  });
});

describe('settings', () => {
  let folder: string;
  let server: LanguageServer;
  let courierUri: string;

  before(async () => {
    folder = makeWorkspace({ 'articles/courier.txt': courier, 'articles/ledger.txt': ledger });
    courierUri = fileUri(path.join(folder, 'articles', 'courier.txt'));
    server = await LanguageServer.start(folder, {}, { findings: { 'quote-variant': { severity: 'off' } } });
  });

  after(async () => {
    await server.stop();
    removeWorkspace(folder);
  });

  const variants = (): number => (server.diagnostics.get(courierUri) ?? []).filter((diagnostic) => diagnostic.code === 'quote-variant').length;

  it('a finding kind set to off is not shown', () => {
    assert.equal(variants(), 0);
  });

  it('changing the severity setting republishes the findings with it', async () => {
    await server.changeSettings({ findings: { 'quote-variant': { severity: 'error' } } });
    await server.waitFor(() => variants() > 0, 'the quote variant to come back');
    const variant = (server.diagnostics.get(courierUri) ?? []).find((diagnostic) => diagnostic.code === 'quote-variant');
    assert.equal(variant?.severity, 1);
  });

  it('lenses can be turned off, and the editor is asked to refresh them', async () => {
    const lenses = async (): Promise<number> =>
      ((await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: courierUri } })) ?? []).length;
    assert.ok(await lenses() > 0, 'lenses before the change');
    await server.changeSettings({ codeLens: { show: 'off' } });
    const deadline = Date.now() + 10_000;
    while (await lenses() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(await lenses(), 0);
    assert.ok(server.lensRefreshes > 0, 'the server asked the editor to refresh its lenses');
  });
});

interface Token {
  line: number;
  start: number;
  length: number;
  type: string;
  modifiers: string[];
}

function decode(data: number[], legend: SemanticTokensLegend): Token[] {
  const tokens: Token[] = [];
  let line = 0;
  let start = 0;
  for (let index = 0; index + 4 < data.length + 1; index += 5) {
    const [deltaLine, deltaStart, length, type, bits] = data.slice(index, index + 5);
    line += deltaLine;
    start = deltaLine === 0 ? start + deltaStart : deltaStart;
    tokens.push({
      line, start, length, type: legend.tokenTypes[type],
      modifiers: legend.tokenModifiers.filter((_, bit) => (bits & (1 << bit)) !== 0),
    });
  }
  return tokens;
}

describe('hovers say what other outlets left out', () => {
  let folder: string;
  let server: LanguageServer;
  let courierUri: string;

  before(async () => {
    folder = makeWorkspace({ 'articles/courier.txt': courier, 'articles/ledger.txt': ledger, 'articles/gazette.txt': gazette });
    courierUri = fileUri(path.join(folder, 'articles', 'courier.txt'));
    server = await LanguageServer.start(folder);
  });

  after(async () => {
    await server.stop();
    removeWorkspace(folder);
  });

  it('a quote only this outlet carries names the outlets without it', async () => {
    const line = courier.split('\n').findIndex((text) => text.includes('Nobody wants'));
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: courierUri }, position: { line, character: 5 } });
    const markdown = (hover?.contents as MarkupContent).value;
    assert.match(markdown, /Not in: .*Eastbay Ledger/);
    assert.match(markdown, /Not in: .*Northshore Gazette/);
  });
});
