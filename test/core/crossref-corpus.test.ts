import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Corpus } from '../../core/src/crossref/corpus';
import { buildArticle, corpusOf, hours } from './crossref-fixtures';

const story = 'Ferry strike';

function durationArticle(file: string, outlet: string, text: string, claim: string, min: number, max: number, minOpen: boolean, maxOpen: boolean) {
  return buildArticle(file, `Ferry strike\n${text}`, { outlet, story, claims: [{ text: claim, value: hours(min, max, minOpen, maxOpen) }] });
}

const a = durationArticle('a.txt', 'Daily A', 'The talks lasted nearly three hours.', 'nearly three hours', 2.5, 3, false, true);
const b = durationArticle('b.txt', 'Daily B', 'The talks lasted over three hours.', 'over three hours', 3, 4, true, false);

void test('many updates cost one recomputation on the next question', () => {
  const corpus = corpusOf(a, b);
  corpus.put(durationArticle('c.txt', 'Daily C', 'The talks lasted two hours.', 'two hours', 2, 2, false, false));
  corpus.remove('c.txt');
  corpus.findings();
  corpus.stories();
  assert.equal(corpus.recomputations, 1);
});

void test('a finding keeps its id when unrelated text before it changes', () => {
  const before = corpusOf(a, b).findings()[0].id;
  const edited = durationArticle('a.txt', 'Daily A', 'After a long wait, the talks lasted nearly three hours.', 'nearly three hours', 2.5, 3, false, true);
  assert.equal(corpusOf(edited, b).findings()[0].id, before);
});

void test('removing an article removes its findings', () => {
  const corpus = corpusOf(a, b);
  corpus.remove('b.txt');
  assert.deepEqual(corpus.findingsFor('a.txt'), []);
});

void test('update analyses the text with the configured analysis', () => {
  const corpus = new Corpus({ analyze: (file, text) => buildArticle(file, text, { story }) });
  corpus.update('x.txt', 'Ferry strike\nCrews walked out.');
  assert.equal(corpus.storyOf('x.txt')?.id, 'ferry-strike');
});

void test('coverage puts the requested article first and marks the contradiction', () => {
  const view = corpusOf(a, b).coverage('b.txt')!;
  assert.deepEqual(
    { columns: view.columns.map((c) => c.outlet), rows: view.rows.map((r) => [r.label, r.cells.map((c) => c?.status)]) },
    { columns: ['Daily B', 'Daily A'], rows: [['duration of the talks', ['contradicts', 'contradicts']]] },
  );
});

void test('coverage shows a word diff for a quote that differs', () => {
  const people = [{ name: 'Ida Holm' }];
  const q1 = 'We will sail again when the pay offer is fair.';
  const q2 = 'We will sail again when the offer is fair.';
  const x = buildArticle('x.txt', `Ferry strike\nHolm said: "${q1}"`, { outlet: 'Daily X', story, people, quotes: [{ text: q1, speaker: 'Ida Holm' }] });
  const y = buildArticle('y.txt', `Ferry strike\nHolm said: "${q2}"`, { outlet: 'Daily Y', story, people, quotes: [{ text: q2, speaker: 'Ida Holm' }] });
  const row = corpusOf(x, y).coverage('x.txt')!.rows[0];
  assert.deepEqual(row.cells[1]?.diff, [
    { op: 'same', text: 'We will sail again when the' },
    { op: 'delete', text: 'pay' },
    { op: 'same', text: 'offer is fair.' },
  ]);
});
