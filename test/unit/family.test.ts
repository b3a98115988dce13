import { describe, expect, it } from 'vitest';
import { addedParagraphs } from '../../src/dedup/added-paragraphs.js';
import { joinFamily, leaveFamily, summarizeFamily } from '../../src/dedup/family.js';
import type { Family, FamilyMember } from '../../src/domain/types.js';

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
    const { family: f, retired } = joinFamily(
      null,
      null,
      origin('seed-1', '2025-10-05'),
      member('a', '2025-10-06', '2025-10-06T10:00:00Z'),
    );
    expect(f).toMatchObject({ id: 'seed-1', first: 'seed-1' });
    expect(retired).toEqual([]);
    expect(f!.members.map((m) => [m.doc, m.verdict])).toEqual([
      ['seed-1', null],
      ['a', 'duplicate'],
    ]);
  });

  it('names a copy first, and the family after it, when it was published earlier than the origin', () => {
    const { family } = joinFamily(
      null,
      null,
      origin('seed-1', '2025-10-06'),
      member('upstream', '2025-10-04', '2025-10-06T10:00:00Z'),
    );
    expect(summarizeFamily(family!)).toEqual({
      id: 'upstream',
      first: 'upstream',
      firstPublishedAt: '2025-10-04',
      size: 2,
    });
  });

  it('does not let a date alone displace an undated document seen first', () => {
    const { family } = joinFamily(
      null,
      null,
      origin('seed-1', null),
      member('copy', '2025-10-05', '2025-10-06T10:00:00Z'),
    );
    expect(family!.first).toBe('seed-1');
  });

  it('adds each document once, even when it is analysed again', () => {
    const once = joinFamily(
      null,
      null,
      origin('s', null),
      member('a', null, '2025-10-06T10:00:00Z'),
    );
    const twice = joinFamily(
      once.family,
      once.family,
      origin('s', null),
      member('a', null, '2025-10-07T10:00:00Z'),
    );
    expect(twice.family!.members).toHaveLength(2);
    expect(twice.retired).toEqual([]);
  });

  it.each([
    ['in arrival order', ['b', 'c'], 'a'],
    ['in reverse', ['c', 'b'], 'a'],
  ])('follows the timeline keys, not the joining order (%s)', (_name, order, first) => {
    const at = (doc: string) => ({ a: '1', b: '2', c: '3' })[doc]!;
    let f: Family | null = null;
    for (const doc of order) {
      f = joinFamily(
        f,
        null,
        { ...origin('a', null), source: 'ingested', timeline: at('a') },
        { ...member(doc, null, '2025-10-07T10:00:00Z'), timeline: at(doc) },
      ).family;
    }
    expect(f!.first).toBe(first);
    expect(f!.members.map((m) => m.doc)).toEqual(['a', 'b', 'c']);
  });

  it('merges the family a copy headed into its origin’s when an earlier version arrives late', () => {
    const keyed = (doc: string, timeline: string): FamilyMember => ({
      ...member(doc, null, '2025-10-07T10:00:00Z'),
      timeline,
    });
    const old: Family = {
      id: 'b',
      first: 'b',
      members: [{ ...keyed('b', '2'), verdict: null }, keyed('c', '3')],
    };
    const { family, retired } = joinFamily(
      null,
      old,
      { ...origin('a', null), source: 'ingested', timeline: '1' },
      keyed('b', '2'),
    );
    expect(family).toMatchObject({ id: 'a', first: 'a' });
    expect(family!.members.map((m) => m.doc)).toEqual(['a', 'b', 'c']);
    expect(retired).toEqual(['b']);
  });
});

describe('leaveFamily', () => {
  const f: Family = {
    id: 'a',
    first: 'a',
    members: [
      { ...member('a', null, 'x'), timeline: '1' },
      { ...member('b', null, 'x'), timeline: '2' },
      { ...member('c', null, 'x'), timeline: '3' },
    ],
  };
  it.each([
    ['a member leaves, the rest stay', f, 'c', { id: 'a', members: ['a', 'b'] }, []],
    ['a family of one is no family', { ...f, members: f.members.slice(0, 2) }, 'b', null, ['a']],
    ['a non-member changes nothing', f, 'z', { id: 'a', members: ['a', 'b', 'c'] }, []],
  ])('%s', (_name, family, doc, expected, retired) => {
    const change = leaveFamily(family, doc);
    expect(
      change.family && {
        id: change.family.id,
        members: change.family.members.map((m) => m.doc),
      },
    ).toEqual(expected);
    expect(change.retired).toEqual(retired);
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
