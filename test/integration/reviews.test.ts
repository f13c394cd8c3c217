/**
 * Review state in a real VS Code: the quick fixes on a Crosscheck diagnostic of a demo article mark the
 * finding reviewed, reopen it and dismiss it; each decision lands in `.crosscheck/reviews.json` and
 * changes what the editor shows; Show Dismissed Findings restores it. The workspace is a fresh copy of
 * seeds/ for every run.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor } from './support';

interface CrosscheckApi {
  isReady?: () => boolean | Promise<unknown>;
}

interface ReviewArguments {
  findingId: string;
  status: string;
  note?: string;
  askNote?: boolean;
  finding: { kind: string; summary: string };
}

interface ReviewFile {
  version: number;
  decisions: Record<string, { status: string; note?: string; kind: string; summary: string }>;
}

const VENUE = /limousine|air ?base/i;

async function ready(): Promise<vscode.Uri[]> {
  const articles = (await vscode.workspace.findFiles('**/seeds/*.txt')).sort((a, b) => a.path.localeCompare(b.path));
  assert.ok(articles.length >= 2, `expected the demo articles in the workspace, found ${articles.length}`);
  const extension = vscode.extensions.getExtension<CrosscheckApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  const api = extension.isActive ? extension.exports : await extension.activate();
  const first = api?.isReady?.();
  if (first instanceof Promise) await first;
  for (const uri of articles) await vscode.workspace.openTextDocument(uri);
  return articles;
}

function reviewFilePath(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run in a workspace folder');
  return path.join(folder.uri.fsPath, '.crosscheck', 'reviews.json');
}

function readReviews(): ReviewFile | undefined {
  try {
    return JSON.parse(fs.readFileSync(reviewFilePath(), 'utf8')) as ReviewFile;
  } catch {
    return undefined;
  }
}

/** Crosscheck's diagnostics whose message starts with `message` (a reviewed one has a suffix). */
function diagnosticsLike(articles: vscode.Uri[], message: string): { uri: vscode.Uri; diagnostic: vscode.Diagnostic }[] {
  return articles.flatMap((uri) =>
    vscode.languages
      .getDiagnostics(uri)
      .filter((d) => d.source === 'Crosscheck' && d.message.startsWith(message))
      .map((diagnostic) => ({ uri, diagnostic })),
  );
}

/** The Crosscheck quick fixes offered on a diagnostic, through the editor's code action provider. */
async function quickFixes(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  await vscode.window.showTextDocument(uri);
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value,
  );
  return (actions ?? []).filter((a): a is vscode.CodeAction => 'title' in a && 'command' in a && typeof a.command === 'object' && a.command.command === 'crosscheck.reviewFinding');
}

/** Runs a quick fix's command with a note given in advance (the prompt is the only thing skipped). */
async function apply(action: vscode.CodeAction, note?: string): Promise<ReviewArguments> {
  const command = action.command;
  assert.ok(command && command.arguments?.length === 1, `the quick fix "${action.title}" carries its command and argument`);
  const args = { ...(command.arguments[0] as ReviewArguments), ...(note === undefined ? {} : { note }) };
  await vscode.commands.executeCommand(command.command, args);
  return args;
}

suite('Review decisions in VS Code', () => {
  test('mark reviewed, reopen, dismiss and restore a finding through its quick fixes and Show Dismissed Findings', async () => {
    const articles = await ready();
    assert.equal(readReviews(), undefined, 'the fresh workspace starts without a review file');
    const { uri, diagnostic } = await waitFor(
      'the venue contradiction as a diagnostic',
      () => articles.flatMap((u) => vscode.languages.getDiagnostics(u).map((d) => ({ uri: u, diagnostic: d }))).find((x) => x.diagnostic.source === 'Crosscheck' && VENUE.test(x.diagnostic.message)),
      120_000,
    );
    const message = diagnostic.message;
    const shownIn = diagnosticsLike(articles, message).length;
    assert.notEqual(diagnostic.severity, vscode.DiagnosticSeverity.Hint, 'an undecided contradiction is more than a hint');

    // 1. Mark reviewed, with a note.
    const offered = await quickFixes(uri, diagnostic);
    const markReviewed = offered.find((a) => /reviewed/i.test(a.title));
    assert.ok(markReviewed, `"Mark finding as reviewed" is offered (got ${offered.map((a) => a.title).join(' | ') || 'nothing'})`);
    assert.ok(offered.some((a) => /dismiss/i.test(a.title)), '"Dismiss finding" is offered too');
    const reviewed = await apply(markReviewed, 'checked with the desk');
    const afterReview = await waitFor('reviews.json holding the reviewed decision', () => readReviews()?.decisions[reviewed.findingId], 30_000);
    assert.equal(afterReview.status, 'reviewed');
    assert.equal(afterReview.note, 'checked with the desk');
    assert.equal(afterReview.kind, 'contradiction');
    const hint = await waitFor(
      'the diagnostic shown as reviewed (a hint with the note)',
      () => diagnosticsLike(articles, message).find((x) => x.uri.toString() === uri.toString() && /\(reviewed: checked with the desk\)/.test(x.diagnostic.message)),
      30_000,
    );
    assert.equal(hint.diagnostic.severity, vscode.DiagnosticSeverity.Hint);

    // 2. On a reviewed finding the quick fixes are Dismiss and Reopen; Reopen clears the decision.
    const onReviewed = await quickFixes(uri, hint.diagnostic);
    assert.ok(onReviewed.some((a) => /dismiss/i.test(a.title)), `"Dismiss" is offered on a reviewed finding (got ${onReviewed.map((a) => a.title).join(' | ')})`);
    const reopen = onReviewed.find((a) => /reopen/i.test(a.title));
    assert.ok(reopen, '"Reopen" is offered on a reviewed finding');
    await apply(reopen);
    await waitFor('the decision removed from reviews.json', () => {
      const file = readReviews();
      return file !== undefined && !(reviewed.findingId in file.decisions);
    }, 30_000);
    const reopened = await waitFor(
      'the finding shown again as it was',
      () => diagnosticsLike(articles, message).find((x) => x.uri.toString() === uri.toString() && x.diagnostic.message === message),
      30_000,
    );
    assert.equal(reopened.diagnostic.severity, diagnostic.severity, 'reopened with its own severity');

    // 3. Dismiss it (the quick fix on an undecided finding): gone from every article it was shown in.
    const dismiss = (await quickFixes(uri, reopened.diagnostic)).find((a) => /dismiss/i.test(a.title));
    assert.ok(dismiss, '"Dismiss finding" is offered again');
    const dismissed = await apply(dismiss, 'same building, two names');
    assert.equal(dismissed.findingId, reviewed.findingId, 'the decision keeps the finding id');
    const afterDismiss = await waitFor('reviews.json holding the dismissal', () => {
      const decision = readReviews()?.decisions[reviewed.findingId];
      return decision?.status === 'dismissed' ? decision : undefined;
    }, 30_000);
    assert.equal(afterDismiss.note, 'same building, two names');
    await waitFor('the dismissed finding gone from every article', () => diagnosticsLike(articles, message).length === 0, 30_000);

    // 4. Crosscheck: Show Dismissed Findings lists it; picking it restores it. The quick pick is driven
    //    with the workbench's own commands: focus the first (only) item, check it, accept.
    //    The API cannot tell when the quick pick is up: until the command returns, try again.
    let listed = false;
    const listing = Promise.resolve(vscode.commands.executeCommand('crosscheck.showDismissedFindings')).then(() => (listed = true));
    for (let attempt = 0; attempt < 10 && !listed; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await vscode.commands.executeCommand('workbench.action.quickPickManyToggle');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await Promise.race([listing, new Promise((resolve) => setTimeout(resolve, 1000))]);
    }
    assert.ok(listed, 'the Show Dismissed Findings quick pick was accepted');
    await waitFor('the dismissal removed from reviews.json', () => {
      const file = readReviews();
      return file !== undefined && !(reviewed.findingId in file.decisions);
    }, 30_000);
    const back = await waitFor(
      'the finding back as a diagnostic in every article it was shown in',
      () => {
        const found = diagnosticsLike(articles, message);
        return found.length === shownIn && found.every((x) => x.diagnostic.message === message) ? found : undefined;
      },
      30_000,
    );
    assert.equal(back.find((x) => x.uri.toString() === uri.toString())?.diagnostic.severity, diagnostic.severity, 'restored with its own severity');
  });
});
