/**
 * `crosscheck report`: the coverage of one or more stories as a Markdown memo, a self-contained HTML
 * page, SARIF 2.1.0 for code-scanning tools, or JSON; `--fail-on` turns findings into a failing exit
 * code for CI.
 *
 * Exit codes: 0 done; 1 some input could not be read or analysed (the rest is still reported), the
 * report could not be written, or a finding matched `--fail-on`; 2 bad arguments (nothing is written).
 */
import { Corpus } from '../../../core/src/index';
import { version } from '../../../package.json';
import { type InputProblem, readInputs } from '../inputs';
import { htmlReport } from './html';
import { jsonCoverageReport } from './json';
import { markdownReport } from './markdown';
import { checkOutputPath, writeFileAtomically } from './output';
import { Progress, type ProgressStream } from './progress';
import { sarifReport } from './sarif';
import { type FailOn, buildCoverageReport, failOnKinds, failingFindings, unknownStories } from './stories';

export const reportUsage = `Usage: crosscheck report <files or folders...> [--format markdown|html|sarif|json]
                        [--out FILE] [--story ID] [--fail-on contradiction|quote|derived|any]

Writes how the outlets covered each story: the outlets, the people and their quotes, the findings
(contradictions, reworded quotes, rewritten articles) and what each outlet left out.

Options:
  --format <f>     markdown (default): a memo to paste into a document;
                   html: one self-contained page with the side-by-side and matrix views;
                   sarif: SARIF 2.1.0, one result per finding, for code-scanning tools;
                   json: the analyze JSON plus the findings with lines and columns.
                   Without --format, an --out file ending in .md, .html, .sarif or .json picks it.
  --out <file>     write the report to <file> (replaced in one step) instead of stdout
  --story <id>     report only this story (repeat for more); ids are listed by
                   crosscheck analyze --format json
  --fail-on <kind> exit 1 when a finding of this kind is reported: contradiction, quote
                   (reworded quotes and quotes credited to different people), derived, any;
                   repeat or separate with commas
  -h, --help       show this help

Exit codes: 0 done; 1 an input could not be read, the report could not be written, or a
finding matched --fail-on; 2 bad arguments.
`;

export type ReportFormat = 'markdown' | 'html' | 'sarif' | 'json';

const formats: ReportFormat[] = ['markdown', 'html', 'sarif', 'json'];

export interface ReportInvocation {
  help: boolean;
  format: ReportFormat;
  inputs: string[];
  out: string | null;
  stories: string[];
  failOn: FailOn[];
}

export class ReportUsageError extends Error {}

function formatOfFile(file: string): ReportFormat | undefined {
  const name = file.toLowerCase();
  if (name.endsWith('.md') || name.endsWith('.markdown')) return 'markdown';
  if (name.endsWith('.html') || name.endsWith('.htm')) return 'html';
  if (name.endsWith('.sarif') || name.endsWith('.sarif.json')) return 'sarif';
  if (name.endsWith('.json')) return 'json';
  return undefined;
}

/** The arguments after `report`. */
export function parseReportArguments(args: string[]): ReportInvocation {
  const invocation: ReportInvocation = { help: false, format: 'markdown', inputs: [], out: null, stories: [], failOn: [] };
  let format: ReportFormat | undefined;
  let optionsEnded = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (optionsEnded || !arg.startsWith('-') || arg === '-') {
      invocation.inputs.push(arg);
      continue;
    }
    if (arg === '--') {
      optionsEnded = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') return { ...invocation, help: true };
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const given = inline ?? args[++index];
      if (given === undefined || given === '') throw new ReportUsageError(`${name} needs a value`);
      return given;
    };
    if (name === '--format') {
      const given = value();
      if (!formats.includes(given as ReportFormat)) throw new ReportUsageError(`unknown format "${given}" (use ${formats.join(', ')})`);
      format = given as ReportFormat;
    } else if (name === '--out' || name === '-o') {
      invocation.out = value();
    } else if (name === '--story') {
      invocation.stories.push(value());
    } else if (name === '--fail-on') {
      for (const kind of value().split(',').map((part) => part.trim()).filter(Boolean)) {
        if (!(kind in failOnKinds)) throw new ReportUsageError(`unknown --fail-on "${kind}" (use ${Object.keys(failOnKinds).join(', ')})`);
        if (!invocation.failOn.includes(kind as FailOn)) invocation.failOn.push(kind as FailOn);
      }
    } else {
      throw new ReportUsageError(`unknown option ${arg}`);
    }
  }
  if (invocation.inputs.length === 0) throw new ReportUsageError('no articles given: name files or folders to report on');
  invocation.format = format ?? (invocation.out === null ? undefined : formatOfFile(invocation.out)) ?? 'markdown';
  return invocation;
}

export interface ReportStreams {
  /** Standard output (the report when there is no --out). */
  write(text: string): Promise<void>;
  /** Standard error: problems and, when it is a terminal, progress. */
  error: ProgressStream;
  cwd: string;
}

/** Runs `crosscheck report` with the arguments after `report`; resolves to the exit code. */
export async function reportCommand(args: string[], streams: ReportStreams): Promise<number> {
  const fail = (message: string): number => {
    streams.error.write(`crosscheck: ${message}\n\n${reportUsage}`);
    return 2;
  };
  let invocation: ReportInvocation;
  try {
    invocation = parseReportArguments(args);
  } catch (error) {
    if (error instanceof ReportUsageError) return fail(error.message);
    throw error;
  }
  if (invocation.help) {
    await streams.write(reportUsage);
    return 0;
  }
  if (invocation.out !== null) {
    const problem = await checkOutputPath(invocation.out);
    if (problem !== undefined) return fail(problem);
  }

  const progress = new Progress(streams.error);
  progress.show('Reading articles');
  const { articles, problems, warnings } = await readInputs(invocation.inputs);
  const corpus = new Corpus();
  const analysed: string[] = [];
  articles.forEach((article, index) => {
    progress.show(`Analysing ${index + 1}/${articles.length} articles`);
    try {
      corpus.update(article.file, article.text);
      analysed.push(article.file);
    } catch (error) {
      problems.push({ file: article.file, message: `could not analyse: ${error instanceof Error ? error.message : String(error)}` });
    }
  });
  progress.show(`Cross-referencing ${analysed.length} articles`, true);
  corpus.findings();
  progress.done();
  for (const problem of [...problems, ...warnings]) streams.error.write(`crosscheck: ${problem.file}: ${problem.message}\n`);

  const unknown = unknownStories(corpus, invocation.stories);
  if (unknown.length > 0) {
    const known = corpus.stories().map((story) => story.id);
    return fail(`no story ${unknown.map((id) => `"${id}"`).join(', ')} in these articles; the stories are: ${known.join(', ') || '(none)'}`);
  }

  const report = buildCoverageReport(corpus, invocation.stories);
  const content = render(invocation.format, report, analysed, problems, streams.cwd);
  if (invocation.out === null) {
    await streams.write(content);
  } else {
    try {
      await writeFileAtomically(invocation.out, content);
    } catch (error) {
      streams.error.write(`crosscheck: could not write ${invocation.out}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }

  const failing = failingFindings(report.findings, invocation.failOn);
  if (failing.length > 0) {
    streams.error.write(`crosscheck: ${failing.length} ${failing.length === 1 ? 'finding matches' : 'findings match'} --fail-on ${invocation.failOn.join(',')}\n`);
  }
  return problems.length > 0 || failing.length > 0 ? 1 : 0;
}

function render(format: ReportFormat, report: ReturnType<typeof buildCoverageReport>, analysed: string[], problems: InputProblem[], cwd: string): string {
  const generator = `Crosscheck ${version}`;
  switch (format) {
    case 'markdown': return markdownReport(report, generator);
    case 'html': return htmlReport(report, generator);
    case 'sarif': return `${JSON.stringify(sarifReport(report, { version, cwd, problems }), null, 2)}\n`;
    case 'json': return `${JSON.stringify(jsonCoverageReport(report, analysed), null, 2)}\n`;
  }
}
