/**
 * A longer note: an untitled Markdown editor beside the article, holding the note so far. The user
 * writes as many lines as they like (with Markdown preview, spell checkers and everything else
 * editors offer) and saves with Ctrl+Enter / Cmd+Enter or the check mark in the editor's title bar
 * (Crosscheck: Save Annotation Note); closing the editor without saving cancels. The note input box
 * opens this editor from its Markdown button, and editing an annotation whose note already has
 * several lines opens it directly.
 */
import * as vscode from 'vscode';

export const noteCommands = {
  save: 'crosscheck.saveAnnotationNote',
  cancel: 'crosscheck.cancelAnnotationNote',
} as const;

/** The context key that shows the Save Note button and enables its keybinding. */
const openContext = 'crosscheck.annotationNoteOpen';

interface PendingNote {
  document: vscode.TextDocument;
  resolve: (note: string | undefined) => void;
}

export class NoteEditor implements vscode.Disposable {
  private pending: PendingNote | undefined;
  private count = 0;
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      vscode.commands.registerCommand(noteCommands.save, () => this.finish(true)),
      vscode.commands.registerCommand(noteCommands.cancel, () => this.finish(false)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        // Closed without saving the note (the "Don't Save" answer to the editor's own question).
        if (this.pending?.document === document) this.settle(undefined);
      }),
    ];
  }

  /** The untitled note document waiting for Save Note, if any (for tests). */
  get document(): vscode.TextDocument | undefined {
    return this.pending?.document;
  }

  /** Opens the note editor with `current`; resolves with the note when saved, undefined when cancelled. */
  async ask(current: string, passage: string): Promise<string | undefined> {
    if (this.pending !== undefined) await this.finish(false); // one note at a time
    // A name of its own each time: a reused "Untitled-1" could come back as the last note's model.
    const name = `Annotation note ${++this.count} (${new Date().toISOString().slice(11, 19).replace(/:/g, '.')}).md`;
    let document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path: name }));
    if (document.languageId !== 'markdown') document = await vscode.languages.setTextDocumentLanguage(document, 'markdown');
    if (current !== '') {
      const fill = new vscode.WorkspaceEdit();
      fill.insert(document.uri, new vscode.Position(0, 0), current);
      await vscode.workspace.applyEdit(fill);
    }
    const result = new Promise<string | undefined>((resolve) => {
      this.pending = { document, resolve };
    });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    void vscode.commands.executeCommand('setContext', openContext, true);
    const key = process.platform === 'darwin' ? 'Cmd+Enter' : 'Ctrl+Enter';
    const hint = vscode.window.setStatusBarMessage(`$(comment) Note on “${passage}”: write it in Markdown, then ${key} (or ✓ in the title bar) to save; close the editor to cancel.`);
    void result.finally(() => hint.dispose());
    return result;
  }

  /** Save Note (`save`) or Cancel: closes the note editor without a save prompt and answers `ask`. */
  private async finish(save: boolean): Promise<void> {
    const pending = this.pending;
    if (pending === undefined) return;
    const note = save ? tidy(pending.document.getText()) : undefined;
    this.settle(note);
    if (!pending.document.isClosed) {
      await vscode.window.showTextDocument(pending.document, { preview: false });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  }

  private settle(note: string | undefined): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    void vscode.commands.executeCommand('setContext', openContext, false);
    pending.resolve(note);
  }

  dispose(): void {
    this.settle(undefined);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/**
 * The note as written, without blank lines before or white space after it; CRLF becomes LF. Spaces
 * at the end of inner lines stay (two of them are a line break in Markdown).
 */
export function tidy(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/^(?:[ \t]*\n)+/, '').trimEnd();
}
