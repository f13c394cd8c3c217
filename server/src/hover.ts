/**
 * Hovers: a person (who they are, how each outlet describes them, their quotes across outlets), a
 * quote (the other outlets' versions, word by word), a claim (what other outlets say), a headline
 * (which article this one is derived from).
 */
import type { Hover, MarkupContent } from 'vscode-languageserver';
import { MarkupKind } from 'vscode-languageserver';
import type { Article, Span } from '../../core/src/index';
import type { FeatureContext } from './context';
import { escapeMarkdown, locationLink, markdownWordDiff, shorten } from './markdown';
import { outletName, outletNamer } from './outlets';

export function hoverAt(context: FeatureContext, article: Article, offset: number): Hover | null {
  return personHover(context, article, offset)
    ?? quoteHover(context, article, offset)
    ?? claimHover(context, article, offset)
    ?? headlineHover(context, article, offset);
}

function contains(span: Span, offset: number): boolean {
  return span.start <= offset && offset < span.end;
}

function hover(context: FeatureContext, article: Article, span: Span, lines: string[]): Hover {
  const contents: MarkupContent = { kind: MarkupKind.Markdown, value: lines.join('\n') };
  const range = context.positions.range(article.file, span);
  return range === undefined ? { contents } : { contents, range };
}

function personHover(context: FeatureContext, article: Article, offset: number): Hover | null {
  const { corpus } = context;
  const entity = corpus.personAt(article.file, offset);
  if (entity === undefined) return null;
  const profile = corpus.personProfile(entity.id);
  const mention = article.people.flatMap((person) => person.mentions).find((candidate) => contains(candidate, offset));
  const span = mention ?? { start: offset, end: offset + 1 };
  const count = profile?.articleCount ?? new Set(entity.members.map((member) => member.file)).size;
  const lines = [`**${escapeMarkdown(entity.name)}**`, '', `Mentioned in ${count} ${count === 1 ? 'article' : 'articles'}`];
  const otherSpellings = entity.spellings.filter((spelling) => spelling !== entity.name);
  if (otherSpellings.length > 0) lines.push('', `Also spelled: ${otherSpellings.map(escapeMarkdown).join(', ')}`);
  if (profile !== undefined) {
    const rolesByOutlet = new Map<string, Set<string>>();
    for (const description of profile.descriptions) {
      const roles = rolesByOutlet.get(description.outlet) ?? new Set<string>();
      for (const role of description.roles) roles.add(role);
      rolesByOutlet.set(description.outlet, roles);
    }
    const described = [...rolesByOutlet].filter(([, roles]) => roles.size > 0);
    if (described.length > 0 && context.settings.hoverDescriptions) {
      lines.push('', '**How outlets describe them**', '');
      for (const [outlet, roles] of described) {
        lines.push(`- ${escapeMarkdown(outlet)}: ${[...roles].map((role) => escapeMarkdown(role)).join('; ')}`);
      }
    }
    const listedQuotes = context.settings.hoverMaxQuotes;
    if (profile.quotes.length > 0 && listedQuotes > 0) {
      lines.push('', `**Quotes across outlets** (${profile.quotes.length})`, '');
      for (const quote of profile.quotes.slice(0, listedQuotes)) {
        const link = locationLink(quote.outlet, quote.file, quote, context.positions, context.commandLinks);
        lines.push(`- ${link}: “${escapeMarkdown(shorten(quote.text))}”`);
      }
      if (profile.quotes.length > listedQuotes) lines.push(`- … and ${profile.quotes.length - listedQuotes} more`);
    }
  }
  return hover(context, article, span, lines);
}

/** How many other versions of a quote a hover shows word by word (the ones that differ from it). */
const listedVersions = 8;

/** How many articles with a quote's very words a hover links to. */
const listedSameWords = 20;

function quoteHover(context: FeatureContext, article: Article, offset: number): Hover | null {
  const quote = article.quotes.find((candidate) => candidate.start <= offset && offset <= candidate.end);
  const group = context.corpus.quoteGroupAt(article.file, offset);
  if (quote === undefined && group === undefined) return null;
  const own = group?.members.find((member) => member.file === article.file && member.start <= offset && offset <= member.end)
    ?? (quote === undefined ? undefined : { ...quote, file: article.file });
  if (own === undefined) return null;
  const speaker = own.speaker ?? group?.speaker ?? null;
  const others = (group?.members ?? []).filter((member) => member !== own && !(member.file === own.file && member.start === own.start));
  const lines = [`**Quote**${speaker === null ? ', speaker not named' : ` by ${escapeMarkdown(speaker)}`}`, ''];
  if (others.length === 0) {
    lines.push('No other outlet carries this quote.');
  } else {
    lines.push(`Also quoted by ${others.length} ${others.length === 1 ? 'article' : 'articles'}:`, '');
    const outlet = outletNamer(context.corpus, article.file);
    const link = (member: (typeof others)[number]): string =>
      locationLink(outlet(member.file), member.file, member, context.positions, context.commandLinks);
    const creditedElsewhere = (member: (typeof others)[number]): boolean => member.speaker !== null && member.speaker !== speaker;
    // The versions that differ from this one (words or speaker) first, word by word; the articles with
    // the very same words and speaker as one line of links.
    const differing: typeof others = [];
    const same: typeof others = [];
    for (const member of others) (member.text !== own.text || creditedElsewhere(member) ? differing : same).push(member);
    for (const member of differing.slice(0, listedVersions)) {
      const attributed = creditedElsewhere(member) ? ` (attributed to ${escapeMarkdown(member.speaker!)})` : '';
      const words = member.text === own.text ? `“${escapeMarkdown(shorten(member.text, 300))}” (same words)`
        : `“${markdownWordDiff(own.text, member.text)}”`;
      lines.push(`- ${link(member)}${attributed}: ${words}`);
    }
    if (differing.length > listedVersions) {
      lines.push(`- … and ${differing.length - listedVersions} more worded or credited differently (Find All References lists every version)`);
    }
    if (same.length > 0) {
      const more = same.length > listedSameWords ? `, and ${same.length - listedSameWords} more` : '';
      lines.push(...(differing.length > 0 ? [''] : []), `Same words in ${same.slice(0, listedSameWords).map(link).join(', ')}${more}`);
    }
  }
  lines.push(...leftOut(context, article, (group?.members ?? []).map((member) => member.file)));
  return hover(context, article, own, lines);
}

function claimHover(context: FeatureContext, article: Article, offset: number): Hover | null {
  const group = context.corpus.claimGroupAt(article.file, offset);
  if (group === undefined) return null;
  const own = group.members.find((member) => member.file === article.file && contains(member, offset));
  if (own === undefined) return null;
  const others = group.members.filter((member) => member !== own);
  if (others.length === 0) return null;
  const lines = [`**${escapeMarkdown(capitalise(group.topic))}** across articles`, ''];
  const outlet = outletNamer(context.corpus, article.file);
  for (const member of others) {
    const link = locationLink(outlet(member.file), member.file, member, context.positions, context.commandLinks);
    lines.push(`- ${link}: ${escapeMarkdown(shorten(member.text))}`);
  }
  lines.push(...leftOut(context, article, group.members.map((member) => member.file)));
  return hover(context, article, own, lines);
}

/** "Not in: …" — the story's other articles that do not carry what the hover is about. */
function leftOut(context: FeatureContext, article: Article, carriedIn: string[]): string[] {
  const carried = new Set([article.file, ...carriedIn]);
  const missing = (context.corpus.storyOf(article.file)?.files ?? []).filter((file) => !carried.has(file));
  if (missing.length === 0) return [];
  const outlet = outletNamer(context.corpus, article.file);
  const outlets = missing.map((file) => escapeMarkdown(outlet(file)));
  return ['', `Not in: ${outlets.join(', ')}`];
}

function headlineHover(context: FeatureContext, article: Article, offset: number): Hover | null {
  const title = article.metadata.titleSpan;
  if (!(title.start <= offset && offset < title.end)) return null;
  const lines: string[] = [];
  const outlet = outletNamer(context.corpus, article.file);
  for (const derivation of context.corpus.derivations()) {
    if (derivation.derived === article.file) {
      const source = outlet(derivation.source);
      const link = locationLink(source, derivation.source, { start: 0, end: 0 }, context.positions, context.commandLinks);
      lines.push(`Derived from ${link} (${Math.round(derivation.score * 100)}% of passages aligned)`);
      lines.push(...alignedPassages(context, article, derivation, source));
    } else if (derivation.source === article.file) {
      const derived = outlet(derivation.derived);
      const link = locationLink(derived, derivation.derived, { start: 0, end: 0 }, context.positions, context.commandLinks);
      lines.push(`Source of ${link} (${Math.round(derivation.score * 100)}% of its passages aligned)`);
    }
  }
  const story = context.corpus.storyOf(article.file);
  if (story !== undefined && story.files.length > 1) {
    lines.push(`Story: ${escapeMarkdown(story.title)} (${story.files.length} articles)`);
  }
  if (lines.length === 0) return null;
  return hover(context, article, title, [`**${escapeMarkdown(outletName(article, article.file))}**`, '', ...lines.flatMap((line) => [line, ''])]);
}

/** The first aligned passages of a rewrite, each this article's words beside the source's, linked. */
function alignedPassages(
  context: FeatureContext,
  article: Article,
  derivation: { source: string; passages: { derived: Span; source: Span }[] },
  sourceOutlet: string,
): string[] {
  const sourceText = context.corpus.article(derivation.source)?.text;
  if (sourceText === undefined || derivation.passages.length === 0) return [];
  const clip = (text: string) => escapeMarkdown(text.length > 140 ? `${text.slice(0, 137).trimEnd()}…` : text);
  const shown = derivation.passages.slice(0, maxAlignedPassages);
  const rows = shown.map((passage) => {
    const here = locationLink('here', article.file, passage.derived, context.positions, context.commandLinks);
    const there = locationLink(sourceOutlet, derivation.source, passage.source, context.positions, context.commandLinks);
    return `- ${here}: “${clip(article.text.slice(passage.derived.start, passage.derived.end))}” ← ${there}: “${clip(sourceText.slice(passage.source.start, passage.source.end))}”`;
  });
  const more = derivation.passages.length - shown.length;
  return ['', '**Aligned passages**', '', ...rows, ...(more > 0 ? [`- … and ${more} more`] : [])];
}

const maxAlignedPassages = 3;

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
