import { test } from 'node:test';
import assert from 'node:assert/strict';
import { articleStatements } from '../../core/src/crossref/statements';
import { buildArticle, corpusOf } from './crossref-fixtures';

const story = 'Harbour bill';
const people = [{ name: 'Ines Carvalho' }, { name: 'Tomas Lind' }];

function outlet(file: string, name: string, body: string) {
  return buildArticle(file, `Harbour bill vote\n${body}`, { outlet: name, story, people });
}

function opposites(...bodies: string[]) {
  const articles = bodies.map((body, i) => outlet(`${'abc'[i]}.txt`, `Outlet ${'ABC'[i]}`, body));
  return corpusOf(...articles).findings().filter((f) => f.kind === 'contradiction' && /Opposite statements/.test(f.summary));
}

void test('a statement and its negation in two outlets are opposite statements', () => {
  const found = opposites(
    'The mayor Ines Carvalho endorsed the harbour expansion bill on Tuesday.',
    'Carvalho did not endorse the harbour expansion bill, aides said.',
  );
  assert.equal(found.length, 1);
  assert.match(found[0].summary, /Outlet A says "Ines Carvalho endorsed the harbour expansion bill/);
  assert.match(found[0].summary, /Outlet B says "Ines Carvalho did not endorse the harbour expansion bill"/);
});

void test('an antonym verb with the same topic is an opposite statement', () => {
  const found = opposites('Carvalho rejected the dredging contract.', 'Carvalho approved the dredging contract after a long debate.');
  assert.equal(found.length, 1);
  assert.equal(found[0].sides.length, 2);
});

void test('"refused to" negates the verb that follows', () => {
  const found = opposites('Lind refused to sign the dredging contract.', 'Lind signed the dredging contract on Friday.');
  assert.equal(found.length, 1);
});

void test('the same denial in two outlets is no conflict', () => {
  const found = opposites('Carvalho rejected the dredging contract.', 'Carvalho refused to back the dredging contract.');
  assert.deepEqual(found, []);
});

void test('a negation about a different topic only looks like a conflict', () => {
  const found = opposites('Carvalho endorsed the harbour expansion bill.', 'Carvalho did not endorse the tram fare increase.');
  assert.deepEqual(found, []);
});

void test('a negation about a different person only looks like a conflict', () => {
  const found = opposites('Carvalho endorsed the harbour expansion bill.', 'Lind did not endorse the harbour expansion bill.');
  assert.deepEqual(found, []);
});

void test('what someone would or might do is not a statement of fact', () => {
  const found = opposites('Carvalho would endorse the harbour expansion bill, aides said.', 'Carvalho did not endorse the harbour expansion bill.');
  assert.deepEqual(found, []);
});

void test('"has not yet" leaves room for a later act and is not a conflict', () => {
  const found = opposites('Carvalho endorsed the harbour expansion bill.', 'Carvalho has not yet endorsed the harbour expansion bill.');
  assert.deepEqual(found, []);
});

void test('a statement inside a quote is the speaker\'s, not the outlet\'s', () => {
  const a = outlet('a.txt', 'Outlet A', 'Carvalho endorsed the harbour expansion bill.');
  const b = buildArticle('b.txt', 'Harbour bill vote\nLind said: "Carvalho did not endorse the harbour expansion bill."', {
    outlet: 'Outlet B', story, people, quotes: [{ text: 'Carvalho did not endorse the harbour expansion bill.', speaker: 'Tomas Lind' }],
  });
  const found = corpusOf(a, b).findings().filter((f) => /Opposite statements/.test(f.summary));
  assert.deepEqual(found, []);
});

void test('a passive sentence is not read as the person acting', () => {
  const statements = articleStatements(outlet('a.txt', 'Outlet A', 'Carvalho was endorsed by the harbour union.'));
  assert.deepEqual(statements, []);
});

void test('an unresolved "she" is the person the previous sentence is about', () => {
  const statements = articleStatements(outlet('a.txt', 'Outlet A', 'Carvalho met Lind on Monday. Afterwards, she endorsed the harbour expansion bill.'));
  assert.equal(statements.length, 1);
  assert.equal(statements[0].subjectKey, 'p1');
  assert.equal(statements[0].predicate, 'endorsed the harbour expansion bill');
});

void test('an article that says both things is speaking of two acts and is left out', () => {
  const found = opposites(
    'Carvalho endorsed the harbour expansion bill in March. In May, Carvalho did not endorse the harbour bill amendments.',
    'Carvalho did not endorse the harbour expansion bill.',
  );
  assert.deepEqual(found, []);
});

void test('an act inside an "if" clause is not a statement of fact', () => {
  const found = opposites(
    'Lind said he would resign if Carvalho endorsed the harbour expansion bill.',
    'Carvalho did not endorse the harbour expansion bill.',
  );
  assert.deepEqual(found, []);
});

void test('a present-tense act after "before" or "until" has not happened yet', () => {
  assert.deepEqual(articleStatements(outlet('a.txt', 'Outlet A', 'The union wants changes before Carvalho endorses the harbour expansion bill.')), []);
  assert.deepEqual(articleStatements(outlet('a.txt', 'Outlet A', 'Nothing moves until Lind signs the dredging contract.')), []);
});

void test('another noun between the person and the verb is the subject', () => {
  for (const body of [
    "Carvalho's aides endorsed the harbour expansion bill.",
    'Carvalho met the dockworkers, and the dockworkers endorsed the harbour expansion bill.',
    'Advisers to Carvalho endorsed the harbour expansion bill.',
    'A lawyer for Lind denied the dredging contract was ever signed.',
  ]) {
    assert.deepEqual(articleStatements(outlet('a.txt', 'Outlet A', body)), [], body);
  }
});

void test('an aside between the person and the verb keeps the person as the subject', () => {
  for (const body of [
    'Carvalho, the mayor since 2019, endorsed the harbour expansion bill.',
    'Carvalho, who endorsed the harbour expansion bill, spoke on Monday.',
    'Carvalho herself endorsed the harbour expansion bill.',
  ]) {
    const found = articleStatements(outlet('a.txt', 'Outlet A', body));
    assert.equal(found.length, 1, body);
    assert.equal(found[0].subjectKey, 'p1', body);
  }
});

void test('a stance the outlet infers, or a clause about a noun, is not the outlet\'s statement', () => {
  assert.deepEqual(articleStatements(outlet('a.txt', 'Outlet A', 'Her remarks suggested Carvalho endorsed the harbour expansion bill.')), []);
  assert.deepEqual(articleStatements(outlet('a.txt', 'Outlet A', 'The memo holds no proposal that Carvalho has not already endorsed in public.')), []);
  // After a reporting verb or a factive adjective, "that" opens a statement of fact.
  assert.equal(articleStatements(outlet('a.txt', 'Outlet A', 'Unions were relieved that Carvalho did not endorse the harbour expansion bill.')).length, 1);
  assert.equal(articleStatements(outlet('a.txt', 'Outlet A', 'Aides said that Carvalho endorsed the harbour expansion bill.')).length, 1);
});
