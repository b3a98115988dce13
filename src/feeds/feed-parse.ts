import { createHash } from 'node:crypto';
import Parser from 'rss-parser';
import type { FeedEntry } from '../domain/types.js';
import { NewsmonError } from '../errors.js';
import { plausibleDate } from './entry-date.js';

export interface ParsedFeed {
  title: string | null;
  /** RSS <ttl>: minutes the feed may be cached, a hint for the next poll. */
  ttlMinutes: number | null;
  entries: FeedEntry[];
  /** Entries whose date lay more than a day after `now`, read as undated (see parseFeed). */
  futureDated: number;
}

type Item = Parser.Item & {
  id?: string;
  'content:encoded'?: string;
  summary?: string;
  updated?: string;
  'atom:updated'?: string;
  'dc:modified'?: string;
};

// One parser for every feed: it holds only options, no per-feed state.
const parser: Parser<Record<string, unknown>, Item> = new Parser({
  customFields: {
    item: ['id', 'content:encoded', 'summary', 'updated', 'atom:updated', 'dc:modified'],
  },
  // Real feeds omit the version attribute (UOL Notícias serves a bare <rss>); without a default
  // rss-parser rejects them as "not RSS 1 or 2". Items are read the same way in every RSS version.
  defaultRSS: 2,
});

/**
 * Parses a decoded feed document (RSS or Atom); links resolve against the feed's own URL. Given
 * `now`, an entry dated more than a day after it is read as undated (see plausibleDate) and
 * counted in `futureDated`.
 */
export async function parseFeed(xml: string, baseUrl: string, now?: Date): Promise<ParsedFeed> {
  let feed: Parser.Output<Item>;
  try {
    feed = await parseLeniently(xml);
  } catch (err) {
    throw new NewsmonError(
      'FEED_PARSE_FAILED',
      (err as Error).message.split('\n')[0] ?? 'unknown',
      {
        cause: err,
      },
    );
  }
  const entries: FeedEntry[] = [];
  const seen = new Set<string>();
  let futureDated = 0;
  for (const item of feed.items ?? []) {
    const entry = toEntry(item, baseUrl);
    // Feeds repeat entries (duplicated media blocks, republished items); keep the first.
    if (seen.has(entry.entryId)) continue;
    seen.add(entry.entryId);
    // After the entry id, which may hash the date as given: the identity must not move.
    if (now && entry.publishedAt !== plausibleDate(entry.publishedAt, now)) {
      entry.publishedAt = null;
      futureDated++;
    }
    if (now && entry.updatedAt) entry.updatedAt = plausibleDate(entry.updatedAt, now);
    entries.push(entry);
  }
  const rawTtl = (feed as { ttl?: unknown }).ttl;
  const ttl = typeof rawTtl === 'string' ? Number.parseInt(rawTtl, 10) : NaN;
  return {
    title: clean(feed.title),
    ttlMinutes: Number.isFinite(ttl) && ttl > 0 ? ttl : null,
    entries,
    futureDated,
  };
}

const DATE_ELEMENT = /<((?:\w+:)?(?:published|updated|pubDate|date))>([^<]*)<\/\1>/g;

/**
 * rss-parser turns every entry date into an ISO string and throws on the first it cannot read,
 * losing the whole feed for one bad date. Such dates are blanked and the feed parsed again.
 */
async function parseLeniently(xml: string): Promise<Parser.Output<Item>> {
  try {
    return await parser.parseString(xml);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    const blanked = xml.replace(DATE_ELEMENT, (whole, tag: string, value: string) =>
      Number.isNaN(Date.parse(value.trim())) ? `<${tag}></${tag}>` : whole,
    );
    return parser.parseString(blanked);
  }
}

function toEntry(item: Item, baseUrl: string): FeedEntry {
  const link = absolute(item.link, baseUrl);
  const title = clean(item.title);
  const publishedAt = isoDate(item.isoDate ?? item.pubDate);
  const guid = clean(item.guid) ?? clean(item.id);
  return {
    // GUID, else link, else a hash of title + date: the identity that survives a feed re-render.
    entryId:
      guid ??
      link ??
      `h-${createHash('sha256')
        .update(`${title ?? ''}\n${publishedAt ?? ''}`)
        .digest('hex')
        .slice(0, 24)}`,
    guid,
    link,
    title,
    publishedAt,
    updatedAt: isoDate(
      clean(item.updated ?? item['atom:updated'] ?? item['dc:modified']) ?? undefined,
    ),
    summary: clean(item.contentSnippet) ?? clean(item.summary),
    content: clean(item['content:encoded']) ?? clean(item.content),
  };
}

function clean(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  return v.length > 0 ? v : null;
}

function absolute(link: string | undefined, base: string): string | null {
  const v = clean(link);
  if (!v) return null;
  try {
    return new URL(v, base).toString();
  } catch {
    return null;
  }
}

function isoDate(value: string | undefined): string | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
