// The one HTTP client for every outbound request. Redirects are followed by hand so that each hop
// passes the scheme check and the address guard; the guard also runs on every DNS answer.
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { pipeline } from 'node:stream';
import type { Readable, Transform } from 'node:stream';
import { Agent, errors as undiciErrors, request } from 'undici';
import type { FetchConfig } from '../config.js';
import { NewsmonError } from '../errors.js';
import { addressRefusal, hostRefusal, isHostAllowed } from './address-guard.js';

export interface FetchResponse {
  /** Address of the last hop. */
  url: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  redirects: string[];
  /**
   * Where the leading run of permanent redirects (301/308) from the requested URL ends, or null
   * when the first hop was not permanent: the address a feed has moved to for good.
   */
  permanentUrl: string | null;
}

export interface FetchRequest {
  headers?: Record<string, string>;
}

/** A POST of a small body (outbound alerts): never redirected, the answer's body capped. */
export interface PostRequest {
  headers: Record<string, string>;
  body: string;
}

export interface HttpClient {
  get(url: string, req?: FetchRequest): Promise<FetchResponse>;
  post(url: string, req: PostRequest): Promise<FetchResponse>;
  close(): Promise<void>;
}

const REDIRECT = new Set([301, 302, 303, 307, 308]);
const POST_ANSWER_BYTES = 65_536;

/** What the client itself needs; politeness per host is layered on top of it. */
export type HttpClientConfig = Omit<FetchConfig, 'perHost' | 'robots'>;

export function createHttpClient(config: HttpClientConfig): HttpClient {
  const policy = { allow: config.allow };
  const guardedLookup: LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, list) => {
      if (err) return callback(err, '', 4);
      const allowedHost = isHostAllowed(hostname, policy);
      const refused = allowedHost
        ? null
        : list.map((a) => addressRefusal(a.address, policy)).find(Boolean);
      if (refused)
        return callback(
          new NewsmonError('FETCH_BLOCKED_ADDRESS', `${hostname} (${refused})`),
          '',
          4,
        );
      if (options.all) return callback(null, list, 4);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
  const agent = new Agent({
    connect: { lookup: guardedLookup, timeout: Math.min(config.timeoutMs, 10_000) },
    headersTimeout: config.timeoutMs,
    bodyTimeout: config.timeoutMs,
  });

  async function once(
    url: URL,
    headers: Record<string, string>,
    signal: AbortSignal,
    post?: string,
  ) {
    // IP literals never reach the DNS lookup hook, and localhost names must not: judged here.
    const refused = hostRefusal(url.hostname, policy);
    if (refused) throw new NewsmonError('FETCH_BLOCKED_ADDRESS', refused);
    return request(url, {
      method: post === undefined ? 'GET' : 'POST',
      ...(post === undefined ? {} : { body: post }),
      dispatcher: agent,
      signal,
      headers: {
        'user-agent': config.userAgent,
        'accept-encoding': 'gzip, deflate, br',
        ...headers,
      },
    });
  }

  async function get(input: string, req: FetchRequest = {}): Promise<FetchResponse> {
    let url = parseFetchUrl(input);
    const redirects: string[] = [];
    let permanentUrl: string | null = null;
    let permanentRun = true;
    const signal = AbortSignal.timeout(config.timeoutMs);
    try {
      for (;;) {
        const res = await once(url, req.headers ?? {}, signal);
        const headers = flattenHeaders(res.headers);
        if (REDIRECT.has(res.statusCode)) {
          res.body.resume();
          if (redirects.length >= config.maxRedirects) {
            throw new NewsmonError('FETCH_TOO_MANY_REDIRECTS', String(config.maxRedirects));
          }
          url = parseFetchUrl(redirectTarget(res.statusCode, headers.location, url));
          redirects.push(url.toString());
          permanentRun &&= res.statusCode === 301 || res.statusCode === 308;
          if (permanentRun) permanentUrl = url.toString();
          continue;
        }
        const body = await readCapped(res.body, headers['content-encoding'], config.maxBytes);
        return {
          url: url.toString(),
          status: res.statusCode,
          headers,
          body,
          redirects,
          permanentUrl,
        };
      }
    } catch (err) {
      throw classify(err, config.timeoutMs, signal);
    }
  }

  async function post(input: string, req: PostRequest): Promise<FetchResponse> {
    const url = parseFetchUrl(input);
    const signal = AbortSignal.timeout(config.timeoutMs);
    try {
      const res = await once(url, req.headers, signal, req.body);
      const headers = flattenHeaders(res.headers);
      // A receiver's answer is only looked at for its status; keep little of it.
      const body = await readCapped(res.body, headers['content-encoding'], POST_ANSWER_BYTES).catch(
        (err: unknown) => {
          if (err instanceof NewsmonError && err.code === 'FETCH_TOO_LARGE') return Buffer.alloc(0);
          throw err;
        },
      );
      return {
        url: url.toString(),
        status: res.statusCode,
        headers,
        body,
        redirects: [],
        permanentUrl: null,
      };
    } catch (err) {
      throw classify(err, config.timeoutMs, signal);
    }
  }

  return { get, post, close: () => agent.close() };
}

/** Only http(s) URLs, with credentials refused: they would leak into logs and Referer. */
export function parseFetchUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new NewsmonError('FETCH_BAD_URL', input.slice(0, 200));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NewsmonError('FETCH_BAD_URL', `${url.protocol} scheme`);
  }
  if (url.username || url.password) throw new NewsmonError('FETCH_BAD_URL', 'credentials in URL');
  return url;
}

/**
 * Where a redirect points. A redirect without a usable Location is the server's answer for this
 * URL, not a passing fault: it is permanent, and retrying asks the same question again.
 */
export function redirectTarget(
  status: number,
  location: string | undefined,
  base: URL | string,
): string {
  const value = location?.trim() ?? '';
  if (!value) throw new NewsmonError('FETCH_BAD_REDIRECT', `${status} without a Location`);
  try {
    return new URL(value, base).toString();
  } catch {
    throw new NewsmonError('FETCH_BAD_REDIRECT', `${status} to ${value.slice(0, 200)}`);
  }
}

function flattenHeaders(
  raw: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** Reads the body, decompressing, and stops as soon as the decompressed size passes the cap. */
async function readCapped(
  body: Readable,
  encoding: string | undefined,
  maxBytes: number,
): Promise<Buffer> {
  const enc = (encoding ?? '').trim().toLowerCase();
  const decoder: Transform | null =
    enc === 'gzip' || enc === 'x-gzip'
      ? createGunzip()
      : enc === 'deflate'
        ? createInflate()
        : enc === 'br'
          ? createBrotliDecompress()
          : null;
  // pipeline, not pipe: pipe does not forward the body's errors, so a connection reset in the
  // middle of a compressed body left the decoder waiting for an end that never came, and the
  // fetch hung past every timeout. The error surfaces through the loop below instead.
  const stream: Readable = decoder ? pipeline(body, decoder, () => undefined) : body;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > maxBytes) throw new NewsmonError('FETCH_TOO_LARGE', String(maxBytes));
      chunks.push(buf);
    }
  } finally {
    if (stream !== body) stream.destroy();
    body.destroy();
  }
  return Buffer.concat(chunks);
}

function classify(err: unknown, timeoutMs: number, signal: AbortSignal): NewsmonError {
  if (err instanceof NewsmonError) return err;
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof NewsmonError) return cause;
  if (
    signal.aborted ||
    err instanceof undiciErrors.HeadersTimeoutError ||
    err instanceof undiciErrors.BodyTimeoutError ||
    err instanceof undiciErrors.ConnectTimeoutError
  ) {
    return new NewsmonError('FETCH_TIMEOUT', `${timeoutMs} ms`, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new NewsmonError('FETCH_NETWORK', message, { cause: err });
}

/** Turns a non-2xx response into the error a worker should throw (404/410 are permanent). */
export function assertOk(res: FetchResponse): void {
  if (res.status >= 200 && res.status < 300) return;
  if (res.status === 404 || res.status === 410)
    throw new NewsmonError('FETCH_HTTP_GONE', String(res.status));
  throw new NewsmonError('FETCH_HTTP_STATUS', String(res.status));
}
