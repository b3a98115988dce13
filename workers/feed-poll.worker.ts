import { createProcessor, type ProcessorRuntime } from '../src/jobs/job-processor.js';
import { pollFeed } from '../src/pipeline/feed-poll.handler.js';
import type { PipelineDeps } from '../src/pipeline/pipeline-deps.js';

export function feedPollProcessor(deps: PipelineDeps, runtime: ProcessorRuntime) {
  return createProcessor('feed.poll', (payload, ctx) => pollFeed(deps, payload, ctx), runtime);
}
