// The analysis stage: relevance, dedup and claims of one document against what is known.
// Pure: the daemon feeds it from Redis, the `check` command from a corpus directory in memory.
import { signalScore } from '../claims/claim-find.js';
import { forgetKnownReads } from '../claims/known-reads.js';
import { assessNovelty, statementKey } from '../claims/novelty.js';
import type { StatementFilter, StatementIndex } from '../claims/statement-index.js';
import { scanQuotes } from '../claims/quote-find.js';
import { statementItems } from '../claims/statement-items.js';
import {
  analysedText,
  STATEMENT_LIMITS,
  type StatementLimits,
} from '../claims/statement-limits.js';
import { addedParagraphs, type Span } from '../dedup/added-paragraphs.js';
import { copyOrigin } from '../dedup/dedup-verdict.js';
import { rewriteVerdict } from '../dedup/rewrite-verdict.js';
import type {
  Analysis,
  AssessedStatement,
  DedupResult,
  Fingerprint,
  TruncatedCap,
  Truncation,
} from '../domain/types.js';
import { parseQuantities } from '../claims/quantity-parse.js';
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
  /** Caps on the statement layer's work; STATEMENT_LIMITS if absent. */
  limits?: StatementLimits;
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
  const assessed = assessStatements(
    input.id,
    input.text,
    ctx.statements,
    ctx.visible ?? null,
    ctx.limits,
  );
  let claims = assessed.statements;
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
    truncated: assessed.truncated,
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

/**
 * The statements of a text, one item each (statement-items.ts), with their novelty. Up to the
 * caps of `limits`: past one, the text is assessed up to it and the result says which cap cut it.
 */
export function assessStatements(
  _docId: string,
  fullText: string,
  index: StatementIndex,
  visible: StatementFilter | null = null,
  limits: StatementLimits = STATEMENT_LIMITS,
): { statements: AssessedStatement[]; truncated: Truncation | null } {
  try {
    return assessEach(fullText, index, visible, limits);
  } finally {
    forgetKnownReads(index);
  }
}

function assessEach(
  fullText: string,
  index: StatementIndex,
  visible: StatementFilter | null,
  limits: StatementLimits,
): { statements: AssessedStatement[]; truncated: Truncation | null } {
  const caps: TruncatedCap[] = [];
  const text = analysedText(fullText, limits);
  if (text.length < fullText.length) caps.push('text');
  const { quotes, marksCapped } = scanQuotes(text, { maxQuoteMarks: limits.maxQuoteMarks });
  if (marksCapped) caps.push('quote marks');
  let items = statementItems(text, quotes);
  if (items.length > limits.maxStatements) {
    caps.push('statements');
    items = items.slice(0, limits.maxStatements);
  }
  const out = new Map<string, AssessedStatement>();
  // A text that stops without closing its sentence was cut off (an excerpt): the statement that
  // runs to its end may end in part of a word.
  const body = text.trimEnd();
  const cutOff = body.length > 0 && !/[.!?…\u201D\u2019"')\]]$/.test(body);
  const cutAtEnd = (end: number) => cutOff && end >= body.length;
  for (const item of items) {
    if (item.kind === 'quote') {
      const q = item.quote;
      const best = signalScore(item.text);
      const worthiness = round2(
        (QUOTE_BASE_WORTHINESS + (1 - QUOTE_BASE_WORTHINESS) * best.score) * (q.speaker ? 1 : 0.8),
      );
      // Offsets into the quote's own text, as before: an interrupted quote's parts are joined.
      const quantities = parseQuantities(item.text);
      const verdict = assessNovelty(
        {
          kind: 'quote',
          text: item.text,
          speaker: q.speaker,
          quantities,
          form: q.form,
          cutAtEnd: cutAtEnd(item.end),
        },
        index,
        visible,
      );
      add(out, {
        id: statementKey('quote', item.text, q.speaker),
        kind: 'quote',
        text: item.text,
        speaker: q.speaker,
        speakerRole: q.speakerRole,
        start: item.start,
        end: item.end,
        worthiness,
        reasons: ['quoted statement', ...best.reasons],
        quantities,
        ...verdict,
      });
      continue;
    }
    const c = item.claim;
    const verdict = assessNovelty(
      {
        kind: 'claim',
        text: c.text,
        speaker: null,
        quantities: c.quantities,
        cutAtEnd: cutAtEnd(c.end),
      },
      index,
      visible,
    );
    add(out, {
      id: statementKey('claim', c.text, null),
      kind: 'claim',
      text: c.text,
      speaker: item.speaker?.speaker ?? null,
      speakerRole: item.speaker?.speakerRole ?? null,
      start: c.start,
      end: c.end,
      worthiness: c.score,
      reasons: item.speaker ? [...c.reasons, 'partly quoted'] : c.reasons,
      quantities: c.quantities,
      ...verdict,
    });
  }
  const statements = [...out.values()].sort(
    (a, b) => a.start - b.start || a.kind.localeCompare(b.kind),
  );
  const truncated: Truncation | null =
    caps.length > 0
      ? {
          flag: 'truncated-for-analysis',
          caps,
          analysedChars: caps.includes('text') ? text.length : fullText.length,
          textChars: fullText.length,
        }
      : null;
  return { statements, truncated };
}

// The same words said twice in one article are one statement: the first mention stands.
function add(out: Map<string, AssessedStatement>, s: AssessedStatement): void {
  if (!out.has(s.id)) out.set(s.id, s);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
