/**
 * The Crosscheck extension: starts the language server, gives article files the `article` language,
 * and adds the Compare coverage panel, a status bar item and the commands. Analysis lives in the
 * server; this file only connects it to VS Code.
 */
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { defaultArticleGlobs, openLocationCommand, StatusNotification } from '../../protocol/protocol';
import { serverEnvironment } from '../../protocol/serverEnvironment';
import type { InitializationOptions, StatusParams } from '../../protocol/protocol';
import { compareViewType } from '../../protocol/webview';
import type { CompareState } from '../../protocol/webview';
import { ComparePanel } from './comparePanel';
import type { ComparePanelSnapshot } from './comparePanel';
import type { CoverageTree } from './coverageTree';
import { EditorFeatures } from './editorFeatures';
import { Reviews } from './reviews';
import { registerAnnotations } from './annotations/index';
import type { AnnotationsApi } from './annotations/index';
import { ServerRestarts } from './serverRestarts';
import { StatusBar } from './statusBar';

/** What `activate` returns; the integration tests use it. */
export interface CrosscheckApi {
  /** The running language client (a new one after a restart). */
  readonly client: LanguageClient | undefined;
  /** Resolves once the server has indexed the whole workspace (again after a restart). */
  isReady(): Promise<void>;
  /** The open Compare coverage panel, if any: its view model and HTML. */
  readonly comparePanel: ComparePanelSnapshot | undefined;
  /** The Coverage view's data (stories → articles, people, quotes, findings). */
  readonly coverage: CoverageTree | undefined;
  /** Annotations: what the editor shows, after pending re-anchoring (see client/src/annotations). */
  readonly annotations: AnnotationsApi;
  /** The language server's process id, as it reported it (changes when the server is restarted). */
  serverProcessId(): number | undefined;
  /** Crashes counted towards the restart limit, and the message shown when the server was left stopped. */
  serverRestarts(): { recentCrashes: number; stoppedMessage: string | undefined };
}

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let statusBar: StatusBar;
let reviews: Reviews | undefined;
let ready: { promise: Promise<void>; resolve: () => void };
let lastGeneration = -1;
let panelRefresh: NodeJS.Timeout | undefined;
let editorFeatures: EditorFeatures | undefined;
/** Restarts a crashed server a few times, then offers a Restart Server button (see serverRestarts.ts). */
let restarts: ServerRestarts | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<CrosscheckApi> {
  try {
    return await activateCrosscheck(context);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Crosscheck failed to start: ${reason}. Try "Developer: Reload Window"; if it happens again, report it with the Crosscheck output.`);
    throw error;
  }
}

async function activateCrosscheck(context: vscode.ExtensionContext): Promise<CrosscheckApi> {
  output = vscode.window.createOutputChannel('Crosscheck', { log: true });
  statusBar = new StatusBar();
  ready = readiness();
  context.subscriptions.push(output, statusBar, { dispose: () => void client?.dispose() });
  reviews = new Reviews(output);
  context.subscriptions.push(reviews);

  context.subscriptions.push(
    vscode.commands.registerCommand('crosscheck.compareCoverage', (uri?: vscode.Uri) => compareCoverage(context, uri)),
    vscode.commands.registerCommand('crosscheck.restartServer', () => restartServer(context)),
    vscode.commands.registerCommand('crosscheck.showOutput', () => output.show(true)),
    vscode.commands.registerCommand(openLocationCommand, openLocation),
    vscode.window.registerWebviewPanelSerializer(compareViewType, {
      deserializeWebviewPanel: (panel: vscode.WebviewPanel, state: unknown) =>
        ComparePanel.revive(panel, context.extensionUri, () => client, state as CompareState | undefined),
    }),
    vscode.workspace.onDidOpenTextDocument(markArticle),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('crosscheck.articles')) void restartServer(context);
    }),
  );
  vscode.workspace.textDocuments.forEach(markArticle);
  editorFeatures = new EditorFeatures(context, () => client);
  context.subscriptions.push(editorFeatures);

  const annotations = registerAnnotations(context, { log: output, serverReady: () => ready.promise, coverage: editorFeatures.coverage });

  await startServer(context);

  return {
    annotations,
    serverProcessId: () => {
      const processId = (client?.initializeResult?.capabilities.experimental as { processId?: unknown } | undefined)?.processId;
      return typeof processId === 'number' ? processId : undefined;
    },
    serverRestarts: () => ({ recentCrashes: restarts?.policy.recentCrashes() ?? 0, stoppedMessage: restarts?.policy.stoppedMessage }),
    get client() {
      return client;
    },
    isReady: () => ready.promise,
    get comparePanel() {
      return ComparePanel.current?.snapshot();
    },
    get coverage() {
      return editorFeatures?.coverage;
    },
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop().catch(() => undefined);
  client = undefined;
}

function articleGlobs(): string[] {
  const globs = vscode.workspace.getConfiguration('crosscheck').get<unknown>('articles');
  return Array.isArray(globs) && globs.length > 0 && globs.every((glob) => typeof glob === 'string')
    ? globs : [...defaultArticleGlobs];
}

function readiness(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

async function startServer(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const options = { env: serverEnvironment(process.env, process.platform) };
  // Standard input and output, not Node's IPC channel: `process.send` queues what the channel cannot
  // take at once and never says when it has gone, so the 10,000 diagnostics of a large archive sat in
  // the server's memory while its warm-up ran, and reached the editor seconds later (docs/performance.md,
  // "The transport"). A stream write says when it is done. Nothing else writes to the server's
  // standard output: vscode-languageserver sends `console` output as log messages, and a worker
  // thread's output goes to standard error (server/src/threads.ts).
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio, options },
    debug: { module: serverModule, transport: TransportKind.stdio, options },
  };
  const globs = articleGlobs();
  const initializationOptions: InitializationOptions = { articles: globs, commandLinks: true };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'article' }],
    synchronize: { fileEvents: globs.map((glob) => vscode.workspace.createFileSystemWatcher(glob)) },
    outputChannel: output,
    initializationOptions,
    markdown: { isTrusted: { enabledCommands: [openLocationCommand] }, supportHtml: false },
    errorHandler: (restarts ??= new ServerRestarts(output)),
  };
  const started = new LanguageClient('crosscheck', 'Crosscheck', serverOptions, clientOptions);
  client = started;
  started.onDidChangeState((change) => {
    if (change.newState === State.Stopped && client === started) statusBar.stopped('The Crosscheck server stopped.');
  });
  started.onNotification(StatusNotification.type, (status: StatusParams) => {
    statusBar.update(status);
    if (status.state !== 'ready') return;
    ready.resolve();
    if (status.generation !== lastGeneration) {
      lastGeneration = status.generation;
      schedulePanelRefresh();
    }
  });
  statusBar.starting();
  try {
    await started.start();
    reviews?.connect(started);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    output.error(`The Crosscheck server failed to start: ${reason}`);
    statusBar.stopped('The Crosscheck server failed to start.');
    void vscode.window.showErrorMessage(
      `Crosscheck could not start its language server (${reason}). Hovers and conflict checks are off until it runs.`,
      'Show Output', 'Restart Server',
    ).then((choice) => {
      if (choice === 'Show Output') output.show();
      if (choice === 'Restart Server') void vscode.commands.executeCommand('crosscheck.restartServer');
    });
  }
}

/** Stops the client (even one that failed to start) and starts a new one. */
async function restartServer(context: vscode.ExtensionContext): Promise<void> {
  restarts?.reset();
  const previous = client;
  client = undefined;
  ready = readiness();
  lastGeneration = -1;
  if (previous !== undefined) await previous.dispose().catch((error: unknown) => output.warn(`Stopping the server: ${String(error)}`));
  await startServer(context);
}

function schedulePanelRefresh(): void {
  if (panelRefresh !== undefined) clearTimeout(panelRefresh);
  panelRefresh = setTimeout(() => {
    panelRefresh = undefined;
    void ComparePanel.current?.refresh();
    editorFeatures?.indexChanged();
  }, 300);
}

async function compareCoverage(context: vscode.ExtensionContext, uri?: vscode.Uri): Promise<void> {
  const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  const document = target === undefined ? undefined : vscode.workspace.textDocuments.find((open) => open.uri.toString() === target.toString());
  if (target === undefined || (document !== undefined && document.languageId !== 'article')) {
    void vscode.window.showInformationMessage('Open an article to compare its coverage across outlets.');
    return;
  }
  await ComparePanel.show(context.extensionUri, () => client, target.toString());
}

async function openLocation(file: string, line: number, character: number): Promise<void> {
  const position = new vscode.Position(Math.max(0, line), Math.max(0, character));
  await vscode.window.showTextDocument(vscode.Uri.parse(file), { selection: new vscode.Range(position, position) });
}

/** Plain-text files that match `crosscheck.articles` become articles. */
function markArticle(document: vscode.TextDocument): void {
  if (document.languageId !== 'plaintext' || document.uri.scheme !== 'file') return;
  const matches = articleGlobs().some((pattern) => vscode.languages.match({ pattern }, document) > 0);
  if (!matches) return;
  vscode.languages.setTextDocumentLanguage(document, 'article').then(undefined, (error: unknown) => {
    output.warn(`Could not mark ${document.uri.fsPath} as an article: ${String(error)}`);
  });
}
