import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  answerKind,
  escapeSlack,
  feedHealthSlackBody,
  feedHealthStandardBody,
  outboundMessage,
  slackBody,
  standardBody,
} from '../../src/alerts/alert-message.js';
import type { ReviewEntry } from '../../src/domain/article-record.js';
import type { FeedHealthChange } from '../../src/domain/types.js';

const SECRET = `whsec_${Buffer.from('unit-test-key-of-32-bytes-long!!').toString('base64')}`;

const item = {
  id: '0123456789abcdef0123',
  articleId: 'abcdefabcdefabcdefab',
  status: 'pending',
  createdAt: '2025-10-08T16:00:00.000Z',
  updatedAt: '2025-10-08T16:00:00.000Z',
  claim: {
    id: '0123456789abcdef0123',
    kind: 'quote',
    text: 'We <will> not & cannot > comply',
    speaker: 'A & B <Chief>',
    speakerRole: null,
    start: 0,
    end: 10,
    worthiness: 0.5,
    reasons: [],
    quantities: [],
    novelty: 'variant',
    nearest: { doc: 'seed-1', source: 'seed', text: 'We will not comply', score: 0.8 },
  },
  article: {
    id: 'abcdefabcdefabcdefab',
    title: 'Title | with <pipe>',
    url: 'https://example.com/a?x=1&y=2',
    siteName: 'Daily & Co',
    publishedAt: null,
  },
  context: { text: 'We <will> not & cannot > comply', start: 0, end: 10 },
  decisions: [],
} as unknown as ReviewEntry;

describe('alert messages', () => {
  it('escapes &, < and > for Slack', () => {
    expect(escapeSlack('a & b <c> d')).toBe('a &amp; b &lt;c&gt; d');
  });

  it('puts statement, speaker, novelty, outlet and link into Slack mrkdwn, escaped', () => {
    const { text } = JSON.parse(slackBody(item)) as { text: string };
    expect(text).toContain('(variant)');
    expect(text).toContain('> We &lt;will&gt; not &amp; cannot &gt; comply');
    expect(text).toContain('Speaker: A &amp; B &lt;Chief&gt;');
    expect(text).toContain(
      'Outlet: Daily &amp; Co · <https://example.com/a?x=1&amp;y=2|Title ¦ with &lt;pipe&gt;>',
    );
    expect(text).toContain('Known wording: _We will not comply_');
  });

  it('signs a standard message so that the reference verifier accepts it', () => {
    const now = new Date();
    const msg = outboundMessage(
      { kind: 'review', item },
      { name: 'desk', format: 'standard', secret: SECRET },
      now,
      'ua',
    );
    expect(msg.body).toBe(standardBody(item));
    expect(msg.headers['webhook-id']).toBe(`msg_${item.id}_desk`);
    expect(msg.headers['webhook-timestamp']).toBe(String(Math.floor(now.getTime() / 1000)));
    const verified = new Webhook(SECRET).verify(msg.body, msg.headers) as { data: { id: string } };
    expect(verified.data.id).toBe(item.id);
  });

  const failing: FeedHealthChange = {
    feedId: 'sun-times',
    title: 'Chicago | News <all>',
    outlet: 'Sun & Times',
    url: 'https://example.com/feed?a=1&b=2',
    seq: 3,
    from: 'ok',
    to: 'failing',
    since: '2025-10-08T16:00:00.000Z',
    reason: 'FETCH_HTTP_ERROR: HTTP 500 (1 error)',
    lastError: { code: 'FETCH_HTTP_ERROR', message: 'HTTP 500' },
  };

  it('describes a feed health change in a standard message, signed under its own id', () => {
    const now = new Date();
    const msg = outboundMessage(
      { kind: 'feed-health', change: failing },
      { name: 'desk', format: 'standard', secret: SECRET },
      now,
      'ua',
    );
    expect(msg.body).toBe(feedHealthStandardBody(failing));
    expect(msg.headers['webhook-id']).toBe('msg_feed-health-sun-times-failing-3_desk');
    const verified = new Webhook(SECRET).verify(msg.body, msg.headers);
    expect(verified).toEqual({
      type: 'feed.health.changed',
      timestamp: failing.since,
      data: {
        feedId: 'sun-times',
        title: failing.title,
        outlet: failing.outlet,
        url: failing.url,
        seq: 3,
        from: 'ok',
        to: 'failing',
        since: failing.since,
        reason: failing.reason,
        lastError: failing.lastError,
      },
    });
  });

  it.each([
    ['failing', failing, '*Feed failing*'],
    ['quiet', { ...failing, to: 'quiet', reason: 'no new entries' }, '*Feed quiet*'],
    ['recovered', { ...failing, from: 'quiet', to: 'ok' }, '*Feed recovered (was quiet)*'],
  ] as const)('puts a %s feed into Slack text, escaped', (_, change, head) => {
    const msg = outboundMessage(
      { kind: 'feed-health', change },
      { name: 'chat', format: 'slack', secret: null },
      new Date(),
      'ua',
    );
    expect(msg.body).toBe(feedHealthSlackBody(change));
    expect(msg.headers['webhook-id']).toBeUndefined();
    const { text } = JSON.parse(msg.body) as { text: string };
    expect(text.split('\n')[0]).toBe(
      `${head}: Sun &amp; Times · <https://example.com/feed?a=1&amp;b=2|Chicago ¦ News &lt;all&gt;>`,
    );
    expect(text).toContain(`Reason: ${change.reason}`);
    expect(text).toContain('Since: 2025-10-08T16:00:00.000Z');
  });

  it('treats 2xx as delivered, 4xx but 408/429 as permanent, the rest as transient', () => {
    const table: [number, string][] = [
      [200, 'delivered'],
      [204, 'delivered'],
      [301, 'transient'],
      [400, 'permanent'],
      [404, 'permanent'],
      [408, 'transient'],
      [410, 'permanent'],
      [429, 'transient'],
      [500, 'transient'],
      [503, 'transient'],
    ];
    expect(table.map(([s]) => [s, answerKind(s)])).toEqual(table);
  });
});
