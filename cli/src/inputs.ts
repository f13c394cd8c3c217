/**
 * The command line's inputs as article files: files as given, folders expanded to the `.txt` files
 * under them (named `<folder>/<relative path>`), with every unreadable input reported, not fatal.
 */
import { promises as fs } from 'node:fs';

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

export async function readInputs(given: string[]): Promise<{ articles: ArticleInput[]; problems: InputProblem[] }> {
  const articles: ArticleInput[] = [];
  const problems: InputProblem[] = [];
  const seen = new Set<string>();

  async function readFile(file: string): Promise<void> {
    try {
      const real = await fs.realpath(file);
      if (seen.has(real)) return; // the same article reached twice
      seen.add(real);
      articles.push({ file, text: await fs.readFile(file, 'utf8') });
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
  return { articles, problems };
}

function stripTrailingSeparators(folder: string): string {
  const stripped = folder.replace(/[\\/]+$/, '');
  return stripped === '' ? folder.slice(0, 1) : stripped;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or folder';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'ELOOP': return 'directory loop: too many symbolic links';
    case 'EISDIR': return 'is a folder';
    default: return error instanceof Error ? error.message : String(error);
  }
}

