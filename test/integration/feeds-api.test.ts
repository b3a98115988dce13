// Managing feeds through the API and the CLI, against a running daemon on a private Redis.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFeedsCommand } from '../../src/cli/feeds-command.js';
import { projectRoot } from '../../src/config.js';
import type { FeedStatus } from '../../src/feeds/feed-status.js';
import { parseOpml } from '../../src/feeds/opml.js';
import type { PollRecord } from '../../src/store/feed.store.js';
import { AUTH, CLI_REDIS_LINE, startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
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
    method: 'GET' | 'POST' | 'DELETE' | 'PATCH',
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

  /** `newsmon feeds …` in-process, as the binary runs it; its output lines. */
  const feedsCli = async (args: string[], config = daemon.config) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runFeedsCommand(
      config,
      args,
      (t) => out.push(t),
      (t) => err.push(t),
    );
    return { code, out, err };
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
    // A server that says its feed stays fresh for six hours.
    routes['/hinted.xml'] = (_req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/rss+xml', 'cache-control': 'max-age=21600' })
        .end(rss(site.origin, [['hinted', 'Chicago police and ICE']]));
    };
    routes['/front-page'] = send(
      200,
      'text/html; charset=utf-8',
      `<!doctype html><html><head><title>Metro Desk</title>
      <!-- <link rel="alternate" type="application/rss+xml" href="/commented-out.xml"> -->
      <link rel="stylesheet" href="/site.css">
      <link rel="alternate" type="application/rss+xml" title="Metro Desk — News" href="/a.xml">
      <link rel="alternate" type="application/atom+xml" href="${site.origin}/atom.xml">
      <link rel="alternate" hreflang="es" href="/es/"></head><body><p>news</p></body></html>`,
    );
    routes['/garbage.xml'] = send(200, 'application/xml', '<rss><channel><item></rss>');
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
    ['a web page that names no feed', '/not-a-feed', 422, 'FEED_IS_PAGE'],
    ['a document that is neither feed nor page', '/garbage.xml', 422, 'FEED_PARSE_FAILED'],
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

  it('lists and shows feeds in the terminal with newsmon feeds', async () => {
    // The built binary once; the other subcommands in-process, as they run the same code.
    const list = spawnSync(
      process.execPath,
      [path.join(projectRoot(), 'bin', 'newsmon.js'), 'feeds'],
      {
        env: { ...process.env, REDIS_URL: redis.url, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/^FEED +HEALTH +POLLED/);
    expect(list.stdout).toMatch(/^metro-desk +ok /m);
    const run = async (args: string[]) => {
      const { code, out, err } = await feedsCli(args);
      return { code, stdout: out.join('\n'), stderr: err.join('\n') };
    };
    const json = JSON.parse((await run(['list', '--json'])).stdout) as FeedStatus[];
    expect(json.map((f) => f.id)).toEqual(['desk-b', 'desk-c', 'metro-desk']);
    const show = await run(['show', 'metro-desk']);
    expect(show.stdout).toContain('health:     ok');
    expect(show.stdout).toMatch(/next in \d+m \(the interval\)/);
    expect(show.stdout).toMatch(/\bok +200 /);
    const missing = await run(['show', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('FEED_UNKNOWN');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'newsmon-opml-'));
    writeFileSync(
      path.join(dir, 'f.opml'),
      `<opml version="2.0"><body><outline type="rss" text="Desk D" xmlUrl="${site.origin}/d.xml"/></body></opml>`,
    );
    expect((await run(['import', path.join(dir, 'f.opml')])).stdout).toContain('imported 1 feeds');
  });

  it('lets a server hint lengthen the interval only up to the cap, and says why', async () => {
    const added = await call('POST', '/api/feeds', {
      url: `${site.origin}/hinted.xml`,
      id: 'hinted',
      intervalSeconds: 600,
    });
    expect(added.status).toBe(201);
    expect((await call('POST', '/api/feeds/hinted/poll')).status).toBe(202);
    const feed = await waitFor('the hinted feed polled', async () => {
      const f = (await call('GET', '/api/feeds/hinted')).json() as unknown as FeedStatus;
      return f.lastPolledAt !== null ? f : undefined;
    });
    expect(feed).toMatchObject({
      intervalSeconds: 600,
      nextPollReason: 'server-hint-capped',
      serverHintSeconds: 21_600,
    });
    // polling.serverHintCapSeconds (1 h) ± the 10 % jitter, not the six hours the server asked.
    const delay = (Date.parse(feed.nextPollAt!) - Date.parse(feed.lastPolledAt!)) / 1000;
    expect(delay).toBeGreaterThanOrEqual(3600 * 0.9);
    expect(delay).toBeLessThanOrEqual(3600 * 1.1 + 5);
  });

  it('changes a feed’s interval, outlet, title and enabled flag with PATCH, without a restart', async () => {
    const before = (await call('GET', '/api/feeds/hinted')).json() as unknown as FeedStatus;
    const patched = await call('PATCH', '/api/feeds/hinted', {
      intervalSeconds: 1200,
      outlet: 'Hinted Desk',
      title: 'Hinted Desk — Metro',
    });
    expect(patched.status).toBe(200);
    const after = patched.json() as unknown as FeedStatus;
    expect(after).toMatchObject({
      intervalSeconds: 1200,
      outlet: 'Hinted Desk',
      title: 'Hinted Desk — Metro',
      enabled: true,
      nextPollReason: 'server-hint-capped',
    });
    // Set again from the last poll as that poll would have: 20 minutes lengthened by the server's
    // six-hour hint to the one-hour cap (no jitter), not the old schedule.
    expect(Date.parse(after.nextPollAt!)).toBe(Date.parse(before.lastPolledAt!) + 3_600_000);

    const schedulers = async () =>
      (await daemon.queues.queue('feed-poll').getJobSchedulers()).map((s) => s.key);
    expect((await call('PATCH', '/api/feeds/hinted', { enabled: false })).json()).toMatchObject({
      enabled: false,
    });
    expect(await schedulers()).not.toContain('feed-hinted');
    await call('PATCH', '/api/feeds/hinted', { enabled: true, intervalSeconds: null });
    expect(await schedulers()).toContain('feed-hinted');
    expect((await call('GET', '/api/feeds/hinted')).json()).toMatchObject({
      enabled: true,
      intervalSeconds: null,
    });
  });

  it.each([
    ['an empty change', 'hinted', {}, 400, 'INPUT_INVALID'],
    [
      'a field that cannot be changed',
      'hinted',
      { url: 'https://x.example/' },
      400,
      'INPUT_INVALID',
    ],
    ['an interval under a minute', 'hinted', { intervalSeconds: 5 }, 400, 'INPUT_INVALID'],
    ['an unknown feed', 'nope', { enabled: false }, 404, 'FEED_UNKNOWN'],
  ])('refuses a PATCH with %s', async (_n, id, body, status, code) => {
    const res = await call('PATCH', `/api/feeds/${id}`, body);
    expect([res.status, res.json().code]).toEqual([status, code]);
  });

  it('keeps an edit of a feeds.yaml feed across a restart’s sync with the file', async () => {
    const feeds = daemon.deps.feeds;
    const yamlFeed = {
      id: 'yaml-desk',
      outlet: 'Yaml',
      title: 'Yaml',
      url: `${site.origin}/b.xml`,
      enabled: true,
    };
    await feeds.syncConfig([yamlFeed], new Date());
    expect(
      (await call('PATCH', '/api/feeds/yaml-desk', { intervalSeconds: 1800, enabled: false }))
        .status,
    ).toBe(200);
    await feeds.syncConfig([{ ...yamlFeed, title: 'Yaml renamed in the file' }], new Date());
    expect(await feeds.get('yaml-desk')).toMatchObject({
      origin: 'config',
      title: 'Yaml renamed in the file',
      intervalSeconds: 1800,
      enabled: false,
    });
    await feeds.syncConfig([], new Date());
    expect(await feeds.get('yaml-desk')).toBeNull();
  });

  it('sets a feed from the terminal with newsmon feeds set, and explains a mistake in one line', async () => {
    const set = await feedsCli(['set', 'hinted', '--interval', '15m', '--outlet', 'Desk']);
    expect(set.code).toBe(0);
    // The six-hour hint the last poll got lengthens 15 minutes to the one-hour cap.
    expect(set.out).toEqual([
      expect.stringMatching(
        /^hinted — .* \(Desk\): every 15m, enabled; next poll in \d+m \(server hint 6h, capped by polling.serverHintCapSeconds\)$/,
      ),
    ]);
    expect(await daemon.deps.feeds.get('hinted')).toMatchObject({
      intervalSeconds: 900,
      outlet: 'Desk',
    });
    expect((await feedsCli(['set', 'hinted', '--disable'])).out[0]).toContain(
      'disabled (not polled',
    );
    expect((await feedsCli(['set', 'hinted', '--enable', '--interval', 'default'])).code).toBe(0);

    const mistakes = await Promise.all(
      [
        ['set', 'hinted'],
        ['set', 'hinted', '--interval', 'soon'],
        ['set', 'hinted', '--every', '10m'],
        ['set'],
      ].map((args) => feedsCli(args)),
    );
    expect(mistakes.map((m) => [m.code, ...m.err])).toEqual([
      [
        2,
        'newsmon feeds set: give at least one of --interval, --outlet, --title, --enable, --disable; see newsmon feeds --help',
      ],
      [
        2,
        'newsmon feeds set: --interval must be seconds or a number with s, m, h or d (e.g. 10m), or "default"; not "soon"; see newsmon feeds --help',
      ],
      [2, 'newsmon feeds: unknown option --every; see newsmon feeds --help'],
      [2, 'newsmon feeds set: give a feed id; see newsmon feeds --help'],
    ]);
  });

  it('offers the feeds a web page names when feeds add is given the page', async () => {
    const page = await feedsCli(['add', `${site.origin}/front-page`]);
    expect(page.code).toBe(1);
    expect(page.err).toEqual([
      expect.stringMatching(CLI_REDIS_LINE),
      `newsmon feeds add: ${site.origin}/front-page is a web page, not a feed. It names:`,
      `  ${site.origin}/a.xml  (Metro Desk — News)`,
      `  ${site.origin}/atom.xml`,
      `add one with: newsmon feeds add ${site.origin}/a.xml`,
    ]);
    const api = await call('POST', '/api/feeds', { url: `${site.origin}/front-page` });
    expect(api.status).toBe(422);
    expect(api.json()).toMatchObject({ code: 'FEED_IS_PAGE' });
    expect(String(api.json().message)).toContain(`${site.origin}/a.xml (Metro Desk — News)`);

    // A refused private address says how to allow it.
    const guarded = { ...daemon.config, fetch: { ...daemon.config.fetch, allow: [] } };
    const refused = await feedsCli(['add', `${site.origin}/b.xml`], guarded);
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toMatch(/FETCH_BLOCKED_ADDRESS: .*NEWSMON_FETCH_ALLOW/);
  });

  it('removes a feed with its scheduler', async () => {
    expect((await call('DELETE', '/api/feeds/desk-c')).status).toBe(204);
    expect((await call('GET', '/api/feeds/desk-c')).status).toBe(404);
    const schedulers = await daemon.queues.queue('feed-poll').getJobSchedulers();
    expect(schedulers.map((s) => s.key)).not.toContain('feed-desk-c');
    expect((await call('DELETE', '/api/feeds/desk-c')).status).toBe(404);
  });
});
