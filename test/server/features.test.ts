// Hover, definition and references on two small articles about one (invented) story.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Hover, Location, MarkupContent } from 'vscode-languageserver-protocol/node';
import { DefinitionRequest, HoverRequest, ReferencesRequest } from 'vscode-languageserver-protocol/node';
import type { PersonProfile } from '../../core/src/index';
import { PersonRequest } from '../../protocol/protocol';
import { fileUri, LanguageServer, makeWorkspace, positionOf, removeWorkspace } from './languageServer';

const courier = `Outlet: Tidewater Courier
Title: Harbour strike talks end without a deal

Dock workers and port managers met at the harbour office on Monday.
"We are further apart than we were in spring," union leader Marta Keane said after the meeting.
Keane said the union would meet again on Friday.
`;

const ledger = `Outlet: Eastbay Ledger
Title: Port talks collapse as strike looms

Union officials and port managers held talks on Monday.
"We are further apart than we were last spring," union leader Marta Keane told reporters.
`;

describe('hover and navigation across two outlets', () => {
  let folder: string;
  let server: LanguageServer;
  let courierUri: string;
  let ledgerUri: string;

  async function hover(uri: string, text: string, needle: string, shift = 1, occurrence = 1): Promise<string> {
    const found: Hover | null = await server.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri }, position: positionOf(text, needle, shift, occurrence),
    });
    assert.ok(found, `no hover on "${needle}"`);
    return (found.contents as MarkupContent).value;
  }

  before(async () => {
    folder = makeWorkspace({ 'articles/courier.txt': courier, 'articles/ledger.txt': ledger });
    courierUri = fileUri(path.join(folder, 'articles', 'courier.txt'));
    ledgerUri = fileUri(path.join(folder, 'articles', 'ledger.txt'));
    server = await LanguageServer.start(folder);
  });

  after(async () => {
    await server.stop();
    removeWorkspace(folder);
  });

  it('a person hover names the person and the articles mentioning them', async () => {
    const markdown = await hover(courierUri, courier, 'Keane', 1, 2);
    assert.match(markdown, /\*\*Marta Keane\*\*/);
    assert.match(markdown, /Mentioned in 2 articles/);
  });

  it('a person hover lists the role phrases each outlet uses, as the corpus has them', async () => {
    const offset = courier.indexOf('Marta Keane') + 2;
    const profile: PersonProfile | null = await server.connection.sendRequest(PersonRequest.method, { uri: courierUri, offset });
    assert.ok(profile, 'no person profile');
    const markdown = await hover(courierUri, courier, 'Marta Keane', 2);
    for (const description of profile.descriptions) {
      for (const role of description.roles) assert.ok(markdown.includes(role), `the hover leaves out "${role}" (${description.outlet})`);
    }
  });

  it('the person profile names both outlets', async () => {
    const profile: PersonProfile | null = await server.connection.sendRequest(PersonRequest.method, {
      uri: courierUri, offset: courier.indexOf('Marta Keane') + 2,
    });
    assert.deepEqual(profile?.descriptions.map((description) => description.outlet).sort(), ['Eastbay Ledger', 'Tidewater Courier']);
  });

  it('a quote hover shows the other outlet\'s version with the changed words marked', async () => {
    const markdown = await hover(courierUri, courier, 'further apart');
    assert.match(markdown, /Eastbay Ledger/);
    assert.match(markdown, /~~in~~/);
    assert.match(markdown, /\*\*last\*\*/);
  });

  it('links from a hover to the other article with a line number', async () => {
    const markdown = await hover(courierUri, courier, 'further apart');
    assert.ok(markdown.includes(`(${ledgerUri}#L5,`), markdown);
  });

  it('definition on a quote leads to the other outlet\'s version only', async () => {
    const locations = await server.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: courierUri }, position: positionOf(courier, 'further apart'),
    }) as Location[];
    assert.deepEqual(locations.map((location) => location.uri), [ledgerUri]);
    assert.equal(locations[0].range.start.line, 4);
  });

  it('definition on a person leads to their first mention in the other article', async () => {
    const locations = await server.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: courierUri }, position: positionOf(courier, 'Keane', 1, 2),
    }) as Location[];
    assert.deepEqual(locations.map((location) => location.uri), [ledgerUri]);
    assert.equal(locations[0].range.start.line, 4);
  });

  it('references on a person list every mention in both articles', async () => {
    const locations = await server.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: courierUri }, position: positionOf(courier, 'Keane', 1, 2), context: { includeDeclaration: true },
    }) as Location[];
    assert.equal(locations.filter((location) => location.uri === courierUri).length, 2);
    assert.equal(locations.filter((location) => location.uri === ledgerUri).length, 1);
  });

  it('the quote variant shows as a diagnostic in both articles', () => {
    for (const uri of [courierUri, ledgerUri]) {
      const variant = (server.diagnostics.get(uri) ?? []).find((diagnostic) => diagnostic.code === 'quote-variant');
      assert.ok(variant, `no quote variant in ${uri}`);
      assert.equal(variant.source, 'Crosscheck');
    }
  });
});
