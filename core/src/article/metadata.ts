// Metadata of one article: header lines at the top (`Outlet:`, `Date:`, `URL:`, `Title:`, `Story:`),
// else what the text itself says (a copyright or distribution line, a dateline). A wrong outlet is
// worse than none, so only lines that state who published the article count; an outlet the story
// merely cites ("according to Al Jazeera") is never taken.

import type { ArticleMetadata, Span } from '../model';
import { isSpace } from './text';

const HEADER = /^[ \t]*(outlet|source|publisher|date|published|url|link|title|headline|story)[ \t]*:[ \t]*(.*?)[ \t]*$/i;

/** Web domain stems of well-known outlets → display names. */
const OUTLET_DOMAINS: Record<string, string> = {
  latimes: 'Los Angeles Times', nytimes: 'The New York Times', washingtonpost: 'The Washington Post',
  wsj: 'The Wall Street Journal', cnn: 'CNN', foxnews: 'Fox News', bbc: 'BBC', reuters: 'Reuters',
  apnews: 'Associated Press', aljazeera: 'Al Jazeera', theguardian: 'The Guardian', guardian: 'The Guardian',
  npr: 'NPR', nbcnews: 'NBC News', cbsnews: 'CBS News', abcnews: 'ABC News', politico: 'Politico',
  breitbart: 'Breitbart', huffpost: 'HuffPost', huffingtonpost: 'HuffPost', usatoday: 'USA Today',
  bloomberg: 'Bloomberg', ft: 'Financial Times', economist: 'The Economist', axios: 'Axios', thehill: 'The Hill',
  newsweek: 'Newsweek', time: 'Time', dailymail: 'Daily Mail', independent: 'The Independent',
  telegraph: 'The Telegraph', cnbc: 'CNBC', msnbc: 'MSNBC', chicagotribune: 'Chicago Tribune',
  bostonglobe: 'The Boston Globe', nypost: 'New York Post', dw: 'Deutsche Welle', france24: 'France 24',
  euronews: 'Euronews', kyivindependent: 'The Kyiv Independent', kyivpost: 'Kyiv Post', tass: 'TASS',
  rt: 'RT', aa: 'Anadolu Agency', scmp: 'South China Morning Post', vox: 'Vox', slate: 'Slate',
  theatlantic: 'The Atlantic', newyorker: 'The New Yorker', sfchronicle: 'San Francisco Chronicle',
  miamiherald: 'Miami Herald', seattletimes: 'The Seattle Times', denverpost: 'The Denver Post',
  startribune: 'Star Tribune', dallasnews: 'The Dallas Morning News', washingtontimes: 'The Washington Times',
  nationalreview: 'National Review', motherjones: 'Mother Jones', dailybeast: 'The Daily Beast',
  thedailybeast: 'The Daily Beast', businessinsider: 'Business Insider', forbes: 'Forbes', yahoo: 'Yahoo News',
  afp: 'AFP', japantimes: 'The Japan Times', timesofisrael: 'The Times of Israel', haaretz: 'Haaretz',
  irishtimes: 'The Irish Times', abc: 'ABC News', cbc: 'CBC News', globalnews: 'Global News',
};

/** Wire-service credits in a dateline: "MOSCOW (Reuters) —". */
const WIRE_CREDITS: Record<string, string> = {
  reuters: 'Reuters', ap: 'Associated Press', afp: 'AFP', 'associated press': 'Associated Press', upi: 'UPI',
  bloomberg: 'Bloomberg', cnn: 'CNN', tass: 'TASS', dpa: 'dpa',
};

interface Line extends Span {
  text: string;
}

function lines(text: string, from: number, limit: number): Line[] {
  const out: Line[] = [];
  let start = from;
  while (start <= text.length && out.length < limit) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let e = end;
    if (text.charCodeAt(e - 1) === 13) e--;
    out.push({ start, end: e, text: text.slice(start, e) });
    if (end >= text.length) break;
    start = end + 1;
  }
  return out;
}

/** The last `count` lines of `text` (cheap on long texts). */
function lastLines(text: string, count: number): Line[] {
  let from = text.length;
  for (let i = 0; i < count && from > 0; i++) {
    const nl = text.lastIndexOf('\n', from - 2);
    from = nl < 0 ? 0 : nl + 1;
    if (nl < 0) break;
  }
  return lines(text, from, count + 1);
}

function isoDate(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  return parseWrittenDate(value);
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "August 16, 2025", "Aug. 16, 2025", "16 August 2025" → ISO; null when not a full date. */
export function parseWrittenDate(value: string): string | null {
  const m1 = /\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/.exec(value);
  const m2 = /\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b/.exec(value);
  const pick = m1 ? { month: m1[1], day: m1[2], year: m1[3] } : m2 ? { month: m2[2], day: m2[1], year: m2[3] } : null;
  if (!pick) {
    const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(value);
    return iso ? `${iso[1]}-${iso[2]}-${iso[3]}` : null;
  }
  const month = MONTH_NAMES.indexOf(pick.month.slice(0, 3).toLowerCase());
  const day = Number(pick.day);
  if (month < 0 || day < 1 || day > 31) return null;
  return `${pick.year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function cleanOutletName(raw: string): string | null {
  let name = raw.replace(/\s+/g, ' ').trim();
  name = name.replace(/[.,;:]+$/, '').replace(/,?\s*(?:LLC|Inc\.?|Ltd\.?|all rights reserved.*)$/i, '').trim();
  name = name.replace(/\.\s.*$/, '').trim();
  if (name.length < 2 || name.length > 60) return null;
  if (!/^\p{Lu}/u.test(name) && !/^[a-z0-9]+\.(?:com|org|net|co\.uk)$/i.test(name)) return null;
  const domain = /^(?:www\.)?([a-z0-9-]+)\.(?:com|org|net|co\.uk|co|news)$/i.exec(name);
  if (domain) return OUTLET_DOMAINS[domain[1].toLowerCase()] ?? null;
  return name;
}

/** The outlet named by a copyright, distribution or source line of the text, or null. */
export function outletFromText(text: string, bodyStart: number): string | null {
  const candidates = [...lastLines(text, 12).reverse(), ...lines(text, bodyStart, 6)];
  // Strongest first: a copyright notice, then a wire credit, then a source/domain line, then a distributor.
  for (const line of candidates) {
    if (line.text.length > 160) continue;
    const m = /(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(?:by\s+)?([^\n.;|]+(?:\.[a-z]{2,4})?)/i.exec(line.text);
    if (m) {
      const name = cleanOutletName(m[1]);
      if (name) return name;
    }
  }
  for (const line of lines(text, bodyStart, 6)) {
    const m = /^[\p{Lu} ,.'-]{2,40}\(([A-Za-z .]{2,20})\)\s*[-—–]/u.exec(line.text.trim());
    if (m) {
      const wire = WIRE_CREDITS[m[1].trim().toLowerCase()];
      if (wire) return wire;
    }
  }
  for (const line of candidates) {
    if (line.text.length > 300) continue;
    const m = /\b(?:image\s+)?source\s*(?:from)?\s*:\s*(?:https?:\/\/)?(?:www\.)?([a-z0-9-]+)(?:\.[a-z.]+)?\s*$/i.exec(line.text)
      ?? /\bvisit\s+(?:https?:\/\/)?(?:www\.)?([a-z0-9-]+)\.(?:com|org|net|co\.uk)\b/i.exec(line.text)
      ?? /^\s*(?:originally\s+)?(?:published|appeared)\s+(?:on|in|at)\s+(?:https?:\/\/)?(?:www\.)?([a-z0-9-]+)\.(?:com|org|net|co\.uk)\b/i.exec(line.text);
    if (m) {
      const name = OUTLET_DOMAINS[m[1].toLowerCase()];
      if (name) return name;
    }
  }
  for (const line of candidates) {
    if (line.text.length > 300) continue;
    const m = /\bdistributed by\s+([^\n.;|]+)/i.exec(line.text);
    if (m) {
      const name = cleanOutletName(m[1]);
      if (name) return name;
    }
  }
  return null;
}

/** A clear publication date near the top of the body: "Published August 16, 2025", a date alone on a line. */
function dateFromText(text: string, bodyStart: number): string | null {
  for (const line of lines(text, bodyStart, 8)) {
    const t = line.text.trim();
    if (!t || t.length > 120) continue;
    const published = /^(?:published|posted|updated|first published|last updated)\b[:\s]*(?:on\s+)?(.*)$/i.exec(t);
    if (published) {
      const d = parseWrittenDate(published[1]);
      if (d) return d;
    }
    if (t.length < 45 && /^(?:[A-Z][a-z]+day,?\s+)?[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}(?:\s*[,|·-].*)?$/.test(t)) {
      const d = parseWrittenDate(t);
      if (d) return d;
    }
  }
  return null;
}

export function extractMetadata(text: string): ArticleMetadata {
  const meta: ArticleMetadata = {
    outlet: null, outletSource: null, date: null, url: null, title: '', titleSpan: { start: 0, end: 0 },
    story: null, bodyStart: 0,
  };
  // Header lines: from the very top, until a blank line or the first line that is not a header.
  let pos = 0;
  if (text.charCodeAt(0) === 0xfeff) pos = 1;
  let sawHeader = false;
  let titleFromHeader: Span | null = null;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, Math.min(end, pos + 2000));
    const m = HEADER.exec(line.replace(/\r$/, ''));
    if (!m) {
      if (sawHeader && line.trim() === '') pos = Math.min(text.length, end + 1);
      break;
    }
    sawHeader = true;
    const key = m[1].toLowerCase();
    const value = m[2].trim();
    if (key === 'outlet' || key === 'source' || key === 'publisher') {
      if (value) {
        meta.outlet = value;
        meta.outletSource = 'header';
      }
    } else if (key === 'date' || key === 'published') {
      meta.date = isoDate(value);
    } else if (key === 'url' || key === 'link') {
      meta.url = value || null;
    } else if (key === 'title' || key === 'headline') {
      meta.title = value;
      const at = line.indexOf(value, line.indexOf(':') + 1);
      titleFromHeader = { start: pos + at, end: pos + at + value.length };
    } else if (key === 'story') {
      meta.story = value || null;
    }
    pos = Math.min(text.length, end + 1);
  }
  meta.bodyStart = sawHeader ? pos : 0;

  if (titleFromHeader && meta.title) {
    meta.titleSpan = titleFromHeader;
  } else {
    // The first non-empty line of the body.
    let start = meta.bodyStart;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      let s = start;
      let e = end;
      while (s < e && isSpace(text.charCodeAt(s))) s++;
      while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
      if (e > s) {
        const capped = Math.min(e, s + 300);
        meta.title = text.slice(s, capped);
        meta.titleSpan = { start: s, end: capped };
        break;
      }
      start = end + 1;
    }
  }

  if (!meta.outlet) {
    const outlet = outletFromText(text, meta.bodyStart);
    if (outlet) {
      meta.outlet = outlet;
      meta.outletSource = 'text';
    }
  }
  if (!meta.date) meta.date = dateFromText(text, meta.bodyStart);
  return meta;
}
