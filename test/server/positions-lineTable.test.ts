// The server's own line table gives exactly the positions and offsets of
// vscode-languageserver-textdocument's TextDocument (which it replaced: building the library's line
// offsets walked every character of every published file), on texts mixing \n, \r and \r\n.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineTable } from '../../server/src/positions';
import { fuzzOptions } from '../core/fuzz-arbitraries';

const piece = fc.oneof(
  fc.constantFrom('\n', '\r', '\r\n', '\n\r', '\r\r\n', '\n\n', ''),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('Anna Berg said.', '“We agreed,” she said.', 'é😀x'),
);
const text = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));

function same(text: string, offsets: number[], positions: { line: number; character: number }[]): void {
  const reference = TextDocument.create('file:///t.txt', 'article', 0, text);
  const table = new LineTable(text);
  assert.equal(table.lineCount, reference.lineCount);
  for (const offset of offsets) assert.deepEqual(table.positionAt(offset), reference.positionAt(offset), `offset ${offset} of ${JSON.stringify(text)}`);
  for (const position of positions) assert.equal(table.offsetAt(position), reference.offsetAt(position), `${JSON.stringify(position)} of ${JSON.stringify(text)}`);
}

describe('LineTable', () => {
  it('equals TextDocument on every offset and on positions in and out of range', () => {
    fc.assert(
      fc.property(text, fc.array(fc.tuple(fc.integer({ min: -2, max: 40 }), fc.integer({ min: -2, max: 40 })), { maxLength: 20 }), (t, extra) => {
        const offsets = Array.from({ length: t.length + 3 }, (_, k) => k - 1);
        const positions = extra.map(([line, character]) => ({ line, character }));
        const lines = t.split(/\r\n|\r|\n/).length;
        for (let line = 0; line < lines + 1; line++) for (const character of [0, 1, 3, 200]) positions.push({ line, character });
        same(t, offsets, positions);
      }),
      { ...fuzzOptions, numRuns: Math.max(fuzzOptions.numRuns, 300) },
    );
  });

  it('handles an empty text, a text of line breaks only, and one without any', () => {
    for (const t of ['', '\n', '\r', '\r\n', '\n\n\r\r\n', 'no break at all']) {
      same(t, [-1, 0, 1, 2, 3, 10], [{ line: 0, character: 0 }, { line: 1, character: 0 }, { line: 2, character: 5 }, { line: -1, character: 3 }]);
    }
  });
});
