// The one timeline every order-dependent judgement follows: who had a text or a statement first
// is decided by when articles were published, never by when newsmon happened to process them.
// Pure.
import type { EntryHints } from '../domain/article-record.js';
import type { Article, ArticleTime, TimeProvenance } from '../domain/types.js';

function iso(value: string | null | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/**
 * An article's place on the timeline: the page's own date (metadata, JSON-LD, a time element, the
 * URL), else the feed entry's, else when it was first seen. Extraction already falls back to the
 * feed's date, and says so in `dates.publishedSource`.
 */
export function articleTime(
  id: string,
  article: Pick<Article, 'publishedAt' | 'dates'> | null,
  hints: Pick<EntryHints, 'publishedAt'> | null,
  firstSeenAt: string,
): ArticleTime {
  const seen = iso(firstSeenAt) ?? firstSeenAt;
  const page = iso(article?.publishedAt);
  const feed = iso(hints?.publishedAt);
  const [publishedAt, provenance]: [string, TimeProvenance] =
    page !== null
      ? [page, article?.dates.publishedSource === 'feed' ? 'feed' : 'page']
      : feed !== null
        ? [feed, 'feed']
        : [seen, 'first-seen'];
  return { publishedAt, provenance, firstSeenAt: seen, key: timelineKey(publishedAt, seen, id) };
}

/**
 * Where a record's jobs queue among others (jobPriority): its place on the timeline as known so
 * far — the page's date once extracted (`article`, else the record's last extraction), else the
 * feed entry's, else first seen — as epoch ms; undefined only for an unreadable first-seen time.
 */
export function publishedMs(
  record: {
    id: string;
    article: Article | null;
    hints: Pick<EntryHints, 'publishedAt'> | null;
    createdAt: string;
  },
  article: Article | null = record.article,
): { published?: number } {
  const ms = Date.parse(
    articleTime(record.id, article, record.hints, record.createdAt).publishedAt,
  );
  return Number.isFinite(ms) ? { published: ms } : {};
}

export function timelineKey(publishedAt: string, firstSeenAt: string, id: string): string {
  return `${publishedAt} ${firstSeenAt} ${id}`;
}

/**
 * The key a corpus document sorts by: its date alone, so that on the same instant it comes before
 * any article; an undated one before everything (no date is not a late date).
 */
export function corpusKey(publishedAt: string | null): string {
  return iso(publishedAt) ?? '';
}
