/**
 * The analysis worker (bundled to dist/worker.js): analyses one article per message, off the server's
 * main thread, and posts the Article back. It knows nothing of LSP or the corpus.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeArticle } from '../../core/src/article/analyze';
import type { AnalysisRequest, AnalysisResult } from './workers';

parentPort?.on('message', (request: AnalysisRequest) => {
  let result: AnalysisResult;
  try {
    result = { id: request.id, article: analyzeArticle(request.file, request.text) };
  } catch (error) {
    result = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(result);
});
