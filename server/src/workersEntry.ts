/**
 * The analysis worker (bundled to dist/worker.js): analyses one article per message, off the server's
 * main thread, and computes its cross-referencing features (what the corpus index needs of one
 * article alone); both go back in one message, so the features still point at the article's own
 * quotes and claims. A cached article comes for its features only. Knows nothing of LSP.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeArticle } from '../../core/src/article/analyze';
import { articleFeatures } from '../../core/src/crossref/crossref';
import type { AnalysisRequest, AnalysisResult } from './workers';

parentPort?.on('message', (request: AnalysisRequest) => {
  let result: AnalysisResult;
  try {
    const article = request.article ?? analyzeArticle(request.file, request.text ?? '');
    result = { id: request.id, article, features: articleFeatures(article) };
  } catch (error) {
    result = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(result);
});
