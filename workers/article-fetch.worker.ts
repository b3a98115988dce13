import { createProcessor, type ProcessorRuntime } from '../src/jobs/job-processor.js';
import { fetchArticle } from '../src/pipeline/article-fetch.handler.js';
import type { PipelineDeps } from '../src/pipeline/pipeline-deps.js';

export function articleFetchProcessor(deps: PipelineDeps, runtime: ProcessorRuntime) {
  return createProcessor(
    'article.fetch',
    (payload, ctx) => fetchArticle(deps, payload, ctx),
    runtime,
  );
}
