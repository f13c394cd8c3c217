// Shared by the `crosscheck report` tests: a desk of tiny articles written for these tests (two
// stories by `Story:` header, one clear contradiction, one reworded quote) and a way to run the
// bundled CLI as a user does.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const repositoryRoot = path.resolve(__dirname, '..', '..', '..');
export const cli = path.join(repositoryRoot, 'dist', 'cli.js');
export const seeds = path.join(repositoryRoot, 'seeds');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function crosscheck(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The contradiction's first side sits after an emoji, so UTF-16 columns differ from code points. */
export const articles: Record<string, string> = {
  'harbour-gazette.txt': `Outlet: Harbour Gazette
Date: 2026-03-14
Story: ferry-strike
Title: Ferry crews end strike after talks

Ferry crews ended their strike on Friday after talks with the port authority. 🚢 The talks lasted nearly four hours, union leader Mara Quist said.
"We have a fair deal and the boats will sail on Monday," Quist said.
The talks took place at the harbour master's office.
`,
  'coast-herald.txt': `Outlet: Coast Herald
Date: 2026-03-14
Story: ferry-strike
Title: Strike over as ferry union accepts offer

The ferry strike is over. Talks between the union and the port authority lasted more than five hours on Friday.
"We have a fair deal and the ferries will sail again on Monday," union leader Mara Quist told reporters.
Port director Len Okafor called the offer "generous".
`,
  'bay-courier.txt': `Outlet: Bay Courier
Date: 2026-03-15
Story: ferry-strike
Title: Ferries to sail again on Monday

Ferries will sail again on Monday, the port authority said on Saturday. Union leader Mara Quist said the crews had voted to accept the offer.
"It was a long week for everyone," Quist said.
`,
  'library/valley-post.txt': `Outlet: Valley Post
Date: 2026-04-02
Story: library-vote
Title: Council keeps the library open on Sundays

The town council voted on Tuesday to keep the central library open on Sundays. "Readers told us what they need," councillor Ines Barto said.
`,
};

/** A temporary folder with `desk/` holding the articles above; returns the folder. */
export function makeDesk(): string {
  const workspace = mkdtempSync(path.join(tmpdir(), 'crosscheck-report-'));
  for (const [name, text] of Object.entries(articles)) {
    const file = path.join(workspace, 'desk', name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return workspace;
}
