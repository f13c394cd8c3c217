/**
 * What the client adds to its own environment when it starts the language server (the benchmark
 * starts the server the same way). On Linux the server runs with a single malloc arena, glibc's
 * `arena_max` tunable: by default glibc gives threads that allocate arenas of their own (up to eight
 * per core) and keeps what a thread freed in its arena after the thread is gone. After a cold start
 * on 10,000 articles the analysis workers had left 54 MB in 16 such arenas; with one arena the
 * server's memory at 'ready' was 45 MB lower and indexing no slower (docs/performance.md, run 13).
 * glibc reads the tunable at process start only, so the server cannot set it for itself; other
 * systems ignore it. A `GLIBC_TUNABLES` the user set is kept, and an `arena_max` of their own wins.
 */
export const serverMallocTunable = 'glibc.malloc.arena_max=1';

export function serverEnvironment(env: Record<string, string | undefined>, platform: string): Record<string, string> | undefined {
  if (platform !== 'linux') return undefined;
  const own = env.GLIBC_TUNABLES;
  if (own === undefined || own === '') return { GLIBC_TUNABLES: serverMallocTunable };
  if (/(^|:)glibc\.malloc\.arena_max=/.test(own)) return undefined;
  return { GLIBC_TUNABLES: `${own}:${serverMallocTunable}` };
}
