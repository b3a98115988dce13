// Bearer-token auth for every route, unless the route says it is open (/health, /ready) or
// brings its own (webhooks). Deny by default, so a route added later is protected without anyone
// remembering to protect it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NamedToken } from '../config.js';
import { NewsmonError } from '../errors.js';
import { tokenMatcher } from './token-match.js';

/**
 * webhook: /webhooks/*, signed or path-token; websub: /websub/*, a hub's callback (secret-signed);
 * session: a bearer token or the browser session cookie of POST /api/session (/admin/*).
 */
export type RouteAccess = 'bearer' | 'open' | 'webhook' | 'websub' | 'session';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Unset: a bearer token is required. */
    access?: Exclude<RouteAccess, 'bearer'>;
  }
  interface FastifyRequest {
    /** The name of the API token the request came with, for recording who decided what. */
    reviewer: string | null;
  }
  interface FastifyInstance {
    /** Every route with its access rule, so tests and operators can see what is open. */
    routeTable: readonly { method: string; url: string; access: RouteAccess }[];
  }
}

const BEARER = /^Bearer +([^\s]+) *$/i;

export interface AuthOptions {
  /**
   * Access rules for routes registered by third-party plugins, which cannot set a route's
   * config: every route under `prefix` that sets no access of its own gets `access`.
   */
  prefixes?: readonly { prefix: string; access: Exclude<RouteAccess, 'bearer'> }[];
  /** The token name a session cookie's value stands for, or null (unknown or expired). */
  session?: (cookieValue: string) => Promise<string | null>;
}

/** The browser session cookie (HttpOnly; its value is never logged: see src/logger.ts). */
export const SESSION_COOKIE = 'newsmon_session';

/** Must be registered before any route, so that the route table sees every one. */
export function registerBearerAuth(
  app: FastifyInstance,
  tokens: readonly NamedToken[],
  options: AuthOptions = {},
): void {
  // Without a token nobody could use the API; starting anyway would hide the mistake.
  if (tokens.length === 0) throw new Error('auth: no API token configured (auth.tokens)');
  const match = tokenMatcher(tokens);

  const table: { method: string; url: string; access: RouteAccess }[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const own = (route.config as { access?: RouteAccess } | undefined)?.access;
    const rule = own ? undefined : options.prefixes?.find((p) => route.url.startsWith(p.prefix));
    if (rule) route.config = { ...route.config, access: rule.access };
    const access = own ?? rule?.access ?? 'bearer';
    for (const method of methods) table.push({ method, url: route.url, access });
  });

  app.decorateRequest('reviewer', null);
  app.addHook('onRequest', async (req, reply) => {
    if (req.is404) return; // the not-found handler answers alike with or without a token
    const access = req.routeOptions.config.access;
    if (access === 'open' || access === 'webhook' || access === 'websub') return;
    const header = req.headers.authorization;
    const bearer = header ? BEARER.exec(header) : null;
    if (!bearer && access === 'session' && options.session) {
      // A browser page: the cookie stands for the token it was exchanged for.
      const value = cookieValue(req.headers.cookie, SESSION_COOKIE);
      const name = value ? await options.session(value) : null;
      if (name) {
        req.reviewer = name;
        return;
      }
      const why = value ? 'session expired or unknown' : 'no session cookie';
      const err = new NewsmonError('AUTH_MISSING', `${why}; POST /api/session`);
      // A person who typed the address gets a page that says how in, not raw JSON.
      if (req.method === 'GET' && /\btext\/html\b/.test(req.headers.accept ?? '')) {
        req.log.info({ code: err.code, ip: req.ip }, 'request refused');
        return reply
          .status(401)
          .type('text/html; charset=utf-8')
          .header('content-security-policy', "default-src 'none'; base-uri 'none'")
          .send(SESSION_NEEDED_PAGE);
      }
      return refuse(req, reply, err);
    }
    if (!bearer) {
      const why = header ? 'not a Bearer token' : 'no Authorization header';
      return refuse(req, reply, new NewsmonError('AUTH_MISSING', why));
    }
    const name = match(bearer[1]!);
    if (!name) {
      const where = `${req.method} ${req.routeOptions.url ?? ''}`;
      return refuse(req, reply, new NewsmonError('AUTH_INVALID', where), 'invalid_token');
    }
    req.reviewer = name;
  });
}

const SESSION_NEEDED_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>newsmon · sign in first</title></head>
<body><h1>This page needs a browser session</h1>
<p>Open the <a href="/">review page</a> with your API token, then follow its
<strong>Queue dashboard</strong> link: it signs this browser in and opens the page.</p>
<p>Without a browser: <code>curl -H 'Authorization: Bearer &lt;token&gt;'</code> works here too.</p>
</body></html>
`;

/** One cookie's value from a Cookie header, or null. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

function refuse(
  req: FastifyRequest,
  reply: FastifyReply,
  err: NewsmonError,
  error?: 'invalid_token',
): FastifyReply {
  req.log.info({ code: err.code, ip: req.ip }, 'request refused');
  const challenge = `Bearer realm="newsmon"${error ? `, error="${error}"` : ''}`;
  return reply.status(401).header('www-authenticate', challenge).send(err.toJSON());
}

/**
 * Fastify's request log line without secrets in the URL: a webhook path token, and any `token`
 * query parameter someone pasted in (the review page takes its token from the fragment, which
 * never reaches the server, but a hand-made link might still carry one).
 */
export function redactUrl(url: string): string {
  return url
    .replace(/^(\/webhooks\/alerts\/)[^/?#]+/, '$1[redacted]')
    .replace(/([?&](?:access_)?token=)[^&#]*/gi, '$1[redacted]');
}

/** Fastify's own `req` serializer with the URL redacted. */
export function requestSerializer(req: FastifyRequest): Record<string, unknown> {
  return {
    method: req.method,
    url: redactUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}
