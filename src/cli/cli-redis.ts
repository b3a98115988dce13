// Commands that act on a running newsmon (feeds, claims, alerts, reprocess) talk to its Redis.
import path from 'node:path';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config.js';
import { describeError, NewsmonError } from '../errors.js';
import { keysFor, type Keys } from '../store/keys.js';
import { createRedis, waitReady } from '../store/redis-connection.js';
import { pingRedis } from '../store/redis-server.js';
import { InstanceStore, type InstanceRecord, type RedisSource } from '../store/instance.store.js';
import { maskRedisUrl } from '../logger.js';
import { UsageError } from './cli-args.js';

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
 * Connects a command to the Redis of a running newsmon and names it in one line on `note`. A
 * Redis that holds no newsmon instance is refused unless REDIS_URL (redis.url) chose it: any
 * Redis answering on 127.0.0.1:6379 is not necessarily newsmon's.
 */
export async function connectCliRedis(config: AppConfig, note: Out): Promise<Redis> {
  const url = await redisUrlOf(config);
  const redis = createRedis(url, 'worker', 'newsmon-cli');
  // Kept for the one line a command prints when Redis does not answer, instead of ioredis
  // printing every reconnect attempt to stderr.
  let lastError: Error | null = null;
  redis.on('error', (err: Error) => {
    lastError = err;
  });
  try {
    await waitReady(redis, 5_000).catch((err: Error) => {
      throw new Error(
        `redis: ${maskRedisUrl(url)} did not answer within 5 s` +
          `${lastError ? ` (${lastError.message})` : ''}`,
        { cause: err },
      );
    });
    const instance = await new InstanceStore(redis, keysFor(config.redis.prefix)).read();
    if (!instance && !config.redis.url) {
      throw new NewsmonError(
        'REDIS_NOT_NEWSMON',
        `${maskRedisUrl(url)} answers but holds no newsmon instance (no ${config.redis.prefix}:instance); start newsmon (npm start), or set REDIS_URL to use this Redis anyway`,
      );
    }
    note(cliRedisLine(url, Boolean(config.redis.url), instance));
    return redis;
  } catch (e) {
    redis.disconnect();
    throw e;
  }
}

/** The line every command prints first: which Redis, and whose. */
export function cliRedisLine(
  url: string,
  configured: boolean,
  instance: InstanceRecord | null,
): string {
  const where = `${maskRedisUrl(url)} (${configured ? 'REDIS_URL' : 'REDIS_URL unset: the embedded port'})`;
  if (!instance) return `newsmon: redis ${where}, no newsmon instance recorded there yet`;
  const state = instance.stoppedAt
    ? `stopped ${instance.stoppedAt}`
    : `started ${instance.startedAt} (pid ${instance.pid} on ${instance.host})`;
  return `newsmon: redis ${where}, newsmon instance ${instance.id} of ${instance.dataDir}, ${state}`;
}

/** What `newsmon start` says about its Redis: started, adopted or configured, and whose it is. */
export function startRedisLine(r: {
  url: string;
  source: RedisSource;
  previous: InstanceRecord | null;
  instance: InstanceRecord;
}): string {
  const url = maskRedisUrl(r.url);
  const head =
    r.source === 'started'
      ? `started its own redis-server at ${url}, data in ${path.join(r.instance.dataDir, 'redis')}`
      : r.source === 'adopted'
        ? `adopted the Redis already answering at ${url} (REDIS_URL unset; not started by newsmon)`
        : `using REDIS_URL ${url}`;
  const whose = !r.previous
    ? `new newsmon instance ${r.instance.id}`
    : r.previous.dataDir === r.instance.dataDir
      ? `newsmon instance ${r.instance.id}`
      : `newsmon instance ${r.instance.id}, last started with another data directory (${r.previous.dataDir})`;
  return `newsmon: ${head}; ${whose}`;
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
    redis = await connectCliRedis(config, err);
    return await body(redis, keysFor(config.redis.prefix));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const { code, message } = describeError(e);
    err(`newsmon ${command}: ${code}: ${message}`);
    return 1;
  } finally {
    redis?.disconnect();
  }
}
