/**
 * Offsets (UTF-16, what the corpus speaks) to LSP positions and back, for any indexed article,
 * open or not, using the text the corpus analysed.
 */
import type { Location, Position, Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Article, CorpusIndex, Span } from '../../core/src/index';

export class Positions {
  private readonly lines = new Map<string, { hash: string; document: TextDocument }>();

  constructor(private readonly corpus: CorpusIndex) {}

  private document(file: string): TextDocument | undefined {
    const article = this.corpus.article(file);
    if (article === undefined) {
      this.lines.delete(file);
      return undefined;
    }
    return this.documentOf(article);
  }

  documentOf(article: Article): TextDocument {
    const cached = this.lines.get(article.file);
    if (cached !== undefined && cached.hash === article.hash) return cached.document;
    const document = TextDocument.create(article.file, 'article', 0, article.text);
    this.lines.set(article.file, { hash: article.hash, document });
    return document;
  }

  /** The offset of `position` in `file`, or undefined when the position is outside the text. */
  offset(file: string, position: Position): number | undefined {
    const document = this.document(file);
    if (document === undefined || position.line < 0 || position.character < 0) return undefined;
    if (position.line >= document.lineCount) return undefined;
    const offset = document.offsetAt(position);
    const back = document.positionAt(offset);
    if (back.line !== position.line || back.character !== position.character) return undefined;
    return offset;
  }

  range(file: string, span: Span): Range | undefined {
    const document = this.document(file);
    if (document === undefined) return undefined;
    return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
  }

  location(file: string, span: Span): Location | undefined {
    const range = this.range(file, span);
    return range === undefined ? undefined : { uri: file, range };
  }

  forget(file: string): void {
    this.lines.delete(file);
  }
}
