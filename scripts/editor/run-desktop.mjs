// `npm run test:desktop`: the same extension tests as `npm run test:editor` (test/integration/), run in a
// desktop VS Code through @vscode/test-electron.
//
// Which VS Code: $CROSSCHECK_VSCODE_EXECUTABLE (the Electron binary, e.g. /usr/share/code/code or
// ".../Visual Studio Code.app/Contents/MacOS/Electron"), else a VS Code installed in a usual place, else a
// download by @vscode/test-electron into .vscode-test/ (needs access to update.code.visualstudio.com).
// On Linux without a display the run is wrapped in xvfb-run when that is installed.
//
// Flags: --skip-build (reuse dist/ and out/).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOST_DIR, ROOT } from './host.mjs';
import { runStep, say } from './lib.mjs';

const log = (message) => say('test:desktop', message);
const args = process.argv.slice(2);

const USUAL_PLACES = [
  '/usr/share/code/code',
  '/usr/share/code-insiders/code-insiders',
  '/snap/code/current/usr/share/code/code',
  '/opt/visual-studio-code/code',
  '/Applications/Visual Studio Code.app/Contents/MacOS/Electron',
  '/Applications/Visual Studio Code.app/Contents/MacOS/Code',
];

function localVSCode() {
  const fromEnv = process.env.CROSSCHECK_VSCODE_EXECUTABLE;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CROSSCHECK_VSCODE_EXECUTABLE=${fromEnv} does not exist`);
    return fromEnv;
  }
  return USUAL_PLACES.find((place) => existsSync(place));
}

async function main() {
  if (!args.includes('--skip-build')) {
    log('building bundles and compiling tests');
    await runStep(process.execPath, [join(ROOT, 'scripts', 'build.mjs')]);
    await runStep(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
  }
  // Re-run ourselves under a virtual display when Linux has none.
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.CROSSCHECK_UNDER_XVFB) {
    if (spawnSync('xvfb-run', ['--help'], { stdio: 'ignore' }).error === undefined) {
      log('no DISPLAY; running under xvfb-run');
      const rerun = spawnSync('xvfb-run', ['-a', process.execPath, process.argv[1], '--skip-build'], {
        stdio: 'inherit',
        env: { ...process.env, CROSSCHECK_UNDER_XVFB: '1' },
      });
      return rerun.status ?? 1;
    }
    log('no DISPLAY and no xvfb-run: a desktop VS Code may fail to open a window (apt-get install xvfb)');
  }

  const { runTests } = await import('@vscode/test-electron');
  const vscodeExecutablePath = localVSCode();
  log(vscodeExecutablePath ? `using VS Code at ${vscodeExecutablePath}` : 'no local VS Code; asking @vscode/test-electron to download one');

  const scratch = mkdtempSync(join(tmpdir(), 'crosscheck-desktop-'));
  const workspace = join(scratch, 'workspace');
  mkdirSync(workspace, { recursive: true });
  cpSync(join(ROOT, 'seeds'), join(workspace, 'seeds'), { recursive: true });
  try {
    return await runTests({
      vscodeExecutablePath,
      cachePath: HOST_DIR,
      timeout: 30000,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(ROOT, 'out', 'test', 'integration', 'index.js'),
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir', join(scratch, 'user-data'),
        '--extensions-dir', join(scratch, 'extensions'),
      ],
    });
  } catch (error) {
    if (!vscodeExecutablePath) {
      throw new Error(
        `no desktop VS Code could be had: ${error.message ?? error}\n` +
          'Install VS Code, or point CROSSCHECK_VSCODE_EXECUTABLE at its executable (e.g. /usr/share/code/code), ' +
          'or run the same tests in the VS Code that code-server ships: npm run test:editor',
      );
    }
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[test:desktop] ${error.message ?? error}`);
    process.exit(1);
  },
);
