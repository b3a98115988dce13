// Authenticated content distribution (W3C WebSub §8): a hub given hub.secret signs each delivery
// with `X-Hub-Signature: method=signature`, an HMAC of the raw request body keyed by the secret,
// as lowercase hex. Pure: compared in constant time, never by string equality.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The methods the Recommendation names; anything else cannot be verified. */
export const SIGNATURE_METHODS = ['sha1', 'sha256', 'sha384', 'sha512'] as const;
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];

const HEX_LENGTH: Record<SignatureMethod, number> = {
  sha1: 40,
  sha256: 64,
  sha384: 96,
  sha512: 128,
};

export type SignatureCheck =
  | { status: 'valid'; method: SignatureMethod }
  /** No X-Hub-Signature at all. */
  | { status: 'missing' }
  /** Present but wrong, malformed or with a method that is not one of the four. */
  | { status: 'invalid'; reason: string };

export function verifyHubSignature(
  secret: string,
  rawBody: Buffer,
  header: string | string[] | undefined,
): SignatureCheck {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return { status: 'missing' };
  const m = /^\s*([A-Za-z0-9-]+)=([0-9A-Fa-f]+)\s*$/.exec(value);
  if (!m) return { status: 'invalid', reason: 'not method=hexdigest' };
  const method = m[1]!.toLowerCase();
  if (!(SIGNATURE_METHODS as readonly string[]).includes(method)) {
    return { status: 'invalid', reason: `unsupported method ${method.slice(0, 20)}` };
  }
  const alg = method as SignatureMethod;
  const given = m[2]!.toLowerCase();
  if (given.length !== HEX_LENGTH[alg]) return { status: 'invalid', reason: 'wrong length' };
  const expected = createHmac(alg, secret).update(rawBody).digest();
  const actual = Buffer.from(given, 'hex');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return { status: 'invalid', reason: 'signature does not match' };
  }
  return { status: 'valid', method: alg };
}
