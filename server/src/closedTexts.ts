/**
 * The texts of closed articles, read again from disk when something needs them.
 *
 * An archive's article texts are the largest single thing a server could hold (10,000 articles:
 * about 57 MB of strings); once an article is analysed, nothing but a recomputed story, Compare
 * coverage or a hover on a rewrite needs its text, and those read a few articles at a time. So the
 * indexer lets the text of an article read from disk go (`releaseText`) and the article reads it here
 * when asked: the file read and decoded as the indexer reads it, taken only when its content hash is
 * still the article's. A file changed or gone since is reported to `changedOnDisk` (the server reads
 * it again, as for a change its watcher saw) and gives nothing this time: the article then reads as
 * blanks of its length until it is analysed again. The last few texts read are kept, for a pass reads
 * a story's texts several times.
 */
import { type TextSource, contentHash } from '../../core/src/cache/analysisCache';
import { decodeArticleBytes } from '../../core/src/index';
import { type ArticleReading, articleReading, fsPathOf } from './articleFiles';
import type { Logger } from './logger';
import { readWhole } from './readerFile';

export class ClosedTexts implements TextSource {
  /** The texts read last, by file, the most recent last. */
  private readonly recent = new Map<string, { hash: string; text: string }>();
  /** Files reported as changed on disk and not read successfully since (reported once). */
  private readonly reported = new Set<string>();
  /** How many texts were read from disk (for tests and the log). */
  reads = 0;

  constructor(
    private readonly log: Logger,
    /** Told (at most once until its text is read again) that a file no longer holds the text analysed. */
    private readonly changedOnDisk: (file: string) => void,
    private readonly reading: ArticleReading = articleReading,
    private readonly keep = 32,
  ) {}

  text(file: string, hash: string): string | undefined {
    const kept = this.recent.get(file);
    if (kept !== undefined && kept.hash === hash) {
      this.recent.delete(file);
      this.recent.set(file, kept);
      return kept.text;
    }
    const read = this.read(file);
    this.reads++;
    if (read !== undefined && contentHash(read) === hash) {
      this.reported.delete(file);
      this.recent.set(file, { hash, text: read });
      if (this.recent.size > this.keep) this.recent.delete(this.recent.keys().next().value as string);
      return read;
    }
    if (!this.reported.has(file)) {
      this.reported.add(file);
      this.log.info(`${fsPathOf(file) ?? file}: ${read === undefined ? 'no longer readable' : 'changed on disk'} since it was analysed; reading it again`);
      this.changedOnDisk(file);
    }
    return undefined;
  }

  /** The file's text as the indexer decodes it, or undefined (not a file URI, unreadable, skipped). */
  private read(file: string): string | undefined {
    const fsPath = fsPathOf(file);
    if (fsPath === undefined) return undefined;
    try {
      const bytes = readWhole(fsPath, this.reading.maxBytes);
      if (typeof bytes === 'string') return undefined;
      // Decoded at once: the bytes are the thread's shared read buffer.
      const decoded = decodeArticleBytes(bytes, this.reading.maxBytes);
      return decoded.skipped ? undefined : decoded.text;
    } catch {
      return undefined; // reported by the caller, as a file no longer readable
    }
  }

  /** Forgets the texts kept (a file changed: its next read goes to disk). */
  forget(file: string): void {
    this.recent.delete(file);
  }
}
