/**
 * The Outline (document symbols) of an article — headline, people, quotes by speaker, claims — and
 * workspace symbols (Go to Symbol in Workspace): people and quotes across every indexed article.
 */
import { SymbolKind } from 'vscode-languageserver';
import type { DocumentSymbol, Range, SymbolInformation } from 'vscode-languageserver';
import type { Article, ClaimKind, Span } from '../../core/src/index';
import type { FeatureContext } from './context';
import { shorten } from './markdown';
import { outletName } from './outlets';

const claimSymbolKinds: Record<ClaimKind, SymbolKind> = {
  duration: SymbolKind.Number,
  number: SymbolKind.Number,
  count: SymbolKind.Array,
  date: SymbolKind.Event,
  venue: SymbolKind.Struct,
  attendance: SymbolKind.Event,
};

const claimKindNames: Record<ClaimKind, string> = {
  duration: 'duration',
  number: 'figure',
  count: 'count',
  date: 'date',
  venue: 'place',
  attendance: 'who attended',
};

export function documentSymbols(context: FeatureContext, article: Article): DocumentSymbol[] {
  const range = (span: Span): Range | undefined => context.positions.range(article.file, span);
  const symbols: DocumentSymbol[] = [];

  const title = article.metadata.titleSpan;
  const titleRange = title.end > title.start ? range(title) : undefined;
  if (titleRange !== undefined) {
    const detail = [outletName(article, article.file), article.metadata.date].filter(Boolean).join(', ');
    symbols.push({ name: shorten(article.metadata.title, 100) || 'Headline', detail, kind: SymbolKind.File, range: titleRange, selectionRange: titleRange });
  }

  const people: DocumentSymbol[] = [];
  for (const person of article.people) {
    const mentions = [...person.mentions].sort((a, b) => a.start - b.start);
    const first = mentions[0] === undefined ? undefined : range(mentions[0]);
    if (first === undefined) continue;
    const roles = person.roles.map((role) => role.text);
    const detail = [roles[0], `${mentions.length} ${mentions.length === 1 ? 'mention' : 'mentions'}`].filter(Boolean).join(' · ');
    people.push({ name: person.name, detail, kind: SymbolKind.Class, range: first, selectionRange: first });
  }
  pushGroup(symbols, 'People', SymbolKind.Namespace, people);

  const bySpeaker = new Map<string, DocumentSymbol[]>();
  for (const quote of article.quotes) {
    if (quote.scare) continue;
    const quoteRange = range(quote);
    if (quoteRange === undefined) continue;
    const speaker = article.people.find((person) => person.key === quote.speakerKey)?.name ?? quote.speaker ?? 'Speaker not named';
    const list = bySpeaker.get(speaker) ?? [];
    list.push({ name: `“${shorten(quote.text, 80)}”`, detail: quote.verb ?? '', kind: SymbolKind.String, range: quoteRange, selectionRange: quoteRange });
    bySpeaker.set(speaker, list);
  }
  const speakers: DocumentSymbol[] = [];
  for (const [speaker, quotes] of bySpeaker) {
    speakers.push({
      name: speaker, detail: `${quotes.length} ${quotes.length === 1 ? 'quote' : 'quotes'}`, kind: SymbolKind.Class,
      range: enclosing(quotes), selectionRange: quotes[0].selectionRange, children: quotes,
    });
  }
  pushGroup(symbols, 'Quotes', SymbolKind.Namespace, speakers);

  const findings = context.corpus.findingsFor(article.file);
  const claims: DocumentSymbol[] = [];
  for (const claim of article.claims) {
    const claimRange = range(claim);
    if (claimRange === undefined) continue;
    const conflicts = findings.some((finding) => finding.kind === 'contradiction'
      && finding.sides.some((side) => side.file === article.file && side.start < claim.end && side.end > claim.start));
    const detail = claimKindNames[claim.kind] + (conflicts ? ' · other outlets disagree' : '');
    claims.push({ name: shorten(claim.text, 80), detail, kind: claimSymbolKinds[claim.kind] ?? SymbolKind.Event, range: claimRange, selectionRange: claimRange });
  }
  pushGroup(symbols, 'Claims', SymbolKind.Namespace, claims);
  return symbols;
}

/** A folder symbol holding `children`, spanning them, named with their count. */
function pushGroup(symbols: DocumentSymbol[], name: string, kind: SymbolKind, children: DocumentSymbol[]): void {
  if (children.length === 0) return;
  const count = children.reduce((sum, child) => sum + (child.children?.length ?? 1), 0);
  symbols.push({ name, detail: String(count), kind, range: enclosing(children), selectionRange: children[0].selectionRange, children });
}

function enclosing(symbols: DocumentSymbol[]): Range {
  let { start, end } = symbols[0].range;
  for (const symbol of symbols) {
    if (before(symbol.range.start, start)) start = symbol.range.start;
    if (before(end, symbol.range.end)) end = symbol.range.end;
  }
  return { start, end };
}

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

const maxWorkspaceSymbols = 1000;

/** People (at their first mention) and every outlet's version of every quote whose words match `query`. */
export function workspaceSymbols(context: FeatureContext, query: string): SymbolInformation[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (text: string): boolean => {
    const lower = text.toLowerCase();
    return words.every((word) => lower.includes(word));
  };
  const symbols: SymbolInformation[] = [];
  for (const person of context.corpus.people()) {
    if (symbols.length >= maxWorkspaceSymbols) break;
    if (!matches([person.name, ...person.spellings].join(' '))) continue;
    const files = [...new Set(person.members.map((member) => member.file))].sort();
    const first = person.members
      .filter((member) => member.file === files[0])
      .flatMap((member) => context.corpus.article(member.file)?.people.find((local) => local.key === member.key)?.mentions ?? [])
      .sort((a, b) => a.start - b.start)[0];
    const location = first === undefined ? undefined : context.positions.location(files[0], first);
    if (location === undefined) continue;
    symbols.push({ name: person.name, kind: SymbolKind.Class, location, containerName: `${files.length} ${files.length === 1 ? 'article' : 'articles'}` });
  }
  for (const article of context.corpus.articles()) {
    const outlet = outletName(article, article.file);
    for (const quote of article.quotes) {
      if (symbols.length >= maxWorkspaceSymbols) return symbols;
      if (quote.scare) continue;
      const container = `${quote.speaker ?? 'speaker not named'} · ${outlet}`;
      if (!matches(`${quote.text} ${container}`)) continue;
      const location = context.positions.location(article.file, quote);
      if (location === undefined) continue;
      symbols.push({ name: `“${shorten(quote.text, 80)}”`, kind: SymbolKind.String, location, containerName: container });
    }
  }
  return symbols;
}
