// Adding, removing and importing feeds: shared by the API and the CLI.
import type { FeedSource } from '../domain/types.js';
import { NewsmonError } from '../errors.js';
import { decodeDocument } from '../extract/charset-decode.js';
import { assertOk } from '../fetch/http-client.js';
import type { PoliteFetch } from '../fetch/polite-fetch.js';
import { parseFeed } from '../feeds/feed-parse.js';
import { feedIdFor, parseOpml } from '../feeds/opml.js';
import type { JobQueues } from '../jobs/job-queues.js';
import { feedStatus, type FeedStatus } from '../feeds/feed-status.js';
import type { FeedRecord, FeedStore } from '../store/feed.store.js';

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

/**
 * Fetches and parses the URL once before anything is stored, so that a page that is not a feed
 * is refused with a clear error instead of failing on every poll.
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
  const { text } = decodeDocument(res.body, res.headers['content-type'] ?? null);
  const parsed = await parseFeed(text, res.url);
  return { title: parsed.title, entries: parsed.entries.length, url: res.permanentUrl ?? url };
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
