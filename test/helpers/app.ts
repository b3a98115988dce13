// buildApp on a private Redis with every real store, for tests that go through inject().
import { loadConfig, type AppConfig } from '../../src/config.js';
import { createHttpClient } from '../../src/fetch/http-client.js';
import { politeFetch } from '../../src/fetch/polite-fetch.js';
import { buildApp, type App } from '../../src/http/app.js';
import { JobQueues } from '../../src/jobs/job-queues.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { ArticleStore } from '../../src/store/article.store.js';
import { DocumentStore } from '../../src/store/document.store.js';
import { FeedStore } from '../../src/store/feed.store.js';
import { HostGate } from '../../src/store/host-gate.store.js';
import { keysFor } from '../../src/store/keys.js';
import { createRedis, waitReady } from '../../src/store/redis-connection.js';
import { ReviewStore } from '../../src/store/review.store.js';
import { StatementStore } from '../../src/store/statement.store.js';
import { WebhookStore } from '../../src/store/webhook.store.js';
import { AlertStore } from '../../src/store/alert.store.js';
import { ReprocessStore } from '../../src/store/reprocess.store.js';
import { WebSubStore } from '../../src/store/websub.store.js';
import { SessionStore } from '../../src/store/session.store.js';
import { TEST_AUTH_CONFIG } from './auth.js';

export interface TestApp {
  app: App;
  config: AppConfig;
  queues: JobQueues;
  articles: ArticleStore;
  close(): Promise<void>;
}

/** `overrides` are merged over default.yaml; the API accepts the token in ./auth.ts. */
export async function startTestApp(opts: {
  redisUrl: string;
  prefix: string;
  overrides?: Record<string, unknown>;
  log?: Logger;
}): Promise<TestApp> {
  const config = loadConfig({ overrides: opts.overrides ?? {} });
  const keys = keysFor(opts.prefix);
  const conn = createRedis(opts.redisUrl, 'producer');
  await waitReady(conn);
  const queues = new JobQueues(conn, keys.bullPrefix, config.jobs, true);
  const http = createHttpClient(config.fetch);
  const articles = new ArticleStore(conn, keys);
  const app = await buildApp({
    config: { ...config, auth: TEST_AUTH_CONFIG },
    log: opts.log ?? createLogger('silent'),
    redis: conn,
    queues,
    articles,
    feeds: new FeedStore(conn, keys),
    reviews: new ReviewStore(conn, keys),
    documents: new DocumentStore(conn, keys),
    statements: new StatementStore(conn, keys),
    webhooks: new WebhookStore(conn, keys),
    alerts: new AlertStore(conn, keys),
    reprocess: new ReprocessStore(conn, keys),
    websub: new WebSubStore(conn, keys),
    sessions: new SessionStore(conn, keys),
    fetch: politeFetch(
      http,
      new HostGate(conn, keys, { maxConcurrent: 2, minIntervalMs: 0, leaseMs: 10_000 }),
      { maxWaitMs: 1_000, defaultBackoffMs: 1_000, now: () => new Date() },
    ),
  });
  return {
    app,
    config,
    queues,
    articles,
    async close() {
      await app.close();
      await queues.close();
      await http.close();
      conn.disconnect();
    },
  };
}
