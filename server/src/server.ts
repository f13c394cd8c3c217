/**
 * The Crosscheck language server: indexes the workspace's articles into a Corpus and answers hover,
 * definition, references, diagnostics and Compare coverage from it. Each handler looks up the
 * article, returns an empty answer when it is not indexed, and calls a feature function.
 */
import {
  createConnection, DidChangeConfigurationNotification, FileChangeType, ProposedFeatures, TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { getHeapStatistics } from 'node:v8';
import type { Diagnostic, FileEvent, InitializeResult, Position } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { analyzeArticle, Corpus, sizeProblem } from '../../core/src/index';
import { articleFeatures } from '../../core/src/crossref/crossref';
import { loadDateParserStep } from '../../core/src/article/claims';
import { lexiconPhraseStarts } from '../../core/src/article/nlp';
import type { Article, CompareView, PersonProfile, StoryOverview } from '../../core/src/index';
import {
  CoverageRequest, defaultArticleGlobs, OverviewRequest, PeopleRequest, PersonRequest, StatusNotification,
} from '../../protocol/protocol';
import type {
  CoverageParams, IndexingState, InitializationOptions, PersonParams, PersonSummary, StatusParams,
} from '../../protocol/protocol';
import { ArticleFiles, articleReading, readArticleFile } from './articleFiles';
import { ArticleStore } from './articleStore';
import { HeapBound, Indexer, boundHeapGrowth } from './indexer';
import { ClosedTexts } from './closedTexts';
import { codeLensesFor } from './codeLens';
import { compareFor, overview, peopleSummaries } from './compare';
import type { FeatureContext } from './context';
import { DiagnosticsPublisher } from './diagnostics';
import { FileNotes } from './fileNotes';
import { hoverAt } from './hover';
import type { Logger } from './logger';
import { describeError } from './logger';
import { definitionsAt, referencesAt } from './navigation';
import { Positions } from './positions';
import { Outbox } from './outbox';
import { type QuietStep, runQuietSteps } from './quietSteps';
import { semanticTokensFor, semanticTokensLegend } from './semanticTokens';
import { defaultSettings, parseSettings, shownSeverity } from './settings';
import { documentSymbols, workspaceSymbols } from './symbols';
import { registerReviews, ReviewDecisions, reviewCodeActionOptions, reviewCodeActions } from './reviews';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
/** Logging never throws: after the editor went away (connection closed) a message is dropped. */
function logSafely(write: (message: string) => void): (message: string) => void {
  return (message) => {
    try {
      write(message);
    } catch {
      // the connection is closed; nobody is listening
    }
  };
}
const log: Logger = {
  info: logSafely((message) => connection.console.info(message)),
  warn: logSafely((message) => connection.console.warn(message)),
  error: logSafely((message) => connection.console.error(message)),
};

// Quote and claim features without their derived parts between passes (core/src/crossref/corpus.ts, `LeanFeatures`);
// the heap bounded during a long pass (`HeapBound`: a full collection after each 64 MB of growth).
const heapBound = new HeapBound();
const corpus = new Corpus({ leanFeatures: true, afterStory: () => heapBound.step() });
const positions = new Positions(corpus);
const context: FeatureContext = { corpus, positions, commandLinks: false, settings: defaultSettings() };
const store = new ArticleStore(corpus, log, () => scheduleRefresh());
const reviews = new ReviewDecisions();
const fileNotes = new FileNotes();
// Every diagnostics notification goes through the outbox: in chunks, with requests answered between two.
const outbox = new Outbox();
const publisher = new DiagnosticsPublisher(corpus, positions, (uri, diagnostics) => {
  const withNotes = fileNotes.withNotes(uri, diagnostics);
  outbox.push(() => connection.sendDiagnostics({ uri, diagnostics: withNotes }));
}, (finding) => reviews.severity(finding, shownSeverity(context.settings, finding)), (finding, diagnostic) => reviews.decorate(finding, diagnostic),
(uri, deferred) => {
  // Built when the writer serialises the notification (DeferredDiagnostics.toJSON), not while it waits in the queue.
  const diagnostics = deferred.withNotes(fileNotes.withNotes(uri, [])) as unknown as Diagnostic[];
  outbox.push(() => connection.sendDiagnostics({ uri, diagnostics }));
});
const articleFiles = new ArticleFiles([], [...defaultArticleGlobs]);
// Closed articles' texts are read again from disk when needed; one found changed is read again as a watched change.
const closedTexts = new ClosedTexts(log, (file) => setImmediate(() => fromDisk([{ uri: file, type: FileChangeType.Changed }])));
const indexer = new Indexer(corpus, log, (file) => store.isOpen(file), {
  folders: [], unreadable: (file) => store.deletedOnDisk(file),
  texts: closedTexts,
  accepted: (file, hash, text) => {
    positions.prime(file, hash, text);
    heapBound.step(); // while the workers analyse, this thread's heap is bounded as in a long pass
  },
  // The story results are saved while the user reads, as the warm-up runs (see `saveWaitLimitMs`).
  storySave: { quiet: clientQuiet },
});
articleReading.note = (uri, note) => {
  if (fileNotes.set(uri, note)) scheduleRefresh();
};
store.accepts = acceptsText;

let canReadConfiguration = false;
let canWatchFolders = false;
let canRefreshLenses = false;
let canRefreshTokens = false;
/** Increases with every scan started; an older scan stops when it sees a newer one. */
let scanGeneration = 0;
let indexing = false;
let indexGeneration = 0;
let refreshTimer: NodeJS.Timeout | undefined;

connection.onInitialize((params): InitializeResult => {
  const options = (params.initializationOptions ?? {}) as InitializationOptions;
  context.commandLinks = options.commandLinks === true;
  const folders = params.workspaceFolders?.map((folder) => folder.uri)
    ?? (params.rootUri ? [params.rootUri] : []);
  articleFiles.setFolders(folders.map((uri) => URI.parse(uri).fsPath));
  indexer.setFolders(articleFiles.folders());
  if (isGlobList(options.articles)) articleFiles.setGlobs(options.articles);
  canReadConfiguration = params.capabilities.workspace?.configuration === true;
  canWatchFolders = params.capabilities.workspace?.workspaceFolders === true;
  canRefreshLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
  canRefreshTokens = params.capabilities.workspace?.semanticTokens?.refreshSupport === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      codeActionProvider: reviewCodeActionOptions,
      definitionProvider: true,
      referencesProvider: true,
      codeLensProvider: { resolveProvider: false },
      documentSymbolProvider: { label: 'Crosscheck' },
      workspaceSymbolProvider: true,
      semanticTokensProvider: { legend: semanticTokensLegend, full: true, range: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      // Lets the client (and the reliability tests) tell this process from its successor after a crash.
      experimental: { processId: process.pid },
    },
    serverInfo: { name: 'Crosscheck' },
  };
});

connection.onInitialized(() => {
  void (async () => {
    if (canReadConfiguration) {
      await connection.client.register(DidChangeConfigurationNotification.type, { section: 'crosscheck' });
      await readSettings();
    }
    if (canWatchFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((change) => {
        const removed = new Set(change.removed.map((folder) => URI.parse(folder.uri).fsPath));
        const kept = articleFiles.folders().filter((folder) => !removed.has(folder));
        articleFiles.setFolders([...kept, ...change.added.map((folder) => URI.parse(folder.uri).fsPath)]);
        void indexWorkspace();
      });
    }
    await indexWorkspace();
  })().catch((error: unknown) => log.error(`Indexing failed: ${describeError(error)}`));
});

connection.onDidChangeConfiguration(() => {
  void readSettings().then((changed) => (changed ? indexWorkspace() : undefined))
    .catch((error: unknown) => log.error(`Reading settings failed: ${describeError(error)}`));
});

/**
 * Reads the `crosscheck` settings: findings, lenses and hovers apply at once (diagnostics are
 * republished, lenses and tokens refreshed); true when the article globs changed (a rescan is due).
 */
async function readSettings(): Promise<boolean> {
  if (!canReadConfiguration) return false;
  const settings = (await connection.workspace.getConfiguration('crosscheck')) as { articles?: unknown } | null;
  const previous = JSON.stringify(context.settings);
  context.settings = parseSettings(settings);
  const limitChanged = articleReading.maxBytes !== context.settings.maxArticleBytes;
  articleReading.maxBytes = context.settings.maxArticleBytes;
  if (JSON.stringify(context.settings) !== previous) {
    publisher.invalidate(); // severities and lenses may differ for any file
    if (!indexing) void refresh();
  }
  const globs = isGlobList(settings?.articles) ? settings.articles : [...defaultArticleGlobs];
  if (JSON.stringify(globs) === JSON.stringify(articleFiles.globs())) return limitChanged;
  articleFiles.setGlobs(globs);
  return true;
}

/** An open buffer over the size limit is not analysed either (the user is told, as for the file). */
function acceptsText(file: string, text: string): boolean {
  const limit = context.settings.maxArticleBytes;
  if (limit <= 0 || text.length * 3 <= limit) return true; // a UTF-16 unit is at most 3 UTF-8 bytes
  const tooLarge = sizeProblem(Buffer.byteLength(text, 'utf8'), limit);
  if (tooLarge === undefined) return true;
  log.warn(`${file}: ${tooLarge}`);
  if (fileNotes.set(file, { skipped: true, messages: [tooLarge] })) scheduleRefresh();
  return false;
}

function isGlobList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((glob) => typeof glob === 'string' && glob !== '');
}

/** Scans the workspace folders, analyses every article file and publishes diagnostics for all. */
async function indexWorkspace(): Promise<void> {
  const generation = ++scanGeneration;
  indexing = true;
  corpus.holdPasses(); // requests meanwhile are answered from the last pass, not each from a new one over part of the workspace
  boundHeapGrowth(false);
  const progress = await connection.window.createWorkDoneProgress();
  progress.begin('Crosscheck', 0, 'Finding articles', false);
  const started = Date.now();
  let fromCache = 0;
  try {
    const files = await articleFiles.scan(log);
    if (generation !== scanGeneration) return;
    void sendStatus('indexing', { indexed: 0, total: files.length });
    // Worker threads analyse, the disk cache skips unchanged articles; requests are answered in between.
    let reported = 0;
    const indexed = await indexer.index(files, () => generation !== scanGeneration, ({ done, total, fromCache }) => {
      // Articles are being analysed by the workers (not read from the cache): this thread mostly waits
      // for them, so it loads the analysis now rather than after 'ready', where the first request would wait.
      if (done > fromCache) warmAnalysisSoon();
      if (done < total && Date.now() - reported < 100) return;
      reported = Date.now();
      progress.report(Math.round((done / total) * 100), `Indexing articles ${done}/${total}`);
      void sendStatus('indexing', { indexed: done, total });
    });
    if (generation !== scanGeneration) return;
    fromCache = indexed.fromCache;
    if (indexed.fromCache > 0) log.info(`${indexed.fromCache} of ${files.length} analyses came from the cache`);
    const wanted = new Set(files);
    fileNotes.retain((uri) => wanted.has(uri) || store.isOpen(uri)); // notes of files no longer there go
    for (const article of corpus.articles()) {
      if (!wanted.has(article.file) && !store.isOpen(article.file)) store.deletedOnDisk(article.file);
    }
    log.info(`Indexed ${files.length} articles in ${Date.now() - started} ms`);
  } finally {
    progress.done();
    if (generation === scanGeneration) {
      indexing = false;
      const held = corpus.releasePasses();
      if (held.answered > 0) log.info(`While indexing, ${held.answered} lookups were answered from the last pass instead of a new one over the articles indexed so far (${held.passes} passes ran)`);
      // The workers are gone: from the first pass's collections on, the heap grows by a fifth at most between two.
      boundHeapGrowth(true);
      // Articles read from the cache but no story results restored (those of another build: the first
      // start after an update): the pass computes every story, so the heap is collected before it.
      const collectedBefore = fromCache > 0 && indexer.restoredStories === 0;
      if (collectedBefore) collectAtStart('before the pass (no story results restored)');
      const collections = heapBound.collections;
      let ran = 0;
      const sent = refresh(() => {
        ran = heapBound.collections - collections;
        if (ran === 0 && !collectedBefore) collectAtStart('after the start');
      });
      // Once 'ready' is written: the warm-up (short steps at quiet moments) and the story results' save (short slices).
      warmUpAnalysis(sent);
      indexer.saveStoriesAfter(sent);
      if (ran > 0) log.info(`The pass after indexing ran ${ran} full garbage collections to bound its heap (${Math.round(heapBound.collectedMs)} ms in all so far)`);
    }
  }
}

let analysisLoaded = false;

/** Runs the analysis once on this thread (its result dropped), so that it is loaded and compiled; once per session. */
function warmAnalysis(): void {
  if (analysisLoaded) return;
  analysisLoaded = true;
  const text = corpus.articles().find((article) => article.text.length > 200)?.text ?? 'Outlet: Crosscheck\nDate: 2020-01-01\nTitle: Warm-up\n\nThe talks lasted two hours, Anna Berg said. "We agreed on a plan," she said.\n';
  articleFeatures(analyzeArticle('crosscheck:warm-up', text));
}

let analysisScheduled = false;

/** `warmAnalysis` on a timer of its own, while the workers analyse a workspace (a cold start). */
function warmAnalysisSoon(): void {
  if (analysisLoaded || analysisScheduled) return;
  analysisScheduled = true;
  setTimeout(() => {
    try {
      warmAnalysis();
    } catch (error) {
      log.warn(`Loading the analysis failed: ${describeError(error)}`);
    }
  }, 0);
}

let analysisWarm = false;

/**
 * One full collection after a start whose pass ran none (a warm one: a large cold start's pass ends
 * with one when it saves the story graph), before its diagnostics are published; or before the pass
 * of a start that read its articles from the cache but restored no story results (the first start
 * after an update: the results, the story graph and the name comparisons are of another build). Then
 * that pass builds the graph again and computes every story on a heap whose limit V8 set while the
 * cache was read: at 10,000 articles the graph and the first stories took it from about 100 MB in
 * use to 305 MB before the pass's first bounded collection, a peak of 430–449 MB; collected first
 * (about 0.1 s), 378–383 MB. A warm start whose results were restored keeps the collection after its
 * short pass: before it, the pass's and publishing's allocations grew the heap past the limit, 'ready'
 * 0.4–0.6 s later and a peak after 'ready' of 387 MB against 361–368 MB (docs/performance.md, run 23). The heap's next limit
 * is then set from what it holds (a fifth more, `boundHeapGrowth`) rather than from V8's own factor
 * while it read the cache, so publishing and the warm-up reuse the cache's garbage instead of growing
 * the heap past it: at 10k the warm server's old generation reached about 280 MB before this
 * collection when it ran after 'ready', about 200 MB of it live (docs/performance.md, "Where the 10k
 * peak is").
 */
function collectAtStart(when: string): void {
  const before = getHeapStatistics().used_heap_size;
  const started = performance.now();
  heapBound.collectAll();
  const after = getHeapStatistics().used_heap_size;
  log.info(`A full garbage collection ${when}: ${Math.round(before / 1048576)} → ${Math.round(after / 1048576)} MB of heap in use, ${Math.round(performance.now() - started)} ms`);
}

/**
 * Worker threads analysed the workspace, so this thread has not run the analysis yet, and its first
 * run loads and compiles what the analysis needs (a quarter of a second on an archive's article): the
 * first edit would wait for it. Done once, on one of the workspace's articles (its result is dropped):
 * during indexing when the workers analyse (a cold start: this thread mostly waits for them, and a
 * request right after 'ready' would otherwise wait for the loading), else while idle after indexing —
 * and then only once the diagnostics and the 'ready' status are written
 * (`sent`): the stream writer of `--stdio` sends them as the client reads, so a warm-up started
 * earlier ran between two of them and held back the rest of the diagnostics and 'ready' for a second
 * on a large archive. (Under `--node-ipc` a message counts as written once `process.send` has it,
 * queued or not: Node does not tell when its channel is empty. That is why VS Code starts the server
 * with `--stdio`: client/src/extension.ts.)
 */
function warmUpAnalysis(sent: Promise<void>): void {
  if (analysisWarm) return;
  analysisWarm = true;
  const sample = (): Article | undefined => corpus.articles().find((article) => article.text.length > 200);
  // Short steps between requests (as two timer tasks, the first hover after a warm start of 1,000
  // articles waited half a second for the warm-up).
  const steps: QuietStep[] = [
    () => void lexiconPhraseStarts(), // the lexicon, parsed, and its phrases' first words
    loadDateParserStep, // chrono's parsers, probed one at a time
    warmAnalysis,
    () => corpus.prepareEdits(), // after a warm start, the story graph's edit lists and rows
    () => {
      // The pass an edit runs (story results, coverage).
      const article = sample();
      if (article && corpus.article(article.file) === article) corpus.warmUp(article.file);
    },
  ];
  // A step can take a fifth of a second (the first story computed on this thread compiles its code):
  // while requests come, it waits for a quiet moment. Under a steady stream the warm-up never runs,
  // and the first edit loads and compiles what it needs itself.
  void sent.then(() => runQuietSteps(steps, clientQuiet, warmUpQuietMs, (error) => {
    log.warn(`Loading the analysis failed: ${describeError(error)}`);
  }));
}

function scheduleRefresh(): void {
  if (indexing || refreshTimer !== undefined) return;
  refreshTimer = setTimeout(() => void refresh(), 0);
}

/**
 * Republishes the diagnostics that changed and tells the client the index changed; resolves once the
 * 'ready' status (sent after the diagnostics) is written. `beforePublishing` runs after the pass.
 */
function refresh(beforePublishing?: () => void): Promise<void> {
  if (refreshTimer !== undefined) clearTimeout(refreshTimer);
  refreshTimer = undefined;
  try {
    for (const file of fileNotes.takeChanged()) publisher.forget(file);
    corpus.stories(); // the pass first, then its garbage collected (after a long pass) before publishing allocates
    // After the first pass of a cold start, the story graph is saved first (its snapshot's garbage collected with the pass's).
    if (indexer.saveStoryGraph()) heapBound.collectAll();
    else heapBound.settle();
    beforePublishing?.();
    publisher.publishChanged();
    fileNotes.publishAlone((uri) => corpus.article(uri) !== undefined, (uri, diagnostics) => {
      outbox.push(() => connection.sendDiagnostics({ uri, diagnostics }));
    });
  } catch (error) {
    log.error(`Publishing diagnostics failed: ${describeError(error)}`);
  }
  // 'ready' after the diagnostics: once the outbox has written them.
  const ready = outbox.idle().then(() => sendStatus('ready'));
  if (canRefreshLenses) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  if (canRefreshTokens) void connection.sendRequest('workspace/semanticTokens/refresh').catch(() => undefined);
  return ready;
}

let findingsCount = 0;

/**
 * Findings are counted only when the index is complete: counting builds every cross-article result.
 * Resolves once the status is written (never rejects: a closed connection has nobody to tell).
 */
function sendStatus(state: IndexingState, progress: { indexed?: number; total?: number } = {}): Promise<void> {
  if (state === 'ready') {
    try {
      findingsCount = corpus.findingCount();
    } catch (error) {
      log.error(`Counting findings failed: ${describeError(error)}`);
    }
  }
  const findings = findingsCount;
  const status: StatusParams = {
    state, articles: corpus.articleCount(), findings, generation: ++indexGeneration, ...progress,
  };
  return connection.sendNotification(StatusNotification.method, status).catch(() => undefined);
}

// ---------------------------------------------------------------------------------------------
// Buffers and files

documents.onDidOpen(({ document }) => {
  indexer.changed(document.uri, document.getText()); // a queued analysis of the file on disk is stale
  store.opened(document);
});
documents.onDidChangeContent(({ document }) => store.edited(document));
documents.onDidClose(({ document }) => {
  const uri = document.uri;
  void (async () => {
    const diskText = articleFiles.matches(uri) ? await readArticleFile(uri, log) : undefined;
    if (!store.isOpen(uri)) return; // reopened meanwhile
    store.closed(uri, diskText);
  })();
});

connection.onDidChangeWatchedFiles(({ changes }) => fromDisk(changes));

/** Files created, changed or deleted on disk (the client's watcher, or a closed article's text found changed). */
function fromDisk(changes: FileEvent[]): void {
  void (async () => {
    let changed = false;
    for (const change of changes) {
      indexer.changed(change.uri); // a text of it read ahead or queued for analysis is stale
      closedTexts.forget(change.uri);
      if (change.type === FileChangeType.Deleted) {
        changed = fileNotes.set(change.uri, undefined) || changed; // a skipped file that is gone needs no warning
        changed = store.deletedOnDisk(change.uri) || changed;
      } else if (articleFiles.matches(change.uri)) {
        const text = await readArticleFile(change.uri, log);
        if (text !== undefined) changed = store.fromDisk(change.uri, text) || changed;
        else changed = store.deletedOnDisk(change.uri) || changed;
      }
    }
    if (changed) scheduleRefresh();
  })().catch((error: unknown) => log.error(`Updating from disk failed: ${describeError(error)}`));
}

// ---------------------------------------------------------------------------------------------
// Features

/** The article and offset a request points at, or undefined (not indexed, position past the end). */
function locate(uri: string, position: Position): { article: Article; offset: number } | undefined {
  const article = store.current(uri);
  if (article === undefined) return undefined;
  const offset = positions.offset(uri, position);
  return offset === undefined ? undefined : { article, offset };
}

/** When the last request came (`performance.now()`): the warm-up after indexing waits for a quiet moment. */
let lastRequestAt = -Infinity;
/** How long after a request the warm-up waits, in milliseconds. */
const warmUpQuietMs = 100;

/** Whether no request came for `warmUpQuietMs`: background work (the warm-up, the story save) runs then. */
function clientQuiet(): boolean {
  return performance.now() - lastRequestAt >= warmUpQuietMs;
}

/** Runs a feature; a failure is logged with the file and answered with `empty`. */
function guarded<T>(what: string, uri: string, empty: T, answer: () => T): T {
  lastRequestAt = performance.now();
  try {
    return answer();
  } catch (error) {
    log.error(`${what} failed for ${uri}: ${describeError(error)}`);
    return empty;
  }
}

connection.onHover(({ textDocument: { uri }, position }) => guarded('Hover', uri, null, () => {
  const at = locate(uri, position);
  return at === undefined ? null : hoverAt(context, at.article, at.offset);
}));

connection.onDefinition(({ textDocument: { uri }, position }) => guarded('Definition', uri, [], () => {
  const at = locate(uri, position);
  return at === undefined ? [] : definitionsAt(context, at.article, at.offset);
}));

connection.onReferences(({ textDocument: { uri }, position, context: { includeDeclaration } }) =>
  guarded('References', uri, [], () => {
    const at = locate(uri, position);
    return at === undefined ? [] : referencesAt(context, at.article, at.offset, includeDeclaration);
  }));

// Custom messages are registered by method name: the server's protocol library is an older copy than
// the client's, so the shared `type` objects do not fit both.
connection.onRequest(CoverageRequest.method, (params: CoverageParams): CompareView | null =>
  guarded('Compare coverage', params.uri, null, () => (store.current(params.uri) === undefined ? null : compareFor(context, params))));

connection.onRequest(PeopleRequest.method, (): PersonSummary[] => guarded('People', 'the workspace', [], () => peopleSummaries(context)));

connection.onRequest(OverviewRequest.method, (): StoryOverview[] => guarded('Coverage overview', 'the workspace', [], () => overview(context)));

connection.onCodeLens(({ textDocument: { uri } }) => guarded('Code lenses', uri, [], () => {
  const article = store.current(uri);
  return article === undefined ? [] : codeLensesFor(context, article);
}));

connection.onDocumentSymbol(({ textDocument: { uri } }) => guarded('Outline', uri, [], () => {
  const article = store.current(uri);
  return article === undefined ? [] : documentSymbols(context, article);
}));

connection.onWorkspaceSymbol(({ query }) => guarded('Workspace symbols', 'the workspace', [], () => workspaceSymbols(context, query)));

connection.languages.semanticTokens.on(({ textDocument: { uri } }) => guarded('Semantic tokens', uri, { data: [] }, () => {
  const article = store.current(uri);
  return article === undefined ? { data: [] } : semanticTokensFor(context, article);
}));

connection.onRequest(PersonRequest.method, ({ uri, offset }: PersonParams): PersonProfile | null => guarded('Person', uri, null, () => {
  if (store.current(uri) === undefined) return null;
  const person = corpus.personAt(uri, offset);
  return person === undefined ? null : corpus.personProfile(person.id) ?? null;
}));

connection.onCodeAction((params) => guarded('Code actions', params.textDocument.uri, [], () => reviewCodeActions(corpus, reviews, params)));
registerReviews(connection, reviews, () => {
  publisher.invalidate(); // a decision changes how its finding is shown, wherever it is
  if (!indexing) void refresh();
});

connection.onShutdown(async () => {
  store.dispose();
  await indexer.dispose();
});

documents.listen(connection);
connection.listen();
