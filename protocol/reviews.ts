/* eslint-disable @typescript-eslint/no-namespace -- message types are declared as namespaces (method + type), the vscode-eslint idiom */
/**
 * Review decisions between client and server. The client owns `.crosscheck/reviews.json` (it reads
 * and writes it, and only reads in an untrusted workspace) and tells the server every decision in
 * effect; the server hides dismissed findings, shows reviewed ones as hints, and offers the quick
 * fixes that run the client's review command.
 */
import { NotificationType } from 'vscode-languageserver-protocol';
import type { FindingKind } from '../core/src/model';
import type { ReviewDecision, ReviewStatus } from '../core/src/reviews/model';

export interface ReviewDecisionsParams {
  /** Finding id → decision, every decision in effect (the file's and this window's pending ones). */
  decisions: Record<string, ReviewDecision>;
}

/** Client → server: the decisions in effect changed (also sent once after the server starts). */
export namespace ReviewDecisionsNotification {
  export const method = 'crosscheck/reviewDecisions';
  export const type = new NotificationType<ReviewDecisionsParams>(method);
}

/** Command the quick fixes run (registered by the client). */
export const reviewFindingCommand = 'crosscheck.reviewFinding';
/** Command listing dismissed findings to restore them. */
export const showDismissedCommand = 'crosscheck.showDismissedFindings';

/** The one argument of `crosscheck.reviewFinding`. */
export interface ReviewFindingArguments {
  /** The id the decision is stored under (the finding's id, or the id of the decision it matched). */
  findingId: string;
  /** `open` clears the decision. */
  status: ReviewStatus | 'open';
  /** A note given in advance; when absent the client asks for one (it stays optional). */
  note?: string;
  /** Ask for a note (false: record without asking). */
  askNote?: boolean;
  finding: {
    kind: FindingKind;
    summary: string;
    sides: { outlet: string; text: string }[];
  };
}
