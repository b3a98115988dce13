// Every route of the real app needs a bearer token unless it is one of the few open ones. The
// routes are read from the app itself, so a route added later is checked without editing this.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/http/app.js';
import { AUTH } from '../helpers/auth.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

// The only routes anyone may call without a token: probes, the review page's static shell (it
// holds no data), and webhooks with their own auth.
const OPEN = [
  '/',
  '/assets/review-page.css',
  '/assets/review-page.js',
  '/favicon.ico',
  '/health',
  '/ready',
];

describe('API auth', () => {
  let redis: TestRedis;
  let testApp: TestApp;
  let app: App;

  beforeAll(async () => {
    redis = await startTestRedis();
    testApp = await startTestApp({ redisUrl: redis.url, prefix: 'authtest' });
    app = testApp.app;
  });

  afterAll(async () => {
    await testApp?.close();
    await redis?.stop();
  });

  // Bearer routes and the session routes (/admin/*, which also take the session cookie).
  const protectedRoutes = () =>
    app.routeTable
      .filter((r) => r.access === 'bearer' || r.access === 'session')
      .map((r) => ({ method: r.method, url: r.url.replace(/:[A-Za-z]+|\*/g, 'x') }));

  it('knows every /api route and leaves only the probes, the page shell and webhooks open', () => {
    const urls = new Set(protectedRoutes().map((r) => r.url));
    for (const url of [
      '/api/feeds',
      '/api/articles',
      '/api/ingest',
      '/api/claims',
      '/api/claims/x',
      '/api/export/claims.csv',
      '/metrics',
      '/admin/queues',
    ]) {
      expect(urls).toContain(url);
    }
    // The OpenAPI docs (/docs, /docs/json, Swagger UI's files) are open too: they describe the
    // API and hold no data.
    const open = app.routeTable
      .filter((r) => r.access === 'open' && !r.url.startsWith('/docs'))
      .map((r) => r.url);
    expect([...new Set(open)].sort()).toEqual(OPEN);
    expect(app.routeTable.filter((r) => r.url.startsWith('/docs')).map((r) => r.access)).toEqual(
      expect.not.arrayContaining(['bearer', 'webhook', 'session']),
    );
    // The cookie is taken only by the queue dashboard and by the session's own logout.
    for (const r of app.routeTable.filter((r) => r.access === 'session')) {
      expect(`${r.method} ${r.url}`).toMatch(/^(\w+ \/admin\/|DELETE \/api\/session$)/);
    }
    for (const r of app.routeTable.filter((r) => r.access === 'webhook')) {
      expect(r.url).toMatch(/^\/webhooks\//);
    }
    expect(app.routeTable.filter((r) => r.url.startsWith('/api')).map((r) => r.access)).toEqual(
      expect.not.arrayContaining(['open', 'webhook']),
    );
  });

  it.each([
    ['no Authorization header', {}, 'AUTH_MISSING'],
    ['a Basic credential', { authorization: 'Basic dGVzdDp0ZXN0' }, 'AUTH_MISSING'],
    ['an empty Bearer', { authorization: 'Bearer ' }, 'AUTH_MISSING'],
    ['a wrong token', { authorization: 'Bearer not-the-token-0123456789' }, 'AUTH_INVALID'],
    [
      'the token with one character more',
      { authorization: `${AUTH.authorization}x` },
      'AUTH_INVALID',
    ],
  ])(
    'refuses every protected route with %s: 401 and a Bearer challenge',
    async (_n, headers, code) => {
      const routes = protectedRoutes();
      expect(routes.length).toBeGreaterThan(10);
      for (const { method, url } of routes) {
        const res = await app.inject({
          method: method as 'GET',
          url,
          headers,
          payload: method === 'GET' || method === 'HEAD' ? undefined : {},
        });
        expect(res.statusCode, `${method} ${url}`).toBe(401);
        expect(res.headers['www-authenticate'], `${method} ${url}`).toMatch(
          /^Bearer realm="newsmon"/,
        );
        if (method !== 'HEAD')
          expect(res.json(), `${method} ${url}`).toEqual({
            code,
            message: expect.any(String) as string,
          });
      }
    },
  );

  it('refuses /admin/* with an unknown session cookie, and every other route with any cookie', async () => {
    const cookie = `newsmon_session=${'A'.repeat(43)}`;
    for (const { method, url } of protectedRoutes()) {
      const res = await app.inject({
        method: method as 'GET',
        url,
        headers: { cookie },
        payload: method === 'GET' || method === 'HEAD' ? undefined : {},
      });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      if (method !== 'HEAD')
        expect(res.json(), `${method} ${url}`).toMatchObject({ code: 'AUTH_MISSING' });
    }
  });

  it('lets the token through, with the scheme in any case', async () => {
    for (const authorization of [
      AUTH.authorization,
      AUTH.authorization.replace('Bearer', 'bearer'),
    ]) {
      const res = await app.inject({
        method: 'GET',
        url: '/api/feeds',
        headers: { authorization },
      });
      expect(res.statusCode).toBe(200);
    }
  });

  it('never echoes the presented token in the refusal', async () => {
    const token = 'secret-looking-guess-0123456789';
    const res = await app.inject({
      method: 'GET',
      url: '/api/articles',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.body).not.toContain(token);
  });

  it('answers /health and /ready without a token', async () => {
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
  });
});
