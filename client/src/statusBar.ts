/** The status bar item: "$(checklist) 5 articles · 3 findings", or indexing progress. */
import * as vscode from 'vscode';
import type { StatusParams } from '../../protocol/protocol';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('crosscheck.status', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'Crosscheck';
    this.item.command = 'crosscheck.showOutput';
    this.starting();
  }

  starting(): void {
    this.item.text = '$(sync~spin) Crosscheck';
    this.item.tooltip = 'Crosscheck is starting';
    this.item.backgroundColor = undefined;
    this.item.show();
  }

  stopped(reason: string): void {
    this.item.text = '$(error) Crosscheck';
    this.item.tooltip = `${reason} Click to show the output.`;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    this.item.show();
  }

  update(status: StatusParams): void {
    this.item.backgroundColor = undefined;
    if (status.state === 'indexing') {
      const progress = status.total === undefined ? '' : ` ${status.indexed ?? 0}/${status.total}`;
      this.item.text = `$(sync~spin) Indexing articles${progress}`;
      this.item.tooltip = 'Crosscheck is reading the articles of the workspace';
    } else {
      this.item.text = `$(checklist) ${plural(status.articles, 'article')} · ${plural(status.findings, 'finding')}`;
      this.item.tooltip = readyTooltip(status);
    }
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** What the numbers mean, and where to go from here (command links). */
function readyTooltip(status: StatusParams): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.isTrusted = { enabledCommands: ['crosscheck.coverage.focus', 'crosscheck.compareCoverage', 'workbench.actions.view.problems', 'crosscheck.showOutput'] };
  tooltip.appendMarkdown(`**Crosscheck** indexed ${plural(status.articles, 'article')} and found ${plural(status.findings, 'finding')}`);
  tooltip.appendMarkdown(' (contradictions between outlets, altered quotes, spelling variants, rewritten articles).\n\n');
  tooltip.appendMarkdown('[$(list-tree) Coverage view](command:crosscheck.coverage.focus) · ');
  tooltip.appendMarkdown('[$(split-horizontal) Compare Coverage](command:crosscheck.compareCoverage) · ');
  tooltip.appendMarkdown('[$(warning) Problems](command:workbench.actions.view.problems) · ');
  tooltip.appendMarkdown('[$(output) Output](command:crosscheck.showOutput)');
  return tooltip;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
