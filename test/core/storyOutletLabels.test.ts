// A story's findings and Compare coverage name each article by its outlet, adding the file's name only
// where two articles of that story share the outlet. In an archive every outlet has many articles, so
// the workspace-wide labels would put the file name into every finding; a person's profile, which
// spans stories, keeps them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bridge, corpusOf, ferry } from './crossref-fixtures';

const ferryAndBridge = () => [
  ferry('a.txt', 'Daily A', 'about three hours', 2.5, 3.5),
  ferry('b.txt', 'Daily B', 'about three hours', 2.5, 3.5),
  ferry('c.txt', 'Daily C', 'about six hours', 5.5, 6.5),
  bridge('d.txt', 'Daily A', 'This bridge joins our two towns for good.'),
  bridge('e.txt', 'Daily B', 'This bridge joins our towns for good.'),
];

void test('an outlet with articles in two stories is named plainly in each story\'s findings and coverage', () => {
  const corpus = corpusOf(...ferryAndBridge());
  assert.equal(corpus.stories().length, 2, JSON.stringify(corpus.stories().map((s) => s.files)));
  const findings = corpus.findings();
  assert.ok(findings.some((f) => f.kind === 'contradiction'), JSON.stringify(findings.map((f) => f.kind)));
  assert.ok(findings.some((f) => f.kind === 'quote-variant'), JSON.stringify(findings.map((f) => f.kind)));
  for (const finding of findings) {
    for (const side of finding.sides) assert.match(side.outlet, /^Daily [ABC]$/, finding.summary);
    assert.doesNotMatch(finding.summary, /\((a|b|c|d|e)\)/, finding.summary);
  }
  for (const file of ['a.txt', 'd.txt']) {
    const view = corpus.coverage(file);
    assert.ok(view, file);
    assert.deepEqual(view.columns.map((c) => c.outlet).sort(), file === 'a.txt' ? ['Daily A', 'Daily B', 'Daily C'] : ['Daily A', 'Daily B']);
  }
  // A person's articles span stories: the profile tells the outlet's two articles apart.
  const holm = corpus.people().find((p) => p.name === 'Ida Holm');
  assert.ok(holm);
  const strand = corpus.people().find((p) => p.name === 'Pavel Strand');
  assert.ok(strand);
  const outlets = [holm, strand].flatMap((p) => corpus.personProfile(p.id)!.descriptions.map((d) => d.outlet));
  assert.ok(outlets.includes('Daily A (a)') && outlets.includes('Daily A (d)'), outlets.join(', '));
});

void test('two articles of one outlet in the same story are told apart by their file names', () => {
  const corpus = corpusOf(
    ferry('a.txt', 'Daily A', 'about three hours', 2.5, 3.5),
    ferry('b.txt', 'Daily A', 'about six hours', 5.5, 6.5),
    ferry('c.txt', 'Daily C', 'about three hours', 2.5, 3.5),
  );
  const contradiction = corpus.findings().find((f) => f.kind === 'contradiction');
  assert.ok(contradiction, JSON.stringify(corpus.findings().map((f) => f.summary)));
  const outlets = contradiction.sides.map((side) => side.outlet).sort();
  assert.ok(outlets.includes('Daily A (a)') || outlets.includes('Daily A (b)'), outlets.join(', '));
  assert.match(contradiction.summary, /Daily A \(b\)/);
  assert.deepEqual(corpus.coverage('a.txt')!.columns.map((c) => c.outlet).sort(), ['Daily A (a)', 'Daily A (b)', 'Daily C']);
});

void test('an outlet joining or leaving the story renames its findings\' sides on the next pass', () => {
  const corpus = corpusOf(...ferryAndBridge());
  const named = (): string[] => corpus.findings().filter((f) => f.kind === 'contradiction').flatMap((f) => f.sides.map((s) => s.outlet)).sort();
  assert.ok(named().every((outlet) => /^Daily [ABC]$/.test(outlet)), named().join(', '));
  // c.txt becomes a second Daily A article of the ferry story.
  corpus.put(ferry('c.txt', 'Daily A', 'about six hours', 5.5, 6.5));
  assert.ok(named().includes('Daily A (c)'), named().join(', '));
  corpus.put(ferry('c.txt', 'Daily C', 'about six hours', 5.5, 6.5));
  assert.ok(named().every((outlet) => /^Daily [ABC]$/.test(outlet)), named().join(', '));
});
