// Politeness around the HTTP client: one host's turn at a time (shared through Redis), and a
// host that answers 429, 403 or 503 is left alone for a while by every worker.
import { NewsmonError } from '../errors.js';
import { parseRetryAfter } from '../feeds/poll-schedule.js';
import type { HostGate } from '../store/host-gate.store.js';
import type { FetchRequest, FetchResponse, HttpClient } from './http-client.js';

const THROTTLING = new Set([403, 429, 503]);

export interface PoliteFetchOptions {
  /** How long to wait for the host's turn before giving the job back. */
  maxWaitMs: number;
  /** Host backoff when a throttling answer carries no Retry-After. */
  defaultBackoffMs: number;
  now: () => Date;
}

export interface PoliteRequest extends FetchRequest {
  /** A longer gap between requests to this host than configured (robots.txt Crawl-delay). */
  minIntervalMs?: number;
}

export type PoliteFetch = (url: string, req?: PoliteRequest) => Promise<FetchResponse>;

export function politeFetch(
  http: HttpClient,
  gate: HostGate,
  opts: PoliteFetchOptions,
): PoliteFetch {
  return async (url, req) => {
    const host = new URL(url).host.toLowerCase();
    // One script call in the common case; waiting only when the host is busy for a moment.
    const first = await gate.tryAcquire(host, req?.minIntervalMs);
    let token: string;
    if (first.acquired) token = first.token;
    else if (first.reason === 'backoff' && first.retryInMs > opts.maxWaitMs) {
      // A backoff longer than a worth-while wait is not waited out: the job goes back until then.
      const until = opts.now().getTime() + first.retryInMs;
      throw new NewsmonError('HOST_BACKOFF', `${host} until ${new Date(until).toISOString()}`, {
        retryAt: until,
      });
    } else token = await gate.acquire(host, opts.maxWaitMs, req?.minIntervalMs);
    let res: FetchResponse;
    try {
      res = await http.get(url, req);
    } finally {
      await gate.release(host, token);
    }
    if (THROTTLING.has(res.status)) {
      const at = opts.now().getTime();
      const retryAt = parseRetryAfter(res.headers['retry-after'], at) ?? at + opts.defaultBackoffMs;
      await gate.backOff(host, retryAt);
    }
    return res;
  };
}
