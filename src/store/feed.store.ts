import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';
import { execTransaction } from './redis-connection.js';

export interface FeedState {
  lastPolledAt: string | null;
  lastStatus: 'ok' | 'error' | null;
  lastError: { code: string; message: string } | null;
  lastEntryCount: number;
  lastNewCount: number;
  consecutiveErrors: number;
}

export class FeedStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Which of these entry ids the feed has not handed over yet. */
  async unseen(feedId: string, entryIds: string[]): Promise<Set<string>> {
    if (entryIds.length === 0) return new Set();
    const flags = await this.redis.smismember(this.keys.feedSeen(feedId), ...entryIds);
    return new Set(entryIds.filter((_, i) => flags[i] === 0));
  }

  async markSeen(feedId: string, entryId: string): Promise<void> {
    await this.redis.sadd(this.keys.feedSeen(feedId), entryId);
  }

  async recordSuccess(feedId: string, at: Date, entries: number, fresh: number): Promise<void> {
    await this.redis.hset(this.keys.feedState(feedId), {
      lastPolledAt: at.toISOString(),
      lastStatus: 'ok',
      lastError: 'null',
      lastEntryCount: entries,
      lastNewCount: fresh,
      consecutiveErrors: 0,
    });
  }

  async recordError(
    feedId: string,
    at: Date,
    error: { code: string; message: string },
  ): Promise<void> {
    const key = this.keys.feedState(feedId);
    await execTransaction(
      this.redis
        .multi()
        .hset(key, {
          lastPolledAt: at.toISOString(),
          lastStatus: 'error',
          lastError: JSON.stringify(error),
        })
        .hincrby(key, 'consecutiveErrors', 1),
    );
  }

  async state(feedId: string): Promise<FeedState> {
    const h = await this.redis.hgetall(this.keys.feedState(feedId));
    return {
      lastPolledAt: h.lastPolledAt ?? null,
      lastStatus: (h.lastStatus as FeedState['lastStatus']) ?? null,
      lastError: h.lastError ? (JSON.parse(h.lastError) as FeedState['lastError']) : null,
      lastEntryCount: Number(h.lastEntryCount ?? 0),
      lastNewCount: Number(h.lastNewCount ?? 0),
      consecutiveErrors: Number(h.consecutiveErrors ?? 0),
    };
  }
}
