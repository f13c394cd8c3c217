// compromise (the lexicon) and chrono-node (dates) are required when the first article is analysed,
// not when the modules are loaded: a language server whose articles all come from the cache (a warm
// start) never needs them before 'ready', and loading them took a third of a second of its start-up.
// Loaded on first use, they give the same analysis (the article tests hold it).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeArticle, Corpus } from '../../core/src/index';
import { articleFeatures } from '../../core/src/crossref/crossref';
import { DiagnosticsPublisher } from '../../server/src/diagnostics';
import { Indexer } from '../../server/src/indexer';
import { Positions } from '../../server/src/positions';

const loaded = (name: string): boolean => Object.keys(require.cache).some((file) => file.includes(`/node_modules/${name}/`));

void test('loading the index, the indexer and the publisher loads neither compromise nor chrono-node', () => {
  assert.ok(typeof Corpus === 'function' && typeof Indexer === 'function' && typeof DiagnosticsPublisher === 'function' && typeof Positions === 'function');
  assert.equal(loaded('compromise'), false, 'compromise is loaded only by an analysis');
  assert.equal(loaded('chrono-node'), false, 'chrono-node is loaded only by an analysis');
});

void test('the first analysis loads them and uses them', () => {
  const text = 'Outlet: Daily A\nDate: 2020-03-04\nTitle: Talks\n\nAnna Berg met Donald Tusk in Anchorage on Friday, March 6, 2020, officials said.\n';
  const article = analyzeArticle('a.txt', text);
  articleFeatures(article);
  assert.ok(loaded('compromise') && loaded('chrono-node'));
  assert.ok(article.claims.some((claim) => claim.value.kind === 'date'), 'the date was read with chrono');
});
