// Shared by the tests of the indexer and its on-disk cache (warm start, the kept story graph, lean
// features): a workspace of the seed story plus a ferry story, the reference index, a cold or warm
// session through the Indexer, and where the cache keeps its files.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { Corpus, type CorpusOptions } from '../../core/src/crossref/corpus';
import { Indexer } from '../../server/src/indexer';
import type { Logger } from '../../server/src/logger';

export const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const seeds = path.resolve(__dirname, '../../../seeds');

/** One ferry-strike article: its file name (without .txt), outlet, talks' duration, union leader's quote, day of March 2026. */
export interface FerryArticle {
  name: string;
  outlet: string;
  hours: string;
  quote?: string;
  day?: string;
}

/** The three-outlet ferry story most tests use: one outlet contradicts the talks' duration. */
export const ferryStory: FerryArticle[] = [
  { name: 'ferry-a', outlet: 'Harbour Post', hours: 'two hours' },
  { name: 'ferry-b', outlet: 'Coast Daily', hours: 'five hours' },
  { name: 'ferry-c', outlet: 'Fjord News', hours: 'two hours' },
];

/** The seed story (five outlets) plus the ferry articles, in a fresh folder; files as URIs. */
export function workspace(prefix: string, ferries: FerryArticle[] = ferryStory): { folder: string; files: string[] } {
  const folder = mkdtempSync(path.join(tmpdir(), `crosscheck-${prefix}-`));
  const files: string[] = [];
  for (const name of readdirSync(seeds).filter((n) => n.endsWith('.txt')).sort()) {
    copyFileSync(path.join(seeds, name), path.join(folder, name));
    files.push(URI.file(path.join(folder, name)).toString());
  }
  for (const { name, outlet, hours, quote = 'We will sail again when the pay offer is fair.', day = '02' } of ferries) {
    const text =
      `Outlet: ${outlet}\nDate: 2026-03-${day}\n\nFerry crews strike at Lindholm harbour\n\nFerry crews at Lindholm harbour walked out over pay on Monday. ` +
      `The talks with the harbour board lasted ${hours}. Union leader Ida Holm said: "${quote}" ` +
      `Board chair Pavel Strand said the offer stands.\n`;
    writeFileSync(path.join(folder, `${name}.txt`), text);
    files.push(URI.file(path.join(folder, `${name}.txt`)).toString());
  }
  return { folder, files };
}

/**
 * Fills `folder` up to `total` article files with copies of its own: in stories of four copies each
 * (a `Story:` header), each its own text. For tests that need the server's disk cache (`cacheFromArticles`).
 */
export function addCopies(folder: string, total: number): void {
  const originals = readdirSync(folder).filter((name) => name.endsWith('.txt'));
  for (let i = 0; readdirSync(folder).filter((name) => name.endsWith('.txt')).length < total; i++) {
    const name = originals[i % originals.length];
    writeFileSync(path.join(folder, `copy-${i}-${name}`), `Story: copies ${Math.floor(i / 4)}\n${readFileSync(path.join(folder, name), 'utf8')}\nCopy ${i}.\n`);
  }
}

/** Everything the editor reads of the index, as text (`extra` adds more of it). */
export function results(corpus: Corpus, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    stories: corpus.stories(),
    people: corpus.people(),
    findings: corpus.findings(),
    byFile: corpus.articles().map((a) => corpus.findingsFor(a.file)),
    quoteGroups: corpus.quoteGroups(),
    claimGroups: corpus.claimGroups(),
    derivations: corpus.derivations(),
    ...extra,
  });
}

/** The reference: every file analysed from its text (or the text `override` gives), no cache, nothing incremental. */
export function freshIndex(files: string[], override = new Map<string, string>()): Corpus {
  const corpus = new Corpus({ incremental: false });
  for (const file of files) corpus.update(file, override.get(file) ?? readFileSync(URI.parse(file).fsPath, 'utf8'));
  return corpus;
}

/** One session as the server runs it: index through the cache, the pass after indexing, shutdown (which saves). */
export async function session(files: string[], folder: string, cacheRoot: string, options: CorpusOptions = {}): Promise<{ corpus: Corpus; fromCache: number }> {
  const corpus = new Corpus(options);
  const indexer = new Indexer(corpus, quiet, () => false, { folders: [folder], cacheRoot, cacheFrom: 1 });
  const state = await indexer.index(files, () => false, () => undefined);
  corpus.findings(); // the pass the server runs when indexing ends
  await indexer.dispose(); // saves the story results
  return { corpus, fromCache: state.fromCache };
}

/** A file the cache keeps next to its entries (`stories.json`, `graph.json`, `names.json`). */
export function cacheFile(cacheRoot: string, name: string): string {
  const [workspaceFolder] = readdirSync(cacheRoot);
  const [version] = readdirSync(path.join(cacheRoot, workspaceFolder));
  return path.join(cacheRoot, workspaceFolder, version, name);
}
