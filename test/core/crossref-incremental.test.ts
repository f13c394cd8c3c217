// The incremental corpus index (caches of vectors, similarities and per-story results) must give
// exactly what a full recomputation gives, after any sequence of edits, additions and removals.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Article } from '../../core/src/model';
import { Corpus } from '../../core/src/crossref/corpus';
import { bridge, buildArticle, ferry, hours, indexSnapshot } from './crossref-fixtures';

function snapshot(corpus: Corpus): string {
  return indexSnapshot(corpus, (f) => ({ person: corpus.personAt(f, corpus.article(f)!.text.indexOf('Holm'))?.id ?? null }));
}

type Step = { put: Article } | { remove: string };

function replay(steps: Step[]): { incremental: Corpus; full: Corpus } {
  const incremental = new Corpus();
  const full = new Corpus({ incremental: false });
  for (const step of steps) {
    for (const corpus of [incremental, full]) {
      if ('put' in step) corpus.put(step.put);
      else corpus.remove(step.remove);
    }
    assert.equal(snapshot(incremental), snapshot(full), `after ${'put' in step ? 'putting ' + step.put.file : 'removing ' + step.remove}`);
  }
  return { incremental, full };
}

void test('edits, additions and removals give what a full recomputation gives', () => {
  replay([
    { put: ferry('a.txt', 'Daily A', 'about three hours', 2.5, 3.5) },
    { put: ferry('b.txt', 'Daily B', 'about three hours', 2.5, 3.5) },
    { put: bridge('c.txt', 'Daily C', 'This bridge joins our two towns for good.') },
    { put: bridge('d.txt', 'Daily D', 'This bridge joins our towns for good.') },
    // A duration another outlet contradicts.
    { put: ferry('b.txt', 'Daily B', 'under an hour', 0, 1) },
    { put: ferry('e.txt', 'Daily E', 'about three hours', 2.5, 3.5, 'Holm thanked the crews.') },
    { remove: 'a.txt' },
    // An outlet label changes everywhere when two articles share an outlet.
    { put: bridge('f.txt', 'Daily B', 'This bridge joins our two towns for good.') },
    { put: ferry('b.txt', 'Daily B', 'about three hours', 2.5, 3.5) },
    { remove: 'f.txt' },
  ]);
});

void test('an edit inside one story recomputes that story only', () => {
  const { incremental } = replay([
    { put: ferry('a.txt', 'Daily A', 'about three hours', 2.5, 3.5) },
    { put: ferry('b.txt', 'Daily B', 'about three hours', 2.5, 3.5) },
    { put: bridge('c.txt', 'Daily C', 'This bridge joins our two towns for good.') },
    { put: bridge('d.txt', 'Daily D', 'This bridge joins our towns for good.') },
  ]);
  incremental.put(bridge('d.txt', 'Daily D', 'This bridge joins our twin towns for good.'));
  incremental.findings();
  assert.equal(incremental.stories().length, 2);
  assert.equal(incremental.storiesRecomputed, 1);
});

void test('without changes nothing is recomputed', () => {
  const corpus = new Corpus();
  corpus.put(ferry('a.txt', 'Daily A', 'about three hours', 2.5, 3.5));
  corpus.put(ferry('b.txt', 'Daily B', 'under an hour', 0, 1));
  corpus.findings();
  const before = corpus.recomputations;
  corpus.findings();
  corpus.coverage('a.txt');
  assert.equal(corpus.recomputations, before);
});

// A larger archive (more than 32 articles, so statistics are quantised, and a term shared by more than
// 40 articles, so its article list is not kept) edited word by word.
const TOWNS = ['Arvik', 'Belmor', 'Corsa', 'Dunholt', 'Elsby', 'Farrow', 'Gilden', 'Harwick', 'Ismay', 'Jorvik', 'Kestrel', 'Lunde', 'Marrow', 'Norby', 'Oakes'];
const OUTLETS = ['Daily A', 'Daily B', 'Daily C'];

function archiveArticle(story: number, outlet: number, extra = ''): Article {
  const town = TOWNS[story];
  const day = String(1 + story * 2).padStart(2, '0'); // up to the 29th
  const quote = `The ${town} council will rebuild the ${town} school before winter.`;
  return buildArticle(
    `s${story}-${outlet}.txt`,
    `${town} council votes on school\nThe council of ${town} met on Monday and voted on the school. Mayor Rita ${town}sen said: "${quote}" ` +
      `The session lasted about two hours. Residents of ${town} ${story % 2 === 0 ? 'welcomed' : 'questioned'} the plan. ${extra}`,
    {
      outlet: OUTLETS[outlet],
      date: `2026-01-${day}`,
      people: [{ name: `Rita ${town}sen`, mentions: [`${town}sen`] }],
      quotes: [{ text: quote, speaker: `Rita ${town}sen` }],
      claims: [{ text: 'about two hours', value: hours(1.5, 2.5) }],
    },
  );
}

void test('word-level edits in an archive of quantised statistics give what a full recomputation gives', () => {
  const steps: Step[] = [];
  for (let story = 0; story < TOWNS.length; story++) for (let outlet = 0; outlet < 3; outlet++) steps.push({ put: archiveArticle(story, outlet) });
  // Rare words, a word most articles hold ("council"), a story's own words, and a date move.
  steps.push({ put: archiveArticle(3, 1, 'A heron watched.') });
  steps.push({ put: archiveArticle(3, 1, 'The council council council met again.') });
  steps.push({ put: archiveArticle(5, 0, `Residents of ${TOWNS[6]} came too.`) });
  steps.push({ put: { ...archiveArticle(7, 2), metadata: { ...archiveArticle(7, 2).metadata, date: '2026-03-30' } } });
  steps.push({ put: archiveArticle(3, 1) });
  steps.push({ remove: 's0-0.txt' });
  steps.push({ put: archiveArticle(0, 0, 'A heron watched.') });
  replay(steps);
});

// Stories named by a `Story:` header or a story folder, edited in ways that keep or change the grouping.
void test('edits around headed stories and story folders give what a full recomputation gives', () => {
  const headed = (file: string, outlet: string, story: string | null, claim: string, min: number, max: number): Article => {
    const article = ferry(file, outlet, claim, min, max);
    return { ...article, metadata: { ...article.metadata, story } };
  };
  replay([
    { put: headed('a.txt', 'Daily A', 'Harbour strike', 'about three hours', 2.5, 3.5) },
    { put: headed('b.txt', 'Daily B', 'Harbour strike', 'about three hours', 2.5, 3.5) },
    { put: ferry('c.txt', 'Daily C', 'about three hours', 2.5, 3.5) },
    { put: ferry('stories/harbour-strike/d.txt', 'Daily D', 'about three hours', 2.5, 3.5) },
    { put: bridge('e.txt', 'Daily E', 'This bridge joins our two towns for good.') },
    { put: bridge('f.txt', 'Daily F', 'This bridge joins our towns for good.') },
    // Edits that keep every group: a claim, a quote.
    { put: ferry('c.txt', 'Daily C', 'under an hour', 0, 1) },
    { put: headed('b.txt', 'Daily B', 'Harbour strike', 'under an hour', 0, 1) },
    { put: bridge('f.txt', 'Daily F', 'This bridge joins our twin towns for good.') },
    // A header that appears, changes and goes; a headline that changes.
    { put: headed('c.txt', 'Daily C', 'Harbour Strike', 'under an hour', 0, 1) },
    { put: headed('c.txt', 'Daily C', 'Ferry dispute', 'under an hour', 0, 1) },
    { put: ferry('c.txt', 'Daily C', 'under an hour', 0, 1) },
    { put: { ...bridge('e.txt', 'Daily E', 'This bridge joins our two towns for good.'), metadata: { ...bridge('e.txt', 'Daily E', '').metadata, title: 'Bridge opens' } } },
    // A date that moves an article out of its story's window and back.
    { put: { ...bridge('f.txt', 'Daily F', 'This bridge joins our twin towns for good.'), metadata: { ...bridge('f.txt', 'Daily F', '').metadata, date: '2026-08-01' } } },
    { put: bridge('f.txt', 'Daily F', 'This bridge joins our twin towns for good.') },
  ]);
});

void test('an edit that names no one differently reuses the people links and the other files\' findings', () => {
  const { incremental } = replay([
    { put: ferry('a.txt', 'Daily A', 'about three hours', 2.5, 3.5) },
    { put: ferry('b.txt', 'Daily B', 'about five hours', 4.5, 5.5) },
    { put: bridge('c.txt', 'Daily C', 'This bridge joins our two towns for good.') },
    { put: bridge('d.txt', 'Daily D', 'This bridge joins our towns for good.') },
  ]);
  const before = incremental.findingsFor('a.txt');
  assert.ok(before.length > 0);
  incremental.put(bridge('d.txt', 'Daily D', 'This bridge joins our twin towns for good.'));
  assert.equal(incremental.findingsFor('a.txt'), before, 'the untouched story keeps its finding array');
  assert.equal(incremental.peopleRelinked, false);
  // A new name links people again.
  const renamed = bridge('d.txt', 'Daily D', 'This bridge joins our twin towns for good.');
  incremental.put({ ...renamed, people: renamed.people.map((p) => ({ ...p, name: 'Pavel Strandt' })) });
  incremental.findings();
  assert.equal(incremental.peopleRelinked, true);
});

void test('the finding count is the length of the finding list', () => {
  const { incremental, full } = replay([
    { put: ferry('a.txt', 'Daily A', 'about three hours', 2.5, 3.5) },
    { put: ferry('b.txt', 'Daily B', 'about five hours', 4.5, 5.5) },
    { put: bridge('c.txt', 'Daily C', 'This bridge joins our two towns for good.') },
    { put: bridge('d.txt', 'Daily D', 'This bridge joins our towns for good.') },
  ]);
  for (const corpus of [incremental, full]) {
    const count = corpus.findingCount();
    assert.ok(count >= 2);
    assert.equal(count, corpus.findings().length);
  }
});
