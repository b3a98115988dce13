// Issue 18: a redirect without a usable Location was retried as if it might pass (5 attempts by
// default). Through the real daemon with 5 attempts: each is fetched once and recorded with its
// permanent code; a 500 (transient) is fetched 5 times, so retries do happen here. (The other
// permanent failure of the issue, a 5 MB word that overflowed words(), no longer fails at all:
// test/unit/text-normalize.test.ts and the 5 MB case of test/integration/bad-input.test.ts.)
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../src/domain/article-record.js';
import { AUTH, startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { send, startTestServer, type Route, type TestServer } from '../helpers/http-server.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

const ATTEMPTS = 5;

const moved =
  (headers: Record<string, string>): Route =>
  (_req, res) =>
    void res.writeHead(301, headers).end();

const CASES: {
  name: string;
  path: string;
  route: Route;
  status: string;
  code: string | null;
  hits: number;
}[] = [
  {
    name: 'a 301 without a Location',
    path: '/no-location',
    route: moved({}),
    status: 'failed',
    code: 'FETCH_BAD_REDIRECT',
    hits: 1,
  },
  {
    name: 'a 301 with an empty Location',
    path: '/empty-location',
    route: moved({ location: '' }),
    status: 'failed',
    code: 'FETCH_BAD_REDIRECT',
    hits: 1,
  },
  {
    name: 'a 301 to an unparsable Location',
    path: '/bad-location',
    route: moved({ location: 'http://[' }),
    status: 'failed',
    code: 'FETCH_BAD_REDIRECT',
    hits: 1,
  },
  {
    name: 'a 500 (transient: the control)',
    path: '/500',
    route: send(500, 'text/plain', 'oops'),
    status: 'failed',
    code: 'FETCH_HTTP_STATUS',
    hits: ATTEMPTS,
  },
];

describe('permanent failures are not retried', () => {
  let redis: TestRedis;
  let site: TestServer;
  let daemon: TestDaemon;
  const ids = new Map<string, string>();
  const inject = (opts: InjectOptions) => daemon.app!.inject(opts);

  beforeAll(async () => {
    redis = await startTestRedis();
    site = await startTestServer(Object.fromEntries(CASES.map((c) => [c.path, c.route])));
    daemon = await startTestDaemon({
      redisUrl: redis.url,
      feeds: [],
      overrides: {
        // No fetch here can end by a timeout, however slow the machine.
        fetch: { allow: ['127.0.0.1'], timeoutMs: 600_000, perHost: { minIntervalMs: 0 } },
        jobs: { attempts: ATTEMPTS, backoffMs: 50 },
      },
    });
    for (const c of CASES) {
      const res = await inject({
        method: 'POST',
        url: '/api/ingest',
        headers: AUTH,
        payload: { url: `${site.origin}${c.path}` },
      });
      ids.set(c.path, res.json<{ articleId: string }>().articleId);
    }
  }, 60_000);

  afterAll(async () => {
    await daemon?.stop();
    await site?.close();
    await redis?.stop();
  });

  it.each(CASES)('$name → $status $code after $hits fetch(es)', async (c) => {
    const a = await waitFor(`${c.path} settled`, async () => {
      const res = await inject({
        method: 'GET',
        url: `/api/articles/${ids.get(c.path)!}`,
        headers: AUTH,
      });
      const r = res.json<ArticleRecord>();
      return ['analyzed', 'skipped', 'failed'].includes(r.status) ? r : undefined;
    });
    expect({ status: a.status, code: a.error?.code ?? null }).toEqual({
      status: c.status,
      code: c.code,
    });
    expect(site.hits.filter((h) => h === c.path)).toHaveLength(c.hits);
  });
});
