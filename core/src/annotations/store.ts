/**
 * The annotation files of one workspace folder: `.crosscheck/annotations/*.json`, one file per
 * article by default (`seeds/ap.txt` → `seeds__ap.txt.json`), though any file there may hold
 * annotations on any article — `target.source` says which.
 *
 * Nothing is lost:
 * - every change re-reads the file right before writing it, under a lock file, so two windows (or
 *   two stores) writing the same file both keep their annotations;
 * - writes go to a temporary file that is then renamed over the old one (atomic on one disk);
 * - a file that does not parse is never written: a new annotation for its article goes to the
 *   next free name (`seeds__ap.txt-2.json`) and the problem names the file, line and column.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { summarize } from './annotation';
import { AnnotationFileError, emptyAnnotationPage, parseAnnotationFile, serializeAnnotationPage } from './format';
import type { SkippedItem } from './format';
import type { Annotation, AnnotationPage, AnnotationSummary } from './model';

/** The folder, relative to the workspace folder, that holds the annotation files. */
export const annotationFolder = '.crosscheck/annotations';

export interface StoredAnnotation {
  annotation: Annotation;
  summary: AnnotationSummary;
  /** Absolute path of the file it was read from. */
  file: string;
}

export type StoreProblem =
  | { kind: 'unreadable'; error: AnnotationFileError }
  | { kind: 'skipped'; item: SkippedItem };

export interface StoreSnapshot {
  annotations: StoredAnnotation[];
  problems: StoreProblem[];
}

export interface AddResult {
  /** The file the annotation was written to. */
  file: string;
  /** Set when the article's usual file did not parse and the annotation went elsewhere. */
  unreadable?: AnnotationFileError;
}

/** The file name for an article's annotations: its relative path with `/` replaced by `__`. */
export function annotationFileName(source: string): string {
  const safe = source.replace(/^\/+/, '').replace(/[/\\]/g, '__').replace(/[<>:"|?*\x00-\x1f]/g, '_');
  return `${safe === '' ? 'annotations' : safe}.json`;
}

export class AnnotationStore {
  readonly folder: string;

  constructor(
    /** The workspace folder (absolute path). */
    readonly root: string,
    private readonly options: { lockTimeoutMs?: number; staleLockMs?: number } = {},
  ) {
    this.folder = path.join(root, ...annotationFolder.split('/'));
  }

  /** Every annotation in every file, and the files or items that could not be used. */
  async load(): Promise<StoreSnapshot> {
    const snapshot: StoreSnapshot = { annotations: [], problems: [] };
    let names: string[];
    try {
      names = (await fs.readdir(this.folder)).filter((name) => name.endsWith('.json')).sort();
    } catch (error) {
      if (isMissing(error)) return snapshot;
      throw error;
    }
    const seen = new Set<string>();
    for (const name of names) {
      const file = path.join(this.folder, name);
      let parsed;
      try {
        parsed = await readFile(file);
      } catch (error) {
        if (error instanceof AnnotationFileError) snapshot.problems.push({ kind: 'unreadable', error });
        else if (!isMissing(error)) throw error;
        continue;
      }
      if (parsed === null) continue;
      for (const item of parsed.skipped) snapshot.problems.push({ kind: 'skipped', item });
      for (const { annotation, index } of parsed.annotations) {
        if (seen.has(annotation.id)) {
          snapshot.problems.push({ kind: 'skipped', item: { file, index, reason: `the id ${annotation.id} is used in another annotation file too` } });
          continue;
        }
        seen.add(annotation.id);
        snapshot.annotations.push({ annotation, summary: summarize(annotation), file });
      }
    }
    return snapshot;
  }

  /** Adds an annotation to its article's file (or the next free file when that one does not parse). */
  async add(annotation: Annotation): Promise<AddResult> {
    const base = annotationFileName(summarize(annotation).source).replace(/\.json$/, '');
    await fs.mkdir(this.folder, { recursive: true });
    let unreadable: AnnotationFileError | undefined;
    for (let attempt = 1; attempt < 1000; attempt++) {
      const file = path.join(this.folder, attempt === 1 ? `${base}.json` : `${base}-${attempt}.json`);
      try {
        await this.change(file, (page) => {
          page.items.push(annotation);
          return true;
        }, true);
        return unreadable === undefined ? { file } : { file, unreadable };
      } catch (error) {
        if (!(error instanceof AnnotationFileError)) throw error;
        unreadable ??= error;
      }
    }
    throw new Error(`no free annotation file for ${base} in ${this.folder}`);
  }

  /**
   * Replaces the annotation `id` in `file` with `change(current)`, reading the file again first.
   * Throws when the file does not parse or the annotation is no longer in it.
   */
  async update(file: string, id: string, change: (current: Annotation) => Annotation): Promise<Annotation> {
    let updated: Annotation | undefined;
    await this.change(file, (page) => {
      const index = page.items.findIndex((item) => isAnnotationWithId(item, id));
      if (index < 0) throw new AnnotationGoneError(file, id);
      updated = change(page.items[index] as Annotation);
      page.items[index] = updated;
      return true;
    }, false);
    return updated!;
  }

  /** Removes the annotation `id` from `file`; false when it was not there any more. */
  async remove(file: string, id: string): Promise<boolean> {
    let removed = false;
    await this.change(file, (page) => {
      const index = page.items.findIndex((item) => isAnnotationWithId(item, id));
      if (index < 0) return false;
      page.items.splice(index, 1);
      removed = true;
      return true;
    }, false);
    return removed;
  }

  /**
   * Read, change, write under the file's lock. `edit` returns false when nothing changed. A missing
   * file is an empty page when `create` is set; a file that does not parse is left alone.
   */
  private async change(file: string, edit: (page: AnnotationPage) => boolean, create: boolean): Promise<void> {
    await this.withLock(file, async () => {
      let parsed;
      try {
        parsed = await readFile(file);
      } catch (error) {
        if (!isMissing(error)) throw error;
        parsed = null;
      }
      if (parsed === null && !create) throw new AnnotationGoneError(file, null);
      const page = parsed?.page ?? emptyAnnotationPage();
      if (!edit(page)) return;
      await writeAtomically(file, serializeAnnotationPage(page));
    });
  }

  private async withLock(file: string, work: () => Promise<void>): Promise<void> {
    const lock = `${file}.lock`;
    const timeout = this.options.lockTimeoutMs ?? 10_000;
    const stale = this.options.staleLockMs ?? 30_000;
    const deadline = Date.now() + timeout;
    for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
      try {
        const handle = await fs.open(lock, 'wx');
        await handle.writeFile(`${process.pid} ${new Date().toISOString()}\n`);
        await handle.close();
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const age = await fs.stat(lock).then((stat) => Date.now() - stat.mtimeMs, () => 0);
        if (age > stale) {
          // Left behind by a process that died while writing; the data file itself is whole.
          await fs.rm(lock, { force: true });
          continue;
        }
        if (Date.now() > deadline) throw new Error(`${file} is locked by another writer (${lock}); remove the lock file if no Crosscheck is running`);
        await new Promise((resolve) => setTimeout(resolve, wait + Math.random() * wait));
      }
    }
    try {
      await work();
    } finally {
      await fs.rm(lock, { force: true });
    }
  }
}

/** The annotation (or, with `id` null, the whole file) is no longer there: someone removed it. */
export class AnnotationGoneError extends Error {
  constructor(readonly file: string, readonly id: string | null) {
    super(id === null ? `${file} no longer exists` : `the annotation ${id} is no longer in ${file}`);
    this.name = 'AnnotationGoneError';
  }
}

/** Parsed file, or null when it does not exist; throws AnnotationFileError when it does not parse. */
async function readFile(file: string) {
  let content: string;
  try {
    content = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
  return parseAnnotationFile(file, content);
}

async function writeAtomically(file: string, content: string): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(temporary, content, { encoding: 'utf8', flag: 'wx' });
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

function isAnnotationWithId(item: unknown, id: string): boolean {
  return typeof item === 'object' && item !== null && (item as { id?: unknown }).id === id;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
