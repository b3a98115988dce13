// The HTTP API, built by a factory and tested with inject(). Routes read stores and enqueue work;
// no pipeline stage ever runs inline in a request.
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
import { articleSummary } from './article-view.js';
import { registerBearerAuth, requestSerializer } from './auth.js';
import { registerClaimRoutes } from './claim.routes.js';
import { registerFeedRoutes } from './feed.routes.js';
import { webhookRoutes } from './webhook.routes.js';
import type { PoliteFetch } from '../fetch/polite-fetch.js';

export interface AppDeps {
  /**
   * auth.tokens are the tokens as resolved by the composition root (configured, from the
   * environment, or generated on first start); at least one is required.
   */
  config: Pick<AppConfig, 'http' | 'polling' | 'fetch' | 'webhooks' | 'story'> & {
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
  /** For adding feeds, which are fetched once to check they are feeds. */
  fetch: PoliteFetch;
  now?: () => Date;
}

const page = {
  type: 'object',
  properties: {
    offset: { type: 'integer', minimum: 0, default: 0 },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  },
} as const;

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
  registerBearerAuth(app, deps.config.auth.tokens);

  app.get('/health', { config: { access: 'open' } }, () => ({ status: 'ok' }));

  app.get('/ready', { config: { access: 'open' } }, async (_req, reply) => {
    try {
      await withTimeout(deps.redis.ping(), 1_000);
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ code: 'REDIS_UNAVAILABLE', message: 'redis: not reachable' });
    }
  });

  registerFeedRoutes(app, {
    feeds: deps.feeds,
    queues: deps.queues,
    fetch: deps.fetch,
    tickSeconds: deps.config.polling.tickSeconds,
    quietAfterSeconds: deps.config.polling.quietAfterSeconds,
    now,
  });

  app.get<{ Querystring: { offset: number; limit: number } }>(
    '/api/articles',
    { schema: { querystring: page } },
    async (req) => {
      const { total, items } = await deps.articles.list(req.query.offset, req.query.limit);
      return { total, items: items.map(articleSummary) };
    },
  );

  app.get<{ Params: { id: string } }>('/api/articles/:id', async (req) => {
    const record = await deps.articles.get(req.params.id);
    if (!record) throw new NewsmonError('ARTICLE_NOT_FOUND', req.params.id);
    return record;
  });

  app.post<{ Params: { id: string } }>('/api/articles/:id/refetch', async (req, reply) => {
    const record = await deps.articles.get(req.params.id);
    if (!record) throw new NewsmonError('ARTICLE_NOT_FOUND', req.params.id);
    const jobId = await deps.queues.refetch(record.id, record.url, now());
    return reply.status(202).send({ jobId });
  });

  app.post<{ Params: { id: string } }>('/api/articles/:id/reextract', async (req, reply) => {
    const record = await deps.articles.get(req.params.id);
    if (!record) throw new NewsmonError('ARTICLE_NOT_FOUND', req.params.id);
    if (!record.snapshot) throw new NewsmonError('ARTICLE_NOT_FETCHED', req.params.id);
    const jobId = await deps.queues.reextract(record.id, record.snapshot.hash, now());
    return reply.status(202).send({ jobId });
  });

  registerClaimRoutes(app, {
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

  await app.register(webhookRoutes, {
    config: deps.config.webhooks,
    fetchAllow: deps.config.fetch.allow,
    story: compileStory(deps.config.story),
    articles: deps.articles,
    queues: deps.queues,
    webhooks: deps.webhooks,
    now,
  });

  await app.ready();
  return app;
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
