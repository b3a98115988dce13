import type { DedupMatch, DedupResult, DedupVerdict, Fingerprint } from '../domain/types.js';
import type { Thresholds } from '../config.js';
import { intersectionSize } from './fingerprint.js';

// Verdicts from strongest to weakest claim of being a copy.
const RANK: Record<DedupVerdict, number> = {
  duplicate: 5,
  'near-duplicate': 4,
  contained: 3,
  rewrite: 2,
  'same-story': 1,
  new: 0,
};

/** Every verdict, strongest first: what the API and the article index accept. */
export const DEDUP_VERDICTS = Object.keys(RANK) as DedupVerdict[];

/** Overlap below this is noise (a shared stock phrase) and is not reported as a match at all. */
const MATCH_FLOOR = 0.02;
const MAX_MATCHES = 5;

/**
 * Compares a document with candidate documents. Jaccard tells copies from edits; containment
 * (share of the smaller document's shingles found in the other) catches teasers, excerpts and
 * pages that embed a whole article, whose Jaccard stays low.
 */
export function judgeDuplicates(
  doc: Fingerprint,
  candidates: Iterable<Fingerprint>,
  thresholds: Thresholds,
  /**
   * 3-shingles of a document by id (the query's included), for comparing a very short text with
   * a longer one; a pair whose 3-shingles are unknown is compared as it is.
   */
  threeShingles?: (docId: string) => Uint32Array | undefined,
): DedupResult {
  const scored: { match: DedupMatch; verdict: DedupVerdict }[] = [];
  for (const other of candidates) {
    if (other.docId === doc.docId) continue;
    const match = compare(...atCommonSize(doc, other, threeShingles));
    if (match.containment < MATCH_FLOOR) continue;
    scored.push({ match, verdict: verdictOf(match, thresholds) });
  }
  scored.sort(
    (a, b) =>
      RANK[b.verdict] - RANK[a.verdict] ||
      b.match.jaccard - a.match.jaccard ||
      b.match.containment - a.match.containment ||
      a.match.doc.localeCompare(b.match.doc),
  );
  return {
    verdict: scored[0]?.verdict ?? 'new',
    matches: scored.slice(0, MAX_MATCHES).map((s) => s.match),
  };
}

/** Both fingerprints at the same shingle size: 3 when either text is very short. */
function atCommonSize(
  a: Fingerprint,
  b: Fingerprint,
  threeShingles?: (docId: string) => Uint32Array | undefined,
): [Fingerprint, Fingerprint] {
  if (a.shingleSize === b.shingleSize || !threeShingles) return [a, b];
  const as3 = (f: Fingerprint): Fingerprint | undefined => {
    const shingles = f.shingleSize === 3 ? f.shingles : threeShingles(f.docId);
    return shingles && { ...f, shingles, shingleSize: 3 };
  };
  const [a3, b3] = [as3(a), as3(b)];
  return a3 && b3 ? [a3, b3] : [a, b];
}

const COPIES: ReadonlySet<DedupVerdict> = new Set([
  'duplicate',
  'near-duplicate',
  'contained',
  'rewrite',
]);

/** The document this one is a copy of (duplicate, near-duplicate, contained or rewrite), if any. */
export function copyOrigin(result: DedupResult): DedupMatch | null {
  return COPIES.has(result.verdict) ? (result.matches[0] ?? null) : null;
}

export function compare(a: Fingerprint, b: Fingerprint): DedupMatch {
  if (a.textHash === b.textHash)
    return { doc: b.docId, source: b.source, jaccard: 1, containment: 1 };
  const shared = intersectionSize(a.shingles, b.shingles);
  const union = a.shingles.length + b.shingles.length - shared;
  const smaller = Math.min(a.shingles.length, b.shingles.length);
  return {
    doc: b.docId,
    source: b.source,
    jaccard: union === 0 ? 0 : round(shared / union),
    containment: smaller === 0 ? 0 : round(shared / smaller),
  };
}

export function verdictOf(m: DedupMatch, t: Thresholds): DedupVerdict {
  if (m.jaccard >= t.duplicateJaccard) return 'duplicate';
  if (m.jaccard >= t.nearDuplicateJaccard) return 'near-duplicate';
  if (m.containment >= t.containedContainment) return 'contained';
  if (m.containment >= t.sameStoryContainment) return 'same-story';
  return 'new';
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
