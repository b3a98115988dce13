import type { Family, FamilyMember, FamilySummary } from '../domain/types.js';

/**
 * Adds a copy to the family of its origin (starting the family from the origin when it has
 * none) and names who had the text first: the one seen first, unless a later-seen member was
 * demonstrably published earlier — an undated document is never displaced by a date alone,
 * since no date is not a late date.
 */
export function joinFamily(
  family: Family | null,
  origin: Omit<FamilyMember, 'verdict' | 'jaccard' | 'containment'>,
  member: FamilyMember,
): Family {
  const base: Family = family ?? {
    id: origin.doc,
    first: origin.doc,
    members: [{ ...origin, verdict: null, jaccard: null, containment: null }],
  };
  const members = base.members.some((m) => m.doc === member.doc)
    ? base.members.map((m) => (m.doc === member.doc ? member : m))
    : [...base.members, member];
  const bySeen = [...members].sort((a, b) => a.joinedAt.localeCompare(b.joinedAt));
  const first = bySeen.reduce((best, m) =>
    best.publishedAt && m.publishedAt && m.publishedAt < best.publishedAt ? m : best,
  );
  return { id: base.id, first: first.doc, members };
}

export function summarizeFamily(f: Family): FamilySummary {
  const first = f.members.find((m) => m.doc === f.first);
  return {
    id: f.id,
    first: f.first,
    firstPublishedAt: first?.publishedAt ?? null,
    size: f.members.length,
  };
}
