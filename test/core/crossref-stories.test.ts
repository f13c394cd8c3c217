import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildArticle, corpusOf } from './crossref-fixtures';

const people = [{ name: 'Elena Varga' }, { name: 'Joaquim Duarte' }];

const summitA = buildArticle(
  'a/summit-herald.txt',
  'Varga and Duarte meet in Reykjavik over fishing rights\n' +
    'Prime Minister Elena Varga met President Joaquim Duarte in Reykjavik on Tuesday to settle the long fishing quota dispute. ' +
    'The two leaders spent the morning on trawler quotas, herring stocks and the harbour fees charged to foreign fleets. ' +
    'Varga said the quota talks were difficult but that the herring agreement was close.',
  { people, date: '2024-03-05' },
);
const summitB = buildArticle(
  'b/summit-courier.txt',
  'Fishing quota deal within reach after Reykjavik talks\n' +
    'Joaquim Duarte and Elena Varga held talks in Reykjavik about herring quotas and harbour fees for foreign trawler fleets. ' +
    'Officials described the fishing dispute as the hardest issue, with herring stocks falling. ' +
    'Duarte said a quota agreement could be signed within weeks.',
  { people, date: '2024-03-06' },
);
const unrelated = buildArticle(
  'c/rail-strike.txt',
  'Rail strike halts commuter trains across the north\n' +
    'Train drivers walked out on Monday over pay, cancelling commuter services and freight routes across the northern rail network. ' +
    'The union said the strike would continue until the rail operator improved its pay offer for drivers.',
  { date: '2024-03-05' },
);

void test('articles about the same event form one story', () => {
  const corpus = corpusOf(summitA, summitB, unrelated);
  assert.deepEqual(corpus.storyOf(summitA.file)?.files, [summitA.file, summitB.file]);
});

void test('an unrelated article is a story of its own', () => {
  const corpus = corpusOf(summitA, summitB, unrelated);
  assert.deepEqual(corpus.storyOf(unrelated.file)?.files, [unrelated.file]);
});

void test('the same people a year apart make two stories', () => {
  const nextYear = buildArticle(
    'd/summit-year-later.txt',
    'Varga and Duarte return to Reykjavik fishing talks\n' +
      'Prime Minister Elena Varga met President Joaquim Duarte in Reykjavik to review the fishing quota agreement on herring stocks. ' +
      'The leaders discussed trawler quotas and harbour fees for foreign fleets once more. ' +
      'Varga said the quota arrangement had held for a year.',
    { people, date: '2025-03-11' },
  );
  const corpus = corpusOf(summitA, summitB, nextYear);
  assert.notEqual(corpus.storyOf(nextYear.file)?.id, corpus.storyOf(summitA.file)?.id);
});

void test('a Story: header groups articles and names the story', () => {
  const a = buildArticle('x/one.txt', 'Budget vote\nThe council approved the budget.', { story: 'City Budget 2024' });
  const b = buildArticle('y/two.txt', 'Library hours\nThe library will open on Sundays.', { story: 'City Budget 2024' });
  const corpus = corpusOf(a, b);
  assert.deepEqual(corpus.storyOf(b.file), { id: 'city-budget-2024', title: 'City Budget 2024', files: [a.file, b.file] });
});

void test('a story without a header takes its id from its first file name', () => {
  const corpus = corpusOf(summitB, summitA);
  assert.equal(corpus.storyOf(summitB.file)?.id, 'summit-herald');
});

void test('articles in stories/<name>/ form the story <name>', () => {
  const a = buildArticle('/news/stories/harbour-fire/one.txt', 'Fire at the harbour\nA warehouse burned overnight.');
  const b = buildArticle('/news/stories/harbour-fire/two.txt', 'Council meets on budget\nThe council approved the budget.');
  const corpus = corpusOf(a, b);
  assert.deepEqual(corpus.storyOf(b.file), { id: 'harbour-fire', title: 'harbour-fire', files: [a.file, b.file] });
});

void test('a folder named stories alone does not make a story of its articles', () => {
  const a = buildArticle('/news/stories/one.txt', 'Fire at the harbour\nA warehouse burned overnight.');
  const b = buildArticle('/news/stories/two.txt', 'Council meets on budget\nThe council approved the budget.');
  const corpus = corpusOf(a, b);
  assert.notEqual(corpus.storyOf(a.file)?.id, corpus.storyOf(b.file)?.id);
});

void test('a story is named after its earliest-dated article, not the first file name', () => {
  const corpus = corpusOf(summitB, summitA);
  const renamedEarly = buildArticle('0-first.txt', summitB.text, { people, date: '2024-03-06' });
  corpus.remove(summitB.file);
  corpus.put(renamedEarly);
  assert.equal(corpus.storyOf(renamedEarly.file)?.id, 'summit-herald');
});

void test('a story keeps its id when an earlier-dated article joins it', () => {
  const corpus = corpusOf(summitA, summitB);
  const before = corpus.storyOf(summitA.file)?.id;
  const earlier = buildArticle('0-wire.txt', summitA.text.replace('Tuesday', 'Monday'), { people, date: '2024-03-04' });
  corpus.put(earlier);
  assert.equal(corpus.storyOf(earlier.file)?.id, before);
});
