import { createProcessor, type ProcessorRuntime } from '../src/jobs/job-processor.js';
import type { PipelineDeps } from '../src/pipeline/pipeline-deps.js';
import { ingestWebSubDelivery } from '../src/pipeline/websub-deliver.js';

/** websub.deliver: a pushed feed body, ingested as a polled one would be. */
export function websubDeliverProcessor(deps: PipelineDeps, runtime: ProcessorRuntime) {
  return createProcessor(
    'websub.deliver',
    (payload, ctx) => ingestWebSubDelivery(deps, payload, ctx),
    runtime,
  );
}
