// The analysis core's public surface. Adapters (server, CLI, webview, reports) import from here only.
export * from './model';
export type { CorpusIndex } from './corpus';
export { analyzeArticle } from './article/analyze';
export { Corpus } from './crossref/corpus';
export * from './crossref/coverageQueries';
export * from './articleFile';
