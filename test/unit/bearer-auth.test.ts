import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { redactUrl, registerBearerAuth } from '../../src/http/auth.js';
import { tokenMatcher } from '../../src/http/token-match.js';

const TOKENS = [
  { name: 'alice', token: 'alice-token-0123456789' },
  { name: 'bob', token: 'bob-token-0123456789ab' },
];

async function appWith() {
  const app = Fastify();
  registerBearerAuth(app, TOKENS);
  app.get('/api/who', (req) => ({ reviewer: req.reviewer }));
  app.get('/probe', { config: { access: 'open' } }, (req) => ({ reviewer: req.reviewer }));
  await app.ready();
  return app;
}

describe('bearer auth', () => {
  it('attaches the name of the token used, so decisions record who took them', async () => {
    const app = await appWith();
    for (const { name, token } of TOKENS) {
      const res = await app.inject({
        method: 'GET',
        url: '/api/who',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.json()).toEqual({ reviewer: name });
    }
  });

  it('leaves reviewer null on an open route', async () => {
    const app = await appWith();
    expect((await app.inject({ method: 'GET', url: '/probe' })).json()).toEqual({ reviewer: null });
  });

  it('protects a route that says nothing about access', async () => {
    const app = await appWith();
    const res = await app.inject({ method: 'GET', url: '/api/who' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'AUTH_MISSING' });
  });

  it('refuses to build without any token rather than serve an API nobody can use', () => {
    expect(() => registerBearerAuth(Fastify(), [])).toThrow(/no API token/);
  });
});

describe('tokenMatcher', () => {
  it.each([
    ['the exact token', 'bob-token-0123456789ab', 'bob'],
    ['a prefix of it', 'bob-token-0123456789a', null],
    ['it with a suffix', 'bob-token-0123456789abc', null],
    ['another case', 'BOB-TOKEN-0123456789AB', null],
    ['the empty string', '', null],
  ])('matches %s → %s', (_n, presented, name) => {
    expect(tokenMatcher(TOKENS)(presented)).toBe(name);
  });
});

describe('redactUrl', () => {
  it.each([
    ['/webhooks/alerts/s3cret-token-value', '/webhooks/alerts/[redacted]'],
    ['/webhooks/alerts/s3cret?x=1', '/webhooks/alerts/[redacted]?x=1'],
    ['/?token=abc&x=1', '/?token=[redacted]&x=1'],
    ['/api/feeds?access_token=abc', '/api/feeds?access_token=[redacted]'],
    ['/webhooks/alerts', '/webhooks/alerts'],
    ['/api/feeds/metro', '/api/feeds/metro'],
  ])('logs %s as %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });
});
