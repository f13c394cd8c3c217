/**
 * What the user should know about how an article file was read: skipped (too large, empty, binary)
 * or read with a warning (not UTF-8, a web page, not English). Each note is logged with the file's
 * path and shown as a diagnostic at the top of the file, so the Problems panel names the file and
 * the problem. An indexed file's notes travel with its findings' diagnostics (see `withNotes`); a
 * skipped file, which has no findings, gets its notes sent on their own.
 */
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Diagnostic } from 'vscode-languageserver';

export const fileNoteSource = 'Crosscheck';
export const fileNoteCode = 'article-file';

export interface FileNote {
  /** True when nothing of the file was analysed. */
  skipped: boolean;
  /** In words that follow the file name: "skipped: the file is empty". */
  messages: string[];
}

export class FileNotes {
  private readonly notes = new Map<string, FileNote>();
  /** Files whose notes were sent on their own (not indexed), with what was sent. */
  private readonly sentAlone = new Map<string, string>();
  /** Files whose notes changed since the last publish. */
  private readonly changed = new Set<string>();

  /** Sets (or with undefined clears) the notes of `uri`; true when they changed. */
  set(uri: string, note: FileNote | undefined): boolean {
    const before = JSON.stringify(this.notes.get(uri) ?? null);
    if (note === undefined || note.messages.length === 0) this.notes.delete(uri);
    else this.notes.set(uri, { skipped: note.skipped, messages: [...note.messages] });
    const after = JSON.stringify(this.notes.get(uri) ?? null);
    if (before === after) return false;
    this.changed.add(uri);
    return true;
  }

  /** Drops the notes of every file `keep` rejects (files gone from the workspace). */
  retain(keep: (uri: string) => boolean): void {
    for (const uri of [...this.notes.keys()]) if (!keep(uri)) this.set(uri, undefined);
  }

  get(uri: string): FileNote | undefined {
    return this.notes.get(uri);
  }

  /** Files whose notes changed since `takeChanged` was last called. */
  takeChanged(): string[] {
    const files = [...this.changed];
    this.changed.clear();
    return files;
  }

  /** The notes of `uri` as diagnostics on its first line. */
  diagnostics(uri: string): Diagnostic[] {
    const note = this.notes.get(uri);
    if (note === undefined) return [];
    return note.messages.map((message) => ({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: note.skipped ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
      source: fileNoteSource,
      code: fileNoteCode,
      message: message.charAt(0).toUpperCase() + message.slice(1),
    }));
  }

  /** `diagnostics` of an indexed file with its notes in front. */
  withNotes(uri: string, diagnostics: Diagnostic[]): Diagnostic[] {
    const notes = this.diagnostics(uri);
    return notes.length === 0 ? diagnostics : [...notes, ...diagnostics];
  }

  /**
   * Sends the notes of files that are not indexed (their findings' diagnostics never carry them),
   * and clears what was sent for a file that is now indexed or has no notes any more.
   */
  publishAlone(indexed: (uri: string) => boolean, send: (uri: string, diagnostics: Diagnostic[]) => void): void {
    for (const uri of this.notes.keys()) {
      if (indexed(uri)) continue;
      const diagnostics = this.diagnostics(uri);
      const key = JSON.stringify(diagnostics);
      if (this.sentAlone.get(uri) === key) continue;
      this.sentAlone.set(uri, key);
      send(uri, diagnostics);
    }
    for (const uri of [...this.sentAlone.keys()]) {
      if (this.notes.has(uri) && !indexed(uri)) continue;
      this.sentAlone.delete(uri);
      if (!indexed(uri)) send(uri, []);
    }
  }
}
