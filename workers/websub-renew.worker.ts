import { createProcessor, type ProcessorRuntime } from '../src/jobs/job-processor.js';
import type { PipelineDeps } from '../src/pipeline/pipeline-deps.js';
import { renewWebSub } from '../src/pipeline/websub-subscribe.js';

/** websub.renew: subscribe, renew (with the hub discovered again) or unsubscribe one feed. */
export function websubRenewProcessor(deps: PipelineDeps, runtime: ProcessorRuntime) {
  return createProcessor(
    'websub.renew',
    (payload, ctx) => renewWebSub(deps, payload, ctx),
    runtime,
  );
}
