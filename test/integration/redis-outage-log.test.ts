// A Redis outage is logged once as a warning and its end once, however many reconnect attempts
// ioredis makes in between (each one an 'error' event it would otherwise print to stderr).
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createRedis, logOutages, waitReady } from '../../src/store/redis-connection.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

describe('Redis connection outages', () => {
  let redis: TestRedis | undefined;
  afterAll(async () => {
    await redis?.stop();
  });

  it('logs one warning when Redis goes away and one line when it is back, not one per retry', async () => {
    redis = await startTestRedis();
    const lines: { level: number; msg: string; connection?: string }[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean))
          lines.push(JSON.parse(line) as { level: number; msg: string; connection?: string });
        done();
      },
    });
    const conn = createRedis(redis.url, 'worker', 'outage-test');
    logOutages(conn, 'outage-test', createLogger('info', sink));
    let errors = 0;
    conn.on('error', () => errors++);
    try {
      await waitReady(conn);
      await redis.halt();
      // Several failed reconnect attempts, each an 'error' event.
      await waitFor('three reconnect errors', () => Promise.resolve(errors >= 3 || undefined));
      await redis.restart();
      await waitFor('the connection back', () =>
        Promise.resolve(conn.status === 'ready' || undefined),
      );
      await waitFor('the line saying so', () =>
        Promise.resolve(lines.some((l) => l.msg === 'redis connection back') || undefined),
      );
      const warned = lines.filter((l) => l.msg === 'redis connection lost, reconnecting');
      expect(warned).toHaveLength(1);
      expect(warned[0]!.connection).toBe('outage-test');
      expect(lines.filter((l) => l.msg === 'redis connection back')).toHaveLength(1);
      await expect(conn.ping()).resolves.toBe('PONG');
    } finally {
      conn.disconnect();
    }
  }, 60_000);
});
