import { describe, expect, it } from 'vitest';
import {
  flaggedStatements,
  knownFrom,
  paragraphContext,
  planReviewItems,
  provenanceKey,
  type StoredItem,
} from '../../src/claims/review-items.js';
import type { ReviewEntry } from '../../src/domain/article-record.js';
import type { Analysis, AssessedStatement } from '../../src/domain/types.js';
import { assessedStatement } from '../helpers/assessed-statement.js';
import { reviewRank, WORTHINESS_HOURS } from '../../src/store/review.store.js';

const statement = assessedStatement;

const analysis = (relevant: boolean, claims: AssessedStatement[]): Analysis => ({
  relevance: { relevant, score: relevant ? 1 : 0, why: [] },
  dedup: { verdict: 'new', matches: [] },
  claims,
  scope: null,
});

describe('flaggedStatements', () => {
  const all = (['new', 'known', 'restated', 'variant', 'conflict'] as const).map((n) =>
    statement(n),
  );

  it('queues new, variant and conflict statements of a relevant article, never known or restated ones', () => {
    expect(flaggedStatements(analysis(true, all), null).map((s) => s.novelty)).toEqual([
      'new',
      'variant',
      'conflict',
    ]);
  });

  it('queues nothing from an article that is not about the story', () => {
    expect(flaggedStatements(analysis(false, all), null)).toEqual([]);
  });

  it('keeps only what a revision added when given its scope', () => {
    const got = flaggedStatements(analysis(true, all), (s) => s.novelty === 'conflict');
    expect(got.map((s) => s.novelty)).toEqual(['conflict']);
  });
});

describe('provenance', () => {
  const nearest = { doc: 'seed-1', source: 'seed' as const, text: 'y', score: 1, key: 'k-seed' };

  it('files a known statement under the statement it matched, anything else under its own id', () => {
    expect(provenanceKey(statement('known', { nearest }))).toBe('k-seed');
    expect(provenanceKey(statement('restated', { nearest }))).toBe('k-seed');
    expect(provenanceKey(statement('variant', { nearest }))).toBe('id-variant');
    expect(provenanceKey(statement('new'))).toBe('id-new');
  });

  it('names the corpus document a known statement came from, but not an ingested article', () => {
    expect(knownFrom(statement('known', { nearest }))).toEqual({
      doc: 'seed-1',
      source: 'seed',
      text: 'y',
    });
    expect(knownFrom(statement('known', { nearest: { ...nearest, source: 'ingested' } }))).toBe(
      null,
    );
  });
});

describe('paragraphContext', () => {
  it('returns the paragraph around a statement with the statement’s offsets inside it', () => {
    const text = 'First paragraph.\n\nHe said “we will not back down” on Monday.\n\nLast.';
    const start = text.indexOf('we will');
    const end = start + 'we will not back down'.length;
    const ctx = paragraphContext(text, start, end);
    expect(ctx.text).toBe('He said “we will not back down” on Monday.');
    expect(ctx.text.slice(ctx.start, ctx.end)).toBe('we will not back down');
  });
});

describe('reviewRank', () => {
  const item = (createdAt: string, worthiness: number) => ({
    createdAt,
    claim: statement('new', { worthiness }),
  });

  it('ranks a more check-worthy item above a slightly newer one', () => {
    expect(reviewRank(item('2025-10-08T10:00:00Z', 0.9))).toBeGreaterThan(
      reviewRank(item('2025-10-08T12:00:00Z', 0.3)),
    );
  });

  it('ranks a day-newer item above an older one of equal worth, and worth 1 as a day of recency', () => {
    expect(reviewRank(item('2025-10-09T10:00:00Z', 0.5))).toBeGreaterThan(
      reviewRank(item('2025-10-08T10:00:00Z', 0.5)),
    );
    expect(
      reviewRank(item('2025-10-08T10:00:00Z', 1)) - reviewRank(item('2025-10-08T10:00:00Z', 0)),
    ).toBe(WORTHINESS_HOURS);
  });
});

describe('planReviewItems: items follow the timeline', () => {
  const ref = (id: string) => ({
    id,
    title: null,
    url: `https://x/${id}`,
    siteName: null,
    publishedAt: null,
  });
  const here = { id: 'a', ref: ref('a'), text: 'x', timeline: '2025-10-05' };
  const item = (
    articleId: string,
    timeline: string,
    extra: Partial<ReviewEntry> = {},
  ): StoredItem => {
    const entry: ReviewEntry = {
      id: 'id-new',
      articleId,
      status: 'pending',
      createdAt: 't0',
      updatedAt: 't0',
      claim: statement('new'),
      article: ref(articleId),
      context: { text: 'x', start: 0, end: 1 },
      decisions: [],
      timeline,
      ...extra,
    };
    return { entry, raw: JSON.stringify(entry) };
  };
  const decided = {
    status: 'confirmed-new' as const,
    decisions: [{ decision: 'confirmed-new' as const, note: null, reviewer: 'r', at: 't1' }],
  };
  const summary = (plan: ReturnType<typeof planReviewItems>) => ({
    create: plan.create.map((e) => e.articleId),
    replace: plan.replace.map((r) => `${r.entry.articleId} ${r.entry.status}`),
    withdraw: plan.withdraw.map((w) => w.entry.id),
  });
  const nothing = { create: [], replace: [], withdraw: [] };

  it.each([
    ['a new statement gets an item', [statement('new')], [], [], { ...nothing, create: ['a'] }],
    [
      'an item first sighted in an article published later moves here, keeping its decision',
      [statement('new')],
      [],
      [item('b', '2025-10-06', decided)],
      { ...nothing, replace: ['a confirmed-new'] },
    ],
    [
      'an item first sighted in an article published earlier stays there',
      [statement('new')],
      [],
      [item('b', '2025-10-04')],
      nothing,
    ],
    [
      'an undecided item this article first flagged and no longer does is withdrawn',
      [],
      ['id-new'],
      [item('a', '2025-10-05')],
      { ...nothing, withdraw: ['id-new'] },
    ],
    ['a decided one stays', [], ['id-new'], [item('a', '2025-10-05', decided)], nothing],
  ])('%s', (_name, flagged, before, stored, expected) => {
    const plan = planReviewItems(
      here,
      flagged,
      before,
      new Map(stored.map((s) => [s.entry.id, s])),
      't2',
    );
    expect(summary(plan)).toEqual(expected);
  });
});
