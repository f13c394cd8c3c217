/**
 * The bad-input folder: a messy `articles/` folder built in a temporary directory, one file per way a
 * real folder goes wrong, next to two well-formed articles. The CLI tests and the language server
 * tests run over the same folder and check what each scenario promises (docs/reliability.md).
 *
 * Unreadable files: the tests run as root, and `chmod 000` does not stop root from reading. A file
 * that cannot be read is simulated by a dangling symbolic link (`unreadable.txt`), and by a folder
 * whose name ends in `.txt`; the "permission denied" wording is tested on the error mapping itself.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** What the user gets for a scenario. */
export type Outcome =
  /** Analysed; nothing to say. */
  | 'analysed'
  /** Analysed, with a warning naming the file and the problem. */
  | 'warned'
  /** Not analysed, with a message naming the file and the problem. */
  | 'skipped'
  /** Not a file the scan can read at all (a link loop, a link to nothing, a pipe); a message in the log. */
  | 'unreachable'
  /** Not an article and nothing to say (a folder named like one is read as a folder). */
  | 'ignored';

export interface Scenario {
  /** Path under the fixture folder (always under `articles/`, so the server's default globs match). */
  file: string;
  what: string;
  outcome: Outcome;
  /** What the message says, for every outcome but 'analysed'. */
  message?: RegExp;
  /** For analysed text: a name and a quote the analysis must find, at the right offsets. */
  finds?: { person: string; quote: string };
}

/** Harbour story, outlet one: a headline, header lines, a person quoted twice. Written for these tests. */
export const courierArticle = `Title: Harbour board delays vote on ferry fares
Outlet: Tidewater Courier

The Lowfield Harbour Board put off a vote on ferry fares for six weeks on Tuesday, after a meeting that lasted nearly three hours.

Board chair Ines Marlowe said the delay would give staff time to study ridership. "We need the numbers first, and we do not have them," Marlowe said.

Commuter advocate Dario Okafor said island residents had waited long enough. "People plan their week around that boat," Okafor told reporters.
`;

/** The same story from a second outlet, worded differently. */
export const gazetteArticle = `Title: Ferry fare decision pushed to spring
Outlet: Lowfield Gazette

Lowfield's harbour board will not decide on new ferry fares until spring, its chair said on Tuesday after a meeting of more than three hours.

"We need the numbers first," said Ines Marlowe, who chairs the board. She said staff would study ridership before any vote.

Dario Okafor, who speaks for commuters, was unhappy. "People plan their week around that boat," he said.
`;

/** German: the article analysed, the user warned that the rules are for English. */
const germanArticle = `Title: Hafenrat vertagt Abstimmung über Fährpreise
Outlet: Lowfielder Tageblatt

Der Hafenrat von Lowfield hat die Abstimmung über neue Fährpreise am Dienstag um sechs Wochen verschoben. Die Sitzung dauerte fast drei Stunden.

Die Vorsitzende Ines Marlowe sagte, die Verwaltung brauche mehr Zeit, um die Fahrgastzahlen zu prüfen. „Wir brauchen zuerst die Zahlen“, sagte Marlowe.

Pendlervertreter Dario Okafor zeigte sich enttäuscht. Die Bewohner der Insel hätten lange genug gewartet, sagte er den Reportern.
`;

/** An opening mark that never closes, and a proper quote after it: the first must not swallow the second. */
const unbalancedArticle = `Title: Ferry riders split on fare plan
Outlet: Tidewater Courier

Ines Marlowe opened the meeting by reading from a letter that said "the ferry is the island's only road.

The board then heard from riders for an hour.

"We need the numbers first," Marlowe said after the vote was put off.
`;

/** Quotes nested three deep: double, single, double. */
const nestedArticle = `Title: Ferry captain recalls the storm
Outlet: Tidewater Courier

Captain Rosa Lindqvist described the night the engine failed. "My mate came up and said, 'The coast guard told us "hold your position" and then the radio went quiet,' and we waited," Lindqvist said.

She said the crew stayed calm.
`;

const webPage = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Harbour board delays vote on ferry fares</title>
<link rel="stylesheet" href="/site.css"><script src="/tracker.js"></script></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li></ul></nav>
<article>
<h1>Harbour board delays vote on ferry fares</h1>
<p>Board chair Ines Marlowe said the delay would give staff time to study ridership. "We need the numbers first," Marlowe said.</p>
</article>
<footer><p>Copyright Tidewater Courier</p></footer>
</body>
</html>
`;

/** A person and a quote every analysed variant of the Courier article must find. */
const courierFinds = { person: 'Ines Marlowe', quote: 'We need the numbers first, and we do not have them,' };

export interface FixtureOptions {
  /** Size of the oversized article (default 20 MB). */
  hugeBytes?: number;
  /** Size of the single-line article (default 1,000,000 bytes: under the 1 MB limit, so analysed). */
  singleLineBytes?: number;
}

export interface Fixture {
  root: string;
  scenarios: Scenario[];
  /** Absolute path of a scenario's file. */
  pathOf(file: string): string;
  remove(): void;
}

/** Builds the bad-input folder in a new temporary directory. */
export function makeBadInputFolder(options: FixtureOptions = {}): Fixture {
  const root = mkdtempSync(path.join(tmpdir(), 'crosscheck-bad-input-'));
  const at = (file: string) => path.join(root, file);
  mkdirSync(at('articles'), { recursive: true });
  const scenarios: Scenario[] = [];
  const add = (scenario: Scenario, write: (full: string) => void): void => {
    write(at(scenario.file));
    scenarios.push(scenario);
  };

  add({ file: 'articles/courier.txt', what: 'a well-formed article', outcome: 'analysed', finds: courierFinds },
    (full) => writeFileSync(full, courierArticle));
  add({ file: 'articles/gazette.txt', what: 'the same story from another outlet', outcome: 'analysed',
    finds: { person: 'Ines Marlowe', quote: 'We need the numbers first,' } }, (full) => writeFileSync(full, gazetteArticle));

  add({ file: 'articles/binary.txt', what: 'a binary file (an image) named .txt', outcome: 'skipped', message: /binary file/i },
    (full) => writeFileSync(full, Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      Buffer.from(Array.from({ length: 2000 }, (_, index) => (index * 37) % 256)),
    ])));

  const hugeBytes = options.hugeBytes ?? 20 * 1024 * 1024;
  add({ file: 'articles/huge.txt', what: `a ${Math.round(hugeBytes / 1024 / 1024)} MB article`, outcome: 'skipped',
    message: /MB is more than the 1 MB limit for an article.*maxArticleBytes/i }, (full) => {
    const paragraph = Buffer.from(`${courierArticle.split('\n')[5]}\n\n`);
    writeFileSync(full, Buffer.concat(Array.from({ length: Math.ceil(hugeBytes / paragraph.length) }, () => paragraph)).subarray(0, hugeBytes));
  });

  add({ file: 'articles/empty.txt', what: 'an empty file', outcome: 'skipped', message: /the file is empty/i },
    (full) => writeFileSync(full, ''));

  add({ file: 'articles/latin1.txt', what: 'invalid UTF-8 (saved as Latin-1)', outcome: 'warned', message: /not valid UTF-8.*Windows-1252/i,
    finds: { person: 'José Álvarez', quote: 'The café stays open,' } },
  (full) => writeFileSync(full, Buffer.from(`Title: Harbour café keeps its lease
Outlet: Tidewater Courier

The owner of the harbour café, José Álvarez, said on Tuesday that he had signed a new lease. "The café stays open," Álvarez said.
`, 'latin1')));

  add({ file: 'articles/bom.txt', what: 'UTF-8 with a byte order mark', outcome: 'analysed', finds: courierFinds },
    (full) => writeFileSync(full, `\ufeff${courierArticle}`));
  add({ file: 'articles/crlf.txt', what: 'Windows line endings (CRLF)', outcome: 'analysed', finds: courierFinds },
    (full) => writeFileSync(full, courierArticle.replace(/\n/g, '\r\n')));
  add({ file: 'articles/cr.txt', what: 'old Mac line endings (CR only)', outcome: 'analysed', finds: courierFinds },
    (full) => writeFileSync(full, courierArticle.replace(/\n/g, '\r')));

  add({ file: 'articles/webpage.txt', what: 'a web page saved as .txt', outcome: 'warned', message: /web page.*HTML/i,
    finds: { person: 'Ines Marlowe', quote: 'We need the numbers first,' } }, (full) => writeFileSync(full, webPage));

  const singleLineBytes = options.singleLineBytes ?? 1_000_000;
  add({ file: 'articles/single-line.txt', what: `${(singleLineBytes / 1_000_000).toFixed(1)} MB on a single line`, outcome: 'analysed',
    finds: courierFinds }, (full) => {
    const line = `${courierArticle.split('\n').slice(3).filter((text) => text !== '').join(' ')} `;
    writeFileSync(full, line.repeat(Math.ceil(singleLineBytes / line.length)).slice(0, singleLineBytes));
  });

  add({ file: 'articles/german.txt', what: 'an article in another language (German)', outcome: 'warned',
    message: /does not look like English/i }, (full) => writeFileSync(full, germanArticle));
  add({ file: 'articles/unbalanced.txt', what: 'an opening quotation mark that never closes', outcome: 'analysed',
    finds: { person: 'Ines Marlowe', quote: 'We need the numbers first,' } }, (full) => writeFileSync(full, unbalancedArticle));
  add({ file: 'articles/nested.txt', what: 'quotes nested three deep', outcome: 'analysed',
    finds: { person: 'Rosa Lindqvist', quote: 'My mate came up and said, \'The coast guard told us "hold your position" and then the radio went quiet,\' and we waited,' } },
  (full) => writeFileSync(full, nestedArticle));

  // A folder that links back to its parent, and two links that point at each other.
  add({ file: 'articles/loop', what: 'a symbolic link loop (a folder linking to its parent)', outcome: 'unreachable', message: /loop|read already/i },
    (full) => symlinkSync('.', full, 'dir'));
  add({ file: 'articles/ping.txt', what: 'two symbolic links pointing at each other', outcome: 'unreachable', message: /loop of symbolic links|too many symbolic links/i },
    (full) => {
      symlinkSync('pong.txt', full);
      symlinkSync('ping.txt', at('articles/pong.txt'));
    });
  scenarios.push({ file: 'articles/pong.txt', what: 'two symbolic links pointing at each other', outcome: 'unreachable', message: /loop of symbolic links|too many symbolic links/i });
  add({ file: 'articles/unreadable.txt', what: 'a file that cannot be read (a link to nothing; see the note above)', outcome: 'unreachable',
    message: /does not exist|no such file/i }, (full) => symlinkSync('missing-target.txt', full));
  add({ file: 'articles/folder.txt', what: 'a folder named like an article', outcome: 'ignored' }, (full) => {
    mkdirSync(full);
  });
  if (canMakePipe()) {
    add({ file: 'articles/pipe.txt', what: 'a named pipe named .txt (reading it would wait forever)', outcome: 'unreachable', message: /not a regular file/i },
      (full) => execFileSync('mkfifo', [full]));
  }

  return {
    root,
    scenarios,
    pathOf: (file) => at(file),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

function canMakePipe(): boolean {
  if (process.platform === 'win32') return false;
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The text an editor shows for a file's bytes: UTF-8 without its byte order mark, else Windows-1252. */
export function editorText(bytes: Buffer): string {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('windows-1252').decode(body);
  }
}

/** LSP position of `offset`: lines end at CRLF, CR or LF. */
export function lspPosition(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let index = 0; index < offset; index++) {
    const code = text.charCodeAt(index);
    if (code === 13 && text.charCodeAt(index + 1) === 10) continue; // the LF ends the line
    if (code === 10 || code === 13) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, character: offset - lineStart };
}

/** Offset of an LSP position (lines end at CRLF, CR or LF). */
export function lspOffset(text: string, position: { line: number; character: number }): number {
  let line = 0;
  let index = 0;
  while (line < position.line && index < text.length) {
    const code = text.charCodeAt(index);
    index++;
    if (code === 13 && text.charCodeAt(index) === 10) index++;
    if (code === 10 || code === 13) line++;
  }
  return index + position.character;
}
