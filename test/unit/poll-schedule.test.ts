import { describe, expect, it } from 'vitest';
import {
  feedHealth,
  freshnessSeconds,
  nextPollAt,
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
};
const noJitter = () => 0.5;
const delaySeconds = (at: number) => (at - NOW) / 1000;

describe('freshnessSeconds', () => {
  it.each([
    ['nothing said', {}, null, null],
    ['max-age', { 'cache-control': 'public, max-age=1800' }, null, 1800],
    [
      's-maxage as meant for shared caches only (ignored)',
      { 'cache-control': 's-maxage=600' },
      null,
      null,
    ],
    ['Expires in an hour', { expires: new Date(NOW + 3_600_000).toUTCString() }, null, 3600],
    ['Expires in the past', { expires: new Date(NOW - 60_000).toUTCString() }, null, null],
    ['the feed ttl in minutes', {}, 60, 3600],
    [
      'the largest of all three',
      { 'cache-control': 'max-age=100', expires: new Date(NOW + 200_000).toUTCString() },
      5,
      300,
    ],
  ] as const)('reads %s', (_n, headers, ttl, expected) => {
    expect(freshnessSeconds(headers as Record<string, string>, ttl, NOW)).toBe(expected);
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

describe('nextPollAt', () => {
  const ok = (freshness: number | null, notBefore: number | null = null) =>
    delaySeconds(
      nextPollAt(
        {
          outcome: 'ok',
          freshnessSeconds: freshness,
          intervalSeconds: 900,
          consecutiveErrors: 0,
          notBeforeMs: notBefore,
        },
        policy,
        NOW,
        noJitter,
      ),
    );
  const error = (errors: number, notBefore: number | null = null) =>
    delaySeconds(
      nextPollAt(
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
      ),
    );

  it('uses the feed interval when the server says nothing', () => expect(ok(null)).toBe(900));
  it('follows freshness within the bounds', () => expect(ok(3600)).toBe(3600));
  it('never polls sooner than the minimum', () => expect(ok(10)).toBe(300));
  it('never waits longer than the maximum', () => expect(ok(86_400 * 7)).toBe(21_600));
  it('never undercuts a Retry-After', () => expect(ok(300, NOW + 7_200_000)).toBe(7200));

  it('doubles the delay per consecutive error and stays at the cap for ever', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50, 5000].map((n) => error(n))).toEqual([
      300, 600, 1200, 2400, 4800, 9600, 19_200, 21_600, 21_600,
    ]);
  });

  it('spreads delays by the jitter share at most', () => {
    const at = (r: number) =>
      delaySeconds(
        nextPollAt(
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
        ),
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
