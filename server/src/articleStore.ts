/**
 * Keeps the corpus in step with the workspace: article files on disk, and open buffers, which win
 * over disk. Edits are analysed after a short pause; a request about an article with a pending edit
 * analyses it first, so answers never use stale offsets.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { htmlAsText } from '../../core/src/index';
import type { Article, CorpusIndex } from '../../core/src/index';
import { analysesText, holdText, releaseText } from '../../core/src/cache/analysisCache';
import type { Logger } from './logger';
import { describeError } from './logger';

export const editPauseMs = 200;

export class ArticleStore {
  /** Buffers whose latest text is not analysed yet, with the timer that will analyse it. */
  private readonly pendingEdits = new Map<string, { document: TextDocument; timer: NodeJS.Timeout }>();
  /** Open buffers: their text wins over the file on disk. */
  private readonly openBuffers = new Set<string>();
  /**
   * Whether a text may be analysed (the server refuses buffers over the size limit); a refused text
   * takes the article out of the index.
   */
  accepts: (file: string, text: string) => boolean = () => true;

  constructor(
    readonly corpus: CorpusIndex,
    private readonly log: Logger,
    /** Called after articles were added, changed or removed. */
    private readonly changed: (files: string[]) => void,
  ) {}

  isOpen(file: string): boolean {
    return this.openBuffers.has(file);
  }

  /** The article as of the latest text of its buffer, or undefined when it is not indexed. */
  current(file: string): Article | undefined {
    const pending = this.pendingEdits.get(file);
    if (pending !== undefined) {
      clearTimeout(pending.timer);
      this.pendingEdits.delete(file);
      this.analyse(file, pending.document.getText());
      this.changed([file]);
    }
    return this.corpus.article(file);
  }

  /** A file read from disk; ignored while the article is open in an editor. */
  fromDisk(file: string, text: string): boolean {
    if (this.openBuffers.has(file)) return false;
    return this.analyse(file, text);
  }

  /** A file deleted from disk; an open buffer keeps the article. */
  deletedOnDisk(file: string): boolean {
    if (this.openBuffers.has(file) || this.corpus.article(file) === undefined) return false;
    this.corpus.remove(file);
    return true;
  }

  opened(document: TextDocument): void {
    this.openBuffers.add(document.uri);
    if (this.analyse(document.uri, document.getText())) this.changed([document.uri]);
  }

  edited(document: TextDocument): void {
    const previous = this.pendingEdits.get(document.uri);
    if (previous !== undefined) clearTimeout(previous.timer);
    const timer = setTimeout(() => {
      this.pendingEdits.delete(document.uri);
      if (this.analyse(document.uri, document.getText())) this.changed([document.uri]);
    }, editPauseMs);
    this.pendingEdits.set(document.uri, { document, timer });
  }

  /**
   * A buffer closed: the article goes back to the text on disk when the file is an article file
   * there (`diskText`), and leaves the index otherwise.
   */
  closed(file: string, diskText: string | undefined): void {
    this.openBuffers.delete(file);
    const pending = this.pendingEdits.get(file);
    if (pending !== undefined) clearTimeout(pending.timer);
    this.pendingEdits.delete(file);
    if (diskText !== undefined) {
      if (this.analyse(file, diskText)) this.changed([file]);
    } else if (this.corpus.article(file) !== undefined) {
      this.corpus.remove(file);
      this.changed([file]);
    }
  }

  /**
   * Analyse and index one article; false when the text is unchanged or the analysis failed. An
   * unchanged article read from disk by the indexer holds its text while its file is open in an
   * editor and lets it go when the file is closed (read again from disk when needed).
   */
  private analyse(file: string, buffer: string): boolean {
    const text = htmlAsText(buffer); // a web page's markup blanked, as for files read from disk (core/src/articleFile.ts)
    const known = this.corpus.article(file);
    if (known !== undefined && analysesText(known, text)) {
      if (this.openBuffers.has(file)) holdText(known, text);
      else releaseText(known);
      return false;
    }
    if (!this.accepts(file, text)) {
      if (known === undefined) return false;
      this.corpus.remove(file);
      return true;
    }
    try {
      const article = this.corpus.update(file, text);
      for (const problem of article.problems) this.log.warn(`${file}: ${problem}`);
      return true;
    } catch (error) {
      this.log.error(`Could not analyse ${file}: ${describeError(error)}`);
      return false;
    }
  }

  dispose(): void {
    for (const pending of this.pendingEdits.values()) clearTimeout(pending.timer);
    this.pendingEdits.clear();
  }
}
