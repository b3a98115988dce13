// Inbound alerts under load: the real daemon in its API role (no workers: jobs only queue up) on
// 127.0.0.1 with a private redis-server, and autocannon in a second process POSTing to the
// token-path webhook with a new article URL per request. Measured: requests/s and p50/p99
// latency (goal ≥ 1,000/s with p99 < 50 ms on the 2-core box) beside `GET /health` of the same
// server (no Redis); and that every accepted alert became exactly one article-fetch job: the
// distinct URLs the 202 answers called new equal the jobs in the queue, job id for job id, and
// sending known URLs again adds none.
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { articleIdFor, canonicalUrl } from '../src/feeds/url-canonical.js';
import type { Metrics } from '../src/metrics.js';
import { startTestDaemon, type TestDaemon } from '../test/helpers/daemon.js';
import { startTestRedis, type TestRedis } from '../test/helpers/redis.js';
import { figure, median, type BenchResult } from './report.js';
import type { CannonResult, CannonRun } from './webhook-cannon.js';

const QUICK = Boolean(process.env.NEWSMON_BENCH_QUICK);
/** Timed runs of each kind, alternating; the table shows the median run (by requests/s). */
const RUNS = 3;
const SECONDS = QUICK ? 3 : 8;
const WARMUP_SECONDS = 2;
/** Enough to keep the server's one event loop busy without queueing in the kernel. */
const CONNECTIONS = 16;
const REPEATS = 2_000;
const WARMUP_REQUESTS = 4_000;
const MAX_REQUESTS = 100_000;
const GOAL_RPS = 1_000;
const GOAL_P99_MS = 50;
const TOKEN = 'bench-webhook-token-0123456789';
/** For the bench only: the shipped limit (60 a minute per source and address) would be the measurement. */
const RATE_LIMIT = { max: 1_000_000_000, windowSeconds: 60 };

export default async function webhookLoadBench(): Promise<BenchResult> {
  const began = performance.now();
  let redis: TestRedis | undefined;
  let daemon: TestDaemon | undefined;
  let cannon: Cannon | undefined;
  try {
    redis = await startTestRedis();
    daemon = await startTestDaemon({
      redisUrl: redis.url,
      feeds: [],
      roles: { api: true, workers: false },
      overrides: {
        webhooks: { tokens: [{ name: 'bench', token: TOKEN }], rateLimit: RATE_LIMIT },
        log: { level: 'silent' },
      },
    });
    const base = daemon.address!;
    const hook = `${base}/webhooks/alerts/${TOKEN}`;
    cannon = startCannon();
    console.log(
      `\nwebhook-load: newsmon API role (no workers), private redis-server; autocannon in a ` +
        `second process, ${CONNECTIONS} connections, ${RUNS} runs per kind, alternating, of ` +
        `~${SECONDS} s, after a warm-up; webhooks.rateLimit raised to ` +
        `${RATE_LIMIT.max.toLocaleString('en-US')}/min for the bench; load average ` +
        `${os.loadavg()[0]!.toFixed(2)}`,
    );

    await cannon.run({
      kind: 'get',
      url: `${base}/health`,
      seconds: WARMUP_SECONDS,
      connections: CONNECTIONS,
    });
    const warm = await cannon.run({
      kind: 'webhook',
      url: hook,
      amount: WARMUP_REQUESTS,
      connections: CONNECTIONS,
      run: 'warm',
    });
    // The timed runs send a fixed number of requests, about SECONDS' worth at the warm-up's rate,
    // rather than stopping on the clock: a run stopped on the clock drops the answers in flight,
    // whose jobs the server has queued all the same, and the count would no longer say
    // exactly-once.
    const amount = Math.min(MAX_REQUESTS, Math.round(warm.requestsPerSec * SECONDS));
    const created = new Set(warm.created);
    let createdAnswers = warm.created.length;
    let accepted = warm.statuses['202'] ?? 0;
    const health: CannonResult[] = [];
    const hooks: CannonResult[] = [];
    for (let r = 0; r < RUNS; r++) {
      health.push(
        await cannon.run({
          kind: 'get',
          url: `${base}/health`,
          seconds: SECONDS,
          connections: CONNECTIONS,
        }),
      );
      const h = await cannon.run({
        kind: 'webhook',
        url: hook,
        amount,
        connections: CONNECTIONS,
        run: `r${r}`,
      });
      hooks.push(h);
      h.created.forEach((u) => created.add(u));
      createdAnswers += h.created.length;
      accepted += h.statuses['202'] ?? 0;
    }
    // Every request carried a URL of its own, so every 202 the server sent must be one new job.
    const served = await acceptedByServer(daemon);
    const jobsBefore = await fetchJobIds(daemon);
    // Idempotency: URLs already accepted, sent again, must make no job.
    const again = await cannon.run({
      kind: 'fixed',
      url: hook,
      connections: CONNECTIONS,
      urls: [...created].slice(0, REPEATS),
    });
    const jobsAfter = await fetchJobIds(daemon);
    const expected = new Set([...created].map((u) => `fetch-${articleIdFor(canonicalUrl(u))}`));
    const missing = [...expected].filter((id) => !jobsAfter.has(id)).length;
    const unseen = [...jobsAfter].filter((id) => !expected.has(id)).length;
    const mismatch =
      Math.abs(jobsBefore.size - served) +
      missing +
      (createdAnswers - created.size) +
      again.created.length +
      (jobsAfter.size - jobsBefore.size);
    const exact = mismatch === 0 && unseen === 0 && served === accepted;

    const pick = (runs: CannonResult[]) => {
      const rps = median(runs.map((r) => r.requestsPerSec));
      return runs.find((r) => r.requestsPerSec === rps) ?? runs[0]!;
    };
    const hk = pick(hooks);
    const hl = pick(health);
    const row = (name: string, r: CannonResult) =>
      `${name.padEnd(22)}${Math.round(r.requestsPerSec).toString().padStart(8)}` +
      `${r.p50.toFixed(1).padStart(8)}${r.p99.toFixed(1).padStart(8)}${r.max.toFixed(0).padStart(8)}` +
      `  ${JSON.stringify(r.statuses)}${r.errors + r.timeouts > 0 ? ` errors ${r.errors} timeouts ${r.timeouts}` : ''}`;
    const passRps = hk.requestsPerSec >= GOAL_RPS;
    const passP99 = hk.p99 < GOAL_P99_MS;
    console.log(
      [
        '',
        `${'median run'.padEnd(22)}${'req/s'.padStart(8)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'max ms'.padStart(8)}  statuses`,
        row('POST /webhooks/alerts/…', hk),
        row('GET /health', hl),
        `runs (req/s): webhook ${hooks.map((r) => Math.round(r.requestsPerSec)).join(', ')}; ` +
          `health ${health.map((r) => Math.round(r.requestsPerSec)).join(', ')}`,
        '',
        `webhook req/s = ${Math.round(hk.requestsPerSec)}  goal ≥ ${GOAL_RPS}  ${passRps ? 'PASS' : 'MISS'}; ` +
          `p99 = ${hk.p99.toFixed(1)} ms  goal < ${GOAL_P99_MS} ms  ${passP99 ? 'PASS' : 'MISS'}`,
        `exactly once: the server answered 202 ${served.toLocaleString('en-US')} times ` +
          `(newsmon_webhooks_received_total) and queued ${jobsBefore.size.toLocaleString('en-US')} ` +
          `article-fetch jobs; autocannon read ${accepted.toLocaleString('en-US')} answers 202, ` +
          `${created.size.toLocaleString('en-US')} distinct URLs called new, each one's job present ` +
          `(${missing} missing, ${unseen} jobs for no such URL); ` +
          `${again.total.toLocaleString('en-US')} known URLs sent again: ${again.known} answered as ` +
          `known, ${again.created.length} as new, jobs after ${jobsAfter.size.toLocaleString('en-US')}  ` +
          `${exact ? 'PASS' : 'MISS'}`,
        `webhook-load bench: ${((performance.now() - began) / 1000).toFixed(0)} s in all`,
        '',
      ].join('\n'),
    );
    return {
      bench: 'webhook-load',
      seconds: 0,
      figures: [
        figure({
          name: 'webhook requests/s (no workers)',
          value: hk.requestsPerSec,
          unit: '/s',
          baseline: { name: 'GET /health', value: hl.requestsPerSec },
          goal: `≥ ${GOAL_RPS.toLocaleString('en-US')}/s`,
          pass: passRps,
        }),
        figure({
          name: 'webhook latency p50',
          value: hk.p50,
          unit: 'ms',
          baseline: { name: 'GET /health', value: hl.p50 },
        }),
        figure({
          name: 'webhook latency p99',
          value: hk.p99,
          unit: 'ms',
          baseline: { name: 'GET /health', value: hl.p99 },
          goal: `< ${GOAL_P99_MS} ms`,
          pass: passP99,
        }),
        figure({
          name: 'webhook 202s ≠ fetch jobs',
          value: mismatch,
          unit: '',
          baseline: null,
          goal: '0',
          pass: exact,
          note: `${served} accepted by the server, ${jobsAfter.size} jobs`,
        }),
      ],
    };
  } finally {
    cannon?.stop();
    await daemon?.stop();
    await redis?.stop();
  }
}

/** 202 answers to the token webhook, as the server counted them. */
async function acceptedByServer(daemon: TestDaemon): Promise<number> {
  // The daemon gives its pipeline deps the whole registry (workers/daemon.ts).
  const { values } = await (daemon.deps.metrics as Metrics).webhooksReceived.get();
  return values
    .filter((v) => v.labels.source === 'token' && v.labels.outcome === 'accepted')
    .reduce((sum, v) => sum + v.value, 0);
}

/** Ids of every job on the article-fetch queue, whatever its state (no worker takes them). */
async function fetchJobIds(daemon: TestDaemon): Promise<Set<string>> {
  const queue = daemon.queues.queue('article-fetch');
  const client: Redis = daemon.deps.redis;
  const ids = new Set<string>();
  for (const state of [
    'wait',
    'paused',
    'active',
    'delayed',
    'prioritized',
    'completed',
    'failed',
  ]) {
    const key = queue.keys[state]!;
    const type = await client.type(key);
    const members =
      type === 'list'
        ? await client.lrange(key, 0, -1)
        : type === 'zset'
          ? await client.zrange(key, '0', '-1')
          : [];
    members.forEach((id) => ids.add(id));
  }
  return ids;
}

interface Cannon {
  run(run: CannonRun): Promise<CannonResult>;
  stop(): void;
}

function startCannon(): Cannon {
  // The compiled webhook-cannon.js sits next to this file in dist/bench.
  const child: ChildProcess = fork(fileURLToPath(new URL('./webhook-cannon.js', import.meta.url)), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    run: (run) =>
      new Promise((resolve, reject) => {
        const onExit = (code: number | null) =>
          reject(new Error(`webhook-cannon exited (${code})`));
        child.once('exit', onExit);
        child.once(
          'message',
          (msg: { ok: true; result: CannonResult } | { ok: false; error: string }) => {
            child.off('exit', onExit);
            if (msg.ok) resolve(msg.result);
            else reject(new Error(`webhook-cannon: ${msg.error}`));
          },
        );
        child.send(run);
      }),
    stop: () => child.kill(),
  };
}
