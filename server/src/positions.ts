/**
 * Offsets (UTF-16, what the corpus speaks) to LSP positions and back, for any indexed article,
 * open or not, using the text the corpus analysed.
 */
import type { Location, Position, Range } from 'vscode-languageserver';
import type { CorpusIndex, Span } from '../../core/src/index';

const CR = 13;
const LF = 10;

/**
 * Where each line of a text starts, and positions from offsets and back, with the rules of
 * `vscode-languageserver-textdocument` (a line ends at `\n`, `\r` or `\r\n`; an offset past a line's
 * end stays before its line break; out-of-range values are clamped), which the tests hold it to. Built
 * with `indexOf` where the text has no carriage return (one typed array per article, made for every
 * file a warm start publishes).
 */
export class LineTable {
  private readonly starts: Int32Array;

  constructor(private readonly text: string) {
    const starts = [0];
    if (text.indexOf('\r') < 0) {
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code !== CR && code !== LF) continue;
        if (code === CR && text.charCodeAt(i + 1) === LF) i++;
        starts.push(i + 1);
      }
    }
    this.starts = Int32Array.from(starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Moves an offset at a line's end back over its line break (never before `lineStart`). */
  private beforeBreak(offset: number, lineStart: number): number {
    while (offset > lineStart) {
      const code = this.text.charCodeAt(offset - 1);
      if (code !== CR && code !== LF) break;
      offset--;
    }
    return offset;
  }

  positionAt(offset: number): Position {
    offset = Math.max(Math.min(offset, this.text.length), 0);
    const starts = this.starts;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (starts[mid] > offset) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    return { line, character: this.beforeBreak(offset, starts[line]) - starts[line] };
  }

  offsetAt(position: Position): number {
    const starts = this.starts;
    if (position.line >= starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = starts[position.line];
    if (position.character <= 0) return start;
    const next = position.line + 1 < starts.length ? starts[position.line + 1] : this.text.length;
    return this.beforeBreak(Math.min(start + position.character, next), start);
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

  forget(file: string): void {
    this.lines.delete(file);
  }
}
