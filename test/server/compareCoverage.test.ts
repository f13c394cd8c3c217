// Compare coverage as the webview (and the HTML report) renders it: renderCoverage is pure, so the
// markup is checked here on an inline view.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompareView, CoverageView } from '../../core/src/index';
import { renderCoverage, renderWordDiff } from '../../webview/src/render';
import { renderCompare, renderMatrix } from '../../webview/src/renderCompare';

const view: CoverageView = {
  storyId: 'harbour-strike',
  title: 'Harbour strike talks',
  columns: [
    { file: 'file:///news/courier.txt', outlet: 'Tidewater Courier', title: 'Talks end without a deal', derivedFrom: null },
    { file: 'file:///news/ledger.txt', outlet: 'Eastbay Ledger', title: 'Port talks collapse', derivedFrom: null },
    { file: 'file:///news/wire.txt', outlet: 'Coast Wire', title: 'Talks collapse', derivedFrom: 'file:///news/ledger.txt' },
  ],
  rows: [
    {
      id: 'quote-1', kind: 'quote', label: 'Keane: "further apart"',
      cells: [
        { file: 'file:///news/courier.txt', start: 10, end: 40, text: 'We are further apart than in spring', status: 'agrees' },
        {
          file: 'file:///news/ledger.txt', start: 12, end: 44, text: 'We are further apart than last spring', status: 'differs',
          diff: [{ op: 'same', text: 'We are further apart than ' }, { op: 'delete', text: 'in' }, { op: 'insert', text: 'last' }, { op: 'same', text: ' spring' }],
        },
        null,
      ],
    },
    {
      id: 'claim-1', kind: 'claim', label: 'venue of the talks',
      cells: [
        { file: 'file:///news/courier.txt', start: 50, end: 70, text: 'the <Harbour> building', status: 'contradicts' },
        null,
        { file: 'file:///news/wire.txt', start: 5, end: 12, text: 'a ferry', status: 'only-here' },
      ],
    },
  ],
};

describe('renderCoverage', () => {
  const html = renderCoverage(view);

  it('puts the requested article in the first column', () => {
    const headings = [...html.matchAll(/<button class="outlet"[^>]*>([^<]*)<\/button>/g)].map((match) => match[1]);
    assert.deepEqual(headings, ['Tidewater Courier', 'Eastbay Ledger', 'Coast Wire']);
  });

  it('labels a derived article with the outlet it is derived from', () => {
    assert.match(html, /derived from Eastbay Ledger/);
  });

  it('gives every status a text label, not only a colour', () => {
    for (const label of ['Agrees', 'Differs', 'Contradicts', 'Only here']) assert.match(html, new RegExp(`>${label}<`));
  });

  it('marks the words a version changed', () => {
    assert.match(html, /<del>in<\/del> <ins>last<\/ins>/);
  });

  it('makes every cell a button that names the passage to open', () => {
    assert.match(html, /<button class="cell" type="button" data-file="file:\/\/\/news\/ledger.txt" data-start="12" data-end="44"/);
  });

  it('puts the spaces back between the changed words and the rest', () => {
    const parts = [{ op: 'same', text: 'torpedo' }, { op: 'insert', text: 'the' }, { op: 'same', text: 'nascent progress' }, { op: 'delete', text: ', he said' }] as const;
    assert.equal(renderWordDiff([...parts]), 'torpedo <ins>the</ins> nascent progress<del>, he said</del>');
  });

  it('escapes article text', () => {
    assert.ok(html.includes('the &lt;Harbour&gt; building'));
    assert.ok(!html.includes('<Harbour>'));
  });

  it('says where an outlet does not carry a row', () => {
    assert.equal((html.match(/Not carried/g) ?? []).length, 2);
  });
});

describe('renderCompare', () => {
  const compare: CompareView = { ...view, focus: { kind: 'article' } };

  it('offers both layouts as tabs, the chosen one selected', () => {
    const html = renderCompare(compare, 'matrix');
    assert.match(html, /role="tablist"/);
    assert.match(html, /data-mode="matrix" aria-selected="true"/);
    assert.match(html, /data-mode="article" aria-selected="false"/);
  });

  it('side by side: what only other outlets carry comes under its own heading', () => {
    const html = renderCompare({ ...compare, rows: [...view.rows, { ...view.rows[0], id: 'quote-2', cells: [null, view.rows[0].cells[1], null] }] }, 'article');
    assert.match(html, /Not in Tidewater Courier: 1 quote or claim only other outlets carry/);
  });

  it('matrix: a cell an outlet does not carry says missing', () => {
    const html = renderMatrix(compare);
    assert.equal((html.match(/>Missing</g) ?? []).length, 2);
  });

  it('matrix: the foot of each column counts what the outlet leaves out', () => {
    const html = renderMatrix(compare);
    assert.deepEqual([...html.matchAll(/Leaves out (\d+)|Leaves nothing out/g)].map((match) => match[0]),
      ['Leaves nothing out', 'Leaves out 1', 'Leaves out 1']);
  });

  it('matrix: claims come before quotes', () => {
    const html = renderMatrix(compare);
    assert.ok(html.indexOf('Claims (1)') < html.indexOf('Quotes (1)'));
  });

  it('a person focus adds how each outlet describes them, and says where they are not mentioned', () => {
    const html = renderCompare({
      ...compare,
      focus: { kind: 'person', personId: 'p-keane', name: 'Marta Keane' },
      descriptions: [['union leader'], [], null],
      mentions: [{ file: 'file:///news/courier.txt', start: 3, end: 14 }, { file: 'file:///news/ledger.txt', start: 5, end: 9 }, null],
    }, 'article');
    assert.match(html, /Marta Keane across outlets/);
    assert.match(html, />union leader</);
    assert.match(html, />Named, not described</);
    assert.match(html, />Not mentioned</);
  });

  it('a selection with nothing to compare says what to select', () => {
    const html = renderCompare({ ...compare, rows: [], focus: { kind: 'selection', start: 0, end: 10, text: 'The talks went on' } }, 'article');
    assert.match(html, /No quote or claim in the selected passage/);
  });
});
