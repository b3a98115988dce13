// When to poll a feed next, and how healthy it is. Pure: times come in as epoch milliseconds.

export interface PollingPolicy {
  intervalSeconds: number;
  minIntervalSeconds: number;
  maxIntervalSeconds: number;
  /** ± share of the delay added at random, so feeds polled together drift apart. */
  jitter: number;
  errorBackoffCapSeconds: number;
}

/**
 * How long the server says the feed stays fresh: the largest of the feed's own `<ttl>` (minutes),
 * `Cache-Control: max-age` and `Expires`. Null when it says nothing.
 */
export function freshnessSeconds(
  headers: Record<string, string>,
  ttlMinutes: number | null,
  nowMs: number,
): number | null {
  const candidates: number[] = [];
  if (ttlMinutes !== null && ttlMinutes > 0) candidates.push(ttlMinutes * 60);
  const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d+)/i.exec(headers['cache-control'] ?? '');
  if (maxAge) candidates.push(Number(maxAge[1]));
  const expires = headers.expires ? Date.parse(headers.expires) : NaN;
  if (!Number.isNaN(expires) && expires > nowMs) candidates.push((expires - nowMs) / 1000);
  return candidates.length > 0 ? Math.max(...candidates) : null;
}

/**
 * The longest Retry-After honoured. The header is the server's word, so a typo or a hostile value
 * ("99999999999999999999", a date in year 9999) would otherwise stop the feed — and through the
 * host backoff every feed on that host — for good; the huge delta even overflowed Redis's
 * PEXPIREAT, failed the poll as INTERNAL and left a backoff key with no expiry behind it.
 */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/**
 * Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3), as an epoch time no later than
 * MAX_RETRY_AFTER_MS from now.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (!value) return null;
  const v = value.trim();
  const at = /^\d+$/.test(v) ? nowMs + Number(v) * 1000 : Date.parse(v);
  return Number.isNaN(at) ? null : Math.min(Math.max(nowMs, at), nowMs + MAX_RETRY_AFTER_MS);
}

export interface NextPollInput {
  outcome: 'ok' | 'error';
  /** From freshnessSeconds; ignored after an error. */
  freshnessSeconds: number | null;
  /** The feed's own default interval when the server gives no freshness. */
  intervalSeconds: number;
  /** Errors in a row, counting this one. */
  consecutiveErrors: number;
  /** Not before this time (Retry-After, a host backoff). */
  notBeforeMs: number | null;
}

/**
 * After success: clamp(freshness or the feed's interval, min, max). After an error: the minimum
 * doubled per consecutive error, up to the cap — and polling goes on at the cap forever, so a
 * failing feed is never silently dropped. Jitter either way; a Retry-After is never undercut.
 */
export function nextPollAt(
  input: NextPollInput,
  policy: PollingPolicy,
  nowMs: number,
  random: () => number = Math.random,
): number {
  const base =
    input.outcome === 'ok'
      ? clamp(
          input.freshnessSeconds ?? input.intervalSeconds,
          policy.minIntervalSeconds,
          policy.maxIntervalSeconds,
        )
      : Math.min(
          policy.minIntervalSeconds * 2 ** Math.max(0, Math.min(30, input.consecutiveErrors - 1)),
          policy.errorBackoffCapSeconds,
        );
  const jittered = base * (1 + (random() * 2 - 1) * policy.jitter);
  return Math.max(nowMs + Math.round(jittered * 1000), input.notBeforeMs ?? 0);
}

function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}

export type FeedHealth = 'pending' | 'ok' | 'backing-off' | 'failing' | 'quiet';

export interface HealthInput {
  lastPolledAt: number | null;
  consecutiveErrors: number;
  /** A Retry-After or host backoff in force until then. */
  backoffUntil: number | null;
  /** Last poll that found new entries; else when the feed was added. */
  lastNewAt: number | null;
  addedAt: number;
}

export function feedHealth(s: HealthInput, quietWindowMs: number, nowMs: number): FeedHealth {
  if (s.lastPolledAt === null) return 'pending';
  if (s.backoffUntil !== null && s.backoffUntil > nowMs) return 'backing-off';
  if (s.consecutiveErrors > 0) return 'failing';
  if (nowMs - (s.lastNewAt ?? s.addedAt) > quietWindowMs) return 'quiet';
  return 'ok';
}

/** Arrivals needed before a feed's own rhythm replaces the configured quiet window. */
export const MIN_ARRIVALS_TO_LEARN = 5;
const HOUR = 3_600_000;

/**
 * How long a feed may go without new entries before it counts as quiet, learned from the gaps
 * between its recent arrivals: four times the 75th-percentile gap, so a feed that posts hourly
 * is quiet after a few silent hours and a weekly one after a month; bounded to 1 h – 30 days.
 */
export function quietWindowMs(arrivals: readonly number[], defaultMs: number): number {
  if (arrivals.length < MIN_ARRIVALS_TO_LEARN) return defaultMs;
  const sorted = [...arrivals].sort((a, b) => a - b);
  const gaps = sorted
    .slice(1)
    .map((t, i) => t - sorted[i]!)
    .sort((a, b) => a - b);
  const p75 = gaps[Math.min(gaps.length - 1, Math.floor(gaps.length * 0.75))]!;
  return clamp(4 * p75, HOUR, 30 * 24 * HOUR);
}
