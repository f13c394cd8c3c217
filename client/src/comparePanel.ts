/**
 * The Compare coverage panel: outlets side by side for the story of the active article, for a
 * selected passage, or for one person; in two layouts (side by side, matrix). The host asks the
 * server for the view, renders the first page itself (so the panel is readable before its script
 * runs), then sends updates as messages. Clicking a cell opens that passage. The panel follows the
 * active article and is restored after a reload by the serializer.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { CompareFocus, CompareView } from '../../core/src/index';
import { CoverageRequest } from '../../protocol/protocol';
import type { CoverageParams } from '../../protocol/protocol';
import { compareViewType, isWebviewMessage } from '../../protocol/webview';
import type { CompareMode, CompareState, HostMessage } from '../../protocol/webview';
import { coverageStyles, escapeHtml, renderNote } from '../../webview/src/render';
import { compareStyles, renderCompare } from '../../webview/src/renderCompare';
import type { LanguageClient } from 'vscode-languageclient/node';

/** What tests (and the API) can read about the open panel. */
export interface ComparePanelSnapshot {
  panel: vscode.WebviewPanel;
  /** The article the view was asked for. */
  file: string;
  mode: CompareMode;
  focus: CompareFocus;
  view: CompareView | null;
  /** The rendered body (what the webview shows). */
  content: string;
  /** The whole page given to the webview. */
  html: string;
}

/** What a comparison is asked about; the server widens a selection to whole sentences. */
export type CompareRequest =
  | { kind: 'article' }
  | { kind: 'selection'; start: number; end: number }
  | { kind: 'person'; personId: string };

export class ComparePanel {
  static current: ComparePanel | undefined;

  private view: CompareView | null = null;
  /** Shown instead of a view (no article, server not running, not indexed). */
  private note: string | undefined;
  private content = '';
  private scriptReady = false;
  /** The page given to the webview is older than what was sent since by message. */
  private pageIsStale = false;
  private readonly disposables: vscode.Disposable[] = [];
  private requestCount = 0;
  private readonly loaded = new vscode.EventEmitter<ComparePanelSnapshot>();
  /** Fires after every load (tests wait on it). */
  readonly onDidLoad = this.loaded.event;

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly client: () => LanguageClient | undefined,
    private file: string,
    private request: CompareRequest,
    private mode: CompareMode,
  ) {
    panel.webview.options = webviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'compare.svg');
    this.disposables.push(
      this.loaded,
      panel.onDidDispose(() => this.dispose()),
      // A hidden webview is torn down and rebuilt from its page when shown again.
      panel.onDidChangeViewState(() => {
        void vscode.commands.executeCommand('setContext', 'crosscheck.compareMode', this.mode);
        if (!panel.visible) {
          this.scriptReady = false;
        } else if (this.pageIsStale) {
          this.pageIsStale = false;
          panel.webview.html = this.page();
        }
      }),
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor?.document.languageId !== 'article' || editor.document.uri.toString() === this.file) return;
        // A person stays in focus as the reader moves between articles; a selection belongs to its article.
        const next: CompareRequest = this.request.kind === 'person' ? this.request : { kind: 'article' };
        void this.load(editor.document.uri.toString(), next);
      }),
    );
    void vscode.commands.executeCommand('setContext', 'crosscheck.compareMode', mode);
  }

  /** Opens the panel beside the editor (or reuses it) and shows the coverage of `file`. */
  static async show(extensionUri: vscode.Uri, client: () => LanguageClient | undefined, file: string,
    request: CompareRequest = { kind: 'article' }): Promise<ComparePanel> {
    let compare = ComparePanel.current;
    if (compare === undefined) {
      const panel = vscode.window.createWebviewPanel(compareViewType, 'Compare Coverage',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(extensionUri));
      compare = new ComparePanel(panel, extensionUri, client, file, request, 'article');
      ComparePanel.current = compare;
    } else {
      compare.panel.reveal(undefined, true);
    }
    await compare.load(file, request);
    return compare;
  }

  /** A panel VS Code restored after a reload, with the state the webview saved. */
  static async revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, client: () => LanguageClient | undefined,
    state: CompareState | undefined): Promise<void> {
    ComparePanel.current?.panel.dispose();
    const compare = new ComparePanel(panel, extensionUri, client, state?.file ?? '', requestOf(state?.focus), state?.mode === 'matrix' ? 'matrix' : 'article');
    ComparePanel.current = compare;
    await compare.load(compare.file, compare.request);
  }

  snapshot(): ComparePanelSnapshot {
    return {
      panel: this.panel, file: this.file, mode: this.mode, focus: this.view?.focus ?? { kind: 'article' },
      view: this.view, content: this.content, html: this.panel.webview.html,
    };
  }

  /** Asks the server again (the index changed). */
  async refresh(): Promise<void> {
    await this.load(this.file, this.request);
  }

  /** Switches between the side-by-side and the matrix layout (or to `mode`). */
  setMode(mode: CompareMode = this.mode === 'article' ? 'matrix' : 'article'): void {
    if (mode === this.mode) return;
    this.mode = mode;
    this.render();
    void vscode.commands.executeCommand('setContext', 'crosscheck.compareMode', mode);
    if (this.scriptReady) {
      this.pageIsStale = true;
      const message: HostMessage = { type: 'mode', mode };
      void this.panel.webview.postMessage(message);
    } else {
      this.panel.webview.html = this.page();
    }
    this.loaded.fire(this.snapshot());
  }

  private async load(file: string, request: CompareRequest): Promise<void> {
    this.file = file;
    this.request = request;
    const ticket = ++this.requestCount;
    let view: CompareView | null = null;
    let note: string | undefined;
    const client = this.client();
    if (file === '') {
      note = 'Open an article to compare its coverage.';
    } else if (client === undefined || !client.isRunning()) {
      note = 'The Crosscheck server is not running. Run "Crosscheck: Restart Server".';
    } else {
      try {
        const params: CoverageParams = { uri: file };
        if (request.kind === 'selection') params.range = { start: request.start, end: request.end };
        if (request.kind === 'person') params.person = request.personId;
        view = await client.sendRequest(CoverageRequest.type, params);
        if (view === null) {
          note = request.kind === 'person'
            ? 'This person is no longer in the index.'
            : 'This article is not indexed yet; Crosscheck will show it when indexing is done.';
        }
      } catch (error) {
        note = `Could not compare coverage: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    if (ticket !== this.requestCount || ComparePanel.current !== this) return; // a newer load won
    this.view = view;
    this.note = note;
    this.render();
    this.panel.title = panelTitle(view);
    const message: HostMessage = { type: 'show', view, mode: this.mode, note };
    if (this.scriptReady) {
      this.pageIsStale = true;
      void this.panel.webview.postMessage(message);
    } else {
      this.pageIsStale = false;
      this.panel.webview.html = this.page();
    }
    this.loaded.fire(this.snapshot());
  }

  private render(): void {
    this.content = this.view === null ? renderNote(this.note ?? '') : renderCompare(this.view, this.mode);
  }

  private page(): string {
    const webview = this.panel.webview;
    const nonce = createNonce();
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js'));
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
      `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    ].join('; ');
    // The view travels as inert JSON so the script can switch layouts before any message arrives.
    const data = JSON.stringify({ view: this.view, mode: this.mode }).replace(/</g, '\\u003c');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Compare Coverage</title>
<style nonce="${nonce}">${coverageStyles}${compareStyles}</style>
</head>
<body>
<main id="coverage" data-file="${escapeHtml(this.file)}" data-mode="${this.mode}">${this.content}</main>
<script type="application/json" id="compare-data" nonce="${nonce}">${data}</script>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }

  private receive(message: unknown): void {
    if (!isWebviewMessage(message)) return;
    if (message.type === 'ready') {
      this.scriptReady = true;
      return;
    }
    if (message.type === 'mode') {
      // The reader switched in the page: the page already shows it.
      this.mode = message.mode;
      this.render();
      this.pageIsStale = true;
      void vscode.commands.executeCommand('setContext', 'crosscheck.compareMode', this.mode);
      this.loaded.fire(this.snapshot());
      return;
    }
    void openPassage(message.file, message.start, message.end);
  }

  dispose(): void {
    if (ComparePanel.current === this) ComparePanel.current = undefined;
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}

function requestOf(focus: CompareFocus | undefined): CompareRequest {
  if (focus?.kind === 'person' && typeof focus.personId === 'string') return { kind: 'person', personId: focus.personId };
  if (focus?.kind === 'selection' && typeof focus.start === 'number' && typeof focus.end === 'number') {
    return { kind: 'selection', start: focus.start, end: focus.end };
  }
  return { kind: 'article' };
}

function panelTitle(view: CompareView | null): string {
  if (view === null) return 'Compare Coverage';
  if (view.focus.kind === 'person') return `Compare: ${view.focus.name}`;
  const outlet = view.columns[0]?.outlet ?? view.title;
  return view.focus.kind === 'selection' ? `Compare: passage in ${outlet}` : `Compare: ${outlet}`;
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

/** Opens an article in the first editor column and selects the UTF-16 range [start, end). */
export async function openPassage(file: string, start: number, end: number): Promise<void> {
  try {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(file));
    const selection = new vscode.Range(document.positionAt(start), document.positionAt(end));
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection, preview: true });
  } catch (error) {
    void vscode.window.showErrorMessage(`Crosscheck could not open ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function createNonce(): string {
  return randomBytes(18).toString('base64');
}
