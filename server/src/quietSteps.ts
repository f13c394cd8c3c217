// Background work on the server's one thread, done in short steps between requests.

/** A step of background work: false when it has more to do (it is called again), anything else when done. */
export type QuietStep = () => boolean | void;

/**
 * Runs `steps` in order, each on an immediate of its own, so that a request that arrives meanwhile is
 * read and answered before the next step; a step that returns false is called again. While the client
 * is not quiet (`quiet()` false: a request came just now) no step runs: the runner looks again after
 * `waitMs`. A step that throws ends the run (`failed` hears why). Returns a function that stops it.
 */
export function runQuietSteps(steps: readonly QuietStep[], quiet: () => boolean, waitMs: number, failed: (error: unknown) => void): () => void {
  const left = [...steps];
  let stopped = false;
  const next = (): void => {
    if (stopped || left.length === 0) return;
    setImmediate(() => {
      if (stopped) return;
      if (!quiet()) {
        setTimeout(next, waitMs);
        return;
      }
      try {
        if (left[0]() !== false) left.shift();
      } catch (error) {
        stopped = true;
        failed(error);
        return;
      }
      next();
    });
  };
  next();
  return () => {
    stopped = true;
  };
}
