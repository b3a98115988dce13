// Managing feeds through the API and the CLI, against a running daemon on a private Redis.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import type { FeedStatus } from '../../src/feeds/feed-status.js';
import { parseOpml } from '../../src/feeds/opml.js';
import type { PollRecord } from '../../src/store/feed.store.js';
import { AUTH, startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { send, startTestServer, type Route, type TestServer } from '../helpers/http-server.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

const rss = (origin: string, items: [string, string][]) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Metro Desk</title><link>${origin}/</link><description>d</description>
${items.map(([slug, title]) => `<item><title>${title}</title><link>${origin}/news/${slug}</link><guid>${slug}</guid></item>`).join('\n')}
</channel></rss>`;

const page = (title: string) =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head><body><article><h1>${title}</h1>` +
  `<p>Chicago police and ICE agents were at the scene in Brighton Park on Saturday, the Chicago Police Department said in a statement that it released to reporters on Sunday afternoon.</p>`.repeat(
    3,
  ) +
  `</article></body></html>`;

describe('feeds API and CLI', () => {
  let redis: TestRedis;
  let site: TestServer;
  let daemon: TestDaemon;
  const routes: Record<string, Route> = {};

  const call = async (
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ) => {
    const res = await daemon.app!.inject({
      method,
      url,
      payload: payload as string,
      headers: { ...AUTH, ...headers },
    });
    return {
      status: res.statusCode,
      body: res.body,
      json: () => res.json<Record<string, unknown>>(),
    };
  };

  beforeAll(async () => {
    redis = await startTestRedis();
    site = await startTestServer(routes);
    routes['/a.xml'] = send(
      200,
      'application/rss+xml',
      rss(site.origin, [
        ['shared', 'CPD and ICE in Brighton Park'],
        ['a-only', 'Chicago police statement'],
      ]),
    );
    routes['/b.xml'] = send(
      200,
      'application/rss+xml',
      rss(site.origin, [['shared', 'Brighton Park: CPD and ICE']]),
    );
    routes['/news/shared'] = send(200, 'text/html', page('CPD and ICE in Brighton Park'));
    routes['/news/a-only'] = send(200, 'text/html', page('Chicago police statement'));
    routes['/not-a-feed'] = send(
      200,
      'text/html',
      '<!doctype html><html><body><p>hello</p></body></html>',
    );
    daemon = await startTestDaemon({ redisUrl: redis.url, feeds: [] });
  }, 30_000);

  afterAll(async () => {
    await daemon?.stop();
    await site?.close();
    await redis?.stop();
  });

  it('adds a feed after fetching and parsing it once, and schedules it', async () => {
    const res = await call('POST', '/api/feeds', {
      url: `${site.origin}/a.xml`,
      outlet: 'Metro Desk',
    });
    expect(res.status).toBe(201);
    expect(res.json()).toMatchObject({
      feed: { id: 'metro-desk', outlet: 'Metro Desk', origin: 'api' },
      entries: 2,
    });
    const schedulers = await daemon.queues.queue('feed-poll').getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toContain('feed-metro-desk');
  });

  it.each([
    ['a page that is not a feed', '/not-a-feed', 422, 'FEED_PARSE_FAILED'],
    ['a URL that answers 404', '/missing.xml', 502, 'FETCH_HTTP_GONE'],
    ['a feed already registered', '/a.xml', 409, 'FEED_EXISTS'],
  ])('refuses %s with a clear error', async (_n, pathname, status, code) => {
    const res = await call('POST', '/api/feeds', { url: `${site.origin}${pathname}` });
    expect(res.status).toBe(status);
    expect(res.json()).toMatchObject({ code });
  });

  it('fetches an article reached through two feeds and an alert only once', async () => {
    expect(
      (await call('POST', '/api/feeds', { url: `${site.origin}/b.xml`, id: 'desk-b' })).status,
    ).toBe(201);
    await call('POST', '/api/ingest', { url: `${site.origin}/news/shared?utm_source=alert` });
    for (const id of ['metro-desk', 'desk-b'])
      expect((await call('POST', `/api/feeds/${id}/poll`)).status).toBe(202);
    await waitFor('both feeds polled', async () => {
      const feeds = (await call('GET', '/api/feeds')).json().feeds as FeedStatus[];
      return (feeds.length === 2 && feeds.every((f) => f.lastPolledAt !== null)) || undefined;
    });
    await waitFor('articles analysed', async () => {
      const list = await daemon.deps.articles.list(0, 10);
      return (list.total === 2 && list.items.every((a) => a.status === 'analyzed')) || undefined;
    });
    expect(site.hits.filter((h) => h === '/news/shared')).toHaveLength(1);
    const shared = (await daemon.deps.articles.list(0, 10)).items.find((a) =>
      a.url.includes('shared'),
    )!;
    expect(shared.origins).toEqual(
      expect.arrayContaining([
        { kind: 'ingest' },
        { kind: 'feed', feedId: 'metro-desk', entryId: 'shared' },
        { kind: 'feed', feedId: 'desk-b', entryId: 'shared' },
      ]),
    );
  });

  it('treats a page that declares another canonical URL (AMP) as the article at that URL', async () => {
    routes['/amp/story'] = send(
      200,
      'text/html',
      page('CPD at the Brighton Park scene').replace(
        '<head>',
        `<head><link rel="canonical" href="${site.origin}/story">`,
      ),
    );
    const amp = (await call('POST', '/api/ingest', { url: `${site.origin}/amp/story` })).json();
    await waitFor('the AMP page extracted', async () => {
      const r = await daemon.deps.articles.get(String(amp.articleId));
      return r?.status === 'analyzed' || undefined;
    });
    const canonical = (await call('POST', '/api/ingest', { url: `${site.origin}/story` })).json();
    expect(canonical).toMatchObject({ articleId: amp.articleId, created: false });
    expect(site.hits).not.toContain('/story');
  });

  it('shows a feed with its health and its poll history', async () => {
    const feed = (await call('GET', '/api/feeds/metro-desk')).json();
    expect(feed).toMatchObject({
      id: 'metro-desk',
      health: 'ok',
      entriesSeen: 2,
      consecutiveErrors: 0,
      lastError: null,
    });
    const history = (await call('GET', '/api/feeds/metro-desk/history')).json()
      .polls as PollRecord[];
    // The first poll parsed two new entries; later ones found the same body and stopped early.
    expect(history.at(-1)).toMatchObject({
      outcome: 'ok',
      httpStatus: 200,
      entries: 2,
      fresh: 2,
      error: null,
    });
    expect(history.at(-1)!.bytes).toBeGreaterThan(100);
    expect(history.slice(0, -1).every((p) => p.outcome === 'unchanged')).toBe(true);
    expect((await call('GET', '/api/feeds/nope')).status).toBe(404);
  });

  it('exports the registry as OPML that imports back', async () => {
    const res = await call('GET', '/api/feeds.opml');
    expect(res.status).toBe(200);
    const { feeds } = parseOpml(res.body);
    expect(feeds.map((f) => f.url).sort()).toEqual([
      `${site.origin}/a.xml`,
      `${site.origin}/b.xml`,
    ]);
  });

  it('imports OPML, skipping feeds already registered', async () => {
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
      <outline text="Chicago"><outline type="rss" text="Desk C" xmlUrl="${site.origin}/c.xml"/>
      <outline type="rss" text="Metro again" xmlUrl="${site.origin}/a.xml"/></outline></body></opml>`;
    const res = await call('POST', '/api/feeds/import', opml, { 'content-type': 'text/xml' });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      added: [{ id: 'desk-c', outlet: 'Chicago' }],
      skipped: [{ reason: 'already registered' }],
    });
  });

  it('lists and shows feeds in the terminal with newsmon feeds', () => {
    const run = (args: string[]) =>
      spawnSync(
        process.execPath,
        [path.join(projectRoot(), 'bin', 'newsmon.js'), 'feeds', ...args],
        {
          env: { ...process.env, REDIS_URL: redis.url, LOG_LEVEL: 'silent' },
          encoding: 'utf8',
          timeout: 30_000,
        },
      );
    const list = run([]);
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/^FEED +HEALTH +POLLED/);
    expect(list.stdout).toMatch(/^metro-desk +ok /m);
    const json = JSON.parse(run(['list', '--json']).stdout) as FeedStatus[];
    expect(json.map((f) => f.id)).toEqual(['desk-b', 'desk-c', 'metro-desk']);
    const show = run(['show', 'metro-desk']);
    expect(show.stdout).toContain('health:     ok');
    expect(show.stdout).toMatch(/\bok +200 /);
    const missing = run(['show', 'nope']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('FEED_UNKNOWN');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'newsmon-opml-'));
    writeFileSync(
      path.join(dir, 'f.opml'),
      `<opml version="2.0"><body><outline type="rss" text="Desk D" xmlUrl="${site.origin}/d.xml"/></body></opml>`,
    );
    expect(run(['import', path.join(dir, 'f.opml')]).stdout).toContain('imported 1 feeds');
  });

  it('removes a feed with its scheduler', async () => {
    expect((await call('DELETE', '/api/feeds/desk-c')).status).toBe(204);
    expect((await call('GET', '/api/feeds/desk-c')).status).toBe(404);
    const schedulers = await daemon.queues.queue('feed-poll').getJobSchedulers();
    expect(schedulers.map((s) => s.key)).not.toContain('feed-desk-c');
    expect((await call('DELETE', '/api/feeds/desk-c')).status).toBe(404);
  });
});
