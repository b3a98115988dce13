// Inbound alert webhooks through inject(), on a private Redis: each refusal with its status and
// code (and the endpoint still working after it), idempotency, and correlation with feeds.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../src/domain/article-record.js';
import { canonicalUrl } from '../../src/feeds/url-canonical.js';
import type { App } from '../../src/http/app.js';
import type { AlertIntake } from '../../src/http/webhook.routes.js';
import { createLogger } from '../../src/logger.js';
import { AUTH } from '../helpers/auth.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { signedWebhook, type SignOptions } from '../helpers/signed-webhook.js';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const OTHER_SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const MINIFLUX_SECRET = 'miniflux-secret-0123456789';
const PATH_TOKEN = 'zapier-path-token-0123456789';
const BODY_LIMIT = 4096;

type Headers = Record<string, string>;
type Request = { url?: string; headers: Headers; payload: string; ip?: string };

let seq = 0;
/** A fresh story URL: tests share one Redis, so no two tests alert for the same page. */
const storyUrl = (label = 'story') => `https://news.example.com/${label}-${++seq}`;
/** A fresh client address, so that one test's requests never count against another's limit. */
const clientIp = () => `203.0.113.${++seq % 250}`;

function signed(body: unknown, opts: SignOptions = {}): Request {
  return signedWebhook(SECRET, body, opts);
}

function miniflux(body: unknown, opts: { event?: string; secret?: string } = {}): Request {
  const payload = JSON.stringify(body);
  return {
    url: '/webhooks/miniflux',
    payload,
    headers: {
      'content-type': 'application/json',
      'x-miniflux-event-type': opts.event ?? 'new_entries',
      'x-miniflux-signature': createHmac('sha256', opts.secret ?? MINIFLUX_SECRET)
        .update(payload)
        .digest('hex'),
    },
  };
}

describe('inbound alert webhooks', () => {
  let redis: TestRedis;
  let testApp: TestApp;
  let app: App;
  const logLines: string[] = [];

  const post = (req: Request, ip = req.ip ?? clientIp()) =>
    app.inject({
      method: 'POST',
      url: req.url ?? '/webhooks/alerts',
      headers: req.headers,
      payload: req.payload,
      remoteAddress: ip,
    });
  const fetchJobs = () => testApp.queues.queue('article-fetch').getJobCountByTypes('waiting');
  const article = async (id: string) =>
    (
      await app.inject({ method: 'GET', url: `/api/articles/${id}`, headers: AUTH })
    ).json<ArticleRecord>();

  beforeAll(async () => {
    redis = await startTestRedis();
    testApp = await startTestApp({
      redisUrl: redis.url,
      prefix: 'webhooktest',
      log: createLogger(
        'info',
        new Writable({
          write(chunk: Buffer, _enc, done) {
            logLines.push(chunk.toString());
            done();
          },
        }),
      ),
      overrides: {
        webhooks: {
          bodyLimitBytes: BODY_LIMIT,
          rateLimit: { max: 20, windowSeconds: 60 },
          alerts: { secret: SECRET },
          miniflux: { secret: MINIFLUX_SECRET },
          tokens: [{ name: 'zapier', token: PATH_TOKEN }],
        },
      },
    });
    app = testApp.app;
  });

  afterAll(async () => {
    await testApp?.close();
    await redis?.stop();
  });

  describe('POST /webhooks/alerts (Standard Webhooks)', () => {
    it('accepts a signed alert with 202, registers the article and queues one fetch', async () => {
      const url = storyUrl();
      const before = await fetchJobs();
      const res = await post(signed({ url }));
      expect(res.statusCode).toBe(202);
      const body = res.json<AlertIntake>();
      expect(body).toMatchObject({ accepted: 1, duplicates: 0, refused: [] });
      const [{ articleId, jobId, created }] = body.articles as [AlertIntake['articles'][0]];
      expect(created).toBe(true);
      expect(jobId).toBe(`fetch-${articleId}`);
      expect(await fetchJobs()).toBe(before + 1);
      expect(await article(articleId)).toMatchObject({
        status: 'queued',
        canonicalUrl: url,
        origins: [{ kind: 'alert', source: 'standard' }],
      });
    });

    it('takes {"urls"} and {"items"}, keeping an item’s title, summary and date as hints', async () => {
      const [a, b, c] = [storyUrl(), storyUrl(), storyUrl()];
      const urls = await post(signed({ urls: [a, b] }));
      expect(urls.json<AlertIntake>()).toMatchObject({ accepted: 2, duplicates: 0 });
      const items = await post(
        signed({
          items: [
            {
              url: c,
              title: 'CPD told not to help ICE',
              summary: 'The order went out Friday.',
              published: '2025-10-06T14:00:00-05:00',
            },
          ],
        }),
      );
      const { articles } = items.json<AlertIntake>();
      expect((await article(articles[0]!.articleId)).hints).toEqual({
        title: 'CPD told not to help ICE',
        summary: 'The order went out Friday.',
        publishedAt: '2025-10-06T19:00:00.000Z',
        content: null,
      });
    });

    it('reads an item date more than a day ahead as no date (it would top /api/articles)', async () => {
      const [far, near] = [storyUrl(), storyUrl()];
      const res = await post(
        signed({
          items: [
            { url: far, title: 'Far', published: '+099999-01-01T00:00:00Z' },
            { url: near, title: 'Near', published: new Date(Date.now() + 3_600_000).toISOString() },
          ],
        }),
      );
      const [a, b] = res.json<AlertIntake>().articles;
      expect((await article(a!.articleId)).hints).toMatchObject({
        title: 'Far',
        publishedAt: null,
      });
      expect((await article(b!.articleId)).hints?.publishedAt).toEqual(expect.any(String));
    });

    const refusals: { name: string; build: () => Request; status: number; code: string }[] = [
      {
        name: 'an unsigned request',
        build: () => ({
          headers: { 'content-type': 'application/json' },
          payload: '{"url":"https://a.example/"}',
        }),
        status: 401,
        code: 'WEBHOOK_SIGNATURE_MISSING',
      },
      {
        name: 'a request signed with another secret',
        build: () => signed({ url: storyUrl() }, { secret: OTHER_SECRET }),
        status: 401,
        code: 'WEBHOOK_SIGNATURE_INVALID',
      },
      {
        name: 'a body changed after signing',
        build: () => ({
          ...signed({ url: storyUrl() }),
          payload: JSON.stringify({ url: storyUrl() }),
        }),
        status: 401,
        code: 'WEBHOOK_SIGNATURE_INVALID',
      },
      {
        name: 'a timestamp an hour ago',
        build: () => signed({ url: storyUrl() }, { at: new Date(Date.now() - 3_600_000) }),
        status: 401,
        code: 'WEBHOOK_TIMESTAMP_STALE',
      },
      {
        name: 'a timestamp ten minutes ahead',
        build: () => signed({ url: storyUrl() }, { at: new Date(Date.now() + 600_000) }),
        status: 401,
        code: 'WEBHOOK_TIMESTAMP_STALE',
      },
      {
        name: 'a body that is not JSON',
        build: () => signed(null, { raw: 'url=https://a.example/' }),
        status: 400,
        code: 'WEBHOOK_NOT_JSON',
      },
      {
        name: 'a body over the size limit',
        build: () => signed({ url: storyUrl(), pad: 'x'.repeat(BODY_LIMIT) }),
        status: 413,
        code: 'BODY_TOO_LARGE',
      },
      {
        name: 'a body without any URL',
        build: () => signed({ urls: [] }),
        status: 400,
        code: 'WEBHOOK_NO_URL',
      },
      {
        name: 'a body of another shape',
        build: () => signed({ link: storyUrl() }),
        status: 400,
        code: 'WEBHOOK_PAYLOAD_INVALID',
      },
      {
        name: 'a loopback URL',
        build: () => signed({ url: 'http://127.0.0.1:6379/' }),
        status: 403,
        code: 'FETCH_BLOCKED_ADDRESS',
      },
      {
        name: 'a private-network URL',
        build: () => signed({ url: 'http://10.1.2.3/x' }),
        status: 403,
        code: 'FETCH_BLOCKED_ADDRESS',
      },
      {
        name: 'a decimal-spelled loopback URL',
        build: () => signed({ url: 'http://2130706433/' }),
        status: 403,
        code: 'FETCH_BLOCKED_ADDRESS',
      },
      {
        name: 'an IPv6 loopback URL',
        build: () => signed({ url: 'http://[::1]/' }),
        status: 403,
        code: 'FETCH_BLOCKED_ADDRESS',
      },
      {
        name: 'a localhost URL',
        build: () => signed({ url: 'http://localhost:8080/admin' }),
        status: 403,
        code: 'FETCH_BLOCKED_ADDRESS',
      },
      // Issue 18: refused at intake, so no DNS query is made for it.
      {
        name: 'a localhost. URL (trailing dot)',
        build: () => signed({ url: 'http://localhost.:8080/admin' }),
        status: 403,
        code: 'FETCH_BLOCKED_ADDRESS',
      },
      {
        name: 'an IPv4-compatible IPv6 metadata URL',
        build: () => signed({ url: 'http://[::a9fe:a9fe]/latest' }),
        status: 403,
        code: 'FETCH_BLOCKED_ADDRESS',
      },
      {
        name: 'a 6to4 loopback URL',
        build: () => signed({ url: 'http://[2002:7f00:1::]/' }),
        status: 403,
        code: 'FETCH_BLOCKED_ADDRESS',
      },
      {
        name: 'a link-local metadata URL',
        build: () => signed({ url: 'http://169.254.169.254/latest' }),
        status: 403,
        code: 'FETCH_BLOCKED_ADDRESS',
      },
      {
        name: 'a file: URL',
        build: () => signed({ url: 'file:///etc/passwd' }),
        status: 400,
        code: 'FETCH_BAD_URL',
      },
      {
        name: 'a URL with credentials',
        build: () => signed({ url: 'https://u:p@news.example.com/' }),
        status: 400,
        code: 'FETCH_BAD_URL',
      },
      {
        name: 'more URLs than allowed',
        build: () => signed({ urls: Array.from({ length: 101 }, () => storyUrl()) }),
        status: 413,
        code: 'WEBHOOK_TOO_MANY_URLS',
      },
    ];

    it.each(refusals)(
      'refuses $name with $status $code, and a good alert from the same client works afterwards',
      async ({ build, status, code }) => {
        const ip = clientIp();
        const jobsBefore = await fetchJobs();
        const res = await post(build(), ip);
        expect(res.statusCode).toBe(status);
        expect(res.json()).toEqual({ code, message: expect.any(String) as string });
        expect(await fetchJobs()).toBe(jobsBefore);
        const good = await post(signed({ url: storyUrl() }), ip);
        expect(good.statusCode).toBe(202);
      },
    );

    it('refuses a replayed message id with 409 WEBHOOK_REPLAYED, and queues nothing for it', async () => {
      const id = `msg_${randomUUID()}`;
      const first = signed({ url: storyUrl() }, { id });
      expect((await post(first)).statusCode).toBe(202);
      const jobs = await fetchJobs();
      const replay = await post(first);
      expect(replay.statusCode).toBe(409);
      expect(replay.json()).toMatchObject({ code: 'WEBHOOK_REPLAYED' });
      // The same id re-signed with a new timestamp is still the same message.
      const resent = await post(signed({ url: storyUrl() }, { id }));
      expect(resent.json()).toMatchObject({ code: 'WEBHOOK_REPLAYED' });
      expect(await fetchJobs()).toBe(jobs);
      expect((await post(signed({ url: storyUrl() }))).statusCode).toBe(202);
    });

    it('does not burn the id of a refused message: the sender can fix it and retry', async () => {
      const id = `msg_${randomUUID()}`;
      const url = storyUrl();
      expect((await post(signed({ link: url }, { id }))).statusCode).toBe(400);
      expect((await post(signed({ url }, { id }))).statusCode).toBe(202);
    });

    it('takes the good URLs of a message and lists the refused ones', async () => {
      const good = storyUrl();
      const res = await post(signed({ urls: [good, 'http://192.168.1.1/router'] }));
      expect(res.statusCode).toBe(202);
      expect(res.json<AlertIntake>()).toMatchObject({
        accepted: 1,
        articles: [{ url: good }],
        refused: [{ url: 'http://192.168.1.1/router', code: 'FETCH_BLOCKED_ADDRESS' }],
      });
    });
  });

  describe('idempotency and correlation', () => {
    it('makes one article and one fetch job of the same alert sent twice', async () => {
      const url = storyUrl();
      const jobs = await fetchJobs();
      const first = (await post(signed({ url }))).json<AlertIntake>();
      const second = (
        await post(signed({ url: `${url}?utm_source=alert#top` }))
      ).json<AlertIntake>();
      expect(first).toMatchObject({ accepted: 1, duplicates: 0 });
      expect(second).toMatchObject({ accepted: 0, duplicates: 1 });
      expect(second.articles[0]).toMatchObject({
        articleId: first.articles[0]!.articleId,
        jobId: first.articles[0]!.jobId,
        created: false,
      });
      expect(await fetchJobs()).toBe(jobs + 1);
      // Two sources, one origin each: the second delivery by the same source adds none.
      expect((await article(first.articles[0]!.articleId)).origins).toEqual([
        { kind: 'alert', source: 'standard' },
      ]);
    });

    it('counts a URL repeated inside one message once', async () => {
      const url = storyUrl();
      const res = (await post(signed({ urls: [url, `${url}#comments`] }))).json<AlertIntake>();
      expect(res).toMatchObject({ accepted: 1, duplicates: 1 });
      expect(res.articles).toHaveLength(1);
    });

    it('ties an alert for a page a feed already delivered to the same article, fetched once', async () => {
      // What feed-poll does for a new entry: resolve, register with the feed origin, queue.
      const url = storyUrl('feed');
      const canonical = canonicalUrl(url);
      const articleId = await testApp.articles.resolveId(canonical);
      const origin = { kind: 'feed' as const, feedId: 'metro', entryId: 'guid-1' };
      await testApp.articles.register(articleId, url, canonical, origin, null, new Date());
      await testApp.queues.add('article.fetch', { articleId, url, origin, hints: null });
      const jobs = await fetchJobs();

      const res = await post(signed({ url: `${url}?utm_medium=email&utm_source=alert` }));
      expect(res.json<AlertIntake>()).toMatchObject({
        accepted: 0,
        duplicates: 1,
        articles: [{ articleId, created: false, jobId: `fetch-${articleId}` }],
      });
      expect(await fetchJobs()).toBe(jobs);
      expect((await article(articleId)).origins).toEqual([
        origin,
        { kind: 'alert', source: 'standard' },
      ]);
    });

    it('ties an alert to an article already ingested through the API', async () => {
      const url = storyUrl('ingested');
      const ingest = await app.inject({
        method: 'POST',
        url: '/api/ingest',
        headers: AUTH,
        payload: { url },
      });
      const { articleId } = ingest.json<{ articleId: string }>();
      const alert = (await post(signed({ url }))).json<AlertIntake>();
      expect(alert.articles[0]).toMatchObject({ articleId, created: false });
    });
  });

  describe('POST /webhooks/miniflux', () => {
    const event = (entries: { url: string; title: string; content?: string }[]) => ({
      event_type: 'new_entries',
      feed: { id: 7, title: 'Metro', site_url: 'https://news.example.com/' },
      entries: entries.map((e, i) => ({
        id: i + 1,
        url: e.url,
        title: e.title,
        content:
          e.content ?? '<p>Chicago police and <b>immigration</b> agents &amp; the mayor.</p>',
        published_at: '2025-10-06T10:00:00Z',
      })),
    });

    it('accepts new_entries signed with the secret, keeping title, content and date as hints', async () => {
      const url = storyUrl('mf');
      const res = await post(miniflux(event([{ url, title: 'CPD and ICE in Brighton Park' }])));
      expect(res.statusCode).toBe(202);
      const body = res.json<AlertIntake>();
      expect(body).toMatchObject({ accepted: 1, filtered: 0 });
      const record = await article(body.articles[0]!.articleId);
      expect(record.origins).toEqual([{ kind: 'alert', source: 'miniflux' }]);
      expect(record.hints).toMatchObject({
        title: 'CPD and ICE in Brighton Park',
        publishedAt: '2025-10-06T10:00:00.000Z',
        summary: 'Chicago police and immigration agents & the mayor.',
      });
      expect(record.hints?.content).toContain('<b>immigration</b>');
    });

    it('drops entries that name nothing of the story, as the feed pre-filter does', async () => {
      const res = await post(
        miniflux(
          event([
            { url: storyUrl('mf'), title: 'Chicago police won’t help ICE' },
            { url: storyUrl('mf'), title: 'Best banana bread', content: '<p>Flour, bananas.</p>' },
          ]),
        ),
      );
      expect(res.json<AlertIntake>()).toMatchObject({ accepted: 1, filtered: 1 });
    });

    it.each([
      {
        name: 'without a signature',
        headers: { 'x-miniflux-signature': '' },
        code: 'WEBHOOK_SIGNATURE_MISSING',
      },
      {
        name: 'with a signature made with another secret',
        headers: null,
        code: 'WEBHOOK_SIGNATURE_INVALID',
      },
      {
        name: 'with a signature that is not hex',
        headers: { 'x-miniflux-signature': 'zz' },
        code: 'WEBHOOK_SIGNATURE_INVALID',
      },
    ])('refuses a request $name with 401 $code', async ({ headers, code }) => {
      const ip = clientIp();
      const req = miniflux(event([{ url: storyUrl('mf'), title: 'ICE' }]), {
        secret: headers ? MINIFLUX_SECRET : 'some-other-secret-0123',
      });
      const res = await post({ ...req, headers: { ...req.headers, ...headers } }, ip);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code });
      expect(
        (await post(miniflux(event([{ url: storyUrl('mf'), title: 'ICE' }])), ip)).statusCode,
      ).toBe(202);
    });

    it('answers other events with a skip and registers nothing', async () => {
      const jobs = await fetchJobs();
      const res = await post(
        miniflux(
          { event_type: 'save_entry', entry: { url: storyUrl('mf'), title: 'ICE' } },
          { event: 'save_entry' },
        ),
      );
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        status: 'skipped',
        reason: expect.stringContaining('save_entry') as string,
      });
      expect(await fetchJobs()).toBe(jobs);
    });
  });

  describe('POST /webhooks/alerts/<token>', () => {
    const tokenPost = (
      token: string,
      payload: string,
      type = 'application/json',
      ip = clientIp(),
    ) => post({ url: `/webhooks/alerts/${token}`, headers: { 'content-type': type }, payload }, ip);

    it('accepts JSON with a configured token and records the token’s name as the source', async () => {
      const res = await tokenPost(PATH_TOKEN, JSON.stringify({ url: storyUrl('tok') }));
      expect(res.statusCode).toBe(202);
      const { articles } = res.json<AlertIntake>();
      expect((await article(articles[0]!.articleId)).origins).toEqual([
        { kind: 'alert', source: 'token:zapier' },
      ]);
    });

    it('accepts a text/plain body of one URL per line', async () => {
      const [a, b] = [storyUrl('tok'), storyUrl('tok')];
      const res = await tokenPost(PATH_TOKEN, `${a}\r\n\n# from IFTTT\n${b}\n`, 'text/plain');
      expect(res.json<AlertIntake>()).toMatchObject({ accepted: 2 });
    });

    it('reads JSON sent as text/plain as JSON', async () => {
      const res = await tokenPost(
        PATH_TOKEN,
        JSON.stringify({ urls: [storyUrl('tok')] }),
        'text/plain',
      );
      expect(res.json<AlertIntake>()).toMatchObject({ accepted: 1 });
    });

    it.each(
      [
        { name: 'a wrong token', token: 'not-the-path-token-0123' },
        { name: 'the token minus its last character', token: PATH_TOKEN.slice(0, -1) },
        { name: 'the API token', token: AUTH.authorization.slice('Bearer '.length) },
      ].map((c) => ({ ...c, status: 401, code: 'WEBHOOK_TOKEN_INVALID' })),
    )(
      'refuses $name with $status $code, and the right token works afterwards',
      async ({ token, status, code }) => {
        const ip = clientIp();
        const res = await tokenPost(
          token,
          JSON.stringify({ url: storyUrl('tok') }),
          'application/json',
          ip,
        );
        expect(res.statusCode).toBe(status);
        expect(res.json()).toMatchObject({ code });
        expect(
          (
            await tokenPost(
              PATH_TOKEN,
              JSON.stringify({ url: storyUrl('tok') }),
              'application/json',
              ip,
            )
          ).statusCode,
        ).toBe(202);
      },
    );

    it('never writes the path token to the log', async () => {
      await tokenPost(PATH_TOKEN, JSON.stringify({ url: storyUrl('tok') }));
      await tokenPost('guessed-token-0123456789', JSON.stringify({ url: storyUrl('tok') }));
      const log = logLines.join('');
      expect(log).toContain('/webhooks/alerts/[redacted]');
      expect(log).not.toContain(PATH_TOKEN);
      expect(log).not.toContain('guessed-token-0123456789');
    });
  });

  describe('rate limits', () => {
    it('answers 429 RATE_LIMITED with Retry-After past the limit, per source and client', async () => {
      const limited = await startTestApp({
        redisUrl: redis.url,
        prefix: 'webhooktest-limit',
        overrides: {
          webhooks: {
            rateLimit: { max: 3, windowSeconds: 2 },
            alerts: { secret: SECRET },
            tokens: [{ name: 'zapier', token: PATH_TOKEN }],
          },
        },
      });
      try {
        const send = (ip: string, req = signed({ url: storyUrl() })) =>
          limited.app.inject({
            method: 'POST',
            url: req.url ?? '/webhooks/alerts',
            headers: req.headers,
            payload: req.payload,
            remoteAddress: ip,
          });
        for (let i = 0; i < 3; i++) expect((await send('198.51.100.7')).statusCode).toBe(202);
        const refused = await send('198.51.100.7');
        expect(refused.statusCode).toBe(429);
        expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED' });
        const retryAfter = Number(refused.headers['retry-after']);
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(2);
        // Unsigned guesses count too: the limit is what makes guessing secrets slow.
        expect((await send('198.51.100.7', { headers: {}, payload: '{}' })).statusCode).toBe(429);
        // Another client, and another source for the same client, have their own windows.
        expect((await send('198.51.100.8')).statusCode).toBe(202);
        const viaToken = await send('198.51.100.7', {
          url: `/webhooks/alerts/${PATH_TOKEN}`,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ url: storyUrl() }),
        });
        expect(viaToken.statusCode).toBe(202);
        await new Promise((r) => setTimeout(r, retryAfter * 1000 + 100));
        expect((await send('198.51.100.7')).statusCode).toBe(202);
      } finally {
        await limited.close();
      }
    });
  });

  describe('without secrets or tokens configured', () => {
    it.each([
      ['/webhooks/alerts', 'application/json'],
      ['/webhooks/miniflux', 'application/json'],
      [`/webhooks/alerts/${PATH_TOKEN}`, 'application/json'],
    ])('answers POST %s with 404 WEBHOOK_NOT_CONFIGURED', async (url, type) => {
      const bare = await startTestApp({ redisUrl: redis.url, prefix: 'webhooktest-bare' });
      try {
        const res = await bare.app.inject({
          method: 'POST',
          url,
          headers: { 'content-type': type },
          payload: JSON.stringify({ url: storyUrl() }),
        });
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({
          code: 'WEBHOOK_NOT_CONFIGURED',
          message: expect.stringMatching(/webhooks\.|NEWSMON_/) as string,
        });
      } finally {
        await bare.close();
      }
    });
  });
});
