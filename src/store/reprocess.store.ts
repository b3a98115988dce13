// Reprocessing runs: what was asked, how far it got, and each article's state before and after.
// Counters move in Lua so that jobs settling together on several workers count each article once.
import type { Redis } from 'ioredis';
import type { ArticleStatus } from '../domain/article-record.js';
import type { ReprocessStage } from '../jobs/job-registry.js';
import type { Keys } from './keys.js';

export type ReprocessScope =
  | { kind: 'feed'; feed: string }
  | { kind: 'feeds' }
  | { kind: 'articles'; ids: string[] }
  | { kind: 'outlet'; outlet: string }
  | { kind: 'dates'; field: 'publishedAt' | 'createdAt'; from: string | null; to: string | null }
  | { kind: 'all' };

export interface ReprocessMeta {
  id: string;
  scope: ReprocessScope;
  stage: ReprocessStage;
  /** The revisit number every job of the run carries: their ids are new, so BullMQ runs them. */
  rev: number;
  createdAt: string;
  requestedBy: string | null;
}

/** What the report compares: an article's verdict, relevance and flagged statements. */
export interface ArticleSnapshot {
  status: ArticleStatus;
  verdict: string | null;
  relevant: boolean | null;
  flagged: string[];
  url: string;
  title: string | null;
}

export interface ArticleOutcome {
  snapshot: ArticleSnapshot;
  outcome: 'analyzed' | 'skipped' | 'failed';
  reason: string | null;
}

export interface RunState {
  meta: ReprocessMeta;
  planned: boolean;
  total: number;
  settled: number;
  failed: number;
  feeds: number;
  feedsDone: number;
  feedOutcomes: Record<string, string>;
  finishedAt: string | null;
  error: { code: string; message: string } | null;
}

/** Run records are kept this long after they finish. */
const KEEP_SECONDS = 30 * 86_400;

// Sets finishedAt once everything planned has settled. KEYS[1] run; ARGV[#ARGV] now.
const FINISH = `
local function finish(run, now)
  local h = redis.call('HMGET', run, 'planned', 'total', 'settled', 'feeds', 'feedsDone')
  if h[1] == '1' and tonumber(h[3] or 0) >= tonumber(h[2] or 0)
     and tonumber(h[5] or 0) >= tonumber(h[4] or 0) then
    redis.call('HSETNX', run, 'finishedAt', now)
    return 1
  end
  return 0
end`;

// KEYS: run, before. ARGV: article id, snapshot JSON. 1 when the article joined the run.
const ADD_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 1 then
  redis.call('HINCRBY', KEYS[1], 'total', 1)
  return 1
end
return 0`;

// KEYS: run, before, after. ARGV: article id, outcome JSON, failed (0/1), now.
const SETTLE_SCRIPT = `${FINISH}
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return -1 end
if redis.call('HSETNX', KEYS[3], ARGV[1], ARGV[2]) == 1 then
  redis.call('HINCRBY', KEYS[1], 'settled', 1)
  if ARGV[3] == '1' then redis.call('HINCRBY', KEYS[1], 'failed', 1) end
end
return finish(KEYS[1], ARGV[4])`;

// KEYS: run. ARGV: feed id, outcome, now.
const FEED_SCRIPT = `${FINISH}
if redis.call('HSETNX', KEYS[1], 'feed:' .. ARGV[1], ARGV[2]) == 1 then
  redis.call('HINCRBY', KEYS[1], 'feedsDone', 1)
end
return finish(KEYS[1], ARGV[3])`;

// KEYS: run. ARGV: feeds planned, now.
const PLANNED_SCRIPT = `${FINISH}
redis.call('HSET', KEYS[1], 'planned', '1', 'feeds', ARGV[1])
return finish(KEYS[1], ARGV[2])`;

export class ReprocessStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async create(meta: ReprocessMeta): Promise<void> {
    await this.redis
      .multi()
      .hset(this.keys.reprocessRun(meta.id), {
        meta: JSON.stringify(meta),
        planned: '0',
        total: '0',
        settled: '0',
        failed: '0',
        feeds: '0',
        feedsDone: '0',
      })
      .zadd(this.keys.reprocessRuns, Date.parse(meta.createdAt), meta.id)
      .exec();
  }

  async state(id: string): Promise<RunState | null> {
    const h = await this.redis.hgetall(this.keys.reprocessRun(id));
    if (!h.meta) return null;
    const feedOutcomes: Record<string, string> = {};
    for (const [k, v] of Object.entries(h)) if (k.startsWith('feed:')) feedOutcomes[k.slice(5)] = v;
    return {
      meta: JSON.parse(h.meta) as ReprocessMeta,
      planned: h.planned === '1',
      total: Number(h.total ?? 0),
      settled: Number(h.settled ?? 0),
      failed: Number(h.failed ?? 0),
      feeds: Number(h.feeds ?? 0),
      feedsDone: Number(h.feedsDone ?? 0),
      feedOutcomes,
      finishedAt: h.finishedAt ?? null,
      error: h.error ? (JSON.parse(h.error) as RunState['error']) : null,
    };
  }

  /** Adds articles with their state before the run; returns the ids that were not in it yet. */
  async addArticles(
    id: string,
    articles: { id: string; before: ArticleSnapshot }[],
  ): Promise<string[]> {
    if (articles.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const a of articles) {
      pipeline.eval(
        ADD_SCRIPT,
        2,
        this.keys.reprocessRun(id),
        this.keys.reprocessBefore(id),
        a.id,
        JSON.stringify(a.before),
      );
    }
    const rows = (await pipeline.exec()) ?? [];
    const failed = rows.find(([err]) => err);
    if (failed?.[0]) throw failed[0];
    return articles.filter((_, i) => rows[i]?.[1] === 1).map((a) => a.id);
  }

  /** Every article job of the run has ended for this article. */
  async settleArticle(id: string, articleId: string, outcome: ArticleOutcome, now: Date) {
    const done = await this.redis.eval(
      SETTLE_SCRIPT,
      3,
      this.keys.reprocessRun(id),
      this.keys.reprocessBefore(id),
      this.keys.reprocessAfter(id),
      articleId,
      JSON.stringify(outcome),
      outcome.outcome === 'failed' ? '1' : '0',
      now.toISOString(),
    );
    if (done === 1) await this.expireFinished(id);
  }

  async feedPolled(id: string, feedId: string, outcome: string, now: Date): Promise<void> {
    const done = await this.redis.eval(
      FEED_SCRIPT,
      1,
      this.keys.reprocessRun(id),
      feedId,
      outcome,
      now.toISOString(),
    );
    if (done === 1) await this.expireFinished(id);
  }

  /** Every article (and feed poll) of the run is known and queued. */
  async planned(id: string, feeds: number, now: Date): Promise<void> {
    const done = await this.redis.eval(
      PLANNED_SCRIPT,
      1,
      this.keys.reprocessRun(id),
      feeds,
      now.toISOString(),
    );
    if (done === 1) await this.expireFinished(id);
  }

  /** The run could not be planned: it ends here, with the error. */
  async fail(id: string, error: { code: string; message: string }, now: Date): Promise<void> {
    await this.redis.hset(this.keys.reprocessRun(id), {
      error: JSON.stringify(error),
      finishedAt: now.toISOString(),
    });
    await this.expireFinished(id);
  }

  async snapshots(id: string): Promise<{
    before: Map<string, ArticleSnapshot>;
    after: Map<string, ArticleOutcome>;
  }> {
    const [before, after] = await Promise.all([
      this.redis.hgetall(this.keys.reprocessBefore(id)),
      this.redis.hgetall(this.keys.reprocessAfter(id)),
    ]);
    return {
      before: new Map(
        Object.entries(before).map(([k, v]) => [k, JSON.parse(v) as ArticleSnapshot]),
      ),
      after: new Map(Object.entries(after).map(([k, v]) => [k, JSON.parse(v) as ArticleOutcome])),
    };
  }

  /** Newest first. */
  async list(limit: number): Promise<string[]> {
    return this.redis.zrevrange(this.keys.reprocessRuns, 0, limit - 1);
  }

  private async expireFinished(id: string): Promise<void> {
    await this.redis
      .multi()
      .expire(this.keys.reprocessRun(id), KEEP_SECONDS)
      .expire(this.keys.reprocessBefore(id), KEEP_SECONDS)
      .expire(this.keys.reprocessAfter(id), KEEP_SECONDS)
      .exec();
  }
}
