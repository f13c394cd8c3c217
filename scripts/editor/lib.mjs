// Pieces the editor scripts share: free ports, starting and stopping the editor server by its process
// id, waiting for it to answer, a headless Chromium through playwright-core, and running npm scripts.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { CHROMIUM, ROOT, UserFacingError } from './host.mjs';

export const RESULTS_DIR = join(ROOT, 'test-results');
export const SCREENSHOTS_DIR = join(RESULTS_DIR, 'screenshots');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function say(prefix, message) {
  console.log(`[${prefix}] ${message}`);
}

/** True when something already listens on 127.0.0.1:port. */
function portFree(port) {
  return new Promise((resolvePromise) => {
    const probe = createServer();
    probe.once('error', () => resolvePromise(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePromise(true)));
  });
}

/** `preferred` when it is free, else a port the OS hands out. */
export async function freePort(preferred) {
  if (preferred && (await portFree(preferred))) return preferred;
  return new Promise((resolvePromise, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePromise(port));
    });
  });
}

/** Runs a command to completion with inherited output; rejects on a non-zero exit. */
export function runStep(command, args, options = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolvePromise() : reject(new UserFacingError(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}); its output is above`)),
    );
  });
}

/**
 * Starts a long-running server in its own process group, its output teed to `logFile` (and to the
 * console when `echo` is set). Returns the child; stop it with `stopProcess`.
 */
export function startProcess(command, args, { logFile, echo = false, env, cwd = ROOT, label = 'server' } = {}) {
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);
  const child = spawn(command, args, { cwd, env: env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      log.write(chunk);
      if (echo) process.stdout.write(chunk);
    });
  }
  child.exited = new Promise((resolvePromise) =>
    child.on('exit', (code, signal) => {
      log.end();
      resolvePromise({ code, signal });
    }),
  );
  child.label = label;
  return child;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops a process started by `startProcess`: SIGTERM to its id, then, if it or the helpers it started
 * (extension host, file watcher) linger, SIGKILL to its process group (the group id is the child's id).
 */
export async function stopProcess(child, graceMs = 5000) {
  if (!child?.pid) return;
  const pid = child.pid;
  if (child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await Promise.race([child.exited, new Promise((r) => setTimeout(r, graceMs))]);
  }
  // The group outlives its leader when helpers hang on; take them down by the same id.
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (groupAlive(pid)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  if (alive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once `url` answers with a status below 500; rejects after `timeoutMs` or when `child` dies. */
export async function waitForHttp(url, { timeoutMs = 90000, child } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`${child.label ?? 'server'} exited (${child.signalCode ?? `code ${child.exitCode}`}) before ${url} answered`);
    }
    try {
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
      if (response.status < 500) return response.status;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = error.cause?.code ?? error.message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s (${lastError})`);
}

/** A headless Chromium (Debian's) driven by playwright-core; never downloads a browser. */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Removes screenshots an earlier run left whose names match `pattern`, so every file there is fresh. */
export function clearScreenshots(pattern) {
  if (!existsSync(SCREENSHOTS_DIR)) return;
  for (const name of readdirSync(SCREENSHOTS_DIR)) if (pattern.test(name)) rmSync(join(SCREENSHOTS_DIR, name), { force: true });
}

/** Takes a screenshot into test-results/screenshots/, returning its path; never throws. */
export async function screenshot(page, name) {
  const file = join(SCREENSHOTS_DIR, name);
  try {
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    await page.screenshot({ path: file, timeout: 15000 });
    return file;
  } catch (error) {
    console.error(`[screenshot] could not take ${name}: ${error.message}`);
    return undefined;
  }
}

/** Calls `stop` once on SIGINT/SIGTERM/SIGHUP, then exits with the conventional code. */
export function onInterrupt(stop) {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      Promise.resolve(stop(signal)).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
}

/**
 * User settings for a fresh editor profile: no welcome page, no chat side bar, no update or gallery
 * checks (the machine may be offline). Written only when the profile has no settings yet.
 */
export function writeUserSettings(userDataDir) {
  const file = join(userDataDir, 'User', 'settings.json');
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    // Articles are long paragraphs: wrap them, and keep the whole width for the text.
    'editor.wordWrap': 'on',
    'editor.minimap.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'chat.disableAIFeatures': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
  };
  writeFileSync(file, JSON.stringify(settings, null, 2) + '\n');
}
