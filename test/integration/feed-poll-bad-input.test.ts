// Feed polling against servers that misbehave, on a private Redis and real loopback HTTP, with
// pollFeed called directly. Every bad answer must land in the feed's state and history with its
// error code, set the next poll time, and leave the worker able to poll the next feed.
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/errors.js';
import { feedStatus } from '../../src/feeds/feed-status.js';
import { MAX_RETRY_AFTER_MS, type FeedHealth } from '../../src/feeds/poll-schedule.js';
import type { Payload, Results } from '../../src/jobs/job-registry.js';
import { buildPipelineDeps, type PipelineDeps } from '../../src/pipeline/pipeline-deps.js';
import { pollFeed, REDIRECT_POLLS_TO_MOVE } from '../../src/pipeline/feed-poll.handler.js';
import { keysFor } from '../../src/store/keys.js';
import { send, startTestServer, type Route, type TestServer } from '../helpers/http-server.js';
import { createTestPipeline, type TestPipeline } from '../helpers/pipeline.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

const PREFIX = 'badinput';
const RSS = 'application/rss+xml; charset=utf-8';
const MB = 1024 * 1024;
// How long a poll may take between its start (lastPolledAt) and the moment it schedules the
// next one; the schedule itself is exact because the jitter source is fixed.
const SLACK_MS = 2_500;

interface Item {
  title?: string;
  link?: string;
  guid?: string;
  description?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function rss(items: readonly Item[], channelExtra = ''): string {
  const item = (i: Item) =>
    [
      '<item>',
      i.title === undefined ? '' : `<title>${esc(i.title)}</title>`,
      i.link === undefined ? '' : `<link>${esc(i.link)}</link>`,
      i.guid === undefined ? '' : `<guid isPermaLink="false">${esc(i.guid)}</guid>`,
      i.description === undefined ? '' : `<description>${esc(i.description)}</description>`,
      '</item>',
    ].join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Bad input test</title><link>http://example.invalid/</link>
<description>test</description>${channelExtra}
${items.map(item).join('\n')}
</channel></rss>`;
}

/** Streams `total` bytes, honouring backpressure, and stops when the client goes away. */
function hugeBody(total: number): Route {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': RSS, 'content-length': String(total) });
    const chunk = Buffer.alloc(MB, 'x');
    let sent = 0;
    const pump = (): void => {
      while (sent < total && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (sent >= total) res.end();
    };
    pump();
  };
}

let bomb: Buffer | undefined;
/** 64 MB of spaces, about 64 KB on the wire. */
const gzipBomb = (): Buffer => (bomb ??= gzipSync(Buffer.alloc(64 * MB, ' '), { level: 9 }));

/** Sends the headers and a first byte, then one byte a second for as long as the client waits. */
const drip: Route = (_req, res) => {
  res.writeHead(200, { 'content-type': RSS });
  res.write('<');
  const timer = setInterval(() => res.write('r'), 1_000);
  res.on('close', () => clearInterval(timer));
};

/** Announces the whole body, sends half of it, then resets the TCP connection. */
function resetMidBody(gzip: boolean): Route {
  return (_req, res) => {
    const items = Array.from({ length: 200 }, (_, i) => ({
      title: `Chicago story ${i}`,
      link: `http://example.invalid/${i}`,
    }));
    const full = Buffer.from(rss(items));
    // Compressed text barely changes, so the gzip variant pads with random bytes to stay large.
    const body = gzip ? gzipSync(Buffer.concat([full, randomish(200_000)])) : full;
    res.writeHead(200, {
      'content-type': RSS,
      'content-length': String(body.length),
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.write(body.subarray(0, Math.floor(body.length / 2)));
    // Late enough that the client has the headers and the first half: the reset is mid-body.
    setTimeout(() => res.socket?.resetAndDestroy(), 150);
  };
}

function randomish(n: number): Buffer {
  const b = Buffer.alloc(n);
  let x = 2463534242;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

const redirect =
  (status: number, location: string): Route =>
  (_req, res) => {
    res.writeHead(status, { location }).end();
  };

const throttle =
  (status: number, retryAfter: string): Route =>
  (_req, res) => {
    res
      .writeHead(status, { 'content-type': 'text/plain', 'retry-after': retryAfter })
      .end('slow down');
  };

// A whole second, so that the HTTP date (second resolution) names exactly this instant.
const RETRY_DATE = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2 * 3_600_000);

interface FailureCase {
  name: string;
  route: Route;
  code: ErrorCode;
  /** What the history records: null when the fetch itself failed and no response came back. */
  httpStatus: number | null;
  health: FeedHealth;
  /**
   * For throttling answers: the earliest time the server allowed, given when the poll started.
   * The feed's next poll and its backoff must not come sooner, and the host is backed off too.
   */
  notBefore?: (startedAt: number) => number;
  /** And no later than this: a Retry-After is honoured only up to MAX_RETRY_AFTER_MS. */
  notAfter?: (startedAt: number) => number;
  /** A server that stalls: polled through a client with the short timeout that ends it. */
  stalls?: true;
}

const honouredAtMost = {
  notBefore: (startedAt: number) => startedAt + MAX_RETRY_AFTER_MS,
  notAfter: (startedAt: number) => startedAt + MAX_RETRY_AFTER_MS + SLACK_MS,
};

const FAILURES: FailureCase[] = [
  {
    name: 'malformed XML',
    route: send(
      200,
      RSS,
      '<?xml version="1.0"?><rss version="2.0"><channel><item><title>open</channel></rss>',
    ),
    code: 'FEED_PARSE_FAILED',
    httpStatus: 200,
    health: 'failing',
  },
  {
    name: 'an HTML page instead of a feed',
    route: send(
      200,
      'text/html; charset=utf-8',
      '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Home</title></head><body><p>Welcome<br>to our site</p></body></html>',
    ),
    code: 'FEED_PARSE_FAILED',
    httpStatus: 200,
    health: 'failing',
  },
  {
    name: 'an empty body',
    route: send(200, RSS, ''),
    code: 'FEED_PARSE_FAILED',
    httpStatus: 200,
    health: 'failing',
  },
  {
    name: 'a well-formed XML document that is not a feed',
    route: send(200, 'application/xml', '<?xml version="1.0"?><sitemap><loc>x</loc></sitemap>'),
    code: 'FEED_PARSE_FAILED',
    httpStatus: 200,
    health: 'failing',
  },
  {
    name: '404',
    route: send(404, 'text/plain', 'not found'),
    code: 'FETCH_HTTP_GONE',
    httpStatus: 404,
    health: 'failing',
  },
  {
    name: '410',
    route: send(410, 'text/plain', 'gone'),
    code: 'FETCH_HTTP_GONE',
    httpStatus: 410,
    health: 'failing',
  },
  {
    name: '500',
    route: send(500, 'text/plain', 'oops'),
    code: 'FETCH_HTTP_STATUS',
    httpStatus: 500,
    health: 'failing',
  },
  {
    name: '503 with Retry-After in seconds',
    route: throttle(503, '3600'),
    code: 'FETCH_HTTP_STATUS',
    httpStatus: 503,
    health: 'backing-off',
    notBefore: (startedAt) => startedAt + 3_600_000,
  },
  {
    name: '429 with Retry-After in seconds',
    route: throttle(429, '1800'),
    code: 'FETCH_HTTP_STATUS',
    httpStatus: 429,
    health: 'backing-off',
    notBefore: (startedAt) => startedAt + 1_800_000,
  },
  {
    name: '429 with Retry-After as an HTTP date',
    route: throttle(429, RETRY_DATE.toUTCString()),
    code: 'FETCH_HTTP_STATUS',
    httpStatus: 429,
    health: 'backing-off',
    notBefore: () => RETRY_DATE.getTime(),
  },
  {
    name: '503 with an absurd Retry-After of 20 digits (honoured up to a day)',
    route: throttle(503, '99999999999999999999'),
    code: 'FETCH_HTTP_STATUS',
    httpStatus: 503,
    health: 'backing-off',
    ...honouredAtMost,
  },
  {
    name: '429 with Retry-After in the year 9999 (honoured up to a day)',
    route: throttle(429, 'Fri, 31 Dec 9999 23:59:59 GMT'),
    code: 'FETCH_HTTP_STATUS',
    httpStatus: 429,
    health: 'backing-off',
    ...honouredAtMost,
  },
  {
    name: 'a redirect loop',
    route: redirect(302, '/feed'),
    code: 'FETCH_TOO_MANY_REDIRECTS',
    httpStatus: null,
    health: 'failing',
  },
  {
    name: 'a redirect to a private address',
    route: redirect(302, 'http://10.0.0.1/feed.xml'),
    code: 'FETCH_BLOCKED_ADDRESS',
    httpStatus: null,
    health: 'failing',
  },
  {
    name: 'a redirect to a file: URL',
    route: redirect(302, 'file:///etc/passwd'),
    code: 'FETCH_BAD_URL',
    httpStatus: null,
    health: 'failing',
  },
  {
    name: 'a 50 MB body (default 10 MB cap)',
    route: hugeBody(50 * MB),
    code: 'FETCH_TOO_LARGE',
    httpStatus: null,
    health: 'failing',
  },
  {
    name: 'a gzip bomb (64 MB of spaces in ~64 KB)',
    route: (_req, res) => {
      res.writeHead(200, { 'content-type': RSS, 'content-encoding': 'gzip' }).end(gzipBomb());
    },
    code: 'FETCH_TOO_LARGE',
    httpStatus: null,
    health: 'failing',
  },
  {
    // Pinned as it is today: a zlib error is reported as a (transient) network error.
    name: 'a body that claims gzip but is not',
    route: (_req, res) => {
      res.writeHead(200, { 'content-type': RSS, 'content-encoding': 'gzip' }).end(rss([]));
    },
    code: 'FETCH_NETWORK',
    httpStatus: null,
    health: 'failing',
  },
  {
    name: 'a server that never answers',
    route: () => undefined,
    code: 'FETCH_TIMEOUT',
    httpStatus: null,
    health: 'failing',
    stalls: true,
  },
  {
    name: 'a server that drips one byte a second',
    route: drip,
    code: 'FETCH_TIMEOUT',
    httpStatus: null,
    health: 'failing',
    stalls: true,
  },
  {
    name: 'a connection reset mid-body',
    route: resetMidBody(false),
    code: 'FETCH_NETWORK',
    httpStatus: null,
    health: 'failing',
  },
  {
    name: 'a connection reset mid-body of a gzip response',
    route: resetMidBody(true),
    code: 'FETCH_NETWORK',
    httpStatus: null,
    health: 'failing',
  },
];

const FIXTURES = new URL('../fixtures/feeds/', import.meta.url);

const REAL_FEEDS: { file: string; type: string; entries: number; ttlMinutes: number | null }[] = [
  { file: '01_guardian_us__rbren-rss-parser.rss', type: RSS, entries: 55, ttlMinutes: null },
  // ISO-8859-1 bytes with no charset in the header and no XML declaration.
  {
    file: '02_uol_noticias_latin1__rbren-rss-parser.rss',
    type: 'application/rss+xml',
    entries: 15,
    ttlMinutes: null,
  },
  {
    file: '03_heise_developer__rbren-rss-parser.atom',
    type: 'application/atom+xml',
    entries: 15,
    ttlMinutes: null,
  },
  // Declares ISO-8859-1 in its XML declaration only; one item repeats its media:content.
  {
    file: '06_dailymail_mediacontent_dupes__node-feedparser.xml',
    type: 'text/xml',
    entries: 1,
    ttlMinutes: null,
  },
  // windows-1251, declared in the XML declaration only; <ttl>30</ttl>.
  {
    file: '07_oren_ru_windows1251__node-feedparser.xml',
    type: 'application/xml',
    entries: 10,
    ttlMinutes: 30,
  },
];

/** A poll's result with the fetch jobs it queued (the handler queues them through ctx). */
type PollResult =
  | Extract<Results['feed.poll'], { status: 'skipped' }>
  | (Omit<Extract<Results['feed.poll'], { status: 'done' }>, 'fresh'> & {
      fresh: Payload<'article.fetch'>[];
    });

function done(result: PollResult): Extract<PollResult, { status: 'done' }> {
  if (result.status !== 'done') throw new Error(`poll skipped: ${result.reason}`);
  return result;
}

const entryIds = (result: PollResult): string[] =>
  done(result).fresh.map((f) => (f.origin.kind === 'feed' ? f.origin.entryId : ''));

describe('feed polling on bad input', () => {
  let redis: TestRedis;
  let pipeline: TestPipeline;
  let deps: PipelineDeps;
  let stallDeps: PipelineDeps;
  let good: TestServer;
  let goodFeed: string;
  let goodPolls = 0;
  let bad: TestServer;
  let badRoutes: Record<string, Route>;
  let seq = 0;

  const minMs = () => deps.config.polling.minIntervalSeconds * 1000;
  const capMs = () => deps.config.polling.errorBackoffCapSeconds * 1000;

  async function addFeed(url: string): Promise<string> {
    seq += 1;
    const id = `feed-${seq}`;
    const added = await deps.feeds.add({
      id,
      outlet: 'Test Outlet',
      title: `Test feed ${seq}`,
      url,
      enabled: true,
      origin: 'api',
      configUrl: null,
      addedAt: new Date().toISOString(),
      urlChanges: [],
    });
    expect(added).toBe(true);
    return id;
  }

  const poll = async (feedId: string, via: PipelineDeps = deps): Promise<PollResult> => {
    const from = pipeline.queued.length;
    const result = await pollFeed(via, { feedId, force: true }, pipeline.ctx);
    if (result.status !== 'done') return result;
    const jobs = pipeline.queued.slice(from);
    expect(jobs).toHaveLength(result.fresh);
    return { ...result, fresh: jobs.map((j) => j.payload as Payload<'article.fetch'>) };
  };

  async function inspect(feedId: string) {
    const feed = await deps.feeds.get(feedId);
    if (!feed) throw new Error(`feed ${feedId} is gone`);
    const state = await deps.feeds.state(feedId);
    const history = await deps.feeds.history(feedId);
    const status = feedStatus(
      feed,
      state,
      deps.config.polling.quietAfterSeconds * 1000,
      Date.now(),
    );
    return { feed, state, history, status };
  }

  /** The delay the poll scheduled, counted from when it started. */
  async function scheduledDelay(feedId: string): Promise<number> {
    const { state } = await inspect(feedId);
    expect(state.lastPolledAt).not.toBeNull();
    expect(state.nextPollAt).not.toBeNull();
    return state.nextPollAt! - state.lastPolledAt!;
  }

  function expectDelay(actualMs: number, expectedMs: number): void {
    expect(actualMs).toBeGreaterThanOrEqual(expectedMs);
    expect(actualMs).toBeLessThanOrEqual(expectedMs + SLACK_MS);
  }

  /** The worker lives on: a good feed on another host polls fine with the same deps. */
  async function expectGoodFeedStillPolls(): Promise<void> {
    const before = goodPolls;
    const result = done(await poll(goodFeed));
    expect(goodPolls).toBe(before + 1);
    expect(result.entries).toBe(1);
    expect(result.fresh).toHaveLength(1);
    const { state, history, status } = await inspect(goodFeed);
    expect(state.lastOutcome).toBe('ok');
    expect(state.lastError).toBeNull();
    expect(history[0]).toMatchObject({ outcome: 'ok', httpStatus: 200, error: null });
    expect(status.health).toBe('ok');
  }

  beforeAll(async () => {
    redis = await startTestRedis();
    pipeline = await createTestPipeline({
      redisUrl: redis.url,
      prefix: PREFIX,
      // The helper replaces the whole fetch block, so allow and perHost are repeated. A timeout
      // longer than any wait here: a size cap (50 MB, a gzip bomb) can only end by its cap,
      // however slow the machine (under load a 1.5 s timeout fired first and failed them).
      overrides: {
        fetch: {
          allow: ['127.0.0.1'],
          timeoutMs: 600_000,
          perHost: { minIntervalMs: 0, maxWaitMs: 2_000 },
        },
      },
    });
    deps = pipeline.deps;
    // No jitter: (0.5 * 2 - 1) * jitter = 0, so every delay is exactly the policy's.
    deps.random = () => 0.5;
    // The same stores, and a client whose short timeout ends the servers that stall.
    const stallConfig = { ...deps.config, fetch: { ...deps.config.fetch, timeoutMs: 1_500 } };
    stallDeps = {
      ...buildPipelineDeps(stallConfig, deps.redis, () => new Date()),
      random: deps.random,
    };
    expect(deps.config.fetch.maxBytes).toBe(10 * MB);

    const goodRoutes: Record<string, Route> = {};
    good = await startTestServer(goodRoutes);
    // A new entry on every poll, so each good poll really parses and hands an article on.
    goodRoutes['/feed'] = (_req, res) => {
      goodPolls += 1;
      const n = goodPolls;
      res.writeHead(200, { 'content-type': RSS }).end(
        rss([
          {
            title: `Chicago sanctuary update ${n}`,
            link: `${good.origin}/news/${n}`,
            guid: `good-${n}`,
          },
        ]),
      );
    };
    goodFeed = await addFeed(`${good.origin}/feed`);
  });

  afterAll(async () => {
    await good?.close();
    await stallDeps?.http.close();
    await pipeline?.close();
    await redis?.stop();
  });

  // A fresh server, hence a fresh host:port, per test: one test's host backoff cannot reach the
  // next; the backoff key is dropped as well in case the OS hands the port out again.
  beforeEach(async () => {
    badRoutes = {};
    bad = await startTestServer(badRoutes);
  });
  afterEach(async () => {
    await bad.close();
    await deps.redis.del(keysFor(PREFIX).hostBackoff(new URL(bad.origin).host));
  });

  describe('a failing poll is recorded, rescheduled, and the worker goes on', () => {
    it.each(FAILURES)('$name → $code, health $health', async (c) => {
      badRoutes['/feed'] = c.route;
      const id = await addFeed(`${bad.origin}/feed`);
      const startedAt = Date.now();

      await expect(poll(id, c.stalls ? stallDeps : deps)).rejects.toMatchObject({ code: c.code });

      const { state, history, status } = await inspect(id);
      expect(state.lastOutcome).toBe('error');
      expect(state.lastError?.code).toBe(c.code);
      expect(state.consecutiveErrors).toBe(1);
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({
        outcome: 'error',
        httpStatus: c.httpStatus,
        entries: 0,
        fresh: 0,
        error: { code: c.code },
      });
      expect(status.health).toBe(c.health);
      expect(status.lastError?.code).toBe(c.code);
      expect(status.enabled).toBe(true);

      if (c.notBefore) {
        const notBefore = c.notBefore(startedAt);
        expect(state.nextPollAt).toBeGreaterThanOrEqual(notBefore);
        expect(state.backoffUntil).toBeGreaterThanOrEqual(notBefore);
        if (c.notAfter) {
          expect(state.nextPollAt).toBeLessThanOrEqual(c.notAfter(startedAt));
          expect(state.backoffUntil).toBeLessThanOrEqual(c.notAfter(startedAt));
        }
        // The host's backoff lapses by itself.
        const backoffKey = keysFor(PREFIX).hostBackoff(new URL(bad.origin).host);
        expect(await deps.redis.pttl(backoffKey)).toBeGreaterThan(0);
        // The host is backed off for every feed on it: a sibling is put off without a request.
        const hits = bad.hits.length;
        const sibling = await addFeed(`${bad.origin}/other-feed`);
        const put = await poll(sibling);
        expect(put).toMatchObject({ status: 'skipped' });
        expect(bad.hits).toHaveLength(hits);
        const other = await inspect(sibling);
        expect(other.state.nextPollAt).toBeGreaterThanOrEqual(notBefore);
        expect(other.state.backoffUntil).toBeGreaterThanOrEqual(notBefore);
        if (c.notAfter) expect(other.state.nextPollAt).toBeLessThanOrEqual(c.notAfter(startedAt));
        // Not the sibling's fault: no error counted, nothing in its history.
        expect(other.state.consecutiveErrors).toBe(0);
        expect(other.state.lastError).toBeNull();
        expect(other.history).toHaveLength(0);
      } else {
        expect(state.backoffUntil).toBeNull();
        expectDelay(await scheduledDelay(id), minMs());
      }

      await expectGoodFeedStillPolls();
    });
  });

  describe('real feeds', () => {
    it.each(REAL_FEEDS)('$file served as $type → ok, $entries entries', async (c) => {
      badRoutes['/feed'] = send(200, c.type, readFileSync(new URL(c.file, FIXTURES)));
      const id = await addFeed(`${bad.origin}/feed`);

      const result = done(await poll(id));

      expect(result.entries).toBe(c.entries);
      const { state, history, status } = await inspect(id);
      expect(state.lastOutcome).toBe('ok');
      expect(state.lastError).toBeNull();
      expect(status.health).toBe('ok');
      expect(history[0]).toMatchObject({ outcome: 'ok', httpStatus: 200, entries: c.entries });
      // Every entry is either handed on or dropped by the pre-filter (and so marked seen).
      expect(history[0]!.fresh + history[0]!.dropped).toBe(c.entries);
      expect(result.fresh).toHaveLength(history[0]!.fresh);
      expect(state.entriesSeen).toBe(history[0]!.fresh);
      expect(state.prefilterDropped).toBe(history[0]!.dropped);
      const interval = c.ttlMinutes ? c.ttlMinutes * 60 : deps.config.polling.intervalSeconds;
      expectDelay(await scheduledDelay(id), interval * 1000);
    });
  });

  describe('conditional requests and unchanged bodies', () => {
    it('sends the stored ETag and Last-Modified back and records a 304 as not-modified', async () => {
      const lastModified = 'Wed, 08 Oct 2025 16:00:00 GMT';
      const seen: IncomingHttpHeaders[] = [];
      const body = rss([{ title: 'Chicago police', link: 'http://example.invalid/a', guid: 'a' }]);
      badRoutes['/feed'] = (req, res) => {
        seen.push(req.headers);
        if (req.headers['if-none-match'] === '"v1"') {
          res.writeHead(304, { etag: '"v1"' }).end();
          return;
        }
        res.writeHead(200, { 'content-type': RSS, etag: '"v1"', 'last-modified': lastModified });
        res.end(body);
      };
      const id = await addFeed(`${bad.origin}/feed`);

      expect(done(await poll(id)).entries).toBe(1);
      const first = await inspect(id);
      expect(first.state).toMatchObject({ etag: '"v1"', lastModified });
      expect(seen[0]!['if-none-match']).toBeUndefined();
      expect(seen[0]!['if-modified-since']).toBeUndefined();

      const second = done(await poll(id));

      expect(seen[1]!['if-none-match']).toBe('"v1"');
      expect(seen[1]!['if-modified-since']).toBe(lastModified);
      // Nothing parsed: no entries, and the stored body hash is the first poll's.
      expect(second).toEqual({ status: 'done', entries: 0, fresh: [] });
      const { state, history, status } = await inspect(id);
      expect(history[0]).toMatchObject({
        outcome: 'not-modified',
        httpStatus: 304,
        entries: 0,
        bytes: 0,
        error: null,
      });
      expect(state).toMatchObject({
        lastOutcome: 'not-modified',
        etag: '"v1"',
        lastModified,
        bodyHash: first.state.bodyHash,
        consecutiveErrors: 0,
      });
      expect(status.health).toBe('ok');
      expectDelay(await scheduledDelay(id), deps.config.polling.intervalSeconds * 1000);
    });

    it('records a byte-identical body as unchanged without handing entries on again', async () => {
      const body = rss([{ title: 'Chicago police', link: 'http://example.invalid/a', guid: 'a' }]);
      badRoutes['/feed'] = send(200, RSS, body);
      const id = await addFeed(`${bad.origin}/feed`);

      expect(done(await poll(id)).fresh).toHaveLength(1);
      const second = done(await poll(id));

      expect(second).toEqual({ status: 'done', entries: 0, fresh: [] });
      const { state, history, status } = await inspect(id);
      expect(history.map((h) => h.outcome)).toEqual(['unchanged', 'ok']);
      expect(state.lastOutcome).toBe('unchanged');
      expect(status.health).toBe('ok');
    });
  });

  describe('error backoff', () => {
    it('doubles the delay after each of 1, 2 and 3 consecutive errors', async () => {
      badRoutes['/feed'] = send(500, 'text/plain', 'oops');
      const id = await addFeed(`${bad.origin}/feed`);

      for (const errors of [1, 2, 3]) {
        await expect(poll(id)).rejects.toMatchObject({ code: 'FETCH_HTTP_STATUS' });
        const { state, history } = await inspect(id);
        expect(state.consecutiveErrors).toBe(errors);
        expect(history).toHaveLength(errors);
        expect(history.every((h) => h.error?.code === 'FETCH_HTTP_STATUS')).toBe(true);
        expectDelay(await scheduledDelay(id), minMs() * 2 ** (errors - 1));
      }
      await expectGoodFeedStillPolls();
    });

    it('keeps polling at the cap after many errors, never disabling the feed', async () => {
      badRoutes['/feed'] = send(500, 'text/plain', 'oops');
      const id = await addFeed(`${bad.origin}/feed`);

      for (let errors = 1; errors <= 10; errors++) {
        await expect(poll(id)).rejects.toMatchObject({ code: 'FETCH_HTTP_STATUS' });
        expectDelay(await scheduledDelay(id), Math.min(minMs() * 2 ** (errors - 1), capMs()));
      }
      // Far past any exponent a double can hold.
      await deps.feeds.recordPoll(id, { consecutiveErrors: 100_000 }, null);
      await expect(poll(id)).rejects.toMatchObject({ code: 'FETCH_HTTP_STATUS' });

      expectDelay(await scheduledDelay(id), capMs());
      const { feed, state, status } = await inspect(id);
      expect(state.consecutiveErrors).toBe(100_001);
      expect(feed.enabled).toBe(true);
      expect(status.health).toBe('failing');
      expect(status.nextPollAt).not.toBeNull();
      await expectGoodFeedStillPolls();
    });
  });

  describe('redirects', () => {
    it(`moves the feed after a permanent 301 on ${REDIRECT_POLLS_TO_MOVE} polls in a row`, async () => {
      const body = rss([{ title: 'Chicago police', link: 'http://example.invalid/a', guid: 'a' }]);
      badRoutes['/old'] = redirect(301, '/new');
      badRoutes['/new'] = send(200, RSS, body);
      const oldUrl = `${bad.origin}/old`;
      const newUrl = `${bad.origin}/new`;
      const id = await addFeed(oldUrl);

      for (let n = 1; n < REDIRECT_POLLS_TO_MOVE; n++) {
        done(await poll(id));
        const { feed, state } = await inspect(id);
        expect(feed.url).toBe(oldUrl);
        expect(feed.urlChanges).toEqual([]);
        expect(state.redirect).toEqual({ url: newUrl, count: n });
      }
      done(await poll(id));

      const { feed, state, status } = await inspect(id);
      expect(feed.url).toBe(newUrl);
      expect(feed.urlChanges).toHaveLength(1);
      expect(feed.urlChanges[0]).toMatchObject({ from: oldUrl, to: newUrl });
      expect(status.urlChanges).toEqual(feed.urlChanges);
      expect(state.redirect).toBeNull();
      expect(bad.hits.filter((h) => h === '/old')).toHaveLength(REDIRECT_POLLS_TO_MOVE);

      bad.hits.length = 0;
      done(await poll(id));
      expect(bad.hits).toEqual(['/new']);
    });

    it('never moves the feed for a temporary 302, however often it is seen', async () => {
      const body = rss([{ title: 'Chicago police', link: 'http://example.invalid/a', guid: 'a' }]);
      badRoutes['/feed'] = redirect(302, '/elsewhere');
      badRoutes['/elsewhere'] = send(200, RSS, body);
      const url = `${bad.origin}/feed`;
      const id = await addFeed(url);

      for (let n = 0; n < REDIRECT_POLLS_TO_MOVE + 2; n++) done(await poll(id));

      const { feed, state } = await inspect(id);
      expect(feed.url).toBe(url);
      expect(feed.urlChanges).toEqual([]);
      expect(state.redirect).toBeNull();
    });
  });

  describe('awkward but valid feeds', () => {
    it('takes a 5,000-entry feed 500 unseen entries per poll, records each cap, and a re-render after the last finds nothing new', async () => {
      let build = 0;
      const items = Array.from({ length: 5_000 }, (_, i) => ({
        // Half pass the story pre-filter and are handed on; half are dropped and marked seen.
        title: i % 2 === 0 ? `Chicago immigration item ${i}` : `Weather report ${i}`,
        link: `http://example.invalid/news/${i}`,
        guid: `big-${i}`,
      }));
      badRoutes['/feed'] = (_req, res) => {
        build += 1;
        // A different lastBuildDate each time, so the body hash cannot short-cut a poll.
        const when = new Date(Date.UTC(2025, 0, 1, 0, build)).toUTCString();
        res
          .writeHead(200, { 'content-type': RSS })
          .end(rss(items, `<lastBuildDate>${when}</lastBuildDate>`));
      };
      const id = await addFeed(`${bad.origin}/feed`);
      expect(pipeline.config.polling.maxEntriesPerPoll).toBe(500);

      const t0 = Date.now();
      const first = done(await poll(id));
      expect(Date.now() - t0).toBeLessThan(15_000);
      expect(first).toMatchObject({ entries: 5_000, capped: 4_500 });
      expect(first.fresh).toHaveLength(250);
      expect((await inspect(id)).history[0]).toMatchObject({
        outcome: 'ok',
        entries: 5_000,
        fresh: 250,
        dropped: 250,
        capped: 4_500,
      });
      // The same body must be read again: no body hash kept while entries are left.
      expect((await inspect(id)).state.bodyHash).toBeNull();

      const handed = [...entryIds(first)];
      // Handed-on entries are marked seen by their article.fetch job; this stands in for it.
      await deps.feeds.markSeen(id, ...entryIds(first));
      let last = first;
      while (last.capped) {
        last = done(await poll(id));
        handed.push(...entryIds(last));
        await deps.feeds.markSeen(id, ...entryIds(last));
      }
      expect(build).toBe(10);
      expect(handed).toHaveLength(2_500);
      expect(new Set(handed).size).toBe(2_500);

      const after = done(await poll(id));
      expect(after.fresh).toEqual([]);
      const { state, history } = await inspect(id);
      expect(history[0]).toMatchObject({ outcome: 'ok', fresh: 0, dropped: 0 });
      expect(history[0]!.capped).toBeUndefined();
      expect(state.bodyHash).not.toBeNull();
      expect(state.entriesSeen).toBe(2_500);
      expect(state.prefilterDropped).toBe(2_500);
    });

    it('stops a poll whose feed is removed between its entries, and records nothing for it', async () => {
      const items = Array.from({ length: 400 }, (_, i) => ({
        title: `Chicago immigration item ${i}`,
        link: `http://example.invalid/removed/${i}`,
        guid: `removed-${i}`,
      }));
      badRoutes['/feed'] = send(200, RSS, rss(items));
      const id = await addFeed(`${bad.origin}/feed`);
      // The feed goes away while the poll registers its entries (the 50th registration).
      const register = deps.articles.register.bind(deps.articles);
      let registered = 0;
      deps.articles.register = async (...args) => {
        if (++registered === 50) await deps.feeds.remove(id);
        return register(...args);
      };
      try {
        const from = pipeline.queued.length;
        const result = await pollFeed(deps, { feedId: id, force: true }, pipeline.ctx);
        expect(result).toEqual({ status: 'skipped', reason: 'feed removed during the poll' });
        // It stopped at its next check (every 100 entries); each article it registered has a job.
        expect(registered).toBe(100);
        expect(pipeline.queued.length - from).toBe(100);
      } finally {
        deps.articles.register = register;
      }
      // Its keys stay gone: the poll did not write the state of a removed feed back.
      expect(await deps.feeds.get(id)).toBeNull();
      expect(await deps.redis.exists(`test:feed:${id}:state`)).toBe(0);
    });

    it('keeps the first of entries that share a GUID', async () => {
      badRoutes['/feed'] = send(
        200,
        RSS,
        rss([
          { title: 'Chicago police first', link: 'http://example.invalid/1', guid: 'dup' },
          { title: 'Chicago police again', link: 'http://example.invalid/2', guid: 'dup' },
          { title: 'Chicago police other', link: 'http://example.invalid/3', guid: 'other' },
        ]),
      );
      const id = await addFeed(`${bad.origin}/feed`);

      const result = done(await poll(id));

      expect(result.entries).toBe(2);
      expect(entryIds(result)).toEqual(['dup', 'other']);
      expect(result.fresh[0]!.url).toBe('http://example.invalid/1');
      expect((await inspect(id)).history[0]).toMatchObject({ outcome: 'ok', entries: 2 });
    });

    it('takes entries without GUID or link without crashing, and hands on only linked ones', async () => {
      let build = 0;
      badRoutes['/feed'] = (_req, res) => {
        build += 1;
        res
          .writeHead(200, { 'content-type': RSS })
          .end(
            rss(
              [
                { title: 'Chicago police: no guid, no link' },
                { title: 'Chicago police: guid only', guid: 'guid-only' },
                { description: 'Chicago police: description only' },
                { title: 'Chicago police: linked', link: 'http://example.invalid/linked' },
              ],
              `<lastBuildDate>${new Date(Date.UTC(2025, 0, 1, 0, build)).toUTCString()}</lastBuildDate>`,
            ),
          );
      };
      const id = await addFeed(`${bad.origin}/feed`);

      const first = done(await poll(id));

      expect(first.entries).toBe(4);
      expect(first.fresh.map((f) => f.url)).toEqual(['http://example.invalid/linked']);
      expect((await inspect(id)).history[0]).toMatchObject({
        outcome: 'ok',
        entries: 4,
        fresh: 1,
        dropped: 3,
      });
      // The linkless entries were marked seen: a re-render does not judge them again.
      await deps.feeds.markSeen(id, ...entryIds(first));
      const second = done(await poll(id));
      expect(second.entries).toBe(4);
      expect(second.fresh).toEqual([]);
      expect((await inspect(id)).history[0]).toMatchObject({ fresh: 0, dropped: 0 });
    });
  });
});
