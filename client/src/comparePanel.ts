/**
 * The Compare coverage panel: outlets side by side for the story of the active article. The host
 * asks the server for the coverage, renders the first page itself (so the panel is readable before
 * its script runs), then sends updates as messages. Clicking a cell opens that passage.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { CoverageView } from '../../core/src/index';
import { CoverageRequest } from '../../protocol/protocol';
import { compareViewType, isWebviewMessage } from '../../protocol/webview';
import type { CompareState, HostMessage } from '../../protocol/webview';
import { coverageStyles, escapeHtml, renderCoverage, renderNote } from '../../webview/src/render';
import type { LanguageClient } from 'vscode-languageclient/node';

/** What tests (and the API) can read about the open panel. */
export interface ComparePanelSnapshot {
  panel: vscode.WebviewPanel;
  /** The article the view was asked for. */
  file: string;
  view: CoverageView | null;
  /** The rendered table (what the webview shows). */
  content: string;
  /** The whole page given to the webview. */
  html: string;
}

export class ComparePanel {
  static current: ComparePanel | undefined;

  private view: CoverageView | null = null;
  private content = '';
  private scriptReady = false;
  /** The page given to the webview is older than what was sent since by message. */
  private pageIsStale = false;
  private readonly disposables: vscode.Disposable[] = [];
  private requestCount = 0;

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly client: () => LanguageClient | undefined,
    private file: string,
  ) {
    panel.webview.options = webviewOptions(extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      // A hidden webview is torn down and rebuilt from its page when shown again.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) {
          this.scriptReady = false;
        } else if (this.pageIsStale) {
          this.pageIsStale = false;
          panel.webview.html = this.page();
        }
      }),
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor?.document.languageId === 'article' && editor.document.uri.toString() !== this.file) {
          void this.load(editor.document.uri.toString());
        }
      }),
    );
  }

  /** Opens the panel beside the editor (or reuses it) and shows the coverage of `file`. */
  static async show(extensionUri: vscode.Uri, client: () => LanguageClient | undefined, file: string): Promise<ComparePanel> {
    let compare = ComparePanel.current;
    if (compare === undefined) {
      const panel = vscode.window.createWebviewPanel(compareViewType, 'Compare Coverage',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(extensionUri));
      compare = new ComparePanel(panel, extensionUri, client, file);
      ComparePanel.current = compare;
    } else {
      compare.panel.reveal(undefined, true);
    }
    await compare.load(file);
    return compare;
  }

  /** A panel VS Code restored after a reload, with the state the webview saved. */
  static async revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, client: () => LanguageClient | undefined,
    state: CompareState | undefined): Promise<void> {
    ComparePanel.current?.panel.dispose();
    const compare = new ComparePanel(panel, extensionUri, client, state?.file ?? '');
    ComparePanel.current = compare;
    await compare.load(compare.file);
  }

  snapshot(): ComparePanelSnapshot {
    return { panel: this.panel, file: this.file, view: this.view, content: this.content, html: this.panel.webview.html };
  }

  /** Asks the server again (the index changed). */
  async refresh(): Promise<void> {
    await this.load(this.file);
  }

  private async load(file: string): Promise<void> {
    this.file = file;
    const request = ++this.requestCount;
    let view: CoverageView | null = null;
    let note: string | undefined;
    const client = this.client();
    if (file === '') {
      note = 'Open an article to compare its coverage.';
    } else if (client === undefined || !client.isRunning()) {
      note = 'The Crosscheck server is not running. Run "Crosscheck: Restart Server".';
    } else {
      try {
        view = await client.sendRequest(CoverageRequest.type, { uri: file });
        if (view === null) note = 'This article is not indexed yet; Crosscheck will show it when indexing is done.';
      } catch (error) {
        note = `Could not compare coverage: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    if (request !== this.requestCount || ComparePanel.current !== this) return; // a newer load won
    this.view = view;
    this.content = view === null ? renderNote(note ?? '') : renderCoverage(view);
    this.panel.title = view === null ? 'Compare Coverage' : `Compare: ${view.columns[0]?.outlet ?? view.title}`;
    const message: HostMessage = { type: 'show', view, note };
    if (this.scriptReady) {
      this.pageIsStale = true;
      void this.panel.webview.postMessage(message);
    } else {
      this.pageIsStale = false;
      this.panel.webview.html = this.page();
    }
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
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Compare Coverage</title>
<style nonce="${nonce}">${coverageStyles}</style>
</head>
<body>
<main id="coverage" data-file="${escapeHtml(this.file)}">${this.content}</main>
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
    void openPassage(message.file, message.start, message.end);
  }

  dispose(): void {
    if (ComparePanel.current === this) ComparePanel.current = undefined;
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
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
