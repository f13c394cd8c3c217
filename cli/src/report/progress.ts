/**
 * Progress on stderr for large folders ("Analysing 120/3000 articles"), one line rewritten in place,
 * only when stderr is a terminal: a pipe or a CI log gets nothing.
 */

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export class Progress {
  private shown = false;
  private last = 0;

  /** `interval`: milliseconds between two updates of the line. */
  constructor(private readonly stream: ProgressStream, private readonly interval = 100, private readonly now = () => Date.now()) {}

  /** Shows `message` unless the line was updated less than `interval` ago (`force` shows it anyway). */
  show(message: string, force = false): void {
    if (this.stream.isTTY !== true) return;
    const time = this.now();
    if (!force && this.shown && time - this.last < this.interval) return;
    this.last = time;
    this.shown = true;
    this.stream.write(`\r\x1b[2K${message}…`);
  }

  /** Clears the line, so what follows starts on a clean one. */
  done(): void {
    if (!this.shown) return;
    this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}
