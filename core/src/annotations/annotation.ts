/**
 * Building, reading and changing single annotations. Reading is lenient (W3C allows a body or
 * target to be one object, an array or an IRI; a note may be `bodyValue`), writing is what
 * docs/annotations.md documents. Changes return a new object that keeps every field they do not touch.
 */
import type { Annotation, AnnotationSummary, TextPositionSelector, TextQuoteSelector, TextualBody } from './model';

/** Characters of context stored on each side of the annotated text. */
export const contextLength = 32;

export interface NewAnnotation {
  /** A unique IRI, e.g. `urn:uuid:…` (the caller makes it, so the core stays deterministic). */
  id: string;
  /** Article path relative to the workspace folder, forward slashes. */
  source: string;
  /** The article's text when the passage was selected. */
  text: string;
  start: number;
  end: number;
  note: string;
  tags?: string[];
  author?: string | null;
  /** ISO time stamp. */
  now: string;
}

export function createAnnotation(fields: NewAnnotation): Annotation {
  const annotation: Annotation = {
    id: fields.id,
    type: 'Annotation',
    motivation: 'commenting',
    created: fields.now,
    modified: fields.now,
    body: bodies(fields.note, fields.tags ?? []),
    target: { source: fields.source, selector: selectorsFor(fields.text, fields.start, fields.end) },
  };
  if (fields.author) annotation.creator = { type: 'Person', name: fields.author };
  return annotation;
}

/** A TextQuoteSelector and a TextPositionSelector for `[start, end)` of `text`. */
export function selectorsFor(text: string, start: number, end: number): [TextQuoteSelector, TextPositionSelector] {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return [
    {
      type: 'TextQuoteSelector',
      exact: text.slice(from, to),
      prefix: text.slice(Math.max(0, from - contextLength), from),
      suffix: text.slice(to, to + contextLength),
    },
    { type: 'TextPositionSelector', start: from, end: to },
  ];
}

/** A copy with a new note and tags; other bodies (links, replies from other tools) are kept. */
export function withNote(annotation: Annotation, note: string, tags: string[], now: string): Annotation {
  const others = asList(annotation.body).filter((body) => !isNoteBody(body) && !isTagBody(body));
  const { bodyValue: _replaced, ...rest } = annotation;
  return { ...rest, body: [...bodies(note, tags), ...others], modified: now };
}

/** A copy anchored to `[start, end)` of `text` in `source` (re-attaching an orphan). */
export function withTarget(annotation: Annotation, source: string, text: string, start: number, end: number, now: string): Annotation {
  const targets = asList(annotation.target);
  const first = targets[0];
  const kept = isRecord(first) ? first : {};
  const target = { ...kept, source, selector: selectorsFor(text, start, end) };
  return { ...annotation, target: targets.length > 1 ? [target, ...targets.slice(1)] : target, modified: now };
}

export function summarize(annotation: Annotation): AnnotationSummary {
  const bodyList = asList(annotation.body);
  const noteBodies = bodyList.filter(isNoteBody).map((body) => body.value);
  if (typeof annotation.bodyValue === 'string') noteBodies.unshift(annotation.bodyValue);
  const target = firstTarget(annotation.target);
  return {
    id: annotation.id,
    source: target.source,
    note: noteBodies.join('\n\n'),
    tags: bodyList.filter(isTagBody).map((body) => body.value),
    author: creatorName(annotation.creator),
    created: typeof annotation.created === 'string' ? annotation.created : null,
    modified: typeof annotation.modified === 'string' ? annotation.modified : null,
    quote: target.quote,
    position: target.position,
  };
}

function bodies(note: string, tags: string[]): TextualBody[] {
  const list: TextualBody[] = [];
  if (note.trim() !== '') list.push({ type: 'TextualBody', value: note, format: 'text/markdown', purpose: 'commenting' });
  for (const tag of normaliseTags(tags)) list.push({ type: 'TextualBody', value: tag, purpose: 'tagging' });
  return list;
}

/** Tags trimmed, empty ones dropped, each once. */
export function normaliseTags(tags: string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim()).filter((tag) => tag !== ''))];
}

function firstTarget(target: unknown): { source: string; quote: TextQuoteSelector | null; position: { start: number; end: number } | null } {
  const empty = { source: '', quote: null, position: null };
  for (const candidate of asList(target)) {
    if (typeof candidate === 'string') return { ...empty, source: candidate };
    if (!isRecord(candidate)) continue;
    const source = typeof candidate.source === 'string' ? candidate.source : typeof candidate.id === 'string' ? candidate.id : '';
    let quote: TextQuoteSelector | null = null;
    let position: { start: number; end: number } | null = null;
    for (const selector of flattenSelectors(candidate.selector)) {
      if (selector.type === 'TextQuoteSelector' && typeof selector.exact === 'string' && quote === null) {
        quote = {
          ...selector,
          type: 'TextQuoteSelector',
          exact: selector.exact,
          prefix: typeof selector.prefix === 'string' ? selector.prefix : '',
          suffix: typeof selector.suffix === 'string' ? selector.suffix : '',
        };
      }
      if (selector.type === 'TextPositionSelector' && isOffset(selector.start) && isOffset(selector.end) && position === null) {
        position = { start: selector.start, end: Math.max(selector.start, selector.end) };
      }
    }
    return { source, quote, position };
  }
  return empty;
}

/** Selectors given as one object, an array, or refined by another selector (`refinedBy`). */
function flattenSelectors(selector: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  for (const candidate of asList(selector)) {
    if (!isRecord(candidate)) continue;
    found.push(candidate);
    if (candidate.refinedBy !== undefined) found.push(...flattenSelectors(candidate.refinedBy));
  }
  return found;
}

function creatorName(creator: unknown): string | null {
  const first = asList(creator)[0];
  if (typeof first === 'string') return first;
  if (!isRecord(first)) return null;
  for (const key of ['name', 'nickname', 'email']) {
    if (typeof first[key] === 'string' && first[key] !== '') return first[key];
  }
  return null;
}

function isNoteBody(body: unknown): body is TextualBody {
  return isRecord(body) && typeof body.value === 'string' && body.purpose !== 'tagging' && (body.type === 'TextualBody' || body.type === undefined);
}

function isTagBody(body: unknown): body is TextualBody {
  return isRecord(body) && typeof body.value === 'string' && body.purpose === 'tagging';
}

function isOffset(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
