// When to poll a feed next, and how healthy it is. Pure: times come in as epoch milliseconds.
import CachePolicy from 'http-cache-semantics';

export interface PollingPolicy {
  intervalSeconds: number;
  minIntervalSeconds: number;
  maxIntervalSeconds: number;
  /** ± share of the delay added at random, so feeds polled together drift apart. */
  jitter: number;
  errorBackoffCapSeconds: number;
  /** The longest a server's freshness hint may stretch the operator's interval to. */
  serverHintCapSeconds: number;
}

/**
 * How long the server says the feed stays fresh, in seconds: the larger of the feed's own `<ttl>`
 * (minutes) and what HTTP caching allows (RFC 9111 via http-cache-semantics: `max-age` over
 * `Expires`, `Expires` counted from the server's `Date` so a skewed clock does not stretch it,
 * minus `Age`, and nothing at all under `no-cache` / `no-store`). Null when it says nothing.
 * A 304 is read as the 200 it revalidates: its headers update the stored response's (§4.3.4).
 */
export function freshnessSeconds(
  status: number,
  headers: Record<string, string>,
  ttlMinutes: number | null,
  nowMs: number,
): number | null {
  const candidates: number[] = [];
  if (ttlMinutes !== null && ttlMinutes > 0) candidates.push(ttlMinutes * 60);
  // A response without Date is dated on receipt (RFC 9110 §6.6.1); giving it here keeps the
  // arithmetic on the caller's clock rather than the library's Date.now().
  const dated = headers.date ? headers : { ...headers, date: new Date(nowMs).toUTCString() };
  const policy = new CachePolicy(
    { url: '/', method: 'GET', headers: {} },
    { status: status === 304 ? 200 : status, headers: dated },
    // A private client: s-maxage is for shared caches. No heuristic from Last-Modified: only
    // what the server says counts as a hint.
    { shared: false, cacheHeuristic: 0 },
  );
  // maxAge − Age rather than timeToLive(): stale-while-revalidate and stale-if-error let a cache
  // serve old bytes, they do not say the feed has nothing new.
  const http = Math.round(policy.maxAge() - Number(dated.age ?? 0));
  if (http > 0) candidates.push(http);
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
  /** The operator's interval for this feed (its own, else polling.intervalSeconds). */
  intervalSeconds: number;
  /** Errors in a row, counting this one. */
  consecutiveErrors: number;
  /** Not before this time (Retry-After, a host backoff). */
  notBeforeMs: number | null;
}

/** Why the next poll is when it is, as the feed's status shows it. */
export type NextPollReason =
  | 'interval'
  | 'server-hint'
  | 'server-hint-capped'
  | 'error-backoff'
  | 'retry-after'
  /** The host asked everyone to wait (a Retry-After on another feed or page of the host). */
  | 'host-backoff';

export interface NextPoll {
  at: number;
  reason: NextPollReason;
  /** The server's freshness hint in seconds, when it gave one. */
  hintSeconds: number | null;
}

/**
 * After success: the operator's interval, lengthened by a server hint (`<ttl>`, max-age, Expires)
 * up to `serverHintCapSeconds` at most — a hint never shortens the interval (it is no invitation
 * to poll harder) and never stretches a 10-minute interval to six hours; then bounded by min and
 * max. After an error: the minimum doubled per consecutive error, up to the cap — and polling
 * goes on at the cap forever, so a failing feed is never silently dropped. Jitter either way; a
 * Retry-After is never undercut.
 */
export function nextPoll(
  input: NextPollInput,
  policy: PollingPolicy,
  nowMs: number,
  random: () => number = Math.random,
): NextPoll {
  let base: number;
  let reason: NextPollReason;
  const hint = input.outcome === 'ok' ? input.freshnessSeconds : null;
  if (input.outcome === 'error') {
    base = Math.min(
      policy.minIntervalSeconds * 2 ** Math.max(0, Math.min(30, input.consecutiveErrors - 1)),
      policy.errorBackoffCapSeconds,
    );
    reason = 'error-backoff';
  } else {
    base = Math.max(input.intervalSeconds, Math.min(hint ?? 0, policy.serverHintCapSeconds));
    reason =
      base === input.intervalSeconds
        ? 'interval'
        : hint! > policy.serverHintCapSeconds
          ? 'server-hint-capped'
          : 'server-hint';
  }
  if (input.outcome === 'ok')
    base = clamp(base, policy.minIntervalSeconds, policy.maxIntervalSeconds);
  const jittered = nowMs + Math.round(base * (1 + (random() * 2 - 1) * policy.jitter) * 1000);
  if (input.notBeforeMs !== null && input.notBeforeMs > jittered) {
    return { at: input.notBeforeMs, reason: 'retry-after', hintSeconds: hint };
  }
  return { at: jittered, reason, hintSeconds: hint };
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
