/**
 * What every report format is built from: the stories to report on, each with its Compare coverage
 * view, its overview (articles, people, quotes) and its findings. Read from the corpus index; nothing
 * here analyses text.
 */
import type { CorpusIndex, CoverageRow, CoverageView, Finding, FindingKind, Severity, Story, StoryOverview } from '../../../core/src/index';
import { storyOverviews } from '../../../core/src/index';
import { LineTable, type LinePosition } from './lines';

export interface StoryReport {
  story: Story;
  overview: StoryOverview;
  /** Compare coverage of the whole story; its columns are the story's articles. */
  view: CoverageView;
  findings: Finding[];
}

export interface CoverageReport {
  corpus: CorpusIndex;
  stories: StoryReport[];
  /** The findings of the reported stories, most severe first. */
  findings: Finding[];
}

/** Findings that `--fail-on` names, by the word the user types. */
export const failOnKinds: Record<'contradiction' | 'quote' | 'derived' | 'any', FindingKind[] | 'any'> = {
  contradiction: ['contradiction'],
  quote: ['quote-variant', 'speaker-conflict'],
  derived: ['derived'],
  any: 'any',
};

export type FailOn = keyof typeof failOnKinds;

export function failingFindings(findings: Finding[], failOn: FailOn[]): Finding[] {
  return findings.filter((finding) => failOn.some((name) => {
    const kinds = failOnKinds[name];
    return kinds === 'any' || kinds.includes(finding.kind);
  }));
}

const severityOrder: Severity[] = ['error', 'warning', 'information', 'hint'];

export function bySeverity(a: Finding, b: Finding): number {
  return severityOrder.indexOf(a.severity) - severityOrder.indexOf(b.severity);
}

/**
 * The stories to report on (all of them, or those whose id is in `storyIds`), largest first, with
 * the columns of each story's coverage in a stable order (earliest article first).
 */
export function buildCoverageReport(corpus: CorpusIndex, storyIds: string[] = []): CoverageReport {
  const wanted = new Set(storyIds);
  const stories: StoryReport[] = [];
  const byId = new Map(corpus.stories().map((story) => [story.id, story]));
  const findings = corpus.findings();
  for (const overview of storyOverviews(corpus)) {
    if (wanted.size > 0 && !wanted.has(overview.id)) continue;
    const story = byId.get(overview.id);
    const first = overview.articles[0]?.file;
    const view = first === undefined ? undefined : corpus.coverage(first);
    if (story === undefined || view === undefined) continue;
    stories.push({ story, overview, view, findings: findings.filter((finding) => finding.storyId === story.id).sort(bySeverity) });
  }
  return { corpus, stories, findings: stories.flatMap((story) => story.findings).sort(bySeverity) };
}

/** Story ids the corpus does not have (to report a mistyped `--story`). */
export function unknownStories(corpus: CorpusIndex, storyIds: string[]): string[] {
  const known = new Set(corpus.stories().map((story) => story.id));
  return storyIds.filter((id) => !known.has(id));
}

/** A quote row that only holds label-like quotes (scare quotes): nobody said those words. */
export function isLabelRow(corpus: CorpusIndex, row: CoverageRow): boolean {
  if (row.kind !== 'quote') return false;
  return row.cells.every((cell) => cell === null
    || (corpus.article(cell.file)?.quotes.some((quote) => quote.start === cell.start && quote.scare) ?? false));
}

/** Line and column of offsets in the corpus's articles, one line table per article. */
export class Positions {
  private readonly tables = new Map<string, LineTable>();

  constructor(private readonly corpus: CorpusIndex) {}

  at(file: string, offset: number): LinePosition {
    let table = this.tables.get(file);
    if (table === undefined) {
      table = new LineTable(this.corpus.article(file)?.text ?? '');
      this.tables.set(file, table);
    }
    return table.position(offset);
  }
}
