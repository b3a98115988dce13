// Commands that act on a running newsmon (feeds, claims, alerts, reprocess) talk to its Redis.
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config.js';
import { describeError, NewsmonError } from '../errors.js';
import { keysFor, type Keys } from '../store/keys.js';
import { createRedis, waitReady } from '../store/redis-connection.js';
import { pingRedis } from '../store/redis-server.js';

/** Where a subcommand writes a line: standard output or standard error, or a test's buffer. */
export type Out = (text: string) => void;

/** The Redis of a running newsmon: REDIS_URL, else the embedded port. Never starts one. */
export async function redisUrlOf(config: AppConfig): Promise<string> {
  if (config.redis.url) return config.redis.url;
  const port = config.redis.embedded.port;
  if (await pingRedis('127.0.0.1', port, 500)) return `redis://127.0.0.1:${port}`;
  throw new NewsmonError(
    'REDIS_UNAVAILABLE',
    `nothing answers on 127.0.0.1:${port}; start newsmon (npm start) or set REDIS_URL`,
  );
}

/**
 * Runs a subcommand against the Redis of a running newsmon: connects, maps any failure to one
 * `newsmon <command>: CODE: message` line and exit code 1, and always disconnects.
 */
export async function withCliRedis(
  config: AppConfig,
  command: string,
  err: Out,
  body: (redis: Redis, keys: Keys) => Promise<number>,
): Promise<number> {
  let redis: Redis | null = null;
  try {
    redis = createRedis(await redisUrlOf(config), 'worker', 'newsmon-cli');
    await waitReady(redis, 5_000);
    return await body(redis, keysFor(config.redis.prefix));
  } catch (e) {
    const { code, message } = describeError(e);
    err(`newsmon ${command}: ${code}: ${message}`);
    return 1;
  } finally {
    redis?.disconnect();
  }
}

/** The value of a flag, which must be one of `allowed`. */
export function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
): T {
  const found = allowed.find((a) => a === value);
  if (!found) {
    throw new NewsmonError('INPUT_INVALID', `${flag} must be one of ${allowed.join(', ')}`);
  }
  return found;
}
