// The health a poll leaves a feed in, as announced to alert targets: which state, since when, why.
// Whether it is a change (compared with the last announced) is decided by the store, in Redis:
// test/integration/feed-health-alerts.test.ts.
import { describe, expect, it } from 'vitest';
import { healthCandidate } from '../../src/feeds/feed-status.js';
import type { FeedRecord, FeedState } from '../../src/store/feed.store.js';

const H = 3_600_000;
const NOW = Date.parse('2025-10-10T12:00:00.000Z');
const ADDED = NOW - 100 * H;
const DEFAULT_QUIET = 48 * H;

const feed: FeedRecord = {
  id: 'wttw',
  outlet: 'WTTW',
  title: 'WTTW News',
  url: 'https://news.example/feed',
  enabled: true,
  origin: 'config',
  configUrl: 'https://news.example/feed',
  addedAt: new Date(ADDED).toISOString(),
  urlChanges: [],
};

const base: FeedState = {
  lastPolledAt: NOW,
  lastOutcome: 'ok',
  lastError: null,
  consecutiveErrors: 0,
  etag: null,
  lastModified: null,
  bodyHash: null,
  nextPollAt: null,
  nextPollReason: null,
  serverHintSeconds: null,
  backoffUntil: null,
  lastNewAt: NOW - H,
  arrivals: [],
  entriesSeen: 0,
  prefilterDropped: 0,
  redirect: null,
  health: null,
};
const error = { code: 'FETCH_HTTP_ERROR', message: 'fetch: HTTP 500' };
const iso = (ms: number) => new Date(ms).toISOString();

type Case = [
  name: string,
  state: Partial<FeedState>,
  feed: Partial<FeedRecord>,
  expected: { to: string; since: string; reason: RegExp } | null,
];

const CASES: Case[] = [
  ['never polled: nothing to say', { lastPolledAt: null, lastNewAt: null }, {}, null],
  [
    'polled, new entries within the window: ok',
    {},
    {},
    { to: 'ok', since: iso(NOW), reason: /^polled without error; last new entry / },
  ],
  [
    'one error: failing since that poll, with the error',
    { lastOutcome: 'error', lastError: error, consecutiveErrors: 1 },
    {},
    { to: 'failing', since: iso(NOW), reason: /^FETCH_HTTP_ERROR: fetch: HTTP 500 \(1 error\)$/ },
  ],
  [
    'errors in a row',
    { lastOutcome: 'error', lastError: error, consecutiveErrors: 4 },
    {},
    { to: 'failing', since: iso(NOW), reason: /\(4 errors in a row\)$/ },
  ],
  [
    'an error under a Retry-After still in force: backing off, nothing to say',
    { lastError: error, consecutiveErrors: 1, backoffUntil: NOW + H },
    {},
    null,
  ],
  [
    'no new entry for longer than the default window: quiet since the window ran out',
    { lastNewAt: NOW - 50 * H },
    {},
    {
      to: 'quiet',
      since: iso(NOW - 2 * H),
      reason: /^no new entries since \S+; quiet after 48 h \(default window\)$/,
    },
  ],
  [
    'never a new entry: counted from when it was added',
    { lastNewAt: null },
    {},
    { to: 'quiet', since: iso(ADDED + 48 * H), reason: /\(when it was added\); quiet after 48 h/ },
  ],
  [
    "the feed's own window",
    { lastNewAt: NOW - 3 * H },
    { quietAfterSeconds: 7200 },
    { to: 'quiet', since: iso(NOW - H), reason: /quiet after 2 h \(feed window\)$/ },
  ],
  [
    'a learned window: four times the gap of an hourly feed',
    { lastNewAt: NOW - 5 * H, arrivals: [1, 2, 3, 4, 5].map((i) => NOW - 5 * H - (5 - i) * H) },
    {},
    { to: 'quiet', since: iso(NOW - H), reason: /quiet after 4 h \(learned window\)$/ },
  ],
  [
    'failing wins over quiet',
    { lastNewAt: NOW - 50 * H, lastError: error, consecutiveErrors: 2 },
    {},
    { to: 'failing', since: iso(NOW), reason: /^FETCH_HTTP_ERROR/ },
  ],
];

describe('feed health to announce', () => {
  it.each(CASES)('%s', (_, state, over, expected) => {
    const c = healthCandidate({ ...feed, ...over }, { ...base, ...state }, DEFAULT_QUIET, NOW);
    if (expected === null) return expect(c).toBeNull();
    expect(c).toMatchObject({
      feedId: 'wttw',
      title: 'WTTW News',
      outlet: 'WTTW',
      url: 'https://news.example/feed',
      to: expected.to,
      since: expected.since,
      lastError: expected.to === 'failing' ? state.lastError : null,
    });
    expect(c!.reason).toMatch(expected.reason);
  });
});
