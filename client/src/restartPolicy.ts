/**
 * When to restart a language server that died, and what to tell the user when it keeps dying. Pure
 * (no `vscode` import) so plain Node tests can drive it with a fake window: `serverRestarts.ts`
 * connects it to vscode-languageclient's error handler and VS Code's window.
 */

export const maxRestarts = 4;
export const windowMs = 3 * 60 * 1000;

/** The buttons of the message shown when the server is left stopped. */
export const restartChoice = 'Restart Server';
export const outputChoice = 'Show Output';

/** Other connection errors in a row that are survivable; past this the connection counts as broken. */
export const maxConnectionErrors = 3;

/**
 * Error codes of a message sent to a server process that has just died. The client often sends one
 * (a change, a request) between the process's death and the close event, above all on a busy machine;
 * the close that follows goes through `crashed()`. Stopping the client here instead would skip that
 * (vscode-languageclient does not ask the close handler about a client it is stopping), leaving the
 * server down, uncounted and with no message.
 */
const serverGoneCodes = new Set(['EPIPE', 'ECONNRESET', 'ERR_IPC_CHANNEL_CLOSED', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);

/** True when `error` is a failed write to a server process that is gone. */
export function isServerGone(error: Error): boolean {
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && serverGoneCodes.has(code);
}

/** What the policy needs from the editor. */
export interface RestartUi {
  warn(message: string): void;
  error(message: string): void;
  /** Shows an error message with buttons; resolves with the button pressed (undefined: dismissed). */
  showError(message: string, ...choices: string[]): PromiseLike<string | undefined>;
  /** Runs the Restart Server command. */
  restart(): void;
  showOutput(): void;
}

export class RestartPolicy {
  private readonly crashes: number[] = [];
  /** The message shown when the server was left stopped, until the next deliberate restart. */
  stoppedMessage: string | undefined;
  /** Resolves once the user answered the last message (for tests). */
  answered: Promise<void> = Promise.resolve();

  constructor(private readonly ui: RestartUi, private readonly now: () => number = Date.now) {}

  /** The server process ended unexpectedly: restart it, or (past the limit) stop and tell the user. */
  crashed(): 'restart' | 'stop' {
    const time = this.now();
    this.crashes.push(time);
    while (this.crashes.length > 0 && time - this.crashes[0] > windowMs) this.crashes.shift();
    if (this.crashes.length <= maxRestarts) {
      this.ui.warn(`The Crosscheck server stopped unexpectedly; restarting it (${this.crashes.length} of ${maxRestarts} in ${windowMs / 60000} minutes).`);
      return 'restart';
    }
    this.stop(`The Crosscheck server stopped ${this.crashes.length} times in ${windowMs / 60000} minutes and was not restarted again. `);
    return 'stop';
  }

  /**
   * The connection reported an error (`count`: errors in a row, when the transport counts them).
   * A write to a process that has died goes on: its close decides. A few other errors are survivable;
   * past that the server is stopped, and the user told so with a Restart Server button.
   */
  connectionError(error: Error, count: number | undefined): 'continue' | 'shutdown' {
    if (isServerGone(error)) return 'continue';
    if (count !== undefined && count <= maxConnectionErrors) return 'continue';
    if (this.stoppedMessage === undefined) this.stop(`The connection to the Crosscheck server kept failing (${error.message}), so the server was stopped. `);
    return 'shutdown';
  }

  private stop(reason: string): void {
    const message = `${reason}Hovers, conflict checks and Compare Coverage are off until it runs. Your annotations and review decisions are saved in the workspace.`;
    this.stoppedMessage = message;
    this.ui.error(message);
    this.answered = Promise.resolve(this.ui.showError(message, restartChoice, outputChoice)).then((choice) => {
      if (choice === restartChoice) this.ui.restart();
      if (choice === outputChoice) this.ui.showOutput();
    }, () => undefined);
  }

  /** Crashes counted now (within the window). */
  recentCrashes(): number {
    const time = this.now();
    return this.crashes.filter((crash) => time - crash <= windowMs).length;
  }

  /** A deliberate restart starts the count afresh. */
  reset(): void {
    this.crashes.length = 0;
    this.stoppedMessage = undefined;
  }
}
