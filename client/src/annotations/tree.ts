/**
 * The Annotations view (Explorer): annotations per article in text order, the orphans (with the
 * text they were made on, and Re-attach to Selection), and annotation files that could not be read.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StoreProblem } from '../../../core/src/annotations/store';
import type { AnnotationController, AnnotationEntry } from './controller';
import { commands, describe, shorten } from './presentation';

export type AnnotationNode =
  | { kind: 'article'; key: string; label: string; uri: vscode.Uri | undefined; entries: AnnotationEntry[] }
  | { kind: 'orphans'; entries: AnnotationEntry[] }
  | { kind: 'problems'; problems: { folder: vscode.WorkspaceFolder; problem: StoreProblem }[] }
  | { kind: 'problem'; folder: vscode.WorkspaceFolder; problem: StoreProblem }
  | { kind: 'annotation'; entry: AnnotationEntry };

export class AnnotationTree implements vscode.TreeDataProvider<AnnotationNode> {
  private readonly changed = new vscode.EventEmitter<AnnotationNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly controller: AnnotationController, private readonly writable: () => boolean) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }

  getChildren(node?: AnnotationNode): AnnotationNode[] {
    if (node === undefined) return this.roots();
    if (node.kind === 'article' || node.kind === 'orphans') return node.entries.map((entry) => ({ kind: 'annotation', entry }));
    if (node.kind === 'problems') return node.problems.map(({ folder, problem }) => ({ kind: 'problem', folder, problem }));
    return [];
  }

  private roots(): AnnotationNode[] {
    const entries = this.controller.entries();
    const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
    const articles = new Map<string, AnnotationNode & { kind: 'article' }>();
    const orphans: AnnotationEntry[] = [];
    for (const entry of entries) {
      if (entry.anchor.status === 'orphaned') {
        orphans.push(entry);
        continue;
      }
      const key = entry.article?.toString() ?? `${entry.folder.uri.toString()}#${entry.stored.summary.source}`;
      const label = multiRoot ? `${entry.folder.name}/${entry.stored.summary.source}` : entry.stored.summary.source;
      const article = articles.get(key) ?? { kind: 'article', key, label, uri: entry.article, entries: [] };
      article.entries.push(entry);
      articles.set(key, article);
    }
    const roots: AnnotationNode[] = [...articles.values()].sort((a, b) => a.label.localeCompare(b.label));
    for (const article of roots) {
      if (article.kind === 'article') article.entries.sort((a, b) => startOf(a) - startOf(b));
    }
    if (orphans.length > 0) roots.push({ kind: 'orphans', entries: orphans.sort((a, b) => a.stored.summary.source.localeCompare(b.stored.summary.source)) });
    const problems = this.controller.problems();
    if (problems.length > 0) roots.push({ kind: 'problems', problems });
    return roots;
  }

  getTreeItem(node: AnnotationNode): vscode.TreeItem {
    switch (node.kind) {
      case 'article': {
        const item = new vscode.TreeItem(path.posix.basename(node.label), vscode.TreeItemCollapsibleState.Expanded);
        item.id = `article:${node.key}`;
        item.description = `${path.posix.dirname(node.label) === '.' ? '' : `${path.posix.dirname(node.label)} · `}${node.entries.length}`;
        item.resourceUri = node.uri;
        item.iconPath = vscode.ThemeIcon.File;
        item.contextValue = 'annotatedArticle';
        return item;
      }
      case 'orphans': {
        const item = new vscode.TreeItem('Orphaned', vscode.TreeItemCollapsibleState.Expanded);
        item.id = 'orphans';
        item.description = `${node.entries.length} — their passage is gone`;
        item.tooltip = 'The text these annotations were made on is no longer in the article. Select the passage they belong to and use Re-attach to Selection.';
        item.iconPath = new vscode.ThemeIcon('warning');
        return item;
      }
      case 'problems': {
        const item = new vscode.TreeItem('Unreadable annotation files', vscode.TreeItemCollapsibleState.Expanded);
        item.id = 'problems';
        item.iconPath = new vscode.ThemeIcon('error');
        return item;
      }
      case 'problem':
        return problemItem(node.folder, node.problem);
      case 'annotation':
        return this.annotationItem(node.entry);
    }
  }

  /** An annotation as a tree item; the Coverage view shows the same item under its article. */
  annotationItem(entry: AnnotationEntry): vscode.TreeItem {
    const summary = entry.stored.summary;
    const orphan = entry.anchor.status === 'orphaned';
    const passage = orphan ? summary.quote?.exact ?? '' : entry.anchor.status === 'moved' ? entry.anchor.text : summary.quote?.exact ?? '';
    const item = new vscode.TreeItem(`“${shorten(passage, 60)}”`, vscode.TreeItemCollapsibleState.None);
    item.id = `annotation:${entry.id}`;
    const note = summary.note === '' ? summary.tags.map((tag) => `#${tag}`).join(' ') : shorten(summary.note, 80);
    const anchor = entry.anchor;
    const unsaved = entry.stored.unsaved === true ? 'not saved · ' : '';
    item.description = unsaved + (anchor.status === 'orphaned'
      ? `${summary.source === '' ? 'no article' : summary.source} · ${note}`
      : `${anchor.status === 'moved' ? 'moved · ' : ''}line ${entry.lineOf(anchor.start) + 1} · ${note}`);
    const tooltip = new vscode.MarkdownString();
    for (const part of describe(entry, false, null)) tooltip.appendMarkdown(`${part.value}\n\n`);
    if (orphan) tooltip.appendMarkdown('*Orphaned: the passage is no longer in the article.*');
    item.tooltip = tooltip;
    item.iconPath = new vscode.ThemeIcon(orphan ? 'debug-disconnect' : 'comment');
    item.contextValue = `${orphan ? 'annotation.orphan' : 'annotation'}${this.writable() ? '.writable' : ''}`;
    item.command = { command: commands.reveal, title: 'Go to Annotation', arguments: [entry.id] };
    return item;
  }
}

function problemItem(folder: vscode.WorkspaceFolder, problem: StoreProblem): vscode.TreeItem {
  const file = problem.kind === 'unreadable' ? problem.error.file : problem.item.file;
  const item = new vscode.TreeItem(path.basename(file), vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon(problem.kind === 'unreadable' ? 'error' : 'warning');
  const uri = vscode.Uri.file(file);
  if (problem.kind === 'unreadable') {
    item.description = `line ${problem.error.line}: ${problem.error.reason}`;
    item.tooltip = `${path.relative(folder.uri.fsPath, file)} line ${problem.error.line}, column ${problem.error.column}: ${problem.error.reason}. Crosscheck will not write to this file until it parses; new annotations go to another file.`;
    const position = new vscode.Position(problem.error.line - 1, problem.error.column - 1);
    item.command = { command: 'vscode.open', title: 'Open File', arguments: [uri, { selection: new vscode.Range(position, position) }] };
  } else {
    item.description = `item ${problem.item.index + 1} skipped: ${problem.item.reason}`;
    item.command = { command: 'vscode.open', title: 'Open File', arguments: [uri] };
  }
  return item;
}

function startOf(entry: AnnotationEntry): number {
  return entry.anchor.status === 'orphaned' ? Number.MAX_SAFE_INTEGER : entry.anchor.start;
}
