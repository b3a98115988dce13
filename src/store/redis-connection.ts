import { Redis, type ChainableCommander, type RedisOptions } from 'ioredis';

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
