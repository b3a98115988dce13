// `newsmon worker` as a real child process (the built CLI), so a test can kill it with SIGKILL or
// stop it with SIGTERM the way an operator or the OS would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { stringify } from 'yaml';
import { projectRoot } from '../../src/config.js';
import { createRedis, waitReady } from '../../src/store/redis-connection.js';
import { startTestRedis, type TestRedis } from './redis.js';
import { startStorySite, type StorySite } from './story-site.js';

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: string[];
}

export interface WorkerEnv {
  configDir: string;
  dataDir: string;
  cleanup(): void;
}

/** A config directory for worker processes: the feeds, and settings that make recovery quick. */
export function workerEnv(
  feeds: { id: string; outlet: string; url: string }[],
  overrides: Record<string, unknown> = {},
): WorkerEnv {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'newsmon-worker-'));
  writeFileSync(path.join(dir, 'feeds.yaml'), stringify({ feeds }));
  writeFileSync(
    path.join(dir, 'default.yaml'),
    stringify({
      fetch: { allow: ['127.0.0.1'], timeoutMs: 5_000, perHost: { minIntervalMs: 10 } },
      jobs: { backoffMs: 200 },
      log: { level: 'warn' },
      // Scheduled rechecks are delayed jobs that outlive a test; a test that wants them says so.
      revisions: { recheckAfter: [] },
      ...overrides,
      // A killed worker's jobs are locked for 2 s, then put back within a second.
      workers: {
        shutdownGraceMs: 10_000,
        lockDurationMs: 2_000,
        stalledIntervalMs: 1_000,
        ...(overrides.workers as object | undefined),
      },
    }),
  );
  return {
    configDir: dir,
    dataDir: path.join(dir, 'data'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `extraEnv`: e.g. NEWSMON_TEST_FAULT, the step boundary where the worker kills itself. */
export function startWorkerProcess(
  redisUrl: string,
  env: WorkerEnv,
  extraEnv: Record<string, string> = {},
): WorkerProcess {
  const child = spawn(
    process.execPath,
    [path.join(projectRoot(), 'dist', 'src', 'cli', 'main.js'), 'worker'],
    {
      env: {
        ...process.env,
        REDIS_URL: redisUrl,
        NEWSMON_CONFIG_DIR: env.configDir,
        NEWSMON_DATA_DIR: env.dataDir,
        ...extraEnv,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, stderr };
}

/** What a test of real worker processes polling the story site starts from. */
export interface StoryWorkerRun {
  redis: TestRedis;
  site: StorySite;
  env: WorkerEnv;
  /** The test's own connection to the workers' Redis. */
  conn: Redis;
}

/**
 * A private Redis, the story site (story-site.ts) with its feed in the workers' config, and a
 * connection for the test to look at what the workers did. The workers are the test's to start.
 */
export async function startStoryWorkers(opts: {
  articles: number;
  /** The connection's name, as Redis lists it. */
  name: string;
  overrides?: Record<string, unknown>;
  redis?: Parameters<typeof startTestRedis>[0];
  pages?: Record<number, string>;
}): Promise<StoryWorkerRun> {
  const redis = await startTestRedis(opts.redis);
  const site = await startStorySite(opts.articles, { pages: opts.pages ?? {} });
  const env = workerEnv(
    [{ id: 'story', outlet: 'Story Test Daily', url: site.feedUrl }],
    opts.overrides,
  );
  const conn = createRedis(redis.url, 'worker', opts.name);
  await waitReady(conn);
  return { redis, site, env, conn };
}

/** Kills the workers still running, then closes what startStoryWorkers opened. */
export async function stopStoryWorkers(
  run: StoryWorkerRun,
  workers: readonly WorkerProcess[],
): Promise<void> {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  run.conn.disconnect();
  await run.site.close();
  await run.redis.stop();
  run.env.cleanup();
}
