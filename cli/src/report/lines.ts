/**
 * Offsets to 1-based lines and columns, as SARIF viewers, compilers and editors print them. Columns
 * count UTF-16 code units (an emoji counts as two), like the offsets; a line ends at LF, CR LF or a
 * lone CR, as in LSP.
 */

export interface LinePosition {
  line: number;
  column: number;
}

export class LineTable {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code === 13) {
        if (text.charCodeAt(index + 1) === 10) index++;
        this.starts.push(index + 1);
      } else if (code === 10) {
        this.starts.push(index + 1);
      }
    }
  }

  /** The line and column of the UTF-16 `offset` (0-based), both 1-based. */
  position(offset: number): LinePosition {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.starts[low] + 1 };
  }
}
