// A rewrite: an article whose statements mostly restate one document, though its words (and so
// its shingles) differ. Content farms spin a story sentence by sentence, and an upstream article
// and the seed that rewrote it share facts more than phrasing: shingles call them same-story or
// new, the statement judgement (restatement.ts) sees the same statements. Decided after the
// statements are judged, so it refines the shingle verdict rather than replacing it.
import type { AssessedStatement, DedupMatch, DedupResult } from '../domain/types.js';

/**
 * At least this share of an article's statements restate (or repeat) one document. On the
 * coverage-dev pages used for tuning, same-story pages reach at most 0.40 and rewrites 0.50;
 * on the pages kept aside, same-story pages reach 0.44 and the two rewrites 0.57 and 0.71.
 */
export const REWRITE_MIN_SHARE = 0.5;
/** And at least this many of them: a page of two sentences is too short to call a rewrite. */
export const REWRITE_MIN_STATEMENTS = 3;

/** Shingle verdicts a rewrite may refine: a copy is already a copy. */
const REFINABLE = new Set(['same-story', 'new']);

/**
 * The dedup result with the rewrite verdict when the statements show one, the document
 * rewritten as its top match (its shingle scores kept when it had any); else the result as it was.
 */
export function rewriteVerdict(
  dedup: DedupResult,
  statements: readonly AssessedStatement[],
  ownDoc: string,
): DedupResult {
  // The writer's own sentences only: quotes shared with a document show a shared source (two
  // articles quoting one press release, or the release itself), not a rewrite of its account.
  const claims = statements.filter((s) => s.kind === 'claim');
  if (!REFINABLE.has(dedup.verdict) || claims.length === 0) return dedup;
  const restating = new Map<string, { n: number; match: DedupMatch }>();
  for (const s of claims) {
    const n = s.nearest;
    if ((s.novelty !== 'known' && s.novelty !== 'restated') || !n || n.doc === ownDoc) continue;
    // A reviewer's decision is not a document an article can rewrite.
    if (n.source === 'confirmed') continue;
    const seen = restating.get(n.doc);
    if (seen) seen.n++;
    else {
      const match = dedup.matches.find((m) => m.doc === n.doc) ?? {
        doc: n.doc,
        source: n.source ?? 'seed',
        jaccard: 0,
        containment: 0,
      };
      restating.set(n.doc, { n: 1, match });
    }
  }
  let best: { n: number; match: DedupMatch } | null = null;
  for (const r of restating.values()) if (!best || r.n > best.n) best = r;
  if (!best || best.n < REWRITE_MIN_STATEMENTS || best.n / claims.length < REWRITE_MIN_SHARE) {
    return dedup;
  }
  const top = best.match;
  return {
    verdict: 'rewrite',
    // As many matches as before (judgeDuplicates' cap), the rewritten document first.
    matches: [top, ...dedup.matches.filter((m) => m.doc !== top.doc)].slice(
      0,
      Math.max(1, dedup.matches.length),
    ),
  };
}
