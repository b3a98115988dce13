import type { ChainableCommander, Redis } from 'ioredis';
import type {
  ArticleOrigin,
  ArticleRecord,
  ArticleStatus,
  EntryHints,
} from '../domain/article-record.js';
import { articleIdFor } from '../feeds/url-canonical.js';
import type { Keys } from './keys.js';

// Creates the record and indexes it in one step, or does nothing if it exists.
// A known article gains the origin in the same step, at most once and up to MAX_ORIGINS, so two
// feeds registering it together cannot lose one and a syndicated story cannot grow it unbounded.
// KEYS: article, index. ARGV: score, id, origin JSON, then the new record's field/value pairs.
const MAX_ORIGINS = 100;
const REGISTER_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  local origins = cjson.decode(redis.call('HGET', KEYS[1], 'origins') or '[]')
  local origin = cjson.decode(ARGV[3])
  for _, o in ipairs(origins) do
    if o.kind == origin.kind and o.feedId == origin.feedId and o.entryId == origin.entryId and o.source == origin.source then return 0 end
  end
  if #origins < ${MAX_ORIGINS} then
    table.insert(origins, origin)
    redis.call('HSET', KEYS[1], 'origins', cjson.encode(origins))
  end
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2])
return 1`;

// Stored as a hash of JSON fields so that each stage rewrites only what it owns.
const JSON_FIELDS = [
  'origins',
  'hints',
  'error',
  'snapshot',
  'article',
  'analysis',
  'revisions',
] as const;

export class ArticleStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /**
   * Records that an article was seen (from a feed, an ingest or an alert). Returns true when it
   * is new; a known article only gains the origin.
   */
  async register(
    id: string,
    url: string,
    canonical: string,
    origin: ArticleOrigin,
    hints: EntryHints | null,
    now: Date,
  ): Promise<boolean> {
    const key = this.keys.article(id);
    const at = now.toISOString();
    const fields = {
      id,
      url,
      canonicalUrl: canonical,
      origins: JSON.stringify([origin]),
      hints: JSON.stringify(hints),
      status: 'queued' satisfies ArticleStatus,
      error: 'null',
      snapshot: 'null',
      article: 'null',
      analysis: 'null',
      revisions: '[]',
      createdAt: at,
      updatedAt: at,
    };
    const created = (await this.redis.eval(
      REGISTER_SCRIPT,
      2,
      key,
      this.keys.articlesByTime,
      now.getTime(),
      id,
      JSON.stringify(origin),
      ...Object.entries(fields).flat(),
    )) as number;
    return created === 1;
  }

  /**
   * The article id for a canonical URL: the one already known for it (an AMP or other variant
   * whose page declared this URL canonical), else the id derived from the URL itself.
   */
  async resolveId(canonical: string): Promise<string> {
    return (await this.redis.hget(this.keys.urlIndex, canonical)) ?? articleIdFor(canonical);
  }

  /** Ties another canonical URL (the one a page declares) to an article; first writer wins. */
  async addAlias(canonical: string, id: string): Promise<void> {
    await this.redis.hsetnx(this.keys.urlIndex, canonical, id);
  }

  /** Status and origins only: what a poll needs to know, without the text and analysis. */
  async peek(id: string): Promise<Pick<ArticleRecord, 'status' | 'origins'> | null> {
    const [status, origins] = await this.redis.hmget(this.keys.article(id), 'status', 'origins');
    if (!status) return null;
    return {
      status: status as ArticleStatus,
      origins: JSON.parse(origins ?? '[]') as ArticleOrigin[],
    };
  }

  async get(id: string): Promise<ArticleRecord | null> {
    return parseRecord(await this.redis.hgetall(this.keys.article(id)));
  }

  /** Newest first. */
  async list(offset: number, limit: number): Promise<{ total: number; items: ArticleRecord[] }> {
    const [total, ids] = await Promise.all([
      this.redis.zcard(this.keys.articlesByTime),
      this.redis.zrevrange(this.keys.articlesByTime, offset, offset + limit - 1),
    ]);
    const pipeline = this.redis.pipeline();
    ids.forEach((id) => pipeline.hgetall(this.keys.article(id)));
    const rows = (await pipeline.exec()) ?? [];
    const items = rows
      .map(([, h]) => parseRecord(h as Record<string, string>))
      .filter((r): r is ArticleRecord => r !== null);
    return { total, items };
  }

  /** Writes some fields of a record; inside `tx` when the write belongs to a larger transaction. */
  update(
    id: string,
    fields: Partial<Omit<ArticleRecord, 'id' | 'createdAt' | 'updatedAt'>>,
    now: Date,
    tx?: ChainableCommander,
  ): Promise<unknown> {
    const flat: Record<string, string> = { updatedAt: now.toISOString() };
    for (const [k, v] of Object.entries(fields)) {
      flat[k] =
        (JSON_FIELDS as readonly string[]).includes(k) || typeof v !== 'string'
          ? JSON.stringify(v)
          : v;
    }
    if (tx) {
      tx.hset(this.keys.article(id), flat);
      return Promise.resolve();
    }
    return this.redis.hset(this.keys.article(id), flat);
  }
}

function parseRecord(h: Record<string, string> | null | undefined): ArticleRecord | null {
  if (!h?.id || !h.url) return null;
  const json = <T>(field: string): T => JSON.parse(h[field] ?? 'null') as T;
  return {
    id: h.id,
    url: h.url,
    canonicalUrl: h.canonicalUrl ?? h.url,
    origins: json('origins') ?? [],
    hints: json('hints'),
    status: (h.status ?? 'queued') as ArticleStatus,
    error: json('error'),
    snapshot: json('snapshot'),
    article: json('article'),
    analysis: json('analysis'),
    revisions: json('revisions') ?? [],
    createdAt: h.createdAt ?? '',
    updatedAt: h.updatedAt ?? '',
    ...(h.firstAnalyzedAt ? { firstAnalyzedAt: h.firstAnalyzedAt } : {}),
  };
}
