import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corroboration } from '../../core/src/crossref/crossref';
import { buildArticle, corpusOf } from './crossref-fixtures';

const story = 'Flood barrier';
const quote = 'The barrier held, but only just';

const source = buildArticle(
  'source.txt',
  'Flood barrier holds as river peaks\n' +
    'Engineers in Dordrecht watched the new flood barrier close for the first time on Sunday as the river reached its highest level in forty years. ' +
    'The steel gates, built over six years at a cost of nine hundred million euros, sealed the harbour entrance within twenty minutes. ' +
    `"${quote}," said the project director, Anouk Visser, standing on the control tower. ` +
    'Residents of the low-lying Wielwijk district had been told to move cars and valuables to upper floors overnight. ' +
    'Pumping stations along the dikes ran at full capacity until the water began to fall after midnight. ' +
    'Critics have long argued that the barrier was too expensive and that raising the dikes would have protected more homes. ' +
    'The water board said an independent review of the closure would be published before the winter storms. ' +
    'Insurance companies reported only minor claims from flooded cellars in the old town. ' +
    'Schools in the harbour district will reopen on Tuesday once the quay roads have been cleared of debris. ' +
    'The mayor thanked volunteers who filled sandbags through the night at the Merwekade.',
  { outlet: 'Rivierenland Post', story, quotes: [{ text: quote }] },
);
const rewrite = buildArticle(
  'rewrite.txt',
  'River peak tests Dordrecht flood gates\n' +
    'On Sunday engineers in Dordrecht saw the new flood barrier shut for the first time, with the river at its highest level in forty years. ' +
    'Built over six years for nine hundred million euros, the steel gates closed off the harbour entrance in about twenty minutes. ' +
    'People in the low-lying Wielwijk district had been asked overnight to move their cars and valuables to upper floors. ' +
    'Dike pumping stations worked at full capacity until the water started falling after midnight. ' +
    'Critics still say the barrier cost too much and that higher dikes would have protected more homes. ' +
    'Insurers said claims were minor, mostly for cellars flooded in the old town. ' +
    'Once debris is cleared from the quay roads, schools in the harbour district reopen on Tuesday.',
  { outlet: 'Aggregator Daily', story },
);
const independent = buildArticle(
  'independent.txt',
  'Dordrecht barrier passes first real test\n' +
    `"${quote}," Anouk Visser told reporters after the gates reopened on Monday morning. ` +
    'Shopkeepers on the Voorstraat spent the weekend stacking sandbags against their doors. ' +
    'A ferry service to the islands was suspended for two days while the harbour was closed. ' +
    'Farmers upstream said meadows had flooded where the river broke its banks near Gorinchem. ' +
    'The national water agency plans to test a second barrier near Rotterdam next year.',
  { outlet: 'Delta Times', story, quotes: [{ text: quote }] },
);

void test('an article rewritten from another is derived from it', () => {
  const corpus = corpusOf(source, rewrite);
  assert.deepEqual(corpus.derivations().map((d) => [d.derived, d.source]), [['rewrite.txt', 'source.txt']]);
});

void test('independent coverage of the same event sharing a quote is not derived', () => {
  const corpus = corpusOf(source, independent);
  assert.deepEqual(corpus.derivations(), []);
});

void test('a derivation is reported as information naming both outlets', () => {
  const corpus = corpusOf(source, rewrite);
  const finding = corpus.findingsFor('rewrite.txt').find((f) => f.kind === 'derived');
  assert.match(finding?.summary ?? '', /^Aggregator Daily appears rewritten from Rivierenland Post: \d+% of its sentences follow the source in order$/);
});

void test('a rewritten article is not counted as independent corroboration', () => {
  const derivedFrom = new Map([['rewrite.txt', 'wire.txt'], ['second-rewrite.txt', 'rewrite.txt']]);
  const result = corroboration(['wire.txt', 'rewrite.txt', 'second-rewrite.txt', 'other.txt'], derivedFrom);
  assert.equal(result.independent, 2);
  assert.deepEqual(result.rewrites, [['rewrite.txt', 'wire.txt'], ['second-rewrite.txt', 'rewrite.txt']]);
});

void test('a derivation keeps its passages as numbers and reads as the plain object: fields, order, JSON, equality, copies', () => {
  const corpus = corpusOf(source, rewrite);
  const [derivation] = corpus.derivations();
  const passages = derivation.passages;
  assert.ok(passages.length >= 6);
  // The plain object the derivation stands for, made from what it reads.
  const plain = { derived: derivation.derived, source: derivation.source, score: derivation.score, passages: passages.map((p) => ({ derived: { ...p.derived }, source: { ...p.source } })) };
  for (const p of passages) {
    assert.deepEqual(Object.keys(p), ['derived', 'source']);
    assert.deepEqual(Object.keys(p.derived), ['start', 'end']);
    assert.equal(rewrite.text.slice(p.derived.start, p.derived.end).length > 0, true);
    assert.equal(source.text.slice(p.source.start, p.source.end).length > 0, true);
  }
  assert.deepEqual(Object.keys(derivation), ['derived', 'source', 'score', 'passages']);
  assert.equal(JSON.stringify(derivation), JSON.stringify(plain));
  assert.deepStrictEqual(derivation, plain);
  assert.deepStrictEqual({ ...derivation }, plain);
  assert.deepStrictEqual(corpus.derivations()[0].passages, passages, 'the same passages on every read');
  // The derivation found again by a full recomputation is equal.
  const again = corpusOf(source, rewrite).derivations()[0];
  assert.deepStrictEqual(again, derivation);
  // Setting the passages makes them a plain field holding what was set.
  const set = corpusOf(source, rewrite).derivations()[0];
  set.passages = passages.slice(0, 1);
  assert.deepStrictEqual(set.passages, passages.slice(0, 1));
  assert.equal(set.passages, set.passages);
});
