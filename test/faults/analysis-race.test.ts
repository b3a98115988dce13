// Many workers give the same verdicts as one: three `newsmon worker` processes on one Redis race on
// 100 pairs of byte-identical articles queued for analysis at the same moment. Every pair must end
// with exactly one original and one duplicate of it — the one first on the timeline (same
// publication time and first seen here, so the lower id) is the original.
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOrigin } from '../../src/dedup/dedup-verdict.js';
import { QUEUE_OF } from '../../src/jobs/job-registry.js';
import { ArticleStore } from '../../src/store/article.store.js';
import { keysFor } from '../../src/store/keys.js';
import { createRedis, waitReady } from '../../src/store/redis-connection.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { storeExtracted, storyFamilies } from '../helpers/story-families.js';
import { waitFor } from '../helpers/wait.js';
import {
  startWorkerProcess,
  workerEnv,
  type WorkerEnv,
  type WorkerProcess,
} from '../helpers/worker-process.js';

const PAIRS = 100;
const WORKERS = 3;

describe('three worker processes racing on identical pairs', () => {
  let redis: TestRedis;
  let env: WorkerEnv;
  let conn: ReturnType<typeof createRedis>;
  let queue: Queue;
  const workers: WorkerProcess[] = [];
  // Two articles per family with the family's base text: an original and a verbatim copy, given
  // the same publication time, so that only the timeline's tie-break (first seen, then id) decides.
  const all = storyFamilies(8, PAIRS, 2);
  const pairs = Array.from({ length: PAIRS }, (_, f) => {
    const both = all.filter((a) => a.family === f);
    const at = both[0]!.feedPublishedAt;
    return both.map((a) => ({ ...a, pagePublishedAt: at, feedPublishedAt: at }));
  });

  beforeAll(async () => {
    redis = await startTestRedis();
    env = workerEnv([]);
    conn = createRedis(redis.url, 'worker', 'race-test');
    await waitReady(conn);
    const keys = keysFor('newsmon');
    queue = new Queue(QUEUE_OF['article.analyze'], { connection: conn, prefix: keys.bullPrefix });
    const articles = new ArticleStore(conn, keys);
    const at = new Date('2025-11-01T00:00:00Z');
    const jobs = [];
    for (const pair of pairs) {
      for (const a of pair) {
        const snapshot = await storeExtracted({ articles }, a, at);
        jobs.push({
          name: 'article.analyze',
          data: { articleId: a.id, snapshot },
          opts: { jobId: `race-${a.id}` },
        });
      }
    }
    // Workers first, all ready and idle; then every job at once.
    for (let i = 0; i < WORKERS; i++) workers.push(startWorkerProcess(redis.url, env));
    await waitFor(
      'three workers connected',
      async () => {
        for (const w of workers) {
          if (w.child.exitCode !== null) throw new Error(w.stderr.join('').slice(0, 2000));
        }
        const n = (await queue.getWorkers()).length;
        return n >= WORKERS ? n : undefined;
      },
      60_000,
    );
    await queue.addBulk(jobs);
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    await queue?.close();
    conn?.disconnect();
    await redis?.stop();
    env?.cleanup();
  });

  it('ends every pair with one original and one duplicate of it', async () => {
    const articles = new ArticleStore(conn, keysFor('newsmon'));
    const ids = pairs.flat().map((a) => a.id);
    const records = await waitFor(
      'every article analysed',
      async () => {
        // Analysed, and no analysis waiting: the re-analyses a late pair-mate asked for are done.
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        if (Object.values(counts).some((n) => n > 0)) return undefined;
        const rs = await articles.getMany(ids);
        return rs.every((r) => r.status === 'analyzed') ? rs : undefined;
      },
      240_000,
    );
    const byId = new Map(records.map((r) => [r.id, r]));
    let twoOriginals = 0;
    let none = 0;
    let wrongOriginal = 0;
    for (const pair of pairs) {
      const [first, second] = [...pair].sort((x, y) => (x.id < y.id ? -1 : 1));
      const ids = new Set(pair.map((a) => a.id));
      // Whether each copies its pair-mate: the race is between the two. The first may itself be a
      // rewrite of an article of an earlier family (the generator's families share sentence
      // templates, speakers and places; one of 100 here): a judgement of content on the
      // timeline, not an outcome of the race, and the same with one worker.
      const mates = pair.map((a) => {
        const origin = copyOrigin(byId.get(a.id)!.analysis!.dedup)?.doc;
        return origin !== undefined && ids.has(origin);
      });
      const originals = mates.filter((m) => !m).length;
      if (originals === 2) twoOriginals++;
      if (originals === 0) none++;
      const copy = byId.get(second!.id)!.analysis!.dedup;
      if (copyOrigin(copy)?.doc !== first!.id) wrongOriginal++;
    }
    if (process.env.TIMELINE_COUNTS)
      console.info({ pairs: PAIRS, twoOriginals, none, wrongOriginal });
    expect({ twoOriginals, none, wrongOriginal }).toEqual({
      twoOriginals: 0,
      none: 0,
      wrongOriginal: 0,
    });
    // None of the three died along the way.
    expect(workers.every((w) => w.child.exitCode === null)).toBe(true);
  }, 300_000);
});
