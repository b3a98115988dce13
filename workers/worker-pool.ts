// Starts one BullMQ worker per queue over the same adapters, and drains them on shutdown.
import os from 'node:os';
import { Worker, type Processor } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_OF, type JobName } from '../src/jobs/job-registry.js';
import type { JobQueues } from '../src/jobs/job-queues.js';
import type { RunSettlement } from '../src/jobs/job-processor.js';
import type { Logger } from '../src/logger.js';
import { observeWorkers, type Metrics } from '../src/metrics.js';
import type { PipelineDeps } from '../src/pipeline/pipeline-deps.js';
import { isConnectionError } from '../src/store/redis-connection.js';
import { articleAnalyzeProcessor } from './article-analyze.worker.js';
import { articleFetchProcessor } from './article-fetch.worker.js';
import { alertDeliverProcessor } from './alert-deliver.worker.js';
import { reprocessProcessor } from './reprocess.worker.js';
import { settleRun } from '../src/pipeline/reprocess.js';
import { feedPollProcessor } from './feed-poll.worker.js';
import { websubDeliverProcessor } from './websub-deliver.worker.js';
import { websubRenewProcessor } from './websub-renew.worker.js';
import { articleExtractProcessor } from './article-extract.worker.js';
import { startCpuThreads } from './cpu-threads.js';
import { faultHookFrom } from './fault-hook.js';
import { recordJobFailure } from './job-failure.js';

export interface WorkerPool {
  workers: Worker[];
  /** Stops taking jobs and waits for running ones, up to the grace period; then forces. */
  close(graceMs: number): Promise<void>;
}

export function startWorkers(
  deps: PipelineDeps,
  queues: JobQueues,
  connection: Redis,
  redisUrl: string,
  log: Logger,
  /** Job durations and extraction methods are counted here when given. */
  metrics?: Metrics,
): WorkerPool {
  const { config } = deps;
  // jsdom and claim analysis leave the main thread: it keeps renewing locks and polling.
  const threads = startCpuThreads(config, redisUrl);
  deps.extractPage = (task) => threads.extractPage(task);
  deps.analyzeText = (task) => threads.analyzeText(task);
  const runtime = {
    log,
    enqueue: (jobs: Parameters<JobQueues['addAll']>[0]) => queues.addAll(jobs),
    // Jobs of a reprocessing run report how they ended, so the run counts its articles.
    settle: (s: RunSettlement) => settleRun(deps, s),
    // Crash tests only: NEWSMON_TEST_FAULT names a step boundary where the process kills itself.
    fault: faultHookFrom(process.env.NEWSMON_TEST_FAULT),
  };
  const prefix = `${config.redis.prefix}:bull`;
  const c = config.workers.concurrency;
  const locks = {
    lockDuration: config.workers.lockDurationMs,
    stalledInterval: config.workers.stalledIntervalMs,
  };
  const inProcess = <N extends JobName>(
    name: N,
    processor: Processor,
    concurrency: number,
  ): Worker => new Worker(QUEUE_OF[name], processor, { connection, prefix, concurrency, ...locks });

  const workers = [
    inProcess('feed.poll', feedPollProcessor(deps, runtime), c.poll),
    inProcess('article.fetch', articleFetchProcessor(deps, runtime), c.fetch),
    // As many at once as there are extraction threads; the jobs wait on them, not on the CPU.
    inProcess(
      'article.extract',
      articleExtractProcessor(deps, runtime),
      c.extract > 0 ? c.extract : os.availableParallelism(),
    ),
    inProcess('article.analyze', articleAnalyzeProcessor(deps, runtime), c.analyze),
    inProcess('alert.deliver', alertDeliverProcessor(deps, runtime), c.alert),
    inProcess('reprocess.start', reprocessProcessor(deps, runtime), 1),
    // WebSub rounds and deliveries are few and light: the poll concurrency is plenty.
    inProcess('websub.renew', websubRenewProcessor(deps, runtime), c.poll),
    inProcess('websub.deliver', websubDeliverProcessor(deps, runtime), c.poll),
  ];
  if (metrics) observeWorkers(workers, metrics);
  for (const w of workers) {
    // A worker's 'error' event (failed lock renewal, a lost connection) is never fatal. A lost
    // connection is logged once, by the daemon's outage log (logOutages), not per retry.
    w.on('error', (err) => {
      if (!isConnectionError(err)) log.error({ err, queue: w.name }, 'worker error');
    });
    // However BullMQ gave a job up (its handler threw, it stalled too often), the article or feed
    // it was for says so.
    w.on('failed', (job, err) => {
      if (job) void recordJobFailure(deps, job, err, log);
    });
  }

  return {
    workers,
    async close(graceMs) {
      const drained = Promise.all(workers.map((w) => w.close()));
      const timedOut = await Promise.race([
        drained.then(() => false),
        new Promise<boolean>((r) => setTimeout(() => r(true), graceMs).unref()),
      ]);
      // Jobs still running after the grace period go back to the queue as stalled and run again.
      if (timedOut) await Promise.all(workers.map((w) => w.close(true)));
      await threads.close();
    },
  };
}
