import { createProcessor, type ProcessorRuntime } from '../src/jobs/job-processor.js';
import { startReprocess } from '../src/pipeline/reprocess.js';
import type { PipelineDeps } from '../src/pipeline/pipeline-deps.js';

export function reprocessProcessor(deps: PipelineDeps, runtime: ProcessorRuntime) {
  return createProcessor(
    'reprocess.start',
    (payload, ctx) => startReprocess(deps, payload, ctx),
    runtime,
  );
}
