// Runs the real composition root in-process against a private Redis and a temporary config dir.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { loadConfig, type AppConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startDaemon, type Daemon } from '../../workers/daemon.js';
import { TEST_AUTH_CONFIG } from './auth.js';

// Every test daemon accepts the token in ./auth.ts.
export { AUTH } from './auth.js';

/** The line every CLI command prints on stderr first about a test daemon's Redis (REDIS_URL). */
export const CLI_REDIS_LINE =
  /^newsmon: redis \S+ \(REDIS_URL\), newsmon instance [0-9a-f]{16} of \S+, started \S+ \(pid \d+ on /;

export interface TestDaemon extends Daemon {
  config: AppConfig;
}

export async function startTestDaemon(opts: {
  redisUrl: string;
  feeds: { id: string; outlet: string; url: string; intervalSeconds?: number }[];
  roles?: { api: boolean; workers: boolean };
  overrides?: Record<string, unknown>;
  /** Where the daemon logs (each line parsed), at `info` and above; else the test log level. */
  logLines?: { level: number; msg: string; [key: string]: unknown }[];
}): Promise<TestDaemon> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'newsmon-test-'));
  writeFileSync(path.join(dir, 'feeds.yaml'), stringify({ feeds: opts.feeds }));
  const config = loadConfig({
    env: { NEWSMON_CONFIG_DIR: dir, NEWSMON_DATA_DIR: path.join(dir, 'data') },
    overrides: {
      redis: { url: opts.redisUrl },
      http: { host: '127.0.0.1', port: 0 },
      fetch: { allow: ['127.0.0.1'], timeoutMs: 5_000, perHost: { minIntervalMs: 20 } },
      jobs: { backoffMs: 200 },
      workers: { shutdownGraceMs: 5_000, concurrency: { extract: 1 } },
      log: { level: process.env.TEST_LOG_LEVEL ?? 'silent' },
      auth: TEST_AUTH_CONFIG,
      // Scheduled rechecks are delayed jobs that outlive a test; a test that wants them says so.
      revisions: { recheckAfter: [] },
      ...opts.overrides,
    },
  });
  const daemon = await startDaemon({
    config,
    log: opts.logLines
      ? createLogger('info', {
          write(line: string) {
            opts.logLines!.push(JSON.parse(line) as { level: number; msg: string });
          },
        })
      : createLogger(config.log.level),
    roles: opts.roles ?? { api: true, workers: true },
  });
  return {
    ...daemon,
    config,
    async stop() {
      await daemon.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
