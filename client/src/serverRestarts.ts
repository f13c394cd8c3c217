/**
 * What happens when the language server process dies: it is restarted at once (the index is rebuilt
 * from the files and the analysis cache; open editors are sent again by the client), up to
 * `maxRestarts` times in `windowMs`. Past that the server stays down and the user gets one message
 * with a Restart Server button, instead of vscode-languageclient's message without one.
 */
import * as vscode from 'vscode';
import { CloseAction, ErrorAction } from 'vscode-languageclient/node';
import type { CloseHandlerResult, ErrorHandler, ErrorHandlerResult, Message } from 'vscode-languageclient/node';

export const maxRestarts = 4;
export const windowMs = 3 * 60 * 1000;

export class ServerRestarts implements ErrorHandler {
  private readonly crashes: number[] = [];

  constructor(private readonly output: vscode.LogOutputChannel, private readonly now: () => number = Date.now) {}

  error(error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    this.output.error(`Connection to the Crosscheck server: ${error.message}`);
    // A few garbled messages are survivable; a stream of them means the connection is broken.
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const time = this.now();
    this.crashes.push(time);
    while (this.crashes.length > 0 && time - this.crashes[0] > windowMs) this.crashes.shift();
    if (this.crashes.length <= maxRestarts) {
      this.output.warn(`The Crosscheck server stopped unexpectedly; restarting it (${this.crashes.length} of ${maxRestarts} in ${windowMs / 60000} minutes).`);
      return { action: CloseAction.Restart, handled: true };
    }
    const message = `The Crosscheck server stopped ${this.crashes.length} times in ${windowMs / 60000} minutes and was not restarted again. `
      + 'Hovers, conflict checks and Compare Coverage are off until it runs. Your annotations and review decisions are saved in the workspace.';
    this.output.error(message);
    void vscode.window.showErrorMessage(message, 'Restart Server', 'Show Output').then((choice) => {
      if (choice === 'Restart Server') void vscode.commands.executeCommand('crosscheck.restartServer');
      if (choice === 'Show Output') this.output.show();
    });
    return { action: CloseAction.DoNotRestart, handled: true };
  }

  /** A deliberate restart starts the count afresh. */
  reset(): void {
    this.crashes.length = 0;
  }
}
