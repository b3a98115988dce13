// Issue 8's Redis faults: Redis restarted (with AOF) while the pipeline is busy, and Redis out of
// memory (maxmemory with noeviction). Workers and API reconnect by themselves, the API answers
// 503 at once while Redis is away, and no accepted alert or queued job is lost.
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../src/domain/article-record.js';
import { QUEUE_OF } from '../../src/jobs/job-registry.js';
import { keysFor } from '../../src/store/keys.js';
import { createRedis, isConnectionError, waitReady } from '../../src/store/redis-connection.js';
import { AUTH, startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { startStorySite, type StorySite } from '../helpers/story-site.js';
import { waitFor } from '../helpers/wait.js';

const FEED_ARTICLES = 12;
const ALERT_ARTICLES = 4;
const PATH_TOKEN = 'fault-test-path-token-0123';
const STAGES = ['article.fetch', 'article.extract', 'article.analyze'] as const;

async function settled(daemon: TestDaemon, total: number): Promise<ArticleRecord[]> {
  return waitFor(
    `${total} articles analysed`,
    async () => {
      const { items } = await daemon.deps.articles.list(0, 1000);
      const done = items.filter((a) => a.status === 'analyzed');
      return done.length === total ? done : undefined;
    },
    90_000,
  ).catch(async (err: Error) => {
    const { items } = await daemon.deps.articles.list(0, 1000);
    const counts = await jobCounts(daemon.redisUrl);
    throw new Error(
      `${err.message}: ${JSON.stringify({ statuses: items.map((a) => [a.url.split('/').pop(), a.status, a.error?.code]), counts })}`,
    );
  });
}

async function jobCounts(redisUrl: string) {
  const conn = createRedis(redisUrl, 'worker', 'fault-counts');
  await waitReady(conn);
  try {
    const out: Record<string, Record<string, number>> = {};
    for (const stage of STAGES) {
      const q = new Queue(QUEUE_OF[stage], {
        connection: conn,
        prefix: keysFor('newsmon').bullPrefix,
      });
      out[stage] = await q.getJobCounts('completed', 'failed', 'active', 'waiting', 'delayed');
      await q.close();
    }
    return out;
  } finally {
    conn.disconnect();
  }
}

/** The job counts once no job is waiting, delayed or running: an article is written before its job is marked done. */
async function settledCounts(redisUrl: string) {
  return waitFor('queues drained', async () => {
    const counts = await jobCounts(redisUrl);
    const busy = Object.values(counts).some(
      (c) => (c.active ?? 0) + (c.waiting ?? 0) + (c.delayed ?? 0) > 0,
    );
    return busy ? undefined : counts;
  });
}

// Each article fetched and extracted exactly once, none failed. Analysis may run more than once
// per article: one analysed before an article published earlier than it is analysed again when
// that one arrives (the timeline's re-checks, analyze/later-sharers.ts), and arrival order here
// is whatever the restarts leave. That every article ends analysed is checked on the records.
const everyStage = (n: number) =>
  Object.fromEntries(
    STAGES.map((s) => [
      s,
      {
        completed: (s === 'article.analyze'
          ? expect.toSatisfy((c: number) => c >= n)
          : n) as number,
        failed: 0,
        active: 0,
        waiting: 0,
        delayed: 0,
      },
    ]),
  );

describe('Redis restarted while the pipeline is busy', () => {
  let redis: TestRedis;
  let site: StorySite;
  let alerts: StorySite;
  let daemon: TestDaemon;
  const logLines: { level: number; msg: string; [key: string]: unknown }[] = [];

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: true });
    site = await startStorySite(FEED_ARTICLES);
    alerts = await startStorySite(ALERT_ARTICLES, { first: FEED_ARTICLES });
    daemon = await startTestDaemon({
      redisUrl: redis.url,
      feeds: [{ id: 'story', outlet: 'Story Test Daily', url: site.feedUrl }],
      overrides: {
        webhooks: { tokens: [{ name: 'zap', token: PATH_TOKEN }] },
        workers: { lockDurationMs: 2_000, stalledIntervalMs: 1_000 },
      },
      logLines,
    });
  });

  afterAll(async () => {
    await daemon?.stop();
    await site?.close();
    await alerts?.close();
    await redis?.stop();
  });

  it('answers 503 at once while Redis is away, reconnects by itself, and loses no accepted alert or queued job', async () => {
    await waitFor('the first analysis', async () => {
      const { items } = await daemon.deps.articles.list(0, 100);
      return items.some((a) => a.status === 'analyzed');
    });
    const accepted = await daemon.app!.inject({
      method: 'POST',
      url: `/webhooks/alerts/${PATH_TOKEN}`,
      payload: { urls: alerts.articles.map((a) => `${alerts.origin}/news/${a.slug}`) },
    });
    expect(accepted.statusCode).toBe(202);
    expect(accepted.json()).toMatchObject({ accepted: ALERT_ARTICLES });

    await redis.halt();
    const t0 = Date.now();
    const ready = await daemon.app!.inject({ method: 'GET', url: '/ready' });
    const ingest = await daemon.app!.inject({
      method: 'POST',
      url: '/api/ingest',
      headers: AUTH,
      payload: { url: `${site.origin}/news/elsewhere` },
    });
    expect([ready.statusCode, ingest.statusCode]).toEqual([503, 503]);
    expect(ingest.json()).toMatchObject({ code: 'REDIS_UNAVAILABLE' });
    expect(Date.now() - t0).toBeLessThan(3_000);
    // Long enough for every worker and connection to notice and start retrying.
    await new Promise((r) => setTimeout(r, 1_500));

    await redis.restart();
    await waitFor('ready again', async () => {
      const res = await daemon.app!.inject({ method: 'GET', url: '/ready' });
      return res.statusCode === 200;
    });
    const done = await settled(daemon, FEED_ARTICLES + ALERT_ARTICLES);
    const alerted = done.filter((a) => a.origins.some((o) => o.kind === 'alert'));
    expect(alerted.map((a) => a.url).sort()).toEqual(
      alerts.articles.map((a) => `${alerts.origin}/news/${a.slug}`).sort(),
    );
    expect(await settledCounts(redis.url)).toEqual(everyStage(FEED_ARTICLES + ALERT_ARTICLES));
    const { items } = await daemon.deps.reviews.list('pending', 0, 1000);
    expect(
      items
        .filter((i) => i.claim.kind === 'quote')
        .map((i) => i.claim.speaker)
        .sort(),
    ).toEqual([...site.articles, ...alerts.articles].map((a) => a.speaker).sort());

    // The outage is logged by the daemon's own connections, once each and its end once each;
    // BullMQ's queues and workers, which re-emit every reconnect attempt, add no line for it.
    const lines = (msg: string, connection: string) =>
      logLines.filter((l) => l.msg === msg && l.connection === connection).length;
    for (const connection of ['newsmon-store', 'newsmon-api']) {
      expect(lines('redis connection lost, reconnecting', connection)).toBeGreaterThanOrEqual(1);
      expect(lines('redis connection back', connection)).toBe(
        lines('redis connection lost, reconnecting', connection),
      );
    }
    const perRetry = logLines.filter((l) => {
      const err = l.err as { message?: string; code?: string } | undefined;
      return (
        (l.msg === 'worker error' || l.msg === 'queue error') &&
        isConnectionError(Object.assign(new Error(err?.message ?? ''), { code: err?.code }))
      );
    });
    expect(perRetry).toEqual([]);
  }, 150_000);
});

describe('Redis out of memory (maxmemory reached with noeviction)', () => {
  let redis: TestRedis;
  let site: StorySite;
  let daemon: TestDaemon;
  const ARTICLES = 8;

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: true });
    site = await startStorySite(ARTICLES);
    daemon = await startTestDaemon({
      redisUrl: redis.url,
      feeds: [{ id: 'story', outlet: 'Story Test Daily', url: site.feedUrl }],
      overrides: { workers: { lockDurationMs: 2_000, stalledIntervalMs: 1_000 } },
    });
  });

  afterAll(async () => {
    await daemon?.stop();
    await site?.close();
    await redis?.stop();
  });

  it('refuses writes with a clear error, corrupts nothing, and resumes when space returns', async () => {
    const admin = createRedis(redis.url, 'worker', 'fault-admin');
    await waitReady(admin);
    try {
      await waitFor('the first analysis', async () => {
        const { items } = await daemon.deps.articles.list(0, 100);
        return items.some((a) => a.status === 'analyzed');
      });
      // One byte: every write is now refused, reads still work.
      await admin.config('SET', 'maxmemory', '1');
      const ingest = await daemon.app!.inject({
        method: 'POST',
        url: '/api/ingest',
        headers: AUTH,
        payload: { url: `${site.origin}/news/later` },
      });
      expect(ingest.statusCode).toBe(503);
      expect(ingest.json()).toMatchObject({ code: 'REDIS_OOM' });
      const [first] = (await daemon.deps.articles.list(0, 1)).items;
      const one = await daemon.app!.inject({
        method: 'GET',
        url: `/api/articles/${first!.id}`,
        headers: AUTH,
      });
      expect(one.statusCode).toBe(200);
      const listed = await daemon.app!.inject({
        method: 'GET',
        url: '/api/articles',
        headers: AUTH,
      });
      // A read that needs scratch keys is refused the same clear way, never a 500.
      expect([200, 503]).toContain(listed.statusCode);
      if (listed.statusCode === 503) expect(listed.json()).toMatchObject({ code: 'REDIS_OOM' });
      // Long enough for jobs to fail their writes and their locks to lapse.
      await new Promise((r) => setTimeout(r, 3_000));

      await admin.config('SET', 'maxmemory', '0');
      const done = await settled(daemon, ARTICLES);
      expect(done.every((a) => a.error === null && a.analysis !== null)).toBe(true);
      expect(await settledCounts(redis.url)).toEqual(everyStage(ARTICLES));
      const { items } = await daemon.deps.reviews.list('pending', 0, 1000);
      expect(
        items
          .filter((i) => i.claim.kind === 'quote')
          .map((i) => i.claim.speaker)
          .sort(),
      ).toEqual(site.articles.map((a) => a.speaker).sort());
    } finally {
      admin.disconnect();
    }
  }, 150_000);
});
