// analyzeArticle: one article's text → metadata, sentences, people, entities, quotes and claims.
// Pure and deterministic; every step is guarded, so a failure in one step is recorded in
// `article.problems` and the others still run. Never throws.

import { createHash } from 'node:crypto';
import type { Article, ArticleMetadata, Claim, NamedEntity, Person, Quote, Sentence } from '../model';
import { findClaims } from './claims';
import { extractMetadata } from './metadata';
import { findPeople, type Gender, type MentionRef } from './people';
import { findQuotes } from './quotes';
import { punctuationSentences, splitSentences } from './sentences';
import { type Paragraph, type Word, splitParagraphs, tokenize } from './text';

export function analyzeArticle(file: string, text: string): Article {
  const problems: string[] = [];
  const step = <T>(name: string, fallback: T, f: () => T): T => {
    try {
      return f();
    } catch (error) {
      problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      return fallback;
    }
  };
  if (typeof text !== 'string') text = String(text ?? '');
  const written = text;
  // A lone CR (old Mac line endings) ends a line as LF does, for editors and LSP alike. The steps split
  // lines on LF, so they read a copy with LF; the swap keeps the length, so every offset holds.
  if (text.includes('\r')) text = text.replace(/\r(?!\n)/g, '\n');

  const hash = step('hash', '', () => createHash('sha256').update(written).digest('hex'));
  const metadata = step<ArticleMetadata>('metadata', emptyMetadata(), () => extractMetadata(text));
  const paragraphs = step<Paragraph[]>('paragraphs', [], () => splitParagraphs(text, metadata.bodyStart));
  const sentences = step<Sentence[]>('sentences', [], () => splitSentences(text, paragraphs));
  if (!sentences.length && paragraphs.length) {
    // The splitter failed: one sentence per punctuation run keeps the other steps working.
    step('sentences.fallback', undefined, () => {
      for (const p of paragraphs) for (const [start, end] of punctuationSentences(text, p.start, p.end)) sentences.push({ start, end, paragraph: p.index });
    });
  }
  const words = step<Word[]>('words', [], () => tokenize(text, paragraphs, metadata.bodyStart));
  const headlines = step('headlines', new Set<number>(), () => headlineParagraphs(text, paragraphs, words));

  const found = step('people', { people: [] as Person[], entities: [] as NamedEntity[], mentions: [] as MentionRef[], genders: new Map<string, Gender>() },
    () => findPeople(text, words, paragraphs, sentences, headlines));
  const quotes = step<Quote[]>('quotes', [], () => findQuotes(text, paragraphs, sentences, words, found.people, found.mentions, found.genders));
  // Pronoun mentions added by the quote step join the mention index used by claims.
  const claims = step<Claim[]>('claims', [], () => findClaims(
    { text, sentences, people: found.people, mentions: found.mentions, date: metadata.date, headlines },
    (name, error) => problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`),
  ));

  return {
    file,
    text: written,
    hash,
    metadata,
    sentences,
    people: found.people,
    entities: found.entities,
    quotes,
    claims,
    problems,
  };
}

function emptyMetadata(): ArticleMetadata {
  return { outlet: null, outletSource: null, date: null, url: null, title: '', titleSpan: { start: 0, end: 0 }, story: null, bodyStart: 0 };
}

const SMALL_WORDS = new Set(['a', 'an', 'the', 'and', 'or', 'of', 'in', 'on', 'at', 'to', 'for', 'by', 'with', 'from', 'as', 'vs', 'but', 'is']);

/** Paragraphs written as headlines: lines in title case, where capitals say nothing about names. */
function headlineParagraphs(text: string, paragraphs: Paragraph[], words: Word[]): Set<number> {
  const out = new Set<number>();
  let w = 0;
  for (const p of paragraphs) {
    while (w < words.length && words[w].start < p.start) w++;
    let total = 0;
    let capitalised = 0;
    let k = w;
    for (; k < words.length && words[k].start < p.end; k++) {
      const word = words[k];
      const c0 = word.text.charCodeAt(0);
      if ((c0 >= 48 && c0 <= 57) || SMALL_WORDS.has(word.lower)) continue;
      total++;
      if (word.cap) capitalised++;
    }
    const endsLikeSentence = /[.!?]$/.test(text.slice(p.end - 1, p.end));
    if (total >= 3 && capitalised / total >= 0.75 && !endsLikeSentence) out.add(p.index);
  }
  return out;
}
