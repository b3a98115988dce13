// A WebSub delivery, verified and kept by the callback, goes the way of a polled body: parsed,
// its unseen entries pre-filtered and registered, each one an article.fetch job queued by the
// handler itself, exactly as pollFeed does (the same ingestFeedBody). A body that is no feed (a "light ping" without
// content) asks for a poll of the feed instead.
import { NewsmonError } from '../errors.js';
import type { Payload, Results } from '../jobs/job-registry.js';
import { ingestFeedBody } from './feed-poll.handler.js';
import type { JobContext, PipelineDeps } from './pipeline-deps.js';

export async function ingestWebSubDelivery(
  deps: PipelineDeps,
  { subscriptionId, body, contentType }: Payload<'websub.deliver'>,
  ctx: JobContext,
): Promise<Results['websub.deliver']> {
  const sub = await deps.websub.get(subscriptionId);
  if (!sub) return { status: 'skipped', reason: `subscription ${subscriptionId} is gone` };
  const feed = await deps.feeds.get(sub.feedId);
  if (!feed) return { status: 'skipped', reason: `feed ${sub.feedId} is not registered` };
  const bytes = await deps.websub.getDelivery(body);
  if (!bytes) return { status: 'skipped', reason: 'the delivered body expired' };
  try {
    const { parsed, fresh, dropped, capped, stamps } = await ingestFeedBody(
      deps,
      feed.id,
      bytes,
      contentType,
      sub.topic,
    );
    // As a poll does: the fetches are queued first, then the entries' dates recorded. A crash in
    // between queues the same fetches again (their ids are the articles'), never loses the
    // recheck of an entry updated in place.
    for (const payload of fresh) await ctx.enqueue([{ name: 'article.fetch', payload }]);
    await deps.feeds.setEntryStamps(feed.id, stamps);
    ctx.log.info(
      { feedId: feed.id, entries: parsed.entries.length, fresh: fresh.length, dropped },
      'websub delivery ingested',
    );
    // Entries past the per-poll cap are left to a poll of the feed.
    const poll = capped > 0;
    return { status: 'done', feedId: feed.id, entries: parsed.entries.length, fresh, poll };
  } catch (err) {
    if (!(err instanceof NewsmonError && err.code === 'FEED_PARSE_FAILED')) throw err;
    ctx.log.info({ feedId: feed.id }, 'websub delivery is no feed: polling instead');
    return { status: 'done', feedId: feed.id, entries: 0, fresh: [], poll: true };
  }
}
