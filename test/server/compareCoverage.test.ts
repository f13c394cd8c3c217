// Compare coverage as the webview (and the HTML report) renders it: renderCoverage is pure, so the
// markup is checked here on an inline view.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CoverageView } from '../../core/src/index';
import { renderCoverage } from '../../webview/src/render';

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
    assert.match(html, /<del>in<\/del><ins>last<\/ins>/);
  });

  it('makes every cell a button that names the passage to open', () => {
    assert.match(html, /<button class="cell" type="button" data-file="file:\/\/\/news\/ledger.txt" data-start="12" data-end="44"/);
  });

  it('escapes article text', () => {
    assert.ok(html.includes('the &lt;Harbour&gt; building'));
    assert.ok(!html.includes('<Harbour>'));
  });

  it('says where an outlet does not carry a row', () => {
    assert.equal((html.match(/Not carried/g) ?? []).length, 2);
  });
});
