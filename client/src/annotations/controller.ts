/**
 * The annotations of every workspace folder and where each sits in its article right now. Reads
 * the stores (core/src/annotations/store.ts), re-anchors an article's annotations when its editor
 * buffer changes (debounced) or its file changes on disk, and tells the views when anything moved.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { anchorAnnotation } from '../../../core/src/annotations/index';
import type { Anchor } from '../../../core/src/annotations/index';
import { emptyAnnotationPage, serializeAnnotationPage } from '../../../core/src/annotations/format';
import { AnnotationStore, annotationFolder } from '../../../core/src/annotations/store';
import type { StoreProblem, StoredAnnotation } from '../../../core/src/annotations/store';

/** One annotation as the editor shows it. */
export interface AnnotationEntry {
  id: string;
  stored: StoredAnnotation;
  folder: vscode.WorkspaceFolder;
  store: AnnotationStore;
  /** The article's URI, or undefined when `target.source` names nothing in the folder. */
  article: vscode.Uri | undefined;
  /** Where it is in the article's current text (orphaned until the first re-anchoring). */
  anchor: Anchor;
  /** The article's current text, for line numbers when it is not open. */
  lineOf(offset: number): number;
}

interface FolderState {
  folder: vscode.WorkspaceFolder;
  store: AnnotationStore;
  annotations: StoredAnnotation[];
  problems: StoreProblem[];
}

/**
 * Every store is read-only while the workspace is untrusted: the commands check trust first and
 * say so, and the store refuses any write that gets past them (AnnotationReadOnlyError).
 */
const storeOptions = { readOnly: () => !vscode.workspace.isTrusted };

/** How long typing pauses before an article's annotations are re-anchored. */
const reanchorDelayMs = 250;
/** How often the annotation files are checked for changes the file watcher did not report. */
const pollIntervalMs = 3000;

export class AnnotationController implements vscode.Disposable {
  private readonly folders = new Map<string, FolderState>();
  private readonly anchors = new Map<string, { anchor: Anchor; lineOf: (offset: number) => number }>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly folderTimers = new Map<string, NodeJS.Timeout>();
  private readonly retries = new Map<string, number>();
  /** Per folder: names, sizes and times of its annotation files when they were last read. */
  private readonly signatures = new Map<string, string>();
  private readonly poll: NodeJS.Timeout;
  private readonly running = new Set<Promise<void>>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private loading: Promise<void> = Promise.resolve();

  /** Fires after annotations were loaded or re-anchored. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    /** Where copies of annotations the workspace disk refused are kept (the extension's global storage). */
    private readonly backupFolder?: string,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.schedule(event.document.uri);
      }),
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document.uri, 0)),
      vscode.workspace.onDidCloseTextDocument((document) => this.schedule(document.uri, 0)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reload()),
      // Back from another window (which may have annotated the same articles): read the files again.
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) for (const folder of vscode.workspace.workspaceFolders ?? []) this.scheduleFolder(folder);
      }),
    );
    const annotationFiles = vscode.workspace.createFileSystemWatcher(`**/${annotationFolder}/*.json`);
    const onAnnotationFile = (uri: vscode.Uri) => {
      this.log.debug(`Annotation file changed: ${uri.toString()}`);
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (folder !== undefined) this.scheduleFolder(folder);
    };
    // Articles changed on disk (an outlet's new version, a git pull) while no editor holds them.
    const articleFiles = vscode.workspace.createFileSystemWatcher('**/*.txt');
    this.disposables.push(
      annotationFiles,
      annotationFiles.onDidCreate(onAnnotationFile),
      annotationFiles.onDidChange(onAnnotationFile),
      annotationFiles.onDidDelete(onAnnotationFile),
      articleFiles,
      articleFiles.onDidCreate((uri) => this.schedule(uri, 0)),
      articleFiles.onDidChange((uri) => this.schedule(uri, 0)),
      articleFiles.onDidDelete((uri) => this.schedule(uri, 0)),
    );
    // File-watcher events can be late or lost (network drives, a loaded machine, some remotes);
    // a cheap look at the annotation files' sizes and times catches what they miss.
    this.poll = setInterval(() => void this.checkForChanges(), pollIntervalMs);
    this.poll.unref?.();
  }

  private async checkForChanges(): Promise<void> {
    await this.saveUnsaved();
    for (const [key, state] of this.folders) {
      const signature = await filesSignature(state.store.folder);
      if (signature !== this.signatures.get(key) && !this.folderTimers.has(key)) this.scheduleFolder(state.folder, 0);
    }
  }

  /** Tries again to write the changes the disk refused; tells the user once they are saved. */
  async saveUnsaved(): Promise<void> {
    for (const state of this.folders.values()) {
      if (state.store.unsavedCount() === 0) continue;
      const result = await state.store.saveUnsaved().catch((error: unknown) => {
        this.log.error(`Saving annotations of ${state.folder.name}: ${String(error)}`);
        return undefined;
      });
      if (result === undefined || (result.saved === 0 && result.dropped === 0)) continue;
      this.log.info(`Annotations of ${state.folder.name}: ${result.saved} change(s) kept in this window were written${result.left > 0 ? `, ${result.left} still wait` : ''}.`);
      if (result.left === 0) {
        void vscode.window.showInformationMessage(`Crosscheck saved the annotation changes it had kept in this window to ${annotationFolder} in ${state.folder.name}.`);
        await this.removeBackup(state);
      } else {
        await this.backup(state.folder);
      }
      await this.refreshFolder(state.folder);
    }
  }

  /**
   * Copies the annotations the disk refused to the extension's own storage (another folder, often
   * another disk), so they survive the window closing before the workspace disk accepts them.
   * Returns the copy's path, or undefined when there is nothing to copy or it could not be written.
   */
  async backup(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
    const state = this.folders.get(folder.uri.toString());
    if (state === undefined || this.backupFolder === undefined) return undefined;
    const annotations = state.store.unsavedAnnotations();
    const file = this.backupFile(state);
    try {
      if (annotations.length === 0) {
        await fs.rm(file, { force: true });
        return undefined;
      }
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, serializeAnnotationPage({ ...emptyAnnotationPage(), items: annotations }));
      return file;
    } catch (error) {
      this.log.error(`Could not write a copy of the unsaved annotations to ${file}: ${String(error)}`);
      return undefined;
    }
  }

  private async removeBackup(state: FolderState): Promise<void> {
    if (this.backupFolder !== undefined) await fs.rm(this.backupFile(state), { force: true }).catch(() => undefined);
  }

  private backupFile(state: FolderState): string {
    const name = `${state.folder.name.replace(/[^\w.-]+/g, '_')}-${Buffer.from(state.folder.uri.toString()).toString('base64url').slice(-24)}.json`;
    return path.join(this.backupFolder ?? '', 'unsaved-annotations', name);
  }

  dispose(): void {
    clearInterval(this.poll);
    for (const state of this.folders.values()) {
      if (state.store.unsavedCount() > 0) this.log.error(`${state.store.unsavedCount()} annotation change(s) of ${state.folder.name} were never written to disk; a copy is in ${this.backupFile(state)}.`);
    }
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    for (const folderTimer of this.folderTimers.values()) clearTimeout(folderTimer);
    vscode.Disposable.from(...this.disposables).dispose();
  }

  /** Reads every folder's annotation files again and re-anchors everything. */
  reload(): Promise<void> {
    return this.queue(async () => {
      const current = vscode.workspace.workspaceFolders ?? [];
      for (const key of [...this.folders.keys()]) {
        if (!current.some((folder) => folder.uri.toString() === key)) this.folders.delete(key);
      }
      for (const folder of current) await this.loadFolder(folder);
      this.anchors.clear();
      await Promise.all([...this.articles()].map((article) => this.reanchor(vscode.Uri.parse(article))));
      this.changed.fire();
    });
  }

  /** Runs `work` after the loads before it; a failure is logged and does not stop later loads. */
  private queue(work: () => Promise<void>): Promise<void> {
    this.loading = this.loading.then(work).catch((error: unknown) => this.log.error(`Loading annotations: ${error instanceof Error ? error.stack ?? error.message : String(error)}`));
    return this.loading;
  }

  /** Re-reads one folder's files soon (its annotation files changed). */
  private scheduleFolder(folder: vscode.WorkspaceFolder, delay = 150): void {
    const key = folder.uri.toString();
    clearTimeout(this.folderTimers.get(key));
    this.folderTimers.set(key, setTimeout(() => {
      this.folderTimers.delete(key);
      void this.refreshFolder(folder);
    }, delay));
  }

  /** Reads one folder's annotation files again (after a write) and re-anchors its articles. */
  refreshFolder(folder: vscode.WorkspaceFolder): Promise<void> {
    return this.queue(async () => {
      await this.loadFolder(folder);
      await Promise.all([...this.articles(folder)].map((article) => this.reanchor(vscode.Uri.parse(article))));
      this.changed.fire();
    });
  }

  private async loadFolder(folder: vscode.WorkspaceFolder): Promise<void> {
    if (folder.uri.scheme !== 'file') return;
    const key = folder.uri.toString();
    const state = this.folders.get(key) ?? { folder, store: new AnnotationStore(folder.uri.fsPath, storeOptions), annotations: [], problems: [] };
    try {
      this.signatures.set(key, await filesSignature(state.store.folder));
      const snapshot = await state.store.load();
      state.annotations = snapshot.annotations;
      state.problems = snapshot.problems;
      // A file another program is still writing does not parse yet, and its last change may come
      // as one watcher event with the first: look again shortly, a few times.
      const unreadable = snapshot.problems.some((problem) => problem.kind === 'unreadable');
      const retries = unreadable ? (this.retries.get(key) ?? 0) + 1 : 0;
      this.retries.set(key, retries);
      if (unreadable && retries <= 3) this.scheduleFolder(folder, 1000 * retries);
      for (const problem of snapshot.problems) {
        if (problem.kind === 'unreadable') this.log.warn(`Annotation file ${problem.error.message}; Crosscheck will not write to it until it parses.`);
        else this.log.warn(`Annotation file ${problem.item.file}: item ${problem.item.index + 1} skipped (${problem.item.reason}).`);
      }
    } catch (error) {
      this.log.error(`Reading the annotations of ${folder.name}: ${String(error)}`);
    }
    this.folders.set(key, state);
  }

  /** Waits until loading and every scheduled re-anchoring is done. */
  async settle(): Promise<void> {
    await this.loading;
    for (const [article, timer] of [...this.pending]) {
      clearTimeout(timer);
      this.pending.delete(article);
      this.track(this.reanchor(vscode.Uri.parse(article)).then(() => this.changed.fire()));
    }
    while (this.running.size > 0) await Promise.all([...this.running]);
    await this.loading;
  }

  entries(): AnnotationEntry[] {
    const entries: AnnotationEntry[] = [];
    for (const state of this.folders.values()) {
      for (const stored of state.annotations) {
        const article = articleUri(state.folder, stored.summary.source);
        const placed = this.anchors.get(stored.summary.id);
        entries.push({
          id: stored.summary.id,
          stored,
          folder: state.folder,
          store: state.store,
          article,
          anchor: placed?.anchor ?? { status: 'orphaned' },
          lineOf: placed?.lineOf ?? (() => 0),
        });
      }
    }
    return entries;
  }

  entry(id: string): AnnotationEntry | undefined {
    return this.entries().find((entry) => entry.id === id);
  }

  /** Entries on the article `uri`. */
  entriesFor(uri: vscode.Uri): AnnotationEntry[] {
    const key = uri.toString();
    return this.entries().filter((entry) => entry.article?.toString() === key);
  }

  problems(): { folder: vscode.WorkspaceFolder; problem: StoreProblem }[] {
    return [...this.folders.values()].flatMap((state) => state.problems.map((problem) => ({ folder: state.folder, problem })));
  }

  /** Every tag used so far, most used first. */
  knownTags(): string[] {
    const counts = new Map<string, number>();
    for (const state of this.folders.values()) {
      for (const { summary } of state.annotations) for (const tag of summary.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([tag]) => tag);
  }

  storeFor(folder: vscode.WorkspaceFolder): AnnotationStore {
    const key = folder.uri.toString();
    let state = this.folders.get(key);
    if (state === undefined) {
      state = { folder, store: new AnnotationStore(folder.uri.fsPath, storeOptions), annotations: [], problems: [] };
      this.folders.set(key, state);
    }
    return state.store;
  }

  /** Adds an annotation just written by this window, so views show it before the file watcher fires. */
  async written(folder: vscode.WorkspaceFolder): Promise<void> {
    await this.refreshFolder(folder);
  }

  private articles(folder?: vscode.WorkspaceFolder): Set<string> {
    const found = new Set<string>();
    for (const state of this.folders.values()) {
      if (folder !== undefined && state.folder.uri.toString() !== folder.uri.toString()) continue;
      for (const { summary } of state.annotations) {
        const uri = articleUri(state.folder, summary.source);
        if (uri !== undefined) found.add(uri.toString());
      }
    }
    return found;
  }

  private schedule(uri: vscode.Uri, delay = reanchorDelayMs): void {
    const key = uri.toString();
    if (!this.articles().has(key)) return;
    clearTimeout(this.pending.get(key));
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      this.track(this.reanchor(uri).then(() => this.changed.fire()));
    }, delay));
  }

  private track(work: Promise<void>): void {
    this.running.add(work);
    void work.catch((error: unknown) => this.log.error(`Re-anchoring annotations: ${String(error)}`)).finally(() => this.running.delete(work));
  }

  /** Re-anchors the annotations on one article in its open buffer, else its file on disk. */
  private async reanchor(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === key);
    let text: string | null;
    if (open !== undefined) text = open.getText();
    else text = uri.scheme === 'file' ? await fs.readFile(uri.fsPath, 'utf8').catch(() => null) : null;
    const lines = text === null ? [] : lineStarts(text);
    const lineOf = (offset: number) => lineAt(lines, offset);
    for (const state of this.folders.values()) {
      for (const { summary } of state.annotations) {
        if (articleUri(state.folder, summary.source)?.toString() !== key) continue;
        const anchor: Anchor = text === null ? { status: 'orphaned' } : anchorAnnotation(text, { quote: summary.quote, position: summary.position });
        this.anchors.set(summary.id, { anchor, lineOf });
      }
    }
  }
}

/** Names, sizes and modification times of the `.json` files in `folder` ('' when it does not exist). */
async function filesSignature(folder: string): Promise<string> {
  let names: string[];
  try {
    names = (await fs.readdir(folder)).filter((name) => name.endsWith('.json')).sort();
  } catch {
    return '';
  }
  const parts = await Promise.all(names.map(async (name) => {
    const stat = await fs.stat(path.join(folder, name)).catch(() => undefined);
    return stat === undefined ? name : `${name}:${stat.size}:${stat.mtimeMs}`;
  }));
  return parts.join('|');
}

/** The article an annotation's `target.source` names inside `folder`, if any. */
export function articleUri(folder: vscode.WorkspaceFolder, source: string): vscode.Uri | undefined {
  if (source === '') return undefined;
  if (source.startsWith('file:')) {
    const uri = vscode.Uri.parse(source);
    return vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() === folder.uri.toString() ? uri : undefined;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(source) || source.startsWith('/')) return undefined;
  const parts = source.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) return undefined;
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

/** `target.source` for an article: its path relative to the workspace folder, forward slashes. */
export function sourceOf(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string {
  return path.posix.relative(folder.uri.path, uri.path);
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

function lineAt(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}
