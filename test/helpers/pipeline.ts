// The orchestrators' dependencies on a private Redis, for tests that call a handler directly.
import { loadConfig, type AppConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import type { FollowUp } from '../../src/jobs/job-registry.js';
import type { JobContext, PipelineDeps } from '../../src/pipeline/pipeline-deps.js';
import { createRedis, waitReady } from '../../src/store/redis-connection.js';
import { buildPipelineDeps } from '../../src/pipeline/pipeline-deps.js';

export interface TestPipeline {
  deps: PipelineDeps;
  config: AppConfig;
  ctx: JobContext;
  /** The follow-up jobs handlers queued through ctx.enqueue, in order (nothing runs them). */
  queued: FollowUp[];
  close(): Promise<void>;
}

/** Deep-merges `overrides` into default.yaml; fetches may reach 127.0.0.1 only. */
export async function createTestPipeline(opts: {
  redisUrl: string;
  prefix?: string;
  overrides?: Record<string, unknown>;
  now?: () => Date;
}): Promise<TestPipeline> {
  const { fetch, ...rest } = (opts.overrides ?? {}) as { fetch?: Record<string, unknown> };
  const config = loadConfig({
    overrides: {
      redis: { url: opts.redisUrl, prefix: opts.prefix ?? 'test' },
      // Merged with the test's own fetch settings so that overriding one key keeps the others.
      fetch: {
        allow: ['127.0.0.1'],
        timeoutMs: 3_000,
        ...fetch,
        perHost: { minIntervalMs: 0, maxWaitMs: 2_000, ...(fetch?.perHost as object | undefined) },
      },
      // Scheduled rechecks are delayed jobs that outlive a test; a test that wants them says so.
      revisions: { recheckAfter: [] },
      ...rest,
    },
  });
  const redis = createRedis(opts.redisUrl, 'worker');
  await waitReady(redis);
  const deps = buildPipelineDeps(config, redis, opts.now ?? (() => new Date()));
  const queued: FollowUp[] = [];
  return {
    deps,
    config,
    ctx: {
      log: createLogger('silent'),
      isLastAttempt: true,
      enqueue: (jobs) => {
        queued.push(...jobs);
        return Promise.resolve();
      },
    },
    queued,
    async close() {
      await deps.http.close();
      redis.disconnect();
    },
  };
}
