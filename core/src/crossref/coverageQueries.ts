/**
 * Questions about coverage that the editor surfaces ask (lenses, Compare coverage of a selection or a
 * person, the Coverage view). Pure functions over the corpus index and its `CoverageView`s: they
 * read what the index computed and never analyse text themselves.
 */

import type { CorpusIndex } from '../corpus';
import type {
  Article, CoverageCell, CoverageRow, CoverageView, Finding, FindingKind, Location, Severity,
} from '../model';

// ---------------------------------------------------------------------------------------------
// Counting outlets

/**
 * For each column, the column of the article it ultimately derives from (itself when it is not
 * derived from another article of the view). A rewrite and its source count as one outlet.
 */
export function independentColumns(view: CoverageView): number[] {
  const indexOf = new Map(view.columns.map((column, index) => [column.file, index]));
  return view.columns.map((_, start) => {
    let index = start;
    const seen = new Set<number>([index]);
    for (;;) {
      const source = view.columns[index].derivedFrom;
      const next = source === null ? undefined : indexOf.get(source);
      if (next === undefined || seen.has(next)) return index;
      seen.add(next);
      index = next;
    }
  });
}

/** How a row is carried across the story, seen from one column's article. */
export interface CoverageTally {
  /** Independent outlets in the story (a derived article and its source count once). */
  outlets: number;
  /** Independent outlets that carry the row, the viewing article's included. */
  carrying: number;
  /** Other independent outlets whose version agrees with the viewing article's. */
  agrees: number;
  /** Other independent outlets whose version is worded or stated differently. */
  differs: number;
  /** Other independent outlets whose version contradicts (another speaker, an incompatible fact). */
  contradicts: number;
  /** Carrying articles that are rewrites of another article of the view (not counted as outlets). */
  rewrites: number;
}

/** Counts the outlets carrying `row`, as seen from column `own` (the requested article by default). */
export function tallyRow(view: CoverageView, row: CoverageRow, own = 0): CoverageTally {
  const roots = independentColumns(view);
  const ownRoot = roots[own];
  const outlets = new Set(roots);
  const carrying = new Set<number>();
  let columns = 0;
  const verdict = new Map<number, 'agrees' | 'differs' | 'contradicts'>();
  row.cells.forEach((cell, index) => {
    if (cell === null) return;
    const root = roots[index];
    carrying.add(root);
    columns++;
    if (root === ownRoot) return;
    const status = cell.status === 'contradicts' ? 'contradicts' : cell.status === 'differs' ? 'differs' : 'agrees';
    const previous = verdict.get(root);
    // A source and its rewrite count once, with the stronger of their two verdicts.
    if (previous === undefined || rank(status) > rank(previous)) verdict.set(root, status);
  });
  const counts = { agrees: 0, differs: 0, contradicts: 0 };
  for (const status of verdict.values()) counts[status]++;
  return { outlets: outlets.size, carrying: carrying.size, ...counts, rewrites: columns - carrying.size };
}

function rank(status: 'agrees' | 'differs' | 'contradicts'): number {
  return status === 'contradicts' ? 2 : status === 'differs' ? 1 : 0;
}

/** One line for a lens or a tree item: "4 of 5 outlets · 1 differs". */
export function describeTally(tally: CoverageTally): string {
  const rewrites = tally.rewrites > 0 ? ` (+${tally.rewrites} ${tally.rewrites === 1 ? 'rewrite' : 'rewrites'})` : '';
  const parts = [(tally.carrying <= 1 ? `only this outlet of ${tally.outlets}` : `${tally.carrying} of ${tally.outlets} outlets`) + rewrites];
  if (tally.differs > 0) parts.push(`${tally.differs} ${tally.differs === 1 ? 'differs' : 'differ'}`);
  if (tally.contradicts > 0) parts.push(`${tally.contradicts} ${tally.contradicts === 1 ? 'contradicts' : 'contradict'}`);
  return parts.join(' · ');
}

/** A row the viewing article carries, where its own passage is. */
export interface OwnPassage {
  row: CoverageRow;
  cell: CoverageCell;
  tally: CoverageTally;
}

/**
 * The rows of `view` carried by its first column's article, with that article's passage and the
 * tally, in reading order. Label-like quotes ("scare quotes") are left out: nobody says them.
 */
export function ownPassages(view: CoverageView, article: Article): OwnPassage[] {
  const scare = new Set(article.quotes.filter((quote) => quote.scare).map((quote) => quote.start));
  const passages: OwnPassage[] = [];
  for (const row of view.rows) {
    const cell = row.cells[0];
    if (cell === null || cell === undefined || cell.file !== article.file) continue;
    if (row.kind === 'quote' && scare.has(cell.start)) continue;
    passages.push({ row, cell, tally: tallyRow(view, row) });
  }
  return passages.sort((a, b) => a.cell.start - b.cell.start);
}

// ---------------------------------------------------------------------------------------------
// Compare coverage with a focus: the whole article, a selection, a person

export type CompareFocus =
  | { kind: 'article' }
  /** The quotes and claims in the sentences a selection touches. */
  | { kind: 'selection'; start: number; end: number; text: string }
  /** One person's quotes across the story, and how each outlet describes them. */
  | { kind: 'person'; personId: string; name: string };

/** A `CoverageView` narrowed to a focus; what the Compare coverage panel shows. */
export interface CompareView extends CoverageView {
  focus: CompareFocus;
  /** Person focus: per column, the role phrases the article uses; null where it does not mention the person. */
  descriptions?: (string[] | null)[];
  /** Person focus: per column, where the article first mentions the person (null where it does not). */
  mentions?: (Location | null)[];
}

/** Compare coverage of the whole story of `file`. */
export function articleCompare(corpus: CorpusIndex, file: string): CompareView | undefined {
  const view = corpus.coverage(file);
  return view === undefined ? undefined : { ...view, focus: { kind: 'article' } };
}

/**
 * Compare coverage of the quotes and claims in the sentences that the range [start, end) of `file`
 * touches. A collapsed range (a cursor) selects its sentence.
 */
export function selectionCompare(corpus: CorpusIndex, file: string, start: number, end: number): CompareView | undefined {
  const article = corpus.article(file);
  const view = corpus.coverage(file);
  if (article === undefined || view === undefined) return undefined;
  const low = Math.min(start, end);
  const high = Math.max(start, end);
  let from = low;
  let to = Math.max(high, low + 1);
  for (const sentence of article.sentences) {
    if (sentence.end > low && sentence.start < Math.max(high, low + 1)) {
      from = Math.min(from, sentence.start);
      to = Math.max(to, sentence.end);
    }
  }
  const rows = view.rows.filter((row) => {
    const own = row.cells[0];
    return own !== null && own !== undefined && own.start < to && own.end > from;
  });
  const text = article.text.slice(low, high === low ? to : high).replace(/\s+/g, ' ').trim()
    || article.text.slice(from, to).replace(/\s+/g, ' ').trim();
  return { ...view, rows, focus: { kind: 'selection', start: from, end: to, text } };
}

/**
 * Compare coverage of one person within the story of `file` (or of the first article mentioning
 * them when `file` does not): their quotes, and how each outlet describes them.
 */
export function personCompare(corpus: CorpusIndex, personId: string, file?: string): CompareView | undefined {
  const entity = corpus.people().find((person) => person.id === personId);
  if (entity === undefined) return undefined;
  const files = new Set(entity.members.map((member) => member.file));
  const anchor = file !== undefined && corpus.storyOf(file)?.files.some((f) => files.has(f)) ? file : [...files].sort()[0];
  if (anchor === undefined) return undefined;
  const view = corpus.coverage(anchor);
  if (view === undefined) return undefined;

  const keysByFile = new Map<string, Set<string>>();
  for (const member of entity.members) {
    const keys = keysByFile.get(member.file) ?? new Set<string>();
    keys.add(member.key);
    keysByFile.set(member.file, keys);
  }
  const spokenBy = (group: { members: { file: string; key: string }[] }): boolean => group.members.some((member) => {
    const keys = keysByFile.get(member.file);
    if (keys === undefined) return false;
    const quote = corpus.article(member.file)?.quotes.find((candidate) => candidate.key === member.key);
    return quote !== undefined && !quote.scare && quote.speakerKey !== null && keys.has(quote.speakerKey);
  });
  const personQuotes = new Set(corpus.quoteGroups().filter(spokenBy).map((group) => group.id));
  const rows = view.rows.filter((row) => row.kind === 'quote' && personQuotes.has(row.id));

  const descriptions: (string[] | null)[] = [];
  const mentions: (Location | null)[] = [];
  for (const column of view.columns) {
    const keys = keysByFile.get(column.file);
    const people = keys === undefined ? [] : (corpus.article(column.file)?.people ?? []).filter((person) => keys.has(person.key));
    if (people.length === 0) {
      descriptions.push(null);
      mentions.push(null);
      continue;
    }
    const roles: string[] = [];
    for (const person of people) for (const role of person.roles) if (!roles.includes(role.text)) roles.push(role.text);
    descriptions.push(roles);
    const first = people.flatMap((person) => person.mentions).sort((a, b) => a.start - b.start)[0];
    mentions.push(first === undefined ? null : { file: column.file, start: first.start, end: first.end });
  }
  return { ...view, rows, focus: { kind: 'person', personId, name: entity.name }, descriptions, mentions };
}

// ---------------------------------------------------------------------------------------------
// The Coverage view: stories → articles, people, quotes, findings

export interface ArticleOverview {
  file: string;
  outlet: string;
  title: string;
  date: string | null;
  derivedFrom: string | null;
  quotes: number;
  claims: number;
  findings: number;
}

export interface PersonOverview {
  id: string;
  name: string;
  spellings: string[];
  /** Articles of the story mentioning the person. */
  articles: number;
  quotes: number;
  /** The first mention in each article, in column order. */
  mentions: (Location & { outlet: string; roles: string[] })[];
}

export interface QuoteOverview {
  id: string;
  speaker: string | null;
  /** The wording of the first article carrying it. */
  text: string;
  /** "3 of 5 outlets · 1 differs", counting derived articles once. */
  summary: string;
  tally: CoverageTally;
  versions: (Location & { outlet: string; text: string; status: CoverageCell['status'] })[];
}

export interface FindingOverview {
  id: string;
  kind: FindingKind;
  severity: Severity;
  summary: string;
  sides: Finding['sides'];
}

export interface StoryOverview {
  id: string;
  title: string;
  articles: ArticleOverview[];
  people: PersonOverview[];
  quotes: QuoteOverview[];
  findings: FindingOverview[];
}

/** Every story of the corpus with its articles, people, quotes and findings, largest story first. */
export function storyOverviews(corpus: CorpusIndex): StoryOverview[] {
  const overviews: StoryOverview[] = [];
  const findingsOfStory = new Map<string, Finding[]>();
  for (const finding of corpus.findings()) {
    const list = findingsOfStory.get(finding.storyId);
    if (list) list.push(finding);
    else findingsOfStory.set(finding.storyId, [finding]);
  }
  for (const story of corpus.stories()) {
    const files = [...story.files].sort();
    const view = files.length === 0 ? undefined : corpus.coverage(files[0]);
    if (view === undefined) continue;
    const outletOf = new Map(view.columns.map((column) => [column.file, column.outlet]));
    const columnOf = new Map(view.columns.map((column, index) => [column.file, index]));
    const inStory = new Set(story.files);
    const findings = findingsOfStory.get(story.id) ?? [];

    const articles: ArticleOverview[] = view.columns.map((column) => {
      const article = corpus.article(column.file);
      return {
        file: column.file,
        outlet: column.outlet,
        title: column.title,
        date: article?.metadata.date ?? null,
        derivedFrom: column.derivedFrom,
        quotes: article?.quotes.filter((quote) => !quote.scare).length ?? 0,
        claims: article?.claims.length ?? 0,
        findings: findings.filter((finding) => finding.sides.some((side) => side.file === column.file)).length,
      };
    });

    const people: PersonOverview[] = [];
    for (const entity of corpus.people()) {
      const members = entity.members.filter((member) => inStory.has(member.file));
      if (members.length === 0) continue;
      const mentions: PersonOverview['mentions'] = [];
      let quotes = 0;
      for (const file of [...new Set(members.map((member) => member.file))]) {
        const article = corpus.article(file);
        if (article === undefined) continue;
        const keys = new Set(members.filter((member) => member.file === file).map((member) => member.key));
        const local = article.people.filter((person) => keys.has(person.key));
        const first = local.flatMap((person) => person.mentions).sort((a, b) => a.start - b.start)[0];
        if (first === undefined) continue;
        const roles = [...new Set(local.flatMap((person) => person.roles.map((role) => role.text)))];
        mentions.push({ file, start: first.start, end: first.end, outlet: outletOf.get(file) ?? file, roles });
        quotes += article.quotes.filter((quote) => !quote.scare && quote.speakerKey !== null && keys.has(quote.speakerKey)).length;
      }
      if (mentions.length === 0) continue;
      mentions.sort((a, b) => (columnOf.get(a.file) ?? 0) - (columnOf.get(b.file) ?? 0));
      people.push({ id: entity.id, name: entity.name, spellings: entity.spellings, articles: mentions.length, quotes, mentions });
    }
    people.sort((a, b) => b.articles - a.articles || b.quotes - a.quotes || a.name.localeCompare(b.name));

    const quotes: QuoteOverview[] = [];
    for (const row of view.rows) {
      if (row.kind !== 'quote') continue;
      const cells = row.cells.filter((cell): cell is CoverageCell => cell !== null);
      const spoken = cells.filter((cell) => !corpus.article(cell.file)?.quotes.some((quote) => quote.start === cell.start && quote.scare));
      if (spoken.length === 0) continue;
      const own = row.cells.findIndex((cell) => cell !== null);
      const tally = tallyRow(view, row, own);
      const group = corpus.quoteGroupAt(spoken[0].file, spoken[0].start);
      quotes.push({
        id: row.id,
        speaker: group?.speaker ?? null,
        text: spoken[0].text,
        summary: describeTally(tally).replace(/^only this outlet of \d+/, 'one outlet only'),
        tally,
        versions: cells.map((cell) => ({
          file: cell.file, start: cell.start, end: cell.end, outlet: outletOf.get(cell.file) ?? cell.file, text: cell.text, status: cell.status,
        })),
      });
    }
    quotes.sort((a, b) => b.tally.carrying - a.tally.carrying || (b.tally.differs + b.tally.contradicts) - (a.tally.differs + a.tally.contradicts));

    overviews.push({
      id: story.id,
      title: story.title,
      articles,
      people,
      quotes,
      findings: findings.map((finding) => ({
        id: finding.id, kind: finding.kind, severity: finding.severity, summary: finding.summary, sides: finding.sides,
      })).sort((a, b) => severityRank(a.severity) - severityRank(b.severity)),
    });
  }
  return overviews.sort((a, b) => b.articles.length - a.articles.length || a.title.localeCompare(b.title));
}

function severityRank(severity: Severity): number {
  return ['error', 'warning', 'information', 'hint'].indexOf(severity);
}
