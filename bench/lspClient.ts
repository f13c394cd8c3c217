/**
 * The benchmark's editor: starts the bundled language server as a child process and speaks LSP to it
 * over stdio, as VS Code does, timing what it asks.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  createProtocolConnection, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, ExitNotification,
  InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, ShutdownRequest, StreamMessageReader,
  StreamMessageWriter, WorkDoneProgressCreateRequest,
} from 'vscode-languageserver-protocol/node';
import type { Diagnostic, ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { serverEnvironment } from '../protocol/serverEnvironment';

export function fileUri(file: string): string {
  return URI.file(file).toString();
}

export class BenchServer {
  readonly connection: ProtocolConnection;
  readonly diagnostics = new Map<string, Diagnostic[]>();
  private readonly listeners = new Set<() => void>();
  private readonly statuses: { state: string; indexed?: number; total?: number }[] = [];
  private versions = new Map<string, number>();

  private constructor(readonly child: ChildProcess, onProgress: (indexed: number, total: number) => void) {
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, ({ uri, diagnostics }) => {
      this.diagnostics.set(uri, diagnostics);
      this.wake();
    });
    this.connection.onNotification('crosscheck/status', (status: { state: string; indexed?: number; total?: number }) => {
      this.statuses.push(status);
      if (status.state === 'indexing' && status.total) onProgress(status.indexed ?? 0, status.total);
      this.wake();
    });
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.onNotification('$/progress', () => undefined);
    this.connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    this.connection.onRequest('workspace/configuration', ({ items }: { items: unknown[] }) => items.map(() => null));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => null);
    this.connection.onRequest('workspace/semanticTokens/refresh', () => null);
    this.connection.listen();
  }

  /**
   * Starts the server on `folder`; resolves once it reports its first full index. `whileIndexing` is
   * called once the server is initialized, before that (to send requests while it indexes).
   */
  static async start(
    serverBundle: string, folder: string, env: NodeJS.ProcessEnv, onProgress: (indexed: number, total: number) => void = () => undefined,
    whileIndexing?: (server: BenchServer) => void,
  ): Promise<BenchServer> {
    const child = spawn(process.execPath, [serverBundle, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...serverEnvironment(process.env, process.platform), ...env } });
    const server = new BenchServer(child, onProgress);
    await server.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: fileUri(folder),
      workspaceFolders: [{ uri: fileUri(folder), name: path.basename(folder) }],
      capabilities: {
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { relatedInformation: true }, hover: { contentFormat: ['markdown'] } },
      },
      initializationOptions: {},
    });
    await server.connection.sendNotification(InitializedNotification.type, {});
    whileIndexing?.(server);
    await server.until(() => server.ready, 'the first full index', 3_600_000);
    return server;
  }

  /** Whether the server has reported its first full index. */
  get ready(): boolean {
    return this.statuses.some((s) => s.state === 'ready');
  }

  private wake(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Waits until `condition` holds, checked after every notification (and every 50 ms). */
  until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!condition()) return;
        cleanup();
        resolve();
      };
      const interval = setInterval(check, 50);
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearInterval(interval);
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'article', version: 1, text } });
  }

  async change(uri: string, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Peak resident memory of the server process so far (VmHWM), in MB; NaN where /proc is missing. */
  peakMemoryMb(): number {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kb = /VmHWM:\s+(\d+)\s+kB/.exec(status);
      return kb ? Number(kb[1]) / 1024 : NaN;
    } catch {
      return NaN;
    }
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((resolve) => setTimeout(resolve, 5000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // gone already
    }
    this.connection.dispose();
    if (this.child.exitCode === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.child.kill();
          resolve();
        }, 5000);
        this.child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
