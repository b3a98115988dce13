// Re-analyses of one article coalesce in Redis: the timeline's re-checks after late arrivals ask
// for the same article again and again, and without coalescing a backlog of 1,000 articles grew
// to 74,000 waiting analyses (bench soak). No worker runs here: what is queued is what counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { JobQueues } from '../../src/jobs/job-queues.js';
import { QUEUE_OF } from '../../src/jobs/job-registry.js';
import { keysFor } from '../../src/store/keys.js';
import { createRedis, waitReady } from '../../src/store/redis-connection.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

describe('re-analyses of one snapshot coalesce', () => {
  let redis: TestRedis;
  let conn: ReturnType<typeof createRedis>;
  let queues: JobQueues;

  beforeAll(async () => {
    redis = await startTestRedis();
    const config = loadConfig({ overrides: { redis: { url: redis.url } } });
    conn = createRedis(redis.url, 'worker', 'coalescing-test');
    await waitReady(conn);
    queues = new JobQueues(conn, keysFor('newsmon').bullPrefix, config.jobs);
  });

  afterAll(async () => {
    await queues?.close();
    conn?.disconnect();
    await redis?.stop();
  });

  it('keeps one waiting re-check per article snapshot, apart from first analyses and runs', async () => {
    const articleId = '0123456789abcdef0123';
    const s1 = 'a'.repeat(64);
    const s2 = 'b'.repeat(64);
    // Five late arrivals each ask for the same re-check: one job waits.
    const ids = new Set<string>();
    for (const rev of [11, 12, 13, 14, 15])
      ids.add(await queues.add('article.analyze', { articleId, snapshot: s1, rev }));
    expect(ids.size).toBe(1);
    // The article's first analysis, a new snapshot's re-check and a reprocessing run's job are
    // other work and are queued.
    await queues.add('article.analyze', { articleId, snapshot: s1 });
    await queues.add('article.analyze', { articleId, snapshot: s2, rev: 16 });
    await queues.add('article.analyze', { articleId, snapshot: s1, rev: 17, reprocess: 'run-1' });
    const waiting = await queues.queue(QUEUE_OF['article.analyze']).getWaiting();
    expect(waiting.map((j) => j.id).sort()).toEqual(
      [
        `analyze-${articleId}-${s1.slice(0, 16)}-r11`,
        `analyze-${articleId}-${s1.slice(0, 16)}`,
        `analyze-${articleId}-${s2.slice(0, 16)}-r16`,
        `analyze-${articleId}-${s1.slice(0, 16)}-r17`,
      ].sort(),
    );
  });
});
