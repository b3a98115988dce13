// The reviewer's queue: one item per flagged statement, ranked by check-worthiness and recency.
import type { ChainableCommander, Redis } from 'ioredis';
import type { ReviewDecision, ReviewEntry, ReviewStatus } from '../domain/article-record.js';
import type { Keys } from './keys.js';

/**
 * Rank = hours since the epoch + this many hours per unit of check-worthiness: an item worth
 * 1.0 sorts with one 24 h newer and worth 0. Newer first, and within a day the most checkable
 * first, in one sorted set that Redis pages through without loading the queue.
 */
export const WORTHINESS_HOURS = 24;
/** Optimistic-lock retries when two reviewers decide the same item at once. */
const DECIDE_ATTEMPTS = 5;

export function reviewRank(entry: Pick<ReviewEntry, 'createdAt' | 'claim'>): number {
  return Date.parse(entry.createdAt) / 3_600_000 + WORTHINESS_HOURS * entry.claim.worthiness;
}

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
    tx.zadd(this.keys.reviewByStatus(entry.status), reviewRank(entry), entry.id);
  }

  async get(id: string): Promise<ReviewEntry | null> {
    const raw = await this.redis.get(this.keys.reviewItem(id));
    return raw ? (JSON.parse(raw) as ReviewEntry) : null;
  }

  /** Highest rank first (see reviewRank). */
  async list(status: ReviewStatus, offset: number, limit: number) {
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

  /** How many items each status holds. */
  async counts(statuses: readonly ReviewStatus[]): Promise<Record<string, number>> {
    const pipeline = this.redis.pipeline();
    statuses.forEach((s) => pipeline.zcard(this.keys.reviewByStatus(s)));
    const rows = (await pipeline.exec()) ?? [];
    return Object.fromEntries(statuses.map((s, i) => [s, Number(rows[i]?.[1] ?? 0)]));
  }

  /**
   * Records a decision and moves the item to its new status, atomically with whatever `also`
   * adds to the transaction (a confirmed statement joining the known set). Null when there is
   * no such item.
   */
  async decide(
    id: string,
    decision: ReviewDecision,
    also: (tx: ChainableCommander, entry: ReviewEntry) => void,
  ): Promise<ReviewEntry | null> {
    const key = this.keys.reviewItem(id);
    for (let attempt = 0; attempt < DECIDE_ATTEMPTS; attempt++) {
      await this.redis.watch(key);
      const raw = await this.redis.get(key);
      if (!raw) {
        await this.redis.unwatch();
        return null;
      }
      const before = JSON.parse(raw) as ReviewEntry;
      const entry: ReviewEntry = {
        ...before,
        status: decision.decision,
        updatedAt: decision.at,
        decisions: [...(before.decisions ?? []), decision],
      };
      const tx = this.redis.multi();
      tx.set(key, JSON.stringify(entry));
      tx.zrem(this.keys.reviewByStatus(before.status), id);
      tx.zadd(this.keys.reviewByStatus(entry.status), reviewRank(entry), id);
      also(tx, entry);
      // exec() resolves to null when the watched item changed under us: read it again.
      if (await tx.exec()) return entry;
    }
    throw new Error(`review: item ${id} kept changing while deciding`);
  }
}
