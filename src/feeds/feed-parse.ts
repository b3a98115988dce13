import { createHash } from 'node:crypto';
import Parser from 'rss-parser';
import type { FeedEntry } from '../domain/types.js';
import { NewsmonError } from '../errors.js';

export interface ParsedFeed {
  title: string | null;
  entries: FeedEntry[];
}

type Item = Parser.Item & { id?: string; 'content:encoded'?: string; summary?: string };

// One parser for every feed: it holds only options, no per-feed state.
const parser: Parser<Record<string, unknown>, Item> = new Parser({
  customFields: { item: ['id', 'content:encoded', 'summary'] },
  // Real feeds omit the version attribute (UOL Notícias serves a bare <rss>); without a default
  // rss-parser rejects them as "not RSS 1 or 2". Items are read the same way in every RSS version.
  defaultRSS: 2,
});

/** Parses a decoded feed document (RSS or Atom); links resolve against the feed's own URL. */
export async function parseFeed(xml: string, baseUrl: string): Promise<ParsedFeed> {
  let feed: Parser.Output<Item>;
  try {
    feed = await parser.parseString(xml);
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
  for (const item of feed.items ?? []) {
    const entry = toEntry(item, baseUrl);
    // Feeds repeat entries (duplicated media blocks, republished items); keep the first.
    if (seen.has(entry.entryId)) continue;
    seen.add(entry.entryId);
    entries.push(entry);
  }
  return { title: clean(feed.title), entries };
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
