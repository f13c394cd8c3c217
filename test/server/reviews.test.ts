/**
 * Review state over the real protocol: a Crosscheck diagnostic offers quick fixes that run the
 * client's review command; once the client sends the decision, a dismissed finding's diagnostics
 * disappear and a reviewed one's turn into hints marked "(reviewed)".
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { CodeActionRequest, DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import type { CodeAction, Command, Diagnostic } from 'vscode-languageserver-protocol/node';
import { decide } from '../../core/src/reviews/model';
import type { ReviewDecision } from '../../core/src/reviews/model';
import { ReviewDecisionsNotification, reviewFindingCommand } from '../../protocol/reviews';
import type { ReviewFindingArguments } from '../../protocol/reviews';
import { fileUri, LanguageServer, makeWorkspace, messageOf, removeWorkspace } from './languageServer';

const harbor = `Title: Port authority and union reach deal after marathon talks
Outlet: Harbor Gazette
Date: 2025-03-04

Port authority chief Marta Olsen and union leader Ken Abara met on Monday to settle the strike.
The talks lasted nearly four hours, according to people in the room.
Abara said the union would put the deal to a vote next week.
`;

const coast = `Title: Dock strike ends as union and port authority strike a deal
Outlet: Coast Times
Date: 2025-03-04

Marta Olsen, who runs the port authority, met union leader Ken Abara on Monday to end the strike.
The talks lasted over four hours, and the two emerged with an agreement.
Abara said members would vote on the deal next week.
`;

void describe('review decisions in the language server', () => {
  let folder: string;
  let server: LanguageServer;
  let harborUri: string;
  let coastUri: string;

  const contradictions = (uri: string): Diagnostic[] =>
    (server.diagnostics.get(uri) ?? []).filter((d) => d.code === 'contradiction');

  before(async () => {
    folder = makeWorkspace({ 'articles/harbor-gazette.txt': harbor, 'articles/coast-times.txt': coast });
    harborUri = fileUri(path.join(folder, 'articles', 'harbor-gazette.txt'));
    coastUri = fileUri(path.join(folder, 'articles', 'coast-times.txt'));
    server = await LanguageServer.start(folder);
    await server.waitFor(() => contradictions(harborUri).length > 0, 'the duration contradiction');
  });

  after(async () => {
    await server.stop();
    removeWorkspace(folder);
  });

  async function quickFixes(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    const actions = await server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
    return (actions ?? []).filter((a): a is CodeAction => 'kind' in a || 'edit' in a || 'diagnostics' in a);
  }

  function argumentsOf(action: CodeAction): ReviewFindingArguments {
    const command = action.command as Command;
    assert.equal(command.command, reviewFindingCommand);
    return command.arguments![0] as ReviewFindingArguments;
  }

  /** What the client does when the command runs: records the decision and sends every decision. */
  async function clientRecords(decisions: Record<string, ReviewDecision>): Promise<void> {
    await server.connection.sendNotification(ReviewDecisionsNotification.type, { decisions });
  }

  void it('offers "mark as reviewed" and "dismiss" on a contradiction', async () => {
    const actions = await quickFixes(harborUri, contradictions(harborUri)[0]);
    assert.deepEqual(actions.map((a) => argumentsOf(a).status), ['reviewed', 'dismissed']);
    assert.equal(argumentsOf(actions[0]).finding.kind, 'contradiction');
  });

  void it('shows a reviewed contradiction as a hint marked (reviewed) with the note', async () => {
    const [review] = await quickFixes(harborUri, contradictions(harborUri)[0]);
    const args = argumentsOf(review);
    await clientRecords({ [args.findingId]: decide(args.finding, 'reviewed', 'the agency confirmed four hours') });
    await server.waitFor(() => contradictions(harborUri)[0]?.severity === DiagnosticSeverity.Hint, 'the reviewed hint');
    assert.match(messageOf(contradictions(harborUri)[0]), /\(reviewed: the agency confirmed four hours\)$/);
  });

  void it('removes a dismissed contradiction from both articles', async () => {
    const actions = await quickFixes(coastUri, contradictions(coastUri)[0]);
    const dismiss = actions.find((a) => argumentsOf(a).status === 'dismissed')!;
    const args = argumentsOf(dismiss);
    await clientRecords({ [args.findingId]: decide(args.finding, 'dismissed', undefined) });
    await server.waitFor(() => contradictions(harborUri).length === 0 && contradictions(coastUri).length === 0, 'the dismissed finding to disappear');
  });

  void it('brings the contradiction back when the decision is cleared', async () => {
    await clientRecords({});
    await server.waitFor(() => contradictions(harborUri)[0]?.severity === DiagnosticSeverity.Warning, 'the restored warning');
  });
});
