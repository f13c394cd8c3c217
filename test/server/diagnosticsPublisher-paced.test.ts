// Publishing paced by the writer (`DiagnosticsPublisher.publishPaced`): a long burst waits for each
// batch's notifications to be written before it builds the next, yet it must send exactly what
// publishing all at once sends; an edit, a forgotten file or new settings arriving while a burst is
// under way must end with every file's newest diagnostics sent last; a stopped burst leaves the rest
// to the next publish; a short publish (an edit's) goes out at once, without waiting for the writer.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { Corpus } from '../../core/src/crossref/corpus';
import type { Article, Finding, Severity } from '../../core/src/model';
import { DiagnosticsPublisher, diagnosticsFor } from '../../server/src/diagnostics';
import { Positions } from '../../server/src/positions';
import { buildArticle, hours } from '../core/crossref-fixtures';

/** A strike story of its own (a `Story:` grouping), told by one outlet with a duration claim. */
function strike(story: number, outlet: string, claim: string, min: number, max: number): Article {
  return buildArticle(`s${String(story).padStart(2, '0')}-${outlet}.txt`,
    `Ferry crews strike at harbour ${story}\nFerry crews at harbour ${story} walked out over pay. The talks lasted ${claim}. `
    + `Union leader Ida Holm said: "We will sail again when the pay offer is fair."`,
    {
      outlet,
      date: '2026-03-02',
      story: `strike ${story}`,
      people: [{ name: 'Ida Holm', mentions: ['Holm'] }],
      quotes: [{ text: 'We will sail again when the pay offer is fair.', speaker: 'Ida Holm' }],
      claims: [{ text: claim, value: hours(min, max) }],
    });
}

/** Story k's three articles; `disagree`: the third outlet gives another duration (a contradiction). */
function story(k: number, disagree: boolean): Article[] {
  return [
    strike(k, 'Daily A', 'about three hours', 2.5, 3.5),
    strike(k, 'Daily B', 'about three hours', 2.5, 3.5),
    disagree ? strike(k, 'Daily C', 'about seven hours', 6.5, 7.5) : strike(k, 'Daily C', 'about three hours', 2.5, 3.5),
  ];
}

const STORIES = 12;

/**
 * A publisher whose `send` is written on a later turn (as the connection's writer does), recording
 * every notification in order and how many were sent and not yet written at most.
 */
function harness(options: { reviewed?: Set<string> } = {}) {
  const corpus = new Corpus();
  const positions = new Positions(corpus);
  const reviewed = options.reviewed ?? new Set<string>();
  const severity = (finding: Finding): Severity | null => finding.severity;
  const decorate = (finding: Finding, diagnostic: Diagnostic): Diagnostic =>
    reviewed.has(finding.kind) ? { ...diagnostic, message: `${diagnostic.message} (reviewed)` } : diagnostic;
  const log: { file: string; json: string }[] = [];
  let unwritten = 0;
  let mostUnwritten = 0;
  const publisher = new DiagnosticsPublisher(corpus, positions, (file, diagnostics) => {
    log.push({ file, json: JSON.stringify(diagnostics) });
    unwritten++;
    mostUnwritten = Math.max(mostUnwritten, unwritten);
    return new Promise<void>((resolve) => setImmediate(() => {
      unwritten--;
      resolve();
    }));
  }, severity, decorate);
  return {
    corpus, publisher, log, reviewed,
    get mostUnwritten() {
      return mostUnwritten;
    },
    /** Files whose last notification differs from their diagnostics built from scratch now (never sent counts as empty). */
    stale(): string[] {
      const last = new Map<string, string>();
      for (const { file, json } of log) last.set(file, json);
      const files = new Set([...corpus.articles().map((a) => a.file), ...last.keys()]);
      return [...files].filter((file) => {
        const want = corpus.article(file) === undefined ? '[]' : JSON.stringify(diagnosticsFor(corpus, positions, file, severity, decorate));
        return (last.get(file) ?? '[]') !== want;
      }).sort();
    },
  };
}

void test('a paced burst sends what publishing at once sends, holding about a batch at a time', async () => {
  const paced = harness();
  const atOnce = harness();
  for (let k = 0; k < STORIES; k++) {
    for (const article of story(k, k % 2 === 0)) paced.corpus.put(article);
    for (const article of story(k, k % 2 === 0)) atOnce.corpus.put(article);
  }
  atOnce.publisher.publishChanged();
  const done = paced.publisher.publishPaced({ batch: 4 });
  assert.ok(paced.log.length < atOnce.log.length, 'the burst waits for the writer after its first batch');
  const count = await done;
  assert.equal(count, atOnce.log.length);
  assert.deepEqual(paced.log, atOnce.log, 'the same notifications in the same order');
  assert.deepEqual(paced.stale(), []);
  assert.ok(paced.mostUnwritten <= 4 + 2, `at most a batch and a story's files unwritten (${paced.mostUnwritten})`);
  assert.ok(atOnce.log.length > 6, 'the burst is longer than a batch');
  // Nothing changed: nothing is sent.
  assert.equal(await paced.publisher.publishPaced({ batch: 4 }), 0);
});

void test('an edit during a burst: the newest diagnostics of every file are the last sent', async () => {
  const h = harness();
  for (let k = 0; k < STORIES; k++) for (const article of story(k, true)) h.corpus.put(article);
  const first = h.publisher.publishPaced({ batch: 3 });
  assert.ok(h.log.length > 0 && h.log.length < 3 * STORIES);
  // While the first batches are written: story 0 (already sent) and the last story (not yet) change,
  // and publishing is asked for again, as the server does after an edit.
  await new Promise((resolve) => setImmediate(resolve));
  for (const article of story(0, false)) h.corpus.put(article);
  for (const article of story(STORIES - 1, false)) h.corpus.put(article);
  h.corpus.remove('s00-Daily B.txt');
  const second = h.publisher.publishPaced({ batch: 3 });
  assert.equal(second, first, 'one burst, started over');
  await Promise.all([first, second]);
  assert.deepEqual(h.stale(), []);
  const lastOf = (file: string): string | undefined => h.log.filter((entry) => entry.file === file).pop()?.json;
  assert.equal(lastOf('s00-Daily C.txt'), '[]', 'a story edited after it was sent is sent again');
  assert.equal(lastOf('s00-Daily B.txt'), '[]', 'a removed file that was sent is cleared');
  assert.ok(lastOf(`s${STORIES - 1}-Daily C.txt`) === undefined || lastOf(`s${STORIES - 1}-Daily C.txt`) === '[]');
  // A forgotten file and new decorations during a burst.
  for (let k = 0; k < STORIES; k++) for (const article of story(k, k !== 3)) h.corpus.put(article);
  const third = h.publisher.publishPaced({ batch: 2 });
  await new Promise((resolve) => setImmediate(resolve));
  h.publisher.forget('s07-Daily A.txt');
  h.reviewed.add(h.corpus.findingsFor('s08-Daily A.txt')[0].kind);
  h.publisher.invalidate();
  const before = h.log.length;
  await Promise.all([third, h.publisher.publishPaced({ batch: 2 })]);
  assert.deepEqual(h.stale(), []);
  assert.ok(h.log.slice(before).some((entry) => entry.file === 's07-Daily A.txt'), 'the forgotten file is sent again');
  assert.ok(h.log.filter((entry) => entry.file === 's08-Daily A.txt').pop()!.json.includes('(reviewed)'));
});

void test('a stopped burst leaves the rest to the next publish; a short publish goes at once', async () => {
  const h = harness();
  for (let k = 0; k < STORIES; k++) for (const article of story(k, true)) h.corpus.put(article);
  let stop = false;
  const stopped = h.publisher.publishPaced({ batch: 3, stop: () => stop });
  stop = true;
  const sent = await stopped;
  assert.ok(sent > 0 && sent < 3 * STORIES, `stopped after its first batch (${sent})`);
  assert.notDeepEqual(h.stale(), []);
  await h.publisher.publishPaced({ batch: 3 });
  assert.deepEqual(h.stale(), []);
  assert.equal(new Set(h.log.map((entry) => entry.file)).size, h.log.length, 'no file sent twice');
  // An edit's few files: sent before `publishPaced` returns, without waiting for the writer.
  for (const article of story(4, false)) h.corpus.put(article);
  const before = h.log.length;
  const edit = h.publisher.publishPaced();
  assert.deepEqual(h.log.slice(before).map((entry) => entry.file).sort(), ['s04-Daily A.txt', 's04-Daily B.txt', 's04-Daily C.txt']);
  assert.equal(await edit, 3);
  assert.deepEqual(h.stale(), []);
});
