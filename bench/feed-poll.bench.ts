// How much a conditional poll saves: 1,000 feeds polled through the real pollFeed orchestrator,
// once answering 200 with a real body (the baseline), once answering 304, once answering 200
// with an unchanged body and no validators. The goal is a 304 poll costing ≤ 0.1 of a full one in
// this process's CPU time; the feed server and redis-server are other processes, measured apart.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../src/config.js';
import type { PipelineDeps } from '../src/pipeline/pipeline-deps.js';
import { pollFeed } from '../src/pipeline/feed-poll.handler.js';
import type { PollOutcome } from '../src/store/feed.store.js';
import { createTestPipeline, type TestPipeline } from '../test/helpers/pipeline.js';
import { startTestRedis, type TestRedis } from '../test/helpers/redis.js';
import type { FromServer, ServeMode, ToServer } from './feed-server.js';
import { figure, type BenchResult } from './report.js';

const FEEDS = 1_000;
/**
 * Each batch is FEEDS new feeds taken through every round; the table shows the median batch,
 * since single batches' 304 ratios spread over ~0.015 within one run on the 2-core box.
 */
const BATCHES = 3;
/** Feeds of their own for warming the JIT, so the baseline is not charged for compiling. */
const WARMUP_FEEDS = 200;
/** More than the poll workers' default 4, so the 2-core box never idles on loopback I/O. */
const IN_FLIGHT = 16;
const GOAL_304_RATIO = 0.1;

interface Round {
  name: string;
  mode: ServeMode;
  expect: PollOutcome;
}

const ROUNDS: Round[] = [
  { name: 'full (200, parse)', mode: 'etag', expect: 'ok' },
  { name: 'not modified (304)', mode: 'etag', expect: 'not-modified' },
  { name: 'unchanged (200, same hash)', mode: 'plain', expect: 'unchanged' },
];

interface Measured {
  round: Round;
  wallMs: number;
  cpuMs: number;
  serverCpuMs: number;
  redisCpuMs: number;
  redisCommands: number;
  entries: number;
  fresh: number;
}

export default async function feedPollBench(): Promise<BenchResult> {
  let redis: TestRedis | undefined;
  let server: FeedServer | undefined;
  let pipeline: TestPipeline | undefined;
  try {
    redis = await startTestRedis();
    server = await startFeedServer(path.join(projectRoot(), 'test/fixtures/feeds'));
    pipeline = await createTestPipeline({
      redisUrl: redis.url,
      prefix: 'bench',
      overrides: {
        fetch: {
          allow: ['127.0.0.1'],
          // One loopback host serves every feed: politeness would otherwise be the bottleneck.
          perHost: { maxConcurrent: 64, minIntervalMs: 0, maxWaitMs: 60_000 },
        },
      },
    });
    const { deps } = pipeline;
    const warm = await addFeeds(deps, server.origin, 'warm', BATCHES * FEEDS, WARMUP_FEEDS);
    for (const round of ROUNDS) await runRound(pipeline, server, warm, round);

    const batches: Measured[][] = [];
    for (let b = 0; b < BATCHES; b++) {
      const feeds = await addFeeds(deps, server.origin, 'bench', b * FEEDS, FEEDS);
      const batch: Measured[] = [];
      for (const round of ROUNDS) batch.push(await runRound(pipeline, server, feeds, round));
      batches.push(batch);
    }
    return report(batches, server.bodyBytes);
  } finally {
    await pipeline?.close();
    server?.stop();
    await redis?.stop();
  }
}

async function addFeeds(
  deps: PipelineDeps,
  origin: string,
  prefix: string,
  first: number,
  count: number,
): Promise<string[]> {
  const ids: string[] = [];
  const addedAt = new Date().toISOString();
  for (let n = first; n < first + count; n++) {
    const id = `${prefix}-${n}`;
    // A distinct URL per feed so that each has its own ETag, body hash and seen entries.
    const url = `${origin}/feed/${n}`;
    await deps.feeds.add({
      id,
      outlet: `Bench ${n}`,
      title: `Bench feed ${n}`,
      url,
      enabled: true,
      origin: 'api',
      configUrl: null,
      addedAt,
      urlChanges: [],
    });
    ids.push(id);
  }
  return ids;
}

async function runRound(
  { deps, ctx }: TestPipeline,
  server: FeedServer,
  ids: string[],
  round: Round,
): Promise<Measured> {
  await server.setMode(round.mode);
  // The full round leaves a heap of parse garbage: collect it here, not inside the next round.
  globalThis.gc?.();
  const serverBefore = await server.cpuMicros();
  const redisBefore = await redisCpu(deps);
  let entries = 0;
  let fresh = 0;
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < ids.length) {
        const result = await pollFeed(deps, { feedId: ids[next++]!, force: true }, ctx);
        if (result.status !== 'done') continue;
        entries += result.entries;
        fresh += result.fresh;
      }
    }),
  );
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  const redisAfter = await redisCpu(deps);
  const serverCpu = (await server.cpuMicros()) - serverBefore;

  // Outside the timing: a round that did not do what its name says measures nothing.
  const states = await Promise.all(ids.map((id) => deps.feeds.state(id)));
  const wrong = states.filter((s) => s.lastOutcome !== round.expect);
  if (wrong.length > 0) {
    const got = wrong[0]!;
    throw new Error(
      `feed-poll bench: round "${round.name}" expected ${round.expect} on every poll, ` +
        `${wrong.length} were not (first: ${got.lastOutcome} ${JSON.stringify(got.lastError)})`,
    );
  }
  return {
    round,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    serverCpuMs: serverCpu / 1000,
    redisCpuMs: (redisAfter.micros - redisBefore.micros) / 1000,
    // Less the one INFO command the "after" reading itself counts.
    redisCommands: redisAfter.commands - redisBefore.commands - 1,
    entries,
    fresh,
  };
}

function report(batches: Measured[][], bodyBytes: number[]): BenchResult {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const ratios = (i: number) => batches.map((b) => b[i]!.cpuMs / b[0]!.cpuMs);
  // The batch whose 304 ratio is the median: its rows and its ratios are printed together.
  const mid = batches[ratios(1).indexOf(median(ratios(1)))]!;
  const [full, notModified, unchanged] = mid as [Measured, Measured, Measured];
  const perPoll = (ms: number) => (ms / FEEDS).toFixed(3);
  const kb = bodyBytes.map((b) => (b / 1024).toFixed(1)).join(', ');
  const rows = mid.map((m) => [
    m.round.name,
    Math.round((FEEDS / m.wallMs) * 1000).toString(),
    Math.round(m.wallMs).toString(),
    perPoll(m.cpuMs),
    perPoll(m.serverCpuMs),
    perPoll(m.redisCpuMs),
    (m.redisCommands / FEEDS).toFixed(1),
  ]);
  const head = [
    'round',
    'feeds/s',
    'wall ms',
    'cpu ms/poll',
    'server ms/poll',
    'redis ms/poll',
    'redis cmds/poll',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  // Four places: 0.1004 must not print as 0.100 beside MISS.
  const spread = (i: number) =>
    ratios(i)
      .map((r) => r.toFixed(4))
      .join(', ');

  const ratio304 = notModified.cpuMs / full.cpuMs;
  const ratioUnchanged = unchanged.cpuMs / full.cpuMs;
  console.log(
    [
      '',
      `feed-poll: ${FEEDS} feeds via pollFeed(force), ${IN_FLIGHT} in flight, ` +
        `bodies rotated over ${bodyBytes.length} fixtures (${kb} KB)`,
      'feed server: loopback node:http in a child process; redis-server: private, same machine',
      `full round: ${full.entries} entries parsed, ${full.fresh} passed the story pre-filter ` +
        'and were registered as articles',
      `median of ${BATCHES} batches of new feeds (by the 304 ratio)` +
        (globalThis.gc ? ', heap collected before each round' : ''),
      '',
      line(head),
      ...rows.map(line),
      '',
      `cpu(304)/cpu(full)       = ${ratio304.toFixed(4)}  goal ≤ ${GOAL_304_RATIO}  ` +
        `${ratio304 <= GOAL_304_RATIO ? 'PASS' : 'MISS'}  (batches: ${spread(1)})`,
      `cpu(unchanged)/cpu(full) = ${ratioUnchanged.toFixed(4)}  no goal, hash short-circuit ` +
        `(batches: ${spread(2)})`,
      '',
      'cpu = this process only (process.cpuUsage, user+system). The feed server and redis-server',
      'are other processes: their CPU is shown apart (redis from INFO cpu) and not in the ratios.',
      'redis cmds counts commands run inside Lua scripts too (INFO total_commands_processed).',
      '',
    ].join('\n'),
  );
  return {
    bench: 'feed-poll',
    seconds: 0,
    figures: [
      figure({
        name: `304 poll CPU ms (median of ${BATCHES}×${FEEDS})`,
        value: notModified.cpuMs / FEEDS,
        unit: 'ms',
        baseline: { name: 'full poll (200, parse)', value: full.cpuMs / FEEDS },
        goal: `ratio ≤ ${GOAL_304_RATIO}`,
        pass: ratio304 <= GOAL_304_RATIO,
      }),
    ],
  };
}

/** redis-server's own CPU time and command count, from INFO. */
async function redisCpu(deps: PipelineDeps): Promise<{ micros: number; commands: number }> {
  const info = await deps.redis.info();
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1]);
  return {
    micros: (field('used_cpu_user') + field('used_cpu_sys')) * 1e6,
    commands: field('total_commands_processed'),
  };
}

interface FeedServer {
  origin: string;
  bodyBytes: number[];
  setMode(mode: ServeMode): Promise<void>;
  cpuMicros(): Promise<number>;
  stop(): void;
}

async function startFeedServer(fixtureDir: string): Promise<FeedServer> {
  // The compiled feed-server.js sits next to this file in dist/bench.
  const file = fileURLToPath(new URL('./feed-server.js', import.meta.url));
  const child: ChildProcess = fork(file, [fixtureDir], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const reply = <T extends FromServer['type']>(type: T) =>
    new Promise<Extract<FromServer, { type: T }>>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`feed-server exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (msg: FromServer) => {
        child.off('exit', onExit);
        if (msg.type === type) resolve(msg as Extract<FromServer, { type: T }>);
        else reject(new Error(`feed-server: expected ${type}, got ${msg.type}`));
      });
    });
  const ask = <T extends FromServer['type']>(msg: ToServer, type: T) => {
    const answer = reply(type);
    child.send(msg);
    return answer;
  };
  const { port, bodyBytes } = await reply('listening');
  return {
    origin: `http://127.0.0.1:${port}`,
    bodyBytes,
    setMode: async (mode) => {
      await ask({ type: 'mode', mode }, 'ok');
    },
    cpuMicros: async () => (await ask({ type: 'cpu' }, 'cpu')).micros,
    stop: () => child.disconnect(),
  };
}
