// Property-based tests of article analysis and the corpus index (fast-check): random news-like text
// with quote marks, line endings and awkward unicode (emoji, combining marks, right-to-left script,
// astral characters; offsets are UTF-16). Invariants: nothing throws, no step fails, every range is
// inside the text and holds the words it reports. `npm test` runs a few seeded cases; `npm run fuzz`
// runs many (CROSSCHECK_FUZZ_RUNS, CROSSCHECK_FUZZ_SEED to replay a failure).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyzeArticle, Corpus } from '../../core/src/index';
import type { Article, Span } from '../../core/src/index';
import { articleText, fragment, fuzzOptions, fuzzRuns, marks } from './fuzz-arbitraries';

/** True when `offset` falls between the two halves of a surrogate pair. */
function splitsPair(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

function assertSpan(text: string, span: Span, what: string): void {
  assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${what}: integer offsets`);
  assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, `${what}: [${span.start}, ${span.end}) inside 0..${text.length}`);
  assert.ok(!splitsPair(text, span.start) && !splitsPair(text, span.end), `${what}: does not split a surrogate pair`);
}

/** Every range of the analysis is inside the text and on the words it reports. */
function assertArticleInvariants(text: string, article: Article): void {
  assert.equal(article.text, text, 'the article keeps the text as given');
  assert.deepEqual(article.problems, [], 'no analysis step failed');
  assertSpan(text, article.metadata.titleSpan, 'title');
  article.sentences.forEach((sentence, index) => assertSpan(text, sentence, `sentence ${index}`));
  for (const person of article.people) {
    for (const mention of person.mentions) {
      assertSpan(text, mention, `mention of ${person.name}`);
      assert.equal(mention.text, text.slice(mention.start, mention.end), `mention text of ${person.name}`);
    }
    for (const role of person.roles) assertSpan(text, role, `role of ${person.name}`);
  }
  for (const entity of article.entities) {
    assertSpan(text, entity, `entity ${entity.text}`);
    assert.equal(entity.text, text.slice(entity.start, entity.end), 'entity text');
  }
  for (const quote of article.quotes) {
    assertSpan(text, quote, `quote ${quote.key}`);
    assert.ok(quote.parts.length > 0, 'a quote has parts');
    quote.parts.forEach((part) => assertSpan(text, part, `part of quote ${quote.key}`));
    assert.equal(quote.start, quote.parts[0].start, 'a quote starts with its first part');
    assert.equal(quote.end, quote.parts.at(-1)!.end, 'a quote ends with its last part');
    const joined = quote.parts.map((part, index) => {
      const words = text.slice(part.start, part.end);
      return index < quote.parts.length - 1 ? words.replace(/,$/, '') : words;
    }).join(' ');
    assert.equal(quote.text, joined, `quote ${quote.key}: its text is its parts joined`);
    assert.ok(quote.sentence >= 0 && quote.sentence < Math.max(1, article.sentences.length), 'quote sentence index');
  }
  for (const claim of article.claims) {
    assertSpan(text, claim, `claim ${claim.key}`);
    assert.equal(claim.text, text.slice(claim.start, claim.end), `claim ${claim.key} text`);
  }
}

describe('fuzz: article analysis', () => {
  it('never throws and reports only ranges on its words, for random text', () => {
    fc.assert(fc.property(articleText, (text) => {
      assertArticleInvariants(text, analyzeArticle('fuzz.txt', text));
    }), fuzzOptions);
  });

  it('never throws for arbitrary strings, lone surrogates included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
      assertArticleInvariants(text, analyzeArticle('fuzz.txt', text));
    }), fuzzOptions);
  });

  it('finds the same quotes and people whatever the line endings (LF, CRLF, CR)', () => {
    fc.assert(fc.property(fc.array(fragment.filter((part) => !/[\r\n\u2028]/.test(part)), { maxLength: 120, size: 'large' }), fc.integer({ min: 1, max: 6 }), (parts, paragraphs) => {
      const body = parts.join('');
      const step = Math.max(1, Math.ceil(body.length / paragraphs));
      const lines: string[] = [];
      for (let at = 0; at < body.length; at += step) lines.push(body.slice(at, at + step));
      const lf = `Title: Ferry fares\n\n${lines.join('\n\n')}\n`;
      const reference = analyzeArticle('lf.txt', lf);
      for (const ending of ['\r\n', '\r']) {
        const text = lf.replace(/\n/g, ending);
        const article = analyzeArticle('other.txt', text);
        assertArticleInvariants(text, article);
        assert.deepEqual(article.quotes.map((quote) => quote.text), reference.quotes.map((quote) => quote.text), JSON.stringify(ending));
        assert.deepEqual(article.people.map((person) => person.name), reference.people.map((person) => person.name), JSON.stringify(ending));
      }
    }), fuzzOptions);
  });

  it('keeps quotes whole when quote marks are inserted at random places', () => {
    const base = 'Title: Ferry fares\nOutlet: Tidewater Courier\n\nBoard chair Ines Marlowe said the vote would wait. "We need the numbers first," Marlowe said.\n\nDario Okafor said riders were tired of waiting. "People plan their week around that boat," he told reporters.\n';
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(base.length), fc.constantFrom(...marks)), { maxLength: 6 }), (insertions) => {
      let text = base;
      for (const [at, mark] of [...insertions].sort((a, b) => b[0] - a[0])) text = text.slice(0, at) + mark + text.slice(at);
      const article = analyzeArticle('marks.txt', text);
      assertArticleInvariants(text, article);
      for (const quote of article.quotes) {
        for (const part of quote.parts) assert.ok(part.end - part.start <= 1500, 'an unclosed quote stops within its limit');
      }
    }), fuzzOptions);
  });
});

describe('fuzz: corpus index', () => {
  it('answers every question about random articles without throwing, with sides inside their articles', () => {
    fc.assert(fc.property(fc.array(articleText, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(4000), { maxLength: 8 }), (texts, offsets) => {
      const corpus = new Corpus();
      const files = texts.map((text, index) => {
        const file = `articles/outlet-${index}.txt`;
        corpus.update(file, text);
        return file;
      });
      for (const finding of corpus.findings()) {
        for (const side of finding.sides) {
          const article = corpus.article(side.file);
          assert.ok(article, `finding side in an indexed article: ${side.file}`);
          assertSpan(article.text, side, `side of ${finding.id}`);
        }
      }
      for (const group of corpus.quoteGroups()) {
        for (const member of group.members) assertSpan(corpus.article(member.file)!.text, member, `member of ${group.id}`);
      }
      for (const file of files) {
        corpus.coverage(file);
        for (const offset of offsets) {
          corpus.personAt(file, offset);
          corpus.quoteGroupAt(file, offset);
          corpus.claimGroupAt(file, offset);
        }
      }
      corpus.remove(files[0]);
      corpus.findings();
    }), { ...fuzzOptions, numRuns: Math.max(5, Math.round(fuzzRuns / 3)) });
  });
});
