/**
 * Crosscheck inside a real VS Code: the demo articles (a copy of seeds/) are the workspace, and each
 * test checks one thing a reader would notice. Assertions name behaviour (who a hover is about, which
 * articles a definition leads to), not exact wording, which changes as the messages improve.
 */
import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import * as vscode from 'vscode';
import { analyzeArticle } from '../../core/src/index';
import { EXTENSION_ID, waitFor } from './support';


async function seedArticles(): Promise<vscode.Uri[]> {
  const found = await vscode.workspace.findFiles('**/seeds/*.txt');
  assert.ok(found.length >= 2, `expected the demo articles in the workspace, found ${found.length}`);
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

function fileName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

async function seed(prefix: string): Promise<vscode.TextDocument> {
  const uri = (await seedArticles()).find((candidate) => fileName(candidate).startsWith(prefix));
  assert.ok(uri, `no seed article starting with ${prefix}`);
  return vscode.workspace.openTextDocument(uri);
}

/** The hovers' text as a reader sees it: Markdown backslash escapes removed. */
function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n')
    .replace(/\\([\\`*_{}[\]()#+\-.!<>|~])/g, '$1');
}

/** Straight and curly quotes alike, and runs of spaces as one. */
function normalise(text: string): string {
  return text.replace(/[“”„]/g, '"').replace(/[‘’]/g, "'").replace(/\s+/g, ' ');
}

/**
 * How the extension labels each article's outlet: the outlet the core finds in it, else the file name
 * without its extension.
 */
async function outletLabels(articles: vscode.Uri[]): Promise<string[]> {
  const labels = new Set<string>();
  for (const uri of articles) {
    const outlet = analyzeArticle(uri.toString(), (await vscode.workspace.openTextDocument(uri)).getText()).metadata.outlet;
    labels.add(outlet ?? fileName(uri).replace(/\.[^.]*$/, ''));
  }
  return [...labels];
}

/** The parts of the extension's exported API these tests use; each is optional so older builds still run. */
interface CrosscheckApi {
  isReady?: () => boolean | Promise<unknown>;
  comparePanel?: { file: string; content: string };
}

/** Resolves once the server has indexed the workspace (through the extension's API when it has one). */
async function indexed(articles: vscode.Uri[]): Promise<void> {
  const extension = vscode.extensions.getExtension<CrosscheckApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  const api = extension.isActive ? extension.exports : await extension.activate();
  if (typeof api?.isReady === 'function') {
    const first = api.isReady();
    if (typeof first === 'boolean') await waitFor('the first index (api.isReady())', () => api.isReady?.() === true, 120_000);
    else await Promise.race([first, new Promise((_, reject) => setTimeout(() => reject(new Error('api.isReady() did not resolve in 120s')), 120_000))]);
    return;
  }
  await waitFor('diagnostics on any demo article', () => articles.some((uri) => vscode.languages.getDiagnostics(uri).length > 0), 120_000);
}

suite('Crosscheck in VS Code', () => {
  let articles: vscode.Uri[];
  let lead: vscode.TextDocument;

  suiteSetup(async () => {
    articles = await seedArticles();
    lead = await seed('003_');
    await vscode.window.showTextDocument(lead);
  });

  test('activates on a demo article, which opens as an article', async () => {
    assert.strictEqual(lead.languageId, 'article');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    await waitFor(`${EXTENSION_ID} to activate`, () => extension.isActive, 30_000);
  });

  test('indexes the workspace', async () => {
    await indexed(articles);
  });

  test('the language server runs with one malloc arena on Linux', function () {
    if (process.platform !== 'linux') this.skip();
    // The server is the extension host's child running dist/server.js (started by the client).
    const servers = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).filter((pid) => {
      try {
        const parent = /^\d+ \(.*\) \S (\d+)/s.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
        return Number(parent) === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dist/server.js');
      } catch {
        return false; // a process that ended meanwhile
      }
    });
    assert.equal(servers.length, 1, `expected one language server under the extension host, found ${servers.length}`);
    const environment = readFileSync(`/proc/${servers[0]}/environ`, 'utf8').split('\0');
    const tunables = environment.find((entry) => entry.startsWith('GLIBC_TUNABLES='));
    assert.ok(tunables?.split(/[=:]/).includes('glibc.malloc.arena_max'), `the server's GLIBC_TUNABLES: ${tunables ?? 'not set'}`);
  });

  test('hover on a person names them and the outlets that describe them', async () => {
    await indexed(articles);
    const text = lead.getText();
    const fullName = text.indexOf('Vladimir Putin');
    assert.ok(fullName >= 0, 'the lead article mentions Vladimir Putin');
    const position = lead.positionAt(fullName + 'Vladimir '.length + 2);
    const hovers = await waitFor(
      'a hover on "Putin"',
      async () => {
        const found = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', lead.uri, position);
        return found && found.length > 0 && /Putin/.test(hoverText(found)) ? found : undefined;
      },
      30_000,
    );
    const shown = hoverText(hovers);
    assert.match(shown, /Vladimir Putin/, 'the hover names the person in full');

    const outlets = await outletLabels(articles);
    const named = outlets.filter((outlet) => shown.includes(outlet));
    assert.ok(named.length >= 2, `the hover names ${named.length} of the outlets ${outlets.join(', ')}:\n${shown}`);
  });

  test('go to definition on a quote leads to the other outlets carrying it', async () => {
    await indexed(articles);
    const others = await Promise.all(
      articles.filter((uri) => uri.toString() !== lead.uri.toString()).map(async (uri) => normalise((await vscode.workspace.openTextDocument(uri)).getText())),
    );
    // A quotation in the lead article that another article carries word for word.
    const text = lead.getText();
    const quotation = /[“"]([^“”"]{25,}?)[”"]/g;
    let shared: { offset: number; words: string } | undefined;
    for (let match = quotation.exec(text); match && !shared; match = quotation.exec(text)) {
      const words = normalise(match[1]).replace(/[,.]$/, '');
      if (others.some((other) => other.includes(words))) shared = { offset: match.index + 1, words };
    }
    assert.ok(shared, 'the lead article shares a quotation with another article');
    const position = lead.positionAt(shared.offset + Math.floor(shared.words.length / 2));
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      lead.uri,
      position,
    );
    const targets = (locations ?? []).map((location) => ('targetUri' in location ? location.targetUri : location.uri));
    const elsewhere = targets.filter((uri) => uri.toString() !== lead.uri.toString());
    assert.ok(elsewhere.length > 0, `definition on "${shared.words}" leads to other articles (got ${targets.map(fileName).join(', ') || 'nothing'})`);
  });

  test('reports the conflicting meeting venues as a diagnostic', async () => {
    await indexed(articles);
    for (const uri of articles) await vscode.workspace.openTextDocument(uri);
    const venue = /limousine|air ?base/i;
    const found = await waitFor(
      'a diagnostic about the meeting venue',
      () => articles.flatMap((uri) => vscode.languages.getDiagnostics(uri)).find((diagnostic) => venue.test(diagnostic.message)),
      60_000,
    );
    assert.match(found.message, venue);
  });

  test('Compare Coverage opens a webview panel', async () => {
    await indexed(articles);
    await vscode.window.showTextDocument(lead);
    await vscode.commands.executeCommand('crosscheck.compareCoverage');
    const webviewTab = await waitFor(
      'a Compare Coverage webview tab',
      () =>
        vscode.window.tabGroups.all
          .flatMap((group) => group.tabs)
          .find((tab) => tab.input instanceof vscode.TabInputWebview),
      30_000,
    );
    assert.ok(webviewTab.label.length > 0, 'the coverage panel has a title');

    // Through the extension's API, when it offers one: the panel shows this article's story, outlet by outlet.
    const api = vscode.extensions.getExtension<CrosscheckApi>(EXTENSION_ID)?.exports;
    if (api && 'comparePanel' in api) {
      const outlets = await outletLabels(articles);
      const panel = await waitFor(
        'the coverage panel to name several outlets',
        () => {
          const shown = api.comparePanel;
          return shown && outlets.filter((outlet) => shown.content.includes(outlet)).length >= 2 ? shown : undefined;
        },
        30_000,
      );
      assert.strictEqual(panel.file, lead.uri.toString(), 'the panel compares the article it was opened from');
    }
  });
});
