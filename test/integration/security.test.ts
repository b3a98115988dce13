// Issue 8: SSRF through the real fetch path. The daemon may reach one loopback address,
// 127.0.0.2 (fetch.allow), where the test site listens; every other private or loopback
// spelling must be refused, whether ingested, pushed by a webhook, or reached by a redirect from
// the allowed site. A canary server listens on every local address (::, dual stack) at the port
// the refused URLs name, so a guard that let one through would show up as a hit there.
// Auth on every route is test/integration/auth.test.ts; hostile article text in the review page
// is test/browser/review-page.test.ts.
import { lookup } from 'node:dns/promises';
import os from 'node:os';
import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../src/domain/article-record.js';
import { addressRefusal } from '../../src/fetch/address-guard.js';
import { AUTH, startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { send, startTestServer, type Route, type TestServer } from '../helpers/http-server.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const ALLOWED = '127.0.0.2';

// The machine's own host name, when it resolves to a non-public address (it usually does:
// /etc/hosts maps it to 127.0.1.1 or 127.0.0.1): a name, not a literal, refused at connect time.
const HOSTNAME = os.hostname();
const hostnameRefused = await lookup(HOSTNAME, { all: true }).then(
  (list) => list.length > 0 && list.every((a) => addressRefusal(a.address, { allow: [] })),
  () => false,
);

interface SsrfCase {
  name: string;
  /** The URL, given the canary's port. */
  url: (port: number) => string;
  /**
   * What the webhook intake answers: 403 for a literal address or `localhost` (refused before
   * anything is queued), 202 for a host name it does not resolve (refused at connect time).
   */
  intake: 403 | 202;
}

const DIRECT: SsrfCase[] = [
  { name: 'IPv4 loopback 127.0.0.1', url: (p) => `http://127.0.0.1:${p}/`, intake: 403 },
  { name: 'IPv6 loopback ::1', url: (p) => `http://[::1]:${p}/`, intake: 403 },
  { name: '10/8', url: (p) => `http://10.0.0.1:${p}/`, intake: 403 },
  { name: '172.16/12', url: (p) => `http://172.16.0.1:${p}/`, intake: 403 },
  { name: '192.168/16', url: (p) => `http://192.168.1.1:${p}/`, intake: 403 },
  {
    name: 'cloud metadata 169.254.169.254',
    url: () => 'http://169.254.169.254/latest/meta-data/iam/',
    intake: 403,
  },
  { name: 'carrier-grade NAT 100.64/10', url: (p) => `http://100.64.0.1:${p}/`, intake: 403 },
  { name: '0.0.0.0', url: (p) => `http://0.0.0.0:${p}/`, intake: 403 },
  { name: 'IPv6 unspecified ::', url: (p) => `http://[::]:${p}/`, intake: 403 },
  {
    name: 'IPv4-mapped IPv6 ::ffff:127.0.0.1',
    url: (p) => `http://[::ffff:127.0.0.1]:${p}/`,
    intake: 403,
  },
  { name: 'decimal 2130706433', url: (p) => `http://2130706433:${p}/`, intake: 403 },
  { name: 'octal 0177.0.0.1', url: (p) => `http://0177.0.0.1:${p}/`, intake: 403 },
  { name: 'hex 0x7f.1', url: (p) => `http://0x7f.1:${p}/`, intake: 403 },
  { name: 'short form 127.1', url: (p) => `http://127.1:${p}/`, intake: 403 },
  { name: 'IPv6 unique local fc00::1', url: (p) => `http://[fc00::1]:${p}/`, intake: 403 },
  { name: 'localhost (resolves to loopback)', url: (p) => `http://localhost:${p}/`, intake: 403 },
  { name: 'LOCALHOST in capitals', url: (p) => `http://LOCALHOST:${p}/`, intake: 403 },
  // Issue 18: a trailing dot, and IPv6 forms that carry a loopback or link-local IPv4 address.
  { name: 'localhost. (trailing dot)', url: (p) => `http://localhost.:${p}/`, intake: 403 },
  { name: 'IPv4-compatible ::7f00:1', url: (p) => `http://[::7f00:1]:${p}/`, intake: 403 },
  { name: 'IPv4-compatible ::a00:1', url: (p) => `http://[::a00:1]:${p}/`, intake: 403 },
  {
    name: 'IPv4-compatible cloud metadata ::a9fe:a9fe',
    url: () => 'http://[::a9fe:a9fe]/latest/meta-data/',
    intake: 403,
  },
  { name: '6to4 of 127.0.0.1', url: (p) => `http://[2002:7f00:1::]:${p}/`, intake: 403 },
  {
    name: 'Teredo with client 127.0.0.1',
    url: (p) => `http://[2001:0:5db8:d822::80ff:fffe]:${p}/`,
    intake: 403,
  },
  { name: 'NAT64 of 127.0.0.1', url: (p) => `http://[64:ff9b::7f00:1]:${p}/`, intake: 403 },
  ...(hostnameRefused
    ? [
        {
          name: `the host name ${HOSTNAME} (resolves to a private address)`,
          url: (p: number) => `http://${HOSTNAME}:${p}/`,
          intake: 202 as const,
        },
      ]
    : []),
];

/** Redirects from the allowed site: the first hop is allowed, the next one is not. */
const REDIRECTS: SsrfCase[] = [
  {
    name: 'the allowed site redirecting to 127.0.0.1',
    url: (p) => `http://127.0.0.1:${p}/`,
    intake: 202,
  },
  { name: 'the allowed site redirecting to ::1', url: (p) => `http://[::1]:${p}/`, intake: 202 },
  {
    name: 'the allowed site redirecting to localhost',
    url: (p) => `http://localhost:${p}/`,
    intake: 202,
  },
  {
    name: 'the allowed site redirecting to 169.254.169.254',
    url: () => 'http://169.254.169.254/latest/meta-data/',
    intake: 202,
  },
  {
    name: 'the allowed site redirecting to 10.0.0.1',
    url: (p) => `http://10.0.0.1:${p}/`,
    intake: 202,
  },
  {
    name: 'the allowed site redirecting to decimal 2130706433 with a 307',
    url: (p) => `http://2130706433:${p}/`,
    intake: 202,
  },
];

const PAGE = (label: string) => `<!doctype html><html><head><meta charset="utf-8">
<title>Chicago police and ICE: ${label}</title></head><body><article><h1>Chicago police and ICE</h1>
<p>Chicago police officers were told not to assist ICE and Border Patrol agents, the department said, as aldermen pressed commanders about the ${label} page at a hearing on the Welcoming City ordinance.</p>
<p>Residents of the ward asked the district commander about patrol staffing, radio dispatch and the community meetings planned for the autumn.</p>
</article></body></html>`;

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');

describe('SSRF: refused by default through the real fetch path', () => {
  let redis: TestRedis;
  let site: TestServer;
  let canary: TestServer;
  let port: number;
  let daemon: TestDaemon;

  const inject = (opts: InjectOptions) => daemon.app!.inject(opts);

  const ingest = async (url: string): Promise<string> => {
    const res = await inject({
      method: 'POST',
      url: '/api/ingest',
      headers: AUTH,
      payload: { url },
    });
    expect(res.statusCode, url).toBe(202);
    return res.json<{ articleId: string }>().articleId;
  };

  const alert = (url: string) => {
    const payload = JSON.stringify({ url });
    const id = `msg_${randomUUID()}`;
    const at = new Date();
    return inject({
      method: 'POST',
      url: '/webhooks/alerts',
      payload,
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(SECRET).sign(id, at, payload),
      },
    });
  };

  const settled = (id: string) =>
    waitFor(`article ${id} settled`, async () => {
      const res = await inject({ method: 'GET', url: `/api/articles/${id}`, headers: AUTH });
      const a = res.json<ArticleRecord>();
      return ['analyzed', 'skipped', 'failed'].includes(a.status) ? a : undefined;
    });

  const expectRefused = async (id: string) => {
    const a = await settled(id);
    expect({ status: a.status, code: a.error?.code }).toEqual({
      status: 'failed',
      code: 'FETCH_BLOCKED_ADDRESS',
    });
    expect(a.snapshot).toBeNull();
  };

  beforeAll(async () => {
    redis = await startTestRedis();
    canary = await startTestServer({ '/': send(200, 'text/plain', 'internal secret') }, '::');
    port = Number(new URL(canary.origin).port);
    const routes: Record<string, Route> = {
      '/good': send(200, 'text/html', PAGE('allowed')),
      '/good-after': send(200, 'text/html', PAGE('after the refusals')),
    };
    for (const c of REDIRECTS) {
      const status = c.name.includes('307') ? 307 : 302;
      routes[`/to/${slug(c.name)}`] = (_req, res) =>
        void res.writeHead(status, { location: c.url(port) }).end();
      routes[`/to/${slug(c.name)}/w`] = routes[`/to/${slug(c.name)}`]!;
    }
    site = await startTestServer(routes, ALLOWED);
    daemon = await startTestDaemon({
      redisUrl: redis.url,
      feeds: [],
      overrides: {
        fetch: {
          allow: [ALLOWED],
          timeoutMs: 3_000,
          perHost: { maxConcurrent: 16, minIntervalMs: 0 },
        },
        jobs: { attempts: 2, backoffMs: 100 },
        webhooks: { alerts: { secret: SECRET } },
      },
    });
  }, 60_000);

  afterAll(async () => {
    await daemon?.stop();
    await site?.close();
    await canary?.close();
    await redis?.stop();
  });

  it('fetches a page on the allowed address (control)', async () => {
    const a = await settled(await ingest(`${site.origin}/good`));
    expect([a.status, a.error]).toEqual(['analyzed', null]);
  });

  describe('POST /api/ingest → the article fails with FETCH_BLOCKED_ADDRESS', () => {
    it.each(DIRECT)('$name', async (c) => {
      await expectRefused(await ingest(c.url(port)));
    });
    it.each(REDIRECTS)('$name', async (c) => {
      await expectRefused(await ingest(`${site.origin}/to/${slug(c.name)}`));
    });
  });

  describe('POST /webhooks/alerts → refused at intake, or at fetch for names and redirects', () => {
    it.each([
      ...DIRECT.map((c) => ({ ...c, path: false })),
      ...REDIRECTS.map((c) => ({ ...c, path: true })),
    ])('$name → $intake', async (c) => {
      const url = c.path ? `${site.origin}/to/${slug(c.name)}/w` : `${c.url(port)}w`;
      const res = await alert(url);
      expect(res.statusCode).toBe(c.intake);
      if (c.intake === 403) {
        expect(res.json()).toMatchObject({ code: 'FETCH_BLOCKED_ADDRESS' });
        return;
      }
      const { articles } = res.json<{ articles: { articleId: string }[] }>();
      await expectRefused(articles[0]!.articleId);
    });
  });

  it('never let a request reach the canary', () => {
    expect(canary.hits).toEqual([]);
  });

  it('still fetches the allowed site afterwards', async () => {
    const a = await settled(await ingest(`${site.origin}/good-after`));
    expect([a.status, a.error]).toEqual(['analyzed', null]);
  });
});
