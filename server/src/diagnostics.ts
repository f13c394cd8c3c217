/**
 * Findings as diagnostics: one per side of a finding in the article, the other sides as related
 * information. Diagnostics are pushed for every indexed article, open or not.
 */
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Diagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver';
import type { CorpusIndex, Finding, Severity, Story } from '../../core/src/index';
import type { Positions } from './positions';

export const diagnosticSource = 'Crosscheck';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * The diagnostics of one article. `severityOf` gives the severity a finding is shown with (the
 * user's settings), or null to leave it out; by default each finding keeps its own.
 */
export function diagnosticsFor(corpus: CorpusIndex, positions: Positions, file: string,
  severityOf: (finding: Finding) => Severity | null = (finding) => finding.severity,
  decorate: (finding: Finding, diagnostic: Diagnostic) => Diagnostic = (_finding, diagnostic) => diagnostic): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const finding of corpus.findingsFor(file)) {
    const severity = severityOf(finding);
    if (severity === null) continue;
    finding.sides.forEach((side, index) => {
      if (side.file !== file) return;
      const range = positions.range(file, side);
      if (range === undefined) return;
      diagnostics.push(decorate(finding, {
        range,
        severity: severities[severity] ?? DiagnosticSeverity.Information,
        source: diagnosticSource,
        code: finding.kind,
        message: finding.summary,
        relatedInformation: relatedSides(positions, finding, index),
        data: { findingId: finding.id },
      }));
    });
  }
  return diagnostics;
}

function relatedSides(positions: Positions, finding: Finding, own: number): DiagnosticRelatedInformation[] {
  const related: DiagnosticRelatedInformation[] = [];
  const messages = relatedMessages(finding);
  finding.sides.forEach((side, index) => {
    if (index === own) return;
    const location = positions.location(side.file, side);
    if (location !== undefined) related.push({ location, message: messages[index] });
  });
  return related;
}

/** The longest side text a related information item shows, in characters (ellipses included). */
export const relatedTextLimit = 120;

/** How much of the text before the point where the sides part an excerpt keeps, in characters. */
const excerptLead = 30;

/**
 * Each side's related-information message: its outlet and its text, with a long text cut to an excerpt
 * of at most `relatedTextLimit` characters that begins a little before the point where the sides'
 * texts part (their longest common beginning), so that a reworded quote shows its own wording rather
 * than the words all versions share. Sides whose texts are all the same (a quote credited to different
 * speakers) show their beginning. The full texts are a click away (the location), in the hover and in
 * Compare coverage; repeated in full, each side of a finding with n sides carried them n − 1 times.
 */
export function relatedMessages(finding: Finding): string[] {
  // A finding's messages are asked for once per file its sides are in (each file's diagnostics are
  // built and then serialised apart, the files of a story one after the other): the last few are kept.
  let messages = recentMessages.get(finding);
  if (messages !== undefined) return messages;
  const texts = relatedTexts(finding.sides.map((side) => side.text));
  messages = finding.sides.map((side, index) => `${side.outlet}: ${texts[index]}`);
  if (recentMessages.size >= recentLimit) recentMessages.delete(recentMessages.keys().next().value!);
  recentMessages.set(finding, messages);
  return messages;
}

/** `relatedMessages` of the findings asked for last, oldest first (a finding changed is a new object). */
const recentMessages = new Map<Finding, string[]>();
const recentLimit = 256;

/** `relatedMessages`' texts: white space made single spaces, long ones cut (see there). */
export function relatedTexts(texts: readonly string[], limit = relatedTextLimit): string[] {
  const flat = texts.map(flatten);
  if (flat.every((text) => text.length <= limit)) return flat;
  const distinct = [...new Set(flat)];
  const parting = distinct.length > 1 ? commonBeginning(distinct) : 0;
  return flat.map((text) => excerpt(text, parting, limit));
}

/** `text` with each run of white space made one space, trimmed; `text` itself when it has none to change. */
function flatten(text: string): string {
  const changed = (): string => text.replace(/\s+/g, ' ').trim();
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 32 && code < 0xa0) continue;
    if (code === 32) {
      // A space stays when it is single and inside the text.
      if (i === 0 || i === text.length - 1 || WHITE.test(text[i + 1])) return changed();
    } else if (WHITE.test(text[i])) {
      return changed(); // a break, a tab, a no-break space…
    }
  }
  return text;
}

const WHITE = /\s/;

function commonBeginning(texts: readonly string[]): number {
  const first = texts[0];
  let length = first.length;
  for (const text of texts) {
    let same = 0;
    const most = Math.min(length, text.length);
    while (same < most && text.charCodeAt(same) === first.charCodeAt(same)) same++;
    length = same;
  }
  return length;
}

/**
 * At most `limit` characters of `text` (ellipses included) showing the text from a little before
 * `from`, cut at word boundaries where there is one near.
 */
function excerpt(text: string, from: number, limit: number): string {
  if (text.length <= limit) return text;
  let start = 0;
  if (from > excerptLead) {
    start = Math.min(from - excerptLead, text.length - (limit - 1));
    if (text[start - 1] !== ' ') {
      const space = text.indexOf(' ', start);
      if (space !== -1 && space < from) start = space + 1;
    }
  }
  const lead = start > 0 ? '…' : '';
  const room = limit - lead.length;
  if (text.length - start <= room) return lead + text.slice(start);
  let end = start + room - 1; // one character left for the closing ellipsis
  const space = text.lastIndexOf(' ', end);
  if (space > start + room / 2) end = space;
  return `${lead}${text.slice(start, end).trimEnd()}…`;
}

/**
 * One finding's parts, shared by the diagnostics of all its sides: each side's range (undefined when
 * the span is outside its file's text) and its related information for the other sides' diagnostics,
 * and the ranges as numbers (what is kept of a sent diagnostic to compare it later). Built once per
 * finding per publish instead of once per side and diagnostic (a finding with n sides used to compute
 * n² ranges and related messages).
 */
interface BuiltFinding {
  ranges: (Range | undefined)[];
  related: (DiagnosticRelatedInformation | undefined)[];
  data: { findingId: string };
  /** Per side: start line, start character, end line, end character; -1 four times without a range. */
  numbers: number[];
}

function buildFinding(positions: Positions, finding: Finding): BuiltFinding {
  const ranges: (Range | undefined)[] = [];
  const related: (DiagnosticRelatedInformation | undefined)[] = [];
  const numbers: number[] = [];
  const messages = relatedMessages(finding);
  finding.sides.forEach((side, index) => {
    const range = positions.range(side.file, side);
    ranges.push(range);
    if (range === undefined) {
      related.push(undefined);
      numbers.push(-1, -1, -1, -1);
      return;
    }
    related.push({ location: { uri: side.file, range }, message: messages[index] });
    numbers.push(range.start.line, range.start.character, range.end.line, range.end.character);
  });
  return { ranges, related, data: { findingId: finding.id }, numbers };
}

/**
 * What a file was last sent, kept small: the findings its diagnostics were built from (kept by the
 * corpus anyway) and, per diagnostic, numbers — the finding's index, the side's index, the severity,
 * whether a decoration changed it, then the ranges of all the finding's sides — plus the JSON of each
 * decorated diagnostic. Two of them describe the same diagnostics when the numbers are equal and each
 * pair of findings they point at has the same id, kind, summary and sides (file, outlet, text): those
 * and the ranges are all a diagnostic is made of.
 */
interface Shown {
  findings: readonly Finding[];
  numbers: Int32Array;
  decorated: string[];
  /** How many diagnostics. */
  count: number;
}

/** Numbers per diagnostic before its sides' ranges. */
const HEAD = 4;

function sameShown(a: Shown, b: Shown): boolean {
  if (a.numbers.length !== b.numbers.length || a.decorated.length !== b.decorated.length) return false;
  for (let i = 0; i < a.decorated.length; i++) if (a.decorated[i] !== b.decorated[i]) return false;
  const x = a.numbers;
  const y = b.numbers;
  for (let at = 0; at < x.length;) {
    const one = a.findings[x[at]];
    if (!sameFinding(one, b.findings[y[at]])) return false;
    const end = at + HEAD + 4 * one.sides.length;
    for (let i = at + 1; i < end; i++) if (x[i] !== y[i]) return false;
    at = end;
  }
  return true;
}

/**
 * A file's diagnostics as a notification carries them until it is written: what the publisher keeps
 * of them anyway (`Shown`, and the notes sent before them), the diagnostics themselves built only when
 * the message is serialised (`JSON.stringify` calls `toJSON`). The first publish of a large archive
 * queues a notification for every file at once, and the stream writer holds each until the client has
 * read the ones before it: as objects they held some 35-55 MB at 10,000 articles, as this next to
 * nothing. The diagnostics built are those `DiagnosticsPublisher` would have sent (same properties in
 * the same order, decorated ones from their JSON), so the bytes written are the same.
 */
export class DeferredDiagnostics {
  constructor(
    readonly file: string,
    private readonly findings: readonly Finding[],
    private readonly shown: Shown,
    /** Diagnostics sent before the findings' (the file's notes). */
    private readonly before: readonly Diagnostic[] = [],
  ) {}

  /** The same with `notes` first. */
  withNotes(notes: readonly Diagnostic[]): DeferredDiagnostics {
    return notes.length === 0 ? this : new DeferredDiagnostics(this.file, this.findings, this.shown, [...notes, ...this.before]);
  }

  get size(): number {
    return this.before.length + this.shown.count;
  }

  /** The diagnostics (what JSON.stringify serialises in place of this object). */
  toJSON(): Diagnostic[] {
    const diagnostics: Diagnostic[] = [...this.before];
    const { numbers, decorated } = this.shown;
    let next = 0;
    // A finding's messages, for the diagnostics of its sides in this file (most findings have one here).
    let messagesOf: Finding | undefined;
    let messages: string[] = [];
    for (let at = 0; at < numbers.length;) {
      const finding = this.findings[numbers[at]];
      const sides = finding.sides;
      const index = numbers[at + 1];
      const base = at + HEAD;
      if (numbers[at + 3] === 1) {
        diagnostics.push(JSON.parse(decorated[next++]) as Diagnostic);
      } else {
        const relatedInformation: DiagnosticRelatedInformation[] = [];
        if (messagesOf !== finding) {
          messagesOf = finding;
          messages = relatedMessages(finding);
        }
        for (let other = 0; other < sides.length; other++) {
          if (other === index || numbers[base + 4 * other] === -1) continue;
          relatedInformation.push({ location: { uri: sides[other].file, range: rangeAt(numbers, base + 4 * other) }, message: messages[other] });
        }
        diagnostics.push({
          range: rangeAt(numbers, base + 4 * index),
          severity: numbers[at + 2] as DiagnosticSeverity,
          source: diagnosticSource,
          code: finding.kind,
          message: finding.summary,
          relatedInformation,
          data: { findingId: finding.id },
        });
      }
      at = base + 4 * sides.length;
    }
    return diagnostics;
  }
}

function rangeAt(numbers: Int32Array, at: number): Range {
  return { start: { line: numbers[at], character: numbers[at + 1] }, end: { line: numbers[at + 2], character: numbers[at + 3] } };
}

function sameFinding(a: Finding, b: Finding | undefined): boolean {
  if (a === b) return true;
  if (b === undefined || a.id !== b.id || a.kind !== b.kind || a.summary !== b.summary || a.sides.length !== b.sides.length) return false;
  for (let i = 0; i < a.sides.length; i++) {
    const one = a.sides[i];
    const other = b.sides[i];
    if (one.file !== other.file || one.outlet !== other.outlet || one.text !== other.text) return false;
  }
  return true;
}

/**
 * Sends diagnostics for the articles whose diagnostics changed since they were last sent.
 *
 * A refresh costs what changed, not the size of the archive: a file whose `findingsFor` answer holds
 * the same Finding objects as the last time is skipped without building its diagnostics (the corpus
 * keeps a story's finding objects while nothing the story reads changed, and recomputes them when one
 * of its texts changes, so unchanged objects mean unchanged ranges too). The other files' diagnostics
 * are built and compared with what was last sent (`Shown`: the findings and the ranges as numbers, not
 * the JSON nor a hash of it), so a recomputed story whose findings came out the same sends nothing.
 * What the findings alone do not decide (severity settings, review decisions) is handled by
 * `invalidate()`, which makes the next refresh rebuild every file's diagnostics and send those that
 * differ. Each finding's ranges and related information are built once per publish (`BuiltFinding`)
 * and shared by the diagnostics of its sides; `decorate` must return a new object rather than change
 * the one it is given.
 */
export class DiagnosticsPublisher {
  private readonly sent = new Map<string, { findings: readonly Finding[] | undefined; shown: Shown }>();
  /** Each story as of the last publish, with the object its findings came from (its results). */
  private checkedStories = new Map<Story, object | undefined>();
  /** Files forgotten since the last publish (their stories are looked at again). */
  private readonly forgotten = new Set<string>();
  /** The findings built during the current publish (emptied after each story). */
  private readonly built = new Map<Finding, BuiltFinding>();
  /** Where a file's numbers are gathered before they are copied to their `Shown`. */
  private scratch = new Int32Array(1024);

  constructor(
    private readonly corpus: CorpusIndex,
    private readonly positions: Positions,
    private readonly send: (file: string, diagnostics: Diagnostic[]) => void,
    private readonly severityOf: (finding: Finding) => Severity | null = (finding) => finding.severity,
    /** Changes a finding's diagnostic before it is sent (review state: "(reviewed)"); returns a new object. */
    private readonly decorate?: (finding: Finding, diagnostic: Diagnostic) => Diagnostic,
    /**
     * When given, files' diagnostics go here instead of to `send`, as `DeferredDiagnostics` (built when
     * serialised); `send` then only gets the empty lists of files that are gone.
     */
    private readonly sendDeferred?: (file: string, diagnostics: DeferredDiagnostics) => void,
  ) {}

  /** Sends `file`'s diagnostics again on the next publish (its file notes changed). */
  forget(file: string): void {
    this.sent.delete(file);
    this.forgotten.add(file);
  }

  /**
   * The severities or decorations may have changed (settings, review decisions): the next publish
   * rebuilds every file's diagnostics and sends those that differ from what was sent.
   */
  invalidate(): void {
    for (const entry of this.sent.values()) entry.findings = undefined;
    this.checkedStories = new Map();
  }

  publishChanged(): number {
    let published = 0;
    const articles = this.corpus.articles();
    const corpus = this.corpus as CorpusIndex & { findingSource?: (storyId: string) => object | undefined };
    const stories = corpus.findingSource ? this.corpus.stories() : undefined;
    let covered = 0;
    for (const story of stories ?? []) covered += story.files.length;
    const checked = new Map<Story, object | undefined>();
    try {
      if (stories !== undefined && covered === articles.length) {
        // Story by story: a story that is the same object with the same results as when its files were
        // last brought up to date (and none of them forgotten since) is skipped without looking at them.
        for (const story of stories) {
          const source = corpus.findingSource!(story.id);
          const unchanged = source !== undefined && this.checkedStories.get(story) === source
            && (this.forgotten.size === 0 || !story.files.some((file) => this.forgotten.has(file)));
          if (!unchanged) {
            for (const file of story.files) published += this.publishFile(file);
            this.built.clear(); // a story's findings name its own files only
          }
          checked.set(story, source);
        }
      } else {
        for (const { file } of articles) published += this.publishFile(file);
      }
    } finally {
      this.built.clear();
    }
    this.checkedStories = checked;
    this.forgotten.clear();
    if (this.sent.size > articles.length) {
      const files = new Set(articles.map((article) => article.file));
      for (const file of [...this.sent.keys()]) {
        if (files.has(file)) continue;
        this.sent.delete(file);
        this.send(file, []);
        published++;
      }
    }
    return published;
  }

  /** Sends `file`'s diagnostics if they changed since last sent; 1 when sent. */
  private publishFile(file: string): number {
    const findings = this.corpus.findingsFor(file);
    const last = this.sent.get(file);
    if (last !== undefined && last.findings !== undefined && sameFindings(last.findings, findings)) return 0;
    const { diagnostics, shown } = this.build(file, findings, this.sendDeferred === undefined);
    if (last !== undefined && sameShown(last.shown, shown)) {
      last.findings = findings;
      last.shown = shown; // the same diagnostics; the old findings need not be kept
      return 0;
    }
    this.sent.set(file, { findings, shown });
    if (this.sendDeferred !== undefined) this.sendDeferred(file, new DeferredDiagnostics(file, findings, shown));
    else this.send(file, diagnostics);
    return 1;
  }

  /**
   * `file`'s diagnostics (what `diagnosticsFor` gives; only when `keep`, else an empty list) and what
   * is kept of them once sent.
   */
  private build(file: string, findings: readonly Finding[], keep = true): { diagnostics: Diagnostic[]; shown: Shown } {
    const diagnostics: Diagnostic[] = [];
    const decorated: string[] = [];
    let numbers = this.scratch;
    let length = 0;
    let count = 0;
    for (let at = 0; at < findings.length; at++) {
      const finding = findings[at];
      const severity = this.severityOf(finding);
      if (severity === null) continue;
      let built: BuiltFinding | undefined;
      const sides = finding.sides;
      for (let index = 0; index < sides.length; index++) {
        if (sides[index].file !== file) continue;
        if (built === undefined) {
          built = this.built.get(finding);
          if (built === undefined) {
            built = buildFinding(this.positions, finding);
            this.built.set(finding, built);
          }
        }
        const range = built.ranges[index];
        if (range === undefined) continue;
        const relatedInformation: DiagnosticRelatedInformation[] = [];
        for (let other = 0; other < sides.length; other++) {
          const item = built.related[other];
          if (other !== index && item !== undefined) relatedInformation.push(item);
        }
        const level = severities[severity] ?? DiagnosticSeverity.Information;
        const diagnostic: Diagnostic = {
          range,
          severity: level,
          source: diagnosticSource,
          code: finding.kind,
          message: finding.summary,
          relatedInformation,
          data: built.data,
        };
        const shownAs = this.decorate === undefined ? diagnostic : this.decorate(finding, diagnostic);
        if (shownAs !== diagnostic) decorated.push(JSON.stringify(shownAs));
        if (keep) diagnostics.push(shownAs);
        count++;
        const need = length + HEAD + built.numbers.length;
        if (need > numbers.length) {
          const larger = new Int32Array(Math.max(need, 2 * numbers.length));
          larger.set(numbers.subarray(0, length));
          numbers = this.scratch = larger;
        }
        numbers[length++] = at;
        numbers[length++] = index;
        numbers[length++] = level;
        numbers[length++] = shownAs !== diagnostic ? 1 : 0;
        for (const value of built.numbers) numbers[length++] = value;
      }
    }
    return { diagnostics, shown: { findings, numbers: numbers.slice(0, length), decorated, count } };
  }
}

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
