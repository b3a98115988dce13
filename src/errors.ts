// The one error catalogue. Codes are stable: operators grep for them, API clients switch on them.
// `transient` decides what a worker does with the error: retry with backoff, or give up at once.

interface ErrorSpec {
  status: number;
  transient: boolean;
  message: string;
}

export const ERRORS = {
  CONFIG_INVALID: { status: 500, transient: false, message: 'config: %s' },
  REDIS_UNAVAILABLE: { status: 503, transient: true, message: 'redis: %s' },
  REDIS_NOT_NEWSMON: { status: 503, transient: false, message: 'redis: %s' },
  REDIS_OOM: {
    status: 503,
    transient: true,
    message: 'redis: out of memory (maxmemory reached, writes refused until space returns): %s',
  },

  FETCH_TIMEOUT: { status: 504, transient: true, message: 'fetch: timed out after %s' },
  FETCH_NETWORK: { status: 502, transient: true, message: 'fetch: network error: %s' },
  FETCH_HTTP_STATUS: { status: 502, transient: true, message: 'fetch: HTTP %s' },
  FETCH_HTTP_GONE: { status: 502, transient: false, message: 'fetch: HTTP %s' },
  FETCH_TOO_LARGE: { status: 502, transient: false, message: 'fetch: body larger than %s bytes' },
  FETCH_TOO_MANY_REDIRECTS: {
    status: 502,
    transient: false,
    message: 'fetch: more than %s redirects',
  },
  FETCH_BAD_REDIRECT: {
    status: 502,
    transient: false,
    message: 'fetch: a redirect without a usable Location: %s',
  },
  FETCH_BLOCKED_ADDRESS: {
    status: 403,
    transient: false,
    message:
      'fetch: refused address %s; to allow it, list the host or its CIDR in NEWSMON_FETCH_ALLOW (comma-separated) or fetch.allow',
  },
  FETCH_BAD_URL: { status: 400, transient: false, message: 'fetch: not a fetchable URL: %s' },
  ROBOTS_DISALLOWED: { status: 403, transient: false, message: 'fetch: robots.txt disallows %s' },
  ROBOTS_UNAVAILABLE: {
    status: 503,
    transient: true,
    message: 'fetch: robots.txt unreachable for %s',
  },
  FETCH_NOT_HTML: { status: 415, transient: false, message: 'fetch: not an HTML page (%s)' },
  HOST_BACKOFF: { status: 503, transient: true, message: 'fetch: backing off host %s' },
  HOST_BUSY: { status: 503, transient: true, message: 'fetch: host %s is busy; retry later' },

  FEED_PARSE_FAILED: { status: 422, transient: false, message: 'feed: cannot parse: %s' },
  FEED_UNKNOWN: { status: 404, transient: false, message: 'feed: unknown feed %s' },
  FEED_EXISTS: { status: 409, transient: false, message: 'feed: already registered: %s' },
  FEED_IS_PAGE: { status: 422, transient: false, message: 'feed: a web page, not a feed: %s' },

  EXTRACT_EMPTY: { status: 422, transient: false, message: 'extract: no article text found in %s' },
  EXTRACT_FAILED: { status: 422, transient: false, message: 'extract: %s' },
  EXTRACT_NOT_ARTICLE: { status: 422, transient: false, message: 'extract: not an article: %s' },
  // The extraction thread ran out of its heap or its time on this page; retrying cannot help.
  EXTRACT_TOO_LARGE: { status: 422, transient: false, message: 'extract: page too large: %s' },
  EXTRACT_CRASHED: {
    status: 500,
    transient: false,
    message: 'extract: the extraction thread died on this page: %s',
  },
  // Analysis ran past its budget even on the first part of the text (truncated-for-analysis).
  ANALYZE_TOO_LARGE: { status: 422, transient: false, message: 'analyze: text too costly: %s' },

  ARTICLE_NOT_FOUND: { status: 404, transient: false, message: 'article: not found: %s' },
  ARTICLE_NOT_FETCHED: { status: 409, transient: false, message: 'article: never fetched: %s' },
  REVIEW_NOT_FOUND: { status: 404, transient: false, message: 'review: no such item: %s' },
  SNAPSHOT_MISSING: { status: 500, transient: false, message: 'snapshot: missing: %s' },

  AUTH_MISSING: {
    status: 401,
    transient: false,
    message: 'auth: send Authorization: Bearer <token> (%s)',
  },
  AUTH_INVALID: { status: 401, transient: false, message: 'auth: unknown token (%s)' },

  WEBHOOK_NOT_CONFIGURED: { status: 404, transient: false, message: 'webhook: %s' },
  WEBHOOK_SIGNATURE_MISSING: { status: 401, transient: false, message: 'webhook: unsigned: %s' },
  WEBHOOK_SIGNATURE_INVALID: {
    status: 401,
    transient: false,
    message: 'webhook: signature does not match: %s',
  },
  WEBHOOK_TIMESTAMP_STALE: {
    status: 401,
    transient: false,
    message: 'webhook: timestamp outside the 5-minute window: %s',
  },
  WEBHOOK_REPLAYED: { status: 409, transient: false, message: 'webhook: message already seen: %s' },
  WEBHOOK_TOKEN_INVALID: { status: 401, transient: false, message: 'webhook: unknown token (%s)' },
  WEBHOOK_NOT_JSON: { status: 400, transient: false, message: 'webhook: body is not JSON: %s' },
  WEBHOOK_PAYLOAD_INVALID: { status: 400, transient: false, message: 'webhook: %s' },
  WEBHOOK_NO_URL: { status: 400, transient: false, message: 'webhook: no URL in the body (%s)' },
  WEBHOOK_TOO_MANY_URLS: {
    status: 413,
    transient: false,
    message: 'webhook: more than %s URLs in one message',
  },
  WEBSUB_NOT_CONFIGURED: { status: 404, transient: false, message: 'websub: off: %s' },
  WEBSUB_NOT_PENDING: {
    status: 404,
    transient: false,
    message: 'websub: no pending request of this mode and topic: %s',
  },
  WEBSUB_SUBSCRIPTION_GONE: {
    status: 410,
    transient: false,
    message: 'websub: no such active subscription: %s',
  },
  WEBSUB_SIGNATURE_MISSING: {
    status: 401,
    transient: false,
    message: 'websub: unsigned delivery for a subscription with a secret: %s',
  },
  WEBSUB_HUB_REFUSED: { status: 502, transient: false, message: 'websub: hub refused: %s' },
  WEBSUB_HUB_FAILED: { status: 502, transient: true, message: 'websub: hub failed: %s' },
  BODY_TOO_LARGE: { status: 413, transient: false, message: 'http: body larger than %s bytes' },
  RATE_LIMITED: { status: 429, transient: true, message: 'http: too many requests: %s' },

  ALERT_TARGET_REJECTED: {
    status: 502,
    transient: false,
    message: 'alert: the target refused the message: %s',
  },
  ALERT_TARGET_FAILED: { status: 502, transient: true, message: 'alert: delivery failed: %s' },
  ALERT_INTERRUPTED: {
    status: 502,
    transient: true,
    message: 'alert: the worker stopped while sending (started %s); the target may have it',
  },
  ALERT_TARGET_UNKNOWN: { status: 404, transient: false, message: 'alert: no such target: %s' },
  ALERT_DELIVERY_NOT_FOUND: { status: 404, transient: false, message: 'alert: no delivery %s' },
  ALERT_NOT_DEAD: {
    status: 409,
    transient: false,
    message: 'alert: only a dead delivery can be replayed: %s',
  },
  REPROCESS_NOT_FOUND: { status: 404, transient: false, message: 'reprocess: no run %s' },

  INPUT_INVALID: { status: 400, transient: false, message: 'input: %s' },
  JOB_PAYLOAD_INVALID: { status: 400, transient: false, message: 'job: invalid payload: %s' },
  // BullMQ gave a job up without its handler saying why: its worker died or hung past its lock.
  JOB_STALLED: { status: 500, transient: false, message: 'job: %s' },
  JOB_FAILED: { status: 500, transient: false, message: 'job: %s' },
  NOT_FOUND: { status: 404, transient: false, message: 'http: no route %s' },
  INTERNAL: { status: 500, transient: false, message: 'internal: %s' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export class NewsmonError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly transient: boolean;
  /** Epoch ms worth waiting for before a retry (e.g. when a host's backoff ends), when known. */
  readonly retryAt?: number;

  constructor(code: ErrorCode, detail: string, options?: { cause?: unknown; retryAt?: number }) {
    const spec: ErrorSpec = ERRORS[code];
    super(spec.message.replace('%s', detail), options);
    this.name = 'NewsmonError';
    this.code = code;
    this.status = spec.status;
    this.transient = spec.transient;
    this.retryAt = options?.retryAt;
  }

  toJSON(): { code: ErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** A NewsmonError as it crossed a thread or a queue: its code and its message as they were. */
export function reviveError(error: {
  name?: string;
  message: string;
  code?: string;
  cause?: unknown;
}): Error {
  if (error.code && error.code in ERRORS) {
    const err = new NewsmonError(
      error.code as ErrorCode,
      '',
      error.cause === undefined ? undefined : { cause: error.cause },
    );
    err.message = error.message;
    return err;
  }
  const err = new Error(error.message);
  if (error.name) err.name = error.name;
  return err;
}

/** The `{code, message}` an operator sees for any thrown value. */
export function describeError(err: unknown): { code: string; message: string } {
  if (err instanceof NewsmonError) return err.toJSON();
  if (err instanceof Error) return { code: 'INTERNAL', message: err.message };
  return { code: 'INTERNAL', message: String(err) };
}
