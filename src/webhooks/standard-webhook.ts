// Standard Webhooks (https://www.standardwebhooks.com): HMAC-SHA256 over `id.timestamp.body`,
// checked with the reference implementation over the exact bytes received.
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { NewsmonError } from '../errors.js';

/** The spec's tolerance, and the one the `standardwebhooks` verifier applies itself. */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export type HeaderBag = Record<string, string | string[] | undefined>;

/**
 * Verifies a signed message and returns its id (for replay protection). Missing headers,
 * a timestamp outside ±5 minutes and a signature that does not match are told apart, so a
 * sender's operator can see which of clock, secret or setup is wrong.
 */
export function verifyStandardWebhook(
  secret: string,
  raw: Buffer,
  headers: HeaderBag,
  now: Date,
): { id: string; timestamp: number } {
  const id = single(headers['webhook-id']);
  const timestamp = single(headers['webhook-timestamp']);
  const signature = single(headers['webhook-signature']);
  const missing = [
    ['webhook-id', id],
    ['webhook-timestamp', timestamp],
    ['webhook-signature', signature],
  ]
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length > 0 || !id || !timestamp || !signature) {
    throw new NewsmonError('WEBHOOK_SIGNATURE_MISSING', `no ${missing.join(', ')} header`);
  }
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
  const skew = Math.round(now.getTime() / 1000 - seconds);
  if (!Number.isFinite(skew) || Math.abs(skew) > TIMESTAMP_TOLERANCE_SECONDS) {
    throw new NewsmonError(
      'WEBHOOK_TIMESTAMP_STALE',
      Number.isFinite(skew) ? `${skew} s from this server's clock` : 'not a Unix time in seconds',
    );
  }
  try {
    new Webhook(secret).verify(
      raw,
      { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature },
      { jsonParse: false },
    );
  } catch (err) {
    if (!(err instanceof WebhookVerificationError)) throw err;
    // The library reads the wall clock; ours may be injected. Either way it is the timestamp.
    if (/timestamp/i.test(err.message)) {
      throw new NewsmonError('WEBHOOK_TIMESTAMP_STALE', err.message);
    }
    throw new NewsmonError('WEBHOOK_SIGNATURE_INVALID', 'no v1 signature made with this secret');
  }
  return { id, timestamp: seconds };
}

export function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
