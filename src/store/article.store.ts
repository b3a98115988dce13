import type { ChainableCommander, Redis } from 'ioredis';
import type {
  ArticleOrigin,
  ArticleRecord,
  ArticleStatus,
  EntryHints,
} from '../domain/article-record.js';
import { DEDUP_VERDICTS } from '../dedup/dedup-verdict.js';
import type { Analysis, Article, DedupVerdict } from '../domain/types.js';
import { articleIdFor, CANONICAL_FORM, safeCanonical } from '../feeds/url-canonical.js';
import { dateMs, outletKey, queryIndex } from './index-query.js';
import type { Keys } from './keys.js';

// Creates the record and indexes it in one step, or does nothing if it exists.
// A known article gains the origin in the same step, at most once and up to MAX_ORIGINS, so two
// feeds registering it together cannot lose one and a syndicated story cannot grow it unbounded.
// Both keep the list indexes: the date index on creation, the feed's set for every feed origin.
// KEYS: article, index, date index[, feed set]. ARGV: score, id, origin JSON, date score, then
// the new record's field/value pairs.
const MAX_ORIGINS = 100;
// Writes the fields unless the article is already analysed from this very snapshot: a stage
// that runs again for the same bytes (a stalled job recovered after its worker died, a retry
// after a lost reply) must not put an analysed article back to an earlier status, since the
// follow-up job that would move it on has run already and keeps its id.
const UNLESS_ANALYZED_SCRIPT = `
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'analyzed' then
  local ok, snap = pcall(cjson.decode, redis.call('HGET', KEYS[1], 'snapshot') or 'null')
  if ok and type(snap) == 'table' and snap.hash == ARGV[1] then return 0 end
end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
return 1
`;

// A failure BullMQ recorded on a job (a stall, a crash) lands on the article unless the article
// already reached a final state: analysed and skipped stand; a failure the handler recorded stays.
const FAIL_UNLESS_FINAL_SCRIPT = `
local status = redis.call('HGET', KEYS[1], 'status')
if not status or status == 'analyzed' or status == 'skipped' or status == 'failed' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'failed', 'error', ARGV[1], 'updatedAt', ARGV[2])
return 1
`;

const REGISTER_SCRIPT = `
if KEYS[4] then redis.call('SADD', KEYS[4], ARGV[2]) end
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
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[2])
return 1`;

// Moves an article from its old site's set to its new one (the old one is only known here).
// KEYS: site-of hash. ARGV: id, new site key ('' for none), prefix of the site sets.
const SITE_SCRIPT = `
local old = redis.call('HGET', KEYS[1], ARGV[1])
if old and old ~= ARGV[2] then redis.call('SREM', ARGV[3] .. old, ARGV[1]) end
if ARGV[2] == '' then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  redis.call('SADD', ARGV[3] .. ARGV[2], ARGV[1])
end
return 0`;

// What a link to an article shows: its title, address, outlet and date, and the feeds that
// delivered it. Decoded inside Redis so that the article's text never crosses the wire.
const REF_SCRIPT = `
local out = {}
local function v(x) if x == cjson.null then return nil end return x end
for i, key in ipairs(KEYS) do
  local f = redis.call('HMGET', key, 'url', 'article', 'hints', 'origins')
  if f[1] then
    local ref = { id = ARGV[i], url = f[1], feeds = {} }
    local a = (f[2] and f[2] ~= 'null') and cjson.decode(f[2]) or {}
    local h = (f[3] and f[3] ~= 'null') and cjson.decode(f[3]) or {}
    ref.title = v(a.title) or v(h.title)
    ref.siteName = v(a.siteName)
    ref.publishedAt = v(a.publishedAt) or v(h.publishedAt)
    for _, o in ipairs(f[4] and cjson.decode(f[4]) or {}) do
      if o.kind == 'feed' then table.insert(ref.feeds, o.feedId) end
    end
    out[i] = cjson.encode(ref)
  else
    out[i] = false
  end
end
return out`;

/** Bumped when the index format changes: ensureIndex rebuilds it once. */
const INDEX_VERSION = '1';
const VERDICTS: readonly DedupVerdict[] = DEDUP_VERDICTS;

/** What GET /api/articles and its export can filter on; every field narrows the list. */
export interface ArticleFilter {
  verdict?: DedupVerdict;
  relevant?: boolean;
  /**
   * A site name (the page's own) or the outlet of a feed: `outletFeeds` are the ids of the
   * feeds whose outlet it names, resolved by the caller, which knows the feeds.
   */
  outlet?: string;
  outletFeeds?: readonly string[];
  /** Epoch ms, inclusive, on publishedAt (createdAt when the date is unknown). */
  from?: number;
  to?: number;
  /** Case-insensitive text in the title. */
  q?: string;
}

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

/** An article as a link shows it, with the ids of the feeds that delivered it. */
export interface StoredArticleRef {
  id: string;
  url: string;
  title: string | null;
  siteName: string | null;
  publishedAt: string | null;
  feeds: string[];
}

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
    const indexKeys = [key, this.keys.articlesByTime, this.keys.articlesByDate];
    if (origin.kind === 'feed') indexKeys.push(this.keys.articlesByFeed(origin.feedId));
    const created = (await this.redis.eval(
      REGISTER_SCRIPT,
      indexKeys.length,
      ...indexKeys,
      now.getTime(),
      id,
      JSON.stringify(origin),
      dateMs(hints?.publishedAt) ?? now.getTime(),
      ...Object.entries(fields).flat(),
    )) as number;
    if (created === 1 && hints?.title) {
      await this.redis.hset(this.keys.articleTitles, id, hints.title.toLowerCase());
    }
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

  /**
   * After a canonicalisation rule changed (CANONICAL_FORM), ties the new canonical form of every
   * stored article's URLs, and of every stored alias, to the article it already names: an id is a
   * hash of the canonical URL, so without this a link to a stored article would get a new id and
   * the article would be fetched, analysed and flagged a second time. Once per form; first writer
   * wins, as for addAlias, and articles are walked oldest first. Returns how many aliases it added.
   */
  async ensureCanonicalAliases(batch = 200): Promise<number> {
    if ((await this.redis.get(this.keys.urlCanonicalForm)) === CANONICAL_FORM) return 0;
    const aliases = new Map<string, string>();
    const tie = (url: string | null, id: string) => {
      const canonical = url ? safeCanonical(url) : null;
      if (canonical && !aliases.has(canonical) && articleIdFor(canonical) !== id)
        aliases.set(canonical, id);
    };
    for await (const ids of this.idBatches(batch)) {
      const tx = this.redis.pipeline();
      for (const id of ids) tx.hmget(this.keys.article(id), 'url', 'canonicalUrl');
      const rows = (await tx.exec()) ?? [];
      ids.forEach((id, i) => {
        const [url, canonical] = (rows[i]?.[1] ?? []) as (string | null)[];
        tie(canonical ?? null, id);
        tie(url ?? null, id);
      });
    }
    let cursor = '0';
    do {
      const [next, flat] = await this.redis.hscan(this.keys.urlIndex, cursor, 'COUNT', batch);
      for (let i = 0; i + 1 < flat.length; i += 2) tie(flat[i]!, flat[i + 1]!);
      cursor = next;
    } while (cursor !== '0');
    let added = 0;
    const entries = [...aliases];
    for (let i = 0; i < entries.length; i += batch) {
      const tx = this.redis.pipeline();
      for (const [canonical, id] of entries.slice(i, i + batch))
        tx.hsetnx(this.keys.urlIndex, canonical, id);
      for (const [, n] of (await tx.exec()) ?? []) added += n === 1 ? 1 : 0;
    }
    await this.redis.set(this.keys.urlCanonicalForm, CANONICAL_FORM);
    return added;
  }

  /** Title, address, outlet, date and delivering feeds of each article that exists. */
  async refs(ids: readonly string[]): Promise<Map<string, StoredArticleRef>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = (await this.redis.eval(
      REF_SCRIPT,
      unique.length,
      ...unique.map((id) => this.keys.article(id)),
      ...unique,
    )) as (string | null)[];
    const refs = new Map<string, StoredArticleRef>();
    for (const row of rows) {
      if (!row) continue;
      const r = JSON.parse(row) as Partial<StoredArticleRef> & { id: string; url: string };
      // cjson writes an empty table as {}, not [].
      const feeds = Array.isArray(r.feeds) ? r.feeds : [];
      refs.set(r.id, {
        id: r.id,
        url: r.url,
        title: r.title ?? null,
        siteName: r.siteName ?? null,
        publishedAt: r.publishedAt ?? null,
        feeds,
      });
    }
    return refs;
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
    return { total, items: await this.getMany(ids) };
  }

  /** The records of these ids, in order; ids without a record are left out. */
  async getMany(ids: readonly string[]): Promise<ArticleRecord[]> {
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    ids.forEach((id) => pipeline.hgetall(this.keys.article(id)));
    const rows = (await pipeline.exec()) ?? [];
    return rows
      .map(([, h]) => parseRecord(h as Record<string, string>))
      .filter((r): r is ArticleRecord => r !== null);
  }

  /**
   * Ids of the articles matching `filter`, newest first by publishedAt (createdAt when unknown),
   * and how many match. Answered from the secondary indexes: verdict, relevance, outlet and
   * date intersected inside Redis; a title search then reads the remaining candidates'
   * lower-cased titles in batches of HMGET (short commands: Redis is never blocked for the
   * whole scan, as a script would block it). `limit` null: every match (exports).
   */
  async query(
    filter: ArticleFilter,
    offset: number,
    limit: number | null,
  ): Promise<{ total: number; ids: string[] }> {
    const k = this.keys;
    const all: string[] = [];
    const any: string[][] = [];
    if (filter.verdict) all.push(k.articlesByVerdict(filter.verdict));
    if (filter.relevant !== undefined) all.push(k.articlesByRelevance(filter.relevant));
    if (filter.outlet !== undefined) {
      any.push([
        k.articlesBySite(outletKey(filter.outlet)),
        ...(filter.outletFeeds ?? []).map((f) => k.articlesByFeed(f)),
      ]);
    }
    const needle = filter.q?.trim().toLowerCase();
    const hasRange = filter.from !== undefined || filter.to !== undefined;
    return queryIndex(this.redis, k.queryTemp, {
      order: k.articlesByDate,
      ...(hasRange
        ? { orderRange: { min: filter.from ?? -Infinity, max: filter.to ?? Infinity } }
        : {}),
      all,
      any,
      ...(needle
        ? {
            test: async (ids: string[]) => {
              const titles = await this.redis.hmget(k.articleTitles, ...ids);
              return titles.map((t) => t !== null && t.includes(needle));
            },
          }
        : {}),
      offset,
      limit,
    });
  }

  /**
   * Builds the list indexes of articles stored before they existed, once per index version:
   * reads each record's hints, article and analysis in batches (the only time whole records are
   * read for the index). Returns how many were indexed; 0 when the index is current.
   */
  async ensureIndex(batch = 200): Promise<number> {
    if ((await this.redis.get(this.keys.articleIndexVersion)) === INDEX_VERSION) return 0;
    let indexed = 0;
    for await (const ids of this.idBatches(batch)) {
      const records = await this.getMany(ids);
      const tx = this.redis.pipeline();
      for (const r of records) {
        const date = dateMs(r.article?.publishedAt) ?? dateMs(r.hints?.publishedAt);
        tx.zadd(this.keys.articlesByDate, date ?? (dateMs(r.createdAt) || 0), r.id);
        const title = r.article?.title ?? r.hints?.title;
        if (title) tx.hset(this.keys.articleTitles, r.id, title.toLowerCase());
        for (const o of r.origins) {
          if (o.kind === 'feed') tx.sadd(this.keys.articlesByFeed(o.feedId), r.id);
        }
        if (r.article) this.indexArticle(tx, r.id, r.article);
        if (r.analysis) this.indexAnalysis(tx, r.id, r.analysis);
      }
      await tx.exec();
      indexed += records.length;
    }
    await this.redis.set(this.keys.articleIndexVersion, INDEX_VERSION);
    return indexed;
  }

  /** Every stored article's id, oldest first, in batches. */
  private async *idBatches(batch: number): AsyncGenerator<string[]> {
    for (let start = 0; ; start += batch) {
      const ids = await this.redis.zrange(
        this.keys.articlesByTime,
        String(start),
        String(start + batch - 1),
      );
      if (ids.length === 0) return;
      yield ids;
    }
  }

  /** Title, site and date of an extracted article, in its list indexes. */
  private indexArticle(tx: ChainableCommander, id: string, article: Article): void {
    if (article.title) tx.hset(this.keys.articleTitles, id, article.title.toLowerCase());
    const published = dateMs(article.publishedAt);
    if (published !== null) tx.zadd(this.keys.articlesByDate, published, id);
    const site = article.siteName ? outletKey(article.siteName) : '';
    tx.eval(SITE_SCRIPT, 1, this.keys.articleSiteOf, id, site, this.keys.articlesBySite(''));
  }

  /** Verdict and relevance of an analysed article (or none), in its list indexes. */
  private indexAnalysis(tx: ChainableCommander, id: string, analysis: Analysis | null): void {
    for (const v of VERDICTS) tx.srem(this.keys.articlesByVerdict(v), id);
    tx.srem(this.keys.articlesByRelevance(true), id);
    tx.srem(this.keys.articlesByRelevance(false), id);
    if (!analysis) return;
    tx.sadd(this.keys.articlesByVerdict(analysis.dedup.verdict), id);
    tx.sadd(this.keys.articlesByRelevance(analysis.relevance.relevant), id);
  }

  /** Those of these articles whose dedup verdict is `verdict` now. */
  async withVerdict(ids: readonly string[], verdict: DedupVerdict): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const member = await this.redis.smismember(this.keys.articlesByVerdict(verdict), ...ids);
    return new Set(ids.filter((_, i) => member[i] === 1));
  }

  /**
   * What the sweep needs of every article, oldest first, without text or analysis: a page of
   * ids and, per id, its stage and what the next job is made of.
   */
  async scanStages(
    offset: number,
    limit: number,
  ): Promise<
    Pick<
      ArticleRecord,
      'id' | 'url' | 'status' | 'updatedAt' | 'origins' | 'hints' | 'snapshot' | 'pendingAlerts'
    >[]
  > {
    const ids = await this.redis.zrange(
      this.keys.articlesByTime,
      String(offset),
      String(offset + limit - 1),
    );
    if (ids.length === 0) return [];
    const fields = ['status', 'updatedAt', 'url', 'origins', 'hints', 'snapshot', 'pendingAlerts'];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hmget(this.keys.article(id), ...fields);
    const rows = (await pipeline.exec()) ?? [];
    return ids.flatMap((id, i) => {
      const [status, updatedAt, url, origins, hints, snapshot, pending] = rows[i]![1] as (
        string | null
      )[];
      if (!status || !url) return [];
      return [
        {
          id,
          url,
          status: status as ArticleStatus,
          updatedAt: updatedAt ?? '',
          origins: JSON.parse(origins ?? '[]') as ArticleOrigin[],
          hints: JSON.parse(hints ?? 'null') as EntryHints | null,
          snapshot: JSON.parse(snapshot ?? 'null') as ArticleRecord['snapshot'],
          ...(pending
            ? { pendingAlerts: JSON.parse(pending) as ArticleRecord['pendingAlerts'] }
            : {}),
        },
      ];
    });
  }

  /** The analysis's alerts are queued: nothing pending any more. */
  async clearPendingAlerts(id: string): Promise<void> {
    await this.redis.hdel(this.keys.article(id), 'pendingAlerts');
  }

  /** Marks a non-final article failed with this error; false when it was final already. */
  async failUnlessFinal(
    id: string,
    error: NonNullable<ArticleRecord['error']>,
    now: Date,
  ): Promise<boolean> {
    const written = (await this.redis.eval(
      FAIL_UNLESS_FINAL_SCRIPT,
      1,
      this.keys.article(id),
      JSON.stringify(error),
      now.toISOString(),
    )) as number;
    return written === 1;
  }

  /** update(), unless the article is already analysed from `snapshot`; false when skipped. */
  async updateUnlessAnalyzed(
    id: string,
    snapshot: string,
    fields: Partial<Omit<ArticleRecord, 'id' | 'createdAt' | 'updatedAt'>>,
    now: Date,
  ): Promise<boolean> {
    const flat = Object.entries(flatten(fields, now)).flat();
    const written = (await this.redis.eval(
      UNLESS_ANALYZED_SCRIPT,
      1,
      this.keys.article(id),
      snapshot,
      ...flat,
    )) as number;
    return written === 1;
  }

  /** Writes some fields of a record; inside `tx` when the write belongs to a larger transaction. */
  update(
    id: string,
    fields: Partial<Omit<ArticleRecord, 'id' | 'createdAt' | 'updatedAt'>>,
    now: Date,
    tx?: ChainableCommander,
  ): Promise<unknown> {
    const flat = flatten(fields, now);
    // The list indexes change with the record, in the same transaction when there is one.
    const indexes = (t: ChainableCommander) => {
      if (fields.article) this.indexArticle(t, id, fields.article);
      if ('analysis' in fields) this.indexAnalysis(t, id, fields.analysis ?? null);
    };
    if (tx) {
      tx.hset(this.keys.article(id), flat);
      indexes(tx);
      return Promise.resolve();
    }
    if (!fields.article && !('analysis' in fields))
      return this.redis.hset(this.keys.article(id), flat);
    const own = this.redis.multi();
    own.hset(this.keys.article(id), flat);
    indexes(own);
    return own.exec();
  }
}

function flatten(
  fields: Partial<Omit<ArticleRecord, 'id' | 'createdAt' | 'updatedAt'>>,
  now: Date,
): Record<string, string> {
  const flat: Record<string, string> = { updatedAt: now.toISOString() };
  for (const [k, v] of Object.entries(fields)) {
    flat[k] =
      (JSON_FIELDS as readonly string[]).includes(k) || typeof v !== 'string'
        ? JSON.stringify(v)
        : v;
  }
  return flat;
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
    ...(h.pendingAlerts
      ? { pendingAlerts: json<ArticleRecord['pendingAlerts']>('pendingAlerts') }
      : {}),
  };
}
