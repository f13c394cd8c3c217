// The outbox (server/src/outbox.ts) sends diagnostics in chunks with a turn of the event loop between
// two, so a request that comes while thousands of files' diagnostics are written is answered after one
// chunk, not after all of them; the notifications keep their order and 'ready' still comes after them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { HoverRequest, PublishDiagnosticsNotification } from 'vscode-languageserver-protocol/node';
import { Outbox } from '../../server/src/outbox';
import { LanguageServer, fileUri, positionOf } from './languageServer';
import { addCopies, workspace } from './indexFixtures';

void test('the outbox sends in order, in chunks, and is idle once everything queued is written', async () => {
  const written: number[] = [];
  const turns: number[] = [];
  const outbox = new Outbox(2, async () => {
    turns.push(written.length);
    await new Promise((resolve) => setImmediate(resolve));
  });
  const send = (n: number) => (): Promise<void> => {
    written.push(n);
    return Promise.resolve();
  };
  for (let n = 0; n < 5; n++) outbox.push(send(n));
  const idle = outbox.idle();
  outbox.push(send(5)); // queued while draining: idle waits for it too
  await idle;
  assert.deepEqual(written, [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(turns, [2, 4]);
  assert.equal(outbox.pending, 0);
  await outbox.idle(); // nothing queued: resolves at once
});

void test('between two chunks the event loop gets a turn; a failed send does not stop the rest', async () => {
  const outbox = new Outbox(10);
  let written = 0;
  for (let n = 0; n < 100; n++) {
    outbox.push(() => {
      written++;
      return n === 3 ? Promise.reject(new Error('closed')) : Promise.resolve();
    });
  }
  let seen = -1;
  setImmediate(() => (seen = written));
  await outbox.idle();
  assert.equal(written, 100);
  assert.ok(seen > 0 && seen < 100, `a task of the event loop ran while the outbox drained (it saw ${seen} written)`);
});

void test('a hover sent while the server writes its diagnostics is answered before the rest of them', async () => {
  const { folder } = workspace('outbox');
  addCopies(folder, 400);
  const file = path.join(folder, 'ferry-a.txt');
  const position = positionOf(readFileSync(file, 'utf8'), 'Ida Holm', 2);
  let answeredAfter = -1;
  let received = 0;
  let bytes = 0;
  let server: LanguageServer | undefined;
  try {
    server = await LanguageServer.start(folder, {}, { articles: ['*.txt'] }, 60_000, (s) => {
      s.connection.onNotification(PublishDiagnosticsNotification.type, ({ uri, diagnostics }) => {
        s.diagnostics.set(uri, diagnostics);
        bytes += JSON.stringify(diagnostics).length;
        if (received++ > 0) return;
        // The editor is busy for a moment: the server's writes back up, and a hover comes meanwhile.
        s.pauseReading();
        void s.connection.sendRequest(HoverRequest.type, { textDocument: { uri: fileUri(file) }, position }).then(() => {
          answeredAfter = received;
        });
        setTimeout(() => s.resumeReading(), 300);
      });
    });
    assert.equal(received, 400, "'ready' came after every file's diagnostics");
    assert.ok(bytes > 256 * 1024, `enough diagnostics to fill the pipe many times (${bytes} bytes)`);
    assert.ok(answeredAfter > 0, 'the hover was answered');
    assert.ok(received - answeredAfter >= 100, `the hover was answered after ${answeredAfter} of ${received} files' diagnostics`);
  } finally {
    await server?.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});
