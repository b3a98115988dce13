// Issue 8: bad input through the real daemon (API, BullMQ workers, the sandboxed extraction
// thread) on a private Redis, with one loopback server serving every case. Each bad page is
// ingested with a good page right behind it; each case states where it must end (an error code on
// the article, a skip with its reason, or an analysed article) and that the good page after it is
// analysed. Feeds and webhooks are cases too. The pages are ingested together in beforeAll, so the
// whole table runs in about the time of its slowest case (the timeouts).
//
// Two daemons share the Redis and the site under their own key prefixes. The servers that stall
// need a short fetch timeout to end; everything else gets one longer than any wait here, so a
// size cap (20 MB, 10 MB, a gzip bomb) can only end by its cap, however slow the machine: under
// load the 1.5 s timeout used to fire first and fail those cases.
import { createHmac, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../src/domain/article-record.js';
import type { ErrorCode } from '../../src/errors.js';
import type { FeedStatus } from '../../src/feeds/feed-status.js';
import { MAX_NESTING_DEPTH } from '../../src/extract/page-parse.js';
import { AUTH, startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { send, startTestServer, type Route, type TestServer } from '../helpers/http-server.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { signedWebhook, type SignOptions } from '../helpers/signed-webhook.js';
import { waitFor } from '../helpers/wait.js';

const HTML = 'text/html; charset=utf-8';
const MB = 1024 * 1024;
const CAP = 10 * MB; // fetch.maxBytes as shipped: the daemon runs with the default
/** The stalling servers' daemon: a server that never answers ends by this. */
const STALL_TIMEOUT_MS = 1_500;
/** Everything else: longer than any wait in this file, so no case races it. */
const NO_RACE_TIMEOUT_MS = 600_000;
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const MINIFLUX_SECRET = 'miniflux-secret-0123456789';
const PATH_TOKEN = 'bad-input-path-token-0123456789';

const LEAD =
  'Chicago police officers were told not to assist ICE and Border Patrol agents, the department said, as aldermen pressed commanders at a hearing on the Welcoming City ordinance.';
const FILLER =
  'Residents of the ward asked the district commander about patrol staffing, radio dispatch and the community meetings planned for the autumn.';

/** A good article page; `label` makes its text its own. */
function article(label: string, opts: { head?: string; extra?: string } = {}): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Chicago police and ICE: ${label}</title>${opts.head ?? ''}</head>
<body><article><h1>Chicago police and ICE: ${label}</h1>
<p>${LEAD}</p>
<p>“We will answer every call for help, and the ${label} case is no different,” Ald. Rosa Quintero said.</p>
<p>${FILLER} ${label}.</p><p>${FILLER} ${FILLER}</p>${opts.extra ?? ''}
</article></body></html>`;
}

/** Streams `total` bytes of `fill`, honouring backpressure, and stops when the client goes. */
function huge(total: number, fill: string): Route {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': HTML, 'content-length': String(total) });
    const chunk = Buffer.alloc(MB, fill);
    let sent = 0;
    const pump = (): void => {
      while (sent < total && !res.destroyed) {
        const part = chunk.subarray(0, Math.min(MB, total - sent));
        sent += part.length;
        if (!res.write(part)) return void res.once('drain', pump);
      }
      if (sent >= total) res.end();
    };
    pump();
  };
}

/** ~10 MB: a normal article under a hydration script (stripped before parsing), as SPA pages are. */
function justUnderCap(): Buffer {
  const page = article('just under the cap');
  const pad = CAP - Buffer.byteLength(page) - 1_000;
  const script = `<script>window.__STATE__=${JSON.stringify({ blob: 'x'.repeat(pad - 60) })}</script>`;
  return Buffer.from(page.replace('</head>', `${script}</head>`));
}

const redirect =
  (location: string, status = 302): Route =>
  (_req, res) =>
    void res.writeHead(status, { location }).end();

/** Headers and a first byte, then one byte every 200 ms for as long as the client waits. */
const trickle: Route = (_req, res) => {
  res.writeHead(200, { 'content-type': HTML });
  res.write('<');
  const timer = setInterval(() => res.write('p'), 200);
  res.on('close', () => clearInterval(timer));
};

/** Half of an announced body, then a TCP reset. */
function resetMidBody(gzip: boolean): Route {
  return (_req, res) => {
    const page = Buffer.from(article('reset').repeat(20) + randomBytes(50_000).toString('hex'));
    const body = gzip ? gzipSync(page) : page;
    res.writeHead(200, {
      'content-type': HTML,
      'content-length': String(body.length),
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.write(body.subarray(0, body.length >> 1), () =>
      setTimeout(() => res.socket?.resetAndDestroy(), 50),
    );
  };
}

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
  Buffer.from('IHDR'),
  randomBytes(4_000),
]);
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'),
  randomBytes(4_000),
]);

type Outcome =
  | { status: 'failed' | 'skipped'; code: ErrorCode }
  | { status: 'analyzed'; check?: (a: ArticleRecord) => void };

interface PageCase {
  name: string;
  route: Route;
  expect: Outcome;
  /** A server that stalls: fetched by the daemon with the short timeout. */
  stalls?: true;
}

const failed = (code: ErrorCode): Outcome => ({ status: 'failed', code });
const skipped = (code: ErrorCode): Outcome => ({ status: 'skipped', code });
const analysed = (check?: (a: ArticleRecord) => void): Outcome => ({ status: 'analyzed', check });
const textOf = (a: ArticleRecord) => a.article?.text ?? '';

const PAGES: PageCase[] = [
  // HTTP answers (issue 3's feed categories, as pages).
  { name: '404', route: send(404, 'text/plain', 'not found'), expect: failed('FETCH_HTTP_GONE') },
  { name: '410', route: send(410, 'text/plain', 'gone'), expect: failed('FETCH_HTTP_GONE') },
  {
    name: '500 (retried, then failed)',
    route: send(500, 'text/plain', 'oops'),
    expect: failed('FETCH_HTTP_STATUS'),
  },
  { name: 'an empty body', route: send(200, HTML, ''), expect: failed('EXTRACT_EMPTY') },
  {
    name: 'a redirect loop',
    route: redirect('/pages/redirect-loop'),
    expect: failed('FETCH_TOO_MANY_REDIRECTS'),
  },
  {
    name: 'a redirect to a private address',
    route: redirect('http://10.0.0.1/story'),
    expect: failed('FETCH_BLOCKED_ADDRESS'),
  },
  {
    name: 'a redirect to the cloud metadata address',
    route: redirect('http://169.254.169.254/latest/meta-data/'),
    expect: failed('FETCH_BLOCKED_ADDRESS'),
  },
  {
    name: 'a redirect to a file: URL',
    route: redirect('file:///etc/passwd'),
    expect: failed('FETCH_BAD_URL'),
  },
  // Issue 18: permanent, so not retried.
  {
    name: 'a redirect without a Location',
    route: (_req, res) => void res.writeHead(302).end(),
    expect: failed('FETCH_BAD_REDIRECT'),
  },
  {
    name: 'a redirect to an unparsable Location',
    route: redirect('http://exa mple.com/story'),
    expect: failed('FETCH_BAD_REDIRECT'),
  },
  {
    name: 'a 301 then 302 chain to a good page (control)',
    route: redirect('/pages/chain-2', 301),
    expect: analysed(),
  },
  // Sizes and encodings on the wire.
  {
    name: '20 MB of text (over the 10 MB cap)',
    route: huge(20 * MB, 'a'),
    expect: failed('FETCH_TOO_LARGE'),
  },
  {
    name: 'a 10 MB page just under the cap',
    route: (_req, res) => void res.writeHead(200, { 'content-type': HTML }).end(justUnderCap()),
    expect: analysed((a) => expect(textOf(a)).toContain('just under the cap case')),
  },
  {
    name: 'a gzip bomb (64 MB of spaces)',
    route: (_req, res) => {
      res.writeHead(200, { 'content-type': HTML, 'content-encoding': 'gzip' });
      res.end(gzipSync(Buffer.alloc(64 * MB, ' '), { level: 9 }));
    },
    expect: failed('FETCH_TOO_LARGE'),
  },
  {
    name: 'a body that claims gzip but is not',
    route: (_req, res) => {
      res.writeHead(200, { 'content-type': HTML, 'content-encoding': 'gzip' });
      res.end(article('fake gzip'));
    },
    expect: failed('FETCH_NETWORK'),
  },
  // Servers that stall or hang up.
  {
    name: 'a server that never answers',
    route: () => undefined,
    expect: failed('FETCH_TIMEOUT'),
    stalls: true,
  },
  {
    name: 'a body that trickles past the timeout',
    route: trickle,
    expect: failed('FETCH_TIMEOUT'),
    stalls: true,
  },
  {
    name: 'a connection reset before any answer',
    route: (req) => req.socket.resetAndDestroy(),
    expect: failed('FETCH_NETWORK'),
  },
  {
    name: 'a connection reset mid-body',
    route: resetMidBody(false),
    expect: failed('FETCH_NETWORK'),
  },
  {
    name: 'a connection reset mid-body of a gzip response',
    route: resetMidBody(true),
    expect: failed('FETCH_NETWORK'),
  },
  // What the body is.
  {
    name: 'a PDF (application/pdf)',
    route: send(200, 'application/pdf', PDF),
    expect: skipped('FETCH_NOT_HTML'),
  },
  {
    name: 'a feed where a page was expected',
    route: send(200, 'application/rss+xml', '<rss version="2.0"><channel/></rss>'),
    expect: skipped('FETCH_NOT_HTML'),
  },
  {
    name: 'a PNG labelled text/html',
    route: send(200, HTML, PNG),
    expect: skipped('FETCH_NOT_HTML'),
  },
  {
    name: 'gzip bytes labelled text/html (no Content-Encoding)',
    route: send(200, HTML, gzipSync(Buffer.from(article('gzip as text')))),
    expect: skipped('FETCH_NOT_HTML'),
  },
  {
    name: 'a PDF labelled text/html',
    route: send(200, HTML, PDF),
    expect: skipped('FETCH_NOT_HTML'),
  },
  {
    name: 'an <iframe> and <script> only page',
    route: send(
      200,
      HTML,
      '<!doctype html><html><head><title>Chicago</title></head><body><iframe src="https://player.example/embed"></iframe><script>document.write("<p>Chicago police and ICE agents</p>")</script></body></html>',
    ),
    expect: failed('EXTRACT_EMPTY'),
  },
  {
    name: 'an unclosed <script> that swallows the page',
    route: send(200, HTML, article('swallowed').replace('<body>', '<body><script>var a = 1;')),
    expect: failed('EXTRACT_EMPTY'),
  },
  {
    name: 'a section front',
    route: send(
      200,
      HTML,
      `<!doctype html><html><head><title>News</title><meta property="og:type" content="website"></head><body><main><h1>Latest</h1>${Array.from(
        { length: 60 },
        (_, i) => `<div><h2><a href="/news/${i}">Chicago police story ${i}</a></h2></div>`,
      ).join('')}</main></body></html>`,
    ),
    expect: skipped('EXTRACT_NOT_ARTICLE'),
  },
  {
    name: `100,000 nested elements (over ${MAX_NESTING_DEPTH})`,
    route: send(200, HTML, article('nested', { extra: `${'<div>'.repeat(100_000)}deep` })),
    expect: failed('EXTRACT_FAILED'),
  },
  {
    name: 'JSON-LD that is not JSON',
    route: send(
      200,
      HTML,
      article('bad json-ld', {
        head: '<script type="application/ld+json">{"@type": "NewsArticle", "articleBody": oops,,}</script>',
      }),
    ),
    expect: analysed((a) => expect(a.article?.method).toBe('readability')),
  },
  {
    name: 'JSON-LD 10,000 arrays deep with a non-string articleBody',
    route: send(
      200,
      HTML,
      article('deep json-ld', {
        head: `<script type="application/ld+json">${'['.repeat(10_000)}{"@type":"NewsArticle","articleBody":{"x":1},"datePublished":99}${']'.repeat(10_000)}</script>`,
      }),
    ),
    expect: analysed(),
  },
  // Charsets.
  {
    name: 'declares utf-8, is windows-1252 (decoded as declared: U+FFFD, no crash)',
    route: send(200, HTML, iconv.encode(article('cp1252 “quoted” café'), 'windows-1252')),
    expect: analysed((a) => expect(textOf(a)).toContain('\uFFFD')),
  },
  {
    name: 'declares iso-8859-1 in the header, is utf-8 (read as UTF-8)',
    route: send(200, 'text/html; charset=iso-8859-1', Buffer.from(article('utf8 café'))),
    expect: analysed((a) => {
      expect(textOf(a)).toContain('“We will answer');
      expect(textOf(a)).toContain('café');
      expect(textOf(a)).not.toContain('â€');
    }),
  },
  {
    name: 'declares iso-8859-1 in a <meta>, is utf-8 (read as UTF-8)',
    route: send(
      200,
      'text/html',
      Buffer.from(
        article('meta café').replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">'),
      ),
    ),
    expect: analysed((a) => expect(textOf(a)).toContain('café')),
  },
  {
    name: 'windows-1252 declared correctly (control)',
    route: send(
      200,
      'text/html; charset=windows-1252',
      iconv.encode(article('true cp1252 café'), 'windows-1252'),
    ),
    expect: analysed((a) => expect(textOf(a)).toContain('“We will answer')),
  },
  {
    name: 'an unknown charset label',
    route: send(200, 'text/html; charset=x-klingon', Buffer.from(article('klingon'))),
    expect: analysed(),
  },
  {
    name: 'invalid UTF-8 sequences in a utf-8 page',
    route: send(
      200,
      HTML,
      Buffer.concat([
        Buffer.from(article('invalid utf8').split('</article>')[0]!),
        Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80]),
        Buffer.from('</article></body></html>'),
      ]),
    ),
    expect: analysed(),
  },
  {
    name: 'UTF-16LE with a BOM',
    route: send(
      200,
      'text/html',
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(article('utf16'), 'utf-16le')]),
    ),
    expect: analysed((a) => expect(textOf(a)).toContain('utf16 case')),
  },
  // Markup that must not run, fetch or confuse.
  {
    name: 'hostile markup: scripts, handlers, javascript: links, a private <base> and canonical',
    route: send(
      200,
      HTML,
      article('hostile', {
        head: '<base href="http://169.254.169.254/"><link rel="canonical" href="http://10.0.0.1/admin">',
        extra:
          '<script>fetch("http://10.0.0.1/")</script><img src=x onerror="alert(1)"><p><a href="javascript:alert(1)">More from the hearing</a> on the ordinance.</p>',
      }),
    ),
    expect: analysed((a) => {
      expect(textOf(a)).not.toContain('fetch(');
      expect(textOf(a)).not.toContain('alert(');
    }),
  },
  {
    name: 'no Content-Type header',
    route: (_req, res) => void res.writeHead(200).end(article('untyped')),
    expect: analysed(),
  },
  {
    name: 'tag soup',
    route: send(200, HTML, article('soup', { extra: '<<<p>>> </div></div></span><p <p =">' })),
    expect: analysed(),
  },
  // Issue 18: overflowed the stack in words() and failed as INTERNAL.
  {
    name: 'a paragraph that is one 5 MB word',
    route: send(200, HTML, article('one long word', { extra: `<p>${'a'.repeat(5 * MB)}</p>` })),
    expect: analysed((a) => expect(textOf(a)).toContain('one long word case')),
  },
  {
    name: 'a published date in the year 99999',
    route: send(
      200,
      HTML,
      article('far future', {
        head: '<meta property="article:published_time" content="99999-01-01T00:00:00Z">',
      }),
    ),
    expect: analysed(),
  },
];

// The chain's second and last hops.
const EXTRA_ROUTES: Record<string, Route> = {
  '/pages/chain-2': redirect('/pages/chain-3'),
  '/pages/chain-3': send(200, HTML, article('redirect chain')),
};

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

// Feeds polled by the daemon: entries pointing at private addresses, and bytes that are no feed.
const PRIVATE_TARGETS = [
  'http://10.1.2.3/news/a',
  'http://192.168.1.10/news/b',
  'http://127.0.0.2/news/c',
  'http://169.254.169.254/latest/meta-data/',
];

function privateFeed(): string {
  const items = PRIVATE_TARGETS.map(
    (url, i) =>
      `<item><title>Chicago police and ICE agents, part ${i}</title><link>${url}</link><guid isPermaLink="false">private-${i}</guid></item>`,
  ).join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Private</title><link>http://example.invalid/</link><description>x</description>${items}</channel></rss>`;
}

// Issue 18: a year-99999 entry pinned its article to the top of /api/articles.
const FUTURE_ENTRIES: [path: string, pubDate: string, label: string][] = [
  ['/future/far', 'Fri, 01 Jan 99999 00:00:00 GMT', 'year 99999 entry'],
  ['/future/near', new Date(Date.now() - 3_600_000).toUTCString(), 'an hour-old entry'],
];

function futureFeed(origin: string): string {
  const items = FUTURE_ENTRIES.map(
    ([path, date, label]) =>
      `<item><title>Chicago police and ICE agents: ${label}</title><link>${origin}${path}</link><pubDate>${date}</pubDate></item>`,
  ).join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Future</title><link>http://example.invalid/</link><description>x</description>${items}</channel></rss>`;
}

describe('bad input through the daemon', () => {
  let redis: TestRedis;
  let site: TestServer;
  let daemon: TestDaemon;
  let stallDaemon: TestDaemon;
  const ids = new Map<string, string>();
  /** The ids the stalling servers' daemon knows. */
  const stalled = new Set<string>();

  const inject = (opts: InjectOptions) => daemon.app!.inject(opts);
  const injectFor = (id: string) => (opts: InjectOptions) =>
    (stalled.has(id) ? stallDaemon : daemon).app!.inject(opts);

  async function ingest(path: string, into = daemon): Promise<string> {
    const res = await into.app!.inject({
      method: 'POST',
      url: '/api/ingest',
      headers: AUTH,
      payload: { url: `${site.origin}${path}` },
    });
    expect(res.statusCode, path).toBe(202);
    return res.json<{ articleId: string }>().articleId;
  }

  const record = async (id: string) =>
    (
      await injectFor(id)({ method: 'GET', url: `/api/articles/${id}`, headers: AUTH })
    ).json<ArticleRecord>();

  /** The article once it has stopped moving: analysed, skipped or failed for good. */
  const settled = (id: string, timeoutMs = 45_000) =>
    waitFor(
      `article ${id} settled`,
      async () => {
        const a = await record(id);
        return ['analyzed', 'skipped', 'failed'].includes(a.status) ? a : undefined;
      },
      timeoutMs,
    );

  const goodPath = (key: string) => `/good/${key}`;

  beforeAll(async () => {
    redis = await startTestRedis();
    const routes: Record<string, Route> = { ...EXTRA_ROUTES };
    site = await startTestServer(routes);
    for (const c of PAGES) {
      const key = slug(c.name);
      routes[`/pages/${key}`] = c.route;
      routes[goodPath(key)] = send(200, HTML, article(`after ${key}`));
    }
    routes['/pages/redirect-loop'] = redirect('/pages/redirect-loop');
    routes['/feeds/private.xml'] = send(200, 'application/rss+xml', privateFeed());
    routes['/feeds/png.xml'] = send(200, 'application/rss+xml', PNG);
    routes['/feeds/future.xml'] = send(200, 'application/rss+xml', futureFeed(site.origin));
    for (const [path, , label] of FUTURE_ENTRIES) routes[path] = send(200, HTML, article(label));
    for (let i = 0; i < 20; i++) routes[goodPath(`w${i}`)] = send(200, HTML, article(`alert ${i}`));
    routes[goodPath('final')] = send(200, HTML, article('final good page'));

    // Two attempts, so transient failures end quickly; many fetches at once on the one host.
    const fetch = (timeoutMs: number) => ({
      allow: ['127.0.0.1'],
      timeoutMs,
      perHost: { maxConcurrent: 32, minIntervalMs: 0, maxWaitMs: 10_000 },
    });
    const common = {
      jobs: { attempts: 2, backoffMs: 100 },
      workers: { shutdownGraceMs: 5_000, concurrency: { extract: 2, fetch: 16 } },
    };
    daemon = await startTestDaemon({
      redisUrl: redis.url,
      feeds: [
        { id: 'private', outlet: 'Private Entries', url: `${site.origin}/feeds/private.xml` },
        { id: 'png', outlet: 'Not A Feed', url: `${site.origin}/feeds/png.xml` },
        { id: 'future', outlet: 'Future Dates', url: `${site.origin}/feeds/future.xml` },
      ],
      overrides: {
        ...common,
        fetch: fetch(NO_RACE_TIMEOUT_MS),
        webhooks: {
          alerts: { secret: SECRET },
          miniflux: { secret: MINIFLUX_SECRET },
          tokens: [{ name: 'zapier', token: PATH_TOKEN }],
        },
      },
    });
    stallDaemon = await startTestDaemon({
      redisUrl: redis.url,
      feeds: [],
      overrides: {
        ...common,
        redis: { url: redis.url, prefix: 'stalls' },
        fetch: fetch(STALL_TIMEOUT_MS),
      },
    });
    // Each bad page, then a good one behind it, all at once.
    for (const c of PAGES) {
      const key = slug(c.name);
      const into = c.stalls ? stallDaemon : daemon;
      const bad = await ingest(`/pages/${key}`, into);
      const good = await ingest(goodPath(key), into);
      ids.set(`bad:${key}`, bad);
      ids.set(`good:${key}`, good);
      if (c.stalls) stalled.add(bad).add(good);
    }
  }, 60_000);

  afterAll(async () => {
    await stallDaemon?.stop();
    await daemon?.stop();
    await site?.close();
    await redis?.stop();
  });

  describe('pages: each ends where an operator sees it, and the good page after it is analysed', () => {
    it.each(PAGES)('$name → $expect.status $expect.code', async (c) => {
      const key = slug(c.name);
      const bad = await settled(ids.get(`bad:${key}`)!);
      if (c.expect.status === 'analyzed') {
        expect([bad.status, bad.error]).toEqual(['analyzed', null]);
        c.expect.check?.(bad);
      } else {
        expect({ status: bad.status, code: bad.error?.code }).toEqual({
          status: c.expect.status,
          code: c.expect.code,
        });
        expect(bad.error?.message).toEqual(expect.any(String));
      }
      const good = await settled(ids.get(`good:${key}`)!);
      expect([good.status, good.error]).toEqual(['analyzed', null]);
    });
  });

  describe('feeds', () => {
    it('polls a feed whose every entry points at a private address, and refuses each fetch', async () => {
      const feed = await waitFor('private feed polled', async () => {
        const res = await inject({ method: 'GET', url: '/api/feeds/private', headers: AUTH });
        const f = res.json<FeedStatus>();
        return f.lastPolledAt ? f : undefined;
      });
      expect(feed).toMatchObject({ health: 'ok', lastError: null });
      const list = await daemon.deps.articles.list(0, 500);
      const entries = list.items.filter((a) => PRIVATE_TARGETS.includes(a.url));
      expect(entries.map((a) => a.url).sort()).toEqual([...PRIVATE_TARGETS].sort());
      for (const a of entries) {
        const done = await settled(a.id);
        expect([a.url, done.status, done.error?.code]).toEqual([
          a.url,
          'failed',
          'FETCH_BLOCKED_ADDRESS',
        ]);
      }
    });

    it('reads a feed date in the year 99999 as no date, so it tops no list', async () => {
      const url = (path: string) => `${site.origin}${path}`;
      const entries = await waitFor('future feed polled and its articles analysed', async () => {
        const list = await daemon.deps.articles.list(0, 500);
        const mine = list.items.filter((a) => FUTURE_ENTRIES.some(([p]) => a.url === url(p)));
        if (mine.length < FUTURE_ENTRIES.length) return undefined;
        const done = await Promise.all(mine.map((a) => record(a.id)));
        return done.every((a) => a.status === 'analyzed') ? done : undefined;
      });
      const byUrl = new Map(entries.map((a) => [a.url, a]));
      const far = byUrl.get(url('/future/far'))!;
      const near = byUrl.get(url('/future/near'))!;
      expect([far.hints?.publishedAt, far.article?.publishedAt]).toEqual([null, null]);
      expect(near.hints?.publishedAt).toBe(new Date(FUTURE_ENTRIES[1]![1]).toISOString());
      // Newest first: nothing in the list is dated past tomorrow.
      const res = await inject({ method: 'GET', url: '/api/articles?limit=500', headers: AUTH });
      const tomorrow = Date.now() + 86_400_000;
      const dates = res
        .json<{ items: { publishedAt: string | null }[] }>()
        .items.map((a) => a.publishedAt)
        .filter((d): d is string => d !== null);
      expect(dates.filter((d) => Date.parse(d) > tomorrow)).toEqual([]);
    });

    it('records a PNG served as a feed as FEED_PARSE_FAILED on the feed', async () => {
      const feed = await waitFor('png feed polled', async () => {
        const res = await inject({ method: 'GET', url: '/api/feeds/png', headers: AUTH });
        const f = res.json<FeedStatus>();
        return f.lastPolledAt ? f : undefined;
      });
      expect(feed).toMatchObject({ health: 'failing', lastError: { code: 'FEED_PARSE_FAILED' } });
    });
  });

  describe('webhooks: each refusal has its status and code, and a good alert after it is analysed', () => {
    type Req = { url?: string; headers: Record<string, string>; payload: string };
    let n = 0;
    const signed = (body: unknown, opts: SignOptions = {}): Req =>
      signedWebhook(SECRET, body, opts);
    const post = (r: Req) =>
      inject({
        method: 'POST',
        url: r.url ?? '/webhooks/alerts',
        headers: r.headers,
        payload: r.payload,
      });
    const someUrl = () => `https://news.example.com/story-${++n}`;
    const replayed = signed({ url: 'https://news.example.com/replayed' });

    const WEBHOOKS: {
      name: string;
      req: () => Req;
      status: number;
      code: ErrorCode;
      before?: () => Promise<void>;
    }[] = [
      {
        name: 'a body that is not JSON',
        req: () => signed(null, { raw: 'url=https://news.example.com/x' }),
        status: 400,
        code: 'WEBHOOK_NOT_JSON',
      },
      {
        name: 'a body over the 256 KB limit',
        req: () => signed({ url: someUrl(), pad: 'x'.repeat(300_000) }),
        status: 413,
        code: 'BODY_TOO_LARGE',
      },
      {
        name: 'a body signed with the wrong secret',
        req: () =>
          signed({ url: someUrl() }, { secret: `whsec_${randomBytes(32).toString('base64')}` }),
        status: 401,
        code: 'WEBHOOK_SIGNATURE_INVALID',
      },
      {
        name: 'a replayed message',
        before: async () => void expect((await post(replayed)).statusCode).toBe(202),
        req: () => replayed,
        status: 409,
        code: 'WEBHOOK_REPLAYED',
      },
      {
        name: 'a message timestamped an hour ago',
        req: () => signed({ url: someUrl() }, { at: new Date(Date.now() - 3_600_000) }),
        status: 401,
        code: 'WEBHOOK_TIMESTAMP_STALE',
      },
      {
        name: 'an unsigned message',
        req: () => ({
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ url: someUrl() }),
        }),
        status: 401,
        code: 'WEBHOOK_SIGNATURE_MISSING',
      },
      {
        name: 'JSON 100,000 arrays deep',
        req: () => signed(null, { raw: `${'['.repeat(100_000)}${']'.repeat(100_000)}` }),
        status: 400,
        code: 'WEBHOOK_PAYLOAD_INVALID',
      },
      {
        name: 'binary bytes as JSON',
        req: () => signed(null, { raw: PNG.toString('latin1') }),
        status: 400,
        code: 'WEBHOOK_NOT_JSON',
      },
      {
        name: 'a Miniflux event with a wrong signature',
        req: () => {
          const payload = JSON.stringify({ event_type: 'new_entries', entries: [] });
          return {
            url: '/webhooks/miniflux',
            payload,
            headers: {
              'content-type': 'application/json',
              'x-miniflux-event-type': 'new_entries',
              'x-miniflux-signature': createHmac('sha256', 'not-the-secret')
                .update(payload)
                .digest('hex'),
            },
          };
        },
        status: 401,
        code: 'WEBHOOK_SIGNATURE_INVALID',
      },
      {
        name: 'a token alert with the wrong path token',
        req: () => ({
          url: '/webhooks/alerts/not-the-token-0123456789',
          headers: { 'content-type': 'text/plain' },
          payload: someUrl(),
        }),
        status: 401,
        code: 'WEBHOOK_TOKEN_INVALID',
      },
      {
        name: 'a token alert of binary lines',
        req: () => ({
          url: `/webhooks/alerts/${PATH_TOKEN}`,
          headers: { 'content-type': 'text/plain' },
          payload: PNG.toString('latin1'),
        }),
        status: 400,
        code: 'FETCH_BAD_URL',
      },
    ];

    it.each(WEBHOOKS.map((w, i) => ({ ...w, i })))('$name → $status $code', async (w) => {
      await w.before?.();
      const res = await post(w.req());
      expect(res.statusCode).toBe(w.status);
      expect(res.json()).toEqual({ code: w.code, message: expect.any(String) as string });
      const good = await post(signed({ url: `${site.origin}${goodPath(`w${w.i}`)}` }));
      expect(good.statusCode).toBe(202);
      const [{ articleId }] = good.json<{ articles: { articleId: string }[] }>().articles as [
        { articleId: string },
      ];
      const done = await settled(articleId);
      expect([done.status, done.error]).toEqual(['analyzed', null]);
    });
  });

  it('is still alive after the whole table: healthy, and a new page is analysed', async () => {
    expect((await inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    const done = await settled(await ingest(goodPath('final')));
    expect([done.status, done.error]).toEqual(['analyzed', null]);
  });
});
