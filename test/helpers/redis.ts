// A private redis-server per test file, on a free port and a temporary directory: tests never
// touch a Redis they did not start.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRedisServer, type RedisServerHandle } from '../../src/store/redis-server.js';

export interface TestRedis extends RedisServerHandle {
  dir: string;
  /** Shuts the server down (it flushes its AOF) but keeps its data directory. */
  halt(): Promise<void>;
  /** Starts it again on the same port over the same data, as after a crash or an upgrade. */
  restart(): Promise<void>;
}

export async function startTestRedis(
  options: { appendOnly?: boolean; maxmemory?: string } = {},
): Promise<TestRedis> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'newsmon-redis-'));
  const start = (port: number) =>
    startRedisServer({
      binary: process.env.REDIS_SERVER_BIN ?? 'redis-server',
      port,
      dataDir: dir,
      appendOnly: options.appendOnly ?? false,
      ...(options.maxmemory ? { maxmemory: options.maxmemory } : {}),
    });
  let server: RedisServerHandle | null = await start(0);
  const { url, port } = server;
  return {
    url,
    port,
    dir,
    async halt() {
      await server?.stop();
      server = null;
    },
    async restart() {
      server ??= await start(port);
    },
    async stop() {
      await server?.stop();
      server = null;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
