// A Redis outage is logged once as a warning and its end once, however many reconnect attempts
// ioredis makes in between (each one an 'error' event it would otherwise print to stderr).
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.js';
import {
  createRedis,
  isConnectionError,
  logOutages,
  waitReady,
} from '../../src/store/redis-connection.js';
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
    // logOutages' listener is the only 'error' listener: without one, ioredis would print each
    // failed attempt as "[ioredis] Unhandled error event" (console.error). Attempts are counted
    // by their 'reconnecting' events.
    let attempts = 0;
    conn.on('reconnecting', () => attempts++);
    const printed = vi.spyOn(console, 'error');
    try {
      await waitReady(conn);
      await redis.halt();
      // Several failed reconnect attempts, each an 'error' event.
      await waitFor('three reconnect attempts', () => Promise.resolve(attempts >= 3 || undefined));
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
      expect(conn.listenerCount('error')).toBe(1);
      expect(printed.mock.calls.flat().join(' ')).not.toContain('Unhandled error event');
    } finally {
      printed.mockRestore();
      conn.disconnect();
    }
  }, 60_000);
});

describe('which errors are a lost connection', () => {
  it.each([
    [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED' }),
      true,
    ],
    [Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), true],
    [new Error('Connection is closed.'), true],
    [new Error('Missing lock for job 12. moveToFinished'), false],
    [new Error('OOM command not allowed when used memory > maxmemory'), false],
  ])('%s → %s', (err, want) => {
    expect(isConnectionError(err)).toBe(want);
  });
});
