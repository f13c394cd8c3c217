/**
 * What happens when the language server process dies: it is restarted at once (the index is rebuilt
 * from the files and the analysis cache; open editors are sent again by the client), up to
 * `maxRestarts` times in `windowMs`. Past that the server stays down and the user gets one message
 * with a Restart Server button, instead of vscode-languageclient's message without one. The decision
 * and the message are `restartPolicy.ts` (plain Node tests drive it with a fake window).
 */
import * as vscode from 'vscode';
import { CloseAction, ErrorAction } from 'vscode-languageclient/node';
import type { CloseHandlerResult, ErrorHandler, ErrorHandlerResult, Message } from 'vscode-languageclient/node';
import { RestartPolicy } from './restartPolicy';

export { maxRestarts, windowMs } from './restartPolicy';

export class ServerRestarts implements ErrorHandler {
  readonly policy: RestartPolicy;

  constructor(private readonly output: vscode.LogOutputChannel, now: () => number = Date.now) {
    this.policy = new RestartPolicy({
      warn: (message) => output.warn(message),
      error: (message) => output.error(message),
      showError: (message, ...choices) => vscode.window.showErrorMessage(message, ...choices),
      restart: () => void vscode.commands.executeCommand('crosscheck.restartServer'),
      showOutput: () => output.show(),
    }, now);
  }

  error(error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    this.output.error(`Connection to the Crosscheck server: ${error.message}`);
    return { action: this.policy.connectionError(error, count) === 'continue' ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    return { action: this.policy.crashed() === 'restart' ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
  }

  /** A deliberate restart starts the count afresh. */
  reset(): void {
    this.policy.reset();
  }
}
