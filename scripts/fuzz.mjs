// `npm run fuzz`: the property-based tests (test/core/fuzz-*.test.ts) with many more runs than
// `npm test` gives them. `npm run fuzz -- 20000` sets the runs per property; CROSSCHECK_FUZZ_SEED
// replays a failure (fast-check prints the seed and path of every counterexample).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const runs = process.argv[2] ?? process.env.CROSSCHECK_FUZZ_RUNS ?? '2000';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

const compiled = spawnSync(npx, ['tsc', '-p', '.'], { cwd: root, stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
const folder = path.join(root, 'out/test/core');
const files = readdirSync(folder).filter((name) => /^fuzz-.*\.test\.js$/.test(name)).map((name) => path.join(folder, name));
console.log(`fuzzing with ${runs} runs per property`);
const tested = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], {
  cwd: root, stdio: 'inherit', env: { ...process.env, CROSSCHECK_FUZZ_RUNS: runs },
});
process.exit(tested.status ?? 1);
