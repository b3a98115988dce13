import type { Payload, Results } from '../jobs/job-registry.js';
import { describeError } from '../errors.js';
import { assertOk } from '../fetch/http-client.js';
import { decodeDocument } from '../extract/charset-decode.js';
import { parseFeed } from '../feeds/feed-parse.js';
import { articleIdFor, canonicalUrl } from '../feeds/url-canonical.js';
import type { JobContext, PipelineDeps } from './pipeline-deps.js';

const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

/**
 * Polls one feed: fetch, decode, parse, and hand each unseen entry's article to the fetch queue.
 * Entries are marked seen by the fetch job, so a poll that dies before enqueueing loses nothing.
 */
export async function pollFeed(
  deps: PipelineDeps,
  { feedId }: Payload<'feed.poll'>,
  ctx: JobContext,
): Promise<Results['feed.poll']> {
  const feed = deps.config.feeds.find((f) => f.id === feedId);
  if (!feed) return { status: 'skipped', reason: `feed ${feedId} is no longer configured` };
  try {
    const res = await deps.http.get(feed.url, { headers: { accept: FEED_ACCEPT } });
    assertOk(res);
    const { text } = decodeDocument(res.body, res.headers['content-type'] ?? null);
    const parsed = await parseFeed(text, res.url);
    const unseen = await deps.feeds.unseen(
      feedId,
      parsed.entries.map((e) => e.entryId),
    );
    const fresh: Payload<'article.fetch'>[] = [];
    for (const entry of parsed.entries) {
      if (!unseen.has(entry.entryId) || !entry.link) continue;
      let canonical: string;
      try {
        canonical = canonicalUrl(entry.link);
      } catch {
        ctx.log.warn({ feedId, link: entry.link }, 'feed entry link is not a URL');
        continue;
      }
      const articleId = articleIdFor(canonical);
      const hints = {
        title: entry.title,
        publishedAt: entry.publishedAt,
        summary: entry.summary,
        content: entry.content,
      };
      const origin = { kind: 'feed' as const, feedId, entryId: entry.entryId };
      await deps.articles.register(articleId, entry.link, canonical, origin, hints, deps.now());
      fresh.push({ articleId, url: entry.link, origin, hints });
    }
    await deps.feeds.recordSuccess(feedId, deps.now(), parsed.entries.length, fresh.length);
    ctx.log.info({ feedId, entries: parsed.entries.length, fresh: fresh.length }, 'feed polled');
    return { status: 'done', entries: parsed.entries.length, fresh };
  } catch (err) {
    await deps.feeds.recordError(feedId, deps.now(), describeError(err));
    throw err;
  }
}
