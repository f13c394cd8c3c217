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
 *   next free name (`seeds__ap.txt-2.json`) and the problem names the file, line and column;
 * - a write the disk refuses (full, read-only, no permission) leaves the file as it was and keeps the
 *   change in this store: `load()` shows it (marked `unsaved`), `saveUnsaved()` tries again, and the
 *   caller gets an `AnnotationWriteError` saying why, to tell the user.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { summarize } from './annotation';
import { AnnotationFileError, emptyAnnotationPage, parseAnnotationFile, serializeAnnotationPage } from './format';
import type { SkippedItem } from './format';
import type { Annotation, AnnotationPage, AnnotationSummary } from './model';
import { describeWriteFailure } from '../writeFailure';

/** The folder, relative to the workspace folder, that holds the annotation files. */
export const annotationFolder = '.crosscheck/annotations';

export interface StoredAnnotation {
  annotation: Annotation;
  summary: AnnotationSummary;
  /** Absolute path of the file it was read from (for an unsaved one: the file it is to be written to). */
  file: string;
  /** True when this is a change the disk refused, held in memory until `saveUnsaved()` writes it. */
  unsaved?: boolean;
}

/** The part of `node:fs/promises` the store uses (tests pass one that fails like a full disk). */
export interface StoreFileSystem {
  readdir(folder: string): Promise<string[]>;
  readFile(file: string, encoding: 'utf8'): Promise<string>;
  writeFile(file: string, content: string, options: { encoding: 'utf8'; flag: string }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(file: string, options: { force: boolean }): Promise<void>;
  mkdir(folder: string, options: { recursive: true }): Promise<unknown>;
  open(file: string, flags: string): Promise<{ writeFile(content: string): Promise<void>; close(): Promise<void> }>;
  stat(file: string): Promise<{ mtimeMs: number }>;
}

/** A change the disk refused, kept until it can be written. */
type UnsavedChange =
  | { op: 'add'; annotation: Annotation; file: string }
  | { op: 'update'; file: string; id: string; annotation: Annotation }
  | { op: 'remove'; file: string; id: string };

/** The store is read-only (an untrusted workspace): nothing was written or kept. */
export class AnnotationReadOnlyError extends Error {
  constructor(readonly folder: string) {
    super(`annotations are read-only here (an untrusted workspace): nothing was written to ${folder}`);
    this.name = 'AnnotationReadOnlyError';
  }
}

/** The disk refused a write; the change is kept in the store (see `saveUnsaved`). */
export class AnnotationWriteError extends Error {
  constructor(readonly file: string, readonly code: string | undefined, readonly reason: string) {
    super(`${file} could not be written: ${reason}`);
    this.name = 'AnnotationWriteError';
  }
}

export interface SaveResult {
  /** Changes written now. */
  saved: number;
  /** Changes still waiting. */
  left: number;
  /** Why the first change still waiting could not be written. */
  error?: AnnotationWriteError;
  /** Changes dropped because their annotation was removed meanwhile (by another window). */
  dropped: number;
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
    private readonly options: {
      lockTimeoutMs?: number;
      staleLockMs?: number;
      fileSystem?: StoreFileSystem;
      /** True while nothing may be written (VS Code: an untrusted workspace); every write then throws AnnotationReadOnlyError. */
      readOnly?: () => boolean;
    } = {},
  ) {
    this.folder = path.join(root, ...annotationFolder.split('/'));
    this.fs = options.fileSystem ?? (fs as unknown as StoreFileSystem);
  }

  private readonly fs: StoreFileSystem;
  /** Changes the disk refused, oldest first. */
  private unsaved: UnsavedChange[] = [];

  /** How many changes are waiting to be written. */
  unsavedCount(): number {
    return this.unsaved.length;
  }

  /** The annotations added or changed but not written yet, as they are in this store (for a backup). */
  unsavedAnnotations(): Annotation[] {
    const latest = new Map<string, Annotation>();
    for (const change of this.unsaved) {
      if (change.op === 'remove') latest.delete(change.id);
      else latest.set(idOf(change), change.annotation);
    }
    return [...latest.values()];
  }

  /** Tries to write the changes the disk refused before; stops at the first that still fails. */
  async saveUnsaved(): Promise<SaveResult> {
    if (this.unsaved.length > 0 && this.options.readOnly?.() === true) return { saved: 0, left: this.unsaved.length, dropped: 0 };
    let saved = 0;
    let dropped = 0;
    while (this.unsaved.length > 0) {
      const change = this.unsaved[0];
      try {
        if (change.op === 'add') await this.addToFiles(change.annotation);
        else if (change.op === 'update') await this.replaceIn(change.file, change.id, () => change.annotation);
        else await this.removeFrom(change.file, change.id);
        saved++;
      } catch (error) {
        if (error instanceof AnnotationGoneError) {
          dropped++;
        } else {
          return { saved, left: this.unsaved.length, error: asWriteError(change.file, error), dropped };
        }
      }
      this.unsaved.shift();
    }
    return { saved, left: 0, dropped };
  }

  /** Every annotation in every file, and the files or items that could not be used. */
  async load(): Promise<StoreSnapshot> {
    const snapshot: StoreSnapshot = { annotations: [], problems: [] };
    let names: string[];
    try {
      names = (await this.fs.readdir(this.folder)).filter((name) => name.endsWith('.json')).sort();
    } catch (error) {
      if (isMissing(error)) return snapshot;
      throw error;
    }
    const seen = new Set<string>();
    for (const name of names) {
      const file = path.join(this.folder, name);
      let parsed;
      try {
        parsed = await readFile(this.fs, file);
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
    this.overlayUnsaved(snapshot);
    return snapshot;
  }

  /** Puts the changes not yet written on top of what the files say. */
  private overlayUnsaved(snapshot: StoreSnapshot): void {
    for (const change of this.unsaved) {
      const index = snapshot.annotations.findIndex((stored) => stored.summary.id === idOf(change));
      if (change.op === 'remove') {
        if (index >= 0) snapshot.annotations.splice(index, 1);
        continue;
      }
      const stored: StoredAnnotation = { annotation: change.annotation, summary: summarize(change.annotation), file: index >= 0 ? snapshot.annotations[index].file : change.file, unsaved: true };
      if (index >= 0) snapshot.annotations[index] = stored;
      else if (change.op === 'add') snapshot.annotations.push(stored);
    }
  }

  /**
   * Adds an annotation to its article's file (or the next free file when that one does not parse).
   * When the disk refuses the write, the annotation is kept (see `saveUnsaved`) and an
   * AnnotationWriteError is thrown.
   */
  async add(annotation: Annotation): Promise<AddResult> {
    this.assertWritable();
    const file = path.join(this.folder, annotationFileName(summarize(annotation).source));
    if (this.unsaved.length > 0) {
      // Keep the order of changes: earlier refused ones go first.
      const earlier = await this.saveUnsaved();
      if (earlier.left > 0) throw this.keep({ op: 'add', annotation, file }, earlier.error);
    }
    try {
      return await this.addToFiles(annotation);
    } catch (error) {
      if (error instanceof AnnotationFileError || error instanceof AnnotationGoneError) throw error;
      throw this.keep({ op: 'add', annotation, file }, error);
    }
  }

  private assertWritable(): void {
    if (this.options.readOnly?.() === true) throw new AnnotationReadOnlyError(this.folder);
  }

  /** Keeps a change the disk refused and returns the error to throw. */
  private keep(change: UnsavedChange, error: unknown): AnnotationWriteError {
    this.unsaved.push(change);
    return asWriteError(change.file, error);
  }

  private async addToFiles(annotation: Annotation): Promise<AddResult> {
    const base = annotationFileName(summarize(annotation).source).replace(/\.json$/, '');
    await this.fs.mkdir(this.folder, { recursive: true });
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
    this.assertWritable();
    const waiting = [...this.unsaved].reverse().find((pending) => pending.op !== 'remove' && idOf(pending) === id);
    if (waiting !== undefined && waiting.op !== 'remove') {
      // Its last change is not on disk yet: change that, and write it when the disk accepts.
      waiting.annotation = change(waiting.annotation);
      const result = await this.saveUnsaved();
      if (result.left > 0) throw result.error!;
      return waiting.annotation;
    }
    let attempted: Annotation | undefined;
    try {
      return await this.replaceIn(file, id, (current) => (attempted = change(current)));
    } catch (error) {
      if (error instanceof AnnotationFileError || error instanceof AnnotationGoneError) throw error;
      if (attempted === undefined) {
        // Refused before the file was read (the lock): change the version last read.
        const known = (await this.load().catch(() => undefined))?.annotations.find((stored) => stored.summary.id === id);
        if (known === undefined) throw asWriteError(file, error);
        attempted = change(known.annotation);
      }
      throw this.keep({ op: 'update', file, id, annotation: attempted }, error);
    }
  }

  private async replaceIn(file: string, id: string, change: (current: Annotation) => Annotation): Promise<Annotation> {
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
    this.assertWritable();
    const waiting = this.unsaved.some((pending) => pending.op === 'add' && pending.annotation.id === id);
    if (waiting) {
      // Never written: forget it and the changes to it.
      this.unsaved = this.unsaved.filter((pending) => idOf(pending) !== id);
      return true;
    }
    this.unsaved = this.unsaved.filter((pending) => pending.op === 'add' || pending.id !== id);
    try {
      return await this.removeFrom(file, id);
    } catch (error) {
      if (error instanceof AnnotationFileError || error instanceof AnnotationGoneError) throw error;
      throw this.keep({ op: 'remove', file, id }, error);
    }
  }

  private async removeFrom(file: string, id: string): Promise<boolean> {
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
        parsed = await readFile(this.fs, file);
      } catch (error) {
        if (!isMissing(error)) throw error;
        parsed = null;
      }
      if (parsed === null && !create) throw new AnnotationGoneError(file, null);
      const page = parsed?.page ?? emptyAnnotationPage();
      if (!edit(page)) return;
      await writeAtomically(this.fs, file, serializeAnnotationPage(page));
    });
  }

  private async withLock(file: string, work: () => Promise<void>): Promise<void> {
    const lock = `${file}.lock`;
    const timeout = this.options.lockTimeoutMs ?? 10_000;
    const stale = this.options.staleLockMs ?? 30_000;
    const deadline = Date.now() + timeout;
    for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
      try {
        const handle = await this.fs.open(lock, 'wx');
        await handle.writeFile(`${process.pid} ${new Date().toISOString()}\n`);
        await handle.close();
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const age = await this.fs.stat(lock).then((stat) => Date.now() - stat.mtimeMs, () => 0);
        if (age > stale) {
          // Left behind by a process that died while writing; the data file itself is whole.
          await this.fs.rm(lock, { force: true });
          continue;
        }
        if (Date.now() > deadline) throw new Error(`${file} is locked by another writer (${lock}); remove the lock file if no Crosscheck is running`);
        await new Promise((resolve) => setTimeout(resolve, wait + Math.random() * wait));
      }
    }
    try {
      await work();
    } finally {
      await this.fs.rm(lock, { force: true }).catch(() => undefined);
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
async function readFile(fileSystem: StoreFileSystem, file: string) {
  let content: string;
  try {
    content = await fileSystem.readFile(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
  return parseAnnotationFile(file, content);
}

async function writeAtomically(fileSystem: StoreFileSystem, file: string, content: string): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fileSystem.writeFile(temporary, content, { encoding: 'utf8', flag: 'wx' });
    await fileSystem.rename(temporary, file);
  } catch (error) {
    // A partly written temporary file (a full disk) goes; the file itself was never touched.
    await fileSystem.rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

function idOf(change: UnsavedChange): string {
  return change.op === 'add' ? change.annotation.id : change.id;
}

function asWriteError(file: string, error: unknown): AnnotationWriteError {
  if (error instanceof AnnotationWriteError) return error;
  return new AnnotationWriteError(file, (error as NodeJS.ErrnoException | undefined)?.code, describeWriteFailure(error));
}

function isAnnotationWithId(item: unknown, id: string): boolean {
  return typeof item === 'object' && item !== null && (item as { id?: unknown }).id === id;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
