// Operators' views on a real daemon: /metrics after a pipeline run, the session cookie, and the
// queue dashboard behind it.
import { readFileSync } from 'node:fs';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { send, startTestServer, type Route, type TestServer } from '../helpers/http-server.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';
import { createRedis } from '../../src/store/redis-connection.js';
import { DASHBOARD_CSP } from '../../src/http/queue-dashboard.routes.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/site/${name}`, import.meta.url), 'utf8');

function feedXml(origin: string): string {
  const item = (slug: string, title: string) => `
    <item><title>${title}</title><link>${origin}/news/${slug}</link>
      <guid isPermaLink="false">ops-${slug}</guid><pubDate>Wed, 08 Oct 2025 16:00:00 GMT</pubDate>
      <description>${title}</description></item>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Ops Metro</title><link>${origin}/</link><description>t</description>
${item('new-quote', 'Aldermen question CPD role with ICE')}
${item('unrelated', 'Chicago lakefront trail segment opens')}
${item('section', 'Chicago news')}
</channel></rss>`;
}

/** The value of one sample line of the Prometheus text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const ok = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (ok) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('metrics, sessions and the queue dashboard', () => {
  let redis: TestRedis;
  let site: TestServer;
  let daemon: TestDaemon;

  const inject = (opts: InjectOptions) => daemon.app!.inject(opts);

  beforeAll(async () => {
    redis = await startTestRedis();
    const routes: Record<string, Route> = {};
    site = await startTestServer(routes);
    routes['/feed.xml'] = send(200, 'application/rss+xml; charset=utf-8', feedXml(site.origin));
    routes['/news/new-quote'] = send(200, 'text/html; charset=utf-8', fixture('new-quote.html'));
    routes['/news/unrelated'] = send(200, 'text/html; charset=utf-8', fixture('unrelated.html'));
    // A section front the feed links to: rejected as not an article, and counted.
    routes['/news/section'] = send(
      200,
      'text/html; charset=utf-8',
      readFileSync(new URL('../fixtures/pages/section-front.html', import.meta.url), 'utf8'),
    );
    daemon = await startTestDaemon({
      redisUrl: redis.url,
      feeds: [{ id: 'ops-metro', outlet: 'Ops Metro', url: `${site.origin}/feed.xml` }],
    });
    await waitFor('two articles analysed and the section front skipped', async () => {
      const list = await daemon.deps.articles.list(0, 10);
      const analysed = list.items.filter((a) => a.status === 'analyzed').length;
      const skipped = list.items.filter((a) => a.status === 'skipped').length;
      return (analysed === 2 && skipped === 1) || undefined;
    });
  }, 60_000);

  afterAll(async () => {
    await daemon?.stop();
    await site?.close();
    await redis?.stop();
  });

  describe('/metrics', () => {
    let text: string;
    beforeAll(async () => {
      // An inbound webhook, refused because none is configured: counted all the same.
      await inject({ method: 'POST', url: '/webhooks/alerts', payload: { url: 'https://x.y/' } });
      const res = await inject({ method: 'GET', url: '/metrics', headers: AUTH });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      text = res.body;
    });

    it('needs the token', async () => {
      expect((await inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    });

    it('counts polls, fetches, extractions, rejections, verdicts and flags of the run', () => {
      expect(sample(text, 'newsmon_polls_total', { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
      // The feed and its two pages.
      expect(
        sample(text, 'newsmon_fetches_total', { outcome: 'ok', status_class: '2xx' }),
      ).toBeGreaterThanOrEqual(3);
      expect(sample(text, 'newsmon_extractions_total', { method: 'readability' })).toBe(2);
      expect(sample(text, 'newsmon_extraction_rejections_total', { kind: 'index' })).toBe(1);
      expect(sample(text, 'newsmon_dedup_verdicts_total', { verdict: 'new' })).toBe(2);
      expect(sample(text, 'newsmon_review_flags_total', { state: 'new' })).toBeGreaterThan(0);
    });

    it('times every stage, the sandboxed extraction too', () => {
      for (const job of ['feed.poll', 'article.fetch', 'article.extract', 'article.analyze']) {
        expect(
          sample(text, 'newsmon_job_duration_seconds_count', { job, result: 'done' }),
          job,
        ).toBeGreaterThanOrEqual(1);
      }
    });

    it('reads queue depths and feed health when scraped', () => {
      expect(
        sample(text, 'newsmon_queue_jobs', { queue: 'article-analyze', state: 'completed' }),
      ).toBe(2);
      expect(sample(text, 'newsmon_queue_jobs', { queue: 'article-fetch', state: 'failed' })).toBe(
        0,
      );
      expect(sample(text, 'newsmon_feeds', { health: 'ok' })).toBe(1);
    });

    it('counts inbound webhooks and offers the outbound counter', () => {
      expect(
        sample(text, 'newsmon_webhooks_received_total', {
          source: 'standard',
          outcome: 'not-configured',
        }),
      ).toBe(1);
      expect(text).toContain('# TYPE newsmon_webhooks_sent_total counter');
      expect(text).toContain('process_cpu_seconds_total');
    });
  });

  // Served = stored, plus what the review page shows that the record does not hold: each
  // article's outlet, and the article a nearest statement came from (review-view.ts).
  it('serves real records through the response schemas without losing a field', async () => {
    const { items } = await daemon.deps.articles.list(0, 10);
    for (const stored of items) {
      const res = await inject({ method: 'GET', url: `/api/articles/${stored.id}`, headers: AUTH });
      expect(res.json()).toEqual({
        ...JSON.parse(JSON.stringify(stored)),
        outlet: expect.any(String) as string,
      });
    }
    const claims = await inject({ method: 'GET', url: '/api/claims', headers: AUTH });
    const served = claims.json<{ items: { id: string; article: { outlet: unknown } }[] }>().items;
    expect(served.length).toBeGreaterThan(0);
    const stored = await daemon.deps.reviews.getMany(served.map((i) => i.id));
    expect(served).toMatchObject(JSON.parse(JSON.stringify(stored)) as object[]);
    for (const item of served) expect(item.article.outlet).toEqual(expect.any(String));
    const one = await inject({ method: 'GET', url: `/api/claims/${served[0]!.id}`, headers: AUTH });
    expect(one.json<{ item: unknown }>().item).toMatchObject(
      JSON.parse(JSON.stringify(stored[0])) as object,
    );
    const feeds = await inject({
      method: 'GET',
      url: '/api/feeds/ops-metro/history',
      headers: AUTH,
    });
    expect(feeds.json()).toEqual({
      polls: JSON.parse(
        JSON.stringify(await daemon.deps.feeds.history('ops-metro', 100)),
      ) as unknown,
    });
  });

  describe('session and /admin/queues', () => {
    let cookie: string;

    it('refuses the dashboard without a token or a session', async () => {
      const res = await inject({ method: 'GET', url: '/admin/queues' });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'AUTH_MISSING' });
      const api = await inject({ method: 'GET', url: '/admin/queues/api/queues' });
      expect(api.statusCode).toBe(401);
      const forged = await inject({
        method: 'GET',
        url: '/admin/queues',
        headers: { cookie: `newsmon_session=${'A'.repeat(43)}` },
      });
      expect(forged.statusCode).toBe(401);
    });

    it('trades the token for an HttpOnly, SameSite=Strict session cookie', async () => {
      expect((await inject({ method: 'POST', url: '/api/session' })).statusCode).toBe(401);
      const res = await inject({ method: 'POST', url: '/api/session', headers: AUTH });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        reviewer: 'tester',
        expiresAt: expect.any(String) as string,
      });
      const header = String(res.headers['set-cookie']);
      const parts = header.split('; ');
      expect(parts[0]).toMatch(/^newsmon_session=[A-Za-z0-9_-]{43}$/);
      expect(parts).toEqual(
        expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=43200']),
      );
      expect(parts).not.toContain('Secure');
      // The value is not in the body, and Redis holds only its digest.
      cookie = parts[0]!;
      expect(res.body).not.toContain(cookie.split('=')[1]);
      const conn = createRedis(redis.url, 'worker');
      const stored = await conn.keys('*session*');
      conn.disconnect();
      expect(stored).toHaveLength(1);
      expect(stored[0]).not.toContain(cookie.split('=')[1]);
    });

    it('marks the cookie Secure when the request came over HTTPS', async () => {
      const res = await inject({
        method: 'POST',
        url: '/api/session',
        headers: { ...AUTH, 'x-forwarded-proto': 'https' },
      });
      expect(String(res.headers['set-cookie']).split('; ')).toContain('Secure');
    });

    it('serves the dashboard and its API with the cookie, or with the bearer token', async () => {
      const page = await inject({ method: 'GET', url: '/admin/queues', headers: { cookie } });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      const api = await inject({
        method: 'GET',
        url: '/admin/queues/api/queues',
        headers: { cookie: `other=1; ${cookie}` },
      });
      expect(api.statusCode).toBe(200);
      const names = api.json<{ queues: { name: string }[] }>().queues.map((q) => q.name);
      expect(names).toEqual(expect.arrayContaining(['feed-poll', 'article-analyze']));
      const bearer = await inject({ method: 'GET', url: '/admin/queues', headers: AUTH });
      expect(bearer.statusCode).toBe(200);
    });

    it('tells a browser without a session how to get in, as a page instead of JSON', async () => {
      const res = await inject({
        method: 'GET',
        url: '/admin/queues',
        headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
      });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('Queue dashboard');
      expect(res.body).toContain('href="/"');
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; base-uri 'none'");
    });

    it('serves the dashboard from this origin only: local fonts, no third-party URL, a CSP that forbids one', async () => {
      const page = await inject({ method: 'GET', url: '/admin/queues', headers: { cookie } });
      expect(page.headers['content-security-policy']).toBe(DASHBOARD_CSP);
      expect(page.body).not.toMatch(/https?:\/\//);
      expect(page.body).toContain('<link href="fonts/fonts.css" rel="stylesheet">');
      const css = await inject({
        method: 'GET',
        url: '/admin/queues/fonts/fonts.css',
        headers: { cookie },
      });
      expect(css.statusCode).toBe(200);
      expect(css.body).toContain("font-family: 'IBM Plex Sans'");
      expect(css.body).toContain("font-family: 'IBM Plex Mono'");
      expect(css.body).not.toMatch(/https?:\/\//);
      const file = /url\(([\w.-]+\.woff2)\)/.exec(css.body)![1]!;
      const font = await inject({
        method: 'GET',
        url: `/admin/queues/fonts/${file}`,
        headers: { cookie },
      });
      expect([font.statusCode, font.headers['content-type']]).toEqual([200, 'font/woff2']);
      for (const bad of ['..%2Fpackage.json', 'nope.woff2']) {
        const res = await inject({
          method: 'GET',
          url: `/admin/queues/fonts/${bad}`,
          headers: { cookie },
        });
        expect(res.statusCode).toBe(404);
      }
      for (const directive of ["default-src 'self'", "script-src 'self'", "font-src 'self'"])
        expect(DASHBOARD_CSP).toContain(directive);
      expect(DASHBOARD_CSP).not.toMatch(/https?:|\*/);
    });

    it('serves /favicon.ico without a token', async () => {
      const res = await inject({ method: 'GET', url: '/favicon.ico' });
      expect([res.statusCode, res.headers['content-type']]).toEqual([200, 'image/x-icon']);
      expect(res.rawPayload.subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
    });

    it('does not accept the cookie on the JSON API', async () => {
      const res = await inject({ method: 'GET', url: '/api/articles', headers: { cookie } });
      expect(res.statusCode).toBe(401);
    });

    it('ends the session: the cookie is cleared and no longer opens the dashboard', async () => {
      const res = await inject({ method: 'DELETE', url: '/api/session', headers: { cookie } });
      expect(res.statusCode).toBe(204);
      expect(String(res.headers['set-cookie'])).toMatch(/^newsmon_session=; Path=\/; Max-Age=0/);
      const page = await inject({ method: 'GET', url: '/admin/queues', headers: { cookie } });
      expect(page.statusCode).toBe(401);
    });
  });
});
