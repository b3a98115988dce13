import { describe, expect, it } from 'vitest';
import {
  feedHealth,
  freshnessSeconds,
  nextPoll,
  parseRetryAfter,
  quietWindowMs,
  type PollingPolicy,
} from '../../src/feeds/poll-schedule.js';

const NOW = Date.parse('2025-10-08T12:00:00Z');
const policy: PollingPolicy = {
  intervalSeconds: 900,
  minIntervalSeconds: 300,
  maxIntervalSeconds: 21_600,
  jitter: 0.1,
  errorBackoffCapSeconds: 21_600,
  serverHintCapSeconds: 3600,
};
const noJitter = () => 0.5;
const delaySeconds = (at: number) => (at - NOW) / 1000;

describe('freshnessSeconds', () => {
  const date = (ms: number) => new Date(ms).toUTCString();
  it.each([
    ['nothing said', 200, {}, null, null],
    ['max-age', 200, { 'cache-control': 'public, max-age=1800' }, null, 1800],
    [
      's-maxage as meant for shared caches only (ignored)',
      200,
      { 'cache-control': 's-maxage=600' },
      null,
      null,
    ],
    ['Expires in an hour', 200, { expires: date(NOW + 3_600_000) }, null, 3600],
    ['Expires in the past', 200, { expires: date(NOW - 60_000) }, null, null],
    [
      'Expires counted from the server’s Date, not our clock (a server 2 h behind)',
      200,
      { date: date(NOW - 7_200_000), expires: date(NOW - 7_200_000 + 1_800_000) },
      null,
      1800,
    ],
    [
      'max-age less the Age a cache already held it',
      200,
      { 'cache-control': 'max-age=3600', age: '3000' },
      null,
      600,
    ],
    [
      'an Age past max-age (stale: no hint)',
      200,
      { 'cache-control': 'max-age=600', age: '900' },
      null,
      null,
    ],
    [
      'no-cache beside max-age (no hint)',
      200,
      { 'cache-control': 'no-cache, max-age=3600' },
      null,
      null,
    ],
    ['no-store', 200, { 'cache-control': 'no-store, max-age=3600' }, null, null],
    [
      'max-age over Expires (RFC 9111 §5.3)',
      200,
      { 'cache-control': 'max-age=600', expires: date(NOW + 7_200_000) },
      null,
      600,
    ],
    ['a 304 read as the 200 it revalidates', 304, { 'cache-control': 'max-age=1200' }, null, 1200],
    [
      'no heuristic from Last-Modified alone',
      200,
      { 'last-modified': date(NOW - 30 * 86_400_000) },
      null,
      null,
    ],
    ['the feed ttl in minutes', 200, {}, 60, 3600],
    ['the feed ttl under no-cache', 200, { 'cache-control': 'no-cache' }, 60, 3600],
    [
      'the larger of the ttl and HTTP',
      200,
      { 'cache-control': 'max-age=100', expires: date(NOW + 200_000) },
      5,
      300,
    ],
  ] as const)('reads %s', (_n, status, headers, ttl, expected) => {
    expect(freshnessSeconds(status, headers as Record<string, string>, ttl, NOW)).toBe(expected);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['delta seconds', '120', NOW + 120_000],
    ['an HTTP date', new Date(NOW + 90_000).toUTCString(), NOW + 90_000],
    ['a date already past (means now)', new Date(NOW - 90_000).toUTCString(), NOW],
    ['garbage', 'soon', null],
    ['an absurd delta, capped at a day', '99999999999999999999', NOW + 24 * 3_600_000],
    [
      'a date in the year 9999, capped at a day',
      'Fri, 31 Dec 9999 23:59:59 GMT',
      NOW + 24 * 3_600_000,
    ],
    ['nothing', undefined, null],
  ])('reads %s', (_n, value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});

describe('nextPoll', () => {
  const ok = (freshness: number | null, interval = 900, notBefore: number | null = null) => {
    const next = nextPoll(
      {
        outcome: 'ok',
        freshnessSeconds: freshness,
        intervalSeconds: interval,
        consecutiveErrors: 0,
        notBeforeMs: notBefore,
      },
      policy,
      NOW,
      noJitter,
    );
    return { delay: delaySeconds(next.at), reason: next.reason, hint: next.hintSeconds };
  };
  const error = (errors: number, notBefore: number | null = null) =>
    nextPoll(
      {
        outcome: 'error',
        freshnessSeconds: 9999,
        intervalSeconds: 900,
        consecutiveErrors: errors,
        notBeforeMs: notBefore,
      },
      policy,
      NOW,
      noJitter,
    );

  it.each([
    ['the server says nothing: the interval', null, 900, 900, 'interval'],
    ['a hint shorter than the interval does not poll harder', 60, 900, 900, 'interval'],
    ['a hint lengthens the interval below the cap', 1800, 900, 1800, 'server-hint'],
    [
      'a hint of six hours stretches ten minutes only to the cap',
      21_600,
      600,
      3600,
      'server-hint-capped',
    ],
    [
      'a hint past the cap on an interval past the cap: the interval',
      86_400,
      7200,
      7200,
      'interval',
    ],
    ['an interval under the minimum is raised to it', null, 10, 300, 'interval'],
    ['an interval over the maximum is lowered to it', null, 86_400, 21_600, 'interval'],
  ] as const)('%s', (_n, hint, interval, delay, reason) => {
    expect(ok(hint, interval)).toEqual({ delay, reason, hint });
  });

  it('never undercuts a Retry-After, and says so', () => {
    expect(ok(null, 900, NOW + 7_200_000)).toMatchObject({ delay: 7200, reason: 'retry-after' });
  });

  it('doubles the delay per consecutive error and stays at the cap for ever', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50, 5000].map((n) => delaySeconds(error(n).at))).toEqual([
      300, 600, 1200, 2400, 4800, 9600, 19_200, 21_600, 21_600,
    ]);
    expect(error(3)).toMatchObject({ reason: 'error-backoff', hintSeconds: null });
  });

  it('spreads delays by the jitter share at most', () => {
    const at = (r: number) =>
      delaySeconds(
        nextPoll(
          {
            outcome: 'ok',
            freshnessSeconds: null,
            intervalSeconds: 1000,
            consecutiveErrors: 0,
            notBeforeMs: null,
          },
          policy,
          NOW,
          () => r,
        ).at,
      );
    expect(at(0)).toBe(900);
    expect(at(1)).toBe(1100);
  });
});

describe('feedHealth', () => {
  const base = {
    lastPolledAt: NOW - 60_000,
    consecutiveErrors: 0,
    backoffUntil: null,
    lastNewAt: NOW - 3_600_000,
    addedAt: NOW - 86_400_000,
  };
  it.each([
    ['never polled', { ...base, lastPolledAt: null }, 'pending'],
    ['polling well', base, 'ok'],
    ['told to wait by the server', { ...base, backoffUntil: NOW + 60_000 }, 'backing-off'],
    ['failing', { ...base, consecutiveErrors: 2 }, 'failing'],
    ['silent for longer than its window', { ...base, lastNewAt: NOW - 3 * 86_400_000 }, 'quiet'],
    [
      'never had a new entry since added long ago',
      { ...base, lastNewAt: null, addedAt: NOW - 3 * 86_400_000 },
      'quiet',
    ],
  ] as const)('is %s', (_n, state, health) => {
    expect(feedHealth(state, 2 * 86_400_000, NOW)).toBe(health);
  });
});

describe('quietWindowMs', () => {
  const hour = 3_600_000;
  it('keeps the default until enough arrivals are seen', () => {
    expect(quietWindowMs([NOW - hour, NOW], 48 * hour)).toBe(48 * hour);
  });
  it('learns four times the 75th-percentile gap of a feed that posts hourly', () => {
    const arrivals = Array.from({ length: 10 }, (_, i) => NOW - i * hour);
    expect(quietWindowMs(arrivals, 48 * hour)).toBe(4 * hour);
  });
  it('is at least an hour for a very busy feed and at most thirty days', () => {
    expect(
      quietWindowMs(
        Array.from({ length: 10 }, (_, i) => NOW - i * 60_000),
        48 * hour,
      ),
    ).toBe(hour);
    expect(
      quietWindowMs(
        Array.from({ length: 6 }, (_, i) => NOW - i * 30 * 24 * hour),
        48 * hour,
      ),
    ).toBe(30 * 24 * hour);
  });
});
