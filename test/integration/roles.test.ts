// `newsmon api` and `newsmon worker` as separate processes sharing one Redis: the API only
// enqueues, the worker does the work.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../src/domain/article-record.js';
import { AUTH, startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { send, startTestServer, type TestServer } from '../helpers/http-server.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

describe('API and worker roles on one Redis', () => {
  let redis: TestRedis;
  let site: TestServer;
  let api: TestDaemon;
  let worker: TestDaemon;

  beforeAll(async () => {
    redis = await startTestRedis();
    const page = readFileSync(new URL('../fixtures/site/new-quote.html', import.meta.url), 'utf8');
    const front = readFileSync(
      new URL('../fixtures/pages/section-front.html', import.meta.url),
      'utf8',
    );
    site = await startTestServer({
      '/story': send(200, 'text/html; charset=utf-8', page),
      '/news/': send(200, 'text/html; charset=utf-8', front),
    });
    api = await startTestDaemon({
      redisUrl: redis.url,
      feeds: [],
      roles: { api: true, workers: false },
    });
    worker = await startTestDaemon({
      redisUrl: redis.url,
      feeds: [],
      roles: { api: false, workers: true },
    });
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await site?.close();
    await redis?.stop();
  });

  it('runs no workers in the api role and no HTTP server in the worker role', () => {
    expect(api.app).not.toBeNull();
    expect(worker.app).toBeNull();
    expect(worker.address).toBeNull();
  });

  it('records a section front as skipped, not an article, and does not retry it', async () => {
    const res = await api.app!.inject({
      method: 'POST',
      url: '/api/ingest',
      payload: { url: `${site.origin}/news/` },
      headers: AUTH,
    });
    const { articleId } = res.json<{ articleId: string }>();
    const record = await waitFor('the section front judged', async () => {
      const r = (
        await api.app!.inject({ method: 'GET', url: `/api/articles/${articleId}`, headers: AUTH })
      ).json<ArticleRecord>();
      return r.status === 'skipped' ? r : undefined;
    });
    expect(record.error).toMatchObject({ code: 'EXTRACT_NOT_ARTICLE' });
    // The kind of page and the evidence, where an operator reads it.
    expect(record.error?.message).toMatch(/\(index: declared CollectionPage, no long paragraph\)$/);
    expect(record.analysis).toBeNull();
  });

  it('takes an ingest on the API and has the worker fetch, extract and analyse it once', async () => {
    const ingest = async () =>
      api.app!.inject({
        method: 'POST',
        url: '/api/ingest',
        payload: { url: `${site.origin}/story#comments` },
        headers: AUTH,
      });
    const first = await ingest();
    expect(first.statusCode).toBe(202);
    const { articleId } = first.json<{ articleId: string }>();

    const record = await waitFor('the ingested article analysed', async () => {
      const res = await api.app!.inject({
        method: 'GET',
        url: `/api/articles/${articleId}`,
        headers: AUTH,
      });
      const r = res.json<ArticleRecord>();
      return r.status === 'analyzed' ? r : undefined;
    });
    expect(record.origins).toEqual([{ kind: 'ingest' }]);
    expect(record.analysis?.relevance.relevant).toBe(true);
    expect(record.analysis?.claims.some((c) => c.speaker?.includes('Quintero'))).toBe(true);

    // The same alert again: nothing new is fetched.
    expect((await ingest()).json()).toMatchObject({ articleId, created: false });
    await new Promise((r) => setTimeout(r, 300));
    expect(site.hits.filter((h) => h === '/story')).toHaveLength(1);
  });
});
