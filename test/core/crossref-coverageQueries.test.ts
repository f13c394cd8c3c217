// Counting outlets for lenses and the Coverage view: a rewrite and its source are one outlet.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeTally, independentColumns, tallyRow } from '../../core/src/index';
import type { CoverageCell, CoverageView } from '../../core/src/index';

const cell = (file: string, status: CoverageCell['status']): CoverageCell => ({ file, start: 0, end: 5, text: 'words', status });

const view: CoverageView = {
  storyId: 'ferry-fares',
  title: 'Ferry fares rise',
  columns: [
    { file: 'a', outlet: 'Island Post', title: 'Fares up', derivedFrom: null },
    { file: 'b', outlet: 'Harbour Daily', title: 'Fares rise', derivedFrom: null },
    { file: 'c', outlet: 'Coast Wire', title: 'Fares rise again', derivedFrom: 'b' },
    { file: 'd', outlet: 'Bay News', title: 'Ferry costs more', derivedFrom: null },
  ],
  rows: [
    { id: 'q1', kind: 'quote', label: 'Mayor: "too much"', cells: [cell('a', 'agrees'), cell('b', 'differs'), cell('c', 'differs'), null] },
    { id: 'c1', kind: 'claim', label: 'price of a ticket', cells: [cell('a', 'contradicts'), null, null, cell('d', 'contradicts')] },
    { id: 'q2', kind: 'quote', label: 'Captain: "no choice"', cells: [cell('a', 'only-here'), null, null, null] },
  ],
};

describe('coverage tallies', () => {
  it('maps a derived article to its source column', () => {
    assert.deepEqual(independentColumns(view), [0, 1, 1, 3]);
  });

  it('counts a rewrite and its source as one outlet', () => {
    const tally = tallyRow(view, view.rows[0]);
    assert.equal(tally.outlets, 3);
    assert.equal(tally.carrying, 2);
    assert.equal(tally.differs, 1);
  });

  it('describes a tally in the words of a lens', () => {
    assert.equal(describeTally(tallyRow(view, view.rows[0])), '2 of 3 outlets (+1 rewrite) · 1 differs');
    assert.equal(describeTally(tallyRow(view, view.rows[1])), '2 of 3 outlets · 1 contradicts');
    assert.equal(describeTally(tallyRow(view, view.rows[2])), 'only this outlet of 3');
  });

  it('does not count the viewing article against itself', () => {
    const tally = tallyRow(view, view.rows[1]);
    assert.equal(tally.contradicts, 1);
    assert.equal(tally.agrees, 0);
  });
});
