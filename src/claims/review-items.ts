// What goes to the reviewer and how a statement's sighting is filed: pure rules the analysis
// handler applies inside its transaction.
import type {
  ArticleRecord,
  ArticleRef,
  ReviewEntry,
  Sighting,
  StatementTimeline,
} from '../domain/article-record.js';
import type { Analysis, AssessedStatement, Novelty } from '../domain/types.js';
import { lines } from '../text/normalize.js';

/** Only these reach the queue: the reviewer sees what is not already known. */
export const FLAGGED_NOVELTY: readonly Novelty[] = ['new', 'variant', 'conflict'];

/** Said before, in the same or in other words: the statement joins the known one's history. */
export function isKnown(s: { novelty: Novelty }): boolean {
  return s.novelty === 'known' || s.novelty === 'restated';
}

/**
 * The statements of a relevant article a reviewer must see. `within` limits them to the
 * sentences a revision added (its unchanged sentences were judged with the earlier version).
 */
export function flaggedStatements(
  analysis: Analysis,
  within: ((s: AssessedStatement) => boolean) | null,
): AssessedStatement[] {
  if (!analysis.relevance.relevant) return [];
  return analysis.claims.filter(
    (s) => FLAGGED_NOVELTY.includes(s.novelty) && (!within || within(s)),
  );
}

/** The statements of an article that its analysis puts in front of a reviewer. */
export function flaggedIdsOf(record: Pick<ArticleRecord, 'analysis' | 'revisions'>): string[] {
  const a = record.analysis;
  if (!a?.relevance.relevant) return [];
  const last = record.revisions.at(-1);
  const revision = a.scope?.reason === 'revision' && last ? last.added : null;
  return a.claims
    .filter(
      (c) =>
        FLAGGED_NOVELTY.includes(c.novelty) &&
        // As the analysis handler does for a revision: only the sentences it added.
        (!revision || revision.some((p) => c.start >= p.start && c.end <= p.end)),
    )
    .map((c) => c.id);
}

/**
 * The statement a sighting belongs to: a known (or restated) statement joins the timeline of the
 * one it matched, so the article that said it first and every repeat share one history; anything
 * else starts or extends its own.
 */
export function provenanceKey(s: AssessedStatement): string {
  return isKnown(s) && s.nearest?.key ? s.nearest.key : s.id;
}

/** The corpus document (or reviewer decision) a known statement came from, if not an article. */
export function knownFrom(s: AssessedStatement): StatementTimeline['knownFrom'] {
  const n = s.nearest;
  if (!isKnown(s) || !n || n.source === 'ingested') return null;
  return { doc: n.doc, source: n.source ?? 'seed', text: n.text };
}

export function sightingOf(
  s: AssessedStatement,
  article: ArticleRef,
  seenAt: string,
  timeline?: string,
): Sighting {
  return {
    article,
    seenAt,
    ...(timeline === undefined ? {} : { timeline }),
    novelty: s.novelty,
    text: s.text,
    speaker: s.speaker,
  };
}

/** An item as stored, with its JSON as read (the store rewrites it only if unchanged). */
export interface StoredItem {
  entry: ReviewEntry;
  raw: string;
}

/** What an analysis does to the review queue. */
export interface ReviewPlan {
  create: ReviewEntry[];
  /** Items rewritten: their first sighting moved here, or this article (their first) judged again. */
  replace: { raw: string; entry: ReviewEntry }[];
  /** Undecided items this article first flagged and flags no more. */
  withdraw: StoredItem[];
}

/** Where an item's first sighting sorts on the timeline; items stored before keys by their date. */
function itemOrder(e: ReviewEntry): string {
  return e.timeline ?? e.article.publishedAt ?? e.createdAt;
}

/**
 * Each flagged statement's item follows the timeline, whatever order articles are analysed in:
 * a new statement gets an item; an item first sighted in an article published later moves its
 * first sighting here; an item first sighted here is brought up to date. An item this article
 * flagged before and no longer does is withdrawn while nobody has decided on it. Status,
 * decisions and creation time always stay.
 */
export function planReviewItems(
  article: { id: string; ref: ArticleRef; text: string; timeline: string },
  flagged: readonly AssessedStatement[],
  before: readonly string[],
  stored: ReadonlyMap<string, StoredItem>,
  at: string,
): ReviewPlan {
  const plan: ReviewPlan = { create: [], replace: [], withdraw: [] };
  const sighting = (claim: AssessedStatement) => ({
    articleId: article.id,
    claim,
    article: article.ref,
    context: paragraphContext(article.text, claim.start, claim.end),
    timeline: article.timeline,
  });
  for (const claim of flagged) {
    const item = stored.get(claim.id);
    if (!item) {
      plan.create.push({
        id: claim.id,
        status: 'pending',
        createdAt: at,
        updatedAt: at,
        ...sighting(claim),
        decisions: [],
      });
      continue;
    }
    const e = item.entry;
    const here = e.articleId === article.id;
    if (!here && !(article.timeline < itemOrder(e))) continue;
    const next: ReviewEntry = { ...e, ...sighting(claim) };
    if (here && JSON.stringify({ ...next, updatedAt: e.updatedAt }) === JSON.stringify(e)) continue;
    plan.replace.push({ raw: item.raw, entry: { ...next, updatedAt: at } });
  }
  const now = new Set(flagged.map((c) => c.id));
  for (const id of before) {
    const item = stored.get(id);
    if (
      item &&
      !now.has(id) &&
      item.entry.articleId === article.id &&
      item.entry.status === 'pending' &&
      item.entry.decisions.length === 0
    ) {
      plan.withdraw.push(item);
    }
  }
  return plan;
}

/** The paragraph holding a statement, with the statement's offsets inside it. */
export function paragraphContext(
  text: string,
  start: number,
  end: number,
): { text: string; start: number; end: number } {
  const para = lines(text).find((l) => l.start <= start && start < l.end);
  if (!para) return { text: text.slice(start, end), start: 0, end: end - start };
  const to = Math.min(end, para.end);
  return { text: para.text, start: start - para.start, end: to - para.start };
}
