// Is a statement new? Compared against every statement already known (seed corpus, ingested
// articles, confirmed reviews), found through the statement index (statement-index.ts): known,
// variant, conflict or new, with the evidence.

import { createHash } from 'node:crypto';
import type {
  KnownStatement,
  NearestStatement,
  Novelty,
  NumberConflict,
  Quantity,
  StatementKind,
  StatementSource,
  WordDiff,
} from '../domain/types.js';
import { sentences, words } from '../text/normalize.js';
import { withoutDatePrefix } from './claim-find.js';
import { parseQuantities, sameAmount, sameMeasure } from './quantity-parse.js';
import { findQuotes } from './quote-find.js';
import {
  candidates,
  contentTerms,
  sharedIds,
  statementAt,
  termIdsOf,
  type StatementFilter,
  type StatementIndex,
} from './statement-index.js';

/**
 * Known means every content word of the statement is in one known statement (containment, not
 * Jaccard: a quote is usually a fragment of a longer corpus sentence) and most of its word pairs
 * are too, in order. The pairs tolerate drift in small words ("the", "has") and punctuation;
 * a changed content word ("in trouble" for "in distress") makes it a variant, which a reviewer
 * should see.
 */
export const KNOWN_MIN_CONTAINMENT = 1;
export const KNOWN_MIN_PAIRS = 0.75;
/**
 * From here up to KNOWN a statement is a rewording or a part of a known one. On the coverage-dev
 * labels, paraphrased seed sentences score 0.40-0.55 and new sentences up to 0.57: the ranges
 * overlap, and 0.5 keeps most paraphrases without calling many new sentences variants.
 */
export const VARIANT_MIN_CONTAINMENT = 0.5;
/**
 * Same statement with a different number: the words other than numbers overlap at least this
 * much and the numbers disagree ("1,000-percent" vs "500-percent").
 */
export const CONFLICT_MIN_CONTAINMENT = 0.7;
/** Statements shorter than this in content words are too generic to compare. */
export const MIN_CONTENT_WORDS = 3;
/** Of the index's candidates, the best few by word containment also get the (costlier) word-pair and number checks. */
const CLOSE_CANDIDATES = 8;

/** The verdict on one statement, with the evidence a reviewer needs to judge it. */
export interface NoveltyResult {
  novelty: Novelty;
  nearest: NearestStatement | null;
  diff: WordDiff | null;
  conflict: NumberConflict | null;
}

/**
 * The stable id of a statement: its normalised words and, for a quote, its speaker's head word.
 * The same words quoted from the same person are one statement wherever and whenever they are
 * seen, so reprocessing an article never makes a second review item; the head word (surname,
 * or "department") keeps "Yoes", "Patrick Yoes" and "National FOP President Patrick Yoes" one.
 */
export function statementKey(kind: StatementKind, text: string, speaker: string | null): string {
  const who = kind === 'quote' ? speakerHead(speaker) : '';
  return createHash('sha256')
    .update(`${kind}\n${who}\n${words(text).join(' ')}`)
    .digest('hex')
    .slice(0, 20);
}

/** The last word of a speaker's name, lower case, without a possessive: "Yoes", "dhs". */
export function speakerHead(speaker: string | null): string {
  const ws = speaker ? words(speaker) : [];
  return (ws[ws.length - 1] ?? '').replace(/'s$/, '');
}

/** What a document adds to what is known: its quotes, and every sentence as a claim. */
export function statementsOf(
  docId: string,
  source: StatementSource,
  text: string,
  at?: string,
): KnownStatement[] {
  const quotes: KnownStatement[] = findQuotes(text).map((q) =>
    known(docId, source, 'quote', q.text, q.speaker, at),
  );
  // Every sentence, not only those findClaims scores high: a later quote may repeat a sentence
  // of this document that was never a claim (seed 003 prints a DHS statement as plain text).
  const claims: KnownStatement[] = sentences(text)
    .map(withoutDatePrefix)
    .filter((s) => contentTerms(s.text).size >= MIN_CONTENT_WORDS)
    .map((s) => known(docId, source, 'claim', s.text, null, at));
  return [...quotes, ...claims];
}

/**
 * What a document first analysed at `firstAnalyzedAt` may count as known: nothing it said
 * itself (unless `ownToo`, for a revision judged against its earlier version), and nothing
 * known only since — so re-analysing the article that introduced a statement still finds it new,
 * though later articles repeated it and a reviewer confirmed it.
 */
export function visibleAt(
  docId: string,
  firstAnalyzedAt: string,
  ownToo: boolean,
): StatementFilter {
  return (s) =>
    (ownToo || s.docId !== docId) &&
    (s.at === undefined || s.docId === docId || s.at <= firstAnalyzedAt);
}

function known(
  docId: string,
  source: StatementSource,
  kind: StatementKind,
  text: string,
  speaker: string | null,
  at: string | undefined,
): KnownStatement {
  const key = statementKey(kind, text, speaker);
  return { docId, source, kind, text, speaker, key, ...(at ? { at } : {}) };
}

interface Scored {
  id: number;
  /** The known statement, made only for the few close candidates. */
  known: KnownStatement;
  containment: number;
  pairs: number;
  rank: number;
}

/**
 * Known, variant, conflict or new, against the closest known statement. Closest is by content
 * words contained, then word pairs in order, then speaker agreement; a conflict is looked for
 * among the few closest, since the statement it contradicts differs from it in a number and so
 * rarely ranks first.
 */
export function assessNovelty(
  statement: {
    kind: StatementKind;
    text: string;
    speaker: string | null;
    quantities?: Quantity[];
  },
  index: StatementIndex,
  visible: StatementFilter | null = null,
): NoveltyResult {
  const terms = contentTerms(statement.text);
  const none: NoveltyResult = { novelty: 'new', nearest: null, diff: null, conflict: null };
  if (terms.size === 0) return none;
  const ownPairs = wordPairs(words(statement.text));
  const termIds = termIdsOf(terms, index);
  const close = candidates(termIds, terms.size, index, visible)
    .map((id) => ({ id, containment: sharedIds(termIds, index, id) / terms.size }))
    .sort((a, b) => b.containment - a.containment)
    .slice(0, CLOSE_CANDIDATES)
    .map((c): Scored => ({ ...c, known: statementAt(index, c.id), pairs: 0, rank: 0 }));
  for (const c of close) {
    const k = c.known;
    c.pairs = ownPairs.size > 0 ? shared(ownPairs, wordPairs(words(k.text))) / ownPairs.size : 0;
    c.rank = c.containment + 0.5 * c.pairs + (sameSpeaker(statement.speaker, k.speaker) ? 0.01 : 0);
  }
  close.sort((a, b) => b.rank - a.rank);
  const best = close[0];
  const nearestOf = (c: Scored): NearestStatement => {
    const k = c.known;
    return {
      doc: k.docId,
      source: k.source,
      text: k.text,
      speaker: k.speaker,
      score: round(c.containment),
      key: k.key ?? null,
    };
  };
  if (!best) return none;

  const knownNow =
    best.containment >= KNOWN_MIN_CONTAINMENT &&
    (best.pairs >= KNOWN_MIN_PAIRS || (terms.size < MIN_CONTENT_WORDS && best.pairs === 1));
  if (knownNow) return { novelty: 'known', nearest: nearestOf(best), diff: null, conflict: null };

  const ours = statement.quantities ?? parseQuantities(statement.text);
  if (ours.length > 0) {
    for (const c of close) {
      const conflict = numberConflict(ours, parseQuantities(c.known.text));
      if (!conflict) continue;
      const plain = termsWithout(terms, ours);
      const plainShared =
        plain.size > 0 ? sharedIds(termIdsOf(plain, index), index, c.id) / plain.size : 0;
      if (plainShared >= CONFLICT_MIN_CONTAINMENT) {
        return { novelty: 'conflict', nearest: nearestOf(c), diff: null, conflict };
      }
    }
  }
  const like = close.find((c) => c.containment >= VARIANT_MIN_CONTAINMENT);
  if (terms.size >= MIN_CONTENT_WORDS && like) {
    return {
      novelty: 'variant',
      nearest: nearestOf(like),
      diff: wordDiff(statement.text, like.known.text),
      conflict: null,
    };
  }
  return { ...none, nearest: nearestOf(best) };
}

/**
 * A number of ours and one of theirs measure the same thing (kind and unit) and differ, and
 * theirs does not also state ours elsewhere ("up from 100 to 1,000" states both). A hedge alone
 * ("about 30 agents" against "30 agents") is the same amount, not a contradiction.
 */
function numberConflict(ours: Quantity[], theirs: Quantity[]): NumberConflict | null {
  for (const q of ours) {
    if (theirs.some((t) => sameAmount(q, t))) continue;
    const other = theirs.find((t) => sameMeasure(q, t) && t.normalized !== q.normalized);
    if (other) {
      return { kind: q.kind, unit: q.unit, ours: q.normalized, theirs: other.normalized };
    }
  }
  return null;
}

/** Content words outside the quantities' own text: what the numbers are about. */
function termsWithout(terms: Set<string>, quantities: Quantity[]): Set<string> {
  const numeric = new Set(quantities.flatMap((q) => [...contentTerms(q.text)]));
  return new Set([...terms].filter((t) => !numeric.has(t)));
}

/**
 * The words that differ between a statement and the known one it rewords, over the stretch of
 * the known text the statement covers (a quote is usually part of a longer known sentence).
 */
export function wordDiff(ours: string, theirs: string): WordDiff {
  const a = words(ours);
  const full = words(theirs);
  const inA = new Set(a);
  const inFull = new Set(full);
  const first = full.findIndex((w) => inA.has(w));
  const last = full.findLastIndex((w) => inA.has(w));
  // Words of ours before its first (after its last) shared word replace as many of theirs
  // just outside the shared stretch: "… officers in distress" against "… officers in trouble, …".
  const lead = Math.max(
    0,
    a.findIndex((w) => inFull.has(w)),
  );
  const trail = a.length - 1 - a.findLastIndex((w) => inFull.has(w));
  const b =
    first < 0
      ? full
      : full.slice(
          Math.max(0, first - lead),
          Math.min(full.length, last + 1 + (trail < a.length ? trail : 0)),
        );
  // Longest common subsequence; statements are a sentence long, so the table stays small.
  const dp = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
    }
  }
  const removed: string[] = [];
  const added: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
    } else if (dp[i + 1]![j]! >= dp[i]![j + 1]!) added.push(a[i++]!);
    else removed.push(b[j++]!);
  }
  added.push(...a.slice(i));
  removed.push(...b.slice(j));
  return { removed, added };
}

function wordPairs(ws: string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 1; i < ws.length; i++) out.add(`${ws[i - 1]} ${ws[i]}`);
  return out;
}

function shared(terms: Iterable<string>, known: Set<string>): number {
  let n = 0;
  for (const t of terms) if (known.has(t)) n++;
  return n;
}

function sameSpeaker(speaker: string | null, other: string | null | undefined): boolean {
  return !!speaker && !!other && speakerHead(speaker) === speakerHead(other);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
