// Extraction runs here, in a worker thread of BullMQ's sandbox, so that jsdom's CPU work never
// blocks the main thread's lock renewals. The thread builds its own small set of adapters once,
// from the settings the daemon passes as workerData.
import type { SandboxedJob } from 'bullmq';
import { workerData } from 'node:worker_threads';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { JobQueues } from '../src/jobs/job-queues.js';
import { createProcessor } from '../src/jobs/job-processor.js';
import { createLogger } from '../src/logger.js';
import { extractStoredArticle } from '../src/pipeline/article-extract.handler.js';
import { ArticleStore } from '../src/store/article.store.js';
import { keysFor } from '../src/store/keys.js';
import { createRedis } from '../src/store/redis-connection.js';
import { SnapshotStore } from '../src/store/snapshot.store.js';
import { ReprocessStore } from '../src/store/reprocess.store.js';
import { settleRun } from '../src/pipeline/reprocess.js';
import type { ExtractSandboxSettings } from './worker-pool.js';

const settings = workerData as ExtractSandboxSettings;
const redis = createRedis(settings.redisUrl, 'worker', 'newsmon-extract');
const keys = keysFor(settings.prefix);
const log = createLogger(settings.logLevel).child({ thread: 'extract' });
const queues = new JobQueues(redis, keys.bullPrefix, settings.jobs, false, (err, queue) =>
  log.warn({ err: { message: err.message }, queue }, 'queue connection error'),
);
const deps = {
  articles: new ArticleStore(redis, keys),
  snapshots: new SnapshotStore(redis, keys, settings.snapshotRetentionSeconds),
  reprocess: new ReprocessStore(redis, keys),
  now: () => new Date(),
};
const processor = createProcessor(
  'article.extract',
  (payload, ctx) => extractStoredArticle(deps, payload, ctx),
  {
    log,
    enqueue: (jobs) => queues.addAll(jobs),
    settle: (s) => settleRun(deps, s),
  },
);

export default async function extract(job: SandboxedJob) {
  const result = await processor(job);
  // jsdom windows are only collected once the event loop turns; back-to-back pages otherwise
  // keep ~2.4 MB each alive.
  await yieldToEventLoop();
  return result;
}
