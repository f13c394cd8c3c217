/**
 * Which files are articles: the `crosscheck.articles` globs, matched against paths relative to a
 * workspace folder, and a scan of the folders that finds them on disk.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import { URI } from 'vscode-uri';
import type { Logger } from './logger';
import { describeError } from './logger';

/** Folders never scanned: dependencies and version control. */
const skippedFolders = new Set(['node_modules', '.git', '.hg', '.svn']);
/** Files larger than this are not articles (logs, dumps) and are skipped. */
const largestArticleBytes = 4 * 1024 * 1024;

export class ArticleFiles {
  constructor(private folderPaths: string[], private patterns: string[]) {}

  setFolders(folders: string[]): void {
    this.folderPaths = folders;
  }

  setGlobs(globs: string[]): void {
    this.patterns = globs;
  }

  /** The workspace folders, as file system paths. */
  folders(): string[] {
    return [...this.folderPaths];
  }

  globs(): string[] {
    return [...this.patterns];
  }

  /** True when `uri` is a file under a workspace folder (or anywhere, without folders) matching a glob. */
  matches(uri: string): boolean {
    const fsPath = fsPathOf(uri);
    if (fsPath === undefined) return false;
    return this.relativePaths(fsPath).some((relative) => this.patterns.some((glob) => minimatch(relative, glob, { dot: true })));
  }

  private relativePaths(fsPath: string): string[] {
    // Relative to the folder, and to its parent too, so that opening the `seeds/` folder itself still
    // matches `**/seeds/*.txt` (the folder's own name is part of what the user sees as the path).
    const inside = this.folderPaths
      .flatMap((folder) => [path.relative(folder, fsPath), path.relative(path.dirname(folder), fsPath)])
      .filter((relative) => relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative))
      .map(toPosix);
    if (inside.length > 0) return inside;
    return [toPosix(fsPath).replace(/^\/+/, '')];
  }

  /** URIs of the article files in every workspace folder; symlinked folders are followed once. */
  async scan(log: Logger): Promise<string[]> {
    const found: string[] = [];
    const visited = new Set<string>();
    for (const folder of this.folderPaths) await this.walk(folder, visited, found, log);
    return found.sort();
  }

  private async walk(folder: string, visited: Set<string>, found: string[], log: Logger): Promise<void> {
    let real: string;
    try {
      real = await fs.realpath(folder);
    } catch (error) {
      log.warn(`Cannot read folder ${folder}: ${describeError(error)}`);
      return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    let entries;
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      log.warn(`Cannot read folder ${folder}: ${describeError(error)}`);
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await fs.stat(full);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch {
          continue; // a dangling link
        }
      }
      if (isDirectory && !skippedFolders.has(entry.name)) {
        await this.walk(full, visited, found, log);
      } else if (isFile) {
        const uri = URI.file(full).toString();
        if (this.matches(uri)) found.push(uri);
      }
    }
  }
}

/** The text of an article file on disk, or undefined (logged) when it cannot be read. */
export async function readArticleFile(uri: string, log: Logger): Promise<string | undefined> {
  const fsPath = fsPathOf(uri);
  if (fsPath === undefined) return undefined;
  try {
    const stat = await fs.stat(fsPath);
    if (!stat.isFile()) return undefined;
    if (stat.size > largestArticleBytes) {
      log.warn(`Skipped ${fsPath}: ${stat.size} bytes is too large for an article`);
      return undefined;
    }
    return await fs.readFile(fsPath, 'utf8');
  } catch (error) {
    log.warn(`Cannot read article ${fsPath}: ${describeError(error)}`);
    return undefined;
  }
}

export function fsPathOf(uri: string): string | undefined {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : undefined;
  } catch {
    return undefined;
  }
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}
