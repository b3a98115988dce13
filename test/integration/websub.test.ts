// WebSub subscriber conformance, case by case as websub.rocks numbers them (the W3C
// implementation report's list: discovery 100-104, subscription 200-205, distribution 300-302),
// against a W3C hub (test/helpers/websub-hub.ts), topics served from 127.0.0.1, the real app
// listening for callbacks, and the real orchestrators on a private Redis.
import type http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Payload } from '../../src/jobs/job-registry.js';
import { renewWebSub } from '../../src/pipeline/websub-subscribe.js';
import { ingestWebSubDelivery } from '../../src/pipeline/websub-deliver.js';
import type { WebSubSubscription } from '../../src/store/websub.store.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { AUTH } from '../helpers/auth.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';
import { createTestPipeline, type TestPipeline } from '../helpers/pipeline.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { startTestHub, type TestHub } from '../helpers/websub-hub.js';

const PREFIX = 'websubtest';
const BODY_LIMIT = 65_536;

let redis: TestRedis;
let hub: TestHub;
let site: TestServer;
let testApp: TestApp;
let pipe: TestPipeline;
let appOrigin: string;

/** An RSS feed with story entries; `head` goes in the channel (hub and self links). */
function rss(head: string, items: { slug: string; title: string }[] = []): string {
  const entries = items
    .map(
      (i) =>
        `<item><title>${i.title}</title><link>${site.origin}/news/${i.slug}</link><guid>${i.slug}</guid></item>`,
    )
    .join('');
  return `<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Test</title><link>${site.origin}/</link>${head}${entries}</channel></rss>`;
}

const STORY = [{ slug: 'first', title: 'Chicago police told not to assist ICE agents' }];
const headerLinks = (hubUrl: string, self: string) =>
  `<${hubUrl}>; rel="hub", <${self}>; rel="self"`;

function serve(
  status: number,
  body: () => string,
  headers: () => Record<string, string> = () => ({}),
  type = 'application/rss+xml',
) {
  return (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(status, { 'content-type': type, ...headers() }).end(body());
  };
}

beforeAll(async () => {
  redis = await startTestRedis();
  hub = await startTestHub();
  const t = (path: string) => `${site.origin}${path}`;
  site = await startTestServer({
    // 100: hub and self only in the HTTP Link headers.
    '/100': serve(
      200,
      () => rss('', STORY),
      () => ({ link: headerLinks(hub.url, t('/100')) }),
    ),
    // 101: an HTML page with <link rel="hub"> and <link rel="self">.
    '/101': serve(
      200,
      () =>
        `<!doctype html><html><head><title>p</title><link rel="hub" href="${hub.url}"><link rel="self" href="${t('/101')}"></head><body>x</body></html>`,
      () => ({}),
      'text/html; charset=utf-8',
    ),
    // 102: an Atom feed with <link rel="hub"> and <link rel="self">.
    '/102': serve(
      200,
      () =>
        `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:x</id><updated>2025-10-10T00:00:00Z</updated><link rel="hub" href="${hub.url}"/><link rel="self" href="${t('/102')}"/></feed>`,
      () => ({}),
      'application/atom+xml',
    ),
    // 103: an RSS feed with <atom:link rel="hub"> and <atom:link rel="self">.
    '/103': serve(200, () =>
      rss(`<atom:link rel="hub" href="${hub.url}"/><atom:link rel="self" href="${t('/103')}"/>`),
    ),
    // 104: the right hub in the headers, a wrong one (which refuses) in the body.
    '/104': serve(
      200,
      () =>
        rss(
          `<atom:link rel="hub" href="${hub.origin}/wrong-hub"/><atom:link rel="self" href="${t('/104-wrong')}"/>`,
        ),
      () => ({ link: headerLinks(hub.url, t('/104')) }),
    ),
    // 200: fetched at /200, it reports another rel=self.
    '/200': serve(
      200,
      () => rss(''),
      () => ({ link: headerLinks(hub.url, t('/200?self=other')) }),
    ),
    // 201 / 202: the topic URL redirects (302 / 301) to where the feed and its links are.
    '/201': (req, res) => redirectOnce(req, res, 302, '/201'),
    '/202': (req, res) => redirectOnce(req, res, 301, '/202'),
    // 203 / 204: the advertised hub answers 307 / 308 to the real one.
    '/203': serve(
      200,
      () => rss(''),
      () => ({ link: headerLinks(`${hub.origin}/hub-307`, t('/203')) }),
    ),
    '/204': serve(
      200,
      () => rss(''),
      () => ({ link: headerLinks(`${hub.origin}/hub-308`, t('/204')) }),
    ),
    // Plain topics for the verification and distribution cases.
    ...Object.fromEntries(
      [
        '/205',
        '/300-sha1',
        '/300-sha256',
        '/300-sha384',
        '/300-sha512',
        '/301',
        '/302',
        '/lease',
        '/late',
        '/unsub',
        '/denied',
        '/moved',
        '/limit',
      ].map((p) => [
        p,
        serve(
          200,
          () => rss('', STORY),
          () => ({ link: headerLinks(hub.url, t(p)) }),
        ),
      ]),
    ),
    '/nohub': serve(200, () => rss('', STORY)),
  });

  testApp = await startTestApp({
    redisUrl: redis.url,
    prefix: PREFIX,
    // The app only needs WebSub on; the callback URLs come from the pipeline's config.
    overrides: { websub: { callbackBase: 'http://127.0.0.1:1', bodyLimitBytes: BODY_LIMIT } },
  });
  appOrigin = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  pipe = await createTestPipeline({
    redisUrl: redis.url,
    prefix: PREFIX,
    overrides: { websub: { callbackBase: appOrigin, leaseSeconds: 600 } },
  });
});

afterAll(async () => {
  await pipe?.close();
  await testApp?.close();
  await site?.close();
  await hub?.close();
  await redis?.stop();
});

beforeEach(() => {
  hub.behaviour = {};
});

function redirectOnce(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  status: number,
  path: string,
): void {
  const final = `${site.origin}${path}?redirect=complete`;
  if (!(req.url ?? '').includes('redirect=complete')) {
    res.writeHead(status, { location: final }).end();
    return;
  }
  res
    .writeHead(200, { 'content-type': 'application/rss+xml', link: headerLinks(hub.url, final) })
    .end(rss(''));
}

let feedCount = 0;
/** Registers a feed at `path` of the site and runs one WebSub round for it. */
async function subscribe(path: string): Promise<{ feedId: string; sub: WebSubSubscription }> {
  const feedId = `feed-${++feedCount}`;
  await pipe.deps.feeds.add({
    id: feedId,
    outlet: 'Test',
    title: 'Test',
    url: `${site.origin}${path}`,
    enabled: true,
    origin: 'api',
    configUrl: null,
    addedAt: new Date().toISOString(),
    urlChanges: [],
  });
  await renewWebSub(pipe.deps, { feedId, due: Date.now() }, pipe.ctx);
  await hub.idle();
  // An ended subscription (denied) is no longer the feed's: found by its callback instead.
  const id = hub.requests.at(-1)?.callback.split('/').pop() ?? '';
  const sub = (await pipe.deps.websub.currentFor(feedId)) ?? (await pipe.deps.websub.get(id));
  if (!sub) throw new Error(`no subscription for ${path}`);
  return { feedId, sub };
}

const requestsFor = (topic: string) => hub.requests.filter((r) => r.topic === topic);
const callbackOf = (sub: WebSubSubscription) => `${appOrigin}/websub/${sub.id}`;

describe('WebSub discovery (websub.rocks 100-104)', () => {
  it.each([
    ['100', 'HTTP Link headers', '/100'],
    ['101', 'HTML <link> tags', '/101'],
    ['102', 'Atom feed <link> elements', '/102'],
    ['103', 'RSS feed <atom:link> elements', '/103'],
  ])(
    '%s: discovers hub and self from %s and subscribes with topic = self',
    async (_n, _w, path) => {
      const { sub } = await subscribe(path);
      const topic = `${site.origin}${path}`;
      expect(sub).toMatchObject({ hub: hub.url, topic, state: 'active', pendingMode: null });
      const [req] = requestsFor(topic);
      expect(req).toMatchObject({ path: '/hub', mode: 'subscribe', callback: callbackOf(sub) });
      expect(req!.secret).toBe(sub.secret);
      expect(hub.verifications.find((v) => v.topic === topic)).toMatchObject({ confirmed: true });
    },
  );

  it('104: prefers the hub and self of the HTTP Link headers over those in the body', async () => {
    const { sub } = await subscribe('/104');
    expect(sub).toMatchObject({ hub: hub.url, topic: `${site.origin}/104`, state: 'active' });
    expect(hub.requests.some((r) => r.path === '/wrong-hub')).toBe(false);
  });

  it('a feed without a hub is left to polling: no subscription, no hub request', async () => {
    const before = hub.requests.length;
    const feedId = `feed-${++feedCount}`;
    await pipe.deps.feeds.add({
      id: feedId,
      outlet: 'T',
      title: 'T',
      url: `${site.origin}/nohub`,
      enabled: true,
      origin: 'api',
      configUrl: null,
      addedAt: new Date().toISOString(),
      urlChanges: [],
    });
    const result = await renewWebSub(pipe.deps, { feedId, due: Date.now() }, pipe.ctx);
    expect(result).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/no hub/) as string,
    });
    expect(hub.requests.length).toBe(before);
    expect(await pipe.deps.websub.currentFor(feedId)).toBeNull();
  });
});

describe('WebSub subscription and verification (websub.rocks 200-205)', () => {
  it('200: subscribes to the rel=self URL the topic reports, not the URL fetched', async () => {
    const { sub } = await subscribe('/200');
    expect(sub).toMatchObject({ topic: `${site.origin}/200?self=other`, state: 'active' });
    expect(requestsFor(`${site.origin}/200`)).toEqual([]);
  });

  it.each([
    ['201', '302 temporary', '/201'],
    ['202', '301 permanent', '/202'],
  ])(
    '%s: follows a topic URL that sends a %s redirect and subscribes to its self',
    async (_n, _w, path) => {
      const { sub } = await subscribe(path);
      expect(sub).toMatchObject({
        topic: `${site.origin}${path}?redirect=complete`,
        state: 'active',
      });
    },
  );

  it.each([
    ['203', '307 temporary', '/203', '/hub-307'],
    ['204', '308 permanent', '/204', '/hub-308'],
  ])(
    '%s: repeats the subscription request, secret included, at the hub a %s redirect names',
    async (_n, _w, path, advertised) => {
      const { sub } = await subscribe(path);
      expect(sub).toMatchObject({ hub: `${hub.origin}${advertised}`, state: 'active' });
      const [req] = requestsFor(`${site.origin}${path}`);
      expect(req).toMatchObject({ path: '/hub', mode: 'subscribe', secret: sub.secret });
    },
  );

  it('205: answers 404 to a verification for another topic and stays unverified', async () => {
    hub.behaviour = { verifyTopic: (t) => `${t}?other` };
    const { sub } = await subscribe('/205');
    expect(hub.verifications.at(-1)).toMatchObject({ status: 404, confirmed: false });
    expect(sub).toMatchObject({ state: 'pending', pendingMode: 'subscribe' });
    expect(hub.subscriptions.has(`${sub.topic} ${callbackOf(sub)}`)).toBe(false);
  });

  it('205: answers 404 to a wrong mode, an unknown subscription, or a request with no challenge', async () => {
    const { sub } = await subscribe('/lease');
    const call = (id: string, q: Record<string, string>) =>
      testApp.app.inject({ method: 'GET', url: `/websub/${id}?${new URLSearchParams(q)}` });
    const q = { 'hub.topic': sub.topic, 'hub.challenge': 'c1', 'hub.lease_seconds': '60' };
    // Verified already: nothing is pending, so even the right topic and mode are refused.
    for (const res of [
      await call(sub.id, { ...q, 'hub.mode': 'subscribe' }),
      await call(sub.id, { ...q, 'hub.mode': 'unsubscribe' }),
      await call('0'.repeat(32), { ...q, 'hub.mode': 'subscribe' }),
      await call('not-an-id', { ...q, 'hub.mode': 'subscribe' }),
      await call(sub.id, { 'hub.mode': 'subscribe', 'hub.topic': sub.topic }),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('c1');
    }
    // Pending an unsubscribe, a subscribe verification is still refused.
    await pipe.deps.websub.patch(sub.id, { pendingMode: 'unsubscribe' });
    expect((await call(sub.id, { ...q, 'hub.mode': 'subscribe' })).statusCode).toBe(404);
    const ok = await call(sub.id, { ...q, 'hub.mode': 'unsubscribe' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('c1');
  });

  it('takes the lease the hub grants and queues the renewal at 85 % of it', async () => {
    hub.behaviour = { leaseSeconds: 1000 };
    const { feedId, sub } = await subscribe('/moved');
    expect(hub.requests.at(-1)?.leaseSeconds).toBe(600); // asked: websub.leaseSeconds
    expect(sub.leaseSeconds).toBe(1000);
    expect(sub.expiresAt! - sub.verifiedAt!).toBe(1_000_000);
    expect(sub.renewAt! - sub.verifiedAt!).toBe(850_000);
    const due: Payload<'websub.renew'> = { feedId, due: sub.renewAt! };
    const job = await testApp.queues
      .queue('websub-renew')
      .getJob(`websub-renew-${feedId}-${due.due}`);
    expect(job?.data).toEqual(due);
    expect(await job?.isDelayed()).toBe(true);
    // Before then, a round does nothing; at the renewal time it discovers the hub again.
    expect(await renewWebSub(pipe.deps, due, pipe.ctx)).toMatchObject({ status: 'skipped' });
    await pipe.deps.websub.patch(sub.id, { renewAt: Date.now() - 1 });
    const n = requestsFor(sub.topic).length;
    const site0 = site.hits.filter((h) => h === '/moved').length;
    await renewWebSub(pipe.deps, due, pipe.ctx);
    await hub.idle();
    expect(requestsFor(sub.topic).length).toBe(n + 1);
    expect(site.hits.filter((h) => h === '/moved').length).toBe(site0 + 1);
    expect(await pipe.deps.websub.currentFor(feedId)).toMatchObject({
      id: sub.id,
      state: 'active',
    });
  });

  it('a hub that answers 202 and verifies later: pending until the verification, then active', async () => {
    hub.behaviour = { verifyDelayMs: 300 };
    const feedId = `feed-${++feedCount}`;
    await pipe.deps.feeds.add({
      id: feedId,
      outlet: 'T',
      title: 'T',
      url: `${site.origin}/late`,
      enabled: true,
      origin: 'api',
      configUrl: null,
      addedAt: new Date().toISOString(),
      urlChanges: [],
    });
    const result = await renewWebSub(pipe.deps, { feedId, due: Date.now() }, pipe.ctx);
    expect(result).toMatchObject({ status: 'done', action: 'subscribe' });
    expect(await pipe.deps.websub.currentFor(feedId)).toMatchObject({
      state: 'pending',
      pendingMode: 'subscribe',
    });
    // A second round while the verification is pending sends nothing.
    const again = await renewWebSub(pipe.deps, { feedId, due: Date.now() }, pipe.ctx);
    expect(again).toMatchObject({ status: 'skipped', reason: 'verification pending' });
    await hub.idle();
    expect(await pipe.deps.websub.currentFor(feedId)).toMatchObject({ state: 'active' });
  });

  it('unsubscribes when the feed is removed: the hub verifies, later deliveries get 410', async () => {
    const { feedId, sub } = await subscribe('/unsub');
    await pipe.deps.feeds.remove(feedId);
    await renewWebSub(pipe.deps, { feedId, due: Date.now() }, pipe.ctx);
    await hub.idle();
    expect(hub.requests.at(-1)).toMatchObject({ mode: 'unsubscribe', topic: sub.topic });
    expect(hub.verifications.at(-1)).toMatchObject({ mode: 'unsubscribe', confirmed: true });
    expect(await pipe.deps.websub.get(sub.id)).toMatchObject({ state: 'unsubscribed' });
    expect(await pipe.deps.websub.currentFor(feedId)).toBeNull();
    const res = await testApp.app.inject({
      method: 'POST',
      url: `/websub/${sub.id}`,
      headers: { 'content-type': 'application/rss+xml' },
      payload: rss('', STORY),
    });
    expect(res.statusCode).toBe(410);
  });

  it('records a denial (hub.mode=denied) and answers it 200', async () => {
    hub.behaviour = { deny: true };
    const { sub } = await subscribe('/denied');
    expect(hub.verifications.at(-1)).toMatchObject({ mode: 'denied', status: 200 });
    expect(await pipe.deps.websub.get(sub.id)).toMatchObject({
      state: 'denied',
      lastError: { code: 'WEBSUB_DENIED' },
    });
  });
});

describe('WebSub distribution (websub.rocks 300-302)', () => {
  const NEW = [{ slug: 'pushed', title: 'Chicago police and ICE: the new order explained' }];

  async function deliverJobs(): Promise<Payload<'websub.deliver'>[]> {
    const jobs = await testApp.queues.queue('websub-deliver').getJobs(['waiting', 'delayed']);
    await Promise.all(jobs.map((j) => j.remove()));
    return jobs.map((j) => j.data as Payload<'websub.deliver'>);
  }

  it.each(['sha1', 'sha256', 'sha384', 'sha512'] as const)(
    '300: a delivery signed with %s is answered 2xx and its new entries become article fetches',
    async (alg) => {
      const { sub } = await subscribe(`/300-${alg}`);
      await deliverJobs();
      const slug = `pushed-${alg}`;
      const statuses = await hub.publish(sub.topic, rss('', [{ ...NEW[0]!, slug }]), { sign: alg });
      expect(statuses).toEqual([{ callback: callbackOf(sub), status: 202 }]);
      const [job, ...rest] = await deliverJobs();
      expect(rest).toEqual([]);
      const result = await ingestWebSubDelivery(pipe.deps, job!, pipe.ctx);
      expect(result).toMatchObject({ status: 'done', entries: 1, poll: false });
      const fresh = result.status === 'done' ? result.fresh : [];
      expect(fresh.map((f) => f.url)).toEqual([`${site.origin}/news/${slug}`]);
      expect(fresh[0]).toMatchObject({
        origin: { kind: 'feed', feedId: sub.feedId, entryId: slug },
      });
      expect(await pipe.deps.articles.peek(fresh[0]!.articleId)).not.toBeNull();
      // Delivered again, the entry makes the very same fetch (same job id: fetched once).
      const again = await ingestWebSubDelivery(pipe.deps, job!, pipe.ctx);
      expect(again).toMatchObject({ status: 'done', fresh });
    },
  );

  it('301: a delivery with an invalid signature is answered 2xx and ignored', async () => {
    const { sub } = await subscribe('/301');
    await deliverJobs();
    const statuses = await hub.publish(sub.topic, rss('', NEW), { sign: 'wrong' });
    expect(statuses[0]!.status).toBe(202);
    expect(await deliverJobs()).toEqual([]);
    expect(await pipe.deps.websub.get(sub.id)).toMatchObject({
      ignored: 1,
      deliveries: 0,
      lastIgnoredReason: 'signature does not match',
    });
  });

  it('302: a delivery with no signature for a subscription with a secret is refused (401) and ignored', async () => {
    const { sub } = await subscribe('/302');
    await deliverJobs();
    const statuses = await hub.publish(sub.topic, rss('', NEW), { sign: 'none' });
    expect(statuses[0]!.status).toBe(401);
    expect(await deliverJobs()).toEqual([]);
    expect(await pipe.deps.websub.get(sub.id)).toMatchObject({ ignored: 1, deliveries: 0 });
  });

  it('a body that is no feed (a light ping) asks for a poll of the feed instead', async () => {
    const { sub } = await subscribe('/limit');
    await deliverJobs();
    await hub.publish(sub.topic, '', { contentType: 'text/plain' });
    const [job] = await deliverJobs();
    const result = await ingestWebSubDelivery(pipe.deps, job!, pipe.ctx);
    expect(result).toMatchObject({ status: 'done', poll: true, fresh: [] });
  });

  it('refuses a body over websub.bodyLimitBytes with 413 BODY_TOO_LARGE', async () => {
    const sub = (await pipe.deps.websub.list()).find((s) => s.state === 'active')!;
    const res = await testApp.app.inject({
      method: 'POST',
      url: `/websub/${sub.id}`,
      headers: { 'content-type': 'application/rss+xml', 'x-hub-signature': 'sha256=00' },
      payload: 'x'.repeat(BODY_LIMIT + 1),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'BODY_TOO_LARGE' });
  });
});

describe('WebSub callback access', () => {
  it('needs no bearer token, and only /websub/:subscriptionId is open that way', () => {
    const routes = testApp.app.routeTable.filter((r) => r.access === 'websub');
    expect([...new Set(routes.map((r) => r.url))]).toEqual(['/websub/:subscriptionId']);
    expect(routes.map((r) => r.method).sort()).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('lists subscriptions at GET /api/websub, behind the token and without secrets', async () => {
    expect((await testApp.app.inject({ url: '/api/websub' })).statusCode).toBe(401);
    const res = await testApp.app.inject({ url: '/api/websub', headers: AUTH });
    const body = res.json<{ enabled: boolean; subscriptions: Record<string, unknown>[] }>();
    expect(body.enabled).toBe(true);
    expect(body.subscriptions.length).toBeGreaterThan(5);
    expect(JSON.stringify(body)).not.toContain('"secret"');
  });

  it('answers 404 WEBSUB_NOT_CONFIGURED when WebSub is off', async () => {
    const off = await startTestApp({ redisUrl: redis.url, prefix: PREFIX });
    try {
      const res = await off.app.inject({ method: 'POST', url: `/websub/${'a'.repeat(32)}` });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'WEBSUB_NOT_CONFIGURED' });
    } finally {
      await off.close();
    }
  });
});
