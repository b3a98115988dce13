// A Standard Webhooks request as a sender would make it: the body, its id, its timestamp and the
// signature over all three with the receiver's secret (or another, to test a wrong one).
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export interface SignOptions {
  id?: string;
  secret?: string;
  at?: Date;
  /** The exact bytes to send and sign, instead of `body` as JSON. */
  raw?: string;
}

export function signedWebhook(
  secret: string,
  body: unknown,
  opts: SignOptions = {},
): { payload: string; headers: Record<string, string> } {
  const payload = opts.raw ?? JSON.stringify(body);
  const id = opts.id ?? `msg_${randomUUID()}`;
  const at = opts.at ?? new Date();
  return {
    payload,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(opts.secret ?? secret).sign(id, at, payload),
    },
  };
}
