// What `npm test` prints under a failed stage: which tests failed, read from the stage's own output.

/**
 * The names and first error line of the failed tests in a stage's output, so that the closing summary
 * (the part of a long CI log that is read first) says what failed, not only how many. Mocha's spec
 * reporter lists them after "N failing" as "  1) suite" / "     title:" / "     Error: …"; node --test's
 * spec reporter after "✖ failing tests:" as "✖ title (ms)" followed by the error.
 */
export function failureLines(output) {
  const lines = output.split(/\r?\n/);
  const found = [];
  const mocha = lines.findLastIndex((line) => /^\s*\d+ failing\b/.test(line));
  if (mocha >= 0) {
    for (let i = mocha + 1; i < lines.length && found.length < 30; i++) {
      if (!/^\s+\d+\) /.test(lines[i])) continue;
      // The numbered line, the title lines up to the one ending in ':', then the error's first line.
      const entry = [lines[i].trim()];
      let j = i + 1;
      while (j < lines.length && j < i + 6 && !/:\s*$/.test(lines[j - 1] ?? '')) entry.push(lines[j++].trim());
      while (j < lines.length && lines[j].trim() === '') j++;
      if (j < lines.length) entry.push(lines[j].trim());
      found.push(entry.filter(Boolean).join(' '));
    }
    return found;
  }
  const node = lines.findLastIndex((line) => /^\s*✖ failing tests:/.test(line));
  if (node >= 0) {
    for (let i = node + 1; i < lines.length && found.length < 30; i++) {
      const match = /^\s*✖ (.*)$/.exec(lines[i]);
      if (!match) continue;
      const where = /^\s*test at (\S+)/.exec(lines[i - 1] ?? '');
      const error = lines.slice(i + 1, i + 6).map((line) => line.trim()).find((line) => line && !line.startsWith('at '));
      found.push(`${where ? `${where[1]}: ` : ''}${match[1]}${error ? ` — ${error}` : ''}`);
    }
    return found;
  }
  // Anything else (a build or lint error): its last lines that look like an error.
  return lines.filter((line) => /\berror\b/i.test(line)).slice(-10).map((line) => line.trim());
}
