/**
 * Review decisions on the server: the client sends every decision in effect (it owns the review
 * file); findings dismissed are left out of the diagnostics, findings reviewed are shown as hints
 * marked "(reviewed)", and each Crosscheck diagnostic offers quick fixes that run the client's
 * review command.
 */
import { CodeActionKind, DiagnosticSeverity } from 'vscode-languageserver';
import type { CodeAction, CodeActionOptions, CodeActionParams, Connection, Diagnostic } from 'vscode-languageserver';
import type { CorpusIndex, Finding, Severity } from '../../core/src/index';
import { emptyReviews, ReviewLookup } from '../../core/src/reviews/model';
import type { ReviewDecision } from '../../core/src/reviews/model';
import { ReviewDecisionsNotification, reviewFindingCommand } from '../../protocol/reviews';
import type { ReviewDecisionsParams, ReviewFindingArguments } from '../../protocol/reviews';
import { diagnosticSource } from './diagnostics';

export const reviewCodeActionOptions: CodeActionOptions = { codeActionKinds: [CodeActionKind.QuickFix] };

/** What a Crosscheck diagnostic carries in `data`. */
interface FindingData {
  findingId: string;
  /** The id the finding's decision is stored under, when it has one. */
  reviewId?: string;
  review?: 'reviewed';
}

export class ReviewDecisions {
  private lookup = new ReviewLookup(emptyReviews());

  /** Replaces the decisions in effect; true when they changed. */
  set(params: ReviewDecisionsParams): boolean {
    const decisions = new Map<string, ReviewDecision>(Object.entries(params.decisions ?? {}));
    const before = JSON.stringify([...this.lookup.state.decisions]);
    this.lookup = new ReviewLookup({ decisions });
    return JSON.stringify([...decisions]) !== before;
  }

  decisionOf(finding: Finding): { id: string; decision: ReviewDecision } | undefined {
    return this.lookup.find(finding);
  }

  /** The severity a finding is shown with once reviewed (hint) or dismissed (null: not shown). */
  severity(finding: Finding, shown: Severity | null): Severity | null {
    if (shown === null) return null;
    const decided = this.decisionOf(finding);
    if (decided === undefined) return shown;
    return decided.decision.status === 'dismissed' ? null : 'hint';
  }

  /** Marks the diagnostic of a reviewed finding: "(reviewed: note)" after the message. */
  decorate(finding: Finding, diagnostic: Diagnostic): Diagnostic {
    const decided = this.decisionOf(finding);
    if (decided === undefined || decided.decision.status !== 'reviewed') return diagnostic;
    const note = decided.decision.note ? `: ${decided.decision.note}` : '';
    const data: FindingData = { findingId: finding.id, reviewId: decided.id, review: 'reviewed' };
    return { ...diagnostic, severity: DiagnosticSeverity.Hint, message: `${diagnostic.message} (reviewed${note})`, data };
  }
}

/** Quick fixes for the Crosscheck diagnostics in the request: review, dismiss, or reopen a finding. */
export function reviewCodeActions(corpus: CorpusIndex, reviews: ReviewDecisions, params: CodeActionParams): CodeAction[] {
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  const findings = new Map(corpus.findingsFor(params.textDocument.uri).map((f) => [f.id, f]));
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== diagnosticSource) continue;
    const data = diagnostic.data as Partial<FindingData> | undefined;
    const finding = data?.findingId === undefined ? undefined : findings.get(data.findingId);
    if (finding === undefined || seen.has(finding.id)) continue;
    seen.add(finding.id);
    const decided = reviews.decisionOf(finding);
    const id = decided?.id ?? finding.id;
    const args = (status: ReviewFindingArguments['status']): ReviewFindingArguments => ({
      findingId: id,
      status,
      askNote: status !== 'open',
      finding: { kind: finding.kind, summary: finding.summary, sides: finding.sides.map((s) => ({ outlet: s.outlet, text: s.text })) },
    });
    const action = (title: string, status: ReviewFindingArguments['status'], preferred = false): CodeAction => ({
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      ...(preferred ? { isPreferred: true } : {}),
      command: { title, command: reviewFindingCommand, arguments: [args(status)] },
    });
    if (decided?.decision.status === 'reviewed') {
      actions.push(action('Dismiss this finding (hide it for everyone using the review file)', 'dismissed'));
      actions.push(action('Reopen this finding (clear the review)', 'open'));
    } else {
      actions.push(action('Mark finding as reviewed…', 'reviewed', true));
      actions.push(action('Dismiss finding…', 'dismissed'));
    }
  }
  return actions;
}

/** Listens for the client's decisions; `changed` republishes the diagnostics. */
export function registerReviews(connection: Connection, reviews: ReviewDecisions, changed: () => void): void {
  connection.onNotification(ReviewDecisionsNotification.method, (params: ReviewDecisionsParams) => {
    if (reviews.set(params)) changed();
  });
}
