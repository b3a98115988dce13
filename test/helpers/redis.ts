// A private redis-server per test file, on a free port and a temporary directory: tests never
// touch a Redis they did not start.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRedisServer, type RedisServerHandle } from '../../src/store/redis-server.js';

export interface TestRedis extends RedisServerHandle {
  dir: string;
}

export async function startTestRedis(options: { appendOnly?: boolean } = {}): Promise<TestRedis> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'newsmon-redis-'));
  const server = await startRedisServer({
    binary: process.env.REDIS_SERVER_BIN ?? 'redis-server',
    port: 0,
    dataDir: dir,
    appendOnly: options.appendOnly ?? false,
  });
  return {
    ...server,
    dir,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
