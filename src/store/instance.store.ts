// Which newsmon a Redis belongs to. The daemon records itself here on every start, so that a
// command run in another shell can tell the Redis of this newsmon from any other Redis that
// happens to answer on the same port, and say which one it is working on.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';
import { execTransaction } from './redis-connection.js';

/** How the daemon came to use its Redis. */
export type RedisSource = 'configured' | 'adopted' | 'started';

export interface InstanceRecord {
  /** Made on the first start against this Redis's data, then kept. */
  id: string;
  /** The data directory of the newsmon that last started here, absolute. */
  dataDir: string;
  startedAt: string;
  /** Set by a clean shutdown, cleared by the next start. */
  stoppedAt: string | null;
  pid: number;
  host: string;
  redis: RedisSource;
}

export class InstanceStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async read(): Promise<InstanceRecord | null> {
    const h = await this.redis.hgetall(this.keys.instance);
    if (!h.id) return null;
    return {
      id: h.id,
      dataDir: h.dataDir ?? '',
      startedAt: h.startedAt ?? '',
      stoppedAt: h.stoppedAt || null,
      pid: Number(h.pid ?? 0),
      host: h.host ?? '',
      redis: (h.redis ?? 'configured') as RedisSource,
    };
  }

  /** Records a start; returns the record before it (null on a Redis newsmon never used). */
  async start(
    at: Date,
    who: Pick<InstanceRecord, 'dataDir' | 'pid' | 'host' | 'redis'>,
  ): Promise<{ previous: InstanceRecord | null; current: InstanceRecord }> {
    const previous = await this.read();
    await execTransaction(
      this.redis
        .multi()
        .hsetnx(this.keys.instance, 'id', randomBytes(8).toString('hex'))
        .hset(this.keys.instance, {
          dataDir: who.dataDir,
          startedAt: at.toISOString(),
          pid: String(who.pid),
          host: who.host,
          redis: who.redis,
        })
        .hdel(this.keys.instance, 'stoppedAt'),
    );
    return { previous, current: (await this.read())! };
  }

  async stop(at: Date): Promise<void> {
    await this.redis.hset(this.keys.instance, 'stoppedAt', at.toISOString());
  }
}
