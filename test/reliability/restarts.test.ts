// The restart limit of the language server (client/src/restartPolicy.ts) with a fake window: restarts
// up to the limit, then one error message with Restart Server and Show Output, whose buttons work;
// old crashes fall out of the window; a deliberate restart starts the count afresh.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maxRestarts, outputChoice, restartChoice, RestartPolicy, windowMs } from '../../client/src/restartPolicy';
import type { RestartUi } from '../../client/src/restartPolicy';

function fakeUi(answer: string | undefined) {
  const seen = { warnings: [] as string[], errors: [] as string[], shown: [] as { message: string; choices: string[] }[], restarts: 0, outputs: 0 };
  const ui: RestartUi = {
    warn: (message) => seen.warnings.push(message),
    error: (message) => seen.errors.push(message),
    showError: (message, ...choices) => {
      seen.shown.push({ message, choices });
      return Promise.resolve(answer);
    },
    restart: () => seen.restarts++,
    showOutput: () => seen.outputs++,
  };
  return { ui, seen };
}

describe('language server restart limit', () => {
  it(`restarts ${maxRestarts} times, then stops with a message offering Restart Server`, async () => {
    let now = 1_000_000;
    const { ui, seen } = fakeUi(restartChoice);
    const policy = new RestartPolicy(ui, () => now);
    for (let crash = 1; crash <= maxRestarts; crash++) {
      assert.equal(policy.crashed(), 'restart', `crash ${crash}`);
      now += 1000;
    }
    assert.equal(seen.shown.length, 0, 'no message while it is being restarted');
    assert.equal(seen.warnings.length, maxRestarts, 'each restart is logged');
    assert.equal(policy.crashed(), 'stop');
    assert.equal(seen.shown.length, 1);
    assert.match(seen.shown[0].message, new RegExp(`stopped ${maxRestarts + 1} times in 3 minutes and was not restarted again`));
    assert.match(seen.shown[0].message, /annotations and review decisions are saved/);
    assert.deepEqual(seen.shown[0].choices, [restartChoice, outputChoice]);
    assert.equal(policy.stoppedMessage, seen.shown[0].message);
    assert.equal(seen.errors.length, 1, 'the message is in the output too');
    await policy.answered;
    assert.equal(seen.restarts, 1, 'pressing Restart Server runs the restart command');
    assert.equal(seen.outputs, 0);
  });

  it('Show Output opens the output, and dismissing the message does nothing', async () => {
    for (const [answer, outputs] of [[outputChoice, 1], [undefined, 0]] as const) {
      const { ui, seen } = fakeUi(answer);
      const policy = new RestartPolicy(ui, () => 0);
      while (policy.crashed() === 'restart');
      await policy.answered;
      assert.equal(seen.outputs, outputs, String(answer));
      assert.equal(seen.restarts, 0, String(answer));
    }
  });

  it('forgets crashes older than the window', () => {
    let now = 0;
    const { ui, seen } = fakeUi(undefined);
    const policy = new RestartPolicy(ui, () => now);
    for (let crash = 0; crash < 20; crash++) {
      assert.equal(policy.crashed(), 'restart', `crash ${crash}`);
      now += windowMs / maxRestarts + 1; // never more than the limit inside one window
    }
    assert.equal(seen.shown.length, 0);
    assert.ok(policy.recentCrashes() <= maxRestarts);
  });

  it('a deliberate restart starts the count afresh and clears the message', () => {
    const { ui } = fakeUi(undefined);
    const policy = new RestartPolicy(ui, () => 0);
    while (policy.crashed() === 'restart');
    assert.ok(policy.stoppedMessage);
    policy.reset();
    assert.equal(policy.stoppedMessage, undefined);
    assert.equal(policy.recentCrashes(), 0);
    assert.equal(policy.crashed(), 'restart');
  });
});
