/**
 * `crosscheck`: the command-line face of the analysis core. Reads articles, builds the corpus and
 * prints what the editor shows (people, quotes, claims, conflicts) as JSON or as a short summary.
 *
 * Exit codes: 0 done; 1 some input could not be read or analysed (the rest is still printed);
 * 2 bad arguments.
 */
import { Corpus } from '../../core/src/index';
import type { Article } from '../../core/src/index';
import { contentHash, readEntryBody } from '../../core/src/cache/analysisCache';
import type { ArticleFeatures } from '../../core/src/crossref/crossref';
import { version } from '../../package.json';
import { AnalysisPool } from '../../server/src/workers';
import { annotationsCommand } from './annotations';
import { reportCommand } from './report/command';
import { readInputs } from './inputs';
import { jsonReport, textReport } from './reports';

const usage = `Usage: crosscheck analyze <files or folders...> [--format text|json]

Cross-references news articles (plain .txt files) about the same events: people, quotes and
claims across outlets, and where the outlets contradict each other.

Commands:
  analyze          analyse the articles; folders are read for their .txt files
  annotations      list a folder's annotations and whether they still fit the text
                   (crosscheck annotations --help)
  report           a Markdown memo, an HTML page, SARIF or JSON of how the outlets covered
                   each story; --fail-on for CI (crosscheck report --help)

Options:
  --format <f>     text (default): a short summary; json: the full analysis (see docs/cli.md)
  --max-article-bytes <n>
                   skip article files larger than n bytes (default 1048576, 1 MB; 0: no limit;
                   also CROSSCHECK_MAX_ARTICLE_BYTES). See docs/reliability.md
  -h, --help       show this help
  -v, --version    show the version
`;

type Format = 'text' | 'json';

interface Invocation {
  command: 'help' | 'version' | 'analyze';
  format: Format;
  inputs: string[];
  /** Undefined: CROSSCHECK_MAX_ARTICLE_BYTES or the default. */
  maxArticleBytes?: number;
}

class UsageError extends Error {}

export function parseArguments(args: string[]): Invocation {
  const invocation: Invocation = { command: 'analyze', format: 'text', inputs: [] };
  let commandSeen = false;
  let optionsEnded = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (!optionsEnded && arg.startsWith('-') && arg !== '-') {
      if (arg === '--') optionsEnded = true;
      else if (arg === '-h' || arg === '--help') return { ...invocation, command: 'help' };
      else if (arg === '-v' || arg === '--version') return { ...invocation, command: 'version' };
      else if (arg === '--format' || arg.startsWith('--format=')) {
        const value = arg === '--format' ? args[++index] : arg.slice('--format='.length);
        if (value !== 'text' && value !== 'json') {
          throw new UsageError(value === undefined ? '--format needs a value: text or json' : `unknown format "${value}" (use text or json)`);
        }
        invocation.format = value;
      } else if (arg === '--max-article-bytes' || arg.startsWith('--max-article-bytes=')) {
        const value = arg === '--max-article-bytes' ? args[++index] : arg.slice('--max-article-bytes='.length);
        const bytes = Number(value);
        if (value === undefined || value === '' || !Number.isInteger(bytes) || bytes < 0) {
          throw new UsageError('--max-article-bytes needs a whole number of bytes (0: no limit)');
        }
        invocation.maxArticleBytes = bytes;
      } else {
        throw new UsageError(`unknown option ${arg}`);
      }
    } else if (!commandSeen) {
      if (arg !== 'analyze') throw new UsageError(`unknown command "${arg}"`);
      commandSeen = true;
    } else {
      invocation.inputs.push(arg);
    }
  }
  if (!commandSeen) throw new UsageError('no command given');
  if (invocation.inputs.length === 0) throw new UsageError('no articles given: name files or folders to analyse');
  return invocation;
}

async function main(args: string[]): Promise<number> {
  if (args[0] === 'report') {
    return reportCommand(args.slice(1), { write: writeOut, error: process.stderr, cwd: process.cwd() });
  }
  if (args[0] === 'annotations') {
    return annotationsCommand(args.slice(1), (text) => writeOut(text), (text) => process.stderr.write(text));
  }
  let invocation: Invocation;
  try {
    invocation = parseArguments(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`crosscheck: ${error.message}\n\n${usage}`);
    return 2;
  }
  if (invocation.command === 'help') {
    process.stdout.write(usage);
    return 0;
  }
  if (invocation.command === 'version') {
    process.stdout.write(`${version}\n`);
    return 0;
  }

  const { articles, problems, warnings } = await readInputs(invocation.inputs, { maxArticleBytes: invocation.maxArticleBytes });
  const corpus = new Corpus();
  const analysed: string[] = [];
  // Analysis on every core: the language server's worker pool (dist/worker.js next to this bundle;
  // without it, as when the tests run the sources, the pool analyses on this thread).
  const pool = new AnalysisPool();
  let outcomes: ({ article: Article; features?: ArticleFeatures } | Error)[];
  try {
    outcomes = await Promise.all(articles.map(({ file, text }) => pool.analyse(file, text).then(
      (body) => (body === undefined ? new Error('the analysis was cancelled') : readEntryBody(body, file, contentHash(text), text)),
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    ).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))));
  } finally {
    await pool.dispose();
  }
  articles.forEach(({ file }, index) => {
    const outcome = outcomes[index];
    if (outcome instanceof Error) {
      problems.push({ file, message: `could not analyse: ${outcome.message}` });
      return;
    }
    const { article, features } = outcome;
    // A failed step leaves partial results; the user hears which step failed on which file.
    for (const step of article.problems) warnings.push({ file, message: `warning: an analysis step failed, results are partial: ${step}` });
    if (features) corpus.putWithFeatures(article, features);
    else corpus.put(article);
    analysed.push(file);
  });
  for (const problem of [...problems, ...warnings]) process.stderr.write(`crosscheck: ${problem.file}: ${problem.message}\n`);
  const output = invocation.format === 'json'
    ? `${JSON.stringify(jsonReport(corpus, analysed), null, 2)}\n`
    : textReport(corpus, analysed);
  await new Promise<void>((resolve, reject) => process.stdout.write(output, (error) => (error ? reject(error) : resolve())));
  return problems.length > 0 ? 1 : 0;
}

function writeOut(text: string): Promise<void> {
  return new Promise<void>((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}

if (require.main === module) {
  // A reader that stops early (`crosscheck analyze … | head`) closes the pipe: stop quietly, as the
  // Unix tools do, instead of a stack trace for the write that found it closed.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    process.stderr.write(`crosscheck: cannot write the output: ${error.message}\n`);
    process.exit(1);
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  }, (error: unknown) => {
    process.stderr.write(`crosscheck: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
