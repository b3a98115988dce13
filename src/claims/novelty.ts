// Is a statement new? Compared against every statement already known (seed corpus, ingested
// articles, confirmed reviews), found through the statement index (statement-index.ts): known,
// restated, variant, conflict or new, with the evidence. Whether a sentence restates a known
// one is restatement.ts's judgement, the same that `newsmon compare` measures.
// Its parts: what is known and under which id (known-statements.ts), the known statements a
// statement is compared with (novelty-candidates.ts), what differs and what the reviewer is
// shown of it (novelty-evidence.ts). This file is the verdict. See docs/statement-layer.md.

import type {
  KnownStatement,
  NearestStatement,
  Novelty,
  NumberConflict,
  Quantity,
  StatementKind,
  WordDiff,
} from '../domain/types.js';
import { words } from '../text/normalize.js';
import { MIN_CONTENT_WORDS } from './known-statements.js';
import {
  closestKnown,
  type Judged,
  type Scored,
  carriedBy,
  sameSpeaker,
} from './novelty-candidates.js';
import {
  addedWords,
  EVIDENCE_MIN,
  nearestOf,
  negationChanged,
  numberConflict,
  straddles,
  termsWithout,
  wordDiff,
} from './novelty-evidence.js';
import { parseQuantities } from './quantity-parse.js';
import { restatement, type TermWeight } from './restatement.js';
import { readSentence, type Reading } from './sentence-reading.js';
import { isPersonName } from './speaker-name.js';
import { joinedReading, knownRead, readingOf } from './known-reads.js';
import {
  adjacentId,
  contentTerms,
  idfOf,
  type StatementFilter,
  type StatementIndex,
} from './statement-index.js';
import { sharedIds, termIdsOf } from './statement-lookup.js';

// The stage's entry points stay importable from here (the pipeline, revision-diff.ts, eval),
// wherever their part is defined.
export { statementKey, statementsOf, visibleAt } from './known-statements.js';
export { EVIDENCE_MIN } from './novelty-evidence.js';

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
 * A quote sharing this much of its words with a known statement, but not all of them in order,
 * is a variant: changed quoted words matter (a misquote), so quotes are not judged by
 * restatement. (A claim's rewording is restatement.ts's to judge.)
 */
export const VARIANT_MIN_CONTAINMENT = 0.5;
/**
 * Same statement with a different number: the words other than numbers overlap at least this
 * much and the numbers disagree ("1,000-percent" vs "500-percent").
 */
export const CONFLICT_MIN_CONTAINMENT = 0.7;

/** The verdict on one statement, with the evidence a reviewer needs to judge it. */
export interface NoveltyResult {
  novelty: Novelty;
  nearest: NearestStatement | null;
  diff: WordDiff | null;
  conflict: NumberConflict | null;
  /** Set for a quote known word for word but credited to someone else earlier (a variant). */
  misattribution?: { speaker: string; earlier: string };
}

/** What the pipeline gives the restatement judgement: term weights from the known statements. */
export function termWeightOf(index: StatementIndex): TermWeight {
  return idfOf(index);
}

/**
 * Known, restated, variant, conflict or new, against the closest known statements. Closest is
 * by content words contained, then word pairs in order, then speaker agreement; a conflict is
 * looked for among the few closest, since the statement it contradicts differs from it in a
 * number and so rarely ranks first.
 *
 * - known: every word of it is in one known statement, in order (a repeat or a fragment).
 * - conflict: the same words about the same thing with a different number.
 * - a direct quote sharing half its words with a known quote is a variant (a misquote matters).
 * - a claim that restates a known statement, or two adjacent ones together, is restated
 *   (quiet); one that would, but adds a number or a negation, is a variant showing the words it
 *   adds; anything else is new.
 * The nearest statement is given for new only when it is evidence (EVIDENCE_MIN).
 */
export function assessNovelty(
  statement: {
    kind: StatementKind;
    text: string;
    speaker: string | null;
    quantities?: Quantity[];
    /** A quote's form: reported speech is judged like any sentence, not as quoted words. */
    form?: 'direct' | 'reported';
    /**
     * The statement runs to the end of a text cut off mid-sentence (an excerpt): its last word
     * may be cut too ("any law enf"), so it is also judged without it. A part of a word is no
     * word the known statements could have.
     */
    cutAtEnd?: boolean;
  },
  index: StatementIndex,
  visible: StatementFilter | null = null,
  weight: TermWeight = termWeightOf(index),
): NoveltyResult {
  if (statement.cutAtEnd) {
    // The last word may be whole or cut: judged as it stands first, and without it if that
    // finds it unknown.
    const asIs = assessNovelty({ ...statement, cutAtEnd: false }, index, visible, weight);
    const whole = statement.text.replace(/\s+\S+\s*$/, '');
    if (asIs.novelty === 'known' || asIs.novelty === 'restated' || whole === statement.text) {
      return asIs;
    }
    if (!whole.trim()) return asIs;
    statement = { ...statement, text: whole, cutAtEnd: false };
  }
  const terms = contentTerms(statement.text);
  const none: NoveltyResult = { novelty: 'new', nearest: null, diff: null, conflict: null };
  if (terms.size === 0) return none;
  const close = closestKnown(statement, terms, index, visible);
  const best = close[0];
  if (!best) return none;
  // `theirs` is the text's reading when it is not the known statement's own (two joined).
  const judge = (id: number, known: KnownStatement, text: string, theirs?: Reading): Judged => ({
    id,
    known,
    text,
    r: restatement(
      reading,
      theirs ?? readingOf(knownRead(index, id)),
      weight,
      carriedBy(index, known.docId),
    ),
  });

  const reading = readSentence(statement.text);
  // Same words, but "not" is a stop word to the index: a negation dropped or added within the
  // stretch of the known text the statement covers is no repeat.
  const sameWords = (containment: number, pairs: number, text: string) =>
    containment >= KNOWN_MIN_CONTAINMENT &&
    (pairs >= KNOWN_MIN_PAIRS || (terms.size < MIN_CONTENT_WORDS && pairs === 1)) &&
    !negationChanged(statement.text, text);
  // Any of the close candidates, not only the best ranked: a quote that runs on past a known
  // quote is still all in the known sentence that holds it.
  const repeated = close.find((c) => sameWords(c.containment, c.pairs, c.known.text));
  if (repeated) {
    const other = misattributed(statement, close);
    if (other) {
      return {
        novelty: 'variant',
        nearest: nearestOf(judge(other.id, other.known, other.known.text)),
        diff: null,
        conflict: null,
        misattribution: { speaker: statement.speaker!, earlier: other.known.speaker! },
      };
    }
    const j = judge(repeated.id, repeated.known, repeated.known.text);
    return { novelty: 'known', nearest: nearestOf(j), diff: null, conflict: null };
  }
  // A quote or sentence running over two adjacent known sentences is known in the same words too,
  // in either order: a copy that puts the second before the first (a quote completed with the
  // words the previous sentence quoted) says nothing the two did not.
  const own = words(statement.text);
  for (const c of close.slice(0, 2)) {
    if (c.containment < VARIANT_MIN_CONTAINMENT) break;
    for (const side of [-1, 1] as const) {
      const nextId = adjacentId(index, c.id, side);
      if (nextId < 0) continue;
      const next = knownRead(index, nextId);
      for (const [first, second] of [
        [next, c.read],
        [c.read, next],
      ] as const) {
        if (
          straddles(own, first.words, second.words) &&
          sameWords(1, 1, `${first.known.text} ${second.known.text}`)
        ) {
          const j = judge(c.id, c.known, c.known.text);
          return { novelty: 'known', nearest: nearestOf(j), diff: null, conflict: null };
        }
      }
    }
  }

  const ours = statement.quantities ?? parseQuantities(statement.text);
  if (ours.length > 0) {
    for (const c of close) {
      const conflict = numberConflict(ours, parseQuantities(c.known.text));
      if (!conflict) continue;
      const plain = termsWithout(terms, ours);
      const plainShared =
        plain.size > 0 ? sharedIds(termIdsOf(plain, index), index, c.id) / plain.size : 0;
      if (plainShared >= CONFLICT_MIN_CONTAINMENT) {
        const j = judge(c.id, c.known, c.known.text);
        return { novelty: 'conflict', nearest: nearestOf(j), diff: null, conflict };
      }
    }
  }
  if (statement.kind === 'quote' && statement.form !== 'reported') {
    // Quoted words against quoted words: a changed word is a misquote, which a reviewer must see.
    // Against a known plain sentence (a paraphrase of the speaker), restatement judges, below.
    const like = close.find(
      (c) => c.containment >= VARIANT_MIN_CONTAINMENT && c.known.kind === 'quote',
    );
    if (terms.size >= MIN_CONTENT_WORDS && like) {
      return {
        novelty: 'variant',
        nearest: nearestOf(judge(like.id, like.known, like.known.text)),
        diff: wordDiff(statement.text, like.known.text),
        conflict: null,
      };
    }
  }

  const judged = close.map((c) => judge(c.id, c.known, c.known.text));
  judged.sort((a, b) => b.r.score - a.r.score);
  let top = judged.find((j) => j.r.restated) ?? judged[0]!;
  if (!top.r.restated) {
    // What two adjacent known sentences say together (one long sentence split in two).
    for (const j of judged.slice(0, 2)) {
      for (const side of [-1, 1] as const) {
        const nextId = adjacentId(index, j.id, side);
        if (nextId < 0) continue;
        const next = knownRead(index, nextId).known;
        const text = side < 0 ? `${next.text} ${j.text}` : `${j.text} ${next.text}`;
        const pair = judge(j.id, j.known, text, joinedReading(knownRead(index, j.id), side, text));
        if (pair.r.restated || pair.r.score > top.r.score) top = pair;
        if (pair.r.restated) break;
      }
      if (top.r.restated) break;
    }
  }
  if (top.r.restated) {
    return { novelty: 'restated', nearest: nearestOf(top), diff: null, conflict: null };
  }
  if (top.r.same) {
    // Says what a known statement says, but adds a number or a negation: what it adds is shown.
    return {
      novelty: 'variant',
      nearest: nearestOf(top),
      diff: addedWords(top.r, readSentence(top.text), reading),
      conflict: null,
    };
  }
  return evidenceOnly(top);
}

/** A new statement, with its nearest known one only if that is evidence. */
function evidenceOnly(j: Judged): NoveltyResult {
  return {
    novelty: 'new',
    nearest: j.r.score >= EVIDENCE_MIN ? nearestOf(j) : null,
    diff: null,
    conflict: null,
  };
}

/**
 * The same quoted words credited to someone else: a known quote of these words (all of its content
 * words, most word pairs) has a speaker, and none of them is ours. Only when both sides name a
 * person — a quote without a speaker, or a sentence that merely contains the words, is no
 * attribution, and a description ("the DHS spokeswoman", "a social media post", "the department")
 * may be the named person or the channel that relayed them: on the coverage dev pages, 5 of the
 * 12 exact seed quotes flagged were such pairs, and none was a real misattribution.
 */
function misattributed(
  statement: { kind: StatementKind; speaker: string | null; form?: 'direct' | 'reported' },
  close: readonly Scored[],
): Scored | null {
  if (
    statement.kind !== 'quote' ||
    statement.form === 'reported' ||
    !statement.speaker ||
    !isPersonName(statement.speaker)
  )
    return null;
  const same = close.filter(
    (c) =>
      c.known.kind === 'quote' &&
      !!c.known.speaker &&
      isPersonName(c.known.speaker) &&
      c.containment >= KNOWN_MIN_CONTAINMENT &&
      c.pairs >= KNOWN_MIN_PAIRS,
  );
  if (same.some((c) => sameSpeaker(statement.speaker, c.known.speaker))) return null;
  return same[0] ?? null;
}
