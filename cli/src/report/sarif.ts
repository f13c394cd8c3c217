/**
 * The SARIF 2.1.0 report: one result per finding, so code-scanning tools and SARIF viewers list the
 * findings at their passages. The result's location is the finding's first side; the other outlets'
 * sides are related locations. Regions give 1-based lines and columns in UTF-16 code units
 * (`columnKind: utf16CodeUnits`) plus the 0-based offset and length they are computed from.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, FindingKind, FindingSide, Severity } from '../../../core/src/index';
import type { InputProblem } from '../inputs';
import { type CoverageReport, Positions } from './stories';

export const sarifSchema = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The SARIF level of a severity: information and hints are notes. */
const levels: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

interface RuleText {
  name: string;
  short: string;
  full: string;
  level: 'error' | 'warning' | 'note';
}

export const rules: Record<FindingKind, RuleText> = {
  contradiction: {
    name: 'OutletsContradict',
    short: 'Outlets state incompatible facts.',
    full: 'Two outlets covering the same story state incompatible facts: a venue, a duration, a count, a date, or opposite statements about what someone did.',
    level: 'warning',
  },
  'quote-variant': {
    name: 'QuoteReworded',
    short: 'The same quote is worded differently across outlets.',
    full: 'Outlets carry the same quotation with different words inside the quote marks; at most one of them can be what was said.',
    level: 'warning',
  },
  'speaker-conflict': {
    name: 'QuoteCreditedToDifferentPeople',
    short: 'Outlets credit the same quote to different people.',
    full: 'The same quotation is attributed to one speaker by one outlet and to another speaker by another.',
    level: 'warning',
  },
  'spelling-variant': {
    name: 'NameSpelledDifferently',
    short: 'A person\'s name is spelled differently across outlets.',
    full: 'Outlets spell the name of the same person differently (transliterations, typos).',
    level: 'note',
  },
  derived: {
    name: 'ArticleRewritten',
    short: 'An article appears rewritten from another.',
    full: 'Most passages of one article follow another article in order: it is not independent corroboration of that article.',
    level: 'note',
  },
};

const ruleOrder = Object.keys(rules) as FindingKind[];

/**
 * The URI of an article as SARIF wants it: relative to the current folder (resolved against the
 * `%SRCROOT%` base) when the article is inside it, else an absolute `file:` URI.
 */
export function articleUri(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) {
    return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  }
  return { uri: pathToFileURL(absolute).href };
}

function physicalLocation(side: FindingSide, positions: Positions, cwd: string): object {
  const start = positions.at(side.file, side.start);
  const end = positions.at(side.file, side.end);
  return {
    artifactLocation: articleUri(side.file, cwd),
    region: {
      startLine: start.line,
      startColumn: start.column,
      endLine: end.line,
      endColumn: end.column,
      charOffset: side.start,
      charLength: side.end - side.start,
      snippet: { text: side.text },
    },
  };
}

function result(finding: Finding, positions: Positions, cwd: string): object {
  const [primary, ...others] = finding.sides;
  return {
    ruleId: finding.kind,
    ruleIndex: ruleOrder.indexOf(finding.kind),
    level: levels[finding.severity],
    message: { text: finding.summary },
    locations: primary === undefined ? [] : [{
      physicalLocation: physicalLocation(primary, positions, cwd),
      message: { text: primary.outlet },
    }],
    relatedLocations: others.map((side, index) => ({
      id: index + 1,
      physicalLocation: physicalLocation(side, positions, cwd),
      message: { text: `${side.outlet}: ${side.text}` },
    })),
    partialFingerprints: { 'crosscheckFinding/v1': finding.id },
    properties: { storyId: finding.storyId, severity: finding.severity, outlets: [...new Set(finding.sides.map((side) => side.outlet))] },
  };
}

export function sarifReport(report: CoverageReport, options: { version: string; cwd: string; problems: InputProblem[] }): object {
  const positions = new Positions(report.corpus);
  return {
    $schema: sarifSchema,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'Crosscheck',
          semanticVersion: options.version,
          version: options.version,
          rules: ruleOrder.map((kind) => ({
            id: kind,
            name: rules[kind].name,
            shortDescription: { text: rules[kind].short },
            fullDescription: { text: rules[kind].full },
            defaultConfiguration: { level: rules[kind].level },
          })),
        },
      },
      originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(options.cwd + path.sep).href } },
      columnKind: 'utf16CodeUnits',
      invocations: [{
        executionSuccessful: options.problems.length === 0,
        toolExecutionNotifications: options.problems.map((problem) => ({
          level: 'error',
          message: { text: `${problem.file}: ${problem.message}` },
          locations: [{ physicalLocation: { artifactLocation: articleUri(problem.file, options.cwd) } }],
        })),
      }],
      results: report.findings.map((finding) => result(finding, positions, options.cwd)),
    }],
  };
}
