/**
 * The analysis worker (bundled to dist/worker.js): analyses one article per message, off the main
 * thread, computes its cross-referencing features (what the corpus index needs of one article
 * alone) and posts both back as one JSON text, the body of an analysis cache entry (features point
 * into the article by path, so they are wired to the article the receiver decodes). Knows nothing
 * of LSP; the language server and the CLI both use it.
 */
import { parentPort } from 'node:worker_threads';
import { type AnalysisRequest, type AnalysisResult, analyseToBody, WorkerHeap } from './workers';

const heap = new WorkerHeap();

parentPort?.on('message', (request: AnalysisRequest) => {
  let result: AnalysisResult;
  try {
    result = { id: request.id, body: analyseToBody(request.file, request.text) };
  } catch (error) {
    result = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(result);
  heap.step();
});
