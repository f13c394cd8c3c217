/**
 * The annotation commands: Annotate Selection, Edit, Delete, Re-attach to Selection, Go to
 * Annotation. Each takes an optional last argument so tests and other views can run it without the
 * input boxes: `{ note, tags }` for annotate and edit, `{ confirmed: true }` for delete.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createAnnotation, normaliseTags, withNote, withTarget } from '../../../core/src/annotations/index';
import type { Annotation } from '../../../core/src/annotations/index';
import { AnnotationFileError } from '../../../core/src/annotations/format';
import { AnnotationGoneError, AnnotationReadOnlyError, AnnotationWriteError } from '../../../core/src/annotations/store';
import { authorName } from './author';
import { sourceOf } from './controller';
import type { AnnotationController, AnnotationEntry } from './controller';
import { shorten } from './presentation';
import type { AnnotationNode } from './tree';
import type { NoteEditor } from './noteEditor';

export interface NoteInput {
  note?: string;
  tags?: string[];
  /** Write the note in the Markdown note editor (noteEditor.ts) instead of the input box. */
  longNote?: boolean;
}

/** An annotation named by id, a tree node, or nothing (then the user picks one). */
type AnnotationReference = string | AnnotationNode | undefined;

export class AnnotationCommands {
  constructor(private readonly controller: AnnotationController, private readonly notes: NoteEditor) {}

  /** Annotates the active editor's selection; returns the new annotation's id. */
  async annotateSelection(input?: NoteInput): Promise<string | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined || editor.selection.isEmpty) {
      void vscode.window.showInformationMessage('Select the passage of an article you want to annotate.');
      return undefined;
    }
    if (!this.writable('annotate')) return undefined;
    const document = editor.document;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (folder === undefined || folder.uri.scheme !== 'file' || document.uri.scheme !== 'file') {
      void vscode.window.showInformationMessage('Annotations are stored in the workspace folder: open the folder that holds this article, then annotate.');
      return undefined;
    }
    const selection = editor.selection;
    const note = await this.askNote(input, '', shorten(document.getText(selection), 60));
    if (note === undefined) return undefined;
    const tags = await this.askTags(input, []);
    if (tags === undefined) return undefined;

    const annotation = createAnnotation({
      id: `urn:uuid:${randomUUID()}`,
      source: sourceOf(folder, document.uri),
      text: document.getText(),
      start: document.offsetAt(selection.start),
      end: document.offsetAt(selection.end),
      note,
      tags,
      author: await authorName(folder),
      now: new Date().toISOString(),
    });
    const store = this.controller.storeFor(folder);
    let result;
    try {
      result = await store.add(annotation);
    } catch (error) {
      if (error instanceof AnnotationReadOnlyError) {
        this.writable('annotate'); // trust was withdrawn meanwhile: say so
        return undefined;
      }
      if (!(error instanceof AnnotationWriteError)) throw error;
      // The disk refused it: the store keeps it (the views show it as unsaved) and retries.
      await this.reportRefused(error, folder);
      await this.controller.written(folder);
      return annotation.id;
    }
    if (result.unreadable !== undefined) {
      const broken = path.relative(folder.uri.fsPath, result.unreadable.file);
      const used = path.relative(folder.uri.fsPath, result.file);
      void vscode.window
        .showWarningMessage(
          `The annotation file ${broken} cannot be read (line ${result.unreadable.line}: ${result.unreadable.reason}), so Crosscheck did not touch it. Your annotation was saved to ${used}. Fix ${broken} to have its annotations back.`,
          'Open File',
        )
        .then((choice) => {
          if (choice === 'Open File') void openAt(result.unreadable!.file, result.unreadable!.line, result.unreadable!.column);
        });
    }
    await this.controller.written(folder);
    return annotation.id;
  }

  async edit(reference: AnnotationReference, input?: NoteInput): Promise<boolean> {
    const entry = await this.resolve(reference, 'Edit which annotation?');
    if (entry === undefined || !this.writable('edit')) return false;
    const summary = entry.stored.summary;
    const note = await this.askNote(input, summary.note, shorten(summary.quote?.exact ?? '', 60));
    if (note === undefined) return false;
    const tags = await this.askTags(input, summary.tags);
    if (tags === undefined) return false;
    return this.change(entry, (current) => withNote(current, note, tags, new Date().toISOString()));
  }

  async remove(reference: AnnotationReference, options?: { confirmed?: boolean }): Promise<boolean> {
    const entry = await this.resolve(reference, 'Delete which annotation?');
    if (entry === undefined || !this.writable('delete')) return false;
    if (options?.confirmed !== true) {
      const summary = entry.stored.summary;
      const choice = await vscode.window.showWarningMessage(
        `Delete the annotation on “${shorten(summary.quote?.exact ?? '', 60)}”?`,
        { modal: true, detail: summary.note === '' ? undefined : shorten(summary.note, 300) },
        'Delete',
      );
      if (choice !== 'Delete') return false;
    }
    try {
      await entry.store.remove(entry.stored.file, entry.id);
    } catch (error) {
      if (error instanceof AnnotationWriteError) {
        await this.reportRefused(error, entry.folder);
        await this.controller.written(entry.folder);
        return true;
      }
      this.reportWriteError(error, entry);
      return false;
    }
    await this.controller.written(entry.folder);
    return true;
  }

  /** Points an annotation (usually an orphan) at the active editor's selection. */
  async reattach(reference: AnnotationReference): Promise<boolean> {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined || editor.selection.isEmpty) {
      void vscode.window.showInformationMessage('Select the passage the annotation belongs to, then run Re-attach to Selection again.');
      return false;
    }
    const entry = await this.resolve(reference, 'Re-attach which annotation to the selection?', true);
    if (entry === undefined || !this.writable('re-attach')) return false;
    const document = editor.document;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (folder === undefined || folder.uri.toString() !== entry.folder.uri.toString()) {
      void vscode.window.showInformationMessage(`Select the passage in an article of the folder ${entry.folder.name}, where the annotation is stored.`);
      return false;
    }
    const source = sourceOf(folder, document.uri);
    const start = document.offsetAt(editor.selection.start);
    const end = document.offsetAt(editor.selection.end);
    return this.change(entry, (current) => withTarget(current, source, document.getText(), start, end, new Date().toISOString()));
  }

  async reveal(reference: AnnotationReference): Promise<void> {
    const entry = await this.resolve(reference, 'Go to which annotation?');
    if (entry === undefined) return;
    if (entry.article === undefined) {
      void vscode.window.showInformationMessage(`The annotation names “${entry.stored.summary.source}”, which is not an article in ${entry.folder.name}.`);
      return;
    }
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(entry.article);
    } catch {
      void vscode.window.showInformationMessage(`The article ${entry.stored.summary.source} is no longer in ${entry.folder.name}; the annotation is kept as an orphan.`);
      return;
    }
    const anchor = entry.anchor;
    if (anchor.status === 'orphaned') {
      await vscode.window.showTextDocument(document);
      void vscode.window.showInformationMessage(
        `This annotation's passage (“${shorten(entry.stored.summary.quote?.exact ?? '', 80)}”) is no longer in the article. Select where it belongs and use Re-attach to Selection.`,
      );
      return;
    }
    const range = new vscode.Range(document.positionAt(anchor.start), document.positionAt(anchor.end));
    await vscode.window.showTextDocument(document, { selection: range });
  }

  private async change(entry: AnnotationEntry, change: (current: Annotation) => Annotation): Promise<boolean> {
    try {
      await entry.store.update(entry.stored.file, entry.id, change);
    } catch (error) {
      if (error instanceof AnnotationWriteError) {
        // Kept in this window and retried: the change is in effect, only not on disk yet.
        await this.reportRefused(error, entry.folder);
        await this.controller.written(entry.folder);
        return true;
      }
      this.reportWriteError(error, entry);
      await this.controller.refreshFolder(entry.folder);
      return false;
    }
    await this.controller.written(entry.folder);
    return true;
  }

  /** The disk refused a write: say so, where a copy is, and that it is kept and retried. */
  private async reportRefused(error: AnnotationWriteError, folder: vscode.WorkspaceFolder): Promise<void> {
    const file = path.relative(folder.uri.fsPath, error.file);
    const copy = await this.controller.backup(folder);
    void vscode.window.showErrorMessage(
      `Crosscheck could not save to ${file}: ${error.reason}. The file was not changed. Your change is kept in this window `
      + `(marked “not saved” in the Annotations view) and written as soon as the disk accepts it; Crosscheck tries again every few seconds.`
      + (copy === undefined ? '' : ` A copy is in ${copy}.`),
    );
  }

  private reportWriteError(error: unknown, entry: AnnotationEntry): void {
    const file = path.relative(entry.folder.uri.fsPath, entry.stored.file);
    if (error instanceof AnnotationFileError) {
      void vscode.window.showErrorMessage(
        `The annotation file ${file} cannot be read (line ${error.line}: ${error.reason}), so Crosscheck did not change it. Fix the file, then try again.`,
        'Open File',
      ).then((choice) => {
        if (choice === 'Open File') void openAt(error.file, error.line, error.column);
      });
    } else if (error instanceof AnnotationReadOnlyError) {
      void vscode.window.showInformationMessage('Annotations are read-only in an untrusted workspace; nothing was changed.');
    } else if (error instanceof AnnotationGoneError) {
      void vscode.window.showWarningMessage(`That annotation was removed from ${file} meanwhile (another window or a git pull); nothing was changed.`);
    } else {
      void vscode.window.showErrorMessage(`Could not save the annotation to ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private writable(action: string): boolean {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showInformationMessage(`Annotations are read-only in an untrusted workspace; trust the workspace to ${action} annotations.`);
    return false;
  }

  /**
   * The note: one line in an input box, whose Markdown button (or a note that already has several
   * lines) opens the note editor for a longer one.
   */
  private async askNote(input: NoteInput | undefined, current: string, passage: string): Promise<string | undefined> {
    if (input?.note !== undefined) return input.note;
    if (input?.longNote === true || current.includes('\n')) return this.notes.ask(current, passage);
    const box = vscode.window.createInputBox();
    box.title = `Annotate “${passage}”`;
    box.prompt = 'Note (Markdown). Leave it empty to only tag the passage. For several lines, use the Markdown button above.';
    box.placeholder = 'e.g. Checked against the transcript: wording correct';
    box.value = current;
    box.ignoreFocusOut = true;
    const longer: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('markdown'), tooltip: 'Write a longer note (several lines, Markdown) in an editor' };
    box.buttons = [longer];
    const answer = await new Promise<{ note: string | undefined; longer: boolean }>((resolve) => {
      let done = false;
      const finish = (note: string | undefined, wantsEditor: boolean) => {
        if (done) return;
        done = true;
        resolve({ note, longer: wantsEditor });
        box.dispose();
      };
      box.onDidTriggerButton((button) => {
        if (button === longer) finish(box.value, true);
      });
      box.onDidAccept(() => finish(box.value, false));
      box.onDidHide(() => finish(undefined, false));
      box.show();
    });
    if (answer.longer) return this.notes.ask(answer.note ?? current, passage);
    return answer.note;
  }

  /**
   * Tags: tick the ones used before; what is typed (commas separate several) is added as new tags,
   * unless it only filtered the list down to a tag that is ticked.
   */
  private async askTags(input: NoteInput | undefined, current: string[]): Promise<string[] | undefined> {
    if (input?.tags !== undefined) return normaliseTags(input.tags);
    const known = [...new Set([...current, ...this.controller.knownTags()])];
    const picker = vscode.window.createQuickPick<vscode.QuickPickItem>();
    const title = 'Tags (optional)';
    picker.title = title;
    picker.placeholder = known.length === 0 ? 'Type tags, commas between them; Enter to finish' : 'Tick tags, or type new ones (commas between them); Enter to finish';
    picker.canSelectMany = true;
    picker.ignoreFocusOut = true;
    picker.items = known.map((tag) => ({ label: tag }));
    picker.selectedItems = picker.items.filter((item) => current.includes(item.label));
    const typed = () => {
      const ticked = picker.selectedItems.map((item) => item.label.toLowerCase());
      return normaliseTags(picker.value.split(',')).filter((tag) => !known.includes(tag) && !ticked.some((label) => label.includes(tag.toLowerCase())));
    };
    return new Promise<string[] | undefined>((resolve) => {
      let done = false;
      const finish = (tags: string[] | undefined) => {
        if (done) return;
        done = true;
        resolve(tags);
        picker.dispose();
      };
      picker.onDidChangeValue(() => {
        const fresh = typed();
        picker.title = fresh.length === 0 ? title : `${title} — new: ${fresh.join(', ')}`;
      });
      picker.onDidAccept(() => finish(normaliseTags([...picker.selectedItems.map((item) => item.label), ...typed()])));
      picker.onDidHide(() => finish(undefined));
      picker.show();
    });
  }

  private async resolve(reference: AnnotationReference, question: string, orphansFirst = false): Promise<AnnotationEntry | undefined> {
    await this.controller.settle();
    if (typeof reference === 'string') {
      const entry = this.controller.entry(reference);
      if (entry === undefined) void vscode.window.showWarningMessage('That annotation no longer exists (it was removed in another window or by a git pull).');
      return entry;
    }
    if (reference !== undefined && reference.kind === 'annotation') return this.controller.entry(reference.entry.id);
    const entries = this.controller.entries();
    if (entries.length === 0) {
      void vscode.window.showInformationMessage('There are no annotations yet: select a passage in an article and run Crosscheck: Annotate Selection.');
      return undefined;
    }
    const rank = (entry: AnnotationEntry) => (orphansFirst && entry.anchor.status === 'orphaned' ? 0 : 1);
    const items = entries
      .sort((a, b) => rank(a) - rank(b) || a.stored.summary.source.localeCompare(b.stored.summary.source))
      .map((entry) => ({
        label: `“${shorten(entry.stored.summary.quote?.exact ?? '', 70)}”`,
        description: `${entry.stored.summary.source}${entry.anchor.status === 'orphaned' ? ' · orphaned' : ''}`,
        detail: shorten(entry.stored.summary.note, 120),
        entry,
      }));
    return (await vscode.window.showQuickPick(items, { placeHolder: question, matchOnDescription: true, matchOnDetail: true }))?.entry;
  }
}

async function openAt(file: string, line: number, column: number): Promise<void> {
  const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
  await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(position, position) });
}
