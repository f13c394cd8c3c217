/**
 * Review state in VS Code: the quick fixes' command (mark a finding reviewed or dismissed, with an
 * optional note), "Crosscheck: Show Dismissed Findings" to restore dismissed findings, and the review
 * file of each workspace folder (`.crosscheck/reviews.json`). The client is the only writer of that
 * file; in an untrusted workspace it only reads it and keeps new decisions in this window. Every
 * decision in effect is sent to the server, which hides or marks the diagnostics.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { decide, describeReviewError } from '../../core/src/reviews/model';
import type { ReviewChange, ReviewDecision, ReviewFileError } from '../../core/src/reviews/model';
import { REVIEW_FILE, ReviewStore } from '../../core/src/reviews/store';
import type { ReviewStoreStatus } from '../../core/src/reviews/store';
import { ReviewDecisionsNotification, reviewFindingCommand, showDismissedCommand } from '../../protocol/reviews';
import type { ReviewFindingArguments } from '../../protocol/reviews';

/** How long to wait before writing again after another window held the lock (ms). */
const RETRY_MS = 1000;
/** How long to wait before writing again after the disk refused a write (ms). */
const RETRY_WRITE_MS = 5000;

export class Reviews implements vscode.Disposable {
  private stores: ReviewStore[] = [];
  private client: LanguageClient | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly shownErrors = new Set<string>();
  private retry: NodeJS.Timeout | undefined;
  private toldUntrusted = false;
  /** A write was refused by the disk and its decisions wait in this window. */
  private refusedWrites = false;

  constructor(private readonly output: vscode.LogOutputChannel) {
    this.openStores();
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${REVIEW_FILE.split(path.sep).join('/')}`);
    const reload = (): void => this.reload();
    this.disposables.push(
      watcher, watcher.onDidChange(reload), watcher.onDidCreate(reload), watcher.onDidDelete(reload),
      vscode.commands.registerCommand(reviewFindingCommand, (args: ReviewFindingArguments) => this.reviewFinding(args)),
      vscode.commands.registerCommand(showDismissedCommand, () => this.showDismissed()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.openStores()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.openStores()),
    );
  }

  /** Sends the decisions to a (re)started language client. */
  connect(client: LanguageClient): void {
    this.client = client;
    this.send();
  }

  /** Every decision in effect across the workspace folders. */
  decisions(): Map<string, ReviewDecision> {
    const all = new Map<string, ReviewDecision>();
    for (const store of this.stores) for (const [id, decision] of store.state().decisions) all.set(id, decision);
    return all;
  }

  dispose(): void {
    if (this.retry !== undefined) clearTimeout(this.retry);
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** One store per workspace folder; changes not yet written are carried over to the new stores. */
  private openStores(): void {
    const carried = this.stores.map((store) => ({ file: store.file, changes: store.pendingChanges() }));
    const readOnly = !vscode.workspace.isTrusted;
    this.stores = (vscode.workspace.workspaceFolders ?? []).map((folder) =>
      new ReviewStore(path.join(folder.uri.fsPath, REVIEW_FILE), { readOnly }));
    for (const store of this.stores) {
      this.report(store.reload());
      for (const change of carried.find((c) => c.file === store.file)?.changes ?? []) this.report(store.record(change));
    }
    this.send();
  }

  private reload(): void {
    for (const store of this.stores) this.report(store.reload());
    this.send();
  }

  private send(): void {
    const client = this.client;
    if (client === undefined || !client.isRunning()) return;
    const decisions = Object.fromEntries(this.decisions());
    client.sendNotification(ReviewDecisionsNotification.type, { decisions }).catch((error: unknown) => {
      this.output.warn(`Sending review decisions to the server failed: ${String(error)}`);
    });
  }

  private async reviewFinding(args: ReviewFindingArguments | undefined): Promise<void> {
    if (args === undefined || typeof args.findingId !== 'string') return;
    if (this.stores.length === 0) {
      void vscode.window.showInformationMessage('Open a folder to keep review decisions: they are stored in its .crosscheck/reviews.json.');
      return;
    }
    let change: ReviewChange;
    if (args.status === 'open') {
      change = { op: 'clear', id: args.findingId };
    } else {
      let note = args.note;
      if (note === undefined && args.askNote !== false) {
        note = await vscode.window.showInputBox({
          title: args.status === 'dismissed' ? 'Dismiss finding' : 'Mark finding as reviewed',
          prompt: `${args.finding.summary}`,
          placeHolder: 'Note for the team (optional), e.g. "both outlets mean the same building"',
        });
        if (note === undefined) return; // Escape: nothing decided
      }
      change = { op: 'set', id: args.findingId, decision: decide(args.finding, args.status, note) };
    }
    // A decision goes to the folder whose file already holds it, else to the first folder.
    const holder = this.stores.find((store) => store.state().decisions.has(args.findingId));
    const targets = change.op === 'clear' ? this.stores.filter((store) => store.state().decisions.has(args.findingId)) : [holder ?? this.stores[0]];
    for (const store of targets) this.report(store.record(change));
    if (!vscode.workspace.isTrusted && !this.toldUntrusted) {
      this.toldUntrusted = true;
      void vscode.window.showInformationMessage('This workspace is not trusted: Crosscheck keeps review decisions in this window and does not write .crosscheck/reviews.json.');
    }
    this.send();
  }

  private async showDismissed(): Promise<void> {
    const dismissed = [...this.decisions()].filter(([, decision]) => decision.status === 'dismissed');
    if (dismissed.length === 0) {
      void vscode.window.showInformationMessage('No dismissed Crosscheck findings.');
      return;
    }
    type Item = vscode.QuickPickItem & { id: string };
    const items: Item[] = dismissed
      .sort((a, b) => b[1].decidedAt.localeCompare(a[1].decidedAt))
      .map(([id, decision]) => ({
        id,
        label: decision.summary || id,
        description: decision.note ?? '',
        detail: `${decision.kind}, dismissed ${decision.decidedAt.slice(0, 10)}`,
      }));
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Dismissed findings',
      placeHolder: 'Pick the findings to restore (they come back as diagnostics)',
      canPickMany: true,
      matchOnDescription: true,
    });
    if (picked === undefined || picked.length === 0) return;
    for (const item of picked) {
      for (const store of this.stores.filter((s) => s.state().decisions.has(item.id))) this.report(store.record({ op: 'clear', id: item.id }));
    }
    this.send();
  }

  /** Tells the user once per distinct problem; retries writes that waited on another window. */
  private report(status: ReviewStoreStatus): void {
    const error = status.error;
    if (error === undefined) {
      if (status.written && this.refusedWrites) {
        this.refusedWrites = false;
        this.output.info('Review file: the decisions kept in this window were written.');
        void vscode.window.showInformationMessage('Crosscheck wrote the review decisions it had kept in this window while the disk refused them.');
      }
      return;
    }
    if (status.writeFailed === true) {
      // The disk is full, read-only or not ours: the decisions stay in this window; try again later.
      this.refusedWrites = true;
      if (this.retry === undefined) {
        this.retry = setTimeout(() => {
          this.retry = undefined;
          this.reload();
        }, RETRY_WRITE_MS);
      }
      const key = describeReviewError(error);
      this.output.error(`Review file: ${key}`);
      if (this.shownErrors.has(key)) return;
      this.shownErrors.add(key);
      void vscode.window.showErrorMessage(
        `Crosscheck could not save your review decision: ${vscode.workspace.asRelativePath(error.file)} ${error.message}. `
        + `The file was not changed. ${status.pending === 1 ? 'The decision is' : `The ${status.pending} decisions are`} kept in this window `
        + 'and written as soon as the disk accepts them (Crosscheck tries again every few seconds); do not close the window until then.',
      );
      return;
    }
    if (/is locked by another window/.test(error.message)) {
      if (this.retry === undefined) {
        this.retry = setTimeout(() => {
          this.retry = undefined;
          this.reload();
        }, RETRY_MS);
      }
      return;
    }
    const key = describeReviewError(error);
    this.output.error(`Review file: ${key}`);
    if (this.shownErrors.has(key)) return;
    this.shownErrors.add(key);
    void this.showBrokenFile(error);
  }

  private async showBrokenFile(error: ReviewFileError): Promise<void> {
    const shown = vscode.workspace.asRelativePath(error.file);
    const choice = await vscode.window.showErrorMessage(
      `Crosscheck cannot read ${shown} (line ${error.line}, column ${error.column}: ${error.message}). ` +
      'The file was not changed; review decisions made meanwhile are kept in this window and written once it is fixed.',
      'Open File',
    );
    if (choice !== 'Open File') return;
    const position = new vscode.Position(error.line - 1, error.column - 1);
    await vscode.window.showTextDocument(vscode.Uri.file(error.file), { selection: new vscode.Range(position, position) });
  }
}
