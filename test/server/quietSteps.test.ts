// The server's warm-up runs as short steps between requests (`runQuietSteps`): in order, a step that
// has more to do called again, other work (a request) run between two steps, nothing while the client
// is not quiet, and a step that throws ending the run with its error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runQuietSteps } from '../../server/src/quietSteps';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !check() && Date.now() < end;) await pause(5);
  assert.ok(check(), 'in time');
}

void test('steps run in order, one per turn, a step that has more to do again', async () => {
  const log: string[] = [];
  let parts = 3;
  runQuietSteps([
    () => void log.push('a'),
    () => {
      log.push(`b${parts}`);
      return --parts === 0;
    },
    () => void log.push('c'),
  ], () => true, 10, () => assert.fail('no step fails'));
  assert.equal(log.length, 0, 'nothing runs at once');
  // A request that arrives meanwhile (an I/O callback) runs between two steps.
  setTimeout(() => log.push('request'), 0);
  await until(() => log.includes('c'), 2000);
  assert.deepEqual(log.filter((entry) => entry !== 'request'), ['a', 'b3', 'b2', 'b1', 'c']);
  assert.ok(log.indexOf('request') < log.indexOf('c'), 'the request did not wait for every step');
});

void test('no step runs while the client is not quiet; they go on once it is', async () => {
  const ran: number[] = [];
  let quiet = false;
  runQuietSteps([() => void ran.push(1), () => void ran.push(2)], () => quiet, 5, () => assert.fail('no step fails'));
  await pause(80);
  assert.equal(ran.length, 0, 'nothing while requests come');
  quiet = true;
  await until(() => ran.length === 2, 2000);
  assert.deepEqual(ran, [1, 2]);
});

void test('a step that throws ends the run and is reported; stop ends it too', async () => {
  const ran: string[] = [];
  let reported: unknown;
  runQuietSteps([() => void ran.push('a'), () => { throw new Error('no lexicon'); }, () => void ran.push('c')], () => true, 5, (error) => (reported = error));
  await until(() => reported !== undefined, 2000);
  await pause(30);
  assert.deepEqual(ran, ['a']);
  assert.match(String(reported), /no lexicon/);

  const later: string[] = [];
  const stop = runQuietSteps([() => void later.push('a'), () => void later.push('b')], () => true, 5, () => undefined);
  stop();
  await pause(30);
  assert.equal(later.length, 0);
});
