// Issue 18, points 1 and 2, in a real `newsmon worker` process: a page that exhausts the
// extraction thread's heap fails its own job with EXTRACT_TOO_LARGE, recorded on the article,
// while the process and every other article go on; a quote storm that would hold the main thread
// for minutes is analysed in the analysis thread under its budget, and its job never stalls.
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../src/domain/article-record.js';
import { QUEUE_OF } from '../../src/jobs/job-registry.js';
import { ArticleStore } from '../../src/store/article.store.js';
import { keysFor } from '../../src/store/keys.js';
import { articlePath } from '../helpers/story-pages.js';
import { waitFor } from '../helpers/wait.js';
import {
  startStoryWorkers,
  startWorkerProcess,
  stopStoryWorkers,
  type StoryWorkerRun,
  type WorkerProcess,
} from '../helpers/worker-process.js';

const ARTICLES = 4;
const HOSTILE = 1;

/** A story page whose body goes on with `tail` (the hostile part) after a normal first paragraph. */
function hostilePage(tail: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Chicago police and ICE, live</title></head>
<body><article><h1>Chicago police and ICE, live</h1>
<p>Chicago police were told not to assist ICE agents, the superintendent said on Tuesday in a memo to every district commander.</p>
${tail}</article></body></html>`;
}

interface Run extends StoryWorkerRun {
  articles: ArticleStore;
  worker: WorkerProcess | null;
}

async function start(page: string, overrides: Record<string, unknown>): Promise<Run> {
  const base = await startStoryWorkers({
    articles: ARTICLES,
    name: 'page-faults',
    pages: { [HOSTILE]: page },
    overrides,
  });
  return { ...base, articles: new ArticleStore(base.conn, keysFor('newsmon')), worker: null };
}

async function stop(run: Run | undefined): Promise<void> {
  if (run) await stopStoryWorkers(run, run.worker ? [run.worker] : []);
}

/** Every article in a final state, while the worker stays alive. */
async function finalStates(run: Run): Promise<Map<string, ArticleRecord>> {
  return waitFor(
    'every article final',
    async () => {
      if (run.worker!.child.exitCode !== null)
        throw new Error(`worker exited: ${run.worker!.stderr.join('').slice(-2000)}`);
      const { items } = await run.articles.list(0, 100);
      if (
        items.length < ARTICLES ||
        items.some((a) => !['analyzed', 'failed', 'skipped'].includes(a.status))
      )
        return false;
      return new Map(items.map((a) => [a.url.slice(a.url.indexOf('/news/')), a]));
    },
    120_000,
  );
}

/**
 * A stage's queue once nothing is left to run: an article's record says it is done a moment
 * before its job is moved to completed or failed, so job lists are read only after this.
 */
async function drained(run: Run, name: keyof typeof QUEUE_OF): Promise<Queue> {
  const queue = new Queue(QUEUE_OF[name], {
    connection: run.conn,
    prefix: keysFor('newsmon').bullPrefix,
  });
  await waitFor(
    `${name} drained`,
    async () => {
      const c = await queue.getJobCounts('active', 'waiting', 'prioritized', 'delayed');
      return Object.values(c).every((n) => n === 0);
    },
    60_000,
  );
  return queue;
}

describe('hostile pages in a running worker', () => {
  let run: Run | undefined;
  afterEach(async () => {
    await stop(run);
    run = undefined;
  });

  it('fails the page that exhausts a 64 MB extraction heap with EXTRACT_TOO_LARGE, and only that one', async () => {
    // 400,000 elements (2 MB): far past 64 MB of jsdom tree; the page caps are set out of the way.
    run = await start(hostilePage('x<br>'.repeat(400_000)), {
      workers: {
        limits: {
          extractHeapMb: 64,
          // Only the heap is under test: the time budgets are out of the way of a busy machine.
          extractBudgetMs: 120_000,
          analyzeBudgetMs: 120_000,
          pageChars: 50_000_000,
          pageElements: 10_000_000,
        },
      },
    });
    run.worker = startWorkerProcess(run.redis.url, run.env);
    const byPath = await finalStates(run);
    const hostile = byPath.get(articlePath(HOSTILE))!;
    expect(hostile.status).toBe('failed');
    expect(hostile.error?.code).toBe('EXTRACT_TOO_LARGE');
    expect(hostile.error?.message).toMatch(/64 MB heap/);
    const others = [...byPath.entries()].filter(([p]) => p !== articlePath(HOSTILE));
    expect(others.map(([, a]) => [a.status, a.error])).toEqual(
      others.map(() => ['analyzed', null]),
    );
    // Permanent: one attempt, no retries of a page that will blow up again.
    const extract = await drained(run, 'article.extract');
    const failed = await extract.getFailed();
    await extract.close();
    expect(failed.map((j) => [j.attemptsMade, j.failedReason.split(':')[0]])).toEqual([
      [1, 'EXTRACT_TOO_LARGE'],
    ]);
    expect(run.worker.child.exitCode).toBeNull();
  }, 180_000);

  it('cuts a page past the element cap and extracts what came before it, flagged', async () => {
    run = await start(hostilePage(`${'<span>x</span>'.repeat(5_000)}<p>Never reached.</p>`), {
      workers: {
        limits: { pageElements: 1_000, extractBudgetMs: 120_000, analyzeBudgetMs: 120_000 },
      },
    });
    run.worker = startWorkerProcess(run.redis.url, run.env);
    const hostile = (await finalStates(run)).get(articlePath(HOSTILE))!;
    expect([hostile.status, hostile.error]).toEqual(['analyzed', null]);
    expect(hostile.article?.text).toContain('Chicago police were told not to assist ICE agents');
    expect(hostile.article?.text).not.toContain('Never reached');
    expect(hostile.article?.flags.truncated).toBe(true);
    expect(hostile.article?.flags.reasons).toContain(
      'truncated-for-extraction: more than 1000 elements, cut before element 1001',
    );
  }, 180_000);

  it('analyses a 320 KB quote storm without its job ever stalling, cut to its first part when past the budget', async () => {
    // The shape from the attack pass: 40 s of quote and speaker search on the main thread.
    const storm = `<p>${'“a,” he said. "b '.repeat(16_000)}</p>`;
    run = await start(hostilePage(storm), {
      // 5 s: 100 times what a normal article needs, an eighth of what the storm needs unloaded.
      workers: {
        limits: { analyzeBudgetMs: 5_000, analyzeFallbackChars: 3_000, extractBudgetMs: 120_000 },
      },
    });
    run.worker = startWorkerProcess(run.redis.url, run.env);
    const byPath = await finalStates(run);
    const hostile = byPath.get(articlePath(HOSTILE))!;
    // Never dropped: analysed, from the first part of its text if the whole ran past the budget.
    expect([hostile.status, hostile.error]).toEqual(['analyzed', null]);
    // Past the budget (the storm's usual fate), the analysis says it read the first part only.
    const truncated = hostile.analysis?.truncated ?? null;
    if (truncated?.caps.some((c) => c === 'time budget' || c === 'heap')) {
      expect(truncated).toMatchObject({ flag: 'truncated-for-analysis' });
      expect(truncated.analysedChars).toBeLessThanOrEqual(3_000);
      expect(truncated.textChars).toBeGreaterThan(3_000);
    }
    for (const [, a] of byPath) expect([a.status, a.error]).toEqual(['analyzed', null]);
    // The main thread renewed the job's lock throughout (2 s locks, see workerEnv): no stall.
    const analyze = await drained(run, 'article.analyze');
    const jobs = await analyze.getCompleted();
    await analyze.close();
    expect(jobs.map((j) => [j.attemptsMade, j.stalledCounter])).toEqual(jobs.map(() => [1, 0]));
    // Every article analysed; an article published before one analysed earlier may have it
    // analysed again (the timeline's re-checks), so jobs are counted by article.
    expect(new Set(jobs.map((j) => (j.data as { articleId: string }).articleId)).size).toBe(
      ARTICLES,
    );
    run.worker.child.kill('SIGTERM');
    expect(await run.worker.exited).toEqual({ code: 0, signal: null });
  }, 180_000);
});
