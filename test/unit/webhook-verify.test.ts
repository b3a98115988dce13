import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { NewsmonError } from '../../src/errors.js';
import {
  alertItemsFromJson,
  alertItemsFromText,
  parseJsonBody,
} from '../../src/webhooks/alert-payload.js';
import { checkAlertUrl } from '../../src/webhooks/alert-url.js';
import { minifluxItems, verifyMinifluxSignature } from '../../src/webhooks/miniflux-webhook.js';
import { verifyStandardWebhook } from '../../src/webhooks/standard-webhook.js';

const SECRET = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof NewsmonError) return err.code;
    throw err;
  }
}

function headersFor(body: string, at: Date, id = 'msg_1', secret = SECRET) {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}

describe('verifyStandardWebhook', () => {
  const body = '{"url":"https://news.example.com/a"}';
  const now = new Date();

  it('returns the message id of a message signed with the secret', () => {
    expect(verifyStandardWebhook(SECRET, Buffer.from(body), headersFor(body, now), now)).toEqual({
      id: 'msg_1',
      timestamp: Math.floor(now.getTime() / 1000),
    });
  });

  it('accepts a signature among several (secret rotation)', () => {
    const h = headersFor(body, now);
    h['webhook-signature'] = `v1,AAAA ${h['webhook-signature']}`;
    expect(verifyStandardWebhook(SECRET, Buffer.from(body), h, now).id).toBe('msg_1');
  });

  it.each([
    ['no headers', {}, 'WEBHOOK_SIGNATURE_MISSING'],
    [
      'a timestamp that is not a number',
      { 'webhook-timestamp': 'yesterday' },
      'WEBHOOK_TIMESTAMP_STALE',
    ],
    [
      'a timestamp 301 s old',
      { 'webhook-timestamp': String(Math.floor(now.getTime() / 1000) - 301) },
      'WEBHOOK_TIMESTAMP_STALE',
    ],
    ['a v2 signature only', { 'webhook-signature': 'v2,abc' }, 'WEBHOOK_SIGNATURE_INVALID'],
    ['another message id', { 'webhook-id': 'msg_2' }, 'WEBHOOK_SIGNATURE_INVALID'],
  ])('refuses %s', (_n, change, code) => {
    const h = { ...headersFor(body, now), ...change };
    const headers = Object.keys(change).length === 0 ? {} : h;
    expect(codeOf(() => verifyStandardWebhook(SECRET, Buffer.from(body), headers, now))).toBe(code);
  });
});

describe('verifyMinifluxSignature', () => {
  const raw = Buffer.from('{"event_type":"new_entries","entries":[]}');
  const sig = createHmac('sha256', 'mf-secret-0123456789').update(raw).digest('hex');

  it.each([
    ['the right signature', sig, null],
    ['it in capitals', sig.toUpperCase(), null],
    ['no signature', undefined, 'WEBHOOK_SIGNATURE_MISSING'],
    [
      'one digit changed',
      `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`,
      'WEBHOOK_SIGNATURE_INVALID',
    ],
    ['half of it', sig.slice(0, 32), 'WEBHOOK_SIGNATURE_INVALID'],
  ])('judges %s', (_n, signature, code) => {
    expect(codeOf(() => verifyMinifluxSignature('mf-secret-0123456789', raw, signature))).toBe(
      code,
    );
  });
});

describe('alert bodies', () => {
  it.each([
    ['{"url"}', { url: 'https://a.example/1' }, ['https://a.example/1']],
    [
      '{"urls"}',
      { urls: ['https://a.example/1', 'https://a.example/2'] },
      ['https://a.example/1', 'https://a.example/2'],
    ],
    ['{"items"}', { items: [{ url: 'https://a.example/1', title: 'T' }] }, ['https://a.example/1']],
  ])('reads %s', (_n, body, urls) => {
    expect(alertItemsFromJson(body).map((i) => i.url)).toEqual(urls);
  });

  it.each([
    ['an ISO date with an offset', '2025-10-06T09:00:00-05:00', '2025-10-06T14:00:00.000Z'],
    ['an RFC 2822 date', 'Mon, 06 Oct 2025 14:00:00 GMT', '2025-10-06T14:00:00.000Z'],
    ['epoch seconds', 1759759200, '2025-10-06T14:00:00.000Z'],
    ['nonsense', 'last Tuesday', null],
    ['a number too large for a date', 1e20, null],
  ])('reads an item published as %s', (_n, published, iso) => {
    const [item] = alertItemsFromJson({ items: [{ url: 'https://a.example/', published }] });
    expect(item!.hints?.publishedAt ?? null).toBe(iso);
  });

  it('gives no hints for an item that carries only its URL', () => {
    expect(alertItemsFromJson({ items: [{ url: 'https://a.example/' }] })[0]!.hints).toBeNull();
  });

  it.each([['[]'], ['{"items": "x"}'], ['"https://a.example/"'], ['{"url": 5}']])(
    'refuses %s as WEBHOOK_PAYLOAD_INVALID',
    (json) => {
      expect(codeOf(() => alertItemsFromJson(JSON.parse(json)))).toBe('WEBHOOK_PAYLOAD_INVALID');
    },
  );

  it('refuses bytes that are not JSON as WEBHOOK_NOT_JSON', () => {
    expect(codeOf(() => parseJsonBody(Buffer.from('url=https://a.example/')))).toBe(
      'WEBHOOK_NOT_JSON',
    );
  });

  it('reads a text body line by line, skipping blanks and comments', () => {
    expect(
      alertItemsFromText(' https://a.example/1 \r\n\n# note\nhttps://a.example/2').map(
        (i) => i.url,
      ),
    ).toEqual(['https://a.example/1', 'https://a.example/2']);
  });

  it('reads Miniflux entries with a plain-text summary made from their content', () => {
    const [item] = minifluxItems({
      entries: [
        {
          url: 'https://a.example/',
          title: 'T',
          content: '<p>A &amp; <i>B</i></p>',
          published_at: '2025-10-06T10:00:00Z',
        },
      ],
    });
    expect(item!.hints).toEqual({
      title: 'T',
      summary: 'A & B',
      content: '<p>A &amp; <i>B</i></p>',
      publishedAt: '2025-10-06T10:00:00.000Z',
    });
  });
});

describe('checkAlertUrl', () => {
  const policy = { allow: [] as string[] };
  it.each([
    ['https://news.example.com/story', null],
    ['http://93.184.215.14/page', null],
    ['http://127.0.0.1/', 'FETCH_BLOCKED_ADDRESS'],
    ['http://0x7f.1/', 'FETCH_BLOCKED_ADDRESS'],
    ['http://0177.0.0.1/', 'FETCH_BLOCKED_ADDRESS'],
    ['http://[::ffff:127.0.0.1]/', 'FETCH_BLOCKED_ADDRESS'],
    ['http://[fd00::1]/', 'FETCH_BLOCKED_ADDRESS'],
    ['http://100.64.0.1/', 'FETCH_BLOCKED_ADDRESS'],
    ['http://0.0.0.0/', 'FETCH_BLOCKED_ADDRESS'],
    ['http://app.localhost/', 'FETCH_BLOCKED_ADDRESS'],
    // Issue 18: a trailing dot, and IPv6 forms that carry a loopback or private IPv4 address.
    ['http://localhost./', 'FETCH_BLOCKED_ADDRESS'],
    ['http://LOCALHOST../admin', 'FETCH_BLOCKED_ADDRESS'],
    ['http://app.localhost./', 'FETCH_BLOCKED_ADDRESS'],
    ['http://127.0.0.1./', 'FETCH_BLOCKED_ADDRESS'],
    ['http://[::7f00:1]/', 'FETCH_BLOCKED_ADDRESS'],
    ['http://[::a00:1]/', 'FETCH_BLOCKED_ADDRESS'],
    ['http://[::a9fe:a9fe]/latest/meta-data/', 'FETCH_BLOCKED_ADDRESS'],
    ['http://[2002:7f00:1::]/', 'FETCH_BLOCKED_ADDRESS'],
    ['http://[2001:0:5db8:d822::80ff:fffe]/', 'FETCH_BLOCKED_ADDRESS'],
    ['http://[64:ff9b::a00:1]/', 'FETCH_BLOCKED_ADDRESS'],
    ['http://[64:ff9b:1::a9fe:a9fe]/', 'FETCH_BLOCKED_ADDRESS'],
    ['https://news.example.com./story', null],
    ['ftp://news.example.com/', 'FETCH_BAD_URL'],
    [`https://news.example.com/${'a'.repeat(5000)}`, 'FETCH_BAD_URL'],
  ])('judges %s', (url, code) => {
    expect(codeOf(() => checkAlertUrl(url, policy))).toBe(code);
  });

  it('lets through what fetch.allow names', () => {
    expect(checkAlertUrl('http://127.0.0.1:8080/x', { allow: ['127.0.0.1'] }).host).toBe(
      '127.0.0.1:8080',
    );
    expect(checkAlertUrl('http://localhost/x', { allow: ['localhost'] }).hostname).toBe(
      'localhost',
    );
    expect(checkAlertUrl('http://localhost./x', { allow: ['localhost'] }).hostname).toBe(
      'localhost.',
    );
  });
});
