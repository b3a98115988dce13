// Extraction as a self-contained task: plain data in, plain data out, so that the daemon can run
// it in a worker thread (workers/cpu-threads.ts) under a heap cap and a time budget. Apart from
// the analysis task (analysis-task.ts) so that each thread loads only what it runs: jsdom is
// about 600 modules and 100 MB of a process's memory, and the analysis thread never parses HTML.
import type { Article } from '../domain/types.js';
import { extractArticle, type ExtractHints } from '../extract/article-extract.js';

export interface ExtractTask {
  html: string;
  url: string;
  hints: ExtractHints;
}

export function runExtractTask(task: ExtractTask): Article {
  return extractArticle(task.html, task.url, task.hints);
}
