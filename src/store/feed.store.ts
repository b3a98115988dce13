// Feeds as they live: the registry (seeded from feeds.yaml, managed by API and CLI), each feed's
// polling state, its seen entries and the history of its last polls.
import type { Redis } from 'ioredis';
import type { FeedSource } from '../domain/types.js';
import type { Keys } from './keys.js';
import { execTransaction } from './redis-connection.js';

export interface FeedRecord extends FeedSource {
  origin: 'config' | 'api';
  /** The URL feeds.yaml gave, so that editing the file wins over a URL learned from redirects. */
  configUrl: string | null;
  addedAt: string;
  urlChanges: { from: string; to: string; at: string; reason: string }[];
}

export type PollOutcome = 'ok' | 'not-modified' | 'unchanged' | 'error';

/** Times are epoch milliseconds. */
export interface FeedState {
  lastPolledAt: number | null;
  lastOutcome: PollOutcome | null;
  lastError: { code: string; message: string } | null;
  consecutiveErrors: number;
  etag: string | null;
  lastModified: string | null;
  bodyHash: string | null;
  nextPollAt: number | null;
  backoffUntil: number | null;
  lastNewAt: number | null;
  /** Times of the last polls that found new entries: the feed's rhythm. */
  arrivals: number[];
  entriesSeen: number;
  prefilterDropped: number;
  /** A permanent redirect seen on consecutive polls, and how many. */
  redirect: { url: string; count: number } | null;
}

export interface PollRecord {
  at: string;
  outcome: PollOutcome;
  httpStatus: number | null;
  durationMs: number;
  bytes: number;
  entries: number;
  fresh: number;
  dropped: number;
  error: { code: string; message: string } | null;
}

const EMPTY_STATE: FeedState = {
  lastPolledAt: null,
  lastOutcome: null,
  lastError: null,
  consecutiveErrors: 0,
  etag: null,
  lastModified: null,
  bodyHash: null,
  nextPollAt: null,
  backoffUntil: null,
  lastNewAt: null,
  arrivals: [],
  entriesSeen: 0,
  prefilterDropped: 0,
  redirect: null,
};

export const HISTORY_LENGTH = 100;
const ARRIVALS_KEPT = 20;

export class FeedStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async list(): Promise<FeedRecord[]> {
    const all = await this.redis.hvals(this.keys.feeds);
    return all.map((j) => JSON.parse(j) as FeedRecord).sort((a, b) => a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<FeedRecord | null> {
    const json = await this.redis.hget(this.keys.feeds, id);
    return json ? (JSON.parse(json) as FeedRecord) : null;
  }

  /** Adds a feed; false when the id is taken. */
  async add(feed: FeedRecord): Promise<boolean> {
    return (await this.redis.hsetnx(this.keys.feeds, feed.id, JSON.stringify(feed))) === 1;
  }

  async put(feed: FeedRecord): Promise<void> {
    await this.redis.hset(this.keys.feeds, feed.id, JSON.stringify(feed));
  }

  /** Removes a feed with its state, seen entries and history. */
  async remove(id: string): Promise<boolean> {
    const tx = this.redis
      .multi()
      .hdel(this.keys.feeds, id)
      .del(this.keys.feedState(id), this.keys.feedSeen(id), this.keys.feedHistory(id));
    const results = await tx.exec();
    return results?.[0]?.[1] === 1;
  }

  /**
   * Makes the registry agree with feeds.yaml: new config feeds are added, changed ones updated,
   * config feeds no longer in the file removed. Feeds added by API or CLI are left alone.
   */
  async syncConfig(
    feeds: readonly FeedSource[],
    now: Date,
  ): Promise<{ added: number; removed: number }> {
    const existing = new Map((await this.list()).map((f) => [f.id, f]));
    let added = 0;
    for (const f of feeds) {
      const old = existing.get(f.id);
      existing.delete(f.id);
      if (old && old.origin === 'api') continue;
      // A URL moved by permanent redirects is kept until someone edits the file's URL.
      const url = old && old.configUrl === f.url ? old.url : f.url;
      const record: FeedRecord = {
        ...f,
        url,
        origin: 'config',
        configUrl: f.url,
        addedAt: old?.addedAt ?? now.toISOString(),
        urlChanges: old?.urlChanges ?? [],
      };
      if (!old) added++;
      await this.put(record);
    }
    let removed = 0;
    for (const old of existing.values()) {
      if (old.origin === 'config' && (await this.remove(old.id))) removed++;
    }
    return { added, removed };
  }

  async state(id: string): Promise<FeedState> {
    const h = await this.redis.hgetall(this.keys.feedState(id));
    const state: Record<string, unknown> = { ...EMPTY_STATE };
    for (const [k, v] of Object.entries(h)) if (k in EMPTY_STATE) state[k] = JSON.parse(v);
    return state as unknown as FeedState;
  }

  /** Writes the state fields given, with one poll appended to the bounded history. */
  async recordPoll(id: string, patch: Partial<FeedState>, poll: PollRecord | null): Promise<void> {
    const tx = this.redis.multi();
    const flat = Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, JSON.stringify(v)]));
    if (Object.keys(flat).length > 0) tx.hset(this.keys.feedState(id), flat);
    if (poll) {
      tx.lpush(this.keys.feedHistory(id), JSON.stringify(poll));
      tx.ltrim(this.keys.feedHistory(id), 0, HISTORY_LENGTH - 1);
    }
    await execTransaction(tx);
  }

  async history(id: string, limit = HISTORY_LENGTH): Promise<PollRecord[]> {
    const rows = await this.redis.lrange(this.keys.feedHistory(id), 0, limit - 1);
    return rows.map((r) => JSON.parse(r) as PollRecord);
  }

  /** Which of these entry ids the feed has not handed over yet. */
  async unseen(feedId: string, entryIds: string[]): Promise<Set<string>> {
    if (entryIds.length === 0) return new Set();
    const flags = await this.redis.smismember(this.keys.feedSeen(feedId), ...entryIds);
    return new Set(entryIds.filter((_, i) => flags[i] === 0));
  }

  async markSeen(feedId: string, ...entryIds: string[]): Promise<void> {
    if (entryIds.length > 0) await this.redis.sadd(this.keys.feedSeen(feedId), ...entryIds);
  }

  /**
   * One poll at a time per feed, whichever worker picks up the tick; the lock expires by itself
   * if its holder dies.
   */
  async lockPoll(feedId: string, ttlMs: number): Promise<(() => Promise<void>) | null> {
    const key = `${this.keys.feedState(feedId)}:lock`;
    const token = `${process.pid}-${Date.now()}-${Math.random()}`;
    const ok = await this.redis.set(key, token, 'PX', ttlMs, 'NX');
    if (ok !== 'OK') return null;
    return async () => {
      await this.redis.eval(
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
        1,
        key,
        token,
      );
    };
  }
}

export function withArrival(arrivals: readonly number[], at: number): number[] {
  return [...arrivals, at].slice(-ARRIVALS_KEPT);
}
