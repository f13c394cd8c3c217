/**
 * Annotation files: reading (an AnnotationPage, a single Annotation or a JSON array of them) and
 * writing (always an AnnotationPage). A file that is not valid JSON, or not one of those shapes,
 * is an AnnotationFileError naming the line and column — and must never be overwritten.
 */
import { isRecord } from './annotation';
import { annotationContext } from './model';
import type { Annotation, AnnotationPage } from './model';

export class AnnotationFileError extends Error {
  constructor(
    readonly file: string,
    /** 1-based. */
    readonly line: number,
    /** 1-based. */
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = 'AnnotationFileError';
  }
}

/** An entry of `items` that Crosscheck cannot use; it stays in the file untouched. */
export interface SkippedItem {
  file: string;
  /** 0-based index in the file's items. */
  index: number;
  reason: string;
}

export interface ParsedAnnotationFile {
  /** The page as read (or built around a single annotation / an array); writing keeps its other fields. */
  page: AnnotationPage;
  /** The usable annotations, with their index in `page.items`. */
  annotations: { annotation: Annotation; index: number }[];
  skipped: SkippedItem[];
}

/** Reads an annotation file; throws AnnotationFileError when it cannot be read as one. */
export function parseAnnotationFile(file: string, content: string): ParsedAnnotationFile {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const at = jsonErrorOffset(text);
    const { line, column } = lineAndColumn(text, at);
    // V8's message, without the position (given as line and column) or the quoted snippet.
    const reason = error instanceof Error ? error.message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/, (\.\.\.)?".*$/s, '') : String(error);
    throw new AnnotationFileError(file, line, column, `not valid JSON (${reason})`);
  }
  let page: AnnotationPage;
  if (Array.isArray(value)) {
    page = { '@context': annotationContext, type: 'AnnotationPage', items: value };
  } else if (isRecord(value) && hasType(value, 'AnnotationPage')) {
    if (!Array.isArray(value.items)) {
      throw new AnnotationFileError(file, 1, 1, 'an AnnotationPage needs an "items" array');
    }
    page = { ...value, '@context': value['@context'] ?? annotationContext, type: 'AnnotationPage', items: value.items };
  } else if (isRecord(value) && hasType(value, 'Annotation')) {
    const { '@context': context, ...annotation } = value;
    page = { '@context': context ?? annotationContext, type: 'AnnotationPage', items: [annotation] };
  } else {
    throw new AnnotationFileError(file, 1, 1, 'expected an AnnotationPage, an Annotation or an array of annotations');
  }

  const annotations: ParsedAnnotationFile['annotations'] = [];
  const skipped: SkippedItem[] = [];
  const ids = new Set<string>();
  page.items.forEach((item, index) => {
    const reason = unusable(item);
    if (reason !== null) {
      skipped.push({ file, index, reason });
      return;
    }
    const annotation = item as Annotation;
    if (ids.has(annotation.id)) {
      skipped.push({ file, index, reason: `a second annotation with the id ${annotation.id}` });
      return;
    }
    ids.add(annotation.id);
    annotations.push({ annotation, index });
  });
  return { page, annotations, skipped };
}

/** The file's text for a page: two-space JSON, items in order, newline at the end. */
export function serializeAnnotationPage(page: AnnotationPage): string {
  const { '@context': context, type, items, ...rest } = page;
  return `${JSON.stringify({ '@context': context ?? annotationContext, type, ...rest, items }, null, 2)}\n`;
}

export function emptyAnnotationPage(): AnnotationPage {
  return { '@context': annotationContext, type: 'AnnotationPage', items: [] };
}

function unusable(item: unknown): string | null {
  if (!isRecord(item)) return 'not an object';
  if (!hasType(item, 'Annotation')) return 'its type is not "Annotation"';
  if (typeof item.id !== 'string' || item.id === '') return 'it has no "id"';
  if (item.target === undefined) return 'it has no "target"';
  return null;
}

function hasType(value: Record<string, unknown>, type: string): boolean {
  return value.type === type || (Array.isArray(value.type) && value.type.includes(type));
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Offset of the first JSON syntax error in `text` (the message V8 gives differs between versions
 * and does not always carry a position, so the scan is done here).
 */
export function jsonErrorOffset(text: string): number {
  let at = 0;
  const fail = (): never => {
    throw at;
  };
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at])) at++;
  };
  const literal = (word: string) => {
    for (const char of word) {
      if (text[at] !== char) fail();
      at++;
    }
  };
  const string = () => {
    if (text[at] !== '"') fail();
    at++;
    for (;;) {
      if (at >= text.length) fail();
      const char = text[at];
      if (char === '"') {
        at++;
        return;
      }
      if (char < ' ') fail();
      if (char === '\\') {
        at++;
        if (text[at] === 'u') {
          for (let digit = 1; digit <= 4; digit++) if (!/[0-9a-fA-F]/.test(text[at + digit] ?? '')) fail();
          at += 5;
          continue;
        }
        if (!'"\\/bfnrt'.includes(text[at] ?? 'x')) fail();
      }
      at++;
    }
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at, at + 400));
    if (match === null || match[0] === '' || match[0] === '-') fail();
    at += match![0].length;
  };
  const value = (): void => {
    space();
    const char = text[at];
    if (char === '{') {
      at++;
      space();
      if (text[at] === '}') {
        at++;
        return;
      }
      for (;;) {
        space();
        string();
        space();
        if (text[at] !== ':') fail();
        at++;
        value();
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === '}') {
          at++;
          return;
        }
        fail();
      }
    } else if (char === '[') {
      at++;
      space();
      if (text[at] === ']') {
        at++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === ']') {
          at++;
          return;
        }
        fail();
      }
    } else if (char === '"') string();
    else if (char === 't') literal('true');
    else if (char === 'f') literal('false');
    else if (char === 'n') literal('null');
    else number();
  };
  try {
    value();
    space();
    if (at < text.length) fail();
  } catch (offset) {
    if (typeof offset === 'number') return Math.min(offset, text.length);
    throw offset;
  }
  return text.length;
}
