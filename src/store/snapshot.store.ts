import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * Raw fetched bodies, gzip-compressed and content-addressed, so an article can be re-extracted
 * without refetching. Kept in Redis rather than on local disk so that extraction can run on any
 * machine that shares the Redis.
 */
export class SnapshotStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly retentionSeconds: number,
  ) {}

  async put(body: Buffer): Promise<string> {
    const hash = createHash('sha256').update(body).digest('hex');
    const key = this.keys.snapshot(hash);
    // Same body, same key: a refetch of an unchanged page only renews the retention.
    const renewed = await this.redis.expire(key, this.retentionSeconds);
    if (renewed === 0)
      await this.redis.set(key, await gzipAsync(body), 'EX', this.retentionSeconds);
    return hash;
  }

  async get(hash: string): Promise<Buffer | null> {
    const packed = await this.redis.getBuffer(this.keys.snapshot(hash));
    return packed ? gunzipAsync(packed) : null;
  }
}
