// The whole pipeline under a long run: N articles (NEWSMON_BENCH_ARTICLES, default 10,000;
// 1,000 with --quick) listed by feeds of 500 entries on a loopback site served by a child
// process, taken through poll → fetch → extract (sandboxed threads) → analyse by one real
// `newsmon worker` process on a private redis-server. Measured: articles per second end to end
// against a naive single-threaded fetch + `new JSDOM` + Readability loop over the same pages;
// resident memory of every process over time (the worker's extraction threads share its RSS)
// and its growth from warm-up to the end; Redis time per article against extraction time; and
// that every article was analysed exactly once (job counts per stage and article records).
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { stringify } from 'yaml';
import { plainReadabilityText } from '../eval/extraction-pages.js';
import { loadConfig, projectRoot } from '../src/config.js';
import { extractArticle } from '../src/extract/article-extract.js';
import { JobQueues } from '../src/jobs/job-queues.js';
import type { QueueName } from '../src/jobs/job-registry.js';
import { keysFor } from '../src/store/keys.js';
import { createRedis, waitReady } from '../src/store/redis-connection.js';
import { startTestRedis, type TestRedis } from '../test/helpers/redis.js';
import { figure, median, percentile, type BenchResult } from './report.js';
import { profileLines, RedisProfile } from './redis-profile.js';
import { articlePath, feedCount, PER_FEED } from '../test/helpers/story-pages.js';
import type { FromStoryServer, ToStoryServer } from './story-server.js';

const QUICK = Boolean(process.env.NEWSMON_BENCH_QUICK);
const ARTICLES = Number(process.env.NEWSMON_BENCH_ARTICLES ?? (QUICK ? 1_000 : 10_000));
/** Pages the naive loop reads, spread over the site: its rate is steady well before 300. */
const BASELINE_PAGES = Math.min(ARTICLES, QUICK ? 100 : 300);
const BASELINE_WARMUP = 20;
/** The loop's rate varied from 12.6 to 20.4 pages/s between single runs: the median of three. */
const BASELINE_RUNS = 3;
/** Memory is compared from this share of the run (JIT, pools and Redis buffers settled) to the end. */
const WARMUP_SHARE = 0.1;
const SAMPLE_MS = 500;
const GOAL_SPEEDUP = 3;
const GOAL_OVERHEAD = 0.05;
const GOAL_RSS_GROWTH = 0.2;
const STAGES: QueueName[] = ['feed-poll', 'article-fetch', 'article-extract', 'article-analyze'];
const PREFIX = 'newsmon';

interface Sample {
  at: number;
  analysed: number;
  workerRss: number;
  workerCpuMs: number;
  /** CPU ms so far and OS name per thread id of the worker process (Linux /proc/<pid>/task). */
  threadCpuMs: Map<number, ThreadCpu>;
  serverRss: number;
  redisRss: number;
  redisUsed: number;
  benchRss: number;
}

export default async function soakBench(): Promise<BenchResult> {
  const began = performance.now();
  if (!Number.isInteger(ARTICLES) || ARTICLES < 10) {
    throw new Error(`soak: NEWSMON_BENCH_ARTICLES must be an integer ≥ 10, not ${ARTICLES}`);
  }
  let redis: TestRedis | undefined;
  let server: StoryServer | undefined;
  let conn: Redis | undefined;
  let queues: JobQueues | undefined;
  let worker: ChildProcess | undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'newsmon-soak-'));
  try {
    redis = await startTestRedis();
    server = await startStoryServer(ARTICLES);
    console.log(
      `\nsoak: ${ARTICLES.toLocaleString('en-US')} articles in ${feedCount(ARTICLES)} feeds of ` +
        `${PER_FEED} on a loopback site (child process); one \`newsmon worker\` process ` +
        `(default concurrency: fetch 8, extract 1 thread per core = ${os.availableParallelism()}, ` +
        `analyse 1); private redis-server; load average ${os.loadavg()[0]!.toFixed(2)}`,
    );

    // The baseline first, on an otherwise idle machine, as the pipeline will have it.
    const base = await naiveLoop(server.origin);

    const feeds = Array.from({ length: feedCount(ARTICLES) }, (_, k) => ({
      id: `bench-${k}`,
      outlet: 'Story Bench Daily',
      url: `${server!.origin}/feed/${k}.xml`,
    }));
    writeFileSync(path.join(dir, 'feeds.yaml'), stringify({ feeds }));
    writeFileSync(
      path.join(dir, 'default.yaml'),
      stringify({
        // One loopback host serves every page: per-host politeness (2 at a time, 1 s apart)
        // would otherwise be the whole measurement.
        fetch: {
          allow: ['127.0.0.1'],
          timeoutMs: 30_000,
          perHost: { maxConcurrent: 64, minIntervalMs: 0, maxWaitMs: 300_000 },
        },
        // Every finished job kept, so that the job counts prove exactly-once.
        jobs: { keepCompleted: 10_000_000, keepFailed: 10_000_000 },
        // Scheduled revision rechecks (hours later) would keep the fetch queue from draining.
        revisions: { recheckAfter: [] },
        log: { level: 'warn' },
      }),
    );
    conn = createRedis(redis.url, 'worker', 'soak-bench');
    await waitReady(conn);
    queues = new JobQueues(conn, keysFor(PREFIX).bullPrefix, loadConfig().jobs, true);
    const redisBefore = await redisStats(conn);
    const profile = process.env.NEWSMON_BENCH_REDIS_PROFILE
      ? await RedisProfile.start(conn, 'soak-bench')
      : null;

    const stderr: string[] = [];
    worker = spawn(
      process.execPath,
      [
        // e.g. NEWSMON_BENCH_WORKER_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
        ...(process.env.NEWSMON_BENCH_WORKER_ARGS?.split(/\s+/).filter(Boolean) ?? []),
        path.join(projectRoot(), 'dist', 'src', 'cli', 'main.js'),
        'worker',
      ],
      {
        env: {
          // As `npm start` and the Docker image run newsmon: two glibc malloc arenas, not one per
          // thread (see the Dockerfile).
          MALLOC_ARENA_MAX: '2',
          ...process.env,
          REDIS_URL: redis.url,
          NEWSMON_CONFIG_DIR: dir,
          NEWSMON_DATA_DIR: path.join(dir, 'data'),
          NEWSMON_REDIS_PREFIX: PREFIX,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    worker.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
    const exited = new Promise<number | null>((resolve) => worker!.once('exit', resolve));
    const spawnedAt = Date.now();

    const samples: Sample[] = [];
    const marks = new Set<number>();
    console.log(
      `\n${'s'.padStart(6)}${'analysed'.padStart(10)}${'art/s'.padStart(8)}` +
        `${'worker rss MB'.padStart(15)}${'redis rss MB'.padStart(14)}` +
        `${'site rss MB'.padStart(13)}${'bench rss MB'.padStart(14)}`,
    );
    const timeoutMs = 180_000 + ARTICLES * 200;
    let done: {
      at: number;
      counts: Record<string, Record<string, number>>;
      timedOut?: boolean;
    } | null = null;
    let idleSamples = 0;
    while (!done) {
      await new Promise((r) => setTimeout(r, SAMPLE_MS));
      const counts = await stageCounts(queues);
      const analyse = counts['article-analyze']!;
      const sample: Sample = {
        at: Date.now(),
        analysed: analyse.completed! + analyse.failed!,
        ...procStats(worker.pid!),
        serverRss: (await server.stats()).rss,
        ...(await redisMemory(conn)),
        benchRss: process.memoryUsage.rss(),
      };
      samples.push(sample);
      await profile?.drain();
      const decile = Math.floor((sample.analysed / ARTICLES) * 10);
      if (!marks.has(decile) && sample.analysed > 0) {
        marks.add(decile);
        const prev = samples.find((s) => s.analysed > 0) ?? sample;
        const rate = (sample.analysed - prev.analysed) / ((sample.at - prev.at) / 1000 || 1);
        console.log(
          `${((sample.at - spawnedAt) / 1000).toFixed(0).padStart(6)}` +
            `${String(sample.analysed).padStart(10)}${rate.toFixed(1).padStart(8)}` +
            `${mb(sample.workerRss).padStart(15)}${mb(sample.redisRss).padStart(14)}` +
            `${mb(sample.serverRss).padStart(13)}${mb(sample.benchRss).padStart(14)}`,
        );
      }
      // Done when every article's fetch has ended and the later stages have drained: an
      // article skipped on the way never reaches analysis, so analysed alone cannot say it.
      const fetch = counts['article-fetch']!;
      const busy = ['article-fetch', 'article-extract', 'article-analyze'].some((q) => {
        const c = counts[q]!;
        return c.waiting! + c.active! + c.delayed! + (c.prioritized ?? 0) > 0;
      });
      idleSamples = !busy && fetch.completed! + fetch.failed! >= ARTICLES ? idleSamples + 1 : 0;
      if (idleSamples >= 2) done = { at: samples.at(-2)!.at, counts };
      if (Date.now() - spawnedAt > timeoutMs) {
        console.log(`soak: timed out after ${timeoutMs / 1000} s: ${JSON.stringify(counts)}`);
        done = { at: sample.at, counts, timedOut: true };
      }
      if (worker.exitCode !== null) {
        throw new Error(`soak: the worker exited (${worker.exitCode}): ${stderr.join('')}`);
      }
    }
    const profiled = await profile?.stop();
    const redisAfter = await redisStats(conn);
    const site = await server.stats();
    const final = await verify(conn, done.counts);
    const jobTimes = await stageTimes(queues);

    const workerPid = worker.pid!;
    worker.kill('SIGTERM');
    const code = await exited;
    worker = undefined;

    // End to end: from the first feed request to the sample that saw the pipeline drained.
    const start = site.firstFeedAt ?? spawnedAt;
    const wallSec = (done.at - start) / 1000;
    const rate = final.analysed / wallSec;
    const inRun = samples.filter((s) => s.at <= done.at);
    const last = inRun.at(-1)!;
    const warm = samples.find((s) => s.analysed >= ARTICLES * WARMUP_SHARE) ?? samples[0]!;
    // RSS saws up and down by ~20 % between collections (sampled every SAMPLE_MS), so one sample
    // against another says more about where each fell on the saw than about growth: compare the
    // median of the samples over the tenth of the run after warm-up with that of the last tenth.
    const rssOver = (from: number, to: number) => {
      const window = inRun
        .filter((s) => s.analysed >= ARTICLES * from && s.analysed < ARTICLES * to)
        .map((s) => s.workerRss);
      return window.length > 0 ? median(window) : last.workerRss;
    };
    const warmRss = rssOver(WARMUP_SHARE, 2 * WARMUP_SHARE);
    const endRss = rssOver(1 - WARMUP_SHARE, Infinity);
    const growth = (endRss - warmRss) / warmRss;
    const pointGrowth = (last.workerRss - warm.workerRss) / warm.workerRss;
    const peak = Math.max(...samples.map((s) => s.workerRss));
    const redisMsPerArticle = ((redisAfter.cpuSec - redisBefore.cpuSec) * 1000) / final.analysed;
    const redisCmdMsPerArticle =
      (redisAfter.commandUsec - redisBefore.commandUsec) / 1000 / final.analysed;
    const commandsPerArticle = (redisAfter.commands - redisBefore.commands) / final.analysed;
    const workerCpuMs = last.workerCpuMs / final.analysed;
    const split = threadSplit(workerPid, last.threadCpuMs);
    const perArticle = (ms: number) => (ms / final.analysed).toFixed(1);
    // The same share against what extraction cost in this run, under this run's load: a check
    // that the one-thread median above is a fair denominator.
    const overheadInRun = redisMsPerArticle / (split.extraction / final.analysed);
    const analyses = done.counts['article-analyze']?.completed ?? 0;
    const overhead = redisMsPerArticle / base.newsmonExtractMs;
    const lostOrDuplicated = final.lost + final.duplicated;
    const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
    console.log(
      [
        '',
        `pipeline: ${final.analysed.toLocaleString('en-US')} analysed in ${wallSec.toFixed(1)} s ` +
          `(first feed request → drained) = ${rate.toFixed(1)} articles/s; worker start-up ` +
          `${((start - spawnedAt) / 1000).toFixed(1)} s before that, not counted`,
        `naive loop: ${base.pages} of the same pages (1 in ${Math.round(ARTICLES / base.pages)}), ` +
          `fetch + new JSDOM + Readability one at a time: ${base.rate.toFixed(1)} articles/s ` +
          `(median of ${base.rates.map((r) => r.toFixed(1)).join(', ')}) ` +
          `→ ratio ${(rate / base.rate).toFixed(2)}×  goal ≥ ${GOAL_SPEEDUP}×  ` +
          `${rate / base.rate >= GOAL_SPEEDUP ? 'PASS' : 'MISS'}`,
        `  on those pages, one thread: newsmon extractArticle median ${base.newsmonExtractMs.toFixed(1)} ms, ` +
          `plain JSDOM + Readability ${base.plainMs.toFixed(1)} ms`,
        '',
        `stages (jobs): ${STAGES.map((q) => `${q} ${fmtCounts(done.counts[q]!)}`).join('; ')}`,
        `job run time (processedOn → finishedOn, last ${STAGE_TIME_JOBS} per stage), median / p90 ms: ` +
          jobTimes.map((t) => `${t.stage} ${t.p50.toFixed(0)} / ${t.p90.toFixed(0)}`).join(', '),
        `articles: ${final.registered} registered, ${final.distinctUrls} distinct URLs, statuses ` +
          `${JSON.stringify(final.statuses)}; verdicts ${JSON.stringify(final.verdicts)}`,
        `${done.timedOut ? 'not analysed (timed out: unfinished, not necessarily lost)' : 'lost'} ` +
          `${final.lost}, duplicated ${final.duplicated}  goal 0  ${lostOrDuplicated === 0 ? 'PASS' : 'MISS'}`,
        '',
        `worker rss, median of the samples: ${mb(warmRss)} MB over ${WARMUP_SHARE * 100}–` +
          `${2 * WARMUP_SHARE * 100} % of the articles (after warm-up) → ${mb(endRss)} MB over the ` +
          `last ${WARMUP_SHARE * 100} %: ${pct(growth)}  goal < ${GOAL_RSS_GROWTH * 100} %  ` +
          `${growth < GOAL_RSS_GROWTH ? 'PASS' : 'MISS'}`,
        `  single samples: ${mb(warm.workerRss)} MB at ${warm.analysed} analysed → ` +
          `${mb(last.workerRss)} MB at the end (${pct(pointGrowth)}); peak ${mb(peak)} MB`,
        `other processes at the end: redis-server ${mb(last.redisRss)} MB rss ` +
          `(${mb(last.redisUsed)} MB used: snapshots, records, indexes and every finished job), ` +
          `site ${mb(last.serverRss)} MB, bench ${mb(last.benchRss)} MB`,
        '',
        `redis-server CPU ${redisMsPerArticle.toFixed(2)} ms per article ` +
          `(of which executing commands ${redisCmdMsPerArticle.toFixed(2)} ms; ` +
          `${commandsPerArticle.toFixed(0)} commands, script-internal ones included) = ` +
          `${(overhead * 100).toFixed(1)} % of extracting it  goal < ${GOAL_OVERHEAD * 100} %  ` +
          `${overhead < GOAL_OVERHEAD ? 'PASS' : 'MISS'}`,
        `  costliest commands per article: ${topCommands(redisBefore, redisAfter, final.analysed)}`,
        ...(profiled
          ? profileLines(profiled, final.analysed, base.newsmonExtractMs, redisMsPerArticle)
          : []),
        `worker process CPU ${workerCpuMs.toFixed(1)} ms per article (all threads: poll, fetch, ` +
          `gzip, extraction, analysis, ioredis/BullMQ); site ${(site.cpuMicros / 1000 / ARTICLES).toFixed(1)} ms per page`,
        `  by thread (named by the worker): main ${perArticle(split.main)} ms (poll, fetch, BullMQ), ` +
          `extraction threads ${perArticle(split.extraction)} ms, analysis thread ` +
          `${perArticle(split.analysis)} ms (${analyses.toLocaleString('en-US')} analyses, ` +
          `${(split.analysis / Math.max(1, analyses)).toFixed(1)} ms each), others ` +
          `${perArticle(split.other)} ms (V8 GC and compiler helpers, libuv); ` +
          `redis-server CPU = ${(overheadInRun * 100).toFixed(1)} % of the extraction threads' CPU`,
        `worker exit on SIGTERM: ${code}; soak bench ${((performance.now() - began) / 1000).toFixed(0)} s in all`,
        '',
      ].join('\n'),
    );
    if (final.lost + final.duplicated > 0 || code !== 0) console.log(stderr.join('').slice(-4000));

    return {
      bench: 'soak',
      seconds: 0,
      figures: [
        figure({
          name: `end-to-end articles/s (${ARTICLES.toLocaleString('en-US')})`,
          value: rate,
          unit: '/s',
          baseline: { name: 'naive fetch+JSDOM+Readability', value: base.rate },
          goal: `ratio ≥ ${GOAL_SPEEDUP}`,
          pass: rate / base.rate >= GOAL_SPEEDUP,
        }),
        figure({
          name: 'analysis CPU per article / extraction',
          value: split.analysis / final.analysed,
          unit: 'ms',
          baseline: { name: 'extraction threads', value: split.extraction / final.analysed },
          note: `thread CPU (/proc) per article analysed; ${analyses} analyses, re-checks included`,
        }),
        figure({
          name: 'Redis time per article / extraction',
          value: redisMsPerArticle,
          unit: 'ms',
          baseline: { name: 'extractArticle', value: base.newsmonExtractMs },
          goal: `< ${GOAL_OVERHEAD * 100} %`,
          pass: overhead < GOAL_OVERHEAD,
          note: 'redis-server CPU (INFO) during the soak per article; client-side ioredis/BullMQ CPU not included',
        }),
        figure({
          name: 'worker rss end / warm-up (medians)',
          value: endRss / 2 ** 20,
          unit: 'MB',
          baseline: {
            name: `${WARMUP_SHARE * 100}–${2 * WARMUP_SHARE * 100} %`,
            value: warmRss / 2 ** 20,
          },
          goal: `growth < ${GOAL_RSS_GROWTH * 100} %`,
          pass: growth < GOAL_RSS_GROWTH,
        }),
        figure({
          name: 'articles lost + duplicated',
          value: lostOrDuplicated,
          unit: '',
          baseline: null,
          goal: '0',
          pass: lostOrDuplicated === 0,
          note: `${final.analysed} analysed of ${ARTICLES}${done.timedOut ? ' (timed out)' : ''}`,
        }),
      ],
    };
  } finally {
    if (worker && worker.exitCode === null) worker.kill('SIGKILL');
    await queues?.close();
    conn?.disconnect();
    server?.stop();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Baseline {
  pages: number;
  /** The median of BASELINE_RUNS runs over the pages. */
  rate: number;
  /** Every run's rate, in order. */
  rates: number[];
  newsmonExtractMs: number;
  plainMs: number;
}

/**
 * What a script without newsmon would do: for each page, fetch it, parse it with a new JSDOM and
 * run Readability, one page after another. Then, on the same bodies in this thread, the median
 * time of newsmon's extractArticle and of the plain parse alone (the soak's extraction cost).
 */
async function naiveLoop(origin: string): Promise<Baseline> {
  const indices = Array.from({ length: BASELINE_PAGES }, (_, j) =>
    Math.floor((j * ARTICLES) / BASELINE_PAGES),
  );
  const read = async (i: number) => {
    const url = `${origin}${articlePath(i)}`;
    const html = await (await fetch(url)).text();
    const text = plainReadabilityText(html, url);
    if (text.length < 200) throw new Error(`soak baseline: no article text at ${url}`);
    return { url, html };
  };
  for (let w = 0; w < BASELINE_WARMUP; w++) await read(ARTICLES - 1 - w);
  let bodies: { url: string; html: string }[] = [];
  const rates: number[] = [];
  for (let run = 0; run < BASELINE_RUNS; run++) {
    globalThis.gc?.();
    bodies = [];
    const t = performance.now();
    for (const i of indices) bodies.push(await read(i));
    rates.push((indices.length / (performance.now() - t)) * 1000);
  }
  const rate = median(rates);

  const timeEach = (f: (b: { url: string; html: string }) => void) => {
    const ms: number[] = [];
    for (const b of bodies.slice(0, 100)) {
      const s = performance.now();
      f(b);
      ms.push(performance.now() - s);
    }
    return median(ms);
  };
  timeEach((b) => void extractArticle(b.html, b.url));
  const newsmonExtractMs = timeEach((b) => void extractArticle(b.html, b.url));
  const plainMs = timeEach((b) => void plainReadabilityText(b.html, b.url));
  return { pages: indices.length, rate, rates, newsmonExtractMs, plainMs };
}

const STAGE_TIME_JOBS = 1000;

/** How long each stage's jobs ran (waiting in the queue not included), over the latest jobs. */
async function stageTimes(
  queues: JobQueues,
): Promise<{ stage: string; p50: number; p90: number }[]> {
  const out: { stage: string; p50: number; p90: number }[] = [];
  for (const q of ['article-fetch', 'article-extract', 'article-analyze'] as const) {
    const jobs = await queues.queue(q).getJobs(['completed'], 0, STAGE_TIME_JOBS - 1);
    const ms = jobs
      .filter((j) => j.processedOn && j.finishedOn)
      .map((j) => j.finishedOn! - j.processedOn!);
    if (ms.length > 0) out.push({ stage: q, p50: median(ms), p90: percentile(ms, 0.9) });
  }
  return out;
}

async function stageCounts(queues: JobQueues): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  for (const q of STAGES) {
    out[q] = await queues
      .queue(q)
      .getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed', 'prioritized');
  }
  return out;
}

function fmtCounts(c: Record<string, number>): string {
  return Object.entries(c)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

interface Verified {
  registered: number;
  distinctUrls: number;
  analysed: number;
  statuses: Record<string, number>;
  verdicts: Record<string, number>;
  lost: number;
  duplicated: number;
}

/**
 * Lost: a site article with no analysed record. Duplicated: more article records than pages, a
 * URL under two records, or a fetch or extraction stage that completed more jobs than there are
 * articles (a job run twice under two ids; BullMQ never keeps two jobs of one id). Analysis may
 * run again for an article analysed before an earlier-published one arrived (the timeline's
 * re-checks): counted apart, not as duplicates.
 */
async function verify(
  redis: Redis,
  counts: Record<string, Record<string, number>>,
): Promise<Verified> {
  const keys = keysFor(PREFIX);
  const ids = await redis.zrange(keys.articlesByTime, '0', '-1');
  const statuses: Record<string, number> = {};
  const urls = new Set<string>();
  const seenIndex = new Set<number>();
  for (let b = 0; b < ids.length; b += 1000) {
    const p = redis.pipeline();
    for (const id of ids.slice(b, b + 1000)) p.hmget(keys.article(id), 'status', 'url');
    for (const [, row] of (await p.exec()) ?? []) {
      const [status, url] = row as [string | null, string | null];
      statuses[status ?? 'missing'] = (statuses[status ?? 'missing'] ?? 0) + 1;
      if (!url) continue;
      urls.add(url);
      const i = /\/news\/story-(\d+)$/.exec(url);
      if (status === 'analyzed' && i) seenIndex.add(Number(i[1]));
    }
  }
  const verdicts: Record<string, number> = {};
  for (const key of await redis.keys(`${PREFIX}:articles:verdict:*`)) {
    verdicts[key.split(':').at(-1)!] = await redis.scard(key);
  }
  const over = ['article-fetch', 'article-extract'].map((q) =>
    Math.max(0, counts[q]!.completed! + counts[q]!.failed! - ARTICLES),
  );
  return {
    registered: ids.length,
    distinctUrls: urls.size,
    analysed: statuses.analyzed ?? 0,
    statuses,
    verdicts,
    lost: ARTICLES - seenIndex.size,
    duplicated: Math.max(0, ids.length - ARTICLES) + (ids.length - urls.size) + Math.max(...over),
  };
}

async function redisStats(redis: Redis): Promise<{
  cpuSec: number;
  commandUsec: number;
  commands: number;
  /** Calls and microseconds per command name (script-internal calls included). */
  byCommand: Map<string, { calls: number; usec: number }>;
}> {
  const info = await redis.info();
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1]);
  let commandUsec = 0;
  const byCommand = new Map<string, { calls: number; usec: number }>();
  const stats = await redis.info('commandstats');
  for (const m of stats.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
    byCommand.set(m[1]!, { calls: Number(m[2]), usec: Number(m[3]) });
    commandUsec += Number(m[3]);
  }
  return {
    cpuSec: field('used_cpu_user') + field('used_cpu_sys'),
    commandUsec,
    commands: field('total_commands_processed'),
    byCommand,
  };
}

/** The commands that cost Redis most between two readings, per article: where its time goes. */
function topCommands(
  before: Awaited<ReturnType<typeof redisStats>>,
  after: Awaited<ReturnType<typeof redisStats>>,
  articles: number,
  n = 8,
): string {
  return [...after.byCommand]
    .map(([name, a]) => {
      const b = before.byCommand.get(name) ?? { calls: 0, usec: 0 };
      return { name, calls: (a.calls - b.calls) / articles, usec: (a.usec - b.usec) / articles };
    })
    .sort((x, y) => y.usec - x.usec)
    .slice(0, n)
    .map((c) => `${c.name} ${c.calls.toFixed(1)}× ${(c.usec / 1000).toFixed(2)} ms`)
    .join(', ');
}

async function redisMemory(redis: Redis): Promise<{ redisRss: number; redisUsed: number }> {
  const info = await redis.info('memory');
  const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1]);
  return { redisRss: field('used_memory_rss'), redisUsed: field('used_memory') };
}

let clockTicks = 0;
/** A child's resident set and CPU time (all its threads, and each thread), from /proc. */
function procStats(pid: number): {
  workerRss: number;
  workerCpuMs: number;
  threadCpuMs: Map<number, ThreadCpu>;
} {
  clockTicks ||= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  const threadCpuMs = new Map<number, ThreadCpu>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      threadCpuMs.set(Number(tid), {
        name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
        ms: cpuMsOfStat(stat),
      });
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return {
    workerRss: rssKb * 1024,
    workerCpuMs: cpuMsOfStat(readFileSync(`/proc/${pid}/stat`, 'utf8')),
    threadCpuMs,
  };
}

interface ThreadCpu {
  /** The thread's OS name: the worker names its extraction and analysis threads. */
  name: string;
  ms: number;
}

function cpuMsOfStat(stat: string): number {
  // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / clockTicks) * 1000;
}

/**
 * The worker's CPU split by thread, by the names the worker gives its threads
 * (workers/thread-serve.ts): `newsmon-extract` and `newsmon-analyze`. A thread replaced after a
 * failure takes its CPU with it; the process total still counts it.
 */
function threadSplit(
  pid: number,
  threads: Map<number, ThreadCpu>,
): { main: number; extraction: number; analysis: number; other: number } {
  const split = { main: 0, extraction: 0, analysis: 0, other: 0 };
  for (const [tid, { name, ms }] of threads) {
    if (tid === pid) split.main += ms;
    else if (name === 'newsmon-extract') split.extraction += ms;
    else if (name === 'newsmon-analyze') split.analysis += ms;
    else split.other += ms;
  }
  return split;
}

interface StoryServer {
  origin: string;
  stats(): Promise<Extract<FromStoryServer, { type: 'stats' }>>;
  stop(): void;
}

async function startStoryServer(count: number): Promise<StoryServer> {
  // The compiled story-server.js sits next to this file in dist/bench.
  const file = fileURLToPath(new URL('./story-server.js', import.meta.url));
  const child = fork(file, [String(count)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const reply = <T extends FromStoryServer['type']>(type: T) =>
    new Promise<Extract<FromStoryServer, { type: T }>>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`story-server exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (msg: FromStoryServer) => {
        child.off('exit', onExit);
        if (msg.type === type) resolve(msg as Extract<FromStoryServer, { type: T }>);
        else reject(new Error(`story-server: expected ${type}, got ${msg.type}`));
      });
    });
  const { port } = await reply('listening');
  return {
    origin: `http://127.0.0.1:${port}`,
    stats: () => {
      const answer = reply('stats');
      child.send({ type: 'stats' } satisfies ToStoryServer);
      return answer;
    },
    stop: () => child.disconnect(),
  };
}

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}
