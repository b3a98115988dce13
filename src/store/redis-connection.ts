import { Redis, type ChainableCommander, type RedisOptions } from 'ioredis';
import type { Logger } from '../logger.js';

/**
 * worker: BullMQ workers need maxRetriesPerRequest null so blocking commands survive reconnects.
 * producer: the API fails fast (503) while Redis is away instead of queueing commands in memory.
 */
export type ConnectionRole = 'worker' | 'producer';

export function createRedis(url: string, role: ConnectionRole, name?: string): Redis {
  const options: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 };
  return new Redis(url, { ...options, connectionName: name, lazyConnect: false });
}

/**
 * Logs a connection's outage once, as a warning, and its return. ioredis emits an error for every
 * reconnect attempt, and with no listener prints each one to stderr as "Unhandled error event";
 * an operator needs one structured line when Redis goes away and one when it is back.
 */
export function logOutages(redis: Redis, connection: string, log: Logger): void {
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    log.warn({ err: { message: err.message }, connection }, 'redis connection lost, reconnecting');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log.info({ connection }, 'redis connection back');
  });
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * An error that says Redis cannot be reached, as opposed to one about a command or a job. BullMQ
 * re-emits every reconnect attempt of each queue's and worker's own connection; all of them talk
 * to the Redis whose outage logOutages already logs once.
 */
export function isConnectionError(err: Error & { code?: string }): boolean {
  return (
    (err.code !== undefined && CONNECTION_CODES.has(err.code)) ||
    /Connection is closed|Socket closed unexpectedly|connect ECONNREFUSED/i.test(err.message)
  );
}

/** Waits until the connection is ready, or fails after the timeout. */
export async function waitReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`redis: not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = (): void => {
      cleanup();
      resolve();
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      redis.off('ready', onReady);
    };
    redis.on('ready', onReady);
  });
}

/**
 * Runs a MULTI and throws if any command in it failed (EXEC reports errors per command, e.g.
 * OOM under noeviction, instead of rejecting).
 */
export async function execTransaction(tx: ChainableCommander): Promise<void> {
  const results = await tx.exec();
  if (results === null) throw new Error('redis: transaction aborted');
  const failed = results.find(([err]) => err);
  if (failed?.[0]) throw failed[0];
}
