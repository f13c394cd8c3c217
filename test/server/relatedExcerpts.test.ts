// A diagnostic's related information names each other side of its finding with its outlet and text. A
// long text is cut to an excerpt that shows where the versions part, not the words they all share; short
// texts stay whole. The eager publisher, the deferred one and `diagnosticsFor` say the same.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { Corpus } from '../../core/src/crossref/corpus';
import { DeferredDiagnostics, DiagnosticsPublisher, diagnosticsFor, relatedTextLimit, relatedTexts } from '../../server/src/diagnostics';
import { Positions } from '../../server/src/positions';
import { bridge } from '../core/crossref-fixtures';

const shared = 'The new crossing will carry ten thousand cars a day and it ends forty years of waiting for the ferry in winter';

void test('short texts are kept whole, with white space made single spaces', () => {
  assert.deepEqual(relatedTexts(['We agreed on  a\nplan.', 'We agreed on a deal.']), ['We agreed on a plan.', 'We agreed on a deal.']);
});

void test('long texts are cut around the point where the versions part, never past the limit', () => {
  const a = `${shared}, the mayor said, and we are proud of it.`;
  const b = `${shared}, which nobody here believed would ever happen in our lifetime, and we are proud of it.`;
  const [x, y] = relatedTexts([a, b], 80);
  for (const text of [x, y]) assert.ok(text.length <= 80, `${text.length}: ${text}`);
  assert.ok(x.startsWith('…') && y.startsWith('…'), `${x} / ${y}`);
  assert.match(x, /, the mayor said/);
  assert.match(y, /, which nobody here believed/);
  // cut at word boundaries: the excerpt's words are words of the text
  for (const [text, full] of [[x, a], [y, b]]) {
    for (const word of text.replace(/…/g, '').trim().split(' ')) assert.ok(full.split(' ').includes(word), `"${word}" of ${text}`);
  }
});

void test('a difference near the start shows the beginning; equal texts show their beginning', () => {
  const [x, y] = relatedTexts([`I believe ${shared}`, `I think ${shared}`], 60);
  assert.ok(x.startsWith('I believe The new crossing') && x.endsWith('…') && x.length <= 60, x);
  assert.ok(y.startsWith('I think The new crossing') && y.length <= 60, y);
  const same = relatedTexts([shared, shared], 50);
  assert.deepEqual(same[0], same[1]);
  assert.ok(same[0].startsWith('The new crossing') && same[0].endsWith('…') && same[0].length <= 50, same[0]);
});

void test('a difference at the very end shows the end, not past it', () => {
  const [x, y] = relatedTexts([`${shared} at last.`, `${shared} at long last.`], 50);
  assert.ok(x.endsWith('at last.') && x.startsWith('…') && x.length <= 50, x);
  assert.ok(y.endsWith('at long last.') && y.startsWith('…') && y.length <= 50, y);
});

void test('published related information shows the excerpts, the same through every path', () => {
  const corpus = new Corpus();
  const long = `${shared}, and I am glad to open it today with all of you.`;
  corpus.put(bridge('a.txt', 'Daily A', long));
  corpus.put(bridge('b.txt', 'Daily B', long));
  corpus.put(bridge('c.txt', 'Daily C', `${shared}, and I am proud to open it today with all of you.`));
  const positions = new Positions(corpus);
  const eager = new Map<string, Diagnostic[]>();
  new DiagnosticsPublisher(corpus, positions, (file, diagnostics) => eager.set(file, diagnostics)).publishChanged();
  const deferred = new Map<string, Diagnostic[]>();
  new DiagnosticsPublisher(corpus, positions, () => undefined, undefined, undefined, (file, diagnostics: DeferredDiagnostics) => {
    deferred.set(file, JSON.parse(JSON.stringify(diagnostics)) as Diagnostic[]);
  }).publishChanged();
  const variant = eager.get('a.txt')?.find((d) => d.code === 'quote-variant');
  assert.ok(variant, JSON.stringify(eager.get('a.txt')));
  const messages = (variant.relatedInformation ?? []).map((r) => r.message);
  assert.deepEqual(messages.map((m) => m.slice(0, m.indexOf(':'))).sort(), ['Daily B', 'Daily C']);
  for (const message of messages) assert.ok(message.length <= 'Daily X: '.length + relatedTextLimit, message);
  assert.ok(messages.some((m) => m.startsWith('Daily C: …') && m.includes('I am proud to open it')), messages.join('\n'));
  for (const file of ['a.txt', 'b.txt', 'c.txt']) {
    assert.deepEqual(deferred.get(file), eager.get(file), file);
    assert.deepEqual(JSON.parse(JSON.stringify(diagnosticsFor(corpus, positions, file))), eager.get(file), file);
  }
});

void test('white space of every kind is made single spaces, as a regular expression over \\s would', () => {
  const texts = ['a b', '  a b', ' a', 'a ', 'a  b', 'a\nb', 'a\r\n b', 'a\tb', 'a\u00a0b', 'a \u00a0b', 'a’s b', '', ' ', 'a\u2028b', 'one two three'];
  assert.deepEqual(relatedTexts(texts, 1000), texts.map((text) => text.replace(/\s+/g, ' ').trim()));
});
