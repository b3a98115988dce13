// Per-host politeness shared by every worker process on every machine: the gate lives in Redis,
// each check-and-take is one Lua script (atomic on the server), and every script reads the
// server's clock (TIME) so machines with skewed clocks still agree on leases and intervals.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { NewsmonError } from '../errors.js';
import type { Keys } from './keys.js';

export interface HostGateConfig {
  /** At most this many requests in flight per host, across all processes. */
  maxConcurrent: number;
  /** At least this long between the starts of two requests to one host. */
  minIntervalMs: number;
  /** A slot whose holder died without releasing is freed after this (crash safety). */
  leaseMs: number;
}

export type GateDenied = {
  acquired: false;
  /** How long until the gate could open: earliest lease expiry, remaining interval or backoff. */
  retryInMs: number;
  reason: 'concurrency' | 'interval' | 'backoff';
};

export type GateGranted = { acquired: true; token: string };

// Server time in epoch ms. Lua numbers are doubles: exact for integers up to 2^53.
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

// KEYS: slots, last, backoff. ARGV: token, maxConcurrent, minIntervalMs, leaseMs.
// Returns {1, token, 0} or {0, reason, retryInMs}.
// Backoff is checked first because it is the host's own request to be left alone; the interval
// key is only written on a grant, so a denied attempt never pushes the next start further out.
const TRY_ACQUIRE = `${NOW}
local backoff = tonumber(redis.call('GET', KEYS[3]))
if backoff and backoff > now then
  return {0, 'backoff', backoff - now}
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, 'concurrency', tonumber(first[2]) - now}
end
local interval = tonumber(ARGV[3])
if interval > 0 then
  local last = tonumber(redis.call('GET', KEYS[2]))
  if last and now - last < interval then
    return {0, 'interval', last + interval - now}
  end
end
local lease = tonumber(ARGV[4])
redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
-- The newest lease is the last to expire, so the whole set can go when it does.
redis.call('PEXPIRE', KEYS[1], lease)
if interval > 0 then
  redis.call('SET', KEYS[2], now, 'PX', interval)
end
return {1, ARGV[1], 0}
`;

// KEYS: slots. ARGV: token. Also drops expired leases so a quiet host's set shrinks.
const RELEASE = `${NOW}
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return 0
`;

// KEYS: backoff. ARGV: untilMs. Keeps the later time, so a short Retry-After seen by one worker
// cannot cut short a long one seen by another. SET … PXAT stores the time and its expiry in one
// command, so a backoff key can never outlive its own time.
const BACK_OFF = `${NOW}
local untilMs = tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]))
if untilMs <= now or (current and current >= untilMs) then
  return 0
end
redis.call('SET', KEYS[1], untilMs, 'PXAT', untilMs)
return 1
`;

// A release is not signalled, so a waiter denied for concurrency polls; this bounds how late it
// notices a freed slot (and keeps one waiter to ~20 scripts a second).
const CONCURRENCY_POLL_MS = 50;
// Waiters denied at the same moment would otherwise wake together and all but one lose again.
const JITTER_FRACTION = 0.1;
const JITTER_MIN_MS = 5;

export class HostGate {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly config: HostGateConfig,
  ) {
    const { maxConcurrent, minIntervalMs, leaseMs } = config;
    // PEXPIRE and SET PX reject non-integers and zero; fail at wiring time, not on first fetch.
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1)
      throw new NewsmonError('CONFIG_INVALID', `host gate maxConcurrent must be >= 1`);
    if (!Number.isInteger(minIntervalMs) || minIntervalMs < 0)
      throw new NewsmonError('CONFIG_INVALID', `host gate minIntervalMs must be >= 0`);
    if (!Number.isInteger(leaseMs) || leaseMs < 1)
      throw new NewsmonError('CONFIG_INVALID', `host gate leaseMs must be >= 1`);
  }

  /** One attempt, never waits. The token must be passed to release(). */
  /** `minIntervalMs` raises the configured interval for this host (a robots.txt Crawl-delay). */
  async tryAcquire(
    host: string,
    minIntervalMs = this.config.minIntervalMs,
  ): Promise<GateGranted | GateDenied> {
    const h = host.toLowerCase();
    const token = randomUUID();
    const [granted, value, retryInMs] = (await this.redis.eval(
      TRY_ACQUIRE,
      3,
      this.keys.hostSlots(h),
      this.keys.hostLast(h),
      this.keys.hostBackoff(h),
      token,
      this.config.maxConcurrent,
      Math.max(this.config.minIntervalMs, Math.round(minIntervalMs)),
      this.config.leaseMs,
    )) as [number, string, number];
    if (granted === 1) return { acquired: true, token: value };
    return {
      acquired: false,
      reason: value as GateDenied['reason'],
      retryInMs: Math.max(0, retryInMs),
    };
  }

  /**
   * Frees the slot. Safe to call twice or after the lease expired: tokens are unique, so a late
   * release never frees a slot someone else now holds.
   */
  async release(host: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.keys.hostSlots(host.toLowerCase()), token);
  }

  /**
   * Backs the whole host off until untilMs (epoch ms); keeps the later of an existing and the new
   * time. untilMs is absolute, so the caller turns a Retry-After into a time on its own clock.
   */
  async backOff(host: string, untilMs: number): Promise<void> {
    // NaN or Infinity would reach Lua as nil and fail there with an opaque script error.
    if (!Number.isFinite(untilMs))
      throw new NewsmonError('INPUT_INVALID', `backOff untilMs is not a time: ${untilMs}`);
    await this.redis.eval(
      BACK_OFF,
      1,
      this.keys.hostBackoff(host.toLowerCase()),
      Math.ceil(untilMs),
    );
  }

  /** The epoch ms the host is backed off until, or null when it is not. */
  async backoffUntil(host: string): Promise<number | null> {
    // The key expires at the until-time, so its presence alone means "still backed off".
    const value = await this.redis.get(this.keys.hostBackoff(host.toLowerCase()));
    return value === null ? null : Number(value);
  }

  /**
   * Waits (polling, with a little jitter) for a slot up to maxWaitMs; throws
   * NewsmonError('HOST_BUSY', ...) with a retryAt when it cannot.
   * Gives up at once when a backoff or interval outlasts the wait, since waiting cannot help.
   * For concurrency, retryAt is the earliest lease expiry: a slot may free sooner on release.
   */
  async acquire(
    host: string,
    maxWaitMs: number,
    minIntervalMs = this.config.minIntervalMs,
  ): Promise<string> {
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      const attempt = await this.tryAcquire(host, minIntervalMs);
      if (attempt.acquired) return attempt.token;
      const remaining = deadline - Date.now();
      const cannotOpenInTime = attempt.reason !== 'concurrency' && attempt.retryInMs > remaining;
      if (remaining <= 0 || cannotOpenInTime) {
        throw new NewsmonError('HOST_BUSY', host.toLowerCase(), {
          retryAt: Date.now() + attempt.retryInMs,
        });
      }
      const step =
        attempt.reason === 'concurrency'
          ? Math.min(attempt.retryInMs, CONCURRENCY_POLL_MS)
          : attempt.retryInMs;
      const jitter = Math.random() * Math.max(JITTER_MIN_MS, step * JITTER_FRACTION);
      // Never sleep past the deadline: one last attempt happens right at it.
      await sleep(Math.min(step + jitter, remaining));
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
