// The composition root: every adapter is built here, once, and passed down.
import os from 'node:os';
import path from 'node:path';
import type { AppConfig } from '../src/config.js';
import { buildApp, type App } from '../src/http/app.js';
import { JobQueues } from '../src/jobs/job-queues.js';
import { maskRedisUrl, type Logger } from '../src/logger.js';
import { syncCorpora } from '../src/pipeline/corpus-sync.js';
import { buildPipelineDeps, type PipelineDeps } from '../src/pipeline/pipeline-deps.js';
import { ArticleStore } from '../src/store/article.store.js';
import { FeedStore } from '../src/store/feed.store.js';
import { keysFor } from '../src/store/keys.js';
import {
  createRedis,
  isConnectionError,
  logOutages,
  waitReady,
} from '../src/store/redis-connection.js';
import {
  resolveRedis,
  type RedisServerHandle,
  type ResolvedRedis,
} from '../src/store/redis-server.js';
import { InstanceStore, type InstanceRecord } from '../src/store/instance.store.js';
import { ReviewStore } from '../src/store/review.store.js';
import { DocumentStore } from '../src/store/document.store.js';
import { StatementStore } from '../src/store/statement.store.js';
import { WebhookStore } from '../src/store/webhook.store.js';
import { SessionStore } from '../src/store/session.store.js';
import { countedFetch, createMetrics } from '../src/metrics.js';
import { AlertStore } from '../src/store/alert.store.js';
import { ReprocessStore } from '../src/store/reprocess.store.js';
import { WebSubStore } from '../src/store/websub.store.js';
import { websubStartRounds } from '../src/pipeline/websub-subscribe.js';
import { sweepWork } from '../src/pipeline/work-sweep.js';
import { firstStartNotice, resolveApiTokens } from './api-token.js';
import { startWorkers, type WorkerPool } from './worker-pool.js';

export interface DaemonOptions {
  config: AppConfig;
  log: Logger;
  /** `start` runs both; `worker` and `api` run one, so several machines can share one Redis. */
  roles: { api: boolean; workers: boolean };
  now?: () => Date;
}

export interface Daemon {
  deps: PipelineDeps;
  queues: JobQueues;
  app: App | null;
  /** Address the API listens on, when it runs. */
  address: string | null;
  /**
   * On the start that generated the API token: the review page's address with it, for the
   * operator's eyes only (printed once by the CLI, never logged).
   */
  tokenNotice: string | null;
  redisUrl: string;
  /** Where the Redis came from, and the newsmon it held before this start (null: none). */
  redis: {
    url: string;
    source: ResolvedRedis['source'];
    previous: InstanceRecord | null;
    instance: InstanceRecord;
  };
  stop(): Promise<void>;
}

export async function startDaemon({
  config,
  log,
  roles,
  now = () => new Date(),
}: DaemonOptions): Promise<Daemon> {
  const resolved = await resolveRedis({ ...config.redis, dataDir: config.dataDir });
  const embedded: RedisServerHandle | null = resolved.embedded;
  log.info(
    { redis: maskRedisUrl(resolved.url), source: resolved.source, embedded: Boolean(embedded) },
    'redis selected',
  );
  try {
    return await assemble(config, log, roles, now, resolved, embedded);
  } catch (err) {
    // A failed start must not leave the private redis-server running behind us.
    if (embedded) await embedded.stop();
    throw err;
  }
}

async function assemble(
  config: AppConfig,
  log: Logger,
  roles: DaemonOptions['roles'],
  now: () => Date,
  resolved: ResolvedRedis,
  embedded: RedisServerHandle | null,
): Promise<Daemon> {
  const keys = keysFor(config.redis.prefix);
  const redis = createRedis(resolved.url, 'worker', 'newsmon-store');
  const producer = createRedis(resolved.url, 'producer', 'newsmon-api');
  logOutages(redis, 'newsmon-store', log);
  logOutages(producer, 'newsmon-api', log);
  await Promise.all([waitReady(redis), waitReady(producer)]);
  // Recorded first, so that a CLI command can tell this Redis is newsmon's and whose.
  const instances = new InstanceStore(redis, keys);
  const { previous, current: instance } = await instances.start(now(), {
    dataDir: path.resolve(config.dataDir),
    pid: process.pid,
    host: os.hostname(),
    redis: resolved.source,
  });
  if (previous && previous.dataDir !== instance.dataDir) {
    log.warn(
      { instance: instance.id, was: previous.dataDir, now: instance.dataDir },
      'this redis was last used by a newsmon with another data directory',
    );
  }

  const deps = buildPipelineDeps(config, redis, now);
  // One registry per process, served at /metrics when this process runs the API: pipeline
  // counters, every fetch, job durations; queue and feed gauges are read from Redis on scrape.
  const metrics = createMetrics({ processMetrics: true });
  deps.metrics = metrics;
  deps.fetch = countedFetch(deps.fetch, metrics);
  // The list filters' indexes, built once for data stored before they existed.
  const indexed = (await deps.articles.ensureIndex()) + (await deps.reviews.ensureIndex());
  if (indexed > 0) log.info({ indexed }, 'list indexes built');
  // Before any URL is resolved: stored articles keep their ids under a changed canonical form.
  const aliased = await deps.articles.ensureCanonicalAliases();
  if (aliased > 0) log.info({ aliased }, 'canonical URL aliases added for stored articles');
  // A lost connection is logged once, by the store connection's outage log (logOutages); every
  // queue would otherwise log each of its reconnect attempts.
  const queueError = (err: Error, queue: string) => {
    if (!isConnectionError(err)) log.warn({ err: { message: err.message }, queue }, 'queue error');
  };
  const queues = new JobQueues(redis, keys.bullPrefix, config.jobs, false, queueError);
  const apiQueues = new JobQueues(producer, keys.bullPrefix, config.jobs, true, queueError);

  let pool: WorkerPool | null = null;
  let sweeper: NodeJS.Timeout | null = null;
  if (roles.workers) {
    const documents = await syncCorpora(deps.documents, deps.index, config.corpus.dirs);
    log.info({ documents, dirs: config.corpus.dirs }, 'corpus loaded');
    const synced = await deps.feeds.syncConfig(config.feeds, now());
    await queues.serializeAnalysis();
    pool = startWorkers(deps, queues, redis, resolved.url, log, metrics);
    const feeds = await deps.feeds.list();
    // A disabled feed has no scheduler (feeds set --enable, PATCH enabled: true, puts it back).
    await queues.syncFeedSchedulers(
      feeds.filter((f) => f.enabled).map((f) => f.id),
      config.polling.tickSeconds,
    );
    log.info({ feeds: feeds.length, ...synced }, 'feed schedulers set');
    // WebSub (when on): discover and subscribe every feed, or wait for its lease's renewal time.
    const rounds = await websubStartRounds(deps);
    for (const round of rounds) await queues.add('websub.renew', round);
    if (rounds.length > 0) log.info({ feeds: rounds.length }, 'websub rounds queued');
    // Articles left without a job (lost before this ordering existed, or a removed job) are
    // queued again: now, in the background, and every sweepIntervalSeconds.
    const everyMs = config.workers.sweepIntervalSeconds * 1000;
    const sweep = () =>
      void sweepWork(
        { articles: deps.articles, queues, now },
        { fix: true, staleMs: everyMs },
      ).then(
        (r) => {
          if (r.fixed > 0)
            log.warn(
              { orphaned: r.orphaned.length, failed: r.failed.length },
              'sweep repaired work',
            );
        },
        (err: unknown) => log.warn({ err }, 'sweep failed'),
      );
    sweep();
    sweeper = setInterval(sweep, everyMs);
    sweeper.unref();
  }

  let app: App | null = null;
  let address: string | null = null;
  let tokenNotice: string | null = null;
  if (roles.api) {
    const auth = resolveApiTokens(config, log);
    app = await buildApp({
      config: { ...config, auth: { tokens: auth.tokens } },
      log,
      redis: producer,
      queues: apiQueues,
      articles: new ArticleStore(producer, keys),
      feeds: new FeedStore(producer, keys),
      reviews: new ReviewStore(producer, keys),
      documents: new DocumentStore(producer, keys),
      statements: new StatementStore(producer, keys),
      webhooks: new WebhookStore(producer, keys),
      alerts: new AlertStore(producer, keys),
      reprocess: new ReprocessStore(producer, keys),
      websub: new WebSubStore(producer, keys),
      sessions: new SessionStore(producer, keys),
      metrics,
      fetch: deps.fetch,
      now,
    });
    address = await app.listen({ host: config.http.host, port: config.http.port });
    if (auth.generated) tokenNotice = firstStartNotice(address, auth.generated);
  }

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      log.info('shutting down');
      // Order matters: stop taking requests, then let running jobs finish, then close Redis.
      if (app) await app.close();
      if (sweeper) clearInterval(sweeper);
      if (pool) await pool.close(config.workers.shutdownGraceMs);
      // Only a record for the CLI's one line: on the fail-fast connection, so that a Redis
      // already gone neither fails nor holds up the shutdown.
      await new InstanceStore(producer, keys)
        .stop(now())
        .catch((err: Error) => log.warn({ err: { message: err.message } }, 'instance stop'));
      await Promise.all([queues.close(), apiQueues.close(), deps.http.close()]);
      await Promise.all([redis.quit(), producer.quit()]);
      if (embedded) await embedded.stop();
      log.info('stopped');
    })());

  return {
    deps,
    queues,
    app,
    address,
    tokenNotice,
    redisUrl: resolved.url,
    redis: { url: resolved.url, source: resolved.source, previous, instance },
    stop,
  };
}
