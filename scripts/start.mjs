// `npm start`: Crosscheck in a real VS Code in the browser, on the demo articles.
//
// Builds and packages the extension (`npm run package`), makes sure the editor host is installed
// (scripts/editor/host.mjs), installs the VSIX into .vscode-test/start/, starts code-server on a
// workspace holding a fresh copy of seeds/ and prints the address to open. Runs until Ctrl+C, then
// stops code-server by its process id.
//
// Flags: --skip-package (install the existing VSIX), --folder PATH (open another folder).
// Env: PORT (default 8080; a free port is picked when it is taken).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureHost, HOST_DIR, UserFacingError, ROOT } from './editor/host.mjs';
import { freePort, onInterrupt, runStep, say, startProcess, stopProcess, waitForHttp, writeUserSettings } from './editor/lib.mjs';

const log = (message) => say('start', message);
const args = process.argv.slice(2);

function option(name) {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main() {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const vsix = join(ROOT, `crosscheck-${version}.vsix`);
  if (!args.includes('--skip-package') || !existsSync(vsix)) {
    log('building and packaging the extension (npm run package)');
    await runStep('npm', ['run', 'package', '--silent']);
  }
  if (!existsSync(vsix)) throw new Error(`npm run package did not produce ${vsix}`);

  const host = await ensureHost();
  const userData = join(HOST_DIR, 'start', 'user-data');
  const extensions = join(HOST_DIR, 'start', 'extensions');
  mkdirSync(userData, { recursive: true });
  mkdirSync(extensions, { recursive: true });
  writeUserSettings(userData);
  const env = { ...process.env, PATH: `${join(host.nodeDir, 'bin')}:${process.env.PATH}` };
  const dirs = ['--user-data-dir', userData, '--extensions-dir', extensions];

  log(`installing ${vsix.slice(ROOT.length + 1)} into ${extensions.slice(ROOT.length + 1)}`);
  await runStep(host.node, [host.codeServerEntry, ...dirs, '--install-extension', vsix, '--force'], { env });

  // The demo workspace is a folder holding a fresh copy of seeds/: the article globs (**/seeds/*.txt)
  // match paths inside a workspace folder, and edits made while trying things out stay out of the project.
  let folder = option('--folder') && resolve(option('--folder'));
  if (!folder) {
    folder = join(HOST_DIR, 'start', 'demo');
    rmSync(join(folder, 'seeds'), { recursive: true, force: true });
    cpSync(join(ROOT, 'seeds'), join(folder, 'seeds'), { recursive: true });
    log(`demo workspace: ${folder} (a fresh copy of seeds/)`);
  }
  if (!existsSync(folder)) throw new Error(`no folder ${folder}`);
  const wanted = Number(process.env.PORT ?? 8080);
  const port = await freePort(wanted);
  if (port !== wanted) log(`port ${wanted} is taken; using ${port}`);

  const logFile = join(HOST_DIR, 'start', 'code-server.log');
  const server = startProcess(
    host.node,
    [
      host.codeServerEntry,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      ...dirs,
      folder,
    ],
    { logFile, env, label: 'code-server' },
  );
  onInterrupt(async (signal) => {
    log(`${signal}: stopping code-server (pid ${server.pid})`);
    await stopProcess(server);
  });

  await waitForHttp(`http://127.0.0.1:${port}/healthz`, { child: server, timeoutMs: 120000 });
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}`;
  console.log('');
  console.log(`  Crosscheck is running in VS Code (code-server, pid ${server.pid}):`);
  console.log(`    ${url}`);
  console.log(`  Open an article, hover a name, or run "Crosscheck: Compare Coverage" (Ctrl+Shift+P).`);
  console.log(`  Log: ${logFile}. Press Ctrl+C to stop.`);
  console.log('');

  const { code, signal } = await server.exited;
  // The extension host and file watcher can outlive code-server for a moment; take them down too.
  await stopProcess(server);
  log(`code-server exited (${signal ?? `code ${code}`}); see ${logFile}`);
  return code ?? 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[start] ${error instanceof UserFacingError ? error.message : error.stack ?? error.message}`);
    process.exit(1);
  },
);
