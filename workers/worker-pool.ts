// Starts one BullMQ worker per queue over the same adapters, and drains them on shutdown.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type Processor } from 'bullmq';
import type { Redis } from 'ioredis';
import { projectRoot, type AppConfig } from '../src/config.js';
import { QUEUE_OF, type JobName } from '../src/jobs/job-registry.js';
import type { JobQueues } from '../src/jobs/job-queues.js';
import type { RunSettlement } from '../src/jobs/job-processor.js';
import type { Logger } from '../src/logger.js';
import { observeWorkers, type Metrics } from '../src/metrics.js';
import type { PipelineDeps } from '../src/pipeline/pipeline-deps.js';
import { articleAnalyzeProcessor } from './article-analyze.worker.js';
import { articleFetchProcessor } from './article-fetch.worker.js';
import { alertDeliverProcessor } from './alert-deliver.worker.js';
import { reprocessProcessor } from './reprocess.worker.js';
import { settleRun } from '../src/pipeline/reprocess.js';
import { feedPollProcessor } from './feed-poll.worker.js';
import { websubDeliverProcessor } from './websub-deliver.worker.js';
import { websubRenewProcessor } from './websub-renew.worker.js';
import { workerExecArgv } from './thread-exec-argv.js';

/** Everything the extraction thread needs to build its own adapters. */
export interface ExtractSandboxSettings {
  redisUrl: string;
  prefix: string;
  jobs: AppConfig['jobs'];
  snapshotRetentionSeconds: number;
  logLevel: string;
}

export interface WorkerPool {
  workers: Worker[];
  /** Stops taking jobs and waits for running ones, up to the grace period; then forces. */
  close(graceMs: number): Promise<void>;
}

/** The sandbox runs compiled JavaScript: from dist/ when running from source (tests). */
export function extractSandboxFile(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const local = path.join(here, 'article-extract.sandbox.js');
  if (existsSync(local)) return local;
  const built = path.join(projectRoot(), 'dist', 'workers', 'article-extract.sandbox.js');
  if (!existsSync(built))
    throw new Error(`workers: ${built} is missing; run "npm run build" first`);
  return built;
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
  const runtime = {
    log,
    enqueue: (jobs: Parameters<JobQueues['addAll']>[0]) => queues.addAll(jobs),
    // Jobs of a reprocessing run report how they ended, so the run counts its articles.
    settle: (s: RunSettlement) => settleRun(deps, s),
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

  const settings: ExtractSandboxSettings = {
    redisUrl,
    prefix: config.redis.prefix,
    jobs: { ...config.jobs },
    snapshotRetentionSeconds: config.snapshots.retentionDays * 86_400,
    logLevel: config.log.level,
  };
  const workers = [
    inProcess('feed.poll', feedPollProcessor(deps, runtime), c.poll),
    inProcess('article.fetch', articleFetchProcessor(deps, runtime), c.fetch),
    new Worker(QUEUE_OF['article.extract'], extractSandboxFile(), {
      connection,
      prefix,
      concurrency: c.extract > 0 ? c.extract : os.availableParallelism(),
      ...locks,
      useWorkerThreads: true,
      workerThreadsOptions: {
        execArgv: workerExecArgv(),
        workerData: settings,
        resourceLimits: { maxYoungGenerationSizeMb: config.workers.extractYoungGenerationMb },
      },
    }),
    inProcess('article.analyze', articleAnalyzeProcessor(deps, runtime), c.analyze),
    inProcess('alert.deliver', alertDeliverProcessor(deps, runtime), c.alert),
    inProcess('reprocess.start', reprocessProcessor(deps, runtime), 1),
    // WebSub rounds and deliveries are few and light: the poll concurrency is plenty.
    inProcess('websub.renew', websubRenewProcessor(deps, runtime), c.poll),
    inProcess('websub.deliver', websubDeliverProcessor(deps, runtime), c.poll),
  ];
  if (metrics) observeWorkers(workers, metrics);
  for (const w of workers) {
    // A worker's 'error' event (lost connection, failed lock renewal) must be logged, never fatal.
    w.on('error', (err) => log.error({ err, queue: w.name }, 'worker error'));
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
    },
  };
}
