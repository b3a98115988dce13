// The reviewer's queue: one item per flagged statement, ranked by check-worthiness and recency.
import type { ChainableCommander, Redis } from 'ioredis';
import {
  REVIEW_STATUSES,
  type ReviewDecision,
  type ReviewEntry,
  type ReviewStatus,
} from '../domain/article-record.js';
import type { StatementKind } from '../domain/types.js';
import { dateMs, outletKey, queryIndex } from './index-query.js';
import type { Keys } from './keys.js';

/**
 * Rank = hours since the epoch + this many hours per unit of check-worthiness: an item worth
 * 1.0 sorts with one 24 h newer and worth 0. Newer first, and within a day the most checkable
 * first, in one sorted set that Redis pages through without loading the queue.
 */
export const WORTHINESS_HOURS = 24;
/** Optimistic-lock retries when two reviewers decide the same item at once. */
const DECIDE_ATTEMPTS = 5;
/** Bumped when the filter index format changes: ensureIndex rebuilds it once. */
const INDEX_VERSION = '1';

/** What GET /api/claims and its export can filter on, within one status. */
export interface ReviewFilter {
  kind?: StatementKind;
  /** Case-insensitive text in the speaker's name. */
  speaker?: string;
  /** A site name or a feed outlet, as for articles: `outletFeeds` are the feeds it names. */
  outlet?: string;
  outletFeeds?: readonly string[];
  /** Epoch ms, inclusive, on the article's publishedAt (the item's createdAt when unknown). */
  from?: number;
  to?: number;
}

/** The short per-item row that speaker and outlet filters read instead of the whole item. */
interface ReviewMeta {
  /** Speaker, lower-cased ('' for none). */
  s: string;
  /** Article id. */
  a: string;
}

// KEYS: item, status index. ARGV: item JSON, rank, id. 1 when created, 0 when it existed.
const ADD_NEW_SCRIPT = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1`;

// Compare-and-set: an analysis rewrites or withdraws an item only if it is still as it read it,
// so a reviewer's decision taken in between is never lost (the analysis loses instead).
// KEYS: item, status index, date index, meta. ARGV: item JSON as read, new JSON, rank, id, date
// score, meta JSON.
const REPLACE_SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[4])
redis.call('HSET', KEYS[4], ARGV[4], ARGV[6])
return 1`;
// KEYS: item, status index, date index, meta, kind index. ARGV: item JSON as read, id.
const WITHDRAW_SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[2])
redis.call('HDEL', KEYS[4], ARGV[2])
redis.call('SREM', KEYS[5], ARGV[2])
return 1`;

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

  /**
   * Queues a new item. Never replaces one that exists (SET NX, and only then the status index),
   * even if another analysis created it after this one looked: decisions are never lost.
   */
  addTo(tx: ChainableCommander, entry: ReviewEntry): void {
    tx.eval(
      ADD_NEW_SCRIPT,
      2,
      this.keys.reviewItem(entry.id),
      this.keys.reviewByStatus(entry.status),
      JSON.stringify(entry),
      reviewRank(entry),
      entry.id,
    );
    this.indexTo(tx, entry);
  }

  /** Kind, date, speaker and article of an item: what the list filters read. */
  private indexTo(tx: ChainableCommander, entry: ReviewEntry): void {
    tx.sadd(this.keys.reviewByKind(entry.claim.kind), entry.id);
    tx.zadd(this.keys.reviewByDate, dateScore(entry), entry.id);
    tx.hset(this.keys.reviewMeta, entry.id, metaOf(entry));
  }

  /** The items of these ids as stored (their JSON, for replaceTo and withdrawTo). */
  async stored(ids: readonly string[]): Promise<Map<string, { entry: ReviewEntry; raw: string }>> {
    if (ids.length === 0) return new Map();
    const raw = await this.redis.mget(ids.map((id) => this.keys.reviewItem(id)));
    return new Map(
      ids.flatMap((id, i) => {
        const r = raw[i];
        return r ? [[id, { entry: JSON.parse(r) as ReviewEntry, raw: r }] as const] : [];
      }),
    );
  }

  /**
   * Rewrites an item (its first sighting moved, or its statement judged again) unless it changed
   * since it was read as `raw`. Status and decisions are the caller's to keep.
   */
  replaceTo(tx: ChainableCommander, raw: string, entry: ReviewEntry): void {
    tx.eval(
      REPLACE_SCRIPT,
      4,
      this.keys.reviewItem(entry.id),
      this.keys.reviewByStatus(entry.status),
      this.keys.reviewByDate,
      this.keys.reviewMeta,
      raw,
      JSON.stringify(entry),
      reviewRank(entry),
      entry.id,
      dateScore(entry),
      metaOf(entry),
    );
  }

  /** Deletes an item no article flags any more, unless it changed since it was read as `raw`. */
  withdrawTo(tx: ChainableCommander, raw: string, entry: ReviewEntry): void {
    tx.eval(
      WITHDRAW_SCRIPT,
      5,
      this.keys.reviewItem(entry.id),
      this.keys.reviewByStatus(entry.status),
      this.keys.reviewByDate,
      this.keys.reviewMeta,
      this.keys.reviewByKind(entry.claim.kind),
      raw,
      entry.id,
    );
  }

  /**
   * Ids of the items of one status matching `filter`, in rank order, and how many match. Kind
   * and date are intersected inside Redis; speaker and outlet read a short row per remaining item.
   * `limit` null: every match (exports).
   */
  async query(
    status: ReviewStatus,
    filter: ReviewFilter,
    offset: number,
    limit: number | null,
  ): Promise<{ total: number; ids: string[] }> {
    const k = this.keys;
    const speaker = filter.speaker?.trim().toLowerCase();
    let articles: Set<string> | null = null;
    if (filter.outlet !== undefined) {
      const sets = [
        k.articlesBySite(outletKey(filter.outlet)),
        ...(filter.outletFeeds ?? []).map((f) => k.articlesByFeed(f)),
      ];
      articles = new Set(await this.redis.sunion(...sets));
    }
    const hasRange = filter.from !== undefined || filter.to !== undefined;
    const test =
      speaker || articles
        ? async (ids: string[]) => {
            const rows = await this.redis.hmget(k.reviewMeta, ...ids);
            return rows.map((raw) => {
              if (raw === null) return false;
              const meta = JSON.parse(raw) as ReviewMeta;
              if (speaker && !meta.s.includes(speaker)) return false;
              return !articles || articles.has(meta.a);
            });
          }
        : undefined;
    return queryIndex(this.redis, k.queryTemp, {
      order: k.reviewByStatus(status),
      ...(hasRange
        ? {
            range: {
              key: k.reviewByDate,
              min: filter.from ?? -Infinity,
              max: filter.to ?? Infinity,
            },
          }
        : {}),
      all: filter.kind ? [k.reviewByKind(filter.kind)] : [],
      any: [],
      ...(test ? { test } : {}),
      offset,
      limit,
    });
  }

  /** The items of these ids, in order; ids without an item are left out. */
  async getMany(ids: readonly string[]): Promise<ReviewEntry[]> {
    if (ids.length === 0) return [];
    const raw = await this.redis.mget(ids.map((id) => this.keys.reviewItem(id)));
    return raw.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as ReviewEntry);
  }

  /**
   * Builds the filter index of items stored before it existed, once per index version.
   * Returns how many items were indexed; 0 when the index is current.
   */
  async ensureIndex(batch = 500): Promise<number> {
    if ((await this.redis.get(this.keys.reviewIndexVersion)) === INDEX_VERSION) return 0;
    let indexed = 0;
    for (const status of REVIEW_STATUSES) {
      const key = this.keys.reviewByStatus(status);
      for (let start = 0; ; start += batch) {
        const ids = await this.redis.zrange(key, String(start), String(start + batch - 1));
        if (ids.length === 0) break;
        const tx = this.redis.pipeline();
        for (const entry of await this.getMany(ids)) this.indexTo(tx, entry);
        await tx.exec();
        indexed += ids.length;
      }
    }
    await this.redis.set(this.keys.reviewIndexVersion, INDEX_VERSION);
    return indexed;
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

function dateScore(entry: ReviewEntry): number {
  return dateMs(entry.article.publishedAt) ?? dateMs(entry.createdAt) ?? 0;
}

function metaOf(entry: ReviewEntry): string {
  const meta: ReviewMeta = { s: entry.claim.speaker?.toLowerCase() ?? '', a: entry.articleId };
  return JSON.stringify(meta);
}
