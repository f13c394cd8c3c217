// The date parser is made in steps (`loadDateParserStep`), so that the server's warm-up can answer
// requests between them: each step probes one of chrono's parsers. Made step by step it must be the
// parser made at once: the same parsers kept, in the same order, reading the same dates.
import assert from 'node:assert/strict';
import { test } from 'node:test';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the package's own parser, for the count
const chrono = require('chrono-node/en') as typeof import('chrono-node');
import { dateParsers, loadDateParserStep } from '../../core/src/article/claims';

void test('the date parser is made one probe at a time, and is the parser made at once', () => {
  let steps = 0;
  while (!loadDateParserStep()) steps++;
  const all = chrono.casual.parsers.length;
  assert.ok(steps > all, `${steps} steps for ${all} parsers`);
  assert.equal(loadDateParserStep(), true, 'made once');
  const { checked, reference } = dateParsers();
  // Made at once, as before the steps: parsers that read clock times or numeric dates dropped.
  const timeOnly = ['at 7:30 p.m.', '12/03/2016', 'in the morning', 'within 2 hours'];
  const kept = chrono.casual.clone().parsers.filter((p) => {
    const alone = new chrono.Chrono({ parsers: [p], refiners: [] });
    return !timeOnly.some((probe) => alone.parse(probe, new Date(Date.UTC(2000, 0, 1, 12))).length > 0);
  });
  assert.deepEqual(reference.parsers, kept);
  assert.equal(checked.parsers.length, kept.length);
  assert.ok(kept.length < all && kept.length > 0);
  const instant = new Date(Date.UTC(2024, 2, 6, 12));
  for (const text of ['They met on Friday in Anchorage.', 'The talks of March 5 lasted hours.', 'at 7:30 p.m. yesterday', 'in 2017 and next week']) {
    const read = (parser: typeof checked) => parser.parse(text, { instant, timezone: 0 }).map((r) => [r.index, r.text, r.start.date().toISOString()]);
    assert.deepEqual(read(checked), read(reference), text);
  }
});
