// `npm run test:editor`: runs test/integration/**/*.test.ts inside a real VS Code extension host.
//
// The VS Code server shipped by code-server is started with the smoke-test driver enabled; a headless
// Chromium opens the workbench with a payload naming this project as the extension under development and
// out/test/integration/index.js as the test runner. The workbench reports the runner's exit code through
// window.codeAutomationExit, which becomes this script's exit code.
//
// Flags: --skip-build (reuse dist/ and out/), --keep (leave the temporary workspace in place).
// Env: CROSSCHECK_EDITOR_TIMEOUT_MS (default 6 minutes), CROSSCHECK_EDITOR_GREP (mocha --grep).
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { CODE_SERVER_VERSION, ensureHost, ROOT, UserFacingError } from './host.mjs';
import { RESULTS_DIR, clearScreenshots, freePort, launchBrowser, onInterrupt, runStep, say, screenshot, startProcess, stopProcess, waitForHttp, writeUserSettings } from './lib.mjs';

const TIMEOUT_MS = Number(process.env.CROSSCHECK_EDITOR_TIMEOUT_MS ?? 6 * 60000);
const args = process.argv.slice(2);
const log = (message) => say('test:editor', message);

/** Workbench messages unrelated to the tests (this machine is offline and signed out). */
const WORKBENCH_CHATTER = [
  /^\[(AgentHost|ChatModelSelection|AccountPolicyGate|reconnection-grace-time|Service Worker)/,
  /^(Creating a socket|Resolving connection token|Resolved connection token|Updating additional builtin)/,
  /ENOTFOUND|ECONNREFUSED|EAI_AGAIN|getaddrinfo/,
  /Timed out waiting for authentication provider/,
  /^Creation of workbench contribution/,
];

/**
 * After a failure: the extension's output channel (the client's log of server starts, crashes and
 * restarts) is copied to test-results/editor/ and its last lines printed, since the workspace and its
 * logs are deleted with the scratch folder.
 */
function keepExtensionLog(userData) {
  const logs = join(userData, 'logs');
  if (!existsSync(logs)) return;
  const found = readdirSync(logs, { recursive: true }).map(String).filter((file) => file.endsWith(join('crosscheck.crosscheck', 'Crosscheck.log')));
  for (const [index, file] of found.entries()) {
    const kept = join(RESULTS_DIR, 'editor', found.length > 1 ? `crosscheck-${index + 1}.log` : 'crosscheck.log');
    cpSync(join(logs, file), kept);
    const lines = readFileSync(kept, 'utf8').trimEnd().split('\n');
    log(`the extension's log (${kept}), last ${Math.min(lines.length, 30)} of ${lines.length} lines:`);
    for (const line of lines.slice(-30)) console.log(`    ${line.length > 300 ? `${line.slice(0, 300)}…` : line}`);
  }
}

async function main() {
  const started = Date.now();
  if (!args.includes('--skip-build')) {
    log('building bundles (scripts/build.mjs) and compiling tests (tsc -p .)');
    await runStep(process.execPath, [join(ROOT, 'scripts', 'build.mjs')]);
    await runStep(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
  }
  const testsEntry = join(ROOT, 'out', 'test', 'integration', 'index.js');
  if (!existsSync(testsEntry)) throw new Error(`${testsEntry} is missing; compile with \`npx tsc -p .\``);
  if (!existsSync(join(ROOT, 'dist', 'client.js'))) throw new Error('dist/client.js is missing; build with `node scripts/build.mjs`');

  const host = await ensureHost();
  clearScreenshots(/^editor-.*\.png$/);

  // A throwaway workspace holding a copy of the demo articles in a folder named seeds, plus fresh
  // user-data and extension folders so nothing from an earlier run leaks in.
  const scratch = mkdtempSync(join(tmpdir(), 'crosscheck-editor-'));
  const workspace = join(scratch, 'workspace');
  mkdirSync(workspace, { recursive: true });
  cpSync(join(ROOT, 'seeds'), join(workspace, 'seeds'), { recursive: true });
  const userData = join(scratch, 'user-data');
  const extensions = join(scratch, 'extensions');
  mkdirSync(extensions, { recursive: true });
  writeUserSettings(userData);

  const port = await freePort();
  const serverLog = join(RESULTS_DIR, 'editor', 'server.log');
  log(`starting the VS Code server from code-server ${CODE_SERVER_VERSION} on 127.0.0.1:${port}`);
  const server = startProcess(
    host.node,
    [
      host.serverMain,
      '--host', '127.0.0.1',
      '--port', String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--enable-smoke-test-driver',
      '--disable-telemetry',
      '--user-data-dir', userData,
      '--extensions-dir', extensions,
    ],
    {
      logFile: serverLog,
      label: 'VS Code server',
      // The extension host inherits this environment (CROSSCHECK_EDITOR_GREP reaches the test runner).
      env: { ...process.env, PATH: `${join(host.nodeDir, 'bin')}:${process.env.PATH}` },
    },
  );

  let browser;
  let workbenchLog;
  const cleanup = async () => {
    await browser?.close().catch(() => {});
    await stopProcess(server);
    workbenchLog?.end();
    if (!args.includes('--keep')) rmSync(scratch, { recursive: true, force: true });
    else log(`kept ${scratch}`);
  };
  onInterrupt(async (signal) => {
    log(`${signal}: stopping the server (pid ${server.pid})`);
    await cleanup();
  });

  try {
    await waitForHttp(`http://127.0.0.1:${port}/version`, { child: server, timeoutMs: 120000 });
    log(`server up (pid ${server.pid}, log ${serverLog})`);

    const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(testsEntry)],
      ['skipWelcome', 'true'],
    ];
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let resolveExit;
    const exitCode = new Promise((r) => (resolveExit = r));
    // Everything the workbench and the extension host log arrives here; the tests' output is printed,
    // the workbench's own chatter (offline gallery, chat, sockets) only goes to the log file.
    workbenchLog = createWriteStream(join(RESULTS_DIR, 'editor', 'workbench.log'));
    await page.exposeFunction('codeAutomationLog', (type, messages) => {
      const parts = Array.isArray(messages) ? messages : [messages];
      const text = typeof parts[0] === 'string' ? format(...parts) : parts.map((part) => JSON.stringify(part)).join(' ');
      workbenchLog.write(`[${type}] ${text}\n`);
      if (WORKBENCH_CHATTER.some((pattern) => pattern.test(text))) return;
      for (const line of text.split('\n')) console.log(`  ${line}`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    page.on('pageerror', (error) => console.error(`[workbench] page error: ${error.message}`));

    log(`opening the workbench on ${workspace}`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120000 });

    let timer;
    const timedOut = new Promise((r) => (timer = setTimeout(() => r('timeout'), TIMEOUT_MS)));
    const outcome = await Promise.race([exitCode, timedOut, server.exited.then(() => 'server-exit')]);
    clearTimeout(timer);
    if (outcome !== 0) keepExtensionLog(userData);
    if (outcome === 'timeout') {
      const shot = await screenshot(page, 'editor-timeout.png');
      throw new UserFacingError(
        `the extension tests did not finish within ${Math.round(TIMEOUT_MS / 1000)}s.\n` +
          `  screenshot: ${shot ?? '(none)'}\n  server log: ${serverLog}\n  extension host logs: ${join(userData, 'logs')} (run with --keep to keep them)`,
      );
    }
    if (outcome === 'server-exit') throw new UserFacingError(`the VS Code server exited during the tests; see ${serverLog}`);
    if (outcome !== 0) await screenshot(page, 'editor-failure.png');
    log(`extension tests ${outcome === 0 ? 'passed' : `failed (exit ${outcome})`} in ${Math.round((Date.now() - started) / 1000)}s`);
    return outcome;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[test:editor] ${error instanceof UserFacingError ? error.message : error.stack ?? error.message}`);
    process.exit(1);
  },
);
