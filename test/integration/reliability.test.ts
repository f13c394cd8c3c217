/**
 * Faults inside a real VS Code: the language server process is killed, the client starts a new one,
 * and a hover on a person works again with nothing reloaded by hand.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { CrosscheckApi } from '../../client/src/extension';
import { EXTENSION_ID, waitFor } from './support';


/** The first person hover found on an open article, polled until the server answers. */
async function personHover(document: vscode.TextDocument): Promise<vscode.Hover[]> {
  const text = document.getText();
  const offset = text.search(/\bPutin\b/);
  assert.ok(offset >= 0, 'the demo article names Putin');
  return waitFor('a hover on Putin', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(offset + 1));
    return hovers.length > 0 ? hovers : undefined;
  });
}

suite('Crosscheck reliability in VS Code', () => {
  test('a killed language server is restarted and hovers work again', async () => {
    const extension = vscode.extensions.getExtension<CrosscheckApi>(EXTENSION_ID);
    assert.ok(extension, 'the extension is installed');
    const api = extension.isActive ? extension.exports : await extension.activate();
    const [uri] = (await vscode.workspace.findFiles('**/seeds/*.txt')).sort((a, b) => a.path.localeCompare(b.path));
    assert.ok(uri, 'a demo article');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await api.isReady();
    await personHover(document);

    const before = await waitFor('the server process id', () => api.serverProcessId());
    process.kill(before, 'SIGKILL');
    const after = await waitFor('a new server process', () => {
      const current = api.serverProcessId();
      return current !== undefined && current !== before ? current : undefined;
    });
    assert.notEqual(after, before);
    const hovers = await personHover(document);
    assert.ok(hovers.length > 0, 'the restarted server answers hovers');
  });
});
