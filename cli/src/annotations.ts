/**
 * `crosscheck annotations <folder>`: every annotation stored in the folder's `.crosscheck/annotations/`,
 * re-anchored in the current text of its article — anchored (where it was), moved (found elsewhere
 * or with changed words) or orphaned (its passage is gone) — with its current range and text.
 *
 * Exit codes: 0 every annotation placed; 1 an annotation is orphaned or an annotation file cannot
 * be read (so it can guard a pipeline); 2 bad arguments.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { anchorAnnotation, lineAndColumn } from '../../core/src/annotations/index';
import type { AnchorStatus, AnnotationSummary } from '../../core/src/annotations/index';
import { AnnotationStore, annotationFolder } from '../../core/src/annotations/store';
import type { StoreProblem } from '../../core/src/annotations/store';

export const annotationsUsage = `Usage: crosscheck annotations <folder> [--format text|json|markdown]

Lists the annotations stored in <folder>/${annotationFolder}/ (W3C Web Annotation JSON, see
docs/annotations.md) with their status in the current text of each article:
  anchored   the passage is where it was annotated
  moved      the passage was found elsewhere, or with changed words
  orphaned   the passage is gone; the annotation is kept with its old text

Options:
  --format <f>     text (default): one line each; json: everything (see docs/annotations.md);
                   markdown: a list to paste into a report
  -h, --help       show this help

Exit code 1 when any annotation is orphaned or an annotation file cannot be read.
`;

type Format = 'text' | 'json' | 'markdown';

export interface PlacedAnnotation {
  id: string;
  article: string;
  status: AnchorStatus;
  note: string;
  tags: string[];
  author: string | null;
  created: string | null;
  modified: string | null;
  /** The text when it was annotated. */
  quote: string;
  /** Where it is now (1-based lines and columns; offsets are 0-based UTF-16), null for an orphan. */
  range: { start: number; end: number; startLine: number; startColumn: number; endLine: number; endColumn: number } | null;
  /** The text now at the range, null for an orphan. */
  text: string | null;
  /** Why an orphan could not be placed, when it is not simply that its passage is gone. */
  reason?: string;
  /** The annotation file it is stored in, relative to the folder. */
  file: string;
}

export interface AnnotationsReport {
  folder: string;
  counts: Record<AnchorStatus, number>;
  annotations: PlacedAnnotation[];
  problems: { file: string; line?: number; column?: number; message: string }[];
}

class UsageError extends Error {}

function parse(args: string[]): { folder: string; format: Format } | 'help' {
  let folder: string | undefined;
  let format: Format = 'text';
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? args[++index] : arg.slice('--format='.length);
      if (value !== 'text' && value !== 'json' && value !== 'markdown') {
        throw new UsageError(value === undefined ? '--format needs a value: text, json or markdown' : `unknown format "${value}" (use text, json or markdown)`);
      }
      format = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option ${arg}`);
    } else if (folder === undefined) {
      folder = arg;
    } else {
      throw new UsageError(`one folder only (got "${folder}" and "${arg}")`);
    }
  }
  if (folder === undefined) throw new UsageError('no folder given: name the workspace folder that holds .crosscheck/annotations');
  return { folder, format };
}

/** Runs the command with the arguments after `annotations`; returns the exit code. */
export async function annotationsCommand(args: string[], out: (text: string) => Promise<void>, err: (text: string) => void): Promise<number> {
  let invocation;
  try {
    invocation = parse(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`crosscheck: ${error.message}\n\n${annotationsUsage}`);
    return 2;
  }
  if (invocation === 'help') {
    await out(annotationsUsage);
    return 0;
  }
  const stat = await fs.stat(invocation.folder).catch(() => undefined);
  if (stat === undefined || !stat.isDirectory()) {
    err(`crosscheck: ${invocation.folder}: not a folder\n`);
    return 2;
  }
  const report = await placeAnnotations(invocation.folder);
  for (const problem of report.problems) {
    const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
    err(`crosscheck: ${where}: ${problem.message}\n`);
  }
  if (invocation.format === 'json') await out(`${JSON.stringify(report, null, 2)}\n`);
  else if (invocation.format === 'markdown') await out(markdownReport(report));
  else await out(textReport(report));
  return report.counts.orphaned > 0 || report.problems.length > 0 ? 1 : 0;
}

/** Every annotation in `folder`, re-anchored in its article's text on disk. */
export async function placeAnnotations(folder: string): Promise<AnnotationsReport> {
  const root = path.resolve(folder);
  const store = new AnnotationStore(root);
  const snapshot = await store.load();
  const texts = new Map<string, Promise<string | null>>();
  const readArticle = (source: string) => {
    let text = texts.get(source);
    if (text === undefined) {
      text = articlePath(root, source) === null ? Promise.resolve(null) : fs.readFile(articlePath(root, source)!, 'utf8').catch(() => null);
      texts.set(source, text);
    }
    return text;
  };

  const annotations: PlacedAnnotation[] = [];
  for (const { summary, file } of snapshot.annotations) {
    const text = await readArticle(summary.source);
    annotations.push(place(summary, text, path.relative(root, file).split(path.sep).join('/')));
  }
  annotations.sort((a, b) => compare(a.article, b.article) || (a.range?.start ?? Infinity) - (b.range?.start ?? Infinity) || compare(a.id, b.id));
  const counts = { anchored: 0, moved: 0, orphaned: 0 };
  for (const annotation of annotations) counts[annotation.status]++;
  return { folder, counts, annotations, problems: snapshot.problems.map((problem) => describeProblem(root, problem)) };
}

function place(summary: AnnotationSummary, text: string | null, file: string): PlacedAnnotation {
  const common = {
    id: summary.id,
    article: summary.source,
    note: summary.note,
    tags: summary.tags,
    author: summary.author,
    created: summary.created,
    modified: summary.modified,
    quote: summary.quote?.exact ?? '',
    file,
  };
  if (text === null) {
    return { ...common, status: 'orphaned', range: null, text: null, reason: summary.source === '' ? 'the annotation names no article' : 'the article is not in the folder' };
  }
  const anchor = anchorAnnotation(text, { quote: summary.quote, position: summary.position });
  if (anchor.status === 'orphaned') {
    return summary.quote === null
      ? { ...common, status: 'orphaned', range: null, text: null, reason: 'the annotation has no TextQuoteSelector' }
      : { ...common, status: 'orphaned', range: null, text: null };
  }
  const from = lineAndColumn(text, anchor.start);
  const to = lineAndColumn(text, anchor.end);
  return {
    ...common,
    status: anchor.status,
    range: { start: anchor.start, end: anchor.end, startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column },
    text: anchor.text,
  };
}

/** The article's path on disk, or null when `source` does not name a file inside the folder. */
function articlePath(root: string, source: string): string | null {
  if (source === '' || /^[a-z][a-z0-9+.-]*:/i.test(source) && !source.startsWith('file:')) return null;
  let relative = source;
  if (source.startsWith('file:')) {
    try {
      relative = path.relative(root, new URL(source).pathname);
    } catch {
      return null;
    }
  }
  const resolved = path.resolve(root, relative);
  return resolved.startsWith(root + path.sep) ? resolved : null;
}

function describeProblem(root: string, problem: StoreProblem): AnnotationsReport['problems'][number] {
  if (problem.kind === 'unreadable') {
    const { error } = problem;
    return { file: path.relative(root, error.file), line: error.line, column: error.column, message: `${error.reason}; fix the file — Crosscheck will not write to it until it parses` };
  }
  return { file: path.relative(root, problem.item.file), message: `item ${problem.item.index + 1} skipped: ${problem.item.reason}` };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function oneLine(text: string, limit = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}

function textReport(report: AnnotationsReport): string {
  const lines = report.annotations.map((annotation) => {
    const where = annotation.range === null ? annotation.article : `${annotation.article}:${annotation.range.startLine}:${annotation.range.startColumn}`;
    const shown = annotation.text ?? annotation.quote;
    const note = annotation.note === '' ? '' : ` — ${oneLine(annotation.note, 60)}`;
    const reason = annotation.reason === undefined ? '' : ` (${annotation.reason})`;
    return `${annotation.status.padEnd(8)} ${where} "${oneLine(shown, 60)}"${note}${reason}`;
  });
  const { anchored, moved, orphaned } = report.counts;
  lines.push(`${report.annotations.length} annotation${report.annotations.length === 1 ? '' : 's'}: ${anchored} anchored, ${moved} moved, ${orphaned} orphaned`);
  return `${lines.join('\n')}\n`;
}

/** Markdown for a report: per article, each annotation with its status, passage, note and tags. */
export function markdownReport(report: AnnotationsReport): string {
  const { anchored, moved, orphaned } = report.counts;
  const parts = [
    `# Annotations`,
    '',
    `${report.annotations.length} annotation${report.annotations.length === 1 ? '' : 's'}: ${anchored} anchored, ${moved} moved, ${orphaned} orphaned.`,
  ];
  let article: string | undefined;
  for (const annotation of report.annotations) {
    if (annotation.article !== article) {
      article = annotation.article;
      parts.push('', `## ${escapeMarkdown(article === '' ? '(no article)' : article)}`, '');
    }
    const where = annotation.range === null ? '' : ` · line ${annotation.range.startLine}`;
    const passage = annotation.status === 'orphaned' ? `was: “${escapeMarkdown(oneLine(annotation.quote, 200))}”` : `“${escapeMarkdown(oneLine(annotation.text ?? '', 200))}”`;
    parts.push(`- **${annotation.status}**${where} · ${passage}`);
    if (annotation.status === 'moved' && annotation.text !== null && oneLine(annotation.text, 200) !== oneLine(annotation.quote, 200)) {
      parts.push(`  (annotated as “${escapeMarkdown(oneLine(annotation.quote, 200))}”)`);
    }
    for (const line of annotation.note.split(/\r?\n/)) parts.push(line.trim() === '' ? '  >' : `  > ${line}`);
    const byline = [annotation.author, annotation.created?.slice(0, 10)].filter((part) => part).join(', ');
    const tags = annotation.tags.length === 0 ? '' : `tags: ${annotation.tags.map((tag) => `\`${tag.replace(/`/g, "'")}\``).join(', ')}`;
    const footer = [byline === '' ? '' : `— ${escapeMarkdown(byline)}`, tags].filter((part) => part !== '').join(' · ');
    if (footer !== '') parts.push(`  ${footer}`);
    if (annotation.reason !== undefined) parts.push(`  (${annotation.reason})`);
  }
  return `${parts.join('\n')}\n`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}
