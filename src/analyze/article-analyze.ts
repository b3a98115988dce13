// The analysis stage: relevance, dedup and claims of one document against what is known.
// Pure: the daemon feeds it from Redis, the `check` command from a corpus directory in memory.
import { findClaims } from '../claims/claim-find.js';
import { assessNovelty, statementKey } from '../claims/novelty.js';
import type { StatementFilter, StatementIndex } from '../claims/statement-index.js';
import { findQuotes } from '../claims/quote-find.js';
import { addedParagraphs, type Span } from '../dedup/added-paragraphs.js';
import { copyOrigin } from '../dedup/dedup-verdict.js';
import { rewriteVerdict } from '../dedup/rewrite-verdict.js';
import type { Analysis, AssessedStatement, DedupResult, Fingerprint } from '../domain/types.js';
import { words } from '../text/normalize.js';
import { scoreRelevance, type StoryMatcher } from '../relevance/relevance-score.js';

export interface AnalysisInput {
  id: string;
  title: string | null;
  text: string;
  publishedAt: string | null;
  fingerprint: Fingerprint;
}

export interface AnalysisContext {
  story: StoryMatcher;
  statements: StatementIndex;
  /** Which known statements this document may be compared with (see visibleAt); all if null. */
  visible?: StatementFilter | null;
}

/** The part of a text that is new: what a copy adds to its origin, or a revision to its past. */
export interface ClaimScope {
  reason: 'copy' | 'revision';
  spans: Span[];
}

/**
 * Relevance and claims of a document whose dedup verdict is known. A copy's claims are only
 * those in the paragraphs it adds to its origin (new facts in syndicated copies hide there; the
 * rest is the origin's). A revision keeps all its claims — its unchanged sentences come out
 * known against its own previous version — and records which sentences it adds.
 */
export function analyzeDocument(
  input: AnalysisInput,
  ctx: AnalysisContext,
  dedup: DedupResult,
  scope: ClaimScope | null,
): Analysis {
  const relevance = scoreRelevance(input, ctx.story);
  let claims = assessStatements(input.id, input.text, ctx.statements, ctx.visible ?? null);
  if (scope?.reason === 'copy') {
    claims = claims.filter((c) => inScope(c, scope));
  }
  return {
    relevance,
    // A copy's verdict stands; otherwise its statements may show it rewrites one document.
    dedup: scope?.reason === 'copy' ? dedup : rewriteVerdict(dedup, claims, input.id),
    claims,
    scope: scope && {
      reason: scope.reason,
      spans: scope.spans.length,
      words: scope.spans.reduce((n, p) => n + words(p.text).length, 0),
    },
  };
}

export function inScope(c: { start: number; end: number }, scope: ClaimScope): boolean {
  return scope.spans.some((p) => c.start >= p.start && c.end <= p.end);
}

/** The paragraphs a copy adds to its origin, as a claim scope; null when it is not a copy. */
export function copyScope(
  text: string,
  dedup: DedupResult,
  originText: string | null,
): ClaimScope | null {
  return originText !== null && copyOrigin(dedup)
    ? { reason: 'copy', spans: addedParagraphs(text, originText) }
    : null;
}

/**
 * How worth checking a quote is: the claim signals of its own words (a number in a quote is
 * checkable as any other), on a floor, since someone on the record said it; a quote nobody can
 * be named for is harder to check and ranks a little lower.
 */
export const QUOTE_BASE_WORTHINESS = 0.4;

/** Quotes first, then factual sentences that are not themselves a quote. */
export function assessStatements(
  _docId: string,
  text: string,
  index: StatementIndex,
  visible: StatementFilter | null = null,
): AssessedStatement[] {
  const out = new Map<string, AssessedStatement>();
  const quotes = findQuotes(text);
  for (const q of quotes) {
    const signals = findClaims(q.text);
    const best = signals.reduce((m, c) => (c.score > m.score ? c : m), {
      score: 0,
      reasons: [] as string[],
    });
    const quantities = signals.flatMap((c) => c.quantities);
    const worthiness = round2(
      (QUOTE_BASE_WORTHINESS + (1 - QUOTE_BASE_WORTHINESS) * best.score) * (q.speaker ? 1 : 0.8),
    );
    const verdict = assessNovelty(
      { kind: 'quote', text: q.text, speaker: q.speaker, quantities, form: q.form },
      index,
      visible,
    );
    add(out, {
      id: statementKey('quote', q.text, q.speaker),
      kind: 'quote',
      text: q.text,
      speaker: q.speaker,
      speakerRole: q.speakerRole,
      start: q.start,
      end: q.end,
      worthiness,
      reasons: ['quoted statement', ...best.reasons],
      quantities,
      ...verdict,
    });
  }
  for (const c of findClaims(text)) {
    // A sentence that mostly is a quotation is already assessed as that quote.
    const quoted = quotes.reduce((n, q) => n + overlap(q.start, q.end, c.start, c.end), 0);
    if (quoted > (c.end - c.start) / 2) continue;
    const verdict = assessNovelty(
      { kind: 'claim', text: c.text, speaker: null, quantities: c.quantities },
      index,
      visible,
    );
    add(out, {
      id: statementKey('claim', c.text, null),
      kind: 'claim',
      text: c.text,
      speaker: null,
      speakerRole: null,
      start: c.start,
      end: c.end,
      worthiness: c.score,
      reasons: c.reasons,
      quantities: c.quantities,
      ...verdict,
    });
  }
  return [...out.values()].sort((a, b) => a.start - b.start || a.kind.localeCompare(b.kind));
}

// The same words said twice in one article are one statement: the first mention stands.
function add(out: Map<string, AssessedStatement>, s: AssessedStatement): void {
  if (!out.has(s.id)) out.set(s.id, s);
}

function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
