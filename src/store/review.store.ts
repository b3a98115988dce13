import type { ChainableCommander, Redis } from 'ioredis';
import type { ReviewEntry } from '../domain/article-record.js';
import type { Keys } from './keys.js';

export class ReviewStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Ids among these that already have a review item (a re-analysis must not reset a decision). */
  async existing(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const pipeline = this.redis.pipeline();
    ids.forEach((id) => pipeline.exists(this.keys.reviewItem(id)));
    const rows = (await pipeline.exec()) ?? [];
    return new Set(ids.filter((_, i) => rows[i]?.[1] === 1));
  }

  addTo(tx: ChainableCommander, entry: ReviewEntry): void {
    tx.set(this.keys.reviewItem(entry.id), JSON.stringify(entry));
    tx.zadd(this.keys.reviewByStatus(entry.status), Date.parse(entry.createdAt), entry.id);
  }

  /** Newest first. */
  async list(status: ReviewEntry['status'], offset: number, limit: number) {
    const key = this.keys.reviewByStatus(status);
    const [total, ids] = await Promise.all([
      this.redis.zcard(key),
      this.redis.zrevrange(key, offset, offset + limit - 1),
    ]);
    const raw = ids.length ? await this.redis.mget(ids.map((id) => this.keys.reviewItem(id))) : [];
    const items = raw
      .filter((r): r is string => r !== null)
      .map((r) => JSON.parse(r) as ReviewEntry);
    return { total, items };
  }
}
