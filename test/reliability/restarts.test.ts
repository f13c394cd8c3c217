// The restart limit of the language server (client/src/restartPolicy.ts) with a fake window: restarts
// up to the limit, then one error message with Restart Server and Show Output, whose buttons work;
// old crashes fall out of the window; a deliberate restart starts the count afresh; a failed write to a
// server that has died leaves the decision to its close, other connection errors stop it past a limit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isServerGone, maxConnectionErrors, maxRestarts, outputChoice, restartChoice, RestartPolicy, windowMs } from '../../client/src/restartPolicy';
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

  it('a failed write to a server that has died never stops the client: the close decides', () => {
    const { ui, seen } = fakeUi(undefined);
    const policy = new RestartPolicy(ui, () => 0);
    for (const code of ['EPIPE', 'ERR_IPC_CHANNEL_CLOSED', 'ECONNRESET']) {
      const error = Object.assign(new Error(`write ${code}`), { code });
      assert.ok(isServerGone(error), code);
      for (const count of [undefined, 1, maxConnectionErrors + 1, 50]) {
        assert.equal(policy.connectionError(error, count), 'continue', `${code}, count ${String(count)}`);
      }
    }
    assert.equal(seen.shown.length, 0, 'no message');
    assert.equal(policy.stoppedMessage, undefined);
    assert.equal(policy.crashed(), 'restart', 'the close that follows is a crash like any other');
  });

  it(`other connection errors are survivable ${maxConnectionErrors} in a row; past that the server is stopped with one message`, async () => {
    const { ui, seen } = fakeUi(restartChoice);
    const policy = new RestartPolicy(ui, () => 0);
    const garbled = new Error('Header must provide a Content-Length property.');
    assert.equal(isServerGone(garbled), false);
    for (let count = 1; count <= maxConnectionErrors; count++) assert.equal(policy.connectionError(garbled, count), 'continue', `error ${count}`);
    assert.equal(seen.shown.length, 0);
    assert.equal(policy.connectionError(garbled, maxConnectionErrors + 1), 'shutdown');
    assert.equal(policy.connectionError(garbled, maxConnectionErrors + 2), 'shutdown');
    assert.equal(seen.shown.length, 1, 'one message, not one per error');
    assert.match(seen.shown[0].message, /connection to the Crosscheck server kept failing \(Header must provide/);
    assert.match(seen.shown[0].message, /annotations and review decisions are saved/);
    assert.deepEqual(seen.shown[0].choices, [restartChoice, outputChoice]);
    assert.equal(policy.stoppedMessage, seen.shown[0].message);
    await policy.answered;
    assert.equal(seen.restarts, 1, 'its Restart Server button restarts');
    assert.equal(policy.connectionError(new Error('uncounted'), undefined), 'shutdown', 'an error the transport does not count is not survivable');
  });
});
