/**
 * The editor surfaces around Compare coverage: the Compare commands (article, selection, person),
 * the layout switch, the Coverage view, the commands the lenses run (peek at the other outlets'
 * versions, compare one passage) and the walkthrough's helper commands. Registered once by
 * extension.ts; everything here reads the server through the current language client.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { StoryOverview } from '../../core/src/index';
import {
  comparePassageCommand, defaultArticleGlobs, OverviewRequest, PeopleRequest, showPassagesCommand,
} from '../../protocol/protocol';
import type { PersonSummary } from '../../protocol/protocol';
import type { Location as LspLocation } from 'vscode-languageclient/node';
import { ComparePanel, openPassage } from './comparePanel';
import type { CompareRequest } from './comparePanel';
import { CoverageTree, coverageViewId, openPassageCommand } from './coverageTree';

export class EditorFeatures implements vscode.Disposable {
  readonly coverage: CoverageTree;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext, private readonly client: () => LanguageClient | undefined) {
    this.coverage = new CoverageTree(client);
    const view = vscode.window.createTreeView(coverageViewId, { treeDataProvider: this.coverage, showCollapseAll: true });
    this.coverage.attach(view);
    const command = (id: string, run: (...args: never[]) => unknown): void => {
      this.disposables.push(vscode.commands.registerCommand(id, run));
    };
    this.disposables.push(view, this.coverage);
    command('crosscheck.compareSelection', () => this.compareSelection());
    // From the Coverage view's person items the argument is the tree node; from elsewhere an id or nothing.
    command('crosscheck.comparePerson', (person?: unknown) => this.comparePerson(personIdOf(person)));
    command(comparePassageCommand, (file: string, start: number, end: number) => this.compare(file, { kind: 'selection', start, end }));
    command(showPassagesCommand, (file: string, line: number, character: number, locations: LspLocation[]) =>
      this.showPassages(file, line, character, locations));
    command('crosscheck.showCompareMatrix', () => ComparePanel.current?.setMode('matrix'));
    command('crosscheck.showCompareSideBySide', () => ComparePanel.current?.setMode('article'));
    command('crosscheck.toggleCompareLayout', () => ComparePanel.current?.setMode());
    command('crosscheck.refreshCoverage', () => this.coverage.refresh());
    command(openPassageCommand, (file: string, start: number, end: number) => openPassage(file, start, end));
    command('crosscheck.openDemoArticle', () => this.openDemoArticle());
    command('crosscheck.showFirstHover', () => this.showFirstHover());
  }

  /** The server's index changed: views that show it ask again. */
  indexChanged(): void {
    this.coverage.refresh();
  }

  private async compare(file: string, request: CompareRequest): Promise<void> {
    await ComparePanel.show(this.context.extensionUri, this.client, file, request);
  }

  private activeArticle(): vscode.TextEditor | undefined {
    const editor = vscode.window.activeTextEditor;
    return editor?.document.languageId === 'article' ? editor : undefined;
  }

  private async compareSelection(): Promise<void> {
    const editor = this.activeArticle();
    if (editor === undefined) {
      void vscode.window.showInformationMessage('Select a quote or a sentence in an article to compare how each outlet reports it.');
      return;
    }
    const { document, selection } = editor;
    await this.compare(document.uri.toString(), {
      kind: 'selection', start: document.offsetAt(selection.start), end: document.offsetAt(selection.end),
    });
  }

  private async comparePerson(personId?: string): Promise<void> {
    const client = this.client();
    if (client === undefined || !client.isRunning()) {
      void vscode.window.showWarningMessage('The Crosscheck server is not running. Run "Crosscheck: Restart Server".');
      return;
    }
    const people = await client.sendRequest(PeopleRequest.type, {});
    let person: PersonSummary | undefined = people.find((candidate) => candidate.id === personId);
    if (person === undefined) {
      if (people.length === 0) {
        void vscode.window.showInformationMessage('Crosscheck has not found any people in the articles yet.');
        return;
      }
      const picked = await vscode.window.showQuickPick(people.map((candidate) => ({
        label: candidate.name,
        description: `${plural(candidate.articles, 'article')} · ${plural(candidate.quotes, 'quote')}`,
        person: candidate,
      })), { title: 'Compare Coverage of Person', placeHolder: 'Whose coverage do you want to compare across outlets?', matchOnDescription: false });
      person = picked?.person;
    }
    if (person === undefined) return;
    const active = this.activeArticle()?.document.uri.toString();
    await this.compare(active ?? person.file, { kind: 'person', personId: person.id });
  }

  /** The references peek on the other outlets' versions (what a coverage lens opens). */
  private async showPassages(file: string, line: number, character: number, locations: LspLocation[]): Promise<void> {
    const converted = locations.map((location) => new vscode.Location(vscode.Uri.parse(location.uri), new vscode.Range(
      location.range.start.line, location.range.start.character, location.range.end.line, location.range.end.character)));
    await vscode.commands.executeCommand('editor.action.showReferences', vscode.Uri.parse(file), new vscode.Position(line, character), converted);
  }

  /** Walkthrough: opens the first article of the workspace (the demo articles in seeds/ when present). */
  private async openDemoArticle(): Promise<vscode.TextEditor | undefined> {
    const globs = vscode.workspace.getConfiguration('crosscheck').get<string[]>('articles') ?? [...defaultArticleGlobs];
    for (const glob of globs) {
      const found = (await vscode.workspace.findFiles(glob, '**/node_modules/**', 50)).sort((a, b) => a.path.localeCompare(b.path));
      if (found.length > 0) {
        const document = await vscode.workspace.openTextDocument(found[0]);
        return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One });
      }
    }
    const choice = await vscode.window.showInformationMessage(
      'No articles in this workspace. Open a folder of plain-text articles (for example the seeds/ folder of the Crosscheck repository).',
      'Open Folder…',
    );
    if (choice !== undefined) await vscode.commands.executeCommand('workbench.action.files.openFolder');
    return undefined;
  }

  /** Walkthrough: puts the cursor on the most widely covered person in the article and shows the hover. */
  private async showFirstHover(): Promise<void> {
    const editor = this.activeArticle() ?? await this.openDemoArticle();
    const client = this.client();
    if (editor === undefined || client === undefined || !client.isRunning()) return;
    const file = editor.document.uri.toString();
    const stories: StoryOverview[] = await client.sendRequest(OverviewRequest.type, {});
    for (const story of stories) {
      for (const person of story.people) {
        const mention = person.mentions.find((candidate) => candidate.file === file);
        if (mention === undefined) continue;
        const position = editor.document.positionAt(mention.start + 1);
        editor.selection = new vscode.Selection(position, position);
        editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        await vscode.commands.executeCommand('editor.action.showHover');
        return;
      }
    }
    void vscode.window.showInformationMessage('Crosscheck found nobody in this article to hover; try another article.');
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}

function personIdOf(argument: unknown): string | undefined {
  if (typeof argument === 'string') return argument;
  const node = argument as { kind?: unknown; person?: { id?: unknown } } | undefined;
  return node?.kind === 'person' && typeof node.person?.id === 'string' ? node.person.id : undefined;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
