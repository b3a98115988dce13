// The HTTP client against real loopback servers: decompression and its cap, redirects with the
// address guard on every hop, the DNS lookup hook, timeouts, and error classification.
import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import os from 'node:os';
import { Readable, pipeline } from 'node:stream';
import { brotliCompressSync, createGzip, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';

import type { HttpClientConfig } from '../../src/fetch/http-client.js';
import type { ErrorCode } from '../../src/errors.js';
import { NewsmonError } from '../../src/errors.js';
import type { HttpClient } from '../../src/fetch/http-client.js';
import { assertOk, createHttpClient, parseFetchUrl } from '../../src/fetch/http-client.js';
import type { Route, TestServer } from '../helpers/http-server.js';
import { send, startTestServer } from '../helpers/http-server.js';

const HOSTNAME = os.hostname();
const hostnameIsLoopback = await lookup(HOSTNAME, { all: true }).then(
  (list) => list.length > 0 && list.every((a) => a.address.startsWith('127.')),
  () => false,
);

const BASE: HttpClientConfig = {
  userAgent: 'newsmon-test/1.0 (+https://example.invalid/bot)',
  timeoutMs: 2_000,
  maxBytes: 64 * 1024,
  maxRedirects: 5,
  allow: ['127.0.0.1'],
};

const servers: TestServer[] = [];
const clients: HttpClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(routes: Record<string, Route>): Promise<TestServer> {
  const server = await startTestServer(routes);
  servers.push(server);
  return server;
}

function client(overrides: Partial<HttpClientConfig> = {}): HttpClient {
  const c = createHttpClient({ ...BASE, ...overrides });
  clients.push(c);
  return c;
}

async function failure(promise: Promise<unknown>): Promise<NewsmonError> {
  const err = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NewsmonError);
  return err as NewsmonError;
}

const ARTICLE = '<html><body><p>Ação – Новости – “quoted”</p></body></html>'.repeat(50);

describe('bodies', () => {
  it('returns a 200 body with its status, headers and final URL', async () => {
    const s = await serve({ '/a': send(200, 'text/html; charset=utf-8', ARTICLE) });
    const res = await client().get(`${s.origin}/a`);
    expect(res.status).toBe(200);
    expect(res.body.toString('utf8')).toBe(ARTICLE);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.url).toBe(`${s.origin}/a`);
    expect(res.redirects).toEqual([]);
  });

  const encodings: { name: string; encode: (b: Buffer) => Buffer }[] = [
    { name: 'gzip', encode: (b) => gzipSync(b) },
    { name: 'br', encode: (b) => brotliCompressSync(b) },
    { name: 'deflate', encode: (b) => deflateSync(b) },
  ];

  it.each(encodings)('decompresses a $name body', async ({ name, encode }) => {
    const s = await serve({
      '/z': (_req, res) => {
        res
          .writeHead(200, { 'content-type': 'text/html', 'content-encoding': name })
          .end(encode(Buffer.from(ARTICLE)));
      },
    });
    const res = await client().get(`${s.origin}/z`);
    expect(res.body.toString('utf8')).toBe(ARTICLE);
  });

  it('accepts a body of exactly maxBytes', async () => {
    const s = await serve({ '/exact': send(200, 'text/plain', Buffer.alloc(1024, 'a')) });
    const res = await client({ maxBytes: 1024 }).get(`${s.origin}/exact`);
    expect(res.body.length).toBe(1024);
  });

  it('refuses a body over maxBytes with FETCH_TOO_LARGE', async () => {
    const s = await serve({ '/big': send(200, 'text/plain', Buffer.alloc(1025, 'a')) });
    const err = await failure(client({ maxBytes: 1024 }).get(`${s.origin}/big`));
    expect(err.code).toBe('FETCH_TOO_LARGE');
    expect(err.transient).toBe(false);
  });

  it('stops reading an endless gzip bomb once the decompressed size passes maxBytes', async () => {
    // Zeros compress about 1000:1 and this stream never ends: a client that buffered the whole
    // body, or capped only the compressed bytes, would never return.
    let closed!: () => void;
    const serverSawClose = new Promise<void>((resolve) => (closed = resolve));
    const s = await serve({
      '/bomb': (_req, res) => {
        const zeros = new Readable({ read: () => zeros.push(Buffer.alloc(64 * 1024)) });
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        res.on('close', closed);
        pipeline(zeros, createGzip(), res, () => undefined);
      },
    });
    // A timeout longer than the test's own: only the cap can end this fetch, however slow the
    // machine, and a broken cap fails the test by its timeout rather than as FETCH_TIMEOUT.
    const slowest = client({ maxBytes: 1024 * 1024, timeoutMs: 600_000 });
    const err = await failure(slowest.get(`${s.origin}/bomb`));
    expect(err.code).toBe('FETCH_TOO_LARGE');
    await serverSawClose;
  });
});

describe('redirects', () => {
  const hop =
    (location: string): Route =>
    (_req, res) => {
      res.writeHead(302, { location }).end();
    };

  it('follows a chain of three redirects and records each hop', async () => {
    const s = await serve({
      '/one': hop('/two'),
      '/two': hop(`/three?from=two`),
      '/three': hop('final'),
      '/final': send(200, 'text/plain', 'arrived'),
    });
    const res = await client().get(`${s.origin}/one`);
    expect(res.body.toString()).toBe('arrived');
    expect(res.redirects).toEqual([
      `${s.origin}/two`,
      `${s.origin}/three?from=two`,
      `${s.origin}/final`,
    ]);
    expect(res.url).toBe(`${s.origin}/final`);
    expect(s.hits).toEqual(['/one', '/two', '/three', '/final']);
  });

  it('gives up on a redirect loop with FETCH_TOO_MANY_REDIRECTS after maxRedirects hops', async () => {
    const s = await serve({ '/loop': hop('/loop') });
    const err = await failure(client({ maxRedirects: 3 }).get(`${s.origin}/loop`));
    expect(err.code).toBe('FETCH_TOO_MANY_REDIRECTS');
    expect(s.hits).toHaveLength(4);
  });

  // Issue 18: the server's answer for this URL, the same on every retry, so permanent.
  const unusable: { name: string; location: string | null }[] = [
    { name: 'no Location header', location: null },
    { name: 'an empty Location', location: '' },
    { name: 'a Location of spaces', location: '   ' },
    { name: 'an unparsable Location (an unclosed IPv6 bracket)', location: 'http://[' },
    { name: 'an unparsable Location (a space in the host)', location: 'http://exa mple.com/' },
  ];

  it.each(unusable)(
    'refuses a redirect with $name as FETCH_BAD_REDIRECT, permanent',
    async ({ location }) => {
      const s = await serve({
        '/moved': (_req, res) =>
          void res.writeHead(301, location === null ? {} : { location }).end('moved'),
      });
      const err = await failure(client().get(`${s.origin}/moved`));
      expect({ code: err.code, transient: err.transient }).toEqual({
        code: 'FETCH_BAD_REDIRECT',
        transient: false,
      });
      expect(s.hits).toEqual(['/moved']);
    },
  );

  const blockedHops: { name: string; location: string; code: ErrorCode }[] = [
    { name: 'a private address', location: 'http://10.0.0.1/', code: 'FETCH_BLOCKED_ADDRESS' },
    {
      name: 'the cloud metadata address',
      location: 'http://169.254.169.254/latest/meta-data/',
      code: 'FETCH_BLOCKED_ADDRESS',
    },
    { name: 'a file: URL', location: 'file:///etc/passwd', code: 'FETCH_BAD_URL' },
    { name: 'a URL with credentials', location: 'http://u:p@127.0.0.1/', code: 'FETCH_BAD_URL' },
  ];

  it.each(blockedHops)(
    'refuses a redirect to $name although the first hop was allowed',
    async ({ location, code }) => {
      const s = await serve({ '/start': hop(location) });
      const err = await failure(client().get(`${s.origin}/start`));
      expect(err.code).toBe(code);
      expect(s.hits).toEqual(['/start']);
    },
  );
});

describe('address guard', () => {
  const refused: { name: string; url: (port: number) => string }[] = [
    { name: 'an IPv4 loopback literal', url: (port) => `http://127.0.0.1:${port}/` },
    {
      name: 'localhost (refused by the DNS lookup hook)',
      url: (port) => `http://localhost:${port}/`,
    },
    { name: 'the decimal form of 127.0.0.1', url: (port) => `http://2130706433:${port}/` },
    { name: 'the hex short form of 127.0.0.1', url: (port) => `http://0x7f.1:${port}/` },
    { name: 'an IPv6 loopback literal', url: (port) => `http://[::1]:${port}/` },
    { name: 'an IPv4-mapped IPv6 literal', url: (port) => `http://[::ffff:127.0.0.1]:${port}/` },
    { name: 'an IPv4-compatible IPv6 literal', url: (port) => `http://[::7f00:1]:${port}/` },
    { name: 'a 6to4 literal of 127.0.0.1', url: (port) => `http://[2002:7f00:1::]:${port}/` },
    { name: 'a NAT64 literal of 127.0.0.1', url: (port) => `http://[64:ff9b::7f00:1]:${port}/` },
    { name: 'localhost with a trailing dot', url: (port) => `http://localhost.:${port}/` },
  ];

  it.each(refused)(
    'with an empty allow-list, refuses $name with FETCH_BLOCKED_ADDRESS',
    async ({ url }) => {
      const s = await serve({ '/': send(200, 'text/plain', 'secret') });
      const port = Number(new URL(s.origin).port);
      const err = await failure(client({ allow: [] }).get(url(port)));
      expect(err.code).toBe('FETCH_BLOCKED_ADDRESS');
      expect(err.transient).toBe(false);
      expect(s.hits).toEqual([]);
    },
  );

  it.each(['localhost', 'localhost.', 'app.localhost.'])(
    'refuses %s as loopback before any DNS query (RFC 6761)',
    async (host) => {
      const s = await serve({ '/': send(200, 'text/plain', 'secret') });
      const err = await failure(
        client({ allow: [] }).get(`http://${host}:${new URL(s.origin).port}/`),
      );
      // The refusal names the host and why, then says how an operator would allow it.
      expect(err.message).toBe(
        `fetch: refused address ${host.replace(/\.$/, '')} is loopback; to allow it, list the ` +
          'host or its CIDR in NEWSMON_FETCH_ALLOW (comma-separated) or fetch.allow',
      );
    },
  );

  // The machine's own name usually resolves to loopback through /etc/hosts.
  it.runIf(hostnameIsLoopback)(
    'names the host and the refused address when the DNS lookup hook refuses',
    async () => {
      const s = await serve({ '/': send(200, 'text/plain', 'secret') });
      const err = await failure(
        client({ allow: [] }).get(`http://${HOSTNAME}:${new URL(s.origin).port}/`),
      );
      expect(err.message).toMatch(new RegExp(`${HOSTNAME} \\(127\\.[\\d.]+ is loopback\\)`));
    },
  );

  it('lets a host name on the allow-list through the DNS lookup hook', async () => {
    const s = await serve({ '/': send(200, 'text/plain', 'ok') });
    const port = Number(new URL(s.origin).port);
    const res = await client({ allow: ['localhost'] }).get(`http://localhost:${port}/`);
    expect(res.body.toString()).toBe('ok');
  });

  it('lets a CIDR on the allow-list through', async () => {
    const s = await serve({ '/': send(200, 'text/plain', 'ok') });
    const res = await client({ allow: ['127.0.0.0/8'] }).get(`${s.origin}/`);
    expect(res.body.toString()).toBe('ok');
  });
});

describe('URLs that are not fetchable', () => {
  const cases: { name: string; url: string }[] = [
    { name: 'a file: URL', url: 'file:///etc/passwd' },
    { name: 'an ftp: URL', url: 'ftp://ftp.example.com/pub/file.txt' },
    { name: 'a javascript: URL', url: 'javascript:alert(1)' },
    { name: 'a URL with user and password', url: 'http://user:pass@example.com/' },
    { name: 'a URL with a user only', url: 'https://user@example.com/' },
    { name: 'a relative URL', url: '/news/1' },
    { name: 'not a URL', url: 'not a url' },
  ];

  it.each(cases)('get refuses $name with FETCH_BAD_URL', async ({ url }) => {
    const err = await failure(client().get(url));
    expect(err.code).toBe('FETCH_BAD_URL');
  });

  it.each(cases)('parseFetchUrl refuses $name with FETCH_BAD_URL', ({ url }) => {
    expect(() => parseFetchUrl(url)).toThrow(expect.objectContaining({ code: 'FETCH_BAD_URL' }));
  });

  it('parseFetchUrl accepts http and https URLs', () => {
    expect(parseFetchUrl('https://example.com/a?b=1').href).toBe('https://example.com/a?b=1');
    expect(parseFetchUrl('http://example.com').href).toBe('http://example.com/');
  });
});

describe('timeouts and network errors', () => {
  const TIMEOUT_MS = 300;

  it('times out a server that never answers with FETCH_TIMEOUT', async () => {
    const s = await serve({ '/silent': () => undefined });
    const started = Date.now();
    const err = await failure(client({ timeoutMs: TIMEOUT_MS }).get(`${s.origin}/silent`));
    const elapsed = Date.now() - started;
    expect(err.code).toBe('FETCH_TIMEOUT');
    expect(err.transient).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 700);
  });

  const stalls: { name: string; headers: Record<string, string>; chunk: Buffer }[] = [
    {
      name: 'a plain body',
      headers: { 'content-type': 'text/plain', 'content-length': '1000' },
      chunk: Buffer.from('partial'),
    },
    {
      // The decoder sits between the socket and the reader: the timeout must still reach it.
      name: 'a gzip body',
      headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip' },
      chunk: gzipSync(randomBytes(20_000)).subarray(0, 4096),
    },
  ];

  it.each(stalls)(
    'times out $name that stalls after the headers with FETCH_TIMEOUT',
    async ({ headers, chunk }) => {
      const s = await serve({
        '/stall': (_req, res) => {
          res.writeHead(200, headers);
          res.write(chunk);
        },
      });
      const err = await failure(client({ timeoutMs: TIMEOUT_MS }).get(`${s.origin}/stall`));
      expect(err.code).toBe('FETCH_TIMEOUT');
    },
    3_000,
  );

  it('bounds the whole redirect chain by one timeout, not one per hop', async () => {
    const slowHop =
      (location: string): Route =>
      (_req, res) => {
        setTimeout(() => res.writeHead(302, { location }).end(), 120);
      };
    const s = await serve({ '/a': slowHop('/b'), '/b': slowHop('/c'), '/c': slowHop('/d') });
    const err = await failure(client({ timeoutMs: TIMEOUT_MS }).get(`${s.origin}/a`));
    expect(err.code).toBe('FETCH_TIMEOUT');
  });

  const resets: { name: string; headers: Record<string, string>; chunk: Buffer }[] = [
    {
      name: 'a plain body',
      headers: { 'content-type': 'text/plain', 'content-length': '100000' },
      chunk: Buffer.alloc(4096, 'a'),
    },
    {
      name: 'a gzip body',
      headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip' },
      // The first half of a valid gzip stream: the decompressor is mid-stream when the reset comes.
      chunk: gzipSync(randomBytes(20_000)).subarray(0, 4096),
    },
  ];

  it.each(resets)(
    'reports a connection reset in the middle of $name as FETCH_NETWORK',
    async ({ headers, chunk }) => {
      const s = await serve({
        '/reset': (_req, res) => {
          res.writeHead(200, headers);
          res.write(chunk, () => setTimeout(() => res.socket?.resetAndDestroy(), 20));
        },
      });
      const err = await failure(client().get(`${s.origin}/reset`));
      expect(err.code).toBe('FETCH_NETWORK');
      expect(err.transient).toBe(true);
    },
    3_000,
  );

  it('reports a refused connection as FETCH_NETWORK', async () => {
    const s = await serve({});
    await s.close();
    const err = await failure(client().get(`${s.origin}/`));
    expect(err.code).toBe('FETCH_NETWORK');
  });
});

describe('status handling', () => {
  const cases: { status: number; code: ErrorCode; transient: boolean }[] = [
    { status: 404, code: 'FETCH_HTTP_GONE', transient: false },
    { status: 410, code: 'FETCH_HTTP_GONE', transient: false },
    { status: 503, code: 'FETCH_HTTP_STATUS', transient: true },
    { status: 429, code: 'FETCH_HTTP_STATUS', transient: true },
    { status: 500, code: 'FETCH_HTTP_STATUS', transient: true },
  ];

  it.each(cases)(
    'assertOk turns HTTP $status into $code (transient: $transient)',
    async ({ status, code, transient }) => {
      const s = await serve({ '/x': send(status, 'text/plain', 'nope') });
      const res = await client().get(`${s.origin}/x`);
      expect(res.status).toBe(status);
      expect(() => assertOk(res)).toThrow(expect.objectContaining({ code, transient }));
    },
  );

  it('assertOk lets a 2xx response through', async () => {
    const s = await serve({ '/x': send(204, 'text/plain', '') });
    const res = await client().get(`${s.origin}/x`);
    expect(() => assertOk(res)).not.toThrow();
  });
});

describe('request headers', () => {
  it('sends the configured User-Agent and asks for compressed bodies', async () => {
    const seen: Record<string, string | string[] | undefined>[] = [];
    const s = await serve({
      '/h': (req, res) => {
        seen.push(req.headers);
        res.writeHead(200).end('ok');
      },
    });
    await client().get(`${s.origin}/h`);
    expect(seen[0]?.['user-agent']).toBe(BASE.userAgent);
    expect(seen[0]?.['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('sends per-request headers such as conditional-request validators', async () => {
    const seen: Record<string, string | string[] | undefined>[] = [];
    const s = await serve({
      '/h': (req, res) => {
        seen.push(req.headers);
        res.writeHead(304).end();
      },
    });
    const res = await client().get(`${s.origin}/h`, {
      headers: { 'if-none-match': '"v1"' },
    });
    expect(res.status).toBe(304);
    expect(seen[0]?.['if-none-match']).toBe('"v1"');
  });
});
