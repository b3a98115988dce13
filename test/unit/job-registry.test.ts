import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { NewsmonError } from '../../src/errors.js';
import {
  jobDeduplication,
  feedHealthJobs,
  followUps,
  jobIdFor,
  jobOptions,
  jobPriority,
  parsePayload,
  QUEUE_OF,
} from '../../src/jobs/job-registry.js';

const articleId = '0123456789abcdef0123';
const snapshot = 'a'.repeat(64);

describe('job registry', () => {
  it('derives ids deterministically and without colons', () => {
    const ids = [
      jobIdFor('article.fetch', {
        articleId,
        url: 'https://x.test/a',
        origin: { kind: 'ingest' },
        hints: null,
      }),
      jobIdFor('article.extract', { articleId, snapshot }),
      jobIdFor('article.analyze', { articleId, snapshot }),
    ];
    expect(ids).toEqual([
      `fetch-${articleId}`,
      `extract-${articleId}-aaaaaaaaaaaaaaaa`,
      `analyze-${articleId}-aaaaaaaaaaaaaaaa`,
    ]);
    expect(ids.join('')).not.toContain(':');
  });

  it('names an alert job by its review item or health change and its target', () => {
    const change = {
      feedId: 'wttw',
      title: 't',
      outlet: 'o',
      url: 'https://x.test/feed',
      seq: 4,
      from: 'ok' as const,
      to: 'quiet' as const,
      since: '2025-10-08T16:00:00.000Z',
      reason: 'r',
      lastError: null,
    };
    expect(jobIdFor('alert.deliver', { itemId: articleId, target: 'desk' })).toBe(
      `alert-${articleId}-desk`,
    );
    expect(jobIdFor('alert.deliver', { feedHealth: change, target: 'desk', rev: 7 })).toBe(
      'alert-feed-health-wttw-quiet-4-desk-r7',
    );
    const targets = [
      { name: 'desk', events: ['review', 'feed-health'] as const },
      { name: 'reviews', events: ['review'] as const },
      { name: 'ops', events: ['feed-health'] as const },
    ];
    expect(feedHealthJobs(change, targets)).toEqual([
      { name: 'alert.deliver', payload: { feedHealth: change, target: 'desk' } },
      { name: 'alert.deliver', payload: { feedHealth: change, target: 'ops' } },
    ]);
    expect(parsePayload('alert.deliver', { feedHealth: change, target: 'ops' })).toEqual({
      feedHealth: change,
      target: 'ops',
    });
  });

  it.each([
    ['feed.poll', {}],
    ['article.fetch', { articleId: 'short', url: 'x', origin: { kind: 'ingest' }, hints: null }],
    ['article.extract', { articleId, snapshot: 'not-a-hash' }],
    ['article.analyze', null],
    ['alert.deliver', { feedHealth: { feedId: 'x' }, target: 'desk' }],
  ] as const)('refuses a malformed %s payload as permanent', (name, data) => {
    try {
      parsePayload(name, data);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(NewsmonError);
      expect((err as NewsmonError).code).toBe('JOB_PAYLOAD_INVALID');
      expect((err as NewsmonError).transient).toBe(false);
    }
  });

  it('chains fetch → extract → analyze; a poll queues its fetches itself; a skipped job sets nothing in motion', () => {
    // The poll queues its fetch jobs before it records the feed's state (feed-poll.handler.ts).
    expect(followUps('feed.poll', { status: 'done', entries: 1, fresh: 1 })).toEqual([]);
    expect(followUps('article.fetch', { status: 'done', articleId, snapshot })).toEqual([
      { name: 'article.extract', payload: { articleId, snapshot } },
    ]);
    expect(
      followUps('article.extract', { status: 'done', articleId, snapshot, method: 'readability' }),
    ).toEqual([{ name: 'article.analyze', payload: { articleId, snapshot } }]);
    expect(
      followUps('article.analyze', {
        status: 'done',
        articleId,
        verdict: 'new',
        relevant: true,
        flagged: 0,
      }),
    ).toEqual([]);
    expect(followUps('article.fetch', { status: 'skipped', reason: 'already analyzed' })).toEqual(
      [],
    );
  });

  it('coalesces analyses of one snapshot asked for again, never a first analysis or a reprocessing run’s', () => {
    const snapshot = 'ab'.repeat(32);
    const again = jobDeduplication('article.analyze', { articleId: 'a1', snapshot, rev: 17 });
    expect(again).toEqual({
      id: `analyze-again-a1-${snapshot.slice(0, 16)}`,
      keepLastIfActive: true,
    });
    // Another re-check of the same snapshot joins it; a new snapshot is a different analysis.
    expect(jobDeduplication('article.analyze', { articleId: 'a1', snapshot, rev: 99 })).toEqual(
      again,
    );
    expect(
      jobDeduplication('article.analyze', { articleId: 'a1', snapshot: 'cd'.repeat(32), rev: 17 })
        ?.id,
    ).not.toBe(again!.id);
    expect(jobDeduplication('article.analyze', { articleId: 'a1', snapshot })).toBeUndefined();
    expect(
      jobDeduplication('article.analyze', {
        articleId: 'a1',
        snapshot,
        rev: 17,
        reprocess: 'run1',
      }),
    ).toBeUndefined();
    expect(
      jobDeduplication('article.extract', { articleId: 'a1', snapshot, rev: 17 }),
    ).toBeUndefined();
  });

  it('fetches a backlog oldest publication first: priority by the feed entry’s date, undated first', () => {
    const fetch = (publishedAt: string | null) => ({
      articleId,
      url: 'https://example.com/a',
      origin: { kind: 'feed' as const, feedId: 'f1', entryId: 'e1' },
      hints: { title: null, publishedAt, summary: null, content: null },
    });
    const now = Date.parse('2026-12-07T00:00:00Z');
    const early = jobPriority('article.fetch', fetch('2025-10-04T12:00:00Z'), now)!;
    const minuteLater = jobPriority('article.fetch', fetch('2025-10-04T12:01:00Z'), now)!;
    const dayLater = jobPriority('article.fetch', fetch('2025-10-05T12:00:00Z'), now)!;
    expect(early).toBeLessThan(minuteLater);
    expect(minuteLater).toBeLessThan(dayLater);
    // Out of BullMQ's range it stays at the ends: never 0 (unprioritised) nor past the limit.
    expect(jobPriority('article.fetch', fetch('1999-01-01T00:00:00Z'), now)).toBe(1);
    expect(jobPriority('article.fetch', fetch('2099-01-01T00:00:00Z'), now)).toBe(2 ** 21 - 1);
    // The scale follows the clock: dates two years either side of now stay in order, in 2031 as
    // in 2026 (a fixed epoch clamped them all to the limit four years on).
    for (const clock of ['2026-12-07T00:00:00Z', '2031-06-30T00:00:00Z']) {
      const year = new Date(clock).getUTCFullYear();
      const at = (y: number) =>
        jobPriority('article.fetch', fetch(`${y}-06-01T00:00:00Z`), Date.parse(clock))!;
      expect(at(year - 1)).toBeGreaterThan(1);
      expect(at(year - 1)).toBeLessThan(at(year));
      expect(at(year)).toBeLessThan(at(year + 1));
      expect(at(year + 1)).toBeLessThan(2 ** 21 - 1);
    }
    expect(jobPriority('article.fetch', fetch(null))).toBeUndefined();
    expect(jobPriority('article.fetch', fetch('not a date'))).toBeUndefined();
    expect(jobPriority('article.analyze', { articleId, snapshot })).toBeUndefined();
  });

  it('extracts and analyses a backlog oldest publication first too: priority by the date carried from stage to stage', () => {
    const now = Date.parse('2026-12-07T00:00:00Z');
    const at = (iso: string) => ({ articleId, snapshot, published: Date.parse(iso) });
    const fetchPriority = jobPriority(
      'article.fetch',
      {
        articleId,
        url: 'https://example.com/a',
        origin: { kind: 'ingest' as const },
        hints: { title: null, publishedAt: '2025-10-04T12:00:00Z', summary: null, content: null },
      },
      now,
    );
    // One scale for every stage: a fetch and an analysis of the same minute rank alike.
    expect(jobPriority('article.analyze', at('2025-10-04T12:00:30Z'), now)).toBe(fetchPriority);
    expect(jobPriority('article.extract', at('2025-10-04T12:00:00Z'), now)).toBe(fetchPriority);
    expect(jobPriority('article.analyze', at('2025-10-04T12:00:00Z'), now)!).toBeLessThan(
      jobPriority('article.analyze', at('2025-10-05T12:00:00Z'), now)!,
    );
    // The date travels on: fetch → extract → analyse, and to the re-checks an analysis asks for.
    const fetched = { status: 'done' as const, articleId, snapshot, published: 1_760_000_000_000 };
    const [extract] = followUps('article.fetch', fetched);
    expect(extract).toEqual({
      name: 'article.extract',
      payload: { articleId, snapshot, published: 1_760_000_000_000 },
    });
    const [analyze] = followUps('article.extract', { ...fetched, method: 'readability' });
    expect(analyze!.payload).toEqual({ articleId, snapshot, published: 1_760_000_000_000 });
    const [recheck] = followUps('article.analyze', {
      status: 'done',
      articleId,
      verdict: 'new',
      relevant: true,
      flagged: 0,
      recheck: [{ articleId, snapshot, published: 1_760_000_000_000 }],
      recheckRev: 7,
    });
    expect(recheck!.payload).toEqual({ articleId, snapshot, published: 1_760_000_000_000, rev: 7 });
    expect(parsePayload('article.analyze', recheck!.payload)).toEqual(recheck!.payload);
  });

  it('bounds what finished jobs leave in Redis and does not retry polls', () => {
    const { jobs } = loadConfig({});
    expect(jobOptions('article.fetch', jobs)).toMatchObject({
      attempts: jobs.attempts,
      backoff: { type: 'exponential', delay: jobs.backoffMs },
      removeOnComplete: { count: jobs.keepCompleted },
      removeOnFail: { count: jobs.keepFailed },
    });
    expect(jobOptions('feed.poll', jobs).attempts).toBe(1);
    // One queue per job.
    expect(new Set(Object.values(QUEUE_OF)).size).toBe(Object.keys(QUEUE_OF).length);
  });
});
