// The cache's JSON codec (core/src/cache/codec.ts): what JSON cannot say survives a round trip, and
// anything it does not recognise is refused, never guessed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Undecodable, Unencodable, decode, decodeCounts, encode, follow, indexObjects } from '../../core/src/cache/codec';

const roundTrip = (value: unknown, options: Parameters<typeof encode>[1] = {}, resolve: (path: (string | number)[]) => unknown = () => undefined): unknown =>
  decode(JSON.parse(JSON.stringify(encode(value, options))), { resolve });

void test('maps, sets and numbers that are not finite come back as they were', () => {
  const value = { terms: new Map([['harbour', 0.5], ['strike', 2]]), seen: new Set(['a', 'b']), score: NaN, top: Infinity, low: -Infinity, nested: [new Map([[1, new Set([2])]])] };
  assert.deepEqual(roundTrip(value), value);
});

void test('an object reached twice is one object after decoding', () => {
  const shared = { text: 'the same' };
  const value = { first: shared, again: [shared], other: { text: 'the same' } };
  const back = roundTrip(value) as typeof value;
  assert.deepEqual(back, value);
  assert.equal(back.first, back.again[0]);
  assert.notEqual(back.first, back.other);
});

void test('references into another object are written as paths and resolved to the live objects', () => {
  const article = { quotes: [{ text: 'one' }, { text: 'two' }], metadata: { outlet: 'Daily' } };
  const features = { quotes: [{ quote: article.quotes[1], stems: ['two'] }], outlet: article.metadata, root: article };
  const encoded = encode(features, { refs: indexObjects(article, 'a') });
  assert.ok(!JSON.stringify(encoded).includes('"one"'), 'the referenced objects are not copied');
  const copy = structuredClone(article);
  const back = decode(JSON.parse(JSON.stringify(encoded)), { resolve: (path) => (path[0] === 'a' ? follow(copy, path) : undefined) }) as typeof features;
  assert.equal(back.quotes[0].quote, copy.quotes[1]);
  assert.equal(back.outlet, copy.metadata);
  assert.equal(back.root, copy);
});

void test('a path that leads nowhere, an unknown tag or a malformed map is refused', () => {
  const article = { quotes: [{ text: 'one' }] };
  const encoded = JSON.parse(JSON.stringify(encode({ q: article.quotes[0] }, { refs: indexObjects(article, 'a') }))) as unknown;
  assert.throws(() => decode(encoded, { resolve: (path) => follow({ quotes: [] }, path) }), Undecodable);
  assert.throws(() => decode({ x: { '\u0000z': 1 } }, { resolve: () => undefined }), Undecodable);
  assert.throws(() => decode({ x: { '\u0000m': ['odd'] } }, { resolve: () => undefined }), Undecodable);
  assert.throws(() => decode({ x: { '\u0000a': 3 } }, { resolve: () => undefined }), Undecodable);
});

void test('class instances and functions are not encoded unless a custom stand-in is given', () => {
  assert.throws(() => encode({ when: new Date(0) }), Unencodable);
  assert.throws(() => encode({ members: [1, 2], relation: (i: number, j: number) => i + j }), Unencodable);
  const value = { members: [1, 2], relation: (i: number, j: number): number => i * 10 + j };
  const encoded = encode(value, {
    custom: (owner, key, fn) => (key === 'relation' ? { kind: 'table', data: (owner.members as number[]).map((_, i) => (owner.members as number[]).map((__, j) => (fn as typeof value.relation)(i, j))) } : undefined),
  });
  const back = decode(JSON.parse(JSON.stringify(encoded)), {
    resolve: () => undefined,
    custom: (kind, data) => {
      assert.equal(kind, 'table');
      return (i: number, j: number): number => (data as number[][])[i][j];
    },
  }) as typeof value;
  assert.deepEqual(back.members, [1, 2]);
  assert.equal(back.relation(1, 0), 10);
});

void test('strings given as tokens are written short and read back as those strings; other strings are unchanged', () => {
  const files = ['file:///news/a-very-long-name-of-an-article.txt', 'file:///news/another.txt'];
  const value = {
    members: [{ file: files[1], text: 'x' }, { file: files[0], text: files[1] }],
    byFile: new Map([[files[0], 1], ['other', 2]]),
    odd: '\u0000starts with U+0000',
    token: '\u00001',
  };
  const strings = new Map(files.map((f, k) => [f, k]));
  const text = JSON.stringify(encode(value, { strings }));
  assert.ok(!text.includes('a-very-long-name'), 'the file names are tokens');
  const back = decode(JSON.parse(text), { resolve: () => undefined, strings: files }) as typeof value;
  assert.deepEqual(back, value);
  // A token of no string, or read without the strings: not trusted.
  assert.throws(() => decode(JSON.parse(text), { resolve: () => undefined, strings: files.slice(0, 1) }), Undecodable);
  assert.throws(() => decode(['\u00001x'], { resolve: () => undefined, strings: files }), Undecodable);
  // Without tokens in use, such strings are written and read as they are.
  assert.deepEqual(decode(JSON.parse(JSON.stringify(encode(value))), { resolve: () => undefined }), value);
});

void test('decodeCounts reads an encoded map of strings to numbers as decode does, and nothing else', () => {
  const counts = new Map([['harbour', 3], ['strike', 1], ['\u0000odd', 2], ['__proto__', 4]]);
  const json = JSON.stringify(encode(counts));
  assert.deepEqual(decodeCounts(JSON.parse(json)), decode(JSON.parse(json), { resolve: () => undefined }));
  assert.deepEqual(decodeCounts(JSON.parse(json)), counts);
  // Not finite numbers, other values, sets, shared maps, plain objects and arrays: left to decode.
  for (const other of [new Map([['a', NaN]]), new Map([['a', 'b']]), new Map([[1, 2]]), new Set(['a']), { a: 1 }, [1, 2], 'text', 3, null]) {
    assert.equal(decodeCounts(JSON.parse(JSON.stringify(encode(other)))), undefined, JSON.stringify(encode(other)));
  }
  const shared = new Map([['a', 1]]);
  assert.equal(decodeCounts((JSON.parse(JSON.stringify(encode([shared, shared]))) as unknown[])[0]), undefined);
  assert.equal(decodeCounts({ '\u0000m': ['a', 1, 'b'] }), undefined);
});
