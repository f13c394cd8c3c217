/**
 * Annotations in VS Code: the commands, the highlight and hover on annotated passages, the
 * Annotations view, and re-anchoring as articles change. `registerAnnotations` wires it all up and
 * returns the part of the extension's API the integration tests use.
 */
import * as vscode from 'vscode';
import type { AnchorStatus } from '../../../core/src/annotations/index';
import { AnnotationCommands } from './commands';
import type { NoteInput } from './commands';
import { AnnotationController } from './controller';
import { NoteEditor } from './noteEditor';
import { OtherVersions } from './otherVersions';
import { AnnotationDecorations, AnnotationHovers, commands } from './presentation';
import { AnnotationTree } from './tree';
import type { AnnotationNode } from './tree';
import type { CoverageAnnotations } from '../coverageTree';

export interface AnnotationView {
  id: string;
  /** `target.source`: the article's path relative to the workspace folder. */
  source: string;
  article: string | undefined;
  note: string;
  tags: string[];
  author: string | null;
  status: AnchorStatus;
  /** Where it is now (undefined for an orphan). */
  range: vscode.Range | undefined;
  /** The text now at the range (undefined for an orphan). */
  text: string | undefined;
  /** The text it was made on. */
  quote: string;
  /** The annotation file it is stored in. */
  file: string;
}

export interface AnnotationsApi {
  /** Every annotation, after pending re-anchoring is done. */
  list(): Promise<AnnotationView[]>;
  /** Forgets everything and reads the annotation files again, as a reloaded window does. */
  reload(): Promise<void>;
  /**
   * Disposes everything that holds annotation state (controller, stores, views, hover, highlights)
   * and builds it afresh from the files, as deactivating and activating the extension would.
   */
  restart(): Promise<void>;
  /** Other outlets' versions of annotated passages shown in `uri`, after pending look-ups. */
  otherVersions(uri: vscode.Uri): Promise<{ id: string; range: vscode.Range }[]>;
  /** The Annotations view as labels: each top-level node with its children's labels. */
  view(): Promise<{ label: string; children: string[] }[]>;
  /** The ranges highlighted in the visible editor of `uri`. */
  decorated(uri: vscode.Uri): Promise<vscode.Range[]>;
  /** The Markdown note editor's document while a longer note is being written. */
  noteDocument(): vscode.TextDocument | undefined;
}

export interface AnnotationHost {
  log: vscode.LogOutputChannel;
  /** Resolves once the language server has indexed the workspace. */
  serverReady: () => Promise<void>;
  /** The Coverage view, which lists each article's annotations under it. */
  coverage?: { showAnnotations(annotations: CoverageAnnotations): void };
}

/** Everything that holds annotation state: made on activation, and again by the API's `restart()`. */
interface Session extends vscode.Disposable {
  controller: AnnotationController;
  others: OtherVersions;
  decorations: AnnotationDecorations;
  tree: AnnotationTree;
  actions: AnnotationCommands;
}

function startSession(context: vscode.ExtensionContext, host: AnnotationHost, notes: NoteEditor): Session {
  const controller = new AnnotationController(host.log, context.globalStorageUri.fsPath);
  const others = new OtherVersions(controller, host.serverReady, host.log);
  const decorations = new AnnotationDecorations(controller, others);
  const writable = () => vscode.workspace.isTrusted;
  const tree = new AnnotationTree(controller, writable);
  const actions = new AnnotationCommands(controller, notes);
  const view = vscode.window.createTreeView('crosscheck.annotations', { treeDataProvider: tree, showCollapseAll: true });

  const setWritable = () => void vscode.commands.executeCommand('setContext', 'crosscheck.annotationsWritable', writable());
  setWritable();

  const refreshViews = () => {
    decorations.refresh();
    tree.refresh();
    const count = controller.entries().length;
    const orphans = controller.entries().filter((entry) => entry.anchor.status === 'orphaned').length;
    view.badge = orphans > 0 ? { value: orphans, tooltip: `${orphans} orphaned annotation${orphans === 1 ? '' : 's'}` } : undefined;
    view.description = count === 0 ? undefined : `${count}`;
  };

  const parts: vscode.Disposable[] = [
    controller,
    others,
    decorations,
    tree,
    view,
    controller.onDidChange(refreshViews),
    others.onDidChange(() => decorations.refresh()),
    vscode.window.onDidChangeVisibleTextEditors((editors) => decorations.refresh(editors)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      setWritable();
      tree.refresh();
    }),
    vscode.languages.registerHoverProvider({ scheme: 'file' }, new AnnotationHovers(controller, others, writable)),
  ];

  host.coverage?.showAnnotations({
    entriesFor: (uri) => controller.entriesFor(uri).sort((a, b) => startOf(a) - startOf(b)),
    treeItem: (entry) => tree.annotationItem(entry),
    onDidChange: controller.onDidChange,
  });

  void controller.reload();
  return {
    controller, others, decorations, tree, actions,
    dispose: () => {
      // Clear the highlights this session drew before its decoration types go.
      for (const editor of vscode.window.visibleTextEditors) decorations.clear(editor);
      vscode.Disposable.from(...parts).dispose();
    },
  };
}

export function registerAnnotations(context: vscode.ExtensionContext, host: AnnotationHost): AnnotationsApi {
  const notes = new NoteEditor();
  let session = startSession(context, host, notes);
  const current = () => session.actions;

  context.subscriptions.push(
    notes,
    { dispose: () => session.dispose() },
    vscode.commands.registerCommand(commands.annotate, (input?: NoteInput) => current().annotateSelection(isNoteInput(input) ? input : undefined)),
    vscode.commands.registerCommand(commands.edit, (reference?: string | AnnotationNode, input?: NoteInput) => current().edit(reference, input)),
    vscode.commands.registerCommand(commands.remove, (reference?: string | AnnotationNode, options?: { confirmed?: boolean }) => current().remove(reference, options)),
    vscode.commands.registerCommand(commands.reattach, (reference?: string | AnnotationNode) => current().reattach(reference)),
    vscode.commands.registerCommand(commands.reveal, (reference?: string | AnnotationNode) => current().reveal(reference)),
    vscode.commands.registerCommand(commands.refresh, () => {
      session.others.reset();
      return session.controller.reload();
    }),
  );

  return {
    async list() {
      await session.controller.settle();
      const views: AnnotationView[] = [];
      for (const entry of session.controller.entries()) {
        const summary = entry.stored.summary;
        let range: vscode.Range | undefined;
        let text: string | undefined;
        if (entry.anchor.status !== 'orphaned' && entry.article !== undefined) {
          const document = await vscode.workspace.openTextDocument(entry.article);
          range = new vscode.Range(document.positionAt(entry.anchor.start), document.positionAt(entry.anchor.end));
          text = entry.anchor.text;
        }
        views.push({
          id: entry.id,
          source: summary.source,
          article: entry.article?.toString(),
          note: summary.note,
          tags: summary.tags,
          author: summary.author,
          status: entry.anchor.status,
          range,
          text,
          quote: summary.quote?.exact ?? '',
          file: entry.stored.file,
        });
      }
      return views;
    },
    async reload() {
      await session.controller.reload();
    },
    async restart() {
      await session.controller.settle();
      session.dispose();
      session = startSession(context, host, notes);
      await session.controller.settle();
    },
    async otherVersions(uri) {
      await session.controller.settle();
      await session.others.settle();
      return session.others.on(uri).map(({ id, range }) => ({ id, range }));
    },
    async view() {
      await session.controller.settle();
      const label = (node: AnnotationNode) => {
        const item = session.tree.getTreeItem(node);
        return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
      };
      return session.tree.getChildren().map((node) => ({ label: label(node), children: session.tree.getChildren(node).map(label) }));
    },
    noteDocument: () => notes.document,
    async decorated(uri) {
      await session.controller.settle();
      await session.others.settle();
      session.decorations.refresh();
      return session.decorations.drawn.get(uri.toString())?.annotated ?? [];
    },
  };
}

function startOf(entry: { anchor: { status: string; start?: number } }): number {
  return entry.anchor.status === 'orphaned' ? Number.MAX_SAFE_INTEGER : entry.anchor.start ?? 0;
}

function isNoteInput(value: unknown): value is NoteInput {
  return typeof value === 'object' && value !== null && !(value instanceof vscode.Uri) && ('note' in value || 'tags' in value || 'longNote' in value);
}
