import { describe, expect, it } from 'vitest';
import { addedParagraphs } from '../../src/dedup/added-paragraphs.js';
import { regroup, summarizeFamily } from '../../src/dedup/family.js';
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
/** A seed document the family started from. */
const origin = (doc: string, publishedAt: string | null): FamilyMember => ({
  doc,
  source: 'seed',
  publishedAt,
  verdict: null,
  jaccard: null,
  containment: null,
  joinedAt: '2025-10-01T00:00:00Z',
  origin: null,
});

/** A member with a timeline key and the document it copies (null: the family started from it). */
const linked = (doc: string, timeline: string, origin: string | null): FamilyMember => ({
  ...member(doc, null, '2025-10-07T10:00:00Z'),
  timeline,
  origin,
});
const docsOf = (f: Family) => f.members.map((m) => m.doc);

describe('regroup: families from copy links', () => {
  it('starts a family from the origin and adds the copy', () => {
    const { families, retired } = regroup(
      [null, null],
      [
        { ...member('a', '2025-10-06', '2025-10-06T10:00:00Z'), origin: 'seed-1' },
        origin('seed-1', '2025-10-05'),
      ],
    );
    expect(families).toHaveLength(1);
    expect(families[0]).toMatchObject({ id: 'seed-1', first: 'seed-1' });
    expect(retired).toEqual([]);
    expect(families[0]!.members.map((m) => [m.doc, m.verdict])).toEqual([
      ['seed-1', null],
      ['a', 'duplicate'],
    ]);
  });

  it('names a copy first, and the family after it, when it was published earlier than the origin', () => {
    const { families } = regroup(
      [null],
      [
        { ...member('upstream', '2025-10-04', '2025-10-06T10:00:00Z'), origin: 'seed-1' },
        origin('seed-1', '2025-10-06'),
      ],
    );
    expect(summarizeFamily(families[0]!)).toEqual({
      id: 'upstream',
      first: 'upstream',
      firstPublishedAt: '2025-10-04',
      size: 2,
    });
  });

  it('does not let a date alone displace an undated document seen first', () => {
    const { families } = regroup(
      [null],
      [
        { ...member('copy', '2025-10-05', '2025-10-06T10:00:00Z'), origin: 'seed-1' },
        origin('seed-1', null),
      ],
    );
    expect(families[0]!.first).toBe('seed-1');
  });

  it('adds each document once, and changes nothing, when it is analysed again', () => {
    const once = regroup([null], [linked('a', '1', null), linked('b', '2', 'a')]);
    const twice = regroup([once.families[0]!], [linked('b', '2', 'a')]);
    expect(twice.families.map(docsOf)).toEqual([['a', 'b']]);
    expect(twice).toMatchObject({ retired: [], alone: [], moved: [] });
  });

  it.each([
    ['in arrival order', ['b', 'c']],
    ['in reverse', ['c', 'b']],
  ])('follows the timeline keys, not the joining order (%s)', (_name, order) => {
    const at = (doc: string) => ({ a: '1', b: '2', c: '3' })[doc]!;
    let f: Family | null = null;
    for (const doc of order) {
      f = regroup([f], [linked(doc, at(doc), 'a'), linked('a', '1', null)]).families[0]!;
    }
    expect(f!.first).toBe('a');
    expect(docsOf(f!)).toEqual(['a', 'b', 'c']);
  });

  it('merges the family a copy headed into its origin’s when an earlier version arrives late', () => {
    const old: Family = {
      id: 'b',
      first: 'b',
      members: [linked('b', '2', null), linked('c', '3', 'b')],
    };
    const { families, retired, moved } = regroup(
      [old, null],
      [linked('b', '2', 'a'), linked('a', '1', null)],
    );
    expect(families.map((f) => [f.first, docsOf(f)])).toEqual([['a', ['a', 'b', 'c']]]);
    expect(retired).toEqual(['b']);
    // Both copies now name another first version; `a` started the family and names none.
    expect(moved).toEqual(['b', 'c']);
  });

  it('splits a family when the link that held it together moves: the copies of the mover go with it', () => {
    // a ← b ← c, and a ← d: b now copies x (another family), taking c along.
    const old: Family = {
      id: 'a',
      first: 'a',
      members: [
        linked('a', '1', null),
        linked('b', '2', 'a'),
        linked('c', '3', 'b'),
        linked('d', '4', 'a'),
      ],
    };
    const other: Family = {
      id: 'x',
      first: 'x',
      members: [linked('x', '0', null), linked('y', '5', 'x')],
    };
    const { families, retired, moved } = regroup([old, other], [linked('b', '2', 'x')]);
    expect(families.map((f) => [f.first, docsOf(f)])).toEqual([
      ['a', ['a', 'd']],
      ['x', ['x', 'b', 'c', 'y']],
    ]);
    expect(retired).toEqual([]);
    expect(moved).toEqual(['b', 'c']);
  });

  it('leaves a document with no copies in no family, and retires a family of one', () => {
    const old: Family = {
      id: 'a',
      first: 'a',
      members: [linked('a', '1', null), linked('b', '2', 'a')],
    };
    const { families, retired, alone, moved } = regroup([old], [linked('b', '2', null)]);
    expect(families).toEqual([]);
    expect(retired).toEqual(['a']);
    expect(alone.sort()).toEqual(['a', 'b']);
    expect(moved).toEqual([]);
  });

  it('links members stored before links were recorded to their family’s first', () => {
    const legacy = (doc: string, timeline: string): FamilyMember => ({
      ...member(doc, null, 'x'),
      timeline,
    });
    const old: Family = {
      id: 'a',
      first: 'a',
      members: [legacy('a', '1'), legacy('b', '2'), legacy('c', '3')],
    };
    const { families } = regroup([old], [linked('d', '4', 'c')]);
    expect(families.map(docsOf)).toEqual([['a', 'b', 'c', 'd']]);
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
