// Property-based tests of annotation re-anchoring (fast-check): annotate a random passage of a random
// article, edit the article at random, re-anchor. Invariants: nothing throws; an anchored or moved
// annotation's range is inside the new text and holds the text it reports; an untouched passage is
// found again; anything else is an orphan (never dropped, never pointing at the wrong place).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { anchorAnnotation, selectorsFor } from '../../core/src/annotations/index';
import { articleText, fragment, fuzzOptions } from './fuzz-arbitraries';

interface Edit {
  at: number;
  remove: number;
  insert: string;
}

const edit = fc.record({
  at: fc.nat(5000),
  remove: fc.nat(40),
  insert: fc.array(fragment, { maxLength: 6 }).map((parts) => parts.join('')),
});

/** Applies edits (offsets taken modulo the current length); reports whether any touched [start, end). */
function applyEdits(text: string, edits: Edit[], start: number, end: number): { text: string; touched: boolean; start: number; end: number; near: boolean } {
  let touched = false;
  let near = false;
  for (const change of edits) {
    const at = text.length === 0 ? 0 : change.at % (text.length + 1);
    const removeEnd = Math.min(text.length, at + change.remove);
    text = text.slice(0, at) + change.insert + text.slice(removeEnd);
    if (removeEnd > start - 1 && at < end + 1) touched = true;
    // Within the context the selector keeps on either side: the passage may look different there.
    if (removeEnd > start - 64 && at < end + 64) near = true;
    const delta = change.insert.length - (removeEnd - at);
    if (at <= start && !touched) {
      start += delta;
      end += delta;
    }
  }
  return { text, touched, start, end, near };
}

describe('fuzz: annotation re-anchoring', () => {
  it('anchors on the text it reports, finds untouched passages, and otherwise orphans', () => {
    fc.assert(fc.property(articleText, fc.nat(), fc.integer({ min: 1, max: 60 }), fc.array(edit, { maxLength: 4 }), (original, from, length, edits) => {
      fc.pre(original.trim().length > 0);
      let start = from % original.length;
      let end = Math.min(original.length, start + length);
      // Users select whole characters: never half of a surrogate pair, never between the CR and LF
      // of one line break (editors treat CRLF as one).
      if (/[\udc00-\udfff]/.test(original.charAt(start)) || (original.charAt(start) === '\n' && original.charAt(start - 1) === '\r')) start = Math.max(0, start - 1);
      if (/[\udc00-\udfff]/.test(original.charAt(end)) || (original.charAt(end) === '\n' && original.charAt(end - 1) === '\r')) end = Math.min(original.length, end + 1);
      fc.pre(original.slice(start, end).trim().length > 0);
      const [quote, position] = selectorsFor(original, start, end);
      const changed = applyEdits(original, edits, start, end);
      const anchor = anchorAnnotation(changed.text, { quote, position: { start: position.start, end: position.end } });
      if (anchor.status === 'orphaned') {
        assert.ok(changed.touched || changed.near || original.indexOf(quote.exact) !== original.lastIndexOf(quote.exact) || quote.exact.length < 3,
          'an untouched passage with untouched surroundings is not orphaned');
        return;
      }
      assert.ok(anchor.start >= 0 && anchor.start < anchor.end && anchor.end <= changed.text.length, `range [${anchor.start}, ${anchor.end}) inside the text`);
      assert.equal(anchor.text, changed.text.slice(anchor.start, anchor.end), 'the anchor holds the text it reports');
      if (anchor.status === 'anchored') assert.equal(anchor.text, quote.exact, 'anchored means unchanged');
      if (!changed.touched && !changed.near) {
        assert.equal(anchor.text, quote.exact, 'an untouched passage keeps its words');
      }
    }), fuzzOptions);
  });

  it('anchors an untouched passage whatever the line endings become', () => {
    fc.assert(fc.property(articleText, fc.nat(), fc.constantFrom('\r\n', '\n', '\r'), (original, from, ending) => {
      const lf = original.replace(/\r\n?/g, '\n');
      fc.pre(lf.trim().length > 10);
      const start = from % (lf.length - 5);
      const end = start + 5;
      fc.pre(!/[\n\udc00-\udfff]/.test(lf.slice(start, end + 1)) && !/[\ud800-\udbff]/.test(lf.charAt(start - 1)));
      const [quote, position] = selectorsFor(lf, start, end);
      const text = lf.replace(/\n/g, ending);
      const anchor = anchorAnnotation(text, { quote, position: { start: position.start, end: position.end } });
      if (anchor.status === 'orphaned') return; // a short passage repeated elsewhere may be ambiguous
      assert.equal(anchor.text, text.slice(anchor.start, anchor.end));
      assert.equal(anchor.text.replace(/\r\n?/g, '\n'), quote.exact);
    }), fuzzOptions);
  });
});
