/**
 * Offsets (UTF-16, what the corpus speaks) to LSP positions and back, for any indexed article,
 * open or not, using the text the corpus analysed.
 */
import type { Location, Position, Range } from 'vscode-languageserver';
import type { CorpusIndex, Span } from '../../core/src/index';

const CR = 13;
const LF = 10;

/**
 * Where each line of a text starts and where its content ends, and positions from offsets and back,
 * with the rules of `vscode-languageserver-textdocument` (a line ends at `\n`, `\r` or `\r\n`; an
 * offset past a line's end stays before its line break; out-of-range values are clamped), which the
 * tests hold it to. Keeps numbers only, not the text: a closed article's text is read again from
 * disk when needed (`server/src/closedTexts.ts`), while its table serves every diagnostic. Built
 * with `indexOf` where the text has no carriage return (one typed array per article, made for every
 * file a warm start publishes).
 */
export class LineTable {
  /** Line i starts at `lines[2i]` and its content (without its break) ends at `lines[2i + 1]`. */
  private readonly lines: Int32Array;
  private readonly length: number;

  constructor(text: string) {
    const lines = [0];
    if (text.indexOf('\r') < 0) {
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines.push(at, at + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code !== CR && code !== LF) continue;
        const end = i;
        if (code === CR && text.charCodeAt(i + 1) === LF) i++;
        lines.push(end, i + 1);
      }
    }
    lines.push(text.length);
    this.lines = Int32Array.from(lines);
    this.length = text.length;
  }

  get lineCount(): number {
    return this.lines.length / 2;
  }

  /** Moves an offset at a line's end back over its line break (never before the line's start). */
  private beforeBreak(offset: number, line: number): number {
    return Math.min(offset, this.lines[2 * line + 1]);
  }

  positionAt(offset: number): Position {
    offset = Math.max(Math.min(offset, this.length), 0);
    const lines = this.lines;
    let low = 0;
    let high = lines.length / 2;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (lines[2 * mid] > offset) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    return { line, character: this.beforeBreak(offset, line) - lines[2 * line] };
  }

  offsetAt(position: Position): number {
    const lines = this.lines;
    const count = lines.length / 2;
    if (position.line >= count) return this.length;
    if (position.line < 0) return 0;
    const start = lines[2 * position.line];
    if (position.character <= 0) return start;
    const next = position.line + 1 < count ? lines[2 * position.line + 2] : this.length;
    return this.beforeBreak(Math.min(start + position.character, next), position.line);
  }
}

export class Positions {
  private readonly lines = new Map<string, { hash: string; table: LineTable }>();

  constructor(private readonly corpus: CorpusIndex) {}

  private table(file: string): LineTable | undefined {
    const article = this.corpus.article(file);
    if (article === undefined) {
      this.lines.delete(file);
      return undefined;
    }
    const cached = this.lines.get(article.file);
    if (cached !== undefined && cached.hash === article.hash) return cached.table;
    const table = new LineTable(article.text);
    this.lines.set(article.file, { hash: article.hash, table });
    return table;
  }

  /** The offset of `position` in `file`, or undefined when the position is outside the text. */
  offset(file: string, position: Position): number | undefined {
    const table = this.table(file);
    if (table === undefined || position.line < 0 || position.character < 0) return undefined;
    if (position.line >= table.lineCount) return undefined;
    const offset = table.offsetAt(position);
    const back = table.positionAt(offset);
    if (back.line !== position.line || back.character !== position.character) return undefined;
    return offset;
  }

  range(file: string, span: Span): Range | undefined {
    const table = this.table(file);
    if (table === undefined) return undefined;
    return { start: table.positionAt(span.start), end: table.positionAt(span.end) };
  }

  location(file: string, span: Span): Location | undefined {
    const range = this.range(file, span);
    return range === undefined ? undefined : { uri: file, range };
  }

  /**
   * The line table of `file`'s text with content hash `hash`, built now from `text`: an indexer
   * gives it while it has the text, which is then let go (a closed article's text is read again
   * only when needed).
   */
  prime(file: string, hash: string, text: string): void {
    const cached = this.lines.get(file);
    if (cached === undefined || cached.hash !== hash) this.lines.set(file, { hash, table: new LineTable(text) });
  }

  forget(file: string): void {
    this.lines.delete(file);
  }
}
