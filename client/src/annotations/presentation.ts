/**
 * What annotations look like in the editor: a highlight on the annotated passage (and, with
 * `crosscheck.annotations.showOnOtherVersions`, a dashed underline on other outlets' versions of
 * it), and a hover with the note, author, time and tags plus Edit and Delete links.
 */
import * as vscode from 'vscode';
import type { AnnotationController, AnnotationEntry } from './controller';
import type { OtherVersions } from './otherVersions';

export const commands = {
  annotate: 'crosscheck.annotateSelection',
  edit: 'crosscheck.editAnnotation',
  remove: 'crosscheck.deleteAnnotation',
  reattach: 'crosscheck.reattachAnnotation',
  reveal: 'crosscheck.revealAnnotation',
  refresh: 'crosscheck.refreshAnnotations',
} as const;

/** The range of a placed annotation in an open document. */
export function rangeIn(document: vscode.TextDocument, entry: AnnotationEntry): vscode.Range | undefined {
  if (entry.anchor.status === 'orphaned') return undefined;
  return new vscode.Range(document.positionAt(entry.anchor.start), document.positionAt(entry.anchor.end));
}

/** The highlight on annotated passages and the underline on other outlets' versions of them. */
export class AnnotationDecorations implements vscode.Disposable {
  private readonly annotated = vscode.window.createTextEditorDecorationType({
    backgroundColor: 'rgba(255, 196, 0, 0.16)',
    borderStyle: 'none none dotted none',
    borderWidth: '0 0 2px 0',
    borderColor: 'rgba(230, 160, 0, 0.85)',
    overviewRulerColor: 'rgba(230, 160, 0, 0.85)',
    overviewRulerLane: vscode.OverviewRulerLane.Right,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });

  private readonly otherVersion = vscode.window.createTextEditorDecorationType({
    borderStyle: 'none none dashed none',
    borderWidth: '0 0 1px 0',
    borderColor: 'rgba(230, 160, 0, 0.85)',
    overviewRulerColor: 'rgba(230, 160, 0, 0.45)',
    overviewRulerLane: vscode.OverviewRulerLane.Right,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });

  /** What was last drawn per document, for the tests. */
  readonly drawn = new Map<string, { annotated: vscode.Range[]; otherVersions: vscode.Range[] }>();

  constructor(private readonly controller: AnnotationController, private readonly others: OtherVersions) {}

  refresh(editors: readonly vscode.TextEditor[] = vscode.window.visibleTextEditors): void {
    for (const editor of editors) {
      const document = editor.document;
      const annotatedRanges = this.controller.entriesFor(document.uri).flatMap((entry) => rangeIn(document, entry) ?? []);
      const otherRanges = this.others.on(document.uri).map((version) => version.range);
      editor.setDecorations(this.annotated, annotatedRanges);
      editor.setDecorations(this.otherVersion, otherRanges);
      this.drawn.set(document.uri.toString(), { annotated: annotatedRanges, otherVersions: otherRanges });
    }
  }

  /** Removes this object's highlights from `editor`. */
  clear(editor: vscode.TextEditor): void {
    editor.setDecorations(this.annotated, []);
    editor.setDecorations(this.otherVersion, []);
    this.drawn.delete(editor.document.uri.toString());
  }

  dispose(): void {
    this.annotated.dispose();
    this.otherVersion.dispose();
  }
}

export class AnnotationHovers implements vscode.HoverProvider {
  constructor(
    private readonly controller: AnnotationController,
    private readonly others: OtherVersions,
    private readonly writable: () => boolean,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const contents: vscode.MarkdownString[] = [];
    let hovered: vscode.Range | undefined;
    for (const entry of this.controller.entriesFor(document.uri)) {
      const range = rangeIn(document, entry);
      if (range === undefined || !range.contains(position)) continue;
      hovered = hovered === undefined ? range : hovered.union(range);
      contents.push(...describe(entry, this.writable(), null));
    }
    for (const version of this.others.on(document.uri)) {
      if (!version.range.contains(position)) continue;
      const entry = this.controller.entry(version.id);
      if (entry === undefined) continue;
      hovered = hovered === undefined ? version.range : hovered.union(version.range);
      contents.push(...describe(entry, false, entry.stored.summary.source));
    }
    return contents.length === 0 ? undefined : new vscode.Hover(contents, hovered);
  }
}

/**
 * The hover for one annotation. The note is the annotator's Markdown, shown untrusted (no command
 * links, no HTML); the Edit / Delete links are a separate, trusted part that allows only those commands.
 */
export function describe(entry: AnnotationEntry, writable: boolean, onVersionOf: string | null): vscode.MarkdownString[] {
  const summary = entry.stored.summary;
  const heading = new vscode.MarkdownString();
  heading.appendMarkdown(onVersionOf === null ? '**Annotation**' : '**Annotation on ');
  if (onVersionOf !== null) {
    heading.appendText(onVersionOf);
    heading.appendMarkdown('\'s version**');
  }
  const byline = [summary.author, formatTime(summary.modified ?? summary.created)].filter((part): part is string => !!part);
  if (byline.length > 0) heading.appendText(` · ${byline.join(' · ')}`);
  if (summary.tags.length > 0) {
    heading.appendMarkdown(' · ');
    summary.tags.forEach((tag, index) => {
      if (index > 0) heading.appendMarkdown(' ');
      heading.appendMarkdown(`\`${tag.replace(/`/g, "'")}\``);
    });
  }
  if (entry.stored.unsaved === true) heading.appendMarkdown(' · *not saved yet: the disk refused the write, Crosscheck retries*');
  if (entry.anchor.status === 'moved' && normalise(entry.anchor.text) !== normalise(summary.quote?.exact ?? '')) {
    heading.appendMarkdown('\n\n*Annotated as:* ');
    heading.appendText(`“${shorten(summary.quote?.exact ?? '', 160)}”`);
  }

  const note = new vscode.MarkdownString(summary.note === '' ? '*(no note)*' : summary.note);
  note.isTrusted = false;
  note.supportHtml = false;

  const parts = [heading, note];
  if (writable || onVersionOf !== null) {
    const links = new vscode.MarkdownString();
    const argument = encodeURIComponent(JSON.stringify([entry.id]));
    if (onVersionOf !== null) {
      links.appendMarkdown(`[Go to the annotation](command:${commands.reveal}?${argument})`);
      links.isTrusted = { enabledCommands: [commands.reveal] };
    } else {
      links.appendMarkdown(`[Edit](command:${commands.edit}?${argument} "Edit the note and tags") · [Delete](command:${commands.remove}?${argument} "Delete this annotation")`);
      links.isTrusted = { enabledCommands: [commands.edit, commands.remove] };
    }
    parts.push(links);
  }
  return parts;
}

export function formatTime(iso: string | null): string | null {
  if (iso === null) return null;
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return time.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function shorten(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
