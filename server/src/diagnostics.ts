/**
 * Findings as diagnostics: one per side of a finding in the article, the other sides as related
 * information. Diagnostics are pushed for every indexed article, open or not.
 */
import { createHash } from 'node:crypto';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Diagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { CorpusIndex, Finding, Severity, Story } from '../../core/src/index';
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

/**
 * Sends diagnostics for the articles whose diagnostics changed since they were last sent.
 *
 * A refresh costs what changed, not the size of the archive: a file whose `findingsFor` answer holds
 * the same Finding objects as the last time is skipped without building its diagnostics (the corpus
 * keeps a story's finding objects while nothing the story reads changed, and recomputes them when one
 * of its texts changes, so unchanged objects mean unchanged ranges too). The other files' diagnostics
 * are built and compared by a hash of what was last sent, so a recomputed story whose findings came
 * out the same sends nothing. What the findings alone do not decide (severity settings, review
 * decisions) is handled by `invalidate()`, which makes the next refresh rebuild every file's
 * diagnostics and send those that differ.
 */
export class DiagnosticsPublisher {
  private readonly sent = new Map<string, { findings: readonly Finding[] | undefined; key: string }>();
  /** Each story as of the last publish, with the object its findings came from (its results). */
  private checkedStories = new Map<Story, object | undefined>();
  /** Files forgotten since the last publish (their stories are looked at again). */
  private readonly forgotten = new Set<string>();

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
    this.forgotten.add(file);
  }

  /**
   * The severities or decorations may have changed (settings, review decisions): the next publish
   * rebuilds every file's diagnostics and sends those that differ from what was sent.
   */
  invalidate(): void {
    for (const entry of this.sent.values()) entry.findings = undefined;
    this.checkedStories = new Map();
  }

  publishChanged(): number {
    let published = 0;
    const articles = this.corpus.articles();
    const corpus = this.corpus as CorpusIndex & { findingSource?: (storyId: string) => object | undefined };
    const stories = corpus.findingSource ? this.corpus.stories() : undefined;
    let covered = 0;
    for (const story of stories ?? []) covered += story.files.length;
    const checked = new Map<Story, object | undefined>();
    if (stories !== undefined && covered === articles.length) {
      // Story by story: a story that is the same object with the same results as when its files were
      // last brought up to date (and none of them forgotten since) is skipped without looking at them.
      for (const story of stories) {
        const source = corpus.findingSource!(story.id);
        const unchanged = source !== undefined && this.checkedStories.get(story) === source
          && (this.forgotten.size === 0 || !story.files.some((file) => this.forgotten.has(file)));
        if (!unchanged) for (const file of story.files) published += this.publishFile(file);
        checked.set(story, source);
      }
    } else {
      for (const { file } of articles) published += this.publishFile(file);
    }
    this.checkedStories = checked;
    this.forgotten.clear();
    if (this.sent.size > articles.length) {
      const files = new Set(articles.map((article) => article.file));
      for (const file of [...this.sent.keys()]) {
        if (files.has(file)) continue;
        this.sent.delete(file);
        this.send(file, []);
        published++;
      }
    }
    return published;
  }

  /** Sends `file`'s diagnostics if they changed since last sent; 1 when sent. */
  private publishFile(file: string): number {
    const findings = this.corpus.findingsFor(file);
    const last = this.sent.get(file);
    if (last !== undefined && last.findings !== undefined && sameFindings(last.findings, findings)) return 0;
    const diagnostics = diagnosticsFor(this.corpus, this.positions, file, this.severityOf, this.decorate);
    const key = digest(diagnostics);
    if (last !== undefined && last.key === key) {
      last.findings = findings;
      return 0;
    }
    this.sent.set(file, { findings, key });
    this.send(file, diagnostics);
    return 1;
  }
}

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What was sent, kept as a hash rather than the JSON itself (an archive has thousands of files). */
function digest(diagnostics: Diagnostic[]): string {
  return diagnostics.length === 0 ? '' : createHash('sha1').update(JSON.stringify(diagnostics)).digest('base64');
}
