// Query parameters of the filtered lists and exports → the stores' filters.
import { NewsmonError } from '../errors.js';
import type { ArticleFilter } from '../store/article.store.js';
import { outletKey } from '../store/index-query.js';
import type { FeedStore } from '../store/feed.store.js';
import type { ReviewFilter } from '../store/review.store.js';
import type { ReviewStatus } from '../domain/article-record.js';
import type { DedupVerdict, StatementKind } from '../domain/types.js';

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export interface ArticleQuery {
  verdict?: DedupVerdict;
  relevant?: boolean;
  outlet?: string;
  from?: string;
  to?: string;
  q?: string;
}

export interface ClaimQuery {
  status: ReviewStatus;
  kind?: StatementKind;
  speaker?: string;
  outlet?: string;
  from?: string;
  to?: string;
}

/** `from` and `to` as epoch ms, both inclusive; a date alone means the whole day (UTC). */
export function dateRange(from?: string, to?: string): { from?: number; to?: number } {
  const parse = (name: string, value: string, endOfDay: boolean): number => {
    const ms = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
    if (!Number.isFinite(ms))
      throw new NewsmonError('INPUT_INVALID', `${name}: not a date: ${value}`);
    return endOfDay && DATE_ONLY.test(value) ? ms + DAY_MS - 1 : ms;
  };
  const range: { from?: number; to?: number } = {};
  if (from !== undefined) range.from = parse('from', from, false);
  if (to !== undefined) range.to = parse('to', to, true);
  return range;
}

/** The ids of the feeds whose outlet is this name (compared as the index compares sites). */
export async function feedsOfOutlet(feeds: FeedStore, outlet: string): Promise<string[]> {
  const key = outletKey(outlet);
  return (await feeds.list()).filter((f) => outletKey(f.outlet) === key).map((f) => f.id);
}

export async function articleFilter(feeds: FeedStore, q: ArticleQuery): Promise<ArticleFilter> {
  return {
    ...(q.verdict ? { verdict: q.verdict } : {}),
    ...(q.relevant !== undefined ? { relevant: q.relevant } : {}),
    ...(q.outlet ? { outlet: q.outlet, outletFeeds: await feedsOfOutlet(feeds, q.outlet) } : {}),
    ...dateRange(q.from, q.to),
    ...(q.q ? { q: q.q } : {}),
  };
}

export async function claimFilter(feeds: FeedStore, q: ClaimQuery): Promise<ReviewFilter> {
  return {
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.speaker ? { speaker: q.speaker } : {}),
    ...(q.outlet ? { outlet: q.outlet, outletFeeds: await feedsOfOutlet(feeds, q.outlet) } : {}),
    ...dateRange(q.from, q.to),
  };
}
