/**
 * An article file's bytes → the text the core analyses, or the reason the file is skipped. Shared by
 * the language server and the command line so both read a messy folder the same way:
 *
 * - larger than the size limit (`crosscheck.maxArticleBytes`, `--max-article-bytes`): skipped;
 * - empty, or binary (NUL bytes, mostly control characters): skipped;
 * - UTF-8 with a byte order mark: the mark is dropped, so offset 0 is the first character after it —
 *   the text an editor shows, which is also what LSP positions count;
 * - UTF-16 with a byte order mark: decoded (editors do the same);
 * - invalid UTF-8: read as Windows-1252 (Latin-1 with the printable 0x80–0x9f range), with a warning.
 *   Every byte is one character either way, so offsets agree with an editor that shows the invalid
 *   bytes as replacement characters.
 *
 * A web page saved as text has its markup blanked out (`core/src/html.ts`: tags, scripts and styles
 * become spaces of the same length, so offsets and line numbers still match the file), with a warning.
 * Text in a language other than English is analysed as it is, with a warning that says why little
 * may be found. Pure and deterministic; no file system access.
 */
import { createHash } from 'node:crypto';
import { blankMarkup } from './html';

/** Past this many bytes an article file is skipped unless the user raises the limit (0: no limit). */
export const defaultMaxArticleBytes = 1024 * 1024;

export type ArticleFileReading =
  | { skipped: false; text: string; /** What the user should know about the file; the text was still analysed. */ warnings: string[] }
  | { skipped: true; /** Why nothing was analysed, in words that fit after the file name. */ reason: string };

/** Why a file of `size` bytes is skipped, or undefined when it is within `maxBytes` (0: no limit). */
export function sizeProblem(size: number, maxBytes: number = defaultMaxArticleBytes): string | undefined {
  if (maxBytes > 0 && size > maxBytes) {
    return `skipped: ${formatBytes(size)} is more than the ${formatBytes(maxBytes)} limit for an article `
      + '(raise it with the setting crosscheck.maxArticleBytes or the option --max-article-bytes)';
  }
  if (size === 0) return 'skipped: the file is empty';
  return undefined;
}

/**
 * An article file decoded, before the language check: the text to analyse (a web page's markup
 * blanked out), and the warnings about its encoding and markup. The language check
 * ({@link languageWarnings}) is a function of `text` alone, so a caller that kept its outcome for a
 * text with the same content hash (the server's analysis cache) need not make it again.
 */
export type DecodedArticleFile =
  | { skipped: false; text: string; /** Encoding and markup warnings, in the order {@link readArticleBytes} gives them. */ warnings: string[] }
  | { skipped: true; reason: string };

/** Decodes an article file's bytes; `maxBytes` as in {@link sizeProblem}. */
export function readArticleBytes(bytes: Uint8Array, maxBytes: number = defaultMaxArticleBytes): ArticleFileReading {
  const decoded = decodeArticleBytes(bytes, maxBytes);
  if (decoded.skipped) return decoded;
  return { skipped: false, text: decoded.text, warnings: [...decoded.warnings, ...languageWarnings(decoded.text)] };
}

/**
 * {@link readArticleBytes} without the language check: its `warnings` are `decoded.warnings`
 * followed by `languageWarnings(decoded.text)`.
 */
export function decodeArticleBytes(bytes: Uint8Array, maxBytes: number = defaultMaxArticleBytes): DecodedArticleFile {
  const tooLarge = sizeProblem(bytes.length, maxBytes);
  if (tooLarge !== undefined) return { skipped: true, reason: tooLarge };

  const warnings: string[] = [];
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  } else {
    const binary = binaryProblem(bytes);
    if (binary !== undefined) return { skipped: true, reason: binary };
    const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      const at = firstInvalidUtf8(body);
      text = decodeWindows1252(body);
      warnings.push(`not valid UTF-8 (byte 0x${body[at]?.toString(16).padStart(2, '0') ?? '??'} at byte ${at}); `
        + 'read as Windows-1252 (Latin-1). Save the file as UTF-8 so that the editor shows the same characters');
    }
  }
  if (text.trim() === '') return { skipped: true, reason: 'skipped: the file has no text, only white space' };
  // The markup test is made once: it decides both the warning and the text analysed.
  const html = looksLikeHtml(text);
  if (html) warnings.push(HTML_WARNING);
  return { skipped: false, text: html ? blankMarkup(text) : text, warnings };
}

/**
 * The text to analyse: a web page's markup blanked out (same length, same lines; see
 * `core/src/html.ts`), any other text as it is. Used for files read from disk and for editor buffers,
 * so both give the same results.
 */
export function htmlAsText(text: string): string {
  return looksLikeHtml(text) ? blankMarkup(text) : text;
}

const HTML_WARNING = 'looks like a web page saved as text (HTML markup); only its text is analysed, the tags, scripts '
  + 'and styles are skipped. Save only the article\'s text for better results';
const LANGUAGE_WARNING = 'does not look like English; Crosscheck\'s rules for people, quotes and claims are written for '
  + 'English, so little may be found in it';

/** Warnings about text that will be analysed but is unlikely to be a plain English news article. */
export function textWarnings(text: string): string[] {
  const html = looksLikeHtml(text);
  return [...(html ? [HTML_WARNING] : []), ...languageWarnings(html ? blankMarkup(text) : text)];
}

/**
 * The language check of the text to analyse (markup already blanked): a warning when it does not
 * look like English, else none. A function of the text alone.
 */
export function languageWarnings(text: string): string[] {
  return looksLikeEnglish(text) ? [] : [LANGUAGE_WARNING];
}

const HTML_START = /^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<\?xml[^>]*>\s*<html)/i;
const HTML_TAG = /<\/?(?:html|head|body|div|span|p|a|br|script|style|meta|link|li|ul|h[1-6]|table|tr|td|img|section|article|nav|footer|header)\b[^<>]{0,400}>/gi;

/** A document that starts like HTML, or whose markup is a sizeable share of the text. */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 4096);
  if (HTML_START.test(head)) return true;
  const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
  let tags = 0;
  let markup = 0;
  for (const match of sample.matchAll(HTML_TAG)) {
    tags++;
    markup += match[0].length;
  }
  return tags >= 8 && markup / sample.length > 0.05;
}

/** Words that make up a large share of any English prose. */
const ENGLISH_WORDS = new Set([
  'the', 'of', 'and', 'to', 'a', 'in', 'is', 'that', 'for', 'it', 'was', 'on', 'with', 'he', 'she', 'as', 'by',
  'at', 'his', 'her', 'said', 'be', 'are', 'from', 'they', 'this', 'have', 'has', 'not', 'but', 'an', 'their',
  'who', 'will', 'would', 'were', 'had', 'we', 'i', 'you', 'or', 'after', 'been', 'about', 'which',
]);

/** The longest of {@link ENGLISH_WORDS}: a longer word is never one of them. */
const LONGEST_ENGLISH_WORD = Math.max(...[...ENGLISH_WORDS].map((word) => word.length));

/** {@link ENGLISH_WORDS} as numbers: five bits a letter (a = 1 … z = 26), so ASCII words need no string. */
const ENGLISH_PACKED = new Set([...ENGLISH_WORDS].map(packAscii));

function packAscii(word: string): number {
  let packed = 0;
  for (let index = 0; index < word.length; index++) packed = packed * 32 + ((word.charCodeAt(index) | 0x20) - 0x60);
  return packed;
}

/**
 * False when the text is long enough to tell (30 words or more) and either most of its letters are
 * outside the Latin script or hardly any of its words are common English words. A word is a run of
 * letters (`\p{L}`); the Latin share counts letters (code points of `\p{Script=Latin}`) against the
 * letters' UTF-16 length. One pass over the character codes: ASCII is classified by its code, other
 * characters by the Unicode properties (memoised per code point), so it costs a fraction of the
 * regular expressions it replaces on every warm start's reading of every file.
 */
export function looksLikeEnglish(text: string): boolean {
  const end = Math.min(text.length, 100_000);
  let words = 0;
  let common = 0;
  let letterUnits = 0;
  let latin = 0;
  let wordStart = -1;
  let ascii = true;
  let packed = 0;
  const closeWord = (at: number): void => {
    words++;
    const length = at - wordStart;
    if (ascii) {
      // Lower-cased ASCII keeps its length: only words as short as the common ones are looked up.
      if (length <= LONGEST_ENGLISH_WORD && ENGLISH_PACKED.has(packed)) common++;
    } else if (length <= LONGEST_ENGLISH_WORD * 3 && ENGLISH_WORDS.has(text.slice(wordStart, at).toLowerCase())) {
      // Lower-casing other letters never shortens a word this much; longer runs cannot be a common word.
      common++;
    }
    wordStart = -1;
  };
  for (let index = 0; index < end;) {
    const code = text.charCodeAt(index);
    let units = 1;
    let letter: boolean;
    let isLatin: boolean;
    if (code < 0x80) {
      letter = (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
      isLatin = letter;
    } else {
      let point = code;
      if (code >= 0xd800 && code <= 0xdbff && index + 1 < end) {
        const next = text.charCodeAt(index + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          point = (code - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000;
          units = 2;
        }
      }
      const kind = letterKind(point);
      letter = kind !== 0;
      isLatin = kind === 2;
    }
    if (letter) {
      if (wordStart < 0) {
        wordStart = index;
        ascii = true;
        packed = 0;
      }
      if (code < 0x80) packed = packed * 32 + ((code | 0x20) - 0x60);
      else ascii = false;
      letterUnits += units;
      if (isLatin) latin++;
    } else if (wordStart >= 0) {
      closeWord(index);
    }
    index += units;
  }
  if (wordStart >= 0) closeWord(end);
  const latinShare = letterUnits === 0 ? 1 : latin / letterUnits;
  if (words < 30) return letterUnits < 60 || latinShare >= 0.5;
  if (latinShare < 0.5) return false;
  return common / words >= 0.08;
}

/** Per non-ASCII code point: 0 not a letter, 1 a letter of another script, 2 a Latin letter. */
const letterKinds = new Map<number, number>();
const LETTER = /^\p{L}$/u;
const LATIN = /^\p{Script=Latin}$/u;

function letterKind(point: number): number {
  let kind = letterKinds.get(point);
  if (kind === undefined) {
    const character = String.fromCodePoint(point);
    kind = !LETTER.test(character) ? 0 : LATIN.test(character) ? 2 : 1;
    if (letterKinds.size < 65_536) letterKinds.set(point, kind);
  }
  return kind;
}

let checkVersion: string | undefined;

/**
 * What the language check's outcome is kept under in a cache entry (`TextChecks.version`): a digest
 * of the check's own code, words and message, so an outcome is made again when the check changes and
 * not on every new build of the server. (It was the server bundle's hash: the first start after each
 * update read and wrote every cache entry again, some 5 s of the main thread at 10,000 articles.)
 */
export function languageCheckVersion(): string {
  checkVersion ??= createHash('sha256')
    .update([languageWarnings, looksLikeEnglish, packAscii, letterKind].map(String).join('\n'))
    .update([...ENGLISH_WORDS, LANGUAGE_WARNING, LETTER.source, LATIN.source].join('\n'))
    .digest('hex').slice(0, 16);
  return checkVersion;
}

/** Why the bytes are not text: NUL bytes, or mostly control characters at the start. */
function binaryProblem(bytes: Uint8Array): string | undefined {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return `skipped: this is a binary file, not text (it contains NUL bytes, the first at byte ${nul})`;
  const headLength = Math.min(bytes.length, 4096);
  let control = 0;
  for (let index = 0; index < headLength; index++) {
    const byte = bytes[index];
    if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 12) control++;
  }
  if (headLength > 0 && control / headLength > 0.1) {
    return 'skipped: this is a binary file, not text (most of its first bytes are control characters)';
  }
  return undefined;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  // The longest prefix that decodes as the start of a stream holds no invalid byte; search for it.
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  // The decoder fails on the byte after an unfinished sequence: point at the sequence's lead byte.
  for (let index = lo - 1; index >= Math.max(0, lo - 3); index--) {
    if ((bytes[index] & 0xc0) === 0x80) continue;
    if (bytes[index] >= 0xc0) return index;
    break;
  }
  return lo;
}

function decodeWindows1252(bytes: Uint8Array): string {
  try {
    return new TextDecoder('windows-1252').decode(bytes);
  } catch {
    // A Node build without the legacy encodings: plain Latin-1 keeps one character per byte too.
    let text = '';
    for (let index = 0; index < bytes.length; index += 8192) {
      text += String.fromCharCode(...bytes.subarray(index, index + 8192));
    }
    return text;
  }
}

/** "20.0 MB", "1 MB", "512 KB", "812 bytes" (1 MB = 1,048,576 bytes). */
export function formatBytes(bytes: number): string {
  const mb = 1024 * 1024;
  if (bytes >= mb) return `${Number.isInteger(bytes / mb) ? bytes / mb : (bytes / mb).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Number.isInteger(bytes / 1024) ? bytes / 1024 : (bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
