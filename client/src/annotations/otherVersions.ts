/**
 * `crosscheck.annotations.showOnOtherVersions`: an annotation on a quote also appears on the other
 * outlets' versions of that quote. The language server knows the quote groups; go to definition on
 * a quote leads to the other versions, so this asks `vscode.executeDefinitionProvider` at a few
 * points inside the annotated passage and keeps the places whose words match the passage (go to
 * definition on a person's name inside the quote leads to that person instead, which is dropped).
 */
import * as vscode from 'vscode';
import type { AnnotationController } from './controller';

export interface OtherVersion {
  /** The annotation shown there. */
  id: string;
  range: vscode.Range;
}

/** Share of the shorter passage's words the other version must carry. */
const sharedWords = 0.6;

export class OtherVersions implements vscode.Disposable {
  private versions = new Map<string, OtherVersion[]>();
  /** Look-ups by annotation and range; cleared whenever an article's text changes. */
  private readonly cache = new Map<string, vscode.Location[]>();
  private timer: NodeJS.Timeout | undefined;
  private computing: Promise<void> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly controller: AnnotationController,
    private readonly serverReady: () => Promise<void>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      controller.onDidChange(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration('crosscheck.annotations.showOnOtherVersions')) return;
        this.cache.clear();
        this.schedule(0);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0 || event.document.languageId !== 'article') return;
        this.cache.clear();
        this.schedule(1000);
      }),
    );
  }

  dispose(): void {
    clearTimeout(this.timer);
    vscode.Disposable.from(...this.disposables).dispose();
  }

  /** Forgets earlier look-ups (the next one asks the language server again). */
  reset(): void {
    this.cache.clear();
    this.schedule(0);
  }

  /** Other outlets' versions of annotated passages in the document `uri`. */
  on(uri: vscode.Uri): OtherVersion[] {
    return this.versions.get(uri.toString()) ?? [];
  }

  /** Waits for a scheduled or running look-up. */
  async settle(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.computing = this.computing.then(() => this.compute());
    }
    await this.computing;
  }

  private schedule(delay = 500): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.computing = this.computing.then(() => this.compute());
    }, delay);
  }

  private enabled(): boolean {
    return vscode.workspace.getConfiguration('crosscheck.annotations').get<boolean>('showOnOtherVersions', true);
  }

  private async compute(): Promise<void> {
    const found = new Map<string, OtherVersion[]>();
    if (this.enabled()) {
      const ready = await Promise.race([
        this.serverReady().then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 30_000)),
      ]);
      if (ready) {
        for (const entry of this.controller.entries()) {
          if (entry.anchor.status === 'orphaned' || entry.article === undefined) continue;
          try {
            const key = `${entry.id}|${entry.article.toString()}|${entry.anchor.start}|${entry.anchor.end}`;
            let versions = this.cache.get(key);
            if (versions === undefined) {
              versions = await this.versionsOf(entry.article, entry.anchor.start, entry.anchor.end, entry.anchor.text);
              this.cache.set(key, versions);
            }
            for (const version of versions) {
              const list = found.get(version.uri.toString()) ?? [];
              if (!list.some((known) => known.id === entry.id && known.range.isEqual(version.range))) list.push({ id: entry.id, range: version.range });
              found.set(version.uri.toString(), list);
            }
          } catch (error) {
            this.log.warn(`Looking up other versions of annotation ${entry.id}: ${String(error)}`);
          }
        }
      }
    }
    this.versions = found;
    this.changed.fire();
  }

  private async versionsOf(article: vscode.Uri, start: number, end: number, text: string): Promise<vscode.Location[]> {
    const document = await vscode.workspace.openTextDocument(article);
    const probes = new Set([0.5, 0.25, 0.75, 0].map((share) => Math.min(end - 1, start + Math.floor((end - start) * share))));
    const results: vscode.Location[] = [];
    for (const offset of probes) {
      const definitions = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[] | undefined>(
        'vscode.executeDefinitionProvider',
        article,
        document.positionAt(offset),
      );
      for (const definition of definitions ?? []) {
        const location = 'targetUri' in definition ? new vscode.Location(definition.targetUri, definition.targetRange) : definition;
        if (location.uri.toString() === article.toString()) continue;
        if (results.some((known) => known.uri.toString() === location.uri.toString() && known.range.isEqual(location.range))) continue;
        const other = await vscode.workspace.openTextDocument(location.uri);
        if (sameWords(text, other.getText(location.range))) results.push(location);
      }
    }
    return results;
  }
}

/** Whether two passages are versions of each other: most words of the shorter one are in the other. */
export function sameWords(a: string, b: string): boolean {
  const wordsOf = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const first = wordsOf(a);
  const second = wordsOf(b);
  const smaller = first.size <= second.size ? first : second;
  const larger = smaller === first ? second : first;
  if (smaller.size < 2) return false;
  let shared = 0;
  for (const word of smaller) if (larger.has(word)) shared++;
  return shared / smaller.size >= sharedWords;
}
