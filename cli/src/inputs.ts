/**
 * The command line's inputs as article files: files as given, folders expanded to the `.txt` files
 * under them (named `<folder>/<relative path>`), with every unreadable input reported, not fatal.
 * Files are decoded as the language server decodes them (core/src/articleFile.ts): too large, empty
 * and binary files are skipped with a problem; invalid UTF-8, web pages and other languages are read
 * with a warning.
 */
import { promises as fs } from 'node:fs';
import { defaultMaxArticleBytes, readArticleBytes, sizeProblem } from '../../core/src/index';

export interface ArticleInput {
  /** The path as the user gave it (or built from the folder they gave). */
  file: string;
  text: string;
}

export interface InputProblem {
  file: string;
  message: string;
}

const skippedFolders = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface InputOptions {
  /** Files larger than this are skipped (0: no limit); by default CROSSCHECK_MAX_ARTICLE_BYTES or 1 MB. */
  maxArticleBytes?: number;
}

/** The size limit from the environment (CROSSCHECK_MAX_ARTICLE_BYTES), else the core's default. */
export function maxArticleBytesFromEnvironment(): number {
  const value = Number(process.env.CROSSCHECK_MAX_ARTICLE_BYTES);
  return process.env.CROSSCHECK_MAX_ARTICLE_BYTES !== undefined && Number.isInteger(value) && value >= 0 ? value : defaultMaxArticleBytes;
}

export async function readInputs(given: string[], options: InputOptions = {}): Promise<{
  articles: ArticleInput[];
  /** Inputs that were not analysed, and why. */
  problems: InputProblem[];
  /** Inputs analysed with a caveat (not UTF-8, a web page, not English). */
  warnings: InputProblem[];
}> {
  const articles: ArticleInput[] = [];
  const problems: InputProblem[] = [];
  const warnings: InputProblem[] = [];
  const seen = new Set<string>();
  const maxBytes = options.maxArticleBytes ?? maxArticleBytesFromEnvironment();

  async function readFile(file: string): Promise<void> {
    try {
      const real = await fs.realpath(file);
      if (seen.has(real)) return; // the same article reached twice
      seen.add(real);
      const stat = await fs.stat(file);
      if (!stat.isFile()) {
        problems.push({ file, message: 'skipped: not a regular file (a pipe, socket or device)' });
        return;
      }
      const tooLarge = sizeProblem(stat.size, maxBytes);
      if (tooLarge !== undefined) {
        problems.push({ file, message: tooLarge });
        return;
      }
      const read = readArticleBytes(await fs.readFile(file), maxBytes);
      if (read.skipped) {
        problems.push({ file, message: read.reason });
        return;
      }
      for (const warning of read.warnings) warnings.push({ file, message: `warning: ${warning}` });
      articles.push({ file, text: read.text });
    } catch (error) {
      problems.push({ file, message: describeFsError(error) });
    }
  }

  /** `ancestors`: real paths of the folders above, to notice a link back up the tree. */
  async function readFolder(folder: string, ancestors: Set<string>): Promise<void> {
    let real: string;
    let entries;
    try {
      real = await fs.realpath(folder);
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      problems.push({ file: folder, message: describeFsError(error) });
      return;
    }
    if (ancestors.has(real)) {
      problems.push({ file: folder, message: 'directory loop: this folder links back to a folder above it' });
      return;
    }
    const inside = new Set(ancestors).add(real);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = `${folder}/${entry.name}`;
      let kind: 'file' | 'folder' | 'other' = entry.isFile() ? 'file' : entry.isDirectory() ? 'folder' : 'other';
      if (entry.isSymbolicLink()) {
        try {
          const target = await fs.stat(child);
          kind = target.isFile() ? 'file' : target.isDirectory() ? 'folder' : 'other';
        } catch (error) {
          if (entry.name.endsWith('.txt')) problems.push({ file: child, message: describeFsError(error) });
          continue;
        }
      }
      if (kind === 'folder' && !skippedFolders.has(entry.name)) await readFolder(child, inside);
      else if (kind === 'file' && entry.name.endsWith('.txt')) await readFile(child);
      else if (kind === 'other' && entry.name.endsWith('.txt')) problems.push({ file: child, message: 'skipped: not a regular file (a pipe, socket or device)' });
    }
  }

  for (const input of given) {
    let stat;
    try {
      stat = await fs.stat(input);
    } catch (error) {
      problems.push({ file: input, message: describeFsError(error) });
      continue;
    }
    if (stat.isDirectory()) await readFolder(stripTrailingSeparators(input), new Set());
    else await readFile(input);
  }
  return { articles, problems, warnings };
}

function stripTrailingSeparators(folder: string): string {
  const stripped = folder.replace(/[\\/]+$/, '');
  return stripped === '' ? folder.slice(0, 1) : stripped;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or folder (deleted or renamed, or a link to nothing)';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'ELOOP': return 'a loop of symbolic links (too many symbolic links)';
    case 'EISDIR': return 'is a folder';
    default: return error instanceof Error ? error.message : String(error);
  }
}

