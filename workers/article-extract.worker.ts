import { createProcessor, type ProcessorRuntime } from '../src/jobs/job-processor.js';
import { extractStoredArticle } from '../src/pipeline/article-extract.handler.js';
import type { PipelineDeps } from '../src/pipeline/pipeline-deps.js';

export function articleExtractProcessor(deps: PipelineDeps, runtime: ProcessorRuntime) {
  return createProcessor(
    'article.extract',
    (payload, ctx) => extractStoredArticle(deps, payload, ctx),
    runtime,
  );
}
