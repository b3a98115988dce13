// Miniflux's webhook integration (https://miniflux.app/docs/webhooks.html): a JSON body signed
// with a hex HMAC-SHA256 of the raw bytes in X-Miniflux-Signature, the event in
// X-Miniflux-Event-Type. Miniflux has no timestamp or message id: a replay is harmless because
// alerts are idempotent (one canonical URL, one article, one fetch job).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { NewsmonError } from '../errors.js';
import { hintsOf, type AlertItem } from './alert-payload.js';

export function verifyMinifluxSignature(
  secret: string,
  raw: Buffer,
  signature: string | undefined,
): void {
  if (!signature)
    throw new NewsmonError('WEBHOOK_SIGNATURE_MISSING', 'no x-miniflux-signature header');
  const expected = createHmac('sha256', secret).update(raw).digest();
  const hex = /^[0-9a-f]{64}$/i.test(signature.trim());
  // Equal lengths by construction (32 bytes), so the comparison's time depends on neither input.
  const presented = hex ? Buffer.from(signature.trim(), 'hex') : Buffer.alloc(expected.length);
  if (!timingSafeEqual(expected, presented) || !hex) {
    throw new NewsmonError('WEBHOOK_SIGNATURE_INVALID', 'x-miniflux-signature');
  }
}

const entry = z.looseObject({
  url: z.string().min(1),
  title: z.string().nullish(),
  content: z.string().nullish(),
  published_at: z.string().nullish(),
});
const NewEntries = z.looseObject({
  event_type: z.string().optional(),
  feed: z.looseObject({ title: z.string().nullish(), site_url: z.string().nullish() }).nullish(),
  entries: z.array(entry),
});

/** The entries of a `new_entries` event, with title, content and date as hints. */
export function minifluxItems(body: unknown): AlertItem[] {
  const parsed = NewEntries.safeParse(body);
  if (!parsed.success) {
    throw new NewsmonError(
      'WEBHOOK_PAYLOAD_INVALID',
      'expected a new_entries event: {"feed", "entries": [{"url", "title", "content", "published_at"}]}',
    );
  }
  return parsed.data.entries.map((e) => ({
    url: e.url,
    hints: hintsOf(e.title, snippet(e.content), e.content, e.published_at),
  }));
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};

/**
 * The entry's content as plain text, cut short: what a feed entry's summary is, so that the
 * story pre-filter judges a Miniflux entry as it judges a polled one. Miniflux has already
 * sanitised the content (no scripts or styles), so dropping the tags is enough.
 */
function snippet(html: string | null | undefined): string | null {
  if (!html) return null;
  const text = html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_m, name: string) => ENTITIES[name] ?? ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text ? text.slice(0, 1000) : null;
}
