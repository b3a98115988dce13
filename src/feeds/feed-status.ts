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

/** What a person needs to see about a feed: its health, its schedule and its last failure. */
export function feedStatus(
  feed: FeedRecord,
  state: FeedState,
  defaultQuietMs: number,
  nowMs: number,
): FeedStatus {
  const learned = quietWindowMs(state.arrivals, defaultQuietMs);
  const window = feed.quietAfterSeconds ? feed.quietAfterSeconds * 1000 : learned;
  const source = feed.quietAfterSeconds
    ? 'feed'
    : learned === defaultQuietMs
      ? 'default'
      : 'learned';
  return {
    id: feed.id,
    outlet: feed.outlet,
    title: feed.title,
    url: feed.url,
    enabled: feed.enabled,
    intervalSeconds: feed.intervalSeconds ?? null,
    origin: feed.origin,
    health: feedHealth(
      {
        lastPolledAt: state.lastPolledAt,
        consecutiveErrors: state.consecutiveErrors,
        backoffUntil: state.backoffUntil,
        lastNewAt: state.lastNewAt,
        addedAt: Date.parse(feed.addedAt),
      },
      window,
      nowMs,
    ),
    lastPolledAt: iso(state.lastPolledAt),
    lastOutcome: state.lastOutcome,
    lastError: state.lastError,
    consecutiveErrors: state.consecutiveErrors,
    nextPollAt: iso(state.nextPollAt),
    nextPollReason: state.nextPollReason,
    serverHintSeconds: state.serverHintSeconds,
    backoffUntil: iso(state.backoffUntil),
    lastNewAt: iso(state.lastNewAt),
    quietAfterHours: Math.round((window / 3_600_000) * 10) / 10,
    quietWindowSource: source,
    entriesSeen: state.entriesSeen,
    prefilterDropped: state.prefilterDropped,
    urlChanges: feed.urlChanges,
  };
}
