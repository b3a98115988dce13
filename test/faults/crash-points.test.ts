// Issue 18, point 3: a worker killed with SIGKILL at every step boundary of the pipeline — inside
// a poll, between an analysis's transaction and its alert jobs, after any job's "done" marker and
// before its follow-ups or its completion — loses nothing and duplicates nothing once a fresh
// worker takes over. Alerts are at-least-once: a delivery the dying worker had on the wire (its
// other jobs run on while one reaches the boundary) is sent again, with the same webhook-id, and
// its log records the cut-off attempt; nothing else is ever sent twice. The worker kills itself at the named boundary (NEWSMON_TEST_FAULT, see
// src/jobs/fault-points.ts): no timing decides where it dies.
import type { IncomingMessage } from 'node:http';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { FAULT_POINTS, type FaultPoint } from '../../src/jobs/fault-points.js';
import { QUEUE_OF } from '../../src/jobs/job-registry.js';
import { webhookIdOf } from '../../src/alerts/alert-message.js';
import { AlertStore } from '../../src/store/alert.store.js';
import { ArticleStore } from '../../src/store/article.store.js';
import { FeedStore } from '../../src/store/feed.store.js';
import { keysFor } from '../../src/store/keys.js';
import { ReviewStore } from '../../src/store/review.store.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';
import { waitFor } from '../helpers/wait.js';
import {
  startStoryWorkers,
  startWorkerProcess,
  stopStoryWorkers,
  type StoryWorkerRun,
  type WorkerProcess,
} from '../helpers/worker-process.js';

const ARTICLES = 4;
const STAGES = ['article.fetch', 'article.extract', 'article.analyze', 'alert.deliver'] as const;

interface Run extends StoryWorkerRun {
  hooks: TestServer;
  /** The alert messages the receiver got, in order: webhook-id and body. */
  alerts: { id: string; body: string }[];
  queues: Queue[];
  workers: WorkerProcess[];
}

async function start(): Promise<Run> {
  const alerts: Run['alerts'] = [];
  const hooks = await startTestServer({
    '/hooks/desk': (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        alerts.push({
          id: String(req.headers['webhook-id']),
          body: Buffer.concat(chunks).toString(),
        });
        res.writeHead(200).end('ok');
      });
    },
  });
  const base = await startStoryWorkers({
    articles: ARTICLES,
    name: 'crash-test',
    redis: { appendOnly: true },
    overrides: {
      alerts: {
        targets: [
          {
            name: 'desk',
            url: `${hooks.origin}/hooks/desk`,
            format: 'standard',
            secret: `whsec_${Buffer.from('crash-points-test-secret-0123').toString('base64')}`,
          },
        ],
      },
      // Budgets are not what this test is about: a busy machine must not make a page look too big.
      workers: { limits: { extractBudgetMs: 120_000, analyzeBudgetMs: 120_000 } },
    },
  });
  const keys = keysFor('newsmon');
  const queues = STAGES.map(
    (s) => new Queue(QUEUE_OF[s], { connection: base.conn, prefix: keys.bullPrefix }),
  );
  return { ...base, hooks, alerts, queues, workers: [] };
}

async function stop(run: Run | undefined): Promise<void> {
  if (!run) return;
  await Promise.all(run.queues.map((q) => q.close()));
  await stopStoryWorkers(run, run.workers);
  await run.hooks.close();
}

/** Every article analysed, every queue drained, every alert delivered: or what was stuck. */
async function settled(run: Run): Promise<void> {
  const keys = keysFor('newsmon');
  const articles = new ArticleStore(run.conn, keys);
  const reviews = new ReviewStore(run.conn, keys);
  await waitFor(
    'every article analysed and every alert delivered, queues drained',
    async () => {
      const { items } = await articles.list(0, 100);
      if (items.length !== ARTICLES || items.some((a) => a.status !== 'analyzed')) return false;
      const pending = (await reviews.list('pending', 0, 1000)).items.length;
      if (pending === 0 || new Set(run.alerts.map((a) => a.id)).size < pending) return false;
      for (const q of run.queues) {
        const c = await q.getJobCounts('active', 'waiting', 'prioritized', 'delayed');
        if (Object.values(c).some((n) => n > 0)) return false;
      }
      return true;
    },
    // A cap for a failure to show, not a speed: 2 cores shared by many test runs are slow.
    240_000,
  ).catch(async (err: Error) => {
    const { items } = await articles.list(0, 100);
    const counts = await Promise.all(run.queues.map((q) => q.getJobCounts()));
    const state = await new FeedStore(run.conn, keys).state('story');
    throw new Error(
      `${err.message}: ${JSON.stringify({ statuses: items.map((a) => [a.status, a.error?.code]), counts, state, alerts: run.alerts.length, stderr: run.workers.map((w) => w.stderr.join('').slice(-1000)) })}`,
    );
  });
}

async function assertOnce(run: Run): Promise<void> {
  const keys = keysFor('newsmon');
  const articles = new ArticleStore(run.conn, keys);
  const reviews = new ReviewStore(run.conn, keys);
  const { items } = await articles.list(0, 100);
  expect(items.map((a) => [a.status, a.error, a.pendingAlerts])).toEqual(
    items.map(() => ['analyzed', null, undefined]),
  );
  const quotes = (await reviews.list('pending', 0, 1000)).items.filter(
    (i) => i.claim.kind === 'quote',
  );
  expect(quotes.map((q) => q.claim.speaker).sort()).toEqual(
    run.site.articles.map((a) => a.speaker).sort(),
  );
  // One message per review item: none lost. An item an article's re-check withdrew (the
  // timeline's re-analysis, after its alert went out) adds one message more, never a repeat.
  const pending = (await reviews.list('pending', 0, 1000)).items;
  const copies = new Map<string, string[]>();
  for (const a of run.alerts) copies.set(a.id, [...(copies.get(a.id) ?? []), a.body]);
  const ids = new Set(copies.keys());
  expect(pending.filter((i) => !ids.has(webhookIdOf(i.id, 'desk')))).toEqual([]);
  // A message received twice is the same message (same id, same bytes), sent again only because
  // the attempt before was cut off by the kill, as its delivery log records; never otherwise.
  const log = new AlertStore(run.conn, keys);
  for (const [id, bodies] of copies) {
    expect(new Set(bodies).size).toBe(1);
    if (bodies.length === 1) continue;
    const delivery = (await log.list(null, 0, 10_000)).items.find((d) => d.webhookId === id);
    const cutOff = delivery?.attempts.filter((t) => t.error === 'ALERT_INTERRUPTED').length;
    expect([id, bodies.length]).toEqual([id, 1 + (cutOff ?? 0)]);
  }
  // Each article fetched and extracted by exactly one job, each alert by one job. Analysis may
  // run again for an article analysed before an earlier-published one arrived (the timeline's
  // re-checks, whose order a crash changes): every article analysed, none failed.
  for (const [i, q] of run.queues.entries()) {
    const failed = await q.getFailed();
    expect(failed.map((j) => [j.id, j.failedReason, j.attemptsMade])).toEqual([]);
    const c = await q.getJobCounts('completed', 'failed');
    if (STAGES[i] === 'article.analyze') {
      const analysed = new Set(
        (await q.getCompleted()).map((j) => (j.data as { articleId: string }).articleId),
      );
      expect([STAGES[i], analysed.size, c.failed]).toEqual([STAGES[i], ARTICLES, 0]);
      continue;
    }
    expect([STAGES[i], c]).toEqual([
      STAGES[i],
      // At least one alert job per pending item (withdrawn items had theirs too), none failed.
      {
        completed:
          i < 3 ? ARTICLES : (expect.toSatisfy((n: number) => n >= pending.length) as unknown),
        failed: 0,
      },
    ]);
  }
  // The site served each page once, or again only for a job that died mid-fetch.
  expect(run.site.hits.filter((h) => h.startsWith('/news/')).length).toBeGreaterThanOrEqual(
    ARTICLES,
  );
}

describe('a worker killed with SIGKILL at a step boundary', () => {
  let run: Run | undefined;
  afterEach(async () => {
    await stop(run);
    run = undefined;
  });

  it.each(FAULT_POINTS.map((p) => [p]))(
    'at %s: a fresh worker completes everything, nothing lost, nothing duplicated',
    async (point: FaultPoint) => {
      run = await start();
      const first = startWorkerProcess(run.redis.url, run.env, { NEWSMON_TEST_FAULT: point });
      run.workers.push(first);
      // It dies at the boundary, by its own hand: not earlier, not by a timer of ours.
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

      const second = startWorkerProcess(run.redis.url, run.env);
      run.workers.push(second);
      await settled(run);
      await assertOnce(run);
      second.child.kill('SIGTERM');
      expect(await second.exited).toEqual({ code: 0, signal: null });
    },
    360_000,
  );
});
