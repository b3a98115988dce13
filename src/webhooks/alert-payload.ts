// The bodies alert services send, read into URLs with what the alert said about each page.
import { z } from 'zod';
import type { EntryHints } from '../domain/article-record.js';
import { NewsmonError } from '../errors.js';

/** One page an alert points at, with the alert's title/summary/date as extraction hints. */
export interface AlertItem {
  url: string;
  hints: EntryHints | null;
}

const text = z.string().max(100_000).nullish();
const url = z.string().min(1);
const item = z.looseObject({
  url,
  title: text,
  summary: text,
  content: text,
  published: z.union([z.string(), z.number()]).nullish(),
});

// Three shapes, so that a sender can be set up with whatever its template language makes easy.
const ItemsBody = z.looseObject({ items: z.array(item) });
const UrlsBody = z.looseObject({ urls: z.array(url) });
const UrlBody = z.looseObject({ url });

/** The body's bytes as JSON; anything else is refused with WEBHOOK_NOT_JSON. */
export function parseJsonBody(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (err) {
    throw new NewsmonError('WEBHOOK_NOT_JSON', (err as Error).message.slice(0, 200));
  }
}

/** `{"url"}`, `{"urls": [...]}` or `{"items": [{"url", "title", "published", "summary"}]}`. */
export function alertItemsFromJson(body: unknown): AlertItem[] {
  const items = ItemsBody.safeParse(body);
  if (items.success) {
    return items.data.items.map((i) => ({
      url: i.url,
      hints: hintsOf(i.title, i.summary, i.content, i.published),
    }));
  }
  const urls = UrlsBody.safeParse(body);
  if (urls.success) return urls.data.urls.map((u) => ({ url: u, hints: null }));
  const one = UrlBody.safeParse(body);
  if (one.success) return [{ url: one.data.url, hints: null }];
  throw new NewsmonError(
    'WEBHOOK_PAYLOAD_INVALID',
    'expected {"url"}, {"urls": [...]} or {"items": [{"url", "title", "published", "summary"}]}',
  );
}

/** A plain-text body: one URL per line; blank lines and `#` comments are skipped. */
export function alertItemsFromText(body: string): AlertItem[] {
  return body
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map((line) => ({ url: line, hints: null }));
}

/** Whether a text body is really JSON sent under a text type, as some automation tools do. */
export function looksLikeJson(body: string): boolean {
  return /^\s*[[{]/.test(body);
}

/** Hints as a feed entry gives them: null fields when unknown, null when nothing is known. */
export function hintsOf(
  title: string | null | undefined,
  summary: string | null | undefined,
  content: string | null | undefined,
  published: string | number | null | undefined,
): EntryHints | null {
  const hints: EntryHints = {
    title: clean(title),
    summary: clean(summary),
    content: clean(content),
    publishedAt: isoDate(published),
  };
  return Object.values(hints).some((v) => v !== null) ? hints : null;
}

function clean(value: string | null | undefined): string | null {
  const v = value?.trim();
  return v ? v : null;
}

/** ISO 8601, an RFC 2822 date or epoch seconds (what Zapier and IFTTT templates tend to give). */
function isoDate(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const t =
    typeof value === 'number' || /^\d{9,10}$/.test(value)
      ? Number(value) * 1000
      : Date.parse(value);
  const date = new Date(t);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
