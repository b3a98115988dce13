// The HTTP API, built by a factory and tested with inject(). Routes read stores and enqueue work;
// no pipeline stage ever runs inline in a request.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyError } from 'fastify';
import type { Redis } from 'ioredis';
import type { AppConfig, NamedToken } from '../config.js';
import { NewsmonError } from '../errors.js';
import { parseFetchUrl } from '../fetch/http-client.js';
import { canonicalUrl } from '../feeds/url-canonical.js';
import type { JobQueues } from '../jobs/job-queues.js';
import type { Logger } from '../logger.js';
import type { ArticleStore } from '../store/article.store.js';
import type { FeedStore } from '../store/feed.store.js';
import type { DocumentStore } from '../store/document.store.js';
import type { ReviewStore } from '../store/review.store.js';
import type { StatementStore } from '../store/statement.store.js';
import type { WebhookStore } from '../store/webhook.store.js';
import { compileStory } from '../relevance/relevance-score.js';
import { projectRoot } from '../config.js';
import { createMetrics, type Metrics } from '../metrics.js';
import type { SessionStore } from '../store/session.store.js';
import { registerArticleRoutes } from './article.routes.js';
import { registerBearerAuth, requestSerializer } from './auth.js';
import { DOCS_PREFIX, registerDocs } from './docs.js';
import { registerExportRoutes } from './export.routes.js';
import { registerMetricsRoutes } from './ops.routes.js';
import { registerQueueDashboard } from './queue-dashboard.routes.js';
import { errorResponses, healthResponse, ingestResponse } from './schemas.js';
import { registerSessionRoutes } from './session.routes.js';
import { registerStrictQuery } from './strict-query.js';
import { registerClaimRoutes } from './claim.routes.js';
import { registerFeedRoutes } from './feed.routes.js';
import { registerReviewPageRoutes } from './review-page.routes.js';
import { webhookRoutes } from './webhook.routes.js';
import { registerAlertRoutes } from './alert.routes.js';
import { registerReprocessRoutes } from './reprocess.routes.js';
import type { AlertStore } from '../store/alert.store.js';
import type { ReprocessStore } from '../store/reprocess.store.js';
import { websubRoutes } from './websub.routes.js';
import type { WebSubStore } from '../store/websub.store.js';
import { websubActive } from '../websub/callback-params.js';
import type { PoliteFetch } from '../fetch/polite-fetch.js';

export interface AppDeps {
  /**
   * auth.tokens are the tokens as resolved by the composition root (configured, from the
   * environment, or generated on first start); at least one is required.
   */
  config: Pick<AppConfig, 'http' | 'polling' | 'fetch' | 'webhooks' | 'story' | 'websub'> & {
    auth: { tokens: readonly NamedToken[] };
  };
  log: Logger;
  /** A fail-fast connection (no offline queue): requests answer 503 at once while Redis is away. */
  redis: Redis;
  queues: JobQueues;
  articles: ArticleStore;
  feeds: FeedStore;
  reviews: ReviewStore;
  documents: DocumentStore;
  statements: StatementStore;
  /** Replay ids and rate-limit counters of the inbound webhooks. */
  webhooks: WebhookStore;
  /** WebSub subscriptions; without it the /websub callbacks answer 404 WEBSUB_NOT_CONFIGURED. */
  websub?: WebSubStore;
  /** Outbound alert deliveries (/api/alerts/...); the routes exist only when given. */
  alerts?: AlertStore;
  /** Reprocessing runs (/api/reprocess...); the routes exist only when given. */
  reprocess?: ReprocessStore;
  /** For adding feeds, which are fetched once to check they are feeds. */
  fetch: PoliteFetch;
  /** Browser sessions for /admin/*; without it /admin takes the bearer token only. */
  sessions?: SessionStore;
  /** The process's metrics, served at /metrics; without it, a registry of the app's own. */
  metrics?: Metrics;
  now?: () => Date;
}

const VERSION = (
  JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string }
).version;

export async function buildApp(deps: AppDeps) {
  const now = deps.now ?? (() => new Date());
  // Typed as Fastify's logger so the app is a plain FastifyInstance that route modules accept.
  // Request lines are logged with secrets in URLs (webhook path tokens) redacted.
  const logger: FastifyBaseLogger = deps.log.child({}, { serializers: { req: requestSerializer } });
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: deps.config.http.bodyLimitBytes,
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof NewsmonError) {
      if (err.retryAt !== undefined && (err.status === 429 || err.status === 503)) {
        const seconds = Math.ceil((err.retryAt - now().getTime()) / 1000);
        reply.header('retry-after', String(Math.max(1, seconds)));
      }
      return reply.status(err.status).send(err.toJSON());
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const limit = req.routeOptions.bodyLimit ?? deps.config.http.bodyLimitBytes;
      return reply.status(413).send(new NewsmonError('BODY_TOO_LARGE', String(limit)).toJSON());
    }
    if (err.validation)
      return reply.status(400).send({ code: 'INPUT_INVALID', message: err.message });
    if (isRedisDown(err)) {
      return reply.status(503).send({ code: 'REDIS_UNAVAILABLE', message: 'redis: not reachable' });
    }
    if (isRedisOom(err)) {
      // maxmemory reached under noeviction: Redis refuses writes and loses nothing; say so.
      req.log.error({ err: { message: err.message } }, 'redis out of memory');
      return reply.status(503).send(new NewsmonError('REDIS_OOM', err.message).toJSON());
    }
    if (err.statusCode && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ code: 'INPUT_INVALID', message: err.message });
    }
    req.log.error({ err }, 'request failed');
    return reply.status(500).send({ code: 'INTERNAL', message: 'internal error' });
  });
  // OPML and other XML bodies arrive as text; the route parses them.
  app.addContentTypeParser(
    ['text/xml', 'application/xml', 'text/x-opml', 'application/octet-stream'],
    { parseAs: 'string' },
    (_req, body, done) => done(null, body),
  );
  app.setNotFoundHandler((req, reply) =>
    reply
      .status(404)
      .send({ code: 'NOT_FOUND', message: `http: no route ${req.method} ${req.url}` }),
  );

  // Before any route, so that every route, present or future, needs a token unless it opts out.
  // Plugins' routes cannot set their own access: the docs are open (they describe, never
  // expose, data), the queue dashboard takes the token or the browser session.
  const sessions = deps.sessions;
  registerBearerAuth(app, deps.config.auth.tokens, {
    prefixes: [
      { prefix: DOCS_PREFIX, access: 'open' },
      { prefix: '/admin/', access: 'session' },
    ],
    ...(sessions ? { session: (value: string) => sessions.lookup(value) } : {}),
  });
  registerStrictQuery(app, '/api/');
  // Before the routes, which it collects into the OpenAPI document.
  await registerDocs(app, VERSION);

  const probe = (summary: string) => ({
    config: { access: 'open' as const },
    schema: { summary, tags: ['probes'], response: { 200: healthResponse, ...errorResponses } },
  });
  app.get('/health', probe('The process is up'), () => ({ status: 'ok' }));

  app.get('/ready', probe('Redis is reachable (else 503)'), async (_req, reply) => {
    try {
      await withTimeout(deps.redis.ping(), 1_000);
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ code: 'REDIS_UNAVAILABLE', message: 'redis: not reachable' });
    }
  });

  // The reviewer's page at /: a static shell, open (it holds no data; /api needs the token).
  registerReviewPageRoutes(app);

  registerFeedRoutes(app, {
    feeds: deps.feeds,
    queues: deps.queues,
    fetch: deps.fetch,
    tickSeconds: deps.config.polling.tickSeconds,
    polling: deps.config.polling,
    quietAfterSeconds: deps.config.polling.quietAfterSeconds,
    now,
    websub: websubActive(deps.config.websub),
  });

  registerArticleRoutes(app, {
    articles: deps.articles,
    feeds: deps.feeds,
    queues: deps.queues,
    now,
  });
  registerExportRoutes(app, {
    articles: deps.articles,
    reviews: deps.reviews,
    feeds: deps.feeds,
    statements: deps.statements,
  });

  registerClaimRoutes(app, {
    feeds: deps.feeds,
    articles: deps.articles,
    reviews: deps.reviews,
    documents: deps.documents,
    statements: deps.statements,
    reviewerOf: (req) => req.reviewer,
    now,
  });

  app.post<{ Body: { url: string } }>(
    '/api/ingest',
    {
      schema: {
        summary: 'Queue an article URL for fetching (idempotent by canonical URL)',
        tags: ['articles'],
        response: { 202: ingestResponse, ...errorResponses },
        body: {
          type: 'object',
          required: ['url'],
          additionalProperties: false,
          properties: { url: { type: 'string', minLength: 1, maxLength: 4096 } },
        },
      },
    },
    async (req, reply) => {
      const url = parseFetchUrl(req.body.url).toString();
      const canonical = canonicalUrl(url);
      const articleId = await deps.articles.resolveId(canonical);
      const origin = { kind: 'ingest' as const };
      const created = await deps.articles.register(articleId, url, canonical, origin, null, now());
      const jobId = await deps.queues.add('article.fetch', { articleId, url, origin, hints: null });
      return reply.status(202).send({ articleId, jobId, created });
    },
  );

  if (deps.alerts) registerAlertRoutes(app, { alerts: deps.alerts, queues: deps.queues, now });
  if (deps.reprocess) {
    registerReprocessRoutes(app, {
      reprocess: deps.reprocess,
      articles: deps.articles,
      feeds: deps.feeds,
      reviews: deps.reviews,
      queues: deps.queues,
      now,
    });
  }

  await app.register(webhookRoutes, {
    config: deps.config.webhooks,
    fetchAllow: deps.config.fetch.allow,
    story: compileStory(deps.config.story),
    articles: deps.articles,
    queues: deps.queues,
    webhooks: deps.webhooks,
    now,
  });

  await app.register(websubRoutes, {
    config: deps.config.websub,
    websub: deps.websub,
    queues: deps.queues,
    now,
  });

  if (sessions) {
    registerSessionRoutes(app, { sessions, ttlSeconds: deps.config.http.sessionTtlSeconds, now });
  }
  registerMetricsRoutes(app, {
    metrics: deps.metrics ?? createMetrics(),
    queues: deps.queues,
    feeds: deps.feeds,
    quietAfterSeconds: deps.config.polling.quietAfterSeconds,
    now,
  });
  await registerQueueDashboard(app, deps.queues);

  await app.ready();
  return app;
}

/** An OOM reply, alone or as the cause of an aborted MULTI (EXECABORT lists it). */
function isRedisOom(err: Error & { previousErrors?: Error[] }): boolean {
  return [err, ...(err.previousErrors ?? [])].some((e) => /^OOM /.test(e.message));
}

/** ioredis rejects at once when the fail-fast connection is down; that is a 503, not a 500. */
function isRedisDown(err: Error): boolean {
  return (
    /enableOfflineQueue|Connection is closed|MaxRetriesPerRequest|ECONNREFUSED|redis: not ready/i.test(
      err.message,
    ) || err.name === 'MaxRetriesPerRequestError'
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}

export type App = Awaited<ReturnType<typeof buildApp>>;
