import { createHash } from 'node:crypto';
import type { Payload, Results } from '../jobs/job-registry.js';
import { describeError, NewsmonError } from '../errors.js';
import { assertOk, type FetchResponse } from '../fetch/http-client.js';
import { decodeDocument } from '../extract/charset-decode.js';
import { parseFeed, type ParsedFeed } from '../feeds/feed-parse.js';
import { healthCandidate } from '../feeds/feed-status.js';
import { freshnessSeconds, nextPoll, parseRetryAfter } from '../feeds/poll-schedule.js';
import type { FeedHealthChange } from '../domain/types.js';
import { feedHealthJobs } from '../jobs/job-registry.js';
import {
  withArrival,
  type FeedRecord,
  type FeedState,
  type PollLock,
  type PollRecord,
} from '../store/feed.store.js';
import { freshEntries, type FreshEntries, type Rerun } from './feed-entries.js';
import type { JobContext, PipelineDeps } from './pipeline-deps.js';

const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';
/** A permanent redirect seen on this many polls in a row moves the feed for good. */
export const REDIRECT_POLLS_TO_MOVE = 3;
const POLL_LOCK_MS = 120_000;

/**
 * Polls one feed when it is due (or when forced): conditional GET, parse, and hand each unseen,
 * pre-filtered entry's article to the fetch queue. Entries are marked seen by the fetch job, and
 * the feed's state (body hash, next poll) is recorded only once every fetch job is queued, so a
 * poll that dies at any point is simply run again and loses nothing. Every poll, good or bad,
 * lands in the feed's state and history, and always sets the next poll time: a feed never stops
 * silently. A poll that turns the feed failing or quiet, or back to ok, sends that change to the
 * alert targets once (queueHealthAlerts).
 */
export async function pollFeed(
  deps: PipelineDeps,
  { feedId, force, reprocess, rev }: Payload<'feed.poll'>,
  ctx: JobContext,
): Promise<Results['feed.poll']> {
  const rerun = reprocess && rev !== undefined ? { run: reprocess, rev } : null;
  const startedAt = deps.now().getTime();
  // The job's id as the lock's token: the same job run again after its worker died takes its
  // own lock back instead of waiting for it to expire.
  const claim = await deps.feeds.claimPoll(
    feedId,
    startedAt,
    force === true,
    POLL_LOCK_MS,
    ctx.jobId,
  );
  switch (claim.status) {
    case 'missing':
      return { status: 'skipped', reason: `feed ${feedId} is not registered` };
    case 'not-due':
      return { status: 'skipped', reason: 'not due' };
    case 'locked':
      return { status: 'skipped', reason: 'a poll of this feed is running' };
  }
  try {
    // A health change recorded by a poll that died before queueing its alerts is owed still.
    const owed = claim.state.health?.pending;
    if (owed) await queueHealthAlerts(deps, owed, ctx);
    if (!claim.feed.enabled && !force) return { status: 'skipped', reason: 'feed is disabled' };
    return await pollLocked(deps, claim.feed, claim.state, claim.lock, startedAt, ctx, rerun);
  } finally {
    await claim.release();
  }
}

async function pollLocked(
  deps: PipelineDeps,
  feed: FeedRecord,
  state: FeedState,
  lock: PollLock,
  startedAt: number,
  ctx: JobContext,
  rerun: Rerun | null = null,
): Promise<Results['feed.poll']> {
  const policy = deps.config.polling;
  const interval = feed.intervalSeconds ?? policy.intervalSeconds;
  const poll: PollRecord = {
    at: new Date(startedAt).toISOString(),
    outcome: 'error',
    httpStatus: null,
    durationMs: 0,
    bytes: 0,
    entries: 0,
    fresh: 0,
    dropped: 0,
    error: null,
  };
  let res: FetchResponse | null = null;
  try {
    const headers: Record<string, string> = { accept: FEED_ACCEPT };
    // A reprocessing run asks for the whole feed: no conditional GET.
    if (state.etag && !rerun) headers['if-none-match'] = state.etag;
    if (state.lastModified && !rerun) headers['if-modified-since'] = state.lastModified;
    res = await deps.fetch(feed.url, { headers });
    poll.httpStatus = res.status;
    poll.bytes = res.body.length;
    const redirect = await followPermanentRedirect(deps, feed, state, res);
    const now = deps.now().getTime();
    const schedule = (ttl: number | null): Partial<FeedState> => {
      const next = nextPoll(
        {
          outcome: 'ok',
          freshnessSeconds: freshnessSeconds(res!.status, res!.headers, ttl, now),
          intervalSeconds: interval,
          consecutiveErrors: 0,
          notBeforeMs: null,
        },
        policy,
        now,
        deps.random,
      );
      return {
        nextPollAt: next.at,
        nextPollReason: next.reason,
        serverHintSeconds: next.hintSeconds,
      };
    };
    const cache = {
      etag: res.headers.etag ?? state.etag,
      lastModified: res.headers['last-modified'] ?? state.lastModified,
    };

    // Nothing new to parse: the server said so (304), or sent the very same bytes again.
    let bodyHash: string | null = null;
    if (res.status !== 304) {
      assertOk(res);
      bodyHash = createHash('sha256').update(res.body).digest('hex');
    }
    if (bodyHash === null || (bodyHash === state.bodyHash && !rerun)) {
      poll.outcome = bodyHash === null ? 'not-modified' : 'unchanged';
      const patch = { ...ok(), ...cache, redirect, ...schedule(null) };
      return await finish(deps, feed, state, lock, poll, startedAt, patch, ctx);
    }

    const contentType = res.headers['content-type'] ?? null;
    const { parsed, fresh, dropped, capped, removed, stamps } = await ingestFeedBody(
      deps,
      feed.id,
      res.body,
      contentType,
      res.url,
      rerun,
    );
    ctx.fault?.('feed.poll:registered');
    // Every registered article gets its job, even when the feed was removed meanwhile.
    for (const [i, payload] of fresh.entries()) {
      await ctx.enqueue([{ name: 'article.fetch', payload }]);
      if (i === 0) ctx.fault?.('feed.poll:queued-one');
    }
    ctx.fault?.('feed.poll:queued');
    if (!removed) await deps.feeds.setEntryStamps(feed.id, stamps);
    if (removed) {
      // Nothing to record: writing the state would bring a removed feed's keys back.
      ctx.log.info({ feedId: feed.id, fresh: fresh.length }, 'feed removed during its poll');
      return { status: 'skipped', reason: 'feed removed during the poll' };
    }
    poll.outcome = 'ok';
    poll.entries = parsed.entries.length;
    poll.fresh = fresh.length;
    poll.dropped = dropped;
    if (capped > 0) {
      poll.capped = capped;
      ctx.log.warn({ feedId: feed.id, capped }, 'feed poll capped: entries left for the next poll');
    }
    const patch: Partial<FeedState> = {
      ...ok(),
      ...cache,
      // A capped poll leaves entries unread: the same body must be read again next time.
      bodyHash: capped > 0 ? null : bodyHash,
      redirect,
      ...schedule(parsed.ttlMinutes),
      entriesSeen: state.entriesSeen + fresh.length,
      prefilterDropped: state.prefilterDropped + dropped,
    };
    if (fresh.length > 0) {
      patch.lastNewAt = startedAt;
      patch.arrivals = withArrival(state.arrivals, startedAt);
    }
    ctx.log.info(
      {
        feedId: feed.id,
        entries: parsed.entries.length,
        fresh: fresh.length,
        dropped,
        futureDated: parsed.futureDated,
      },
      'feed polled',
    );
    return await finish(deps, feed, state, lock, poll, startedAt, patch, ctx);
  } catch (err) {
    return failed(deps, feed, state, lock, poll, startedAt, res, err, ctx);
  }
}

function ok(): Partial<FeedState> {
  return { lastOutcome: 'ok', lastError: null, consecutiveErrors: 0, backoffUntil: null };
}

async function finish(
  deps: PipelineDeps,
  feed: FeedRecord,
  state: FeedState,
  lock: PollLock,
  poll: PollRecord,
  startedAt: number,
  patch: Partial<FeedState>,
  ctx: JobContext,
): Promise<Results['feed.poll']> {
  poll.durationMs = deps.now().getTime() - startedAt;
  await record(
    deps,
    feed,
    state,
    { ...patch, lastOutcome: poll.outcome, lastPolledAt: startedAt },
    poll,
    lock,
    ctx,
  );
  deps.metrics?.polls.inc({ outcome: poll.outcome });
  // Counts only: the jobs are queued already, and a 10,000-entry poll's payloads would stay in
  // Redis as the job's return value.
  return {
    status: 'done',
    entries: poll.entries,
    fresh: poll.fresh,
    ...(poll.capped ? { capped: poll.capped } : {}),
  };
}

/**
 * Records the failure and schedules the next try — exponential backoff to the cap, never earlier
 * than a Retry-After — then rethrows so the job shows as failed. A host that is merely backing
 * off or busy is not the feed's fault: the poll is put off without counting as an error.
 */
async function failed(
  deps: PipelineDeps,
  feed: FeedRecord,
  state: FeedState,
  lock: PollLock,
  poll: PollRecord,
  startedAt: number,
  res: FetchResponse | null,
  err: unknown,
  ctx: JobContext,
): Promise<Results['feed.poll']> {
  const now = deps.now().getTime();
  if (err instanceof NewsmonError && (err.code === 'HOST_BACKOFF' || err.code === 'HOST_BUSY')) {
    const until = err.retryAt ?? now + deps.config.polling.minIntervalSeconds * 1000;
    await deps.feeds.recordPoll(
      feed.id,
      {
        nextPollAt: until,
        nextPollReason: 'host-backoff',
        backoffUntil: err.code === 'HOST_BACKOFF' ? until : null,
      },
      null,
      lock,
    );
    deps.metrics?.polls.inc({ outcome: 'deferred' });
    return { status: 'skipped', reason: err.message };
  }
  const errors = state.consecutiveErrors + 1;
  const retryAt =
    res && (res.status === 429 || res.status === 503)
      ? parseRetryAfter(res.headers['retry-after'], now)
      : null;
  const error = describeError(err);
  poll.error = error;
  poll.outcome = 'error';
  poll.durationMs = now - startedAt;
  const next = nextPoll(
    {
      outcome: 'error',
      freshnessSeconds: null,
      intervalSeconds: 0,
      consecutiveErrors: errors,
      notBeforeMs: retryAt,
    },
    deps.config.polling,
    now,
    deps.random,
  );
  await record(
    deps,
    feed,
    state,
    {
      lastPolledAt: startedAt,
      lastOutcome: 'error',
      lastError: error,
      consecutiveErrors: errors,
      nextPollAt: next.at,
      nextPollReason: next.reason,
      serverHintSeconds: null,
      backoffUntil: retryAt,
    },
    poll,
    lock,
    ctx,
  );
  deps.metrics?.polls.inc({ outcome: 'error' });
  throw err;
}

/**
 * Records a poll with the feed's health as it leaves it. The store compares that health with
 * the one last announced in the same write, so when it changed exactly one poll — this one, or
 * none — learns of it: that poll logs the change once and queues its alerts.
 */
async function record(
  deps: PipelineDeps,
  feed: FeedRecord,
  state: FeedState,
  patch: Partial<FeedState>,
  poll: PollRecord,
  lock: PollLock,
  ctx: JobContext,
): Promise<void> {
  const after = { ...state, ...patch };
  const quietMs = deps.config.polling.quietAfterSeconds * 1000;
  const candidate = healthCandidate(feed, after, quietMs, deps.now().getTime());
  const change = await deps.feeds.recordPoll(feed.id, patch, poll, lock, candidate);
  if (!change) return;
  const fields = { feedId: feed.id, from: change.from, to: change.to, seq: change.seq };
  if (change.to === 'ok') ctx.log.info({ ...fields, reason: change.reason }, 'feed recovered');
  else ctx.log.warn({ ...fields, reason: change.reason }, 'feed health changed');
  await queueHealthAlerts(deps, change, ctx);
}

/**
 * One alert job per target that takes feed-health alerts, with ids named by the change
 * (`alert-feed-health-<feed>-<to>-<seq>-<target>`): queueing again after a crash adds nothing.
 */
async function queueHealthAlerts(
  deps: PipelineDeps,
  change: FeedHealthChange,
  ctx: JobContext,
): Promise<void> {
  const jobs = feedHealthJobs(change, deps.config.alerts.targets);
  if (jobs.length > 0) await ctx.enqueue(jobs);
  await deps.feeds.markHealthQueued(change.feedId, change.seq);
}

/**
 * A feed document's bytes → its entries, and the unseen ones that pass the pre-filter registered
 * as articles: what a poll does with a body, and what a WebSub delivery does with its own, so a
 * pushed entry becomes the same article.fetch job a polled one would.
 */
export async function ingestFeedBody(
  deps: PipelineDeps,
  feedId: string,
  body: Buffer,
  contentType: string | null,
  baseUrl: string,
  rerun: Rerun | null = null,
): Promise<{ parsed: ParsedFeed } & FreshEntries> {
  const { text } = decodeDocument(body, contentType);
  const parsed = await parseFeed(text, baseUrl, deps.now());
  return { parsed, ...(await freshEntries(deps, feedId, parsed, rerun)) };
}

/**
 * Counts consecutive polls that were permanently redirected to the same place; on the third the
 * feed's URL is changed and the change recorded. Anything else resets the count.
 */
async function followPermanentRedirect(
  deps: PipelineDeps,
  feed: FeedRecord,
  state: FeedState,
  res: FetchResponse,
): Promise<FeedState['redirect']> {
  const to = res.status < 400 ? res.permanentUrl : null;
  if (!to) return null;
  const count = state.redirect?.url === to ? state.redirect.count + 1 : 1;
  if (count < REDIRECT_POLLS_TO_MOVE) return { url: to, count };
  const at = deps.now().toISOString();
  await deps.feeds.put({
    ...feed,
    url: to,
    urlChanges: [
      ...feed.urlChanges,
      { from: feed.url, to, at, reason: `permanent redirect on ${count} polls in a row` },
    ],
  });
  return null;
}
