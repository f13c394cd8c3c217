/** Who is annotating: the `crosscheck.annotations.author` setting, else git's user.name, else nobody. */
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';

const fromGit = new Map<string, Promise<string | null>>();

export async function authorName(folder: vscode.WorkspaceFolder): Promise<string | null> {
  const configured = vscode.workspace.getConfiguration('crosscheck.annotations', folder.uri).get<string>('author')?.trim();
  if (configured) return configured;
  const key = folder.uri.toString();
  let name = fromGit.get(key);
  if (name === undefined) {
    name = gitUserName(folder.uri.scheme === 'file' ? folder.uri.fsPath : undefined);
    fromGit.set(key, name);
  }
  return name;
}

function gitUserName(cwd: string | undefined): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.name'], { cwd, timeout: 3000, windowsHide: true }, (error, stdout) => {
      const name = error === null ? stdout.trim() : '';
      resolve(name === '' ? null : name);
    });
  });
}
