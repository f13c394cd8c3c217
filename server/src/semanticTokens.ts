/**
 * Semantic tokens on top of the TextMate grammar: people, places, organisations, quoted words, and
 * claims other outlets also state or contradict, so themes can colour them (package.json maps each
 * token type to TextMate scopes for themes without semantic colours). Where spans nest, the
 * narrower kind wins: a name inside a quote is a person, the rest of the quote stays a quote.
 */
import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver';
import type { Article, Span } from '../../core/src/index';
import type { FeatureContext } from './context';

export const tokenTypes = ['person', 'place', 'organization', 'quote', 'claim'] as const;
export const tokenModifiers = ['contradicted', 'altered'] as const;

export const semanticTokensLegend: SemanticTokensLegend = { tokenTypes: [...tokenTypes], tokenModifiers: [...tokenModifiers] };

type TokenType = (typeof tokenTypes)[number];
type TokenModifier = (typeof tokenModifiers)[number];

/** Higher wins where spans overlap. */
const priority: Record<TokenType, number> = { quote: 1, claim: 2, organization: 3, place: 3, person: 4 };

interface Painted extends Span {
  type: TokenType;
  modifiers: TokenModifier[];
}

/** The spans to colour, before overlaps are resolved. */
export function semanticSpans(context: FeatureContext, article: Article): Painted[] {
  const spans: Painted[] = [];
  const findings = context.corpus.findingsFor(article.file);
  const touchedBy = (span: Span, kinds: string[]): boolean => findings.some((finding) => kinds.includes(finding.kind)
    && finding.sides.some((side) => side.file === article.file && side.start < span.end && side.end > span.start));

  for (const quote of article.quotes) {
    if (quote.scare) continue;
    const modifiers: TokenModifier[] = touchedBy(quote, ['quote-variant', 'speaker-conflict']) ? ['altered'] : [];
    for (const part of quote.parts) spans.push({ start: part.start, end: part.end, type: 'quote', modifiers });
  }
  for (const claim of article.claims) {
    const contradicted = touchedBy(claim, ['contradiction']);
    const group = context.corpus.claimGroupAt(article.file, claim.start);
    const shared = group !== undefined && group.members.some((member) => member.file !== article.file);
    if (!contradicted && !shared) continue;
    spans.push({ start: claim.start, end: claim.end, type: 'claim', modifiers: contradicted ? ['contradicted'] : [] });
  }
  for (const entity of article.entities) {
    spans.push({ start: entity.start, end: entity.end, type: entity.kind === 'place' ? 'place' : 'organization', modifiers: [] });
  }
  for (const person of article.people) {
    for (const mention of person.mentions) {
      if (mention.kind === 'pronoun' || mention.kind === 'description') continue;
      spans.push({ start: mention.start, end: mention.end, type: 'person', modifiers: [] });
    }
  }
  return spans;
}

/** The tokens of one article, encoded as LSP wants them (relative lines and characters, one line each). */
export function semanticTokensFor(context: FeatureContext, article: Article): SemanticTokens {
  const text = article.text;
  // One code per UTF-16 unit: 0 = nothing, else (type index + 1) * 8 + modifier bits. Painting in
  // priority order lets the narrower kinds overwrite the wider ones.
  const codes = new Int32Array(text.length);
  const spans = semanticSpans(context, article).sort((a, b) => priority[a.type] - priority[b.type] || (b.end - b.start) - (a.end - a.start));
  for (const span of spans) {
    const code = (tokenTypes.indexOf(span.type) + 1) * 8
      + span.modifiers.reduce((bits, modifier) => bits | (1 << tokenModifiers.indexOf(modifier)), 0);
    const end = Math.min(span.end, text.length);
    for (let index = Math.max(0, span.start); index < end; index++) codes[index] = code;
  }

  const data: number[] = [];
  let line = 0;
  let lineStart = 0;
  let previousLine = 0;
  let previousStart = 0;
  let index = 0;
  while (index < text.length) {
    const character = text.charCodeAt(index);
    if (character === 10) {
      line++;
      lineStart = index + 1;
      index++;
      continue;
    }
    const code = codes[index];
    if (code === 0 || character === 13) {
      index++;
      continue;
    }
    let end = index + 1;
    while (end < text.length && codes[end] === code && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    const start = index - lineStart;
    data.push(line - previousLine, line === previousLine ? start - previousStart : start, end - index, Math.floor(code / 8) - 1, code % 8);
    previousLine = line;
    previousStart = start;
    index = end;
  }
  return { data };
}
