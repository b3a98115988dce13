import { describe, expect, it } from 'vitest';
import { articleTime, corpusKey } from '../../src/analyze/timeline.js';
import type { ArticleDates } from '../../src/domain/types.js';

const dates = (source: ArticleDates['publishedSource']): ArticleDates => ({
  published: null,
  publishedSource: source,
  modified: null,
  modifiedSource: null,
  candidates: [],
  conflicts: [],
});

describe('articleTime', () => {
  it.each([
    [
      'the page’s own date',
      { publishedAt: '2025-10-07T09:00:00-05:00', dates: dates('json-ld:datePublished') },
      { publishedAt: '2025-10-08T00:00:00Z' },
      ['2025-10-07T14:00:00.000Z', 'page'],
    ],
    [
      'the feed’s date that extraction fell back to',
      { publishedAt: '2025-10-07T09:00:00Z', dates: dates('feed') },
      { publishedAt: '2025-10-07T09:00:00Z' },
      ['2025-10-07T09:00:00.000Z', 'feed'],
    ],
    [
      'the feed entry’s date when the page has none',
      { publishedAt: null, dates: dates(null) },
      { publishedAt: 'Tue, 07 Oct 2025 09:00:00 GMT' },
      ['2025-10-07T09:00:00.000Z', 'feed'],
    ],
    [
      'when it was first seen when nobody dates it',
      { publishedAt: 'not a date', dates: dates('meta:other') },
      null,
      ['2025-10-09T10:00:00.000Z', 'first-seen'],
    ],
  ])('takes %s', (_name, article, hints, [publishedAt, provenance]) => {
    const t = articleTime('abc', article, hints, '2025-10-09T10:00:00.000Z');
    expect([t.publishedAt, t.provenance]).toEqual([publishedAt, provenance]);
    expect(t.key).toBe(`${publishedAt} 2025-10-09T10:00:00.000Z abc`);
  });

  it('orders by publication, then first seen, then id; a corpus date before any article of that instant', () => {
    const at = (published: string, seen: string, id: string) =>
      articleTime(id, null, { publishedAt: published }, seen).key;
    const keys = [
      at('2025-10-07T10:00:00Z', '2025-10-07T12:00:00Z', 'b'),
      at('2025-10-07T10:00:00Z', '2025-10-07T11:00:00Z', 'c'),
      at('2025-10-07T10:00:00Z', '2025-10-07T11:00:00Z', 'a'),
      at('2025-10-06T10:00:00Z', '2025-10-09T11:00:00Z', 'z'),
      corpusKey('2025-10-07T10:00:00Z'),
      corpusKey(null),
    ];
    expect([...keys].sort()).toEqual([keys[5], keys[3], keys[4], keys[2], keys[1], keys[0]]);
  });
});
