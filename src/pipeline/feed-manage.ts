// Adding, removing and importing feeds: shared by the API and the CLI.
import type { FeedSource } from '../domain/types.js';
import { NewsmonError } from '../errors.js';
import { decodeDocument } from '../extract/charset-decode.js';
import { assertOk } from '../fetch/http-client.js';
import type { PoliteFetch } from '../fetch/polite-fetch.js';
import { discoverFeeds, type DiscoveredFeed } from '../feeds/feed-discovery.js';
import { parseFeed } from '../feeds/feed-parse.js';
import { nextPoll, type PollingPolicy } from '../feeds/poll-schedule.js';
import { isHtml } from '../websub/discovery.js';
import { feedIdFor, parseOpml } from '../feeds/opml.js';
import type { JobQueues } from '../jobs/job-queues.js';
import { feedStatus, type FeedStatus } from '../feeds/feed-status.js';
import { withEdit, type FeedEdit, type FeedRecord, type FeedStore } from '../store/feed.store.js';

export interface FeedManageDeps {
  feeds: FeedStore;
  queues: JobQueues;
  fetch: PoliteFetch;
  tickSeconds: number;
  now: () => Date;
  /** WebSub is on: an added feed is subscribed to (if it has a hub), a removed one unsubscribed. */
  websub?: boolean;
}

/** A registered feed's status, as the API and the CLI show it. */
export async function feedStatusOf(
  feeds: FeedStore,
  id: string,
  quietAfterSeconds: number,
  now: Date,
): Promise<FeedStatus> {
  const feed = await feeds.get(id);
  if (!feed) throw new NewsmonError('FEED_UNKNOWN', id);
  return feedStatus(feed, await feeds.state(id), quietAfterSeconds * 1000, now.getTime());
}

export interface NewFeed {
  url: string;
  id?: string;
  outlet?: string;
  title?: string;
  intervalSeconds?: number;
}

/** A page given where a feed was expected, with the feeds it advertises (possibly none). */
export class FeedIsPageError extends NewsmonError {
  constructor(
    readonly url: string,
    readonly feeds: DiscoveredFeed[],
  ) {
    const named =
      feeds.length === 0
        ? 'it names no feed (no <link rel="alternate" type="application/rss+xml"> or atom+xml)'
        : `it names ${feeds.length === 1 ? 'its feed' : `${feeds.length} feeds`}: ${feeds
            .map((f) => (f.title ? `${f.url} (${f.title})` : f.url))
            .join(', ')}`;
    super('FEED_IS_PAGE', `${url}; ${named}`);
  }
}

/**
 * Fetches and parses the URL once before anything is stored, so that a page that is not a feed
 * is refused with a clear error instead of failing on every poll. A web page is refused with
 * the feeds it advertises, for the caller to offer.
 */
export async function probeFeed(
  fetch: PoliteFetch,
  url: string,
): Promise<{ title: string | null; entries: number; url: string }> {
  const res = await fetch(url, {
    headers: {
      accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5',
    },
  });
  assertOk(res);
  const contentType = res.headers['content-type'] ?? null;
  const { text } = decodeDocument(res.body, contentType);
  try {
    const parsed = await parseFeed(text, res.url);
    return { title: parsed.title, entries: parsed.entries.length, url: res.permanentUrl ?? url };
  } catch (err) {
    if (isHtml(text, contentType)) throw new FeedIsPageError(url, discoverFeeds(text, res.url));
    throw err;
  }
}

export async function addFeed(
  deps: FeedManageDeps,
  input: NewFeed,
): Promise<{ feed: FeedRecord; entries: number }> {
  const probe = await probeFeed(deps.fetch, input.url);
  const existing = await deps.feeds.list();
  if (existing.some((f) => f.url === probe.url || f.url === input.url)) {
    throw new NewsmonError('FEED_EXISTS', input.url);
  }
  const taken = new Set(existing.map((f) => f.id));
  const title = input.title ?? probe.title ?? new URL(probe.url).host;
  const id = input.id ?? feedIdFor(title, probe.url, taken);
  if (taken.has(id) && input.id) throw new NewsmonError('FEED_EXISTS', id);
  const feed: FeedRecord = {
    id,
    outlet: input.outlet ?? title,
    title,
    url: probe.url,
    enabled: true,
    ...(input.intervalSeconds ? { intervalSeconds: input.intervalSeconds } : {}),
    origin: 'api',
    configUrl: null,
    addedAt: deps.now().toISOString(),
    urlChanges: [],
  };
  if (!(await deps.feeds.add(feed))) throw new NewsmonError('FEED_EXISTS', id);
  await deps.queues.upsertFeedScheduler(id, deps.tickSeconds);
  await websubRound(deps, id);
  return { feed, entries: probe.entries };
}

/**
 * Changes a feed's interval, outlet, title or enabled flag while newsmon runs. The poll reads the
 * feed at every scheduler tick, so a new interval applies at once: the next poll is set again
 * from the last one as that poll would have set it (with its server hint and the cap), unless
 * the feed is in an error or host backoff, which its next poll resolves. Disabling removes the
 * feed's job scheduler and enabling puts it back.
 */
export async function updateFeed(
  deps: FeedManageDeps & { polling: PollingPolicy },
  id: string,
  edit: FeedEdit,
): Promise<FeedRecord> {
  const feed = await deps.feeds.get(id);
  if (!feed) throw new NewsmonError('FEED_UNKNOWN', id);
  const edited = withEdit(feed, edit);
  await deps.feeds.put(edited);
  if (edited.enabled && !feed.enabled) await deps.queues.upsertFeedScheduler(id, deps.tickSeconds);
  if (!edited.enabled && feed.enabled) await deps.queues.removeFeedScheduler(id);
  const state = await deps.feeds.state(id);
  const now = deps.now().getTime();
  const inBackoff =
    state.consecutiveErrors > 0 || (state.backoffUntil !== null && state.backoffUntil > now);
  if (edit.intervalSeconds !== undefined && !inBackoff) {
    const next = nextPoll(
      {
        outcome: 'ok',
        freshnessSeconds: state.serverHintSeconds,
        intervalSeconds: edited.intervalSeconds ?? deps.polling.intervalSeconds,
        consecutiveErrors: 0,
        notBeforeMs: null,
      },
      { ...deps.polling, jitter: 0 },
      state.lastPolledAt ?? now,
    );
    // Past already (a shorter interval than the time since the last poll): due now.
    const patch = { nextPollAt: Math.max(now, next.at), nextPollReason: next.reason };
    await deps.feeds.recordPoll(id, patch, null);
  }
  return edited;
}

export async function removeFeed(deps: FeedManageDeps, id: string): Promise<void> {
  if (!(await deps.feeds.remove(id))) throw new NewsmonError('FEED_UNKNOWN', id);
  await deps.queues.removeFeedScheduler(id);
  // The round finds the feed gone and unsubscribes its subscription, if it has one.
  await websubRound(deps, id);
}

/** A WebSub round for the feed now: discover and subscribe, or unsubscribe a removed feed. */
async function websubRound(deps: FeedManageDeps, feedId: string): Promise<void> {
  if (deps.websub) await deps.queues.add('websub.renew', { feedId, due: deps.now().getTime() });
}

/**
 * Imports an OPML file without fetching each feed (an export of hundreds of feeds would take
 * minutes): feeds whose URL is already registered are skipped, the rest are added and polled.
 */
export async function importOpml(
  deps: FeedManageDeps,
  xml: string,
): Promise<{ added: FeedSource[]; skipped: { line: string; reason: string }[] }> {
  const existing = await deps.feeds.list();
  const urls = new Set(existing.map((f) => f.url));
  const { feeds, skipped } = parseOpml(
    xml,
    existing.map((f) => f.id),
  );
  const added: FeedSource[] = [];
  for (const f of feeds) {
    if (urls.has(f.url)) {
      skipped.push({ line: `${f.title} <${f.url}>`, reason: 'already registered' });
      continue;
    }
    const record: FeedRecord = {
      ...f,
      origin: 'api',
      configUrl: null,
      addedAt: deps.now().toISOString(),
      urlChanges: [],
    };
    if (await deps.feeds.add(record)) {
      await deps.queues.upsertFeedScheduler(f.id, deps.tickSeconds);
      await websubRound(deps, f.id);
      added.push(f);
    }
  }
  return { added, skipped };
}
