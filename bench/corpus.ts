/**
 * The benchmark's archive: thousands of articles with the structure of real coverage, made from real
 * articles. Each generated story takes one real event (a NewsWCL50 event or the seed summit, five
 * outlets each; or one PolNeAR article picked up by other outlets), keeps 3–8 of its articles (adding
 * rewrites of them when it needs more), and systematically renames its people, places and numbers so
 * every story is about different people; the articles get a fresh outlet and a date near the story's
 * date. Some stories get a shared claim (a meeting's duration or venue) in every article, some with one
 * outlet contradicting the others, and some a quote reworded by one outlet. Everything is drawn from a
 * seeded generator: the same seed gives the same archive, byte for byte.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeArticle } from '../core/src/article/analyze';
import { Random } from './random';

export interface TemplateArticle {
  text: string;
  /** Capitalised name words to rename (first names and surnames), place names, as found by the analysis. */
  firstNames: string[];
  surnames: string[];
  places: string[];
}

export interface StoryTemplate {
  name: string;
  articles: TemplateArticle[];
}

export interface GeneratedArticle {
  /** Path relative to the archive folder. */
  relative: string;
  text: string;
  words: number;
  /** Offsets inside people's names and inside quotations, for requests at realistic positions. */
  people: number[];
  quotes: number[];
  /** Offset of the injected duration ("lasted …"), when the story has one. */
  duration: number | null;
}

export interface Archive {
  folder: string;
  articles: GeneratedArticle[];
  stories: number;
  words: number;
}

const FIRST_NAMES = [
  'Anna', 'Peter', 'Maria', 'David', 'Laura', 'James', 'Sarah', 'Michael', 'Elena', 'Robert', 'Julia', 'Thomas',
  'Karen', 'Daniel', 'Helen', 'Mark', 'Linda', 'Paul', 'Susan', 'George', 'Nina', 'Victor', 'Alice', 'Frank',
  'Irene', 'Oscar', 'Clara', 'Henry', 'Grace', 'Martin', 'Rachel', 'Simon', 'Teresa', 'Walter', 'Diana', 'Hugo',
  'Emma', 'Lucas', 'Olivia', 'Adam', 'Sofia', 'Ivan', 'Marta', 'Jonas', 'Eva', 'Carl', 'Rosa', 'Felix',
];
const SYLLABLES = [
  'bar', 'ven', 'dor', 'kal', 'mir', 'tos', 'lan', 'rek', 'vik', 'sol', 'mar', 'den', 'hol', 'brin', 'cas', 'tel',
  'gar', 'nor', 'quin', 'stav', 'wen', 'zel', 'fal', 'run', 'bel', 'dra', 'kov', 'lis', 'mon', 'pel', 'rov', 'sten',
];
const PLACE_ENDINGS = ['ford', 'haven', 'burg', 'field', 'mouth', 'vale', 'stad', 'grad', 'port', 'wick'];
const OUTLET_WORDS = [
  'Herald', 'Ledger', 'Courier', 'Tribune', 'Gazette', 'Observer', 'Chronicle', 'Post', 'Dispatch', 'Record',
  'Sentinel', 'Examiner', 'Journal', 'Times', 'Bulletin', 'Monitor',
];
const OUTLET_PLACES = [
  'Harbor', 'Valley', 'Northern', 'Coastal', 'Capital', 'Lakeside', 'Midland', 'Prairie', 'Riverside', 'Summit',
  'Eastern', 'Western', 'Metro', 'Highland', 'Bay', 'Union',
];
const VENUES = [
  ['a military base outside', 'base'], ['the presidential palace in', 'building'], ['an air base near', 'base'],
  ["the president's motorcade in", 'vehicle'],
] as const;
const DURATIONS = ['nearly three hours', 'over three hours', 'about two hours', 'more than four hours', 'less than an hour', 'about 90 minutes'];
const CONTRADICTING: Record<string, string> = {
  'nearly three hours': 'over three hours',
  'over three hours': 'nearly three hours',
  'about two hours': 'more than four hours',
  'more than four hours': 'about two hours',
  'less than an hour': 'over three hours',
  'about 90 minutes': 'more than four hours',
};

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function surname(random: Random): string {
  return capitalise(random.pick(SYLLABLES) + random.pick(SYLLABLES) + (random.chance(0.4) ? random.pick(['son', 'ova', 'ez', 'i', 'er']) : ''));
}

function placeName(random: Random): string {
  return capitalise(random.pick(SYLLABLES) + random.pick(PLACE_ENDINGS));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Words of a name that are worth renaming: capitalised, at least three letters, not a title. */
const TITLE_WORDS = new Set(['Mr', 'Mrs', 'Ms', 'Dr', 'President', 'Senator', 'Sen', 'Rep', 'Gov', 'Jr', 'Sr', 'The', 'General', 'Secretary']);

function nameWords(name: string): string[] {
  return name.split(/\s+/).map((w) => w.replace(/[^\p{L}'-]/gu, '').replace(/'s$/, '')).filter((w) => w.length >= 3 && /^\p{Lu}/u.test(w) && !TITLE_WORDS.has(w));
}

function templateArticle(file: string, text: string): TemplateArticle {
  const article = analyzeArticle(file, text);
  const firstNames = new Set<string>();
  const surnames = new Set<string>();
  for (const person of article.people) {
    const words = nameWords(person.name);
    if (words.length === 0) continue;
    surnames.add(words[words.length - 1]);
    for (const w of words.slice(0, -1)) firstNames.add(w);
  }
  const places = new Set(article.entities.filter((e) => e.kind === 'place' && e.text.length >= 4 && /^\p{Lu}/u.test(e.text)).map((e) => e.text));
  // A word also used in lower case is a common word ("Will", "Rose"): left alone.
  const common = (w: string): boolean => new RegExp(`\\b${escapeRegExp(w.toLowerCase())}\\b`).test(text);
  return {
    text,
    firstNames: [...firstNames].filter((w) => !common(w)).sort(),
    surnames: [...surnames].filter((w) => !common(w) && !firstNames.has(w)).sort(),
    places: [...places].filter((p) => !common(p)).sort(),
  };
}

/** The real events the archive is made from; null when the shared data folder is missing. */
export function loadTemplates(dataFolder: string, seedsFolder: string): StoryTemplate[] | null {
  const templates: StoryTemplate[] = [];
  const read = (file: string): string => readFileSync(file, 'utf8');
  if (existsSync(seedsFolder)) {
    const files = readdirSync(seedsFolder).filter((f) => f.endsWith('.txt')).sort();
    if (files.length > 0) templates.push({ name: 'seeds', articles: files.map((f) => templateArticle(f, read(path.join(seedsFolder, f)))) });
  }
  const wcl = path.join(dataFolder, 'newswcl50');
  if (existsSync(wcl)) {
    for (const event of readdirSync(wcl).sort()) {
      const folder = path.join(wcl, event);
      const files = readdirSync(folder).filter((f) => f.endsWith('.txt')).sort();
      if (files.length >= 3) templates.push({ name: event, articles: files.map((f) => templateArticle(f, read(path.join(folder, f)))) });
    }
  }
  const polnear = path.join(dataFolder, 'polnear-dev');
  if (existsSync(polnear)) {
    for (const f of readdirSync(polnear).filter((x) => x.endsWith('.txt')).sort()) {
      templates.push({ name: f.replace(/\.txt$/, ''), articles: [templateArticle(f, read(path.join(polnear, f)))] });
    }
  }
  return templates.some((t) => t.articles.length >= 3) ? templates : null;
}

/** Replaces the template's names, places and numbers with the story's own. */
function renamer(random: Random, templates: TemplateArticle[], yearShift: number, scale: number): { rename: (text: string) => string; names: string[] } {
  const replacements = new Map<string, string>();
  for (const t of templates) {
    for (const w of t.firstNames) if (!replacements.has(w)) replacements.set(w, random.pick(FIRST_NAMES));
    for (const w of t.surnames) if (!replacements.has(w)) replacements.set(w, surname(random));
    for (const p of t.places) if (!replacements.has(p)) replacements.set(p, placeName(random));
  }
  const keys = [...replacements.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const pattern = keys.length > 0 ? new RegExp(`(?<![\\p{L}])(?:${keys.map(escapeRegExp).join('|')})(?![\\p{L}])`, 'gu') : null;
  const names = [...new Set(templates.flatMap((t) => [...t.firstNames, ...t.surnames]).map((w) => replacements.get(w)!))];
  return { names, rename: (text) => {
    let out = pattern ? text.replace(pattern, (m) => replacements.get(m) ?? m) : text;
    out = out.replace(/\b\d[\d,]*(?:\.\d+)?\b/g, (m) => {
      const value = Number(m.replace(/,/g, ''));
      if (!Number.isFinite(value)) return m;
      if (Number.isInteger(value) && value >= 1900 && value <= 2100) return String(value + yearShift);
      if (value <= 12) return m; // small counts and days of the month stay readable
      return String(Math.max(1, Math.round(value * scale)));
    });
    return out;
  } };
}

/** A rewrite of `text` by another outlet: most sentences kept in order, a few dropped. */
function rewrite(random: Random, text: string, keep: number): string {
  const paragraphs = text.split(/\n+/).filter((p) => p.trim());
  const kept = paragraphs.map((p) => p.split(/(?<=[.!?][”"]?)\s+(?=[A-Z“"])/).filter(() => random.chance(keep)).join(' ')).filter((p) => p.trim());
  return (kept.length > 0 ? kept : paragraphs.slice(0, 1)).join('\n\n');
}

/** One outlet rewords a quote: a word inside the first long quotation is dropped. */
function rewordQuote(random: Random, text: string): string {
  const match = /[“"]([^”"\n]{40,300})[”"]/.exec(text);
  if (!match) return text;
  const words = match[1].split(' ');
  if (words.length < 8) return text;
  const at = random.int(2, words.length - 3);
  const changed = [...words.slice(0, at), ...words.slice(at + 1)].join(' ');
  return text.slice(0, match.index + 1) + changed + text.slice(match.index + 1 + match[1].length);
}

function isoDate(day: number): string {
  return new Date(Date.UTC(2001, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
}

function slugOf(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** Generates `count` articles (whole stories; the last one is cut to fit) into `folder/articles/`. */
export function generateArchive(folder: string, templates: StoryTemplate[], count: number, seed = 20261123): Archive {
  const random = new Random(seed);
  const outlets: string[] = [];
  for (const place of OUTLET_PLACES) for (const word of OUTLET_WORDS) outlets.push(`The ${place} ${word}`);
  const articles: GeneratedArticle[] = [];
  let story = 0;
  let words = 0;
  while (articles.length < count) {
    const template = templates[story % templates.length];
    // Stories made from one template are at least two weeks apart (never one story by date); the other
    // templates share the dates: about twenty articles a day, like a newsroom's output.
    const day = Math.floor(story / templates.length) * 24 + random.int(0, 8);
    const yearShift = Math.floor(day / 365) + 1;
    const { rename, names } = renamer(random, template.articles, yearShift, 0.5 + random.next() * 1.5);
    const size = Math.min(random.int(3, 8), count - articles.length);
    const picked = random.shuffle(template.articles).slice(0, size);
    const texts = picked.map((a) => a.text);
    while (texts.length < size) {
      // More outlets than the event has: others pick up a wire version (a rewrite, in order or reshuffled).
      const base = random.pick(texts);
      const version = rewrite(random, base, 0.75);
      texts.push(random.chance(0.5) ? version : random.shuffle(version.split('\n\n')).join('\n\n'));
    }
    const place = placeName(random);
    const claim = random.chance(0.6) ? random.pick(DURATIONS) : null;
    const venue = random.chance(0.3) ? random.pick(VENUES) : null;
    const contradicting = claim !== null && random.chance(0.35) ? random.int(0, size - 1) : -1;
    const reworded = random.chance(0.5) ? random.int(0, size - 1) : -1;
    const storyOutlets = random.shuffle(outlets).slice(0, size);
    texts.forEach((text, k) => {
      let body = rename(text);
      if (k === reworded) body = rewordQuote(random, body);
      const added: string[] = [];
      if (claim !== null) added.push(`The meeting in ${place} lasted ${k === contradicting ? CONTRADICTING[claim] : claim}.`);
      if (venue !== null) added.push(`The meeting took place at ${venue[0]} ${place}.`);
      if (added.length > 0) {
        const paragraphs = body.split('\n\n');
        const at = Math.min(paragraphs.length, random.int(1, 3));
        paragraphs.splice(at, 0, added.join(' '));
        body = paragraphs.join('\n\n');
      }
      const date = isoDate(day + random.int(0, 2));
      const outlet = storyOutlets[k];
      const headline = body.split('\n').find((l) => l.trim())?.trim().split(/\s+/).slice(0, 12).join(' ') ?? 'Untitled';
      const full = `Outlet: ${outlet}\nDate: ${date}\nTitle: ${headline}\n\n${body.trim()}\n`;
      const n = full.split(/\s+/).filter(Boolean).length;
      words += n;
      const people: number[] = [];
      if (names.length > 0) {
        const namePattern = new RegExp(`(?<![\\p{L}])(?:${names.map(escapeRegExp).join('|')})(?![\\p{L}])`, 'gu');
        for (const m of full.matchAll(namePattern)) people.push(m.index + Math.floor(m[0].length / 2));
      }
      const quotes = [...full.matchAll(/[“"]([^”"\n]{10,})[”"]/g)].map((m) => m.index + 1 + Math.floor(m[1].length / 2));
      const lasted = full.indexOf(' lasted ');
      articles.push({
        relative: `articles/${date.slice(0, 7)}/s${String(story).padStart(5, '0')}-${slugOf(outlet)}.txt`,
        text: full, words: n, people, quotes, duration: lasted >= 0 ? lasted + 8 : null,
      });
    });
    story++;
  }
  return { folder, articles, stories: story, words };
}

export function writeArchive(archive: Archive): void {
  for (const article of archive.articles) {
    const file = path.join(archive.folder, article.relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, article.text);
  }
}
