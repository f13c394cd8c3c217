/**
 * Test harness: starts the bundled language server (dist/server.js) as a child process over stdio and
 * speaks LSP to it as an editor would, recording diagnostics, status and progress.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  createProtocolConnection, DidChangeConfigurationNotification, DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, ExitNotification, InitializedNotification,
  InitializeRequest, PublishDiagnosticsNotification, ShutdownRequest, StreamMessageReader, StreamMessageWriter,
  WorkDoneProgressCreateRequest,
} from 'vscode-languageserver-protocol/node';
import type { Diagnostic, FileEvent, InitializeResult, Position, ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { StatusNotification } from '../../protocol/protocol';
import type { InitializationOptions, StatusParams } from '../../protocol/protocol';

export const repositoryRoot = path.resolve(__dirname, '..', '..', '..');
const serverBundle = path.join(repositoryRoot, 'dist', 'server.js');

/** The URI VS Code (and the server) use for a file. */
export function fileUri(file: string): string {
  return URI.file(file).toString();
}

/** A temporary workspace folder; `files` maps relative paths to article text. */
export function makeWorkspace(files: Record<string, string>): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'crosscheck-server-'));
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(folder, relative)), { recursive: true });
    writeFileSync(path.join(folder, relative), text);
  }
  return folder;
}

/** A temporary workspace with a copy of the demo corpus in `seeds/`. */
export function makeSeedWorkspace(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'crosscheck-seeds-'));
  cpSync(path.join(repositoryRoot, 'seeds'), path.join(folder, 'seeds'), { recursive: true });
  return folder;
}

export function removeWorkspace(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
}

/** Position of the `occurrence`-th `needle` in `text` (plus `shift` characters). */
export function positionOf(text: string, needle: string, shift = 0, occurrence = 1): Position {
  let offset = -1;
  for (let seen = 0; seen < occurrence; seen++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`"${needle}" not found`);
  }
  offset += shift;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export class LanguageServer {
  readonly connection: ProtocolConnection;
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly statuses: StatusParams[] = [];
  readonly progress: string[] = [];
  readonly log: string[] = [];
  private readonly waiters: (() => void)[] = [];
  private versions = new Map<string, number>();
  /** What the editor answers to workspace/configuration for the `crosscheck` section. */
  settings: unknown = {};
  /** workspace/codeLens/refresh requests the server sent. */
  lensRefreshes = 0;
  /** What the server answered to initialize (its capabilities). */
  initializeResult: InitializeResult | undefined;

  private constructor(private readonly child: ChildProcess) {
    if (child.stdout === null || child.stdin === null) throw new Error('server has no stdio');
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.connection.onNotification(PublishDiagnosticsNotification.type, ({ uri, diagnostics }) => {
      this.diagnostics.set(uri, diagnostics);
      this.wake();
    });
    this.connection.onNotification(StatusNotification.method, (status: StatusParams) => {
      this.statuses.push(status);
      this.wake();
    });
    this.connection.onNotification('$/progress', (params: { value?: { message?: string } }) => {
      if (params.value?.message !== undefined) this.progress.push(params.value.message);
    });
    this.connection.onNotification('window/logMessage', ({ message }: { message: string }) => {
      this.log.push(message);
    });
    this.connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    this.connection.onRequest('workspace/configuration', ({ items }: { items: { section?: string }[] }) =>
      items.map((item) => (item.section === 'crosscheck' ? this.settings : null)));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => {
      this.lensRefreshes++;
      this.wake();
      return null;
    });
    this.connection.onRequest('workspace/semanticTokens/refresh', () => null);
    this.connection.listen();
  }

  /** Starts the server on `folder` and waits for the first full index. */
  static async start(
    folder: string | null, options: InitializationOptions = {}, settings?: unknown, readyTimeoutMs = 20000,
    /** Called once the server is initialized, before the first full index is awaited (to send requests while it indexes). */
    whileIndexing?: (server: LanguageServer) => void,
  ): Promise<LanguageServer> {
    const child = spawn(process.execPath, [serverBundle, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const server = new LanguageServer(child);
    // With `settings` the editor answers workspace/configuration (as VS Code does); without, it cannot.
    if (settings !== undefined) server.settings = settings;
    const workspace = settings === undefined ? undefined : {
      configuration: true,
      didChangeConfiguration: { dynamicRegistration: true },
      codeLens: { refreshSupport: true },
      semanticTokens: { refreshSupport: true },
    };
    server.initializeResult = await server.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folder === null ? null : fileUri(folder),
      workspaceFolders: folder === null ? null : [{ uri: fileUri(folder), name: path.basename(folder) }],
      capabilities: {
        window: { workDoneProgress: true },
        ...(workspace === undefined ? {} : { workspace }),
        textDocument: { publishDiagnostics: { relatedInformation: true }, hover: { contentFormat: ['markdown'] } },
      },
      initializationOptions: options,
    });
    await server.connection.sendNotification(InitializedNotification.type, {});
    whileIndexing?.(server);
    await server.waitFor(() => server.statuses.some((status) => status.state === 'ready'), 'the first full index', readyTimeoutMs);
    return server;
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Waits until `condition` holds (checked after every diagnostic or status message). */
  async waitFor(condition: () => boolean, what: string, timeoutMs = 20000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Stops reading the server's output (as a busy editor would), so its writes back up; `resumeReading` reads on. */
  pauseReading(): void {
    this.child.stdout?.pause();
  }

  resumeReading(): void {
    this.child.stdout?.resume();
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'article', version: 1, text },
    });
  }

  /** Replaces the whole text of an open document. */
  async change(uri: string, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version }, contentChanges: [{ text }],
    });
  }

  /** Changes the settings and tells the server, as VS Code does when the user edits them. */
  async changeSettings(settings: unknown): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([
        this.connection.sendRequest(ShutdownRequest.type),
        new Promise((resolve) => setTimeout(resolve, 2000)),
      ]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // the server is gone already
    }
    this.connection.dispose();
    if (this.child.exitCode === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.child.kill();
          resolve();
        }, 2000);
        this.child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

/** A diagnostic's message as plain text (LSP 3.18 also allows Markup). */
export function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}
