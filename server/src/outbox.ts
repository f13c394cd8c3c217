/**
 * Diagnostics notifications sent in chunks, with a turn of the event loop between two chunks.
 *
 * Over `--stdio` on Linux, Node writes to the pipe synchronously, and the protocol library chains each
 * message's write onto the last one's: 10,000 files' diagnostics (53 MB at the bench's 10k archive)
 * went out as one unbroken chain, paced only by how fast the editor read them, and a request that came
 * meanwhile was not even read until the chain ended (a hover sent as a 10k warm start finished
 * indexing waited 4 s, 2 of them for the diagnostics). Sent through an outbox, a request waits for one
 * chunk at most: after each chunk is written the outbox lets the event loop read and answer what came.
 * The notifications keep their order, and `idle` says when all of them are written, so a status sent
 * after it (the server's 'ready') still comes after the diagnostics.
 */
export class Outbox {
  private readonly queue: (() => Promise<void>)[] = [];
  private draining = false;
  private readonly waiting: (() => void)[] = [];

  constructor(
    /** Notifications written between two turns of the event loop. */
    private readonly chunk = 50,
    /** How the outbox gives the event loop a turn (tests pass their own). */
    private readonly turn: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)),
  ) {}

  /** Queues `send` (which writes one notification and resolves once it is written). */
  push(send: () => Promise<void>): void {
    this.queue.push(send);
    if (this.draining) return;
    this.draining = true;
    queueMicrotask(() => void this.drain()); // what is pushed in the same task goes out in full chunks
  }

  /** Resolves once every notification queued so far (and any queued meanwhile) is written. */
  idle(): Promise<void> {
    if (!this.draining && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Notifications queued and not yet handed to the writer. */
  get pending(): number {
    return this.queue.length;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const sends = this.queue.splice(0, this.chunk);
        let last: Promise<void> | undefined;
        for (const send of sends) {
          try {
            last = send().catch(() => undefined); // a closed connection has nobody to tell
          } catch {
            // nor does one that fails at once
          }
        }
        await last;
        if (this.queue.length > 0) await this.turn();
      }
    } finally {
      this.draining = false;
      for (const resolve of this.waiting.splice(0)) resolve();
    }
  }
}
