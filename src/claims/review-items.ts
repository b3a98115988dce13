// What goes to the reviewer and how a statement's sighting is filed: pure rules the analysis
// handler applies inside its transaction.
import type { ArticleRef, Sighting, StatementTimeline } from '../domain/article-record.js';
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

export function sightingOf(s: AssessedStatement, article: ArticleRef, seenAt: string): Sighting {
  return { article, seenAt, novelty: s.novelty, text: s.text, speaker: s.speaker };
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
