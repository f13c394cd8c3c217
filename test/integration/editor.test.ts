/**
 * The editor surfaces around coverage inside a real VS Code, on the demo articles: lenses, the
 * Outline, workspace symbols, semantic tokens, the Coverage view and the Compare commands. The
 * assertions are about what a reader would notice, not about the seeds' exact wording.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { CompareFocus, CompareView } from '../../core/src/index';
import { PeopleRequest } from '../../protocol/protocol';
import type { PersonSummary } from '../../protocol/protocol';
import { EXTENSION_ID, waitFor } from './support';


interface CoverageItem {
  label: string;
  description: string;
  command?: { command: string; arguments: unknown[] };
  children: CoverageItem[];
}

/** The parts of the extension's API these tests use. */
interface CrosscheckApi {
  isReady(): Promise<void>;
  readonly client: { sendRequest<R>(method: string, params: unknown): Promise<R> } | undefined;
  readonly comparePanel: { mode: string; focus: CompareFocus; view: CompareView | null; content: string; html: string } | undefined;
  readonly coverage: { snapshot(depth?: number): Promise<CoverageItem[]>; refresh(): void } | undefined;
}

async function crosscheck(): Promise<CrosscheckApi> {
  const extension = vscode.extensions.getExtension<CrosscheckApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  const api = extension.isActive ? extension.exports : await extension.activate();
  await Promise.race([api.isReady(), new Promise((_, reject) => setTimeout(() => reject(new Error('the index was not ready in 120s')), 120_000))]);
  return api;
}

/** The demo article with the most quotes, open in the first column. */
async function leadArticle(): Promise<vscode.TextDocument> {
  const found = (await vscode.workspace.findFiles('**/seeds/*.txt')).sort((a, b) => a.path.localeCompare(b.path));
  assert.ok(found.length >= 2, 'the demo articles are in the workspace');
  let best: vscode.TextDocument | undefined;
  let bestQuotes = -1;
  for (const uri of found) {
    const document = await vscode.workspace.openTextDocument(uri);
    const quotes = (document.getText().match(/[“"]/g) ?? []).length;
    if (quotes > bestQuotes) {
      best = document;
      bestQuotes = quotes;
    }
  }
  await vscode.window.showTextDocument(best!, { viewColumn: vscode.ViewColumn.One });
  return best!;
}

suite('Coverage in the editor', () => {
  let api: CrosscheckApi;
  let lead: vscode.TextDocument;

  suiteSetup(async () => {
    api = await crosscheck();
    lead = await leadArticle();
  });

  test('lenses count the outlets carrying each quote', async () => {
    const lenses = await waitFor('coverage lenses', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', lead.uri, 100);
      return found && found.some((lens) => lens.command !== undefined) ? found : undefined;
    }, 30_000);
    const titles = lenses.map((lens) => lens.command?.title ?? '');
    assert.ok(titles.some((title) => /\d+ of \d+ outlets/.test(title)), `a lens counts outlets: ${titles.slice(0, 8).join(' | ')}`);
    assert.ok(titles.some((title) => /differs?|contradicts?/.test(title)), 'a lens says another outlet tells it differently');
    const peek = lenses.find((lens) => lens.command?.command === 'crosscheck.showPassages');
    assert.ok(peek, 'a lens peeks at the other outlets');
  });

  test('the Outline lists the headline, people, quotes and claims', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', lead.uri);
    const names = symbols.map((symbol) => symbol.name);
    for (const group of ['People', 'Quotes', 'Claims']) assert.ok(names.includes(group), `${group} in the Outline: ${names.join(', ')}`);
    assert.strictEqual(symbols[0].kind, vscode.SymbolKind.File, 'the headline comes first');
    const people = symbols.find((symbol) => symbol.name === 'People')!;
    assert.ok(people.children.length >= 2, 'several people');
  });

  test('Go to Symbol in Workspace finds people and quotes across articles', async () => {
    const people = await api.client!.sendRequest<PersonSummary[]>(PeopleRequest.method, {});
    const widest = people[0];
    assert.ok(widest.articles >= 2, 'someone appears in several articles');
    const surname = widest.name.split(' ').pop()!;
    const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', surname);
    assert.ok(symbols.some((symbol) => symbol.name === widest.name && symbol.kind === vscode.SymbolKind.Class), `${widest.name} as a person`);
    const files = new Set(symbols.filter((symbol) => symbol.kind === vscode.SymbolKind.String).map((symbol) => symbol.location.uri.toString()));
    assert.ok(files.size >= 2, `quotes mentioning ${surname} in ${files.size} articles`);
  });

  test('semantic tokens colour people and quotes with a legend themes can map', async () => {
    const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentSemanticTokensLegend', lead.uri);
    assert.ok(legend, 'a legend');
    for (const type of ['person', 'place', 'organization', 'quote', 'claim']) assert.ok(legend.tokenTypes.includes(type), `${type} in the legend`);
    const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentSemanticTokens', lead.uri);
    assert.ok(tokens && tokens.data.length > 0, 'tokens for the article');
    const types = new Set<string>();
    for (let index = 3; index < tokens.data.length; index += 5) types.add(legend.tokenTypes[tokens.data[index]]);
    assert.ok(types.has('person') && types.has('quote'), `token types used: ${[...types].join(', ')}`);
  });

  test('the Coverage view shows the story with its articles, people, quotes and findings', async () => {
    api.coverage!.refresh();
    const stories = await api.coverage!.snapshot(3);
    assert.ok(stories.length >= 1, 'a story');
    const story = stories.reduce((best, candidate) => (candidate.children.length > best.children.length ? candidate : best));
    assert.match(story.description, /\d+ articles · \d+ findings?/);
    const groups = story.children.map((group) => group.label);
    assert.deepStrictEqual(groups.filter((label) => ['Articles', 'People', 'Quotes', 'Findings'].includes(label)), ['Articles', 'People', 'Quotes', 'Findings']);
    const articles = story.children.find((group) => group.label === 'Articles')!;
    assert.strictEqual(articles.description, String(articles.children.length), 'the group counts its items');
    const article = articles.children[0];
    assert.strictEqual(article.command?.command, 'crosscheck.openPassage', 'an article item opens the article');
    await vscode.commands.executeCommand(article.command!.command, ...article.command!.arguments);
    await waitFor('the article to open', () => vscode.window.activeTextEditor?.document.uri.toString() === article.command!.arguments[0]);
  });

  test('Compare Coverage opens the story side by side and switches to the matrix', async () => {
    await vscode.window.showTextDocument(lead, { viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand('crosscheck.compareCoverage');
    const panel = await waitFor('the Compare panel', () => (api.comparePanel?.view ? api.comparePanel : undefined), 30_000);
    assert.strictEqual(panel.focus.kind, 'article');
    assert.match(panel.html, /Content-Security-Policy/);
    assert.match(panel.html, /script-src 'nonce-/);
    await vscode.commands.executeCommand('crosscheck.showCompareMatrix');
    const matrix = await waitFor('the matrix layout', () => (api.comparePanel?.mode === 'matrix' ? api.comparePanel : undefined));
    assert.match(matrix.content, /Leaves (out \d+|nothing out)/);
    await vscode.commands.executeCommand('crosscheck.showCompareSideBySide');
    assert.strictEqual(api.comparePanel?.mode, 'article');
  });

  test('Compare Coverage of Selection narrows to the selected passage', async () => {
    const editor = await vscode.window.showTextDocument(lead, { viewColumn: vscode.ViewColumn.One });
    const text = lead.getText();
    const quote = /[“"]([^“”"]{20,})[”"]/.exec(text);
    assert.ok(quote, 'a quotation in the article');
    const position = lead.positionAt(quote.index + 5);
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('crosscheck.compareSelection');
    const panel = await waitFor('a selection comparison', () => (api.comparePanel?.focus.kind === 'selection' ? api.comparePanel : undefined));
    assert.ok(panel.view && panel.view.rows.length >= 1, 'the quote is compared');
    assert.ok(panel.view.rows.length < (panel.view.columns.length * 50), 'only the passage, not the whole story');
  });

  test('Compare Coverage of Person shows their quotes and descriptions', async () => {
    const people = await api.client!.sendRequest<PersonSummary[]>(PeopleRequest.method, {});
    const person = people.find((candidate) => candidate.quotes > 0) ?? people[0];
    await vscode.commands.executeCommand('crosscheck.comparePerson', person.id);
    const panel = await waitFor('a person comparison', () => (api.comparePanel?.focus.kind === 'person' ? api.comparePanel : undefined));
    assert.ok(panel.view?.descriptions, 'how each outlet describes them');
    assert.ok(panel.content.includes(`${person.name} across outlets`) || panel.content.includes(person.name.replace(/'/g, '&#39;')));
  });

  test('settings turn lenses and a kind of finding off without a restart', async () => {
    const settings = vscode.workspace.getConfiguration('crosscheck');
    const lensCount = async (): Promise<number> =>
      (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', lead.uri, 100) ?? []).length;
    const variants = (): number => vscode.languages.getDiagnostics().flatMap(([, diagnostics]) => diagnostics)
      .filter((diagnostic) => diagnostic.source === 'Crosscheck' && String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code) === 'quote-variant').length;
    assert.ok(await lensCount() > 0, 'lenses before');
    assert.ok(variants() > 0, 'altered quotes reported before');
    try {
      await settings.update('codeLens.show', 'off', vscode.ConfigurationTarget.Global);
      await settings.update('findings.quote-variant.severity', 'off', vscode.ConfigurationTarget.Global);
      await waitFor('the lenses to go', async () => (await lensCount()) === 0, 30_000);
      await waitFor('the altered-quote findings to go', () => variants() === 0, 30_000);
    } finally {
      await settings.update('codeLens.show', undefined, vscode.ConfigurationTarget.Global);
      await settings.update('findings.quote-variant.severity', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('the lenses to come back', async () => (await lensCount()) > 0, 30_000);
  });

  test('the lens command compares one passage', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', lead.uri, 100);
    const compare = lenses.find((lens) => lens.command?.command === 'crosscheck.comparePassage');
    assert.ok(compare?.command, 'a Compare lens');
    await vscode.commands.executeCommand(compare.command.command, ...(compare.command.arguments ?? []));
    const panel = await waitFor('a passage comparison', () => (api.comparePanel?.focus.kind === 'selection' ? api.comparePanel : undefined));
    assert.ok(panel.view && panel.view.rows.length >= 1);
  });
});
