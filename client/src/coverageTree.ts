/**
 * The Coverage view: stories → their articles, people, quotes and findings, each opening its place
 * in the text, with counts in the descriptions. The data is one `crosscheck/overview` request,
 * fetched again when the server says the index changed. An annotated article lists its annotations
 * (from client/src/annotations), with the same Edit / Delete / Re-attach context menu as the
 * Annotations view.
 */
import * as vscode from 'vscode';
import type {
  ArticleOverview, FindingOverview, Location, PersonOverview, QuoteOverview, StoryOverview,
} from '../../core/src/index';
import { OverviewRequest } from '../../protocol/protocol';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { AnnotationEntry } from './annotations/controller';

/** What the Coverage view needs from the annotations (client/src/annotations/index.ts provides it). */
export interface CoverageAnnotations {
  /** The annotations on the article `uri`, in text order. */
  entriesFor(uri: vscode.Uri): AnnotationEntry[];
  /** The tree item of an annotation, as the Annotations view shows it (context value included). */
  treeItem(entry: AnnotationEntry): vscode.TreeItem;
  readonly onDidChange: vscode.Event<void>;
}

export const coverageViewId = 'crosscheck.coverage';
export const openPassageCommand = 'crosscheck.openPassage';

export type CoverageNode =
  | { kind: 'story'; story: StoryOverview }
  | { kind: 'group'; story: StoryOverview; group: 'articles' | 'people' | 'quotes' | 'findings' }
  | { kind: 'article'; article: ArticleOverview; story: StoryOverview }
  | { kind: 'person'; person: PersonOverview }
  | { kind: 'quote'; quote: QuoteOverview }
  | { kind: 'finding'; finding: FindingOverview }
  | { kind: 'passage'; location: Location; label: string; description: string; tooltip?: string }
  | { kind: 'annotation'; entry: AnnotationEntry };

/** A tree item as tests read it: its label, description and children. */
export interface CoverageItemSnapshot {
  label: string;
  description: string;
  /** The command the item runs when clicked, with its arguments. */
  command?: { command: string; arguments: unknown[] };
  children: CoverageItemSnapshot[];
}

const groupLabels = { articles: 'Articles', people: 'People', quotes: 'Quotes', findings: 'Findings' } as const;

const severityIcons: Record<FindingOverview['severity'], vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  information: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
  hint: new vscode.ThemeIcon('lightbulb'),
};

export class CoverageTree implements vscode.TreeDataProvider<CoverageNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<CoverageNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private stories: Promise<StoryOverview[]> | undefined;
  private view: vscode.TreeView<CoverageNode> | undefined;
  private annotations: CoverageAnnotations | undefined;
  private annotationsChanged: vscode.Disposable | undefined;

  constructor(private readonly client: () => LanguageClient | undefined) {}

  /** Lists each article's annotations under it, and redraws when they change. */
  showAnnotations(annotations: CoverageAnnotations): void {
    this.annotations = annotations;
    this.annotationsChanged?.dispose();
    this.annotationsChanged = annotations.onDidChange(() => this.changed.fire(undefined));
    this.changed.fire(undefined);
  }

  private annotationsOn(article: ArticleOverview): AnnotationEntry[] {
    return this.annotations?.entriesFor(vscode.Uri.parse(article.file)) ?? [];
  }

  attach(view: vscode.TreeView<CoverageNode>): void {
    this.view = view;
  }

  /** The index changed: fetch again the next time the view asks. */
  refresh(): void {
    this.stories = undefined;
    this.changed.fire(undefined);
  }

  private overview(): Promise<StoryOverview[]> {
    if (this.stories === undefined) {
      const client = this.client();
      this.stories = client === undefined || !client.isRunning()
        ? Promise.resolve([])
        : Promise.resolve(client.sendRequest(OverviewRequest.type, {})).catch(() => []);
      void this.stories.then((stories) => this.describe(stories));
    }
    return this.stories;
  }

  private describe(stories: StoryOverview[]): void {
    if (this.view === undefined) return;
    const articles = stories.reduce((sum, story) => sum + story.articles.length, 0);
    const findings = stories.reduce((sum, story) => sum + story.findings.length, 0);
    this.view.message = articles === 0 ? 'No articles indexed yet. Open a folder of articles (see the Crosscheck walkthrough).' : undefined;
    this.view.description = articles === 0 ? undefined : `${plural(articles, 'article')} · ${plural(findings, 'finding')}`;
  }

  async getChildren(node?: CoverageNode): Promise<CoverageNode[]> {
    if (node === undefined) return (await this.overview()).map((story) => ({ kind: 'story', story }));
    switch (node.kind) {
      case 'story':
        return (['articles', 'people', 'quotes', 'findings'] as const)
          .filter((group) => node.story[group].length > 0)
          .map((group) => ({ kind: 'group', story: node.story, group }));
      case 'group':
        if (node.group === 'articles') return node.story.articles.map((article) => ({ kind: 'article', article, story: node.story }));
        if (node.group === 'people') return node.story.people.map((person) => ({ kind: 'person', person }));
        if (node.group === 'quotes') return node.story.quotes.map((quote) => ({ kind: 'quote', quote }));
        return node.story.findings.map((finding) => ({ kind: 'finding', finding }));
      case 'article':
        return this.annotationsOn(node.article).map((entry) => ({ kind: 'annotation', entry }));
      case 'person':
        return node.person.mentions.map((mention) => ({
          kind: 'passage', location: mention, label: mention.outlet,
          description: mention.roles.length === 0 ? 'named, not described' : mention.roles.join('; '),
        }));
      case 'quote':
        return node.quote.versions.map((version) => ({
          kind: 'passage', location: version, label: version.outlet, description: `${statusWords[version.status]} · ${version.text}`, tooltip: version.text,
        }));
      case 'finding':
        return node.finding.sides.map((side) => ({ kind: 'passage', location: side, label: side.outlet, description: side.text, tooltip: side.text }));
      default:
        return [];
    }
  }

  getTreeItem(node: CoverageNode): vscode.TreeItem {
    const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    switch (node.kind) {
      case 'story': {
        const item = new vscode.TreeItem(node.story.title, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${plural(node.story.articles.length, 'article')} · ${plural(node.story.findings.length, 'finding')}`;
        item.iconPath = new vscode.ThemeIcon('book');
        item.tooltip = node.story.title;
        item.contextValue = 'story';
        item.id = `story:${node.story.id}`;
        return item;
      }
      case 'group': {
        const count = node.story[node.group].length;
        const item = new vscode.TreeItem(groupLabels[node.group], node.group === 'findings' || node.group === 'articles'
          ? vscode.TreeItemCollapsibleState.Expanded : collapsed);
        item.description = String(count);
        item.iconPath = new vscode.ThemeIcon({ articles: 'files', people: 'person', quotes: 'quote', findings: 'warning' }[node.group]);
        item.id = `story:${node.story.id}:${node.group}`;
        return item;
      }
      case 'article': {
        const { article } = node;
        const annotations = this.annotationsOn(article).length;
        const item = new vscode.TreeItem(article.outlet, annotations > 0 ? collapsed : vscode.TreeItemCollapsibleState.None);
        const derived = article.derivedFrom === null ? ''
          : ` · derived from ${node.story.articles.find((other) => other.file === article.derivedFrom)?.outlet ?? 'another article'}`;
        item.description = `${plural(article.quotes, 'quote')} · ${plural(article.findings, 'finding')}${annotations > 0 ? ` · ${plural(annotations, 'annotation')}` : ''}${derived}`;
        item.tooltip = new vscode.MarkdownString().appendText(article.title).appendMarkdown(article.date === null ? '' : `\n\n${article.date}`);
        item.resourceUri = vscode.Uri.parse(article.file);
        item.iconPath = new vscode.ThemeIcon(article.derivedFrom === null ? 'file-text' : 'files');
        item.command = openCommand({ file: article.file, start: 0, end: 0 }, article.outlet);
        item.contextValue = 'article';
        return item;
      }
      case 'person': {
        const { person } = node;
        const item = new vscode.TreeItem(person.name, collapsed);
        item.description = `${plural(person.articles, 'article')} · ${plural(person.quotes, 'quote')}`;
        item.tooltip = person.spellings.length > 1 ? `Spelled: ${person.spellings.join(', ')}` : person.name;
        item.iconPath = new vscode.ThemeIcon('person');
        item.contextValue = 'person';
        if (person.mentions[0] !== undefined) item.command = openCommand(person.mentions[0], person.name);
        return item;
      }
      case 'quote': {
        const { quote } = node;
        const speaker = quote.speaker === null ? '' : `${quote.speaker.split(/\s+/).pop()}: `;
        const item = new vscode.TreeItem(`${speaker}“${shorten(quote.text, 60)}”`, collapsed);
        item.description = quote.summary;
        item.tooltip = new vscode.MarkdownString().appendText(`${quote.speaker ?? 'Speaker not named'}: “${quote.text}”`);
        item.iconPath = new vscode.ThemeIcon('quote');
        item.contextValue = 'quote';
        if (quote.versions[0] !== undefined) item.command = openCommand(quote.versions[0], 'the quote');
        return item;
      }
      case 'finding': {
        const { finding } = node;
        const item = new vscode.TreeItem(finding.summary, collapsed);
        item.description = finding.kind.replace('-', ' ');
        item.tooltip = finding.summary;
        item.iconPath = severityIcons[finding.severity];
        item.contextValue = 'finding';
        if (finding.sides[0] !== undefined) item.command = openCommand(finding.sides[0], 'the finding');
        return item;
      }
      case 'annotation': {
        const item = this.annotations!.treeItem(node.entry);
        item.id = `coverage:${item.id ?? node.entry.id}`; // the Annotations view uses the same entry
        return item;
      }
      case 'passage': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.description = node.description;
        item.tooltip = node.tooltip ?? node.description;
        item.command = openCommand(node.location, node.label);
        item.iconPath = new vscode.ThemeIcon('go-to-file');
        return item;
      }
    }
  }

  /** The tree as text, `depth` levels deep (tests and the API). */
  async snapshot(depth = 3, node?: CoverageNode): Promise<CoverageItemSnapshot[]> {
    const items: CoverageItemSnapshot[] = [];
    for (const child of await this.getChildren(node)) {
      const item = this.getTreeItem(child);
      const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
      items.push({
        label,
        description: typeof item.description === 'string' ? item.description : '',
        ...(item.command ? { command: { command: item.command.command, arguments: item.command.arguments ?? [] } } : {}),
        children: depth > 1 ? await this.snapshot(depth - 1, child) : [],
      });
    }
    return items;
  }

  dispose(): void {
    this.annotationsChanged?.dispose();
    this.changed.dispose();
  }
}

const statusWords = { agrees: 'agrees', differs: 'differs', contradicts: 'contradicts', 'only-here': 'only here' } as const;

function openCommand(location: Location, what: string): vscode.Command {
  return { title: `Open ${what}`, command: openPassageCommand, arguments: [location.file, location.start, location.end] };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}
