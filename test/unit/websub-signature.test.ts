// X-Hub-Signature (W3C WebSub §8) and the hub's callback parameters (§5.2, §5.3).
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  callbackUrl,
  parseHubCallback,
  renewalTime,
  subscriptionForm,
  websubActive,
} from '../../src/websub/callback-params.js';
import { verifyHubSignature } from '../../src/websub/signature.js';

const SECRET = 'per-subscription-secret';
const BODY = Buffer.from('<rss><channel><title>é</title></channel></rss>');
const sign = (alg: string, key = SECRET, body: Buffer = BODY) =>
  `${alg}=${createHmac(alg, key).update(body).digest('hex')}`;

describe('verifyHubSignature', () => {
  it.each(['sha1', 'sha256', 'sha384', 'sha512'])(
    'accepts an HMAC-%s of the raw body made with the secret',
    (alg) => {
      expect(verifyHubSignature(SECRET, BODY, sign(alg))).toEqual({ status: 'valid', method: alg });
    },
  );

  it('accepts upper-case hex and method names', () => {
    const [m, hex] = sign('sha256').split('=');
    expect(
      verifyHubSignature(SECRET, BODY, `${m!.toUpperCase()}=${hex!.toUpperCase()}`).status,
    ).toBe('valid');
  });

  it.each([
    ['another key', sign('sha256', 'other-secret')],
    ['a body changed by one byte', sign('sha256', SECRET, Buffer.from(BODY.toString() + ' '))],
    ['a digest cut short', sign('sha256').slice(0, -2)],
    ['an unsupported method', sign('md5')],
    ['no method', createHmac('sha256', SECRET).update(BODY).digest('hex')],
    ['a non-hex digest', 'sha256=zz'],
    ['a sha1-sized digest labelled sha256', `sha256=${sign('sha1').split('=')[1]!}`],
  ])('calls a signature with %s invalid', (_what, header) => {
    expect(verifyHubSignature(SECRET, BODY, header).status).toBe('invalid');
  });

  it('tells a missing header from a wrong one', () => {
    expect(verifyHubSignature(SECRET, BODY, undefined)).toEqual({ status: 'missing' });
    expect(verifyHubSignature(SECRET, BODY, '  ')).toEqual({ status: 'missing' });
  });
});

describe('parseHubCallback', () => {
  const base = { 'hub.topic': 'https://news.example/feed', 'hub.challenge': 'abc' };

  it('reads a subscribe verification with its lease', () => {
    expect(
      parseHubCallback({ ...base, 'hub.mode': 'subscribe', 'hub.lease_seconds': '86400' }),
    ).toEqual({
      mode: 'subscribe',
      topic: base['hub.topic'],
      challenge: 'abc',
      leaseSeconds: 86400,
    });
  });

  it('reads an unsubscribe verification and a denial', () => {
    expect(parseHubCallback({ ...base, 'hub.mode': 'unsubscribe' })).toEqual({
      mode: 'unsubscribe',
      topic: base['hub.topic'],
      challenge: 'abc',
    });
    expect(
      parseHubCallback({
        'hub.mode': 'denied',
        'hub.topic': 'https://t.example/',
        'hub.reason': 'no',
      }),
    ).toEqual({ mode: 'denied', topic: 'https://t.example/', reason: 'no' });
  });

  it.each([
    ['no mode', { ...base }],
    ['an unknown mode', { ...base, 'hub.mode': 'publish' }],
    ['no topic', { 'hub.mode': 'subscribe', 'hub.challenge': 'abc' }],
    ['no challenge', { 'hub.mode': 'subscribe', 'hub.topic': 'https://t.example/' }],
    [
      'a lease that is not a number',
      { ...base, 'hub.mode': 'subscribe', 'hub.lease_seconds': '1e9' },
    ],
    ['a huge challenge', { ...base, 'hub.mode': 'subscribe', 'hub.challenge': 'x'.repeat(2000) }],
  ])('refuses a callback with %s', (_what, query) => {
    expect(parseHubCallback(query)).toBeNull();
  });
});

describe('subscription helpers', () => {
  it('builds the form of a subscription request, with secret and lease only to subscribe', () => {
    const sub = new URLSearchParams(
      subscriptionForm({
        mode: 'subscribe',
        callback: 'https://me.example/websub/1',
        topic: 'https://t.example/?a=1&b=2',
        leaseSeconds: 600,
        secret: 's3cret',
      }),
    );
    expect(Object.fromEntries(sub)).toEqual({
      'hub.callback': 'https://me.example/websub/1',
      'hub.mode': 'subscribe',
      'hub.topic': 'https://t.example/?a=1&b=2',
      'hub.lease_seconds': '600',
      'hub.secret': 's3cret',
    });
    const unsub = new URLSearchParams(
      subscriptionForm({ mode: 'unsubscribe', callback: 'c', topic: 't', secret: 'x' }),
    );
    expect(unsub.has('hub.secret')).toBe(false);
  });

  it('is on only when enabled and given a callback base', () => {
    expect(websubActive({ enabled: true, callbackBase: null })).toBe(false);
    expect(websubActive({ enabled: false, callbackBase: 'https://me.example' })).toBe(false);
    expect(websubActive({ enabled: true, callbackBase: 'https://me.example' })).toBe(true);
    expect(callbackUrl('https://me.example/base/', 'ab')).toBe('https://me.example/base/websub/ab');
  });

  it('renews at the configured share of the lease, never sooner than a second', () => {
    expect(renewalTime(1_000, 100, 0.85)).toBe(1_000 + 85_000);
    expect(renewalTime(1_000, 0, 0.85)).toBe(2_000);
  });
});
