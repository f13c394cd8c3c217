/**
 * Worker threads whose output cannot reach the protocol stream. The server speaks LSP on its standard
 * output (VS Code starts it with `--stdio`), and a worker's `process.stdout` is by default piped into
 * the process's own: one line printed by a library in an analysis worker would corrupt the stream and
 * cut the editor off. So a worker's standard output is taken by the parent and copied to standard
 * error, which the client shows in the Crosscheck output channel.
 */
import { type ResourceLimits, Worker } from 'node:worker_threads';

export function startWorker(bundle: string, resourceLimits: ResourceLimits): Worker {
  const worker = new Worker(bundle, { resourceLimits, stdout: true });
  worker.stdout.pipe(process.stderr, { end: false });
  return worker;
}
