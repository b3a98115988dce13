// Issue 18, point 4: every final state is recorded. A job BullMQ fails for good leaves its reason
// on the article, and `newsmon doctor` finds articles that no job will move on — orphaned, or
// whose job failed without the article saying so — and with --fix queues them again or records
// the failure, against a real Redis and real BullMQ queues.
import { UnrecoverableError, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctorCommand } from '../../src/cli/doctor-command.js';
import { loadConfig, type AppConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { JobQueues } from '../../src/jobs/job-queues.js';
import { QUEUE_OF } from '../../src/jobs/job-registry.js';
import { ArticleStore } from '../../src/store/article.store.js';
import { FeedStore } from '../../src/store/feed.store.js';
import { keysFor } from '../../src/store/keys.js';
import { createRedis, waitReady } from '../../src/store/redis-connection.js';
import { recordJobFailure } from '../../workers/job-failure.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

const id = (n: number) => `${'a'.repeat(19)}${n}`;
const SNAPSHOT = 'c'.repeat(64);
const T0 = new Date('2026-01-01T00:00:00Z');
const LATER = () => new Date(T0.getTime() + 3_600_000);

describe('stuck, orphaned and failed work', () => {
  let redis: TestRedis;
  let conn: ReturnType<typeof createRedis>;
  let config: AppConfig;
  let queues: JobQueues;
  let articles: ArticleStore;
  const keys = keysFor('newsmon');

  beforeAll(async () => {
    redis = await startTestRedis();
    config = loadConfig({ overrides: { redis: { url: redis.url } } });
    conn = createRedis(redis.url, 'worker', 'stuck-test');
    await waitReady(conn);
    queues = new JobQueues(conn, keys.bullPrefix, config.jobs);
    articles = new ArticleStore(conn, keys);
    const origin = { kind: 'ingest' as const };
    for (const n of [1, 2, 3, 4])
      await articles.register(id(n), `http://x.test/${n}`, `http://x.test/${n}`, origin, null, T0);
    const snapshot = {
      hash: SNAPSHOT,
      contentType: 'text/html',
      finalUrl: 'http://x.test/3',
      httpStatus: 200,
      fetchedAt: T0.toISOString(),
      lastModified: null,
    };
    // 1: queued, no job (a poll killed before this release's ordering). 2: queued, job waiting.
    await queues.add('article.fetch', {
      articleId: id(2),
      url: 'http://x.test/2',
      origin,
      hints: null,
    });
    // 3: extracted, its analysis job failed for good (a stall) while the article kept 'extracted'.
    await articles.update(id(3), { status: 'extracted', snapshot }, T0);
    await queues.add('article.analyze', { articleId: id(3), snapshot: SNAPSHOT });
    const failingConn = createRedis(redis.url, 'worker');
    const failing = new Worker(
      QUEUE_OF['article.analyze'],
      () => Promise.reject(new UnrecoverableError('job stalled more than allowable limit')),
      { connection: failingConn, prefix: keys.bullPrefix },
    );
    await waitFor('the analysis job failed', async () =>
      (await queues.queue('article-analyze').getJobCounts('failed')).failed === 1
        ? true
        : undefined,
    );
    await failing.close();
    failingConn.disconnect();
    // 4: analysed, its alert committed to and never queued (killed between the two).
    await articles.update(
      id(4),
      { status: 'analyzed', pendingAlerts: [{ itemId: 'b'.repeat(20), target: 'desk' }] },
      T0,
    );
  });

  afterAll(async () => {
    await queues.close();
    conn.disconnect();
    await redis.stop();
  });

  const doctor = async (args: string[]) => {
    const out: string[] = [];
    // Standard error carries the line naming the Redis the command talks to.
    const err: string[] = [];
    const code = await runDoctorCommand(
      config,
      [...args, '--json'],
      (t) => out.push(t),
      (t) => err.push(t),
      LATER,
    );
    return { code, report: JSON.parse(out.join('\n')) as Record<string, unknown> };
  };

  it('reports each orphan and each failed job, and exits 1 until fixed', async () => {
    const { code, report } = await doctor([]);
    expect(code).toBe(1);
    expect(report).toMatchObject({
      scanned: 4,
      moving: 1,
      orphaned: [
        { articleId: id(1), status: 'queued', job: 'article.fetch', jobState: 'unknown' },
        { articleId: id(4), status: 'analyzed', job: 'alert.deliver', jobState: 'unknown' },
      ],
      failed: [{ articleId: id(3), status: 'extracted', job: 'article.analyze' }],
      fixed: 0,
      failedJobs: { 'article-analyze': 1 },
    });
  });

  it('with --fix queues the orphans again, records the failure, and then finds nothing', async () => {
    const { code, report } = await doctor(['--fix']);
    expect([code, report.fixed]).toEqual([0, 3]);
    expect(await queues.queue('article-fetch').getJobState(`fetch-${id(1)}`)).toBe('waiting');
    expect(await queues.queue('alert-deliver').getJobState(`alert-${'b'.repeat(20)}-desk`)).toBe(
      'waiting',
    );
    expect((await articles.get(id(4)))?.pendingAlerts).toBeUndefined();
    const three = await articles.get(id(3));
    expect([three?.status, three?.error?.code]).toEqual(['failed', 'JOB_STALLED']);

    const again = await doctor([]);
    expect(again.code).toBe(0);
    expect(again.report).toMatchObject({ orphaned: [], failed: [] });
  });

  it('records a job BullMQ fails for good on its article, and leaves a final article alone', async () => {
    const log = createLogger('silent');
    const deps = { articles, feeds: new FeedStore(conn, keys), now: LATER };
    const origin = { kind: 'ingest' as const };
    await articles.register(id(5), 'http://x.test/5', 'http://x.test/5', origin, null, T0);
    await articles.register(id(6), 'http://x.test/6', 'http://x.test/6', origin, null, T0);
    await articles.update(id(6), { status: 'analyzed' }, T0);
    const workerConn = createRedis(redis.url, 'worker');
    const worker = new Worker(
      QUEUE_OF['article.fetch'],
      (job) =>
        Promise.reject(
          new UnrecoverableError(
            (job.data as { articleId: string }).articleId === id(5)
              ? 'EXTRACT_CRASHED: thread exited with code 1'
              : 'x',
          ),
        ),
      { connection: workerConn, prefix: keys.bullPrefix },
    );
    const recorded: Promise<void>[] = [];
    worker.on('failed', (job, err) => {
      if (job) recorded.push(recordJobFailure(deps, job, err, log));
    });
    for (const n of [5, 6])
      await queues.add('article.fetch', {
        articleId: id(n),
        url: `http://x.test/${n}`,
        origin,
        hints: null,
        rev: 9,
      });
    await waitFor('both failures recorded', () =>
      Promise.resolve(recorded.length >= 2 ? true : undefined),
    );
    await Promise.all(recorded);
    await worker.close();
    workerConn.disconnect();
    const five = await articles.get(id(5));
    expect([five?.status, five?.error?.code, five?.error?.message]).toEqual([
      'failed',
      'EXTRACT_CRASHED',
      'thread exited with code 1',
    ]);
    expect((await articles.get(id(6)))?.status).toBe('analyzed');
  });
});
