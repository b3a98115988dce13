// robots.txt for pages pushed by an alert or a person, through the real fetch orchestrator.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchArticle } from '../../src/pipeline/article-fetch.handler.js';
import { canonicalUrl, articleIdFor } from '../../src/feeds/url-canonical.js';
import type { ArticleOrigin } from '../../src/domain/article-record.js';
import { createTestPipeline, type TestPipeline } from '../helpers/pipeline.js';
import { send, startTestServer, type Route, type TestServer } from '../helpers/http-server.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

const PAGE = '<!doctype html><html><head><title>t</title></head><body><p>text</p></body></html>';

describe('robots.txt on ingested pages', () => {
  let redis: TestRedis;
  let site: TestServer;
  let p: TestPipeline;
  const routes: Record<string, Route> = {};
  const times: Record<string, number> = {};

  beforeAll(async () => {
    redis = await startTestRedis();
    site = await startTestServer(routes);
    for (const path of ['/open/a', '/open/b', '/private/c', '/feed-listed/d']) {
      routes[path] = (req, res) => {
        times[path] = Date.now();
        send(200, 'text/html', PAGE)(req, res);
      };
    }
  });
  let n = 0;
  // Each test gets its own key prefix, so robots.txt cached by one is not seen by the next.
  const pipeline = (overrides?: Record<string, unknown>) =>
    createTestPipeline({ redisUrl: redis.url, prefix: `robots${n++}`, overrides });
  afterEach(async () => {
    await p?.close();
  });
  afterAll(async () => {
    await site.close();
    await redis.stop();
  });

  const fetchOne = async (path: string, origin: ArticleOrigin = { kind: 'ingest' }) => {
    const url = `${site.origin}${path}`;
    const id = articleIdFor(url);
    await p.deps.articles.register(id, url, canonicalUrl(url), origin, null, new Date());
    return fetchArticle(p.deps, { articleId: id, url, origin, hints: null }, p.ctx).then(
      (result) => ({ result, record: p.deps.articles.get(id) }),
    );
  };

  it('skips a disallowed page with ROBOTS_DISALLOWED and never requests it', async () => {
    p = await pipeline();
    routes['/robots.txt'] = send(200, 'text/plain', 'User-agent: *\nDisallow: /private/\n');
    const { result, record } = await fetchOne('/private/c');
    expect(result).toMatchObject({ status: 'skipped' });
    expect(await record).toMatchObject({ status: 'skipped', error: { code: 'ROBOTS_DISALLOWED' } });
    expect(site.hits).not.toContain('/private/c');
  });

  it('does not apply robots.txt to a page that a feed lists', async () => {
    p = await pipeline();
    routes['/robots.txt'] = send(200, 'text/plain', 'User-agent: *\nDisallow: /\n');
    const { result } = await fetchOne('/feed-listed/d', {
      kind: 'feed',
      feedId: 'f',
      entryId: 'e',
    });
    expect(result).toMatchObject({ status: 'done' });
  });

  it('waits Crawl-delay between two pages of the host and reads robots.txt once', async () => {
    p = await createTestPipeline({
      redisUrl: redis.url,
      overrides: { fetch: { perHost: { maxWaitMs: 5_000 } } },
    });
    routes['/robots.txt'] = send(200, 'text/plain', 'User-agent: *\nCrawl-delay: 1\n');
    const before = site.hits.filter((h) => h === '/robots.txt').length;
    await fetchOne('/open/a');
    await fetchOne('/open/b');
    expect(times['/open/b']! - times['/open/a']!).toBeGreaterThanOrEqual(950);
    expect(site.hits.filter((h) => h === '/robots.txt').length - before).toBe(1);
  });

  it('retries later when robots.txt is unreachable (5xx), without recording the page as failed', async () => {
    p = await pipeline();
    routes['/robots.txt'] = send(503, 'text/plain', 'down');
    await expect(fetchOne('/open/a')).rejects.toMatchObject({
      code: 'ROBOTS_UNAVAILABLE',
      transient: true,
    });
  });
});
