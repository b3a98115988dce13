import type { AnnouncedHealth, FeedHealthChange } from '../domain/types.js';
import type { FeedRecord, FeedState } from '../store/feed.store.js';
import { feedHealth, quietWindowMs, type FeedHealth } from './poll-schedule.js';

export interface FeedStatus {
  id: string;
  outlet: string;
  title: string;
  url: string;
  enabled: boolean;
  /** The feed's own polling interval; null: polling.intervalSeconds. */
  intervalSeconds: number | null;
  origin: FeedRecord['origin'];
  health: FeedHealth;
  lastPolledAt: string | null;
  lastOutcome: FeedState['lastOutcome'];
  lastError: FeedState['lastError'];
  consecutiveErrors: number;
  nextPollAt: string | null;
  /** Why the next poll is then: the operator's interval, a server hint (capped), a backoff. */
  nextPollReason: FeedState['nextPollReason'];
  /** The server's freshness hint in seconds (`<ttl>`, max-age, Expires), when it gave one. */
  serverHintSeconds: number | null;
  backoffUntil: string | null;
  lastNewAt: string | null;
  /** How long without new entries before this feed counts as quiet, and where that came from. */
  quietAfterHours: number;
  quietWindowSource: 'feed' | 'learned' | 'default';
  entriesSeen: number;
  prefilterDropped: number;
  urlChanges: FeedRecord['urlChanges'];
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** How long a feed may go without new entries before it is quiet, and where that came from. */
export function quietWindowOf(
  feed: Pick<FeedRecord, 'quietAfterSeconds'>,
  state: Pick<FeedState, 'arrivals'>,
  defaultQuietMs: number,
): { ms: number; source: FeedStatus['quietWindowSource'] } {
  if (feed.quietAfterSeconds) return { ms: feed.quietAfterSeconds * 1000, source: 'feed' };
  const learned = quietWindowMs(state.arrivals, defaultQuietMs);
  return { ms: learned, source: learned === defaultQuietMs ? 'default' : 'learned' };
}

function healthOf(feed: FeedRecord, state: FeedState, windowMs: number, nowMs: number): FeedHealth {
  return feedHealth(
    {
      lastPolledAt: state.lastPolledAt,
      consecutiveErrors: state.consecutiveErrors,
      backoffUntil: state.backoffUntil,
      lastNewAt: state.lastNewAt,
      addedAt: Date.parse(feed.addedAt),
    },
    windowMs,
    nowMs,
  );
}

/** A health change as judged after a poll, before the store gives it its number and origin. */
export type HealthCandidate = Omit<FeedHealthChange, 'seq' | 'from'>;

/**
 * The health to announce after a poll that left the feed in `state`, with the time and words
 * of the change should it be one; null while nothing can be said (never polled, or a Retry-After
 * or host backoff in force: not the feed's own failure). Whether it is a change is decided by
 * the store, in the same write as the poll (FeedStore.recordPoll), so that of two workers only
 * one announces it. Quiet is judged here too, at each poll: a feed is polled at least every
 * polling.maxIntervalSeconds, so a quiet feed is noticed within one interval of turning quiet.
 */
export function healthCandidate(
  feed: FeedRecord,
  state: FeedState,
  defaultQuietMs: number,
  nowMs: number,
): HealthCandidate | null {
  const window = quietWindowOf(feed, state, defaultQuietMs);
  const health = healthOf(feed, state, window.ms, nowMs);
  if (health === 'pending' || health === 'backing-off') return null;
  const polled = new Date(state.lastPolledAt ?? nowMs).toISOString();
  const lastNew = state.lastNewAt ?? Date.parse(feed.addedAt);
  const hours = Math.round((window.ms / 3_600_000) * 10) / 10;
  const base = { feedId: feed.id, title: feed.title, outlet: feed.outlet, url: feed.url };
  const to: AnnouncedHealth = health;
  switch (to) {
    case 'failing': {
      const e = state.lastError;
      const errors =
        state.consecutiveErrors === 1 ? '1 error' : `${state.consecutiveErrors} errors in a row`;
      return {
        ...base,
        to,
        since: polled,
        reason: `${e ? `${e.code}: ${e.message}` : 'poll failed'} (${errors})`,
        lastError: e,
      };
    }
    case 'quiet':
      return {
        ...base,
        to,
        since: new Date(lastNew + window.ms).toISOString(),
        reason:
          `no new entries since ${new Date(lastNew).toISOString()}` +
          `${state.lastNewAt === null ? ' (when it was added)' : ''}; quiet after ${hours} h (${window.source} window)`,
        lastError: null,
      };
    case 'ok':
      return {
        ...base,
        to,
        since: polled,
        reason: `polled without error; ${
          state.lastNewAt === null
            ? 'no new entries yet'
            : `last new entry ${new Date(state.lastNewAt).toISOString()}`
        }`,
        lastError: null,
      };
  }
}

/** What a person needs to see about a feed: its health, its schedule and its last failure. */
export function feedStatus(
  feed: FeedRecord,
  state: FeedState,
  defaultQuietMs: number,
  nowMs: number,
): FeedStatus {
  const window = quietWindowOf(feed, state, defaultQuietMs);
  return {
    id: feed.id,
    outlet: feed.outlet,
    title: feed.title,
    url: feed.url,
    enabled: feed.enabled,
    intervalSeconds: feed.intervalSeconds ?? null,
    origin: feed.origin,
    health: healthOf(feed, state, window.ms, nowMs),
    lastPolledAt: iso(state.lastPolledAt),
    lastOutcome: state.lastOutcome,
    lastError: state.lastError,
    consecutiveErrors: state.consecutiveErrors,
    nextPollAt: iso(state.nextPollAt),
    nextPollReason: state.nextPollReason,
    serverHintSeconds: state.serverHintSeconds,
    backoffUntil: iso(state.backoffUntil),
    lastNewAt: iso(state.lastNewAt),
    quietAfterHours: Math.round((window.ms / 3_600_000) * 10) / 10,
    quietWindowSource: window.source,
    entriesSeen: state.entriesSeen,
    prefilterDropped: state.prefilterDropped,
    urlChanges: feed.urlChanges,
  };
}
