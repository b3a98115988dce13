import { describe, expect, it } from 'vitest';
import { addedParagraphs } from '../../src/dedup/added-paragraphs.js';
import { joinFamily, summarizeFamily } from '../../src/dedup/family.js';
import type { FamilyMember } from '../../src/domain/types.js';

const member = (doc: string, publishedAt: string | null, joinedAt: string): FamilyMember => ({
  doc,
  source: 'ingested',
  publishedAt,
  verdict: 'duplicate',
  jaccard: 0.9,
  containment: 0.95,
  joinedAt,
});
const origin = (doc: string, publishedAt: string | null) => ({
  doc,
  source: 'seed' as const,
  publishedAt,
  joinedAt: '2025-10-01T00:00:00Z',
});

describe('joinFamily', () => {
  it('starts a family from the origin and adds the copy', () => {
    const f = joinFamily(
      null,
      origin('seed-1', '2025-10-05'),
      member('a', '2025-10-06', '2025-10-06T10:00:00Z'),
    );
    expect(f).toMatchObject({ id: 'seed-1', first: 'seed-1' });
    expect(f.members.map((m) => [m.doc, m.verdict])).toEqual([
      ['seed-1', null],
      ['a', 'duplicate'],
    ]);
  });

  it('names a copy first when it was demonstrably published earlier than the origin', () => {
    const f = joinFamily(
      null,
      origin('seed-1', '2025-10-06'),
      member('upstream', '2025-10-04', '2025-10-06T10:00:00Z'),
    );
    expect(summarizeFamily(f)).toEqual({
      id: 'seed-1',
      first: 'upstream',
      firstPublishedAt: '2025-10-04',
      size: 2,
    });
  });

  it('does not let a date alone displace an undated document seen first', () => {
    const f = joinFamily(
      null,
      origin('seed-1', null),
      member('copy', '2025-10-05', '2025-10-06T10:00:00Z'),
    );
    expect(f.first).toBe('seed-1');
  });

  it('adds each document once, even when it is analysed again', () => {
    const once = joinFamily(null, origin('s', null), member('a', null, '2025-10-06T10:00:00Z'));
    const twice = joinFamily(once, origin('s', null), member('a', null, '2025-10-07T10:00:00Z'));
    expect(twice.members).toHaveLength(2);
  });
});

describe('addedParagraphs', () => {
  const origin = [
    'Chicago police were told not to help federal agents during the protest in Brighton Park on Saturday, the union said.',
    '“When an officer calls for assistance, you answer, no matter what,” the union president said in a statement.',
    'The department said its officers did respond to the scene and kept order until the crowd dispersed.',
  ].join('\n\n');

  it.each([
    ['a verbatim copy adds nothing', origin, []],
    [
      'a copy with a new closing paragraph adds that paragraph',
      `${origin}\n\nThe alderman for the ward said on Monday she would call a hearing on the dispatch tapes.`,
      ['The alderman for the ward said on Monday she would call a hearing on the dispatch tapes.'],
    ],
    [
      'a lightly edited paragraph still counts as taken from the origin',
      origin.replace('during the protest in', 'during a protest in'),
      [],
    ],
    [
      'a short new line is compared by 3-shingles and found new',
      `${origin}\n\nRead more: sign up today.`,
      ['Read more: sign up today.'],
    ],
  ])('%s', (_n, copy, expected) => {
    expect(addedParagraphs(copy, origin).map((p) => p.text)).toEqual(expected);
  });

  it('reports offsets into the copy', () => {
    const copy = `${origin}\n\nA new paragraph about a separate hearing next week at City Hall in the evening.`;
    const [span] = addedParagraphs(copy, origin);
    expect(copy.slice(span!.start, span!.end)).toBe(span!.text);
  });
});
