/**
 * Annotations on articles in the W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/),
 * the shape Hypothesis and Recogito exchange. Only the parts Crosscheck reads and writes are typed;
 * everything else an annotation file holds is kept as it is (the index signatures) so that a round
 * trip through Crosscheck never drops another tool's fields.
 *
 * Offsets in a TextPositionSelector are 0-based UTF-16 code units of the article file's text as
 * stored (the unit JavaScript strings, LSP positions and Hypothesis use); `end` is exclusive.
 */

export const annotationContext = 'http://www.w3.org/ns/anno.jsonld';

export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  /** The annotated text, word for word. */
  exact: string;
  /** Up to 32 characters right before it. */
  prefix?: string;
  /** Up to 32 characters right after it. */
  suffix?: string;
  [field: string]: unknown;
}

export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
  [field: string]: unknown;
}

export interface AnnotationTarget {
  /** The article's path relative to the workspace folder, with forward slashes. */
  source: string;
  selector?: unknown;
  [field: string]: unknown;
}

export interface TextualBody {
  type: 'TextualBody';
  value: string;
  /** `commenting` for the note, `tagging` for each tag. */
  purpose?: string;
  format?: string;
  [field: string]: unknown;
}

export interface Annotation {
  '@context'?: unknown;
  id: string;
  type: 'Annotation' | string[] | string;
  motivation?: unknown;
  created?: string;
  modified?: string;
  creator?: unknown;
  body?: unknown;
  target: unknown;
  [field: string]: unknown;
}

export interface AnnotationPage {
  '@context': unknown;
  type: 'AnnotationPage';
  items: unknown[];
  [field: string]: unknown;
}

/** What Crosscheck reads out of one annotation, whatever shape its file used. */
export interface AnnotationSummary {
  id: string;
  /** Article path relative to the workspace folder ('' when the annotation names none). */
  source: string;
  /** The note, Markdown. */
  note: string;
  tags: string[];
  author: string | null;
  created: string | null;
  modified: string | null;
  quote: TextQuoteSelector | null;
  position: { start: number; end: number } | null;
}

export type AnchorStatus = 'anchored' | 'moved' | 'orphaned';

/** Where an annotation sits in the article's current text. */
export type Anchor =
  | {
      /** `anchored`: the stored position still holds the exact text; `moved`: found elsewhere or with changed words. */
      status: 'anchored' | 'moved';
      start: number;
      end: number;
      /** The text now at the range. */
      text: string;
    }
  | { status: 'orphaned' };
