import type { ArticleRecord } from '../domain/article-record.js';

/**
 * The outlet an article is shown under: the name its page gives itself, else the outlet of the
 * first feed that delivered it, else null (the page then shows the address's host).
 */
export function outletOf(
  siteName: string | null,
  feedIds: readonly string[],
  feedOutlets: ReadonlyMap<string, string>,
): string | null {
  if (siteName) return siteName;
  for (const id of feedIds) {
    const outlet = feedOutlets.get(id);
    if (outlet) return outlet;
  }
  return null;
}

/** The list view of an article: what a reviewer scans, without the text. */
export function articleSummary(r: ArticleRecord) {
  const best = r.analysis?.dedup.matches[0] ?? null;
  const newClaims = r.analysis?.claims.filter((c) => c.novelty === 'new').length ?? null;
  const flags = r.article?.flags ?? null;
  const incomplete = Boolean(flags && (flags.paywalled || flags.partial || flags.truncated));
  return {
    id: r.id,
    url: r.url,
    title: r.article?.title ?? r.hints?.title ?? null,
    siteName: r.article?.siteName ?? null,
    publishedAt: r.article?.publishedAt ?? r.hints?.publishedAt ?? null,
    status: r.status,
    error: r.error,
    relevant: r.analysis?.relevance.relevant ?? null,
    relevance: r.analysis?.relevance.score ?? null,
    verdict: r.analysis?.dedup.verdict ?? null,
    matched: best,
    newClaims,
    flags,
    // "No new claims" in text that is known to be incomplete says little: show it as such.
    claimsNote: incomplete && newClaims === 0 ? 'partial text' : null,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
