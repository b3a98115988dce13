import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { NewsmonError } from '../../src/errors.js';
import {
  followUps,
  jobIdFor,
  jobOptions,
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

  it.each([
    ['feed.poll', {}],
    ['article.fetch', { articleId: 'short', url: 'x', origin: { kind: 'ingest' }, hints: null }],
    ['article.extract', { articleId, snapshot: 'not-a-hash' }],
    ['article.analyze', null],
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
