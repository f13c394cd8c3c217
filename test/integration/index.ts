/**
 * The extension test runner: VS Code loads this file in the extension host (`extensionTestsPath`) and
 * awaits `run()`. Used by both launchers — the VS Code server shipped by code-server
 * (scripts/editor/run-tests.mjs) and a desktop VS Code through @vscode/test-electron
 * (scripts/editor/run-desktop.mjs).
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

/** Compiled test files below `dir`, in a stable order. */
function testFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...testFiles(full));
    else if (entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    color: false,
    timeout: 120_000,
    grep: process.env.CROSSCHECK_EDITOR_GREP || undefined,
  });
  const files = testFiles(__dirname);
  // Added files are loaded with require() when the run starts, where VS Code resolves `vscode`.
  for (const file of files) mocha.addFile(file);
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} of the extension tests failed`);
  if (files.length === 0) throw new Error(`no extension tests found under ${__dirname}`);
}
