import { describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../src/domain/article-record.js';
import type { AssessedStatement, TextFlags } from '../../src/domain/types.js';
import { articleSummary, outletOf } from '../../src/http/article-view.js';

const flags = (over: Partial<TextFlags> = {}): TextFlags => ({
  paywalled: false,
  partial: false,
  truncated: false,
  reasons: [],
  ...over,
});
const claim = (novelty: AssessedStatement['novelty']) => ({ novelty }) as AssessedStatement;

function record(textFlags: TextFlags, claims: AssessedStatement[]): ArticleRecord {
  return {
    id: 'a',
    url: 'https://n.test/a',
    canonicalUrl: 'https://n.test/a',
    origins: [],
    hints: null,
    status: 'analyzed',
    error: null,
    snapshot: null,
    article: { flags: textFlags } as ArticleRecord['article'],
    analysis: {
      scope: null,
      relevance: { relevant: true, score: 1, why: [] },
      dedup: { verdict: 'new', matches: [] },
      claims,
    },
    revisions: [],
    createdAt: '',
    updatedAt: '',
  };
}

describe('articleSummary', () => {
  it.each([
    [
      'a paywalled article without new claims',
      flags({ paywalled: true }),
      [claim('known')],
      'partial text',
    ],
    ['a truncated article without new claims', flags({ truncated: true }), [], 'partial text'],
    ['a partial article with a new claim', flags({ partial: true }), [claim('new')], null],
    ['a complete article without new claims', flags(), [claim('known')], null],
  ])('notes %s as %s', (_n, f, claims, note) => {
    expect(articleSummary(record(f, claims)).claimsNote).toBe(note);
  });
});

describe('outletOf', () => {
  const outlets = new Map([
    ['metro', 'Metro Daily'],
    ['wire', 'Wire Service'],
  ]);
  it.each([
    { name: 'the page names itself', site: 'Tribune', feeds: ['metro'], want: 'Tribune' },
    { name: 'no site name: the feed names it', site: null, feeds: ['metro'], want: 'Metro Daily' },
    {
      name: 'several feeds: the first known one',
      site: null,
      feeds: ['gone', 'wire'],
      want: 'Wire Service',
    },
    { name: 'ingested, no site name: none', site: null, feeds: [], want: null },
    { name: 'an empty site name counts as none', site: '', feeds: ['metro'], want: 'Metro Daily' },
  ])('$name', ({ site, feeds, want }) => {
    expect(outletOf(site, feeds, outlets)).toBe(want);
  });
});
