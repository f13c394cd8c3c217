/**
 * Coverage lenses: above each quote and each key claim of an article, how many outlets carry it and
 * how many tell it differently ("4 of 5 outlets · 1 differs", a rewrite and its source counted once).
 * The lens opens the references peek on the other outlets' versions; "Compare" opens Compare
 * coverage on that passage.
 */
import type { CodeLens, Location } from 'vscode-languageserver';
import { describeTally, ownPassages } from '../../core/src/index';
import type { Article } from '../../core/src/index';
import { comparePassageCommand, showPassagesCommand } from '../../protocol/protocol';
import type { FeatureContext } from './context';

export function codeLensesFor(context: FeatureContext, article: Article): CodeLens[] {
  const show = context.settings.codeLens;
  if (show === 'off') return [];
  const view = context.corpus.coverage(article.file);
  if (view === undefined) return [];
  const lenses: CodeLens[] = [];
  const passages = ownPassages(view, article).filter(({ row, cell, tally }) => row.kind === 'quote'
    // A key claim: one other outlets state too, or one they contradict.
    || (show === 'quotesAndClaims' && (tally.carrying >= 2 || tally.contradicts > 0 || cell.status === 'contradicts')));
  const located = passages.flatMap((passage) => {
    const range = context.positions.range(article.file, passage.cell);
    return range === undefined ? [] : [{ ...passage, range }];
  });
  const perLine = new Map<number, number>();
  for (const { range } of located) perLine.set(range.start.line, (perLine.get(range.start.line) ?? 0) + 1);
  for (const { row, cell, tally, range } of located) {
    const others: Location[] = [];
    row.cells.forEach((other, index) => {
      if (index === 0 || other === null) return;
      const location = context.positions.location(other.file, other);
      if (location !== undefined) others.push(location);
    });
    // A claim's lens names its topic; a quote's names its first words when the line has several lenses.
    const prefix = row.kind === 'claim' ? `${row.label}: `
      : (perLine.get(range.start.line) ?? 0) > 1 ? `“${firstWords(cell.text, 3)}”: ` : '';
    const title = prefix + describeTally(tally);
    const what = row.kind === 'quote' ? 'quote' : 'claim';
    if (others.length > 0) {
      lenses.push({
        range,
        command: {
          title,
          command: showPassagesCommand,
          arguments: [article.file, range.start.line, range.start.character, others],
          tooltip: `Peek at the other outlets' versions of this ${what}`,
        },
      });
      lenses.push({
        range,
        command: {
          title: 'Compare',
          command: comparePassageCommand,
          arguments: [article.file, cell.start, cell.end],
          tooltip: `Compare how each outlet reports this ${what}, side by side`,
        },
      });
    } else {
      lenses.push({
        range,
        command: {
          title,
          command: comparePassageCommand,
          arguments: [article.file, cell.start, cell.end],
          tooltip: `No other outlet carries this ${what}; open Compare coverage to see what they report instead`,
        },
      });
    }
  }
  return lenses;
}

function firstWords(text: string, count: number): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  return words.length <= count ? words.join(' ').replace(/[,.;:]$/, '') : `${words.slice(0, count).join(' ')}…`;
}
