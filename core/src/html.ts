/**
 * A web page saved as `.txt` → the text a reader sees, at the same offsets. Markup is replaced by
 * spaces of the same length rather than removed, so every character of the page's text keeps its
 * offset, and line breaks inside markup are kept, so every line keeps its number: the positions the
 * core reports are still right in the file as the editor shows it.
 *
 * - tags (`<p class="x">`, `</div>`, `<br/>`) and comments, doctypes, CDATA and processing
 *   instructions become spaces;
 * - the content of `script`, `style`, `noscript`, `template`, `svg`, `iframe` and `object` elements
 *   (code, not article text) becomes spaces too;
 * - character references (`&amp;`, `&ldquo;`, `&#8217;`, `&#x201D;`) become the character they name
 *   followed — or, for an opening mark or a reference just before a word, preceded — by spaces,
 *   so the reference takes as many characters as before. Unknown names are left as they are.
 *
 * `htmlAsText` in `articleFile.ts` applies this only to text that looks like a web page, so an
 * article that mentions "<b>" in passing is not touched. Pure; no dependencies.
 */
/** Elements whose content is not text a reader sees. */
const HIDDEN_ELEMENTS = ['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object'];

/** Comments, CDATA sections, doctypes and processing instructions at the current position. */
const DECLARATION = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<[!?][^<>]{0,2048}>?/y;
/** The start of a start or end tag: `<p`, `</div`, `<svg:rect`. */
const TAG_NAME = /<\/?([A-Za-z][A-Za-z0-9:-]{0,63})/y;
/** Past this many characters a `<` is not taken for the start of a tag (keeps odd text linear). */
const MAX_TAG = 2048;

const REFERENCE = /&(?:#(\d{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/y;

/** Named references an article is likely to hold; others stay as written. */
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ',
  ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', sbquo: '‚', bdquo: '„', laquo: '«', raquo: '»',
  lsaquo: '‹', rsaquo: '›', ndash: '–', mdash: '—', hellip: '…', shy: '', copy: '©', reg: '®',
  trade: '™', deg: '°', euro: '€', pound: '£', cent: '¢', yen: '¥', sect: '§', para: '¶', middot: '·',
  bull: '•', times: '×', divide: '÷', frac12: '½', frac14: '¼', frac34: '¾', prime: '′', Prime: '″',
  eacute: 'é', Eacute: 'É', egrave: 'è', aacute: 'á', agrave: 'à', acirc: 'â', ecirc: 'ê', iacute: 'í',
  oacute: 'ó', Oacute: 'Ó', uacute: 'ú', ntilde: 'ñ', Ntilde: 'Ñ', ccedil: 'ç', ouml: 'ö', Ouml: 'Ö',
  uuml: 'ü', Uuml: 'Ü', auml: 'ä', Auml: 'Ä', szlig: 'ß', oslash: 'ø', aring: 'å', Aring: 'Å',
};

/** Marks that open a quotation: their padding goes before them, so the quote starts at the mark. */
const OPENING_MARKS = new Set(['“', '‘', '„', '‚', '«', '‹']);

/** Blanks every piece of markup in `text` (see the file comment), whatever the text looks like. */
export function blankMarkup(text: string): string {
  const out: string[] = [];
  let plainFrom = 0;
  let index = 0;
  const flushPlain = (to: number) => {
    if (to > plainFrom) out.push(text.slice(plainFrom, to));
  };
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === 0x3c /* < */) {
      const end = markupEnd(text, index);
      if (end !== undefined) {
        flushPlain(index);
        out.push(spaces(text, index, end));
        index = plainFrom = end;
        continue;
      }
    } else if (code === 0x26 /* & */) {
      REFERENCE.lastIndex = index;
      const match = REFERENCE.exec(text);
      const decoded = match === null ? undefined : decodeReference(match);
      if (match !== null && decoded !== undefined && decoded.length <= match[0].length) {
        flushPlain(index);
        const padding = ' '.repeat(match[0].length - decoded.length);
        const end = index + match[0].length;
        const beforeWord = /[\p{L}\p{N}]/u.test(text.charAt(end)) && !/[\p{L}\p{N}]/u.test(text.charAt(index - 1));
        out.push(OPENING_MARKS.has(decoded) || beforeWord ? padding + decoded : decoded + padding);
        index = plainFrom = end;
        continue;
      }
    }
    index++;
  }
  flushPlain(text.length);
  return out.join('');
}

/** Where the markup starting at `text[at]` (a `<`) ends, or undefined when it is not markup. */
function markupEnd(text: string, at: number): number | undefined {
  const next = text.charAt(at + 1);
  if (next === '!' || next === '?') {
    DECLARATION.lastIndex = at;
    const match = DECLARATION.exec(text);
    return match === null ? undefined : at + match[0].length;
  }
  TAG_NAME.lastIndex = at;
  const name = TAG_NAME.exec(text);
  if (name === null) return undefined;
  // The tag ends at the first `>` outside a quoted attribute value.
  let quote = '';
  let end: number | undefined;
  const limit = Math.min(text.length, at + MAX_TAG);
  for (let index = at + name[0].length; index < limit; index++) {
    const char = text[index];
    if (quote !== '') {
      if (char === quote) quote = '';
    } else if (char === '>') {
      end = index + 1;
      break;
    } else if ((char === '"' || char === "'") && /=\s*$/.test(text.slice(Math.max(at, index - 8), index))) {
      quote = char;
    } else if (char === '<') {
      return undefined; // "a <b and c < d": not a tag
    }
  }
  if (end === undefined) return undefined;
  const tag = name[1].toLowerCase();
  if (text[at + 1] === '/' || text[end - 2] === '/' || !HIDDEN_ELEMENTS.includes(tag)) return end;
  // Blank the whole element: up to its end tag, or the end of the text when it never closes.
  const close = new RegExp(`</${tag}\\s*>`, 'ig');
  close.lastIndex = end;
  const closing = close.exec(text);
  return closing === null ? text.length : closing.index + closing[0].length;
}

/** Spaces for `text[from, to)`, keeping its line breaks (so line numbers hold). */
function spaces(text: string, from: number, to: number): string {
  return text.slice(from, to).replace(/[^\r\n]/g, ' ');
}

function decodeReference(match: RegExpExecArray): string | undefined {
  if (match[3] !== undefined) return NAMED[match[3]];
  const codePoint = match[1] !== undefined ? Number.parseInt(match[1], 10) : Number.parseInt(match[2], 16);
  if (codePoint === 0 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return undefined;
  // Windows-1252 code points that pages write as numeric references (&#147; for “).
  const windows: Record<number, string> = { 145: '‘', 146: '’', 147: '“', 148: '”', 150: '–', 151: '—', 133: '…' };
  if (windows[codePoint] !== undefined) return windows[codePoint];
  if (codePoint < 0x20 && codePoint !== 9 && codePoint !== 10 && codePoint !== 13) return undefined;
  if (codePoint === 10 || codePoint === 13) return ' '; // a line break written as a reference would move lines
  return String.fromCodePoint(codePoint);
}
