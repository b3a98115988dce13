// The HTTP API through inject(), on a private Redis that the Redis-down cases stop and restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { articleIdFor } from '../../src/feeds/url-canonical.js';
import { createHttpClient } from '../../src/fetch/http-client.js';
import { politeFetch } from '../../src/fetch/polite-fetch.js';
import { buildApp, type App } from '../../src/http/app.js';
import { HostGate } from '../../src/store/host-gate.store.js';
import { JobQueues } from '../../src/jobs/job-queues.js';
import { createLogger } from '../../src/logger.js';
import { ArticleStore } from '../../src/store/article.store.js';
import { FeedStore } from '../../src/store/feed.store.js';
import { keysFor } from '../../src/store/keys.js';
import { createRedis, waitReady } from '../../src/store/redis-connection.js';
import { startRedisServer, type RedisServerHandle } from '../../src/store/redis-server.js';
import { ReviewStore } from '../../src/store/review.store.js';
import { DocumentStore } from '../../src/store/document.store.js';
import { StatementStore } from '../../src/store/statement.store.js';
import { WebhookStore } from '../../src/store/webhook.store.js';
import { AUTH, TEST_AUTH_CONFIG } from '../helpers/auth.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

describe('HTTP API', () => {
  let redis: TestRedis;
  let app: App;
  let queues: JobQueues;
  let conn: ReturnType<typeof createRedis>;
  const config = loadConfig({});
  const keys = keysFor('apitest');
  const http = createHttpClient(config.fetch);

  beforeAll(async () => {
    redis = await startTestRedis();
    conn = createRedis(redis.url, 'producer');
    await waitReady(conn);
    queues = new JobQueues(conn, keys.bullPrefix, config.jobs, true);
    app = await buildApp({
      config: { ...config, auth: TEST_AUTH_CONFIG },
      log: createLogger('silent'),
      redis: conn,
      queues,
      articles: new ArticleStore(conn, keys),
      feeds: new FeedStore(conn, keys),
      reviews: new ReviewStore(conn, keys),
      documents: new DocumentStore(conn, keys),
      statements: new StatementStore(conn, keys),
      webhooks: new WebhookStore(conn, keys),
      fetch: politeFetch(
        http,
        new HostGate(conn, keys, { maxConcurrent: 2, minIntervalMs: 0, leaseMs: 10_000 }),
        {
          maxWaitMs: 1_000,
          defaultBackoffMs: 1_000,
          now: () => new Date(),
        },
      ),
    });
    await new FeedStore(conn, keys).syncConfig(config.feeds, new Date());
  });

  afterAll(async () => {
    await app?.close();
    await queues?.close();
    await http.close();
    conn?.disconnect();
    await redis?.stop();
  });

  it('answers /health while the process is up', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers /ready when Redis is reachable', async () => {
    const res = await app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(200);
  });

  it('lists the configured feeds with their polling state', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/feeds', headers: AUTH });
    expect(res.statusCode).toBe(200);
    const { feeds } = res.json<{
      feeds: { id: string; health: string; lastOutcome: string | null }[];
    }>();
    expect(feeds.map((f) => f.id)).toEqual(config.feeds.map((f) => f.id).sort());
    expect(feeds[0]).toMatchObject({ health: 'pending', lastOutcome: null });
  });

  it('accepts an ingest with 202 and enqueues one fetch job with a deterministic id', async () => {
    const url = 'https://news.example.com/story?utm_source=x#top';
    const res = await app.inject({
      method: 'POST',
      url: '/api/ingest',
      payload: { url },
      headers: AUTH,
    });
    expect(res.statusCode).toBe(202);
    const body = res.json<{ articleId: string; jobId: string; created: boolean }>();
    expect(body.articleId).toBe(articleIdFor('https://news.example.com/story'));
    expect(body.jobId).toBe(`fetch-${body.articleId}`);
    expect(body.created).toBe(true);
    const again = await app.inject({
      method: 'POST',
      url: '/api/ingest',
      payload: { url },
      headers: AUTH,
    });
    expect(again.json()).toMatchObject({
      articleId: body.articleId,
      jobId: body.jobId,
      created: false,
    });
    expect(await queues.queue('article-fetch').getJobCountByTypes('waiting')).toBe(1);
    const article = await app.inject({
      method: 'GET',
      url: `/api/articles/${body.articleId}`,
      headers: AUTH,
    });
    expect(article.json()).toMatchObject({ status: 'queued', origins: [{ kind: 'ingest' }] });
  });

  it.each([
    ['a body without url', { nope: 1 }, 'INPUT_INVALID'],
    ['a URL that is not http(s)', { url: 'file:///etc/passwd' }, 'FETCH_BAD_URL'],
    ['text that is not a URL', { url: 'not a url' }, 'FETCH_BAD_URL'],
    ['a URL with credentials', { url: 'https://user:pw@example.com/' }, 'FETCH_BAD_URL'],
  ])('refuses an ingest of %s with a 400 and a stable code', async (_name, payload, code) => {
    const res = await app.inject({ method: 'POST', url: '/api/ingest', payload, headers: AUTH });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code });
  });

  it('answers an unknown article with 404 ARTICLE_NOT_FOUND', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/articles/0123456789abcdef0123',
      headers: AUTH,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'ARTICLE_NOT_FOUND' });
  });

  it('answers an unknown route with 404 NOT_FOUND as JSON', async () => {
    const res = await app.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects a bad claims filter with 400', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/claims?status=maybe',
      headers: AUTH,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INPUT_INVALID' });
  });

  describe('while Redis is down', () => {
    let restarted: RedisServerHandle | undefined;
    beforeAll(async () => {
      await redis.stop();
    });
    afterAll(async () => {
      await restarted?.stop();
    });

    it('reports /ready 503 and answers API calls 503 at once instead of hanging', async () => {
      const started = Date.now();
      const ready = await app.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ code: 'REDIS_UNAVAILABLE' });
      const ingest = await app.inject({
        method: 'POST',
        url: '/api/ingest',
        payload: { url: 'https://news.example.com/other' },
        headers: AUTH,
      });
      expect(ingest.statusCode).toBe(503);
      expect(ingest.json()).toMatchObject({ code: 'REDIS_UNAVAILABLE' });
      const list = await app.inject({ method: 'GET', url: '/api/articles', headers: AUTH });
      expect(list.statusCode).toBe(503);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    });

    it('is ready again once Redis is back on the same port', async () => {
      restarted = await startRedisServer({
        binary: 'redis-server',
        port: redis.port,
        dataDir: redis.dir,
        appendOnly: false,
      });
      await waitReady(conn, 15_000);
      const ready = await app.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(200);
    });
  });
});
