// Commands that act on a running newsmon (feeds, claims) talk to its Redis directly.
import type { AppConfig } from '../config.js';
import { NewsmonError } from '../errors.js';
import { pingRedis } from '../store/redis-server.js';

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
