/**
 * Findings as diagnostics: one per side of a finding in the article, the other sides as related
 * information. Diagnostics are pushed for every indexed article, open or not.
 */
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Diagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { CorpusIndex, Finding, Severity } from '../../core/src/index';
import type { Positions } from './positions';

export const diagnosticSource = 'Crosscheck';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * The diagnostics of one article. `severityOf` gives the severity a finding is shown with (the
 * user's settings), or null to leave it out; by default each finding keeps its own.
 */
export function diagnosticsFor(corpus: CorpusIndex, positions: Positions, file: string,
  severityOf: (finding: Finding) => Severity | null = (finding) => finding.severity,
  decorate: (finding: Finding, diagnostic: Diagnostic) => Diagnostic = (_finding, diagnostic) => diagnostic): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const finding of corpus.findingsFor(file)) {
    const severity = severityOf(finding);
    if (severity === null) continue;
    finding.sides.forEach((side, index) => {
      if (side.file !== file) return;
      const range = positions.range(file, side);
      if (range === undefined) return;
      diagnostics.push(decorate(finding, {
        range,
        severity: severities[severity] ?? DiagnosticSeverity.Information,
        source: diagnosticSource,
        code: finding.kind,
        message: finding.summary,
        relatedInformation: relatedSides(positions, finding, index),
        data: { findingId: finding.id },
      }));
    });
  }
  return diagnostics;
}

function relatedSides(positions: Positions, finding: Finding, own: number): DiagnosticRelatedInformation[] {
  const related: DiagnosticRelatedInformation[] = [];
  finding.sides.forEach((side, index) => {
    if (index === own) return;
    const location = positions.location(side.file, side);
    if (location !== undefined) related.push({ location, message: `${side.outlet}: ${side.text}` });
  });
  return related;
}

/** Sends diagnostics for the articles whose diagnostics changed since they were last sent. */
export class DiagnosticsPublisher {
  private readonly sent = new Map<string, string>();

  constructor(
    private readonly corpus: CorpusIndex,
    private readonly positions: Positions,
    private readonly send: (file: string, diagnostics: Diagnostic[]) => void,
    private readonly severityOf?: (finding: Finding) => Severity | null,
    /** Changes a finding's diagnostic before it is sent (review state: "(reviewed)"). */
    private readonly decorate?: (finding: Finding, diagnostic: Diagnostic) => Diagnostic,
  ) {}

  /** Sends `file`'s diagnostics again on the next publish (its file notes changed). */
  forget(file: string): void {
    this.sent.delete(file);
  }

  publishChanged(): number {
    let published = 0;
    const files = new Set(this.corpus.articles().map((article) => article.file));
    for (const file of files) {
      const diagnostics = diagnosticsFor(this.corpus, this.positions, file, this.severityOf, this.decorate);
      const key = JSON.stringify(diagnostics);
      if (this.sent.get(file) === key) continue;
      this.sent.set(file, key);
      this.send(file, diagnostics);
      published++;
    }
    for (const file of [...this.sent.keys()]) {
      if (files.has(file)) continue;
      this.sent.delete(file);
      this.send(file, []);
      published++;
    }
    return published;
  }
}
