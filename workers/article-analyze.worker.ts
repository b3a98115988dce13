import { createProcessor, type ProcessorRuntime } from '../src/jobs/job-processor.js';
import { analyzeStoredArticle } from '../src/pipeline/article-analyze.handler.js';
import type { PipelineDeps } from '../src/pipeline/pipeline-deps.js';

export function articleAnalyzeProcessor(deps: PipelineDeps, runtime: ProcessorRuntime) {
  return createProcessor(
    'article.analyze',
    (payload, ctx) => analyzeStoredArticle(deps, payload, ctx),
    runtime,
  );
}
