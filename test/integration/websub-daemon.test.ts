// WebSub end to end in the real daemon (API + workers) on a private Redis: a feed added over the
// API is discovered and subscribed to at a W3C hub, whose intent verification reaches the
// daemon's callback over HTTP; a signed delivery becomes an article exactly as a polled entry
// would; the lease is renewed with the hub discovered again; removing the feed unsubscribes.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';
import { startTestHub, type TestHub } from '../helpers/websub-hub.js';

let redis: TestRedis;
let hub: TestHub;
let site: TestServer;
let daemon: TestDaemon;

const item = (slug: string, title: string) =>
  `<item><title>${title}</title><link>${site.origin}/news/${slug}</link><guid>${slug}</guid></item>`;
const feed = (items: string) =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>E2E</title><link>${site.origin}/</link><atom:link rel="hub" href="${hub.url}"/><atom:link rel="self" href="${site.origin}/feed.xml"/>${items}</channel></rss>`;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

beforeAll(async () => {
  redis = await startTestRedis();
  // A 2-second lease, so that the renewal (at 85 %) happens during the test.
  hub = await startTestHub({ leaseSeconds: 2 });
  site = await startTestServer({
    '/feed.xml': (_req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(feed(item('polled', 'Chicago police told not to assist ICE agents')));
    },
  });
  const port = await freePort();
  daemon = await startTestDaemon({
    redisUrl: redis.url,
    feeds: [],
    overrides: {
      http: { host: '127.0.0.1', port },
      websub: { callbackBase: `http://127.0.0.1:${port}` },
    },
  });
});

afterAll(async () => {
  await daemon?.stop();
  await site?.close();
  await hub?.close();
  await redis?.stop();
});

interface SubView {
  feedId: string;
  state: string;
  topic: string;
  leaseSeconds: number | null;
}
const subscriptions = async (): Promise<SubView[]> =>
  (await daemon.app!.inject({ url: '/api/websub', headers: AUTH })).json<{
    subscriptions: SubView[];
  }>().subscriptions;

describe('WebSub in the daemon', () => {
  const topic = () => `${site.origin}/feed.xml`;

  it('subscribes a feed added over the API once its hub verifies the intent', async () => {
    const res = await daemon.app!.inject({
      method: 'POST',
      url: '/api/feeds',
      headers: AUTH,
      payload: { url: topic(), id: 'e2e' },
    });
    expect(res.statusCode).toBe(201);
    const sub = await waitFor('an active subscription', async () =>
      (await subscriptions()).find((s) => s.feedId === 'e2e' && s.state === 'active'),
    );
    expect(sub).toMatchObject({ topic: topic(), leaseSeconds: 2 });
    // The hub counts the subscription once it has read the echoed challenge.
    await waitFor('the hub to count the subscription', () =>
      Promise.resolve([...hub.subscriptions.values()].some((s) => s.topic === topic())),
    );
    expect(hub.verifications[0]).toMatchObject({ mode: 'subscribe', confirmed: true });
  });

  it('300: a signed delivery is answered 2xx and its entry becomes an article, as a polled one', async () => {
    const body = feed(item('pushed', 'Chicago police and ICE: the order explained'));
    const statuses = await hub.publish(topic(), body, { sign: 'sha512' });
    expect(statuses.map((s) => s.status)).toEqual([202]);
    const article = await waitFor('the pushed article', async () => {
      const res = await daemon.app!.inject({ url: '/api/articles?limit=500', headers: AUTH });
      const items = res.json<{ items: { url: string; origins?: unknown }[] }>().items;
      return items.find((a) => a.url === `${site.origin}/news/pushed`);
    });
    expect(article).toBeDefined();
  });

  it('renews the lease before it ends, fetching the topic again to rediscover the hub', async () => {
    const fetchesBefore = site.hits.filter((h) => h === '/feed.xml').length;
    await waitFor(
      'a renewal',
      () => Promise.resolve(hub.requests.filter((r) => r.mode === 'subscribe').length >= 2),
      10_000,
    );
    expect(site.hits.filter((h) => h === '/feed.xml').length).toBeGreaterThan(fetchesBefore);
    await waitFor('the renewal verified', () =>
      Promise.resolve(
        hub.verifications.filter((v) => v.mode === 'subscribe' && v.confirmed).length >= 2,
      ),
    );
    expect((await subscriptions()).filter((s) => s.feedId === 'e2e')).toHaveLength(1);
  });

  it('unsubscribes when the feed is removed: the hub verifies and stops delivering', async () => {
    const res = await daemon.app!.inject({
      method: 'DELETE',
      url: '/api/feeds/e2e',
      headers: AUTH,
    });
    expect(res.statusCode).toBe(204);
    await waitFor('the unsubscribe verification', () =>
      Promise.resolve(hub.verifications.some((v) => v.mode === 'unsubscribe' && v.confirmed)),
    );
    expect(await subscriptions()).toEqual([]);
    expect([...hub.subscriptions.values()].filter((s) => s.topic === topic())).toEqual([]);
  });
});
