/**
 * The JSON report: the document `crosscheck analyze --format json` prints (docs/cli.md), narrowed to
 * the reported stories, plus `findings` with each finding's story and the line and column of its sides.
 */
import { type JsonReport, jsonReport } from '../reports';
import { type CoverageReport, Positions } from './stories';

export interface JsonCoverageReport extends JsonReport {
  findings: {
    id: string;
    kind: string;
    severity: string;
    storyId: string;
    summary: string;
    sides: {
      file: string;
      outlet: string;
      start: number;
      end: number;
      /** 1-based, columns in UTF-16 code units; the end is exclusive. */
      startLine: number;
      startColumn: number;
      endLine: number;
      endColumn: number;
      text: string;
    }[];
  }[];
}

/** `order`: the analysed articles in command-line order. */
export function jsonCoverageReport(report: CoverageReport, order: string[]): JsonCoverageReport {
  const inReport = new Set(report.stories.flatMap((story) => story.story.files));
  const storyIds = new Set(report.stories.map((story) => story.story.id));
  const document = jsonReport(report.corpus, order.filter((file) => inReport.has(file)));
  const positions = new Positions(report.corpus);
  return {
    ...document,
    stories: document.stories.filter((story) => storyIds.has(story.id)),
    quoteGroups: document.quoteGroups.filter((group) => group.members.some((member) => inReport.has(member.file))),
    conflicts: document.conflicts.filter((conflict) => conflict.sides.some((side) => inReport.has(side.file))),
    derivations: document.derivations.filter((derivation) => inReport.has(derivation.derived)),
    findings: report.findings.map((finding) => ({
      id: finding.id,
      kind: finding.kind,
      severity: finding.severity,
      storyId: finding.storyId,
      summary: finding.summary,
      sides: finding.sides.map((side) => {
        const start = positions.at(side.file, side.start);
        const end = positions.at(side.file, side.end);
        return {
          file: side.file,
          outlet: side.outlet,
          start: side.start,
          end: side.end,
          startLine: start.line,
          startColumn: start.column,
          endLine: end.line,
          endColumn: end.column,
          text: side.text,
        };
      }),
    })),
  };
}
