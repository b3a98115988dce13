// The OpenAPI document at /docs/json and the routes' schemas: every route is listed, every route
// has a response schema for its success status, and responses go through those schemas intact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/http/app.js';
import { AUTH } from '../helpers/auth.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  security?: unknown[];
  parameters?: { name: string; in: string }[];
}
interface OpenApi {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { securitySchemes?: Record<string, unknown> };
}

/** Routes added by plugins with their own UI and no JSON API: the docs, bull-board. */
const THIRD_PARTY = /^\/(docs|admin\/queues)(\/|$)/;

/** Fastify's /a/:id → OpenAPI's /a/{id}. */
const openapiPath = (url: string) => url.replace(/:([A-Za-z_]+)/g, '{$1}');

describe('OpenAPI and route schemas', () => {
  let redis: TestRedis;
  let testApp: TestApp;
  let app: App;
  let spec: OpenApi;

  beforeAll(async () => {
    redis = await startTestRedis();
    testApp = await startTestApp({ redisUrl: redis.url, prefix: 'openapitest' });
    app = testApp.app;
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    spec = res.json<OpenApi>();
  });

  afterAll(async () => {
    await testApp?.close();
    await redis?.stop();
  });

  const ownRoutes = () =>
    app.routeTable.filter((r) => r.method !== 'HEAD' && !THIRD_PARTY.test(r.url));

  it('serves an OpenAPI 3 document without a token, with the security schemes', () => {
    expect(spec.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(spec.info).toMatchObject({ title: 'newsmon', version: expect.any(String) as string });
    expect(Object.keys(spec.components?.securitySchemes ?? {}).sort()).toEqual([
      'bearer',
      'session',
    ]);
    for (const [path, ops] of Object.entries(spec.paths)) {
      expect(path.startsWith('/'), path).toBe(true);
      for (const [method, op] of Object.entries(ops)) {
        expect(['get', 'post', 'put', 'patch', 'delete']).toContain(method);
        expect(Object.keys(op.responses ?? {}).length, `${method} ${path}`).toBeGreaterThan(0);
        // Every path parameter is declared.
        for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
          expect(
            op.parameters?.some((p) => p.in === 'path' && p.name === name),
            `${method} ${path} {${name}}`,
          ).toBe(true);
        }
      }
    }
  });

  it('lists every route of the app', () => {
    const missing = ownRoutes()
      .filter((r) => !spec.paths[openapiPath(r.url)]?.[r.method.toLowerCase()])
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    for (const url of [
      '/health',
      '/ready',
      '/api/feeds',
      '/api/articles',
      '/api/articles/{id}',
      '/api/claims',
      '/api/ingest',
      '/api/export/articles.csv',
      '/api/export/claims.jsonl',
      '/api/session',
      '/metrics',
      '/webhooks/alerts',
      '/webhooks/miniflux',
    ]) {
      expect(Object.keys(spec.paths)).toContain(url);
    }
  });

  it('gives every route a response schema for its success status', () => {
    const without = ownRoutes().filter((r) => {
      const op = spec.paths[openapiPath(r.url)]?.[r.method.toLowerCase()];
      const success = Object.entries(op?.responses ?? {}).filter(([status]) => /^2/.test(status));
      // 204 has no body; any other success names its content and its schema.
      return !success.some(
        ([status, res]) =>
          status === '204' || Object.values(res.content ?? {}).some((c) => c.schema),
      );
    });
    expect(without.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('describes the error answers and the auth of each route', () => {
    const articles = spec.paths['/api/articles']!.get!;
    expect(Object.keys(articles.responses!)).toEqual(expect.arrayContaining(['200', '4XX']));
    expect(articles.security).toBeUndefined(); // the document's default: bearer
    expect(spec.paths['/health']!.get!.security).toEqual([]);
    expect(spec.paths['/webhooks/alerts']!.post!.security).toEqual([]);
  });

  it('serves the Swagger UI page without a token', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });

  it('still refuses data routes without a token', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/articles' })).statusCode).toBe(401);
  });

  it('answers the probes and lists through their schemas', async () => {
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    const list = await app.inject({ method: 'GET', url: '/api/articles', headers: AUTH });
    expect(list.json()).toEqual({ total: 0, items: [] });
  });
});
