// A web page saved as .txt: the markup is blanked out before analysis, at the same offsets, so a quote
// found in the page has its range on the quote's words in the file as the editor shows it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeArticle } from '../../core/src/article/analyze';
import { htmlAsText, readArticleBytes } from '../../core/src/articleFile';
import { blankMarkup } from '../../core/src/html';

const page = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Harbour board delays vote on ferry fares</title>
<style>
  p { margin: 0 } /* "not a quote", he said */
</style>
<script>
  window.track("She said \\"buy now\\" twice");
  if (a < b && c > d) { console.log('<p>'); }
</script>
</head>
<body class="article">
<!-- an editor's note: "this is not the article" -->
<nav><ul><li><a href="/" title="Home &gt; News">Home</a></li></ul></nav>
<article>
<h1 class="headline">Harbour board delays vote on ferry fares</h1>
<p class="byline">By <a href="/staff/lee">Dana Lee</a></p>
<p>Board chair Ines Marlowe said on Tuesday that the delay would give staff time to study ridership
figures from the summer season. <strong>&ldquo;We need the numbers first, and we do not have them,&rdquo;</strong> Marlowe said.</p>
<p>Councillor Tom Becker disagreed. "Every week we wait costs the ferry riders money," Becker said in a statement.</p>
<p>AT&amp;T and the port authority did not comment. Fares rose 4&nbsp;percent last year.</p>
</article>
<footer><p>&copy; Tidewater Courier</p></footer>
</body>
</html>
`;

/** The line number of every offset, to compare line tables. */
function lines(text: string): number[] {
  const starts: number[] = [];
  for (let index = 0; index < text.length; index++) if (text[index] === '\n') starts.push(index);
  return starts;
}

describe('a web page saved as .txt', () => {
  it('blanks the markup at the same length and keeps every line break where it was', () => {
    const text = htmlAsText(page);
    assert.equal(text.length, page.length);
    assert.deepEqual(lines(text), lines(page));
    assert.doesNotMatch(text, /<|>|&[a-z]+;|track|margin|editor's note/, 'tags, scripts, styles, comments and references are gone');
    assert.match(text, /Board chair Ines Marlowe said on Tuesday/);
    // Every character that is not blanked sits where it was in the file.
    for (let index = 0; index < text.length; index++) {
      if (text[index] !== ' ' && page[index] !== '&' && page.slice(Math.max(0, index - 7), index + 1).indexOf('&') < 0) {
        assert.equal(text[index], page[index], `offset ${index}`);
      }
    }
  });

  it('finds a quote inside the page with its range on the quote\'s words in the file', () => {
    const article = analyzeArticle('file:///page.txt', htmlAsText(page));
    const wanted = 'We need the numbers first, and we do not have them,';
    const quote = article.quotes.find((candidate) => candidate.text === wanted);
    assert.ok(quote, `the entity-marked quote is found (found: ${article.quotes.map((q) => q.text).join(' | ')})`);
    assert.equal(page.slice(quote.start, quote.end), wanted, 'its range is on the words in the original file');
    // Its speaker is not found: 15 blanked characters (the reference's padding and </strong>) lie
    // between the closing mark and "Marlowe said", more than the attribution looks across.
    const plain = article.quotes.find((candidate) => candidate.text.startsWith('Every week we wait'));
    assert.ok(plain, 'the quote in plain marks is found');
    assert.equal(page.slice(plain.start, plain.end), plain.text);
    assert.equal(plain.speaker, 'Tom Becker');
    assert.ok(!article.quotes.some((candidate) => /buy now|not a quote|not the article/.test(candidate.text)),
      'nothing is quoted from the script, the style or the comment');
    const marlowe = article.people.find((person) => person.name === 'Ines Marlowe');
    assert.ok(marlowe, 'the person is found');
    for (const mention of marlowe.mentions) assert.match(page.slice(mention.start, mention.end), /Marlowe/);
  });

  it('reads the page from its bytes with the markup blanked and a warning saying so', () => {
    const read = readArticleBytes(new TextEncoder().encode(page));
    assert.equal(read.skipped, false);
    if (read.skipped) return;
    assert.equal(read.text, htmlAsText(page));
    assert.ok(read.warnings.some((warning) => /web page.*only its text is analysed/i.test(warning)), read.warnings.join('; '));
    assert.ok(!read.warnings.some((warning) => /not look like English/.test(warning)), 'the page\'s text is English once the markup is gone');
  });

  it('leaves a plain article that mentions a tag in passing alone', () => {
    const article = 'Title: Web rules\n\nThe council said the <b> tag and AT&amp;T were mentioned. "We agree," she said.\n';
    assert.equal(htmlAsText(article), article);
  });

  it('keeps character references the same length, the mark next to the words', () => {
    assert.equal(blankMarkup('<p>&ldquo;Yes,&rdquo; she said.</p>'), '         “Yes,”       she said.    ');
    assert.equal(blankMarkup('AT&amp;T'), 'AT&    T');
    assert.equal(blankMarkup('4&nbsp;percent &unknown; Marlowe&#8217;s &#x201C;x'), '4      percent &unknown; Marlowe’      s        “x');
    assert.equal(blankMarkup('<script>a</script'), '                 ', 'an element that never closes is blanked to the end');
    assert.equal(blankMarkup('a < b and c > d'), 'a < b and c > d', 'a lone angle bracket is text');
  });

  it('reads a > inside a quoted attribute as part of the tag', () => {
    const tag = '<a title="a > b" href=\'x>y\'>';
    assert.equal(blankMarkup(`${tag}link</a>`), `${' '.repeat(tag.length)}link    `);
  });

  it('stays linear on text full of < that never closes (1 MB in well under 3 s)', () => {
    for (const odd of ['<a title="x'.repeat(100_000), 'a <b'.repeat(250_000), `${'<p>'.repeat(1000)}${'x <y '.repeat(200_000)}>`]) {
      const started = Date.now();
      const out = blankMarkup(odd);
      const took = Date.now() - started;
      assert.equal(out.length, odd.length);
      assert.ok(took < 3000, `${took} ms for ${JSON.stringify(odd.slice(0, 12))}…`);
    }
  });
});
