// Outbound alert messages, pure: a review item or a feed's health change in, the bytes and headers
// to send out. One message per subject; the body depends only on the subject, so every retry and
// replay sends the same bytes.
import { Webhook } from 'standardwebhooks';
import type { AlertTarget } from '../config.js';
import type { ReviewEntry } from '../domain/article-record.js';
import type { FeedHealthChange } from '../domain/types.js';

/** The event type of a standard message about a review item. */
export const ALERT_EVENT = 'review.item.flagged';
/** The event type of a standard message about a feed's health. */
export const FEED_HEALTH_EVENT = 'feed.health.changed';

/** What an alert is about. */
export type AlertSubject =
  { kind: 'review'; item: ReviewEntry } | { kind: 'feed-health'; change: FeedHealthChange };

/** A health change's name in ids: the feed, the state it turned to, and its number. */
export function feedHealthIdOf(change: Pick<FeedHealthChange, 'feedId' | 'to' | 'seq'>): string {
  return `feed-health-${change.feedId}-${change.to}-${change.seq}`;
}

/** The subject's id in delivery, job and webhook ids, from a job's payload or a delivery. */
export function alertSubjectId(
  ref: { itemId: string } | { feedHealth: Pick<FeedHealthChange, 'feedId' | 'to' | 'seq'> },
): string {
  return 'itemId' in ref ? ref.itemId : feedHealthIdOf(ref.feedHealth);
}

function subjectIdOf(subject: AlertSubject): string {
  return subject.kind === 'review' ? subject.item.id : feedHealthIdOf(subject.change);
}

/** A delivery is one subject to one target; its id names both (no `:`, as job ids need). */
export function deliveryIdOf(subjectId: string, target: string): string {
  return `${subjectId}-${target}`;
}

/** The Standard Webhooks message id: the same for every attempt and replay of a delivery. */
export function webhookIdOf(subjectId: string, target: string): string {
  return `msg_${subjectId}_${target}`;
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

/** The JSON a standard target receives when a feed turns failing or quiet, or recovers. */
export function feedHealthStandardBody(change: FeedHealthChange): string {
  return JSON.stringify({
    type: FEED_HEALTH_EVENT,
    timestamp: change.since,
    data: {
      feedId: change.feedId,
      title: change.title,
      outlet: change.outlet,
      url: change.url,
      seq: change.seq,
      from: change.from,
      to: change.to,
      since: change.since,
      reason: change.reason,
      lastError: change.lastError,
    },
  });
}

/** Slack text for a feed's health change: what happened, to which feed, why, since when. */
export function feedHealthSlackBody(change: FeedHealthChange): string {
  const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
  const label = escapeSlack(flat(change.title || change.url)).replace(/\|/g, '¦');
  const what = change.to === 'ok' ? `recovered (was ${change.from})` : change.to;
  const lines = [
    `*Feed ${what}*: ${escapeSlack(flat(change.outlet))} · <${escapeSlack(change.url)}|${label}>`,
    `Reason: ${escapeSlack(flat(change.reason))}`,
    `Since: ${change.since} · feed \`${escapeSlack(change.feedId)}\``,
  ];
  return JSON.stringify({ text: lines.join('\n') });
}

/**
 * The request for one attempt. A standard message is signed now: receivers refuse timestamps
 * more than a few minutes off, so a retry an hour later carries a fresh timestamp and signature
 * over the same id and body.
 */
export function outboundMessage(
  subject: AlertSubject,
  target: Pick<AlertTarget, 'name' | 'format' | 'secret'>,
  now: Date,
  userAgent: string,
): OutboundMessage {
  const base = { 'content-type': 'application/json', 'user-agent': userAgent };
  const review = subject.kind === 'review';
  if (target.format === 'slack') {
    const body = review ? slackBody(subject.item) : feedHealthSlackBody(subject.change);
    return { body, headers: base };
  }
  const body = review ? standardBody(subject.item) : feedHealthStandardBody(subject.change);
  const id = webhookIdOf(subjectIdOf(subject), target.name);
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
