/**
 * What `crosscheck analyze` prints: the stable JSON document (docs/cli.md) and a short summary for
 * people. Both read the corpus; neither analyses anything.
 */
import type { Article, CorpusIndex, Finding } from '../../core/src/index';

export const jsonVersion = 1;

export interface JsonReport {
  version: number;
  articles: {
    file: string;
    title: string;
    outlet: string;
    date: string | null;
    people: { name: string; aliases: string[]; mentions: { start: number; end: number }[] }[];
    quotes: { text: string; speaker: string | null; start: number; end: number }[];
    claims: { kind: string; text: string; value: unknown; start: number; end: number }[];
  }[];
  stories: { id: string; title: string; files: string[] }[];
  quoteGroups: { id: string; speaker: string | null; members: { file: string; start: number; end: number; text: string }[] }[];
  conflicts: {
    id: string;
    kind: string;
    severity: string;
    summary: string;
    sides: { file: string; outlet: string; start: number; end: number; text: string }[];
  }[];
  derivations: { derived: string; source: string; score: number }[];
}

/** The outlet's name, or the file name without its extension when the article does not say. */
export function outletName(article: Article): string {
  if (article.metadata.outlet) return article.metadata.outlet;
  const name = article.file.split(/[\\/]/).pop() ?? article.file;
  return name.replace(/\.[^.]*$/, '') || name;
}

/** Articles in the order given on the command line. */
export function jsonReport(corpus: CorpusIndex, order: string[]): JsonReport {
  const articles = order.map((file) => corpus.article(file)).filter((article): article is Article => article !== undefined);
  return {
    version: jsonVersion,
    articles: articles.map((article) => ({
      file: article.file,
      title: article.metadata.title,
      outlet: outletName(article),
      date: article.metadata.date,
      people: article.people.map((person) => ({
        name: person.name,
        aliases: person.aliases,
        mentions: person.mentions.map(({ start, end }) => ({ start, end })),
      })),
      quotes: article.quotes.map(({ text, speaker, start, end }) => ({ text, speaker, start, end })),
      claims: article.claims.map(({ kind, text, value, start, end }) => ({ kind, text, value, start, end })),
    })),
    stories: corpus.stories().map(({ id, title, files }) => ({ id, title, files })),
    quoteGroups: corpus.quoteGroups().map((group) => ({
      id: group.id,
      speaker: group.speaker,
      members: group.members.map(({ file, start, end, text }) => ({ file, start, end, text })),
    })),
    conflicts: corpus.findings().map((finding) => ({
      id: finding.id,
      kind: finding.kind,
      severity: finding.severity,
      summary: finding.summary,
      sides: finding.sides.map(({ file, outlet, start, end, text }) => ({ file, outlet, start, end, text })),
    })),
    derivations: corpus.derivations().map(({ derived, source, score }) => ({ derived, source, score })),
  };
}

/** 1-based line and column (UTF-16) of `offset`, as editors and compilers print them. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < text.length; index++) {
    if (text.charCodeAt(index) === 10) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function textReport(corpus: CorpusIndex, order: string[]): string {
  const articles = order.map((file) => corpus.article(file)).filter((article): article is Article => article !== undefined);
  const findings = corpus.findings();
  const shared = corpus.quoteGroups().filter((group) => new Set(group.members.map((member) => member.file)).size > 1);
  const stories = corpus.stories();
  const lines = [
    `${count(articles.length, 'article')}, ${count(stories.length, 'story', 'stories')}, `
      + `${count(shared.length, 'quote')} carried by more than one outlet, ${count(findings.length, 'finding')}`,
  ];
  if (articles.length > 0) {
    lines.push('', 'Articles');
    for (const article of articles) {
      lines.push(`  ${article.file}  ${outletName(article)}: ${clip(article.metadata.title, 70)}`
        + ` (${count(article.people.length, 'person', 'people')}, ${count(article.quotes.length, 'quote')}, ${count(article.claims.length, 'claim')})`);
    }
  }
  if (findings.length > 0) {
    lines.push('', 'Findings');
    for (const finding of findings) lines.push(...findingLines(corpus, finding));
  }
  const derivations = corpus.derivations();
  if (derivations.length > 0) {
    lines.push('', 'Derived articles');
    for (const derivation of derivations) {
      lines.push(`  ${derivation.derived} is derived from ${derivation.source} (${Math.round(derivation.score * 100)}% of passages aligned)`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function findingLines(corpus: CorpusIndex, finding: Finding): string[] {
  const lines = [`  ${finding.severity} ${finding.kind}: ${finding.summary}`];
  for (const side of finding.sides) {
    const text = corpus.article(side.file)?.text ?? '';
    const { line, column } = lineAndColumn(text, side.start);
    lines.push(`    ${side.file}:${line}:${column}  ${side.outlet}: ${clip(side.text, 90)}`);
  }
  return lines;
}

function count(amount: number, noun: string, plural = `${noun}s`): string {
  return `${amount} ${amount === 1 ? noun : plural}`;
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
