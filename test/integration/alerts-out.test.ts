// Outbound alerts end to end: review items created by the pipeline go to loopback receivers,
// signed (Standard Webhooks) or as Slack text, retried, dead-lettered, logged and replayed.
import { readFileSync } from 'node:fs';
import type http from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAlertsCommand } from '../../src/cli/alerts-command.js';
import type { ReviewEntry } from '../../src/domain/article-record.js';
import type { AlertDelivery } from '../../src/store/alert.store.js';
import { AUTH, CLI_REDIS_LINE, startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { send, startTestServer, type Route, type TestServer } from '../helpers/http-server.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

const SECRET = `whsec_${Buffer.from('newsmon-outbound-alert-test-key!').toString('base64')}`;
const FLAKY_SECRET = `whsec_${Buffer.from('newsmon-flaky-receiver-test-key!').toString('base64')}`;
/**
 * The new-quote page's statements no seed has: one quote and four sentences (every reportable
 * sentence is a statement; see the pipeline test).
 */
const ITEMS = 5;

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

function receiver(into: Received[], answer: (r: Received) => number): Route {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      into.push(r);
      res.writeHead(answer(r), { 'content-type': 'text/plain' }).end('ok');
    });
  };
}

function feedXml(origin: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Alert Test</title><link>${origin}/</link><description>t</description>
<item><title>Aldermen question CPD role as ICE agents return</title><link>${origin}/news/new-quote</link>
<guid isPermaLink="false">alert-new-quote</guid><pubDate>Wed, 08 Oct 2025 16:00:00 GMT</pubDate>
<description>Aldermen question CPD role</description></item>
</channel></rss>`;
}

describe('outbound alerts', () => {
  let redis: TestRedis;
  let site: TestServer;
  let daemon: TestDaemon;
  let items: ReviewEntry[];
  const std: Received[] = [];
  const slack: Received[] = [];
  const flaky: Received[] = [];
  const reject: Received[] = [];
  const down: Received[] = [];
  let downStatus = 500;

  const call = async <T>(method: 'GET' | 'POST', url: string) => {
    const res = await daemon.app!.inject({ method, url, headers: AUTH });
    return { status: res.statusCode, body: res.json<T>() };
  };
  const delivery = async (itemId: string, target: string) =>
    (await call<AlertDelivery>('GET', `/api/alerts/deliveries/${itemId}-${target}`)).body;
  const settled = (target: string, status: AlertDelivery['status']) =>
    waitFor(`${target} deliveries ${status}`, async () => {
      const all = await Promise.all(items.map((i) => delivery(i.id, target)));
      return all.every((d) => d.status === status) ? all : undefined;
    });

  beforeAll(async () => {
    redis = await startTestRedis();
    const routes: Record<string, Route> = {};
    site = await startTestServer(routes);
    routes['/feed.xml'] = send(200, 'application/rss+xml; charset=utf-8', feedXml(site.origin));
    routes['/news/new-quote'] = send(
      200,
      'text/html; charset=utf-8',
      readFileSync(new URL('../fixtures/site/new-quote.html', import.meta.url), 'utf8'),
    );
    routes['/hooks/std'] = receiver(std, () => 204);
    routes['/hooks/slack'] = receiver(slack, () => 200);
    // Fails the first attempt of each message, then takes it.
    routes['/hooks/flaky'] = receiver(flaky, (r) =>
      flaky.filter((f) => f.headers['webhook-id'] === r.headers['webhook-id']).length === 1
        ? 503
        : 200,
    );
    routes['/hooks/reject'] = receiver(reject, () => 400);
    routes['/hooks/down'] = receiver(down, () => downStatus);
    daemon = await startTestDaemon({
      redisUrl: redis.url,
      feeds: [{ id: 'alert-test', outlet: 'Alert Test', url: `${site.origin}/feed.xml` }],
      overrides: {
        jobs: { backoffMs: 200, alerts: { attempts: 3, backoffMs: 100 } },
        alerts: {
          targets: [
            { name: 'std', url: `${site.origin}/hooks/std`, format: 'standard', secret: SECRET },
            { name: 'slack', url: `${site.origin}/hooks/slack`, format: 'slack' },
            { name: 'flaky', url: `${site.origin}/hooks/flaky`, secret: FLAKY_SECRET },
            { name: 'reject', url: `${site.origin}/hooks/reject`, secret: SECRET },
            { name: 'down', url: `${site.origin}/hooks/down`, format: 'slack' },
          ],
        },
      },
    });
    items = await waitFor('review items', async () => {
      const { body } = await call<{ items: ReviewEntry[] }>('GET', '/api/claims?status=pending');
      return body.items.length === ITEMS ? body.items : undefined;
    });
  }, 60_000);

  afterAll(async () => {
    await daemon?.stop();
    await site?.close();
    await redis?.stop();
  });

  it('signs each standard message with Standard Webhooks, one per flagged item', async () => {
    const done = await settled('std', 'delivered');
    expect(std).toHaveLength(ITEMS);
    const wh = new Webhook(SECRET);
    for (const r of std) {
      const headers = {
        'webhook-id': String(r.headers['webhook-id']),
        'webhook-timestamp': String(r.headers['webhook-timestamp']),
        'webhook-signature': String(r.headers['webhook-signature']),
      };
      const payload = wh.verify(r.body, headers) as {
        type: string;
        data: { id: string; statement: string; novelty: string; article: { url: string } };
      };
      const item = items.find((i) => i.id === payload.data.id)!;
      expect(headers['webhook-id']).toBe(`msg_${item.id}_std`);
      expect(payload.type).toBe('review.item.flagged');
      expect(payload.data.statement).toBe(item.claim.text);
      expect(payload.data.novelty).toBe('new');
      expect(payload.data.article.url).toContain('/news/new-quote');
      expect(() => new Webhook(FLAKY_SECRET).verify(r.body, headers)).toThrow();
    }
    expect(done.map((d) => d.attempts.map((a) => a.httpStatus))).toEqual(
      Array.from({ length: ITEMS }, () => [204]),
    );
    expect(done[0]!.attempts[0]).toMatchObject({ attempt: 1, error: null });
    expect(done[0]!.attempts[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('sends Slack-compatible text with statement, speaker, novelty, outlet and link', async () => {
    await settled('slack', 'delivered');
    expect(slack).toHaveLength(ITEMS);
    expect(slack.every((r) => r.headers['webhook-signature'] === undefined)).toBe(true);
    const quote = items.find((i) => i.claim.kind === 'quote')!;
    const texts = slack.map((r) => (JSON.parse(r.body) as { text: string }).text);
    const text = texts.find((t) => t.includes('Nobody on this council'))!;
    expect(text).toContain('*New quote* flagged for review (new)');
    expect(text).toContain(`Speaker: ${quote.claim.speaker}`);
    expect(text).toMatch(/Outlet: .+ · <http:\/\/127\.0\.0\.1:\d+\/news\/new-quote\|.+>/);
    // Only the link and the quote marker use < and >; the rest is escaped (test/unit).
    expect(text.replace(/<[^<>|]+\|[^<>]+>/, '').replace(/^> /m, '')).not.toMatch(/[<>]/);
  });

  it('retries a 503 with backoff and then delivers', async () => {
    const done = await settled('flaky', 'delivered');
    for (const d of done) {
      expect(d.attempts.map((a) => [a.httpStatus, a.error])).toEqual([
        [503, 'ALERT_TARGET_FAILED'],
        [200, null],
      ]);
    }
    // The same message id and body on the retry, freshly signed.
    const first = flaky.filter((r) => r.headers['webhook-id'] === flaky[0]!.headers['webhook-id']);
    expect(first).toHaveLength(2);
    expect(first[1]!.body).toBe(first[0]!.body);
    new Webhook(FLAKY_SECRET).verify(first[1]!.body, {
      'webhook-id': String(first[1]!.headers['webhook-id']),
      'webhook-timestamp': String(first[1]!.headers['webhook-timestamp']),
      'webhook-signature': String(first[1]!.headers['webhook-signature']),
    });
  });

  it('dead-letters a 400 after one attempt', async () => {
    const done = await settled('reject', 'dead');
    for (const d of done) {
      expect(d.attempts.map((a) => [a.httpStatus, a.error])).toEqual([
        [400, 'ALERT_TARGET_REJECTED'],
      ]);
      expect(d.lastError?.code).toBe('ALERT_TARGET_REJECTED');
    }
    expect(reject).toHaveLength(ITEMS);
    const dead = await daemon.deps.alerts.dead();
    expect(dead).toEqual(expect.arrayContaining(done.map((d) => d.id)));
  });

  it('dead-letters a 500 once its attempts are used up, and lists it by status', async () => {
    const done = await settled('down', 'dead');
    for (const d of done) expect(d.attempts.map((a) => a.httpStatus)).toEqual([500, 500, 500]);
    const { body } = await call<{ total: number; items: AlertDelivery[]; counts: object }>(
      'GET',
      '/api/alerts/deliveries?status=dead',
    );
    expect(body.total).toBe(2 * ITEMS);
    expect(body.items.map((d) => d.target).sort()).toEqual([
      ...Array<string>(ITEMS).fill('down'),
      ...Array<string>(ITEMS).fill('reject'),
    ]);
    expect(body.counts).toMatchObject({ dead: 2 * ITEMS, delivered: 3 * ITEMS });
  });

  it('replays a dead delivery with a new job id, and refuses one that is not dead', async () => {
    downStatus = 200;
    const id = `${items[0]!.id}-down`;
    const res = await call<{ jobId: string; delivery: AlertDelivery }>(
      'POST',
      `/api/alerts/deliveries/${id}/replay`,
    );
    expect(res.status).toBe(202);
    expect(res.body.jobId).toMatch(new RegExp(`^alert-${items[0]!.id}-down-r\\d+$`));
    const after = await waitFor('replayed', async () => {
      const d = await delivery(items[0]!.id, 'down');
      return d.status === 'delivered' ? d : undefined;
    });
    expect(after.replays).toBe(1);
    expect(after.attempts.map((a) => a.httpStatus)).toEqual([500, 500, 500, 200]);
    expect(await daemon.deps.alerts.dead()).not.toContain(id);
    const again = await call<{ code: string }>('POST', `/api/alerts/deliveries/${id}/replay`);
    expect([again.status, again.body.code]).toEqual([409, 'ALERT_NOT_DEAD']);
    const missing = await call<{ code: string }>(
      'POST',
      `/api/alerts/deliveries/${'0'.repeat(20)}-down/replay`,
    );
    expect([missing.status, missing.body.code]).toEqual([404, 'ALERT_DELIVERY_NOT_FOUND']);
  });

  it('sends again an attempt a crash cut off, and records the cut-off in the log', async () => {
    // A worker that died between sending and recording leaves its in-flight marker behind.
    const id = `${items[2]!.id}-down`;
    const cutOffAt = new Date('2025-10-08T17:00:00.000Z');
    expect(await daemon.deps.alerts.sending(id, cutOffAt)).toBeNull();
    const before = down.length;
    const res = await call<{ jobId: string }>('POST', `/api/alerts/deliveries/${id}/replay`);
    expect(res.status).toBe(202);
    const after = await waitFor('sent again', async () => {
      const d = await delivery(items[2]!.id, 'down');
      return d.status === 'delivered' ? d : undefined;
    });
    expect(after.attempts.map((a) => [a.httpStatus, a.error])).toEqual([
      [500, 'ALERT_TARGET_FAILED'],
      [500, 'ALERT_TARGET_FAILED'],
      [500, 'ALERT_TARGET_FAILED'],
      [null, 'ALERT_INTERRUPTED'],
      [200, null],
    ]);
    expect(after.attempts[3]!.at).toBe(cutOffAt.toISOString());
    // Sent once more, and the marker is gone: the next attempt is not reported as cut off.
    expect(down.length - before).toBe(1);
    expect(await daemon.deps.alerts.sending(id, new Date())).toBeNull();
    await daemon.deps.alerts.sent(id);
  });

  it('lists, shows and replays deliveries from the CLI', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const o = (t: string) => out.push(t);
    const e = (t: string) => err.push(t);
    expect(await runAlertsCommand(daemon.config, ['list', '--status', 'dead'], o, e)).toBe(0);
    expect(out.join('\n')).toMatch(
      new RegExp(`${items[1]!.id}-down +dead +slack +3 tries +HTTP 500`),
    );
    out.length = 0;
    expect(await runAlertsCommand(daemon.config, ['show', `${items[1]!.id}-reject`], o, e)).toBe(0);
    expect(out.join('\n')).toMatch(/#1 \S+ +HTTP 400 .* ALERT_TARGET_REJECTED/);
    out.length = 0;
    expect(await runAlertsCommand(daemon.config, ['replay', `${items[1]!.id}-down`], o, e)).toBe(0);
    expect(out.join('')).toMatch(/replay queued as alert-[0-9a-f]{20}-down-r\d+/);
    await waitFor('CLI replay delivered', async () =>
      (await delivery(items[1]!.id, 'down')).status === 'delivered' ? true : undefined,
    );
    // Only the line naming the Redis, once per command.
    expect(err).toEqual(Array(3).fill(expect.stringMatching(CLI_REDIS_LINE)));
  });
});
