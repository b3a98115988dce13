// Outbound alert messages, pure: a review item in, the bytes and headers to send out. One message
// per item; the body depends only on the item, so every retry and replay sends the same bytes.
import { Webhook } from 'standardwebhooks';
import type { AlertTarget } from '../config.js';
import type { ReviewEntry } from '../domain/article-record.js';

/** The event type of a standard message. */
export const ALERT_EVENT = 'review.item.flagged';

/** A delivery is one item to one target; its id names both (no `:`, as job ids need). */
export function deliveryIdOf(itemId: string, target: string): string {
  return `${itemId}-${target}`;
}

/** The Standard Webhooks message id: the same for every attempt and replay of a delivery. */
export function webhookIdOf(itemId: string, target: string): string {
  return `msg_${itemId}_${target}`;
}

export interface OutboundMessage {
  body: string;
  headers: Record<string, string>;
}

/** The JSON a standard target receives: `{type, timestamp, data}` as the spec suggests. */
export function standardBody(item: ReviewEntry): string {
  const c = item.claim;
  return JSON.stringify({
    type: ALERT_EVENT,
    timestamp: item.createdAt,
    data: {
      id: item.id,
      status: item.status,
      kind: c.kind,
      novelty: c.novelty,
      statement: c.text,
      speaker: c.speaker,
      speakerRole: c.speakerRole,
      worthiness: c.worthiness,
      reasons: c.reasons,
      nearest: c.nearest
        ? { doc: c.nearest.doc, source: c.nearest.source ?? null, text: c.nearest.text }
        : null,
      diff: c.diff ?? null,
      conflict: c.conflict ?? null,
      ...(item.revision ? { revision: item.revision } : {}),
      article: item.article,
      context: item.context.text,
    },
  });
}

/** Slack's mrkdwn control characters; everything else is sent as written. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const NOVELTY_LABEL: Record<string, string> = {
  new: 'New',
  variant: 'Changed wording of a known',
  conflict: 'Conflicting numbers in a',
  revised: 'Changed in revision:',
};

/** A Slack-compatible `{"text"}` (incoming webhooks, Mattermost, Discord's /slack endpoint). */
export function slackBody(item: ReviewEntry): string {
  const c = item.claim;
  const a = item.article;
  const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
  const label = escapeSlack(flat(a.title ?? a.url)).replace(/\|/g, '¦');
  const link = `<${escapeSlack(a.url)}|${label}>`;
  const lines = [
    `*${NOVELTY_LABEL[c.novelty] ?? 'New'} ${c.kind}* flagged for review (${c.novelty})`,
    `> ${escapeSlack(flat(c.text))}`,
    `Speaker: ${escapeSlack(flat(c.speaker ?? 'unknown'))}${
      c.speakerRole ? `, ${escapeSlack(flat(c.speakerRole))}` : ''
    }`,
    `Outlet: ${escapeSlack(flat(a.siteName ?? new URL(a.url).host))} · ${link}`,
  ];
  if (c.novelty === 'variant' && c.nearest) {
    lines.push(`Known wording: _${escapeSlack(flat(c.nearest.text))}_`);
  }
  if (c.novelty === 'conflict' && c.conflict) {
    lines.push(`Conflict: ${escapeSlack(`${c.conflict.ours} here, ${c.conflict.theirs} known`)}`);
  }
  const r = item.revision;
  if (r) {
    lines.push(`Before: _${escapeSlack(flat(r.before))}_`);
    lines.push(r.after === null ? 'After: withdrawn' : `After: _${escapeSlack(flat(r.after))}_`);
  }
  return JSON.stringify({ text: lines.join('\n') });
}

/**
 * The request for one attempt. A standard message is signed now: receivers refuse timestamps
 * more than a few minutes off, so a retry an hour later carries a fresh timestamp and signature
 * over the same id and body.
 */
export function outboundMessage(
  item: ReviewEntry,
  target: Pick<AlertTarget, 'name' | 'format' | 'secret'>,
  now: Date,
  userAgent: string,
): OutboundMessage {
  const base = { 'content-type': 'application/json', 'user-agent': userAgent };
  if (target.format === 'slack') return { body: slackBody(item), headers: base };
  const body = standardBody(item);
  const id = webhookIdOf(item.id, target.name);
  const signature = new Webhook(target.secret!).sign(id, now, body);
  return {
    body,
    headers: {
      ...base,
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signature,
    },
  };
}

/** 2xx delivered; 4xx other than 408 and 429 refused for good; anything else worth a retry. */
export function answerKind(status: number): 'delivered' | 'permanent' | 'transient' {
  if (status >= 200 && status < 300) return 'delivered';
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return 'permanent';
  return 'transient';
}
