// A reviewer's decision on a queued statement. Confirming it (new, or already known) makes it
// part of what is known, so later articles repeating it are not flagged again; any other
// decision takes it back out.
import type { ReviewDecisionKind, ReviewEntry } from '../domain/article-record.js';
import { NewsmonError } from '../errors.js';
import type { DocumentStore } from '../store/document.store.js';
import type { ReviewStore } from '../store/review.store.js';

const JOINS_KNOWN: readonly ReviewDecisionKind[] = ['confirmed-new', 'already-known'];

export interface DecisionInput {
  decision: ReviewDecisionKind;
  note?: string | null;
  reviewer: string;
}

/** The pseudo-document a settled statement is known under. */
export function confirmedDocId(itemId: string): string {
  return `review/${itemId}`;
}

export async function decideReview(
  deps: { reviews: ReviewStore; documents: DocumentStore },
  id: string,
  input: DecisionInput,
  now: Date,
): Promise<ReviewEntry> {
  const decision = {
    decision: input.decision,
    note: input.note?.trim() || null,
    reviewer: input.reviewer,
    at: now.toISOString(),
  };
  const entry = await deps.reviews.decide(id, decision, (tx, item) => {
    const docId = confirmedDocId(item.id);
    if (!JOINS_KNOWN.includes(decision.decision)) {
      deps.documents.removeKnownTo(tx, docId);
      return;
    }
    deps.documents.addKnownTo(tx, {
      docId,
      source: 'confirmed',
      kind: item.claim.kind,
      text: item.claim.text,
      speaker: item.claim.speaker,
      key: item.id,
      at: decision.at,
    });
  });
  if (!entry) throw new NewsmonError('REVIEW_NOT_FOUND', id);
  return entry;
}
