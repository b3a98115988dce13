import { createProcessor, type ProcessorRuntime } from '../src/jobs/job-processor.js';
import { deliverAlert } from '../src/pipeline/alert-deliver.handler.js';
import type { PipelineDeps } from '../src/pipeline/pipeline-deps.js';

export function alertDeliverProcessor(deps: PipelineDeps, runtime: ProcessorRuntime) {
  return createProcessor(
    'alert.deliver',
    (payload, ctx) => deliverAlert(deps, payload, ctx),
    runtime,
  );
}
