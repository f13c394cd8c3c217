/**
 * The environment the client and the benchmark start the language server with: one malloc arena on
 * Linux, the user's own glibc tunables kept, and nothing added elsewhere.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serverEnvironment, serverMallocTunable } from '../../protocol/serverEnvironment';

test('on Linux the server gets one malloc arena', () => {
  assert.deepEqual(serverEnvironment({}, 'linux'), { GLIBC_TUNABLES: 'glibc.malloc.arena_max=1' });
  assert.deepEqual(serverEnvironment({ GLIBC_TUNABLES: '' }, 'linux'), { GLIBC_TUNABLES: serverMallocTunable });
});

test("the user's own tunables are kept, and their arena_max wins", () => {
  assert.deepEqual(serverEnvironment({ GLIBC_TUNABLES: 'glibc.malloc.tcache_count=0' }, 'linux'), { GLIBC_TUNABLES: `glibc.malloc.tcache_count=0:${serverMallocTunable}` });
  assert.equal(serverEnvironment({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=4' }, 'linux'), undefined);
  assert.equal(serverEnvironment({ GLIBC_TUNABLES: 'glibc.malloc.check=0:glibc.malloc.arena_max=2' }, 'linux'), undefined);
  // a tunable whose name only ends the same is not the user's arena_max
  assert.deepEqual(serverEnvironment({ GLIBC_TUNABLES: 'x.glibc.malloc.arena_max=3' }, 'linux'), { GLIBC_TUNABLES: `x.glibc.malloc.arena_max=3:${serverMallocTunable}` });
});

test('other systems start the server with the client\'s environment alone', () => {
  for (const platform of ['darwin', 'win32', 'freebsd']) assert.equal(serverEnvironment({}, platform), undefined, platform);
});
