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

/** Decodes an article file's bytes; `maxBytes` as in {@link sizeProblem}. */
export function readArticleBytes(bytes: Uint8Array, maxBytes: number = defaultMaxArticleBytes): ArticleFileReading {
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
  warnings.push(...textWarnings(text));
  return { skipped: false, text: htmlAsText(text), warnings };
}

/**
 * The text to analyse: a web page's markup blanked out (same length, same lines; see
 * `core/src/html.ts`), any other text as it is. Used for files read from disk and for editor buffers,
 * so both give the same results.
 */
export function htmlAsText(text: string): string {
  return looksLikeHtml(text) ? blankMarkup(text) : text;
}

/** Warnings about text that will be analysed but is unlikely to be a plain English news article. */
export function textWarnings(text: string): string[] {
  const warnings: string[] = [];
  const html = looksLikeHtml(text);
  if (html) {
    warnings.push('looks like a web page saved as text (HTML markup); only its text is analysed, the tags, scripts '
      + 'and styles are skipped. Save only the article\'s text for better results');
  }
  if (!looksLikeEnglish(html ? blankMarkup(text) : text)) {
    warnings.push('does not look like English; Crosscheck\'s rules for people, quotes and claims are written for '
      + 'English, so little may be found in it');
  }
  return warnings;
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

/**
 * False when the text is long enough to tell (30 words or more) and either most of its letters are
 * outside the Latin script or hardly any of its words are common English words.
 */
export function looksLikeEnglish(text: string): boolean {
  const sample = text.length > 100_000 ? text.slice(0, 100_000) : text;
  const words = sample.match(/\p{L}+/gu) ?? [];
  if (words.length < 30) {
    const letters = words.join('');
    return letters.length < 60 || latinShare(letters) >= 0.5;
  }
  const letters = words.join('');
  if (latinShare(letters) < 0.5) return false;
  let common = 0;
  for (const word of words) if (ENGLISH_WORDS.has(word.toLowerCase())) common++;
  return common / words.length >= 0.08;
}

function latinShare(letters: string): number {
  if (letters.length === 0) return 1;
  const latin = letters.match(/\p{Script=Latin}/gu)?.length ?? 0;
  return latin / letters.length;
}

/** Why the bytes are not text: NUL bytes, or mostly control characters at the start. */
function binaryProblem(bytes: Uint8Array): string | undefined {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return `skipped: this is a binary file, not text (it contains NUL bytes, the first at byte ${nul})`;
  const head = bytes.subarray(0, 4096);
  let control = 0;
  for (const byte of head) {
    if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 12) control++;
  }
  if (head.length > 0 && control / head.length > 0.1) {
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
