// The browser session exchange: a page a browser loads (bull-board at /admin/queues) cannot send
// an Authorization header, so a client that holds the token trades it once for a cookie.
// HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it, so no CSRF),
// Secure when the request came over HTTPS; the value is random and lives in Redis with a TTL.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SessionStore } from '../store/session.store.js';
import { cookieValue, SESSION_COOKIE } from './auth.js';
import { errorResponses, sessionResponse } from './schemas.js';

export interface SessionRouteDeps {
  sessions: SessionStore;
  ttlSeconds: number;
  now: () => Date;
}

/** HTTPS directly, or through a proxy that says so (which can only add the Secure flag). */
function overHttps(req: FastifyRequest): boolean {
  return req.protocol === 'https' || req.headers['x-forwarded-proto'] === 'https';
}

export function sessionCookie(value: string, maxAge: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    `Max-Age=${maxAge}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function registerSessionRoutes(app: FastifyInstance, deps: SessionRouteDeps): void {
  app.post(
    '/api/session',
    {
      schema: {
        summary: 'Trade the bearer token for a session cookie (for /admin/queues in a browser)',
        tags: ['session'],
        response: { 201: sessionResponse, ...errorResponses },
      },
    },
    async (req, reply) => {
      const reviewer = req.reviewer ?? 'anonymous';
      const value = await deps.sessions.create(reviewer, deps.ttlSeconds);
      const expiresAt = new Date(deps.now().getTime() + deps.ttlSeconds * 1000).toISOString();
      return reply
        .status(201)
        .header('set-cookie', sessionCookie(value, deps.ttlSeconds, overHttps(req)))
        .header('cache-control', 'no-store')
        .send({ reviewer, expiresAt });
    },
  );

  // With the cookie (or the token), so that a browser can end its own session.
  app.delete(
    '/api/session',
    {
      config: { access: 'session' },
      schema: {
        summary: 'End the browser session: the cookie is cleared and forgotten',
        tags: ['session'],
        response: { 204: { type: 'null', description: 'ended' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const value = cookieValue(req.headers.cookie, SESSION_COOKIE);
      if (value) await deps.sessions.remove(value);
      return reply
        .status(204)
        .header('set-cookie', sessionCookie('', 0, overHttps(req)))
        .send();
    },
  );
}
