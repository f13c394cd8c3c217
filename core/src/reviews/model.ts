/**
 * Review state: what an editor decided about each finding ("reviewed", "dismissed", with an optional
 * note), as kept in the workspace file `.crosscheck/reviews.json` (see docs/reviews.md). Pure: parsing,
 * serialising, applying changes and looking a finding's decision up. Reading and writing the file is
 * store.ts.
 */

import type { Finding, FindingKind } from '../model';
import { normalizedText } from '../crossref/text';

export type ReviewStatus = 'reviewed' | 'dismissed';

/** One side of the finding as it read when the decision was taken (to recognise it after edits). */
export interface ReviewedSide {
  outlet: string;
  text: string;
}

export interface ReviewDecision {
  status: ReviewStatus;
  /** Why, in the reviewer's words; omitted when none was given. */
  note?: string;
  kind: FindingKind;
  /** The finding's summary when the decision was taken. */
  summary: string;
  sides: ReviewedSide[];
  /** ISO time of the decision. */
  decidedAt: string;
}

export interface ReviewState {
  /** Finding id → decision. */
  decisions: Map<string, ReviewDecision>;
}

/** A change one window makes; applied to a freshly read file so other windows' changes are kept. */
export type ReviewChange =
  | { op: 'set'; id: string; decision: ReviewDecision }
  | { op: 'clear'; id: string };

/** Where and why a review file could not be read. Lines and columns count from 1. */
export interface ReviewFileError {
  file: string;
  line: number;
  column: number;
  message: string;
}

export type ParsedReviews = { ok: true; state: ReviewState } | { ok: false; error: ReviewFileError };

export const REVIEW_FILE_VERSION = 1;

export function emptyReviews(): ReviewState {
  return { decisions: new Map() };
}

/** Parses the text of a review file. An empty (or whitespace-only) file holds no decisions. */
export function parseReviews(text: string, file: string): ParsedReviews {
  if (text.trim() === '') return { ok: true, state: emptyReviews() };
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    const offset = errorOffset(error instanceof Error ? error.message : String(error), text);
    const { line, column } = lineAndColumn(text, offset);
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\s*(?:in JSON )?at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '');
    return { ok: false, error: { file, line, column, message: `not valid JSON: ${reason}` } };
  }
  const wrong = (message: string, key?: string): ParsedReviews => {
    const at = key === undefined ? 0 : Math.max(0, text.indexOf(JSON.stringify(key)));
    return { ok: false, error: { file, ...lineAndColumn(text, at), message } };
  };
  if (!isObject(root)) return wrong('expected an object with "version" and "decisions"');
  if (root.version !== undefined && root.version !== REVIEW_FILE_VERSION) {
    return wrong(`version ${JSON.stringify(root.version)} is not one this Crosscheck reads (${REVIEW_FILE_VERSION})`, 'version');
  }
  const decisions = root.decisions ?? {};
  if (!isObject(decisions)) return wrong('"decisions" must be an object keyed by finding id', 'decisions');
  const state = emptyReviews();
  for (const [id, value] of Object.entries(decisions)) {
    const decision = readDecision(value);
    if (typeof decision === 'string') return wrong(`decision "${id}": ${decision}`, id);
    state.decisions.set(id, decision);
  }
  return { ok: true, state };
}

function readDecision(value: unknown): ReviewDecision | string {
  if (!isObject(value)) return 'expected an object';
  if (value.status !== 'reviewed' && value.status !== 'dismissed') return '"status" must be "reviewed" or "dismissed"';
  if (value.note !== undefined && typeof value.note !== 'string') return '"note" must be a string';
  const sides: ReviewedSide[] = [];
  if (Array.isArray(value.sides)) {
    for (const side of value.sides) {
      if (isObject(side) && typeof side.text === 'string') sides.push({ outlet: typeof side.outlet === 'string' ? side.outlet : '', text: side.text });
    }
  }
  return {
    status: value.status,
    ...(typeof value.note === 'string' && value.note !== '' ? { note: value.note } : {}),
    kind: (typeof value.kind === 'string' ? value.kind : 'contradiction') as FindingKind,
    summary: typeof value.summary === 'string' ? value.summary : '',
    sides,
    decidedAt: typeof value.decidedAt === 'string' ? value.decidedAt : '',
  };
}

/** The file text: decisions sorted by id, two-space indent, one trailing newline (diff-friendly). */
export function serializeReviews(state: ReviewState): string {
  const decisions: Record<string, unknown> = {};
  for (const id of [...state.decisions.keys()].sort()) {
    const d = state.decisions.get(id)!;
    decisions[id] = {
      status: d.status,
      ...(d.note ? { note: d.note } : {}),
      kind: d.kind,
      summary: d.summary,
      sides: d.sides.map((s) => ({ outlet: s.outlet, text: s.text })),
      decidedAt: d.decidedAt,
    };
  }
  return JSON.stringify({ version: REVIEW_FILE_VERSION, decisions }, null, 2) + '\n';
}

/** A new state with `changes` applied in order. */
export function applyChanges(state: ReviewState, changes: readonly ReviewChange[]): ReviewState {
  const decisions = new Map(state.decisions);
  for (const change of changes) {
    if (change.op === 'set') decisions.set(change.id, change.decision);
    else decisions.delete(change.id);
  }
  return { decisions };
}

/** The decision to record for `finding`. */
export function decide(
  finding: Pick<Finding, 'kind' | 'summary'> & { sides: readonly ReviewedSide[] },
  status: ReviewStatus,
  note: string | undefined,
  now: Date = new Date(),
): ReviewDecision {
  const trimmed = note?.trim();
  return {
    status,
    ...(trimmed ? { note: trimmed } : {}),
    kind: finding.kind,
    summary: finding.summary,
    sides: finding.sides.map((s) => ({ outlet: s.outlet, text: s.text })),
    decidedAt: now.toISOString(),
  };
}

/**
 * Finds the decision for a finding: by its id first; otherwise a decision of the same kind whose
 * recorded sides are mostly the finding's sides (so a decision follows a finding whose id changed
 * because one quote was retyped or another outlet joined the story).
 */
export class ReviewLookup {
  private readonly bySide = new Map<string, string[]>();

  constructor(readonly state: ReviewState) {
    for (const [id, d] of state.decisions) {
      for (const key of new Set(d.sides.map((s) => sideKey(d.kind, s.text)))) {
        const list = this.bySide.get(key);
        if (list) list.push(id);
        else this.bySide.set(key, [id]);
      }
    }
  }

  /** The decision and the id it is stored under, or undefined. */
  find(finding: Finding): { id: string; decision: ReviewDecision } | undefined {
    const exact = this.state.decisions.get(finding.id);
    if (exact) return { id: finding.id, decision: exact };
    if (this.bySide.size === 0) return undefined; // no recorded sides: nothing to share (and no text to normalise)
    const keys = new Set(finding.sides.map((s) => sideKey(finding.kind, s.text)));
    const shared = new Map<string, number>();
    for (const key of keys) for (const id of this.bySide.get(key) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    let best: { id: string; score: number } | undefined;
    for (const [id, count] of shared) {
      const decision = this.state.decisions.get(id)!;
      const recorded = new Set(decision.sides.map((s) => sideKey(decision.kind, s.text))).size;
      const score = count / (keys.size + recorded - count);
      // At least half of the union of sides in common, and two sides (one shared side is a coincidence).
      if (count < 2 || score < 0.5) continue;
      if (!best || score > best.score || (score === best.score && id < best.id)) best = { id, score };
    }
    return best ? { id: best.id, decision: this.state.decisions.get(best.id)! } : undefined;
  }
}

function sideKey(kind: string, text: string): string {
  return `${kind}\u0000${normalizedText(text)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The offset a JSON.parse message points at ("at position 12", "(line 2 column 5)"), else the end. */
function errorOffset(message: string, text: string): number {
  const position = /position (\d+)/.exec(message);
  if (position) return Math.min(Number(position[1]), text.length);
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) {
    const lines = text.split('\n');
    const line = Math.min(Number(lineColumn[1]), lines.length) - 1;
    let offset = 0;
    for (let i = 0; i < line; i++) offset += lines[i].length + 1;
    return offset + Number(lineColumn[2]) - 1;
  }
  return text.length;
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/** "reviews.json:4:7: not valid JSON: …" */
export function describeReviewError(error: ReviewFileError): string {
  return `${error.file}:${error.line}:${error.column}: ${error.message}`;
}
