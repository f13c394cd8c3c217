// An analysis worker collects its own heap once it grew by a step (`WorkerHeap`, server/src/workers.ts),
// instead of letting V8 grow its old generation to several times what it keeps. Collecting changes no
// result: the entry bodies analysed with a collection after every article equal those without; a step
// of 0 never collects; growth below the step never collects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerHeap, analyseToBody } from '../../server/src/workers';

const texts = [
  'Ferry service resumes\nBy Ann Lee\n\nThe ferry crossing took about three hours on Monday, said Captain John Smith. "We are back," he said.\n',
  'Bridge opens\nBy Tom Ray\n\nMayor Jane Doe said: "This bridge joins our two towns for good." The bridge cost $4 million.\n',
  'Council vote\n\nThe council voted 5-2 on Tuesday to approve the budget of 12 million dollars, said Clerk Mary Jones.\n',
];

void test('entry bodies analysed with a collection after every article equal those analysed without', () => {
  const heap = new WorkerHeap(Number.MIN_VALUE); // any growth counts: a collection whenever the heap grew
  const plain = texts.map((text, i) => analyseToBody(`file:///a${i}.txt`, text));
  const collected = texts.map((text, i) => {
    const body = analyseToBody(`file:///a${i}.txt`, text);
    heap.step();
    return body;
  });
  assert.deepEqual(collected, plain);
  assert.ok(heap.collections >= 1, `${heap.collections} collections`);
});

void test('a step of 0 never collects, nor growth below the step', () => {
  const keep: number[][] = [];
  const off = new WorkerHeap(0);
  const large = new WorkerHeap(1024);
  for (let i = 0; i < 5; i++) {
    keep.push(new Array<number>(200_000).fill(i)); // about 1.6 MB each, kept
    off.step();
    large.step();
  }
  assert.equal(off.collections, 0);
  assert.equal(large.collections, 0);
  const small = new WorkerHeap(4);
  for (let i = 0; i < 5; i++) {
    keep.push(new Array<number>(200_000).fill(i));
    small.step();
  }
  assert.ok(small.collections >= 1, `${small.collections} collections after about 8 MB of growth with a 4 MB step`);
  assert.ok(keep.length === 10);
});
