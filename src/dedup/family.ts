// Dedup families: copies of one text, named after the version published first. Pure.
import { corpusKey } from '../analyze/timeline.js';
import type { Family, FamilyMember, FamilySummary } from '../domain/types.js';

/** A family after a change, and the ids of families it replaced (to be deleted). */
export interface FamilyChange {
  family: Family | null;
  retired: string[];
}

/**
 * Where a member sorts on the timeline (analyze/timeline.ts): its timeline key; for a corpus
 * document its date, or '' when undated — no date is not a late date, so an undated document is
 * never displaced by a date alone. Members stored before keys existed sort by their date.
 */
export function memberOrder(m: FamilyMember): string {
  if (m.timeline !== undefined) return m.timeline;
  return m.source === 'ingested' ? (m.publishedAt ?? m.joinedAt) : corpusKey(m.publishedAt);
}

function byTimeline(a: FamilyMember, b: FamilyMember): number {
  const x = memberOrder(a);
  const y = memberOrder(b);
  return x < y ? -1 : x > y ? 1 : a.doc < b.doc ? -1 : a.doc > b.doc ? 1 : 0;
}

/** Members in timeline order; the family is named after the first, whatever order they came in. */
function settle(members: FamilyMember[], previous: (Family | null)[]): FamilyChange {
  const sorted = [...members].sort(byTimeline);
  const first = sorted[0]!.doc;
  const retired = [...new Set(previous.flatMap((f) => (f && f.id !== first ? [f.id] : [])))];
  return { family: { id: first, first, members: sorted }, retired };
}

/**
 * Adds a copy to the family of its origin (starting one from the origin when it has none). A copy
 * that headed a family of its own — an earlier version arrived after its copies — brings that
 * family along: the two merge under whichever member was published first.
 */
export function joinFamily(
  originFamily: Family | null,
  ownFamily: Family | null,
  origin: Omit<FamilyMember, 'verdict' | 'jaccard' | 'containment'>,
  member: FamilyMember,
): FamilyChange {
  const byDoc = new Map<string, FamilyMember>();
  byDoc.set(origin.doc, { ...origin, verdict: null, jaccard: null, containment: null });
  for (const f of [originFamily, ownFamily]) for (const m of f?.members ?? []) byDoc.set(m.doc, m);
  byDoc.set(member.doc, member);
  return settle([...byDoc.values()], [originFamily, ownFamily]);
}

/**
 * Takes a document that is no longer a copy out of its family; a family left with one member
 * is no family.
 */
export function leaveFamily(family: Family, doc: string): FamilyChange {
  const rest = family.members.filter((m) => m.doc !== doc);
  if (rest.length === family.members.length) return { family, retired: [] };
  if (rest.length < 2) return { family: null, retired: [family.id] };
  return settle(rest, [family]);
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
