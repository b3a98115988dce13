// Dedup families: copies of one text, named after the version published first. Pure.
import { corpusKey } from '../analyze/timeline.js';
import type { Family, FamilyMember, FamilySummary } from '../domain/types.js';

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

/**
 * Families recomputed from copy links. Each member records the document it copies (`origin`, null
 * for the one it started from); a family is a set of documents joined by those links, named after
 * the member first on the timeline. `previous` are the families the change touches (the analysed
 * document's and its origin's), `changed` the members whose link is new or moved. Computed this
 * way rather than by joining and leaving, a family splits when a link that held it together moves
 * (an earlier version arriving late takes some copies along and leaves others) and merges only
 * through a link that still exists, so what families come out depends on the links alone, not on
 * the order documents were analysed in.
 */
export interface Regrouping {
  families: Family[];
  /** Ids of the previous families that no longer exist. */
  retired: string[];
  /** Members of the previous families that are now in none (a document left with no copies). */
  alone: string[];
  /** Copies (members with a link) whose family's first version is not what it was. */
  moved: string[];
}

export function regroup(
  previous: readonly (Family | null)[],
  changed: readonly FamilyMember[],
): Regrouping {
  const byDoc = new Map<string, FamilyMember>();
  const firstBefore = new Map<string, string>();
  const oldIds = new Set<string>();
  for (const f of previous) {
    if (!f || oldIds.has(f.id)) continue;
    oldIds.add(f.id);
    for (const m of f.members) {
      byDoc.set(m.doc, m);
      firstBefore.set(m.doc, f.first);
    }
  }
  for (const m of changed) byDoc.set(m.doc, m);
  const parent = new Map<string, string>([...byDoc.keys()].map((d) => [d, d]));
  const find = (d: string): string => {
    let root = d;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(d, root);
    return root;
  };
  for (const m of byDoc.values()) {
    // Members stored before links were recorded copy their family's first.
    const link = m.origin === undefined ? firstBefore.get(m.doc) : m.origin;
    if (link && link !== m.doc && byDoc.has(link)) parent.set(find(m.doc), find(link));
  }
  const groups = new Map<string, FamilyMember[]>();
  for (const m of byDoc.values()) {
    const root = find(m.doc);
    const group = groups.get(root);
    if (group) group.push(m);
    else groups.set(root, [m]);
  }
  const families: Family[] = [];
  const alone: string[] = [];
  const firstAfter = new Map<string, string>();
  for (const members of groups.values()) {
    if (members.length < 2) {
      if (firstBefore.has(members[0]!.doc)) alone.push(members[0]!.doc);
      continue;
    }
    const sorted = [...members].sort(byTimeline);
    const first = sorted[0]!.doc;
    families.push({ id: first, first, members: sorted });
    for (const m of sorted) firstAfter.set(m.doc, first);
  }
  families.sort((a, b) => (a.id < b.id ? -1 : 1));
  const kept = new Set(families.map((f) => f.id));
  const moved = [...byDoc.values()]
    .filter((m) => m.origin !== null && firstBefore.get(m.doc) !== firstAfter.get(m.doc))
    .map((m) => m.doc);
  return { families, retired: [...oldIds].filter((id) => !kept.has(id)), alone, moved };
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
