// Feed health alerts end to end, on a private Redis and real loopback HTTP: a feed that starts
// failing, goes quiet or recovers sends one message per alert target, through the alert
// delivery path (log, dead letter, replay), however many polls or workers see the change.
// Handlers are called directly; the alert jobs go into real BullMQ queues (no workers), so
// their deterministic ids are what BullMQ keeps.
import type http from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedHealthChange } from '../../src/domain/types.js';
import { healthCandidate } from '../../src/feeds/feed-status.js';
import { JobQueues } from '../../src/jobs/job-queues.js';
import type { Payload } from '../../src/jobs/job-registry.js';
import type { JobContext } from '../../src/pipeline/pipeline-deps.js';
import { deliverAlert, replayDelivery } from '../../src/pipeline/alert-deliver.handler.js';
import { pollFeed } from '../../src/pipeline/feed-poll.handler.js';
import { createLogger } from '../../src/logger.js';
import { keysFor } from '../../src/store/keys.js';
import type { FeedRecord } from '../../src/store/feed.store.js';
import { send, startTestServer, type Route, type TestServer } from '../helpers/http-server.js';
import { createTestPipeline, type TestPipeline } from '../helpers/pipeline.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

const PREFIX = 'feedhealth';
const SECRET = `whsec_${Buffer.from('newsmon-feed-health-test-key!!!').toString('base64')}`;
const H = 3_600_000;
// Near the wall clock: receivers check a signature's timestamp against their own clock.
const T0 = Math.floor(Date.now() / 1000) * 1000;

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

function receiver(into: Received[], status: number): Route {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      into.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
    });
  };
}

const EMPTY_FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Health Test</title><link>http://example.com/</link>
<description>t</description></channel></rss>`;

type Log = { level: string; msg: string; obj: Record<string, unknown> };

describe('feed health alerts', () => {
  let redis: TestRedis;
  let site: TestServer;
  let p: TestPipeline;
  let queues: JobQueues;
  let clock = T0;
  let feedStatusCode = 200;
  const std: Received[] = [];
  const slack: Received[] = [];
  const reviewOnly: Received[] = [];
  const reject: Received[] = [];
  const logs: Log[] = [];

  // A logger that keeps what it is told, to count the lines a change logs.
  const log = createLogger('silent');
  const ctx = (): JobContext => ({
    log: Object.assign(Object.create(log) as typeof log, {
      warn: (obj: Record<string, unknown>, msg: string) => logs.push({ level: 'warn', msg, obj }),
      info: (obj: Record<string, unknown>, msg: string) => logs.push({ level: 'info', msg, obj }),
    }),
    isLastAttempt: true,
    enqueue: (jobs) => queues.addAll(jobs),
  });

  const addFeed = async (id: string) => {
    const feed: FeedRecord = {
      id,
      outlet: 'Health & Co',
      title: `Feed ${id}`,
      url: `${site.origin}/${id}.xml`,
      enabled: true,
      origin: 'api',
      configUrl: null,
      addedAt: new Date(clock).toISOString(),
      urlChanges: [],
    };
    await p.deps.feeds.add(feed);
    return feed;
  };

  /** A forced poll, its error swallowed: a failing poll rethrows for BullMQ. */
  const poll = (feedId: string) =>
    pollFeed(p.deps, { feedId, force: true }, ctx()).catch(() => ({ status: 'failed' }));

  /** Delivers every alert job waiting, through the delivery handler, and removes the jobs. */
  const deliverQueued = async (): Promise<Payload<'alert.deliver'>[]> => {
    const jobs = await queues.queue('alert-deliver').getJobs(['waiting']);
    const payloads: Payload<'alert.deliver'>[] = [];
    for (const job of jobs.sort((a, b) => a.id!.localeCompare(b.id!))) {
      const payload = job.data as Payload<'alert.deliver'>;
      payloads.push(payload);
      await deliverAlert(p.deps, payload, ctx()).catch(() => undefined);
      await job.remove();
    }
    return payloads;
  };

  const changesIn = (r: Received[]) =>
    r.map((m) => (JSON.parse(m.body) as { data: FeedHealthChange }).data);

  beforeAll(async () => {
    redis = await startTestRedis();
    const routes: Record<string, Route> = {};
    site = await startTestServer(routes);
    for (const id of ['flaky', 'twice', 'owed', 'silent']) {
      routes[`/${id}.xml`] = (req, res) =>
        feedStatusCode === 200
          ? send(200, 'application/rss+xml', EMPTY_FEED)(req, res)
          : send(feedStatusCode, 'text/plain', 'server error')(req, res);
    }
    routes['/hooks/std'] = receiver(std, 204);
    routes['/hooks/slack'] = receiver(slack, 200);
    routes['/hooks/review-only'] = receiver(reviewOnly, 200);
    routes['/hooks/reject'] = receiver(reject, 400);
    p = await createTestPipeline({
      redisUrl: redis.url,
      prefix: PREFIX,
      now: () => new Date(clock),
      overrides: {
        alerts: {
          targets: [
            { name: 'std', url: `${site.origin}/hooks/std`, secret: SECRET },
            { name: 'slack', url: `${site.origin}/hooks/slack`, format: 'slack' },
            {
              name: 'reviews',
              url: `${site.origin}/hooks/review-only`,
              format: 'slack',
              events: ['review'],
            },
          ],
        },
      },
    });
    queues = new JobQueues(p.deps.redis, keysFor(PREFIX).bullPrefix, p.config.jobs);
  }, 30_000);

  afterAll(async () => {
    await queues?.close();
    await p?.close();
    await site?.close();
    await redis?.stop();
  });

  it('a feed that turns failing sends one message per target, and nothing more while it fails', async () => {
    await addFeed('flaky');
    expect(await poll('flaky')).toMatchObject({ status: 'done' });
    expect(await deliverQueued()).toEqual([]);

    feedStatusCode = 500;
    clock += 60_000;
    for (let i = 0; i < 3; i++) {
      await poll('flaky');
      clock += 60_000;
    }
    const sent = await deliverQueued();
    expect(sent.map((s) => s.target).sort()).toEqual(['slack', 'std']);
    expect(std).toHaveLength(1);
    expect(slack).toHaveLength(1);
    expect(reviewOnly).toHaveLength(0);

    const headers = {
      'webhook-id': String(std[0]!.headers['webhook-id']),
      'webhook-timestamp': String(std[0]!.headers['webhook-timestamp']),
      'webhook-signature': String(std[0]!.headers['webhook-signature']),
    };
    expect(headers['webhook-id']).toBe('msg_feed-health-flaky-failing-1_std');
    const msg = new Webhook(SECRET).verify(std[0]!.body, headers) as {
      type: string;
      data: FeedHealthChange;
    };
    const state = await p.deps.feeds.state('flaky');
    expect(msg.type).toBe('feed.health.changed');
    expect(msg.data).toMatchObject({
      feedId: 'flaky',
      title: 'Feed flaky',
      outlet: 'Health & Co',
      url: `${site.origin}/flaky.xml`,
      seq: 1,
      from: 'ok',
      to: 'failing',
      since: new Date(T0 + 60_000).toISOString(),
      lastError: { code: state.lastError!.code },
    });
    expect(msg.data.reason).toContain(state.lastError!.code);
    const text = (JSON.parse(slack[0]!.body) as { text: string }).text;
    expect(text).toMatch(
      /^\*Feed failing\*: Health &amp; Co · <http:\/\/127\.0\.0\.1:\d+\/flaky\.xml\|Feed flaky>/,
    );

    const delivery = await p.deps.alerts.get('feed-health-flaky-failing-1-std');
    expect(delivery).toMatchObject({
      event: 'feed-health',
      itemId: null,
      status: 'delivered',
      feedHealth: { seq: 1, to: 'failing' },
    });
    const warned = logs.filter((l) => l.obj.feedId === 'flaky' && l.msg === 'feed health changed');
    expect(warned).toMatchObject([{ level: 'warn', obj: { from: 'ok', to: 'failing', seq: 1 } }]);
    expect(state.health).toMatchObject({ state: 'failing', seq: 1, pending: null });
  });

  it('a feed that recovers sends one recovered message, and nothing more while it is ok', async () => {
    feedStatusCode = 200;
    await poll('flaky');
    clock += 60_000;
    await poll('flaky');
    const sent = await deliverQueued();
    expect(sent).toHaveLength(2);
    expect(changesIn(std).map((c) => [c.seq, c.from, c.to])).toEqual([
      [1, 'ok', 'failing'],
      [2, 'failing', 'ok'],
    ]);
    expect((JSON.parse(slack[1]!.body) as { text: string }).text).toMatch(
      /^\*Feed recovered \(was failing\)\*/,
    );
    const recovered = logs.filter((l) => l.obj.feedId === 'flaky' && l.msg === 'feed recovered');
    expect(recovered).toMatchObject([{ level: 'info', obj: { to: 'ok', seq: 2 } }]);
  });

  it('two pollers that see the same change at once announce it once', async () => {
    await addFeed('twice');
    await poll('twice');
    feedStatusCode = 500;
    clock += 60_000;
    // One of them usually finds the poll locked; whichever way they interleave, the
    // compare-and-set in the poll's write lets one announce.
    await Promise.all([poll('twice'), poll('twice')]);
    const sent = await deliverQueued();
    expect(sent.map((s) => s.target).sort()).toEqual(['slack', 'std']);
    feedStatusCode = 200;
  });

  it('writers racing without the poll lock: the compare-and-set lets one of them announce', async () => {
    const feed = await addFeed('race');
    const state = await p.deps.feeds.state('race');
    const failed = {
      lastPolledAt: clock,
      lastOutcome: 'error' as const,
      lastError: { code: 'FETCH_HTTP_ERROR', message: 'HTTP 500' },
      consecutiveErrors: 1,
    };
    const candidate = healthCandidate(feed, { ...state, ...failed }, 48 * H, clock);
    expect(candidate?.to).toBe('failing');
    const changes = await Promise.all(
      Array.from({ length: 8 }, () =>
        p.deps.feeds.recordPoll('race', failed, null, undefined, candidate),
      ),
    );
    expect(changes.filter((c) => c !== null)).toMatchObject([
      { seq: 1, from: 'ok', to: 'failing' },
    ]);
  });

  it.each([
    // last announced (none counts as ok), health judged now → the change, if any
    ['none', 'ok', null],
    ['none', 'failing', 'ok→failing'],
    ['none', 'quiet', 'ok→quiet'],
    ['failing', 'failing', null],
    ['failing', 'ok', 'failing→ok'],
    ['failing', 'quiet', 'failing→quiet'],
    ['quiet', 'quiet', null],
    ['quiet', 'ok', 'quiet→ok'],
    ['quiet', 'failing', 'quiet→failing'],
  ] as const)('announced %s, now %s: %s', async (last, to, expected) => {
    const id = `table-${last}-${to}`;
    const candidate = {
      feedId: id,
      title: id,
      outlet: 'o',
      url: 'https://example.com/f',
      since: new Date(clock).toISOString(),
      reason: 'r',
      lastError: null,
    };
    if (last !== 'none')
      await p.deps.feeds.recordPoll(id, {}, null, undefined, { ...candidate, to: last });
    const change = await p.deps.feeds.recordPoll(id, {}, null, undefined, { ...candidate, to });
    expect(change && `${change.from}→${change.to}`).toBe(expected);
    if (change) expect(change.seq).toBe(last === 'none' ? 1 : 2);
  });

  it('a change whose alerts were not queued (the worker died) is queued by the next poll', async () => {
    const feed = await addFeed('owed');
    await poll('owed');
    const state = await p.deps.feeds.state('owed');
    const quiet = healthCandidate(feed, { ...state, lastNewAt: clock - 49 * H }, 48 * H, clock);
    // The poll's write, and then nothing: its alert jobs never made it to the queue.
    const change = await p.deps.feeds.recordPoll('owed', {}, null, undefined, quiet);
    expect((await p.deps.feeds.state('owed')).health?.pending).toEqual(change);
    await poll('owed');
    const sent = await deliverQueued();
    const health = sent.map((s) =>
      'feedHealth' in s ? `${s.feedHealth.to}-${s.feedHealth.seq}` : '',
    );
    // The owed quiet message, then the poll's own finding: new polls say it is ok again.
    expect(health.sort()).toEqual(['ok-2', 'ok-2', 'quiet-1', 'quiet-1']);
    expect((await p.deps.feeds.state('owed')).health).toMatchObject({ state: 'ok', pending: null });
  });

  it('a feed with no new entries past its window turns quiet at its next poll', async () => {
    await addFeed('silent');
    await poll('silent');
    clock += 47 * H;
    await poll('silent');
    expect(await deliverQueued()).toEqual([]);
    clock += 2 * H;
    await poll('silent');
    await poll('silent');
    const sent = await deliverQueued();
    expect(sent).toHaveLength(2);
    const last = changesIn(std).at(-1)!;
    expect(last).toMatchObject({ feedId: 'silent', from: 'ok', to: 'quiet', seq: 1 });
    expect(last.since).toBe(new Date(clock - H).toISOString());
    expect(last.reason).toMatch(/when it was added\); quiet after 48 h \(default window\)/);
  });

  it('a refused feed-health delivery is dead-lettered and replayed with the same message', async () => {
    // Config is frozen: a second set of deps on the same Redis, with a refusing target.
    const other = await createTestPipeline({
      redisUrl: redis.url,
      prefix: PREFIX,
      now: () => new Date(clock),
      overrides: {
        alerts: {
          targets: [
            {
              name: 'reject',
              url: `${site.origin}/hooks/reject`,
              format: 'slack',
              events: ['feed-health'],
            },
          ],
        },
      },
    });
    try {
      const change = (await other.deps.feeds.state('silent')).health!;
      const payload = {
        feedHealth: changesIn(std).find((c) => c.feedId === 'silent' && c.seq === change.seq)!,
        target: 'reject',
      };
      await expect(deliverAlert(other.deps, payload, ctx())).rejects.toMatchObject({
        code: 'ALERT_TARGET_REJECTED',
      });
      const id = `feed-health-silent-quiet-${change.seq}-reject`;
      expect(await other.deps.alerts.get(id)).toMatchObject({
        status: 'dead',
        event: 'feed-health',
      });
      const { jobId } = await replayDelivery(other.deps.alerts, queues, id, new Date(clock));
      expect(jobId).toBe(`alert-${id}-r${clock}`);
      const [job] = await queues.queue('alert-deliver').getJobs(['waiting']);
      expect(job!.data).toMatchObject({ feedHealth: payload.feedHealth, target: 'reject' });
      await expect(
        deliverAlert(other.deps, job!.data as Payload<'alert.deliver'>, ctx()),
      ).rejects.toThrow();
      await job!.remove();
      expect(reject).toHaveLength(2);
      expect(reject[1]!.body).toBe(reject[0]!.body);
    } finally {
      await other.close();
    }
  });
});
