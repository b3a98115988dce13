// Is a statement new? Compared against every statement already known (seed corpus, ingested
// articles, confirmed reviews), found through the statement index (statement-index.ts): known,
// restated, variant, conflict or new, with the evidence. Whether a sentence restates a known
// one is restatement.ts's judgement, the same that `newsmon compare` measures.

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
import { isPersonName } from './speaker-find.js';
import { findQuotes } from './quote-find.js';
import { analysedText, STATEMENT_LIMITS } from './statement-limits.js';
import {
  carriedOf,
  readSentence,
  restatement,
  type Carried,
  type Reading,
  type Restatement,
  type TermWeight,
} from './restatement.js';
import {
  adjacentStatement,
  candidates,
  contentTerms,
  idfOf,
  sharedIds,
  statementAt,
  termIdsOf,
  timelineOrder,
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
 * A quote sharing this much of its words with a known statement, but not all of them in order,
 * is a variant: changed quoted words matter (a misquote), so quotes are not judged by
 * restatement. (A claim's rewording is restatement.ts's to judge.)
 */
export const VARIANT_MIN_CONTAINMENT = 0.5;
/**
 * The nearest known statement is evidence from this restatement score up; below it the card
 * says "nothing similar known". Measured on STS-B news (`npm run eval -- paraphrase`): the
 * threshold that best tells pairs sharing some details (gold ≥ 2) from the rest, 2,270/2,794 =
 * 0.812 on train and 308/370 = 0.832 on dev.
 */
export const EVIDENCE_MIN = 0.17;
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
  /** Set for a quote known word for word but credited to someone else earlier (a variant). */
  misattribution?: { speaker: string; earlier: string };
}

/** What the pipeline gives the restatement judgement: term weights from the known statements. */
export function termWeightOf(index: StatementIndex): TermWeight {
  return idfOf(index);
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

/**
 * What a document adds to what is known: its direct quotes, and every sentence as a claim.
 * Reported speech ("She added that a crowd required special operations") is known as the
 * sentence that carries it, not as a quote: its words are the writer's, so a later direct quote
 * of the same speaker in other words is no misquote of them (the misquote rule compares quoted
 * words with quoted words), only a restatement to judge.
 */
export function statementsOf(
  docId: string,
  source: StatementSource,
  fullText: string,
  at?: string,
): KnownStatement[] {
  // Known up to the same cap as analysed (statement-limits.ts): a huge page costs no more here.
  const text = analysedText(fullText, STATEMENT_LIMITS);
  const quotes: KnownStatement[] = findQuotes(text)
    .filter((q) => q.form === 'direct')
    .map((q) => known(docId, source, 'quote', q.text, q.speaker, at));
  // Every sentence, not only those findClaims scores high: a later quote may repeat a sentence
  // of this document that was never a claim (seed 003 prints a DHS statement as plain text).
  const claims: KnownStatement[] = sentences(text)
    .map(withoutDatePrefix)
    .filter((s) => contentTerms(s.text).size >= MIN_CONTENT_WORDS)
    .map((s) => known(docId, source, 'claim', s.text, null, at));
  return [...quotes, ...claims];
}

/**
 * What a document at `key` on the timeline (analyze/timeline.ts) may count as known: the corpus,
 * and statements of documents published before it — never those merely processed before it, so
 * the verdicts do not depend on arrival or reprocessing order. Nothing it said itself counts,
 * unless `ownToo` (a revision judged against its earlier version).
 */
export function visibleAt(docId: string, key: string, ownToo: boolean): StatementFilter {
  return (s) =>
    (ownToo || s.docId !== docId) && (s.at === undefined || s.docId === docId || s.at < key);
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

/** A known statement (or two adjacent ones) and how the statement judged against it fares. */
interface Judged {
  id: number;
  text: string;
  known: KnownStatement;
  r: Restatement;
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
  const ownPairs = wordPairs(words(statement.text));
  const termIds = termIdsOf(terms, index);
  const close = candidates(termIds, terms.size, index, visible)
    .map((id) => ({ id, containment: sharedIds(termIds, index, id) / terms.size }))
    // Ties go to the statement earliest on the timeline, so that which few are looked at closely
    // does not depend on the order documents were indexed in.
    .sort((a, b) => b.containment - a.containment || timelineOrder(index, a.id, b.id))
    .slice(0, CLOSE_CANDIDATES)
    .map((c): Scored => ({ ...c, known: statementAt(index, c.id), pairs: 0, rank: 0 }));
  for (const c of close) {
    const k = c.known;
    c.pairs = ownPairs.size > 0 ? shared(ownPairs, wordPairs(words(k.text))) / ownPairs.size : 0;
    c.rank = c.containment + 0.5 * c.pairs + (sameSpeaker(statement.speaker, k.speaker) ? 0.01 : 0);
  }
  close.sort((a, b) => b.rank - a.rank);
  const best = close[0];
  if (!best) return none;
  const judge = (id: number, known: KnownStatement, text: string): Judged => ({
    id,
    known,
    text,
    r: restatement(reading, readSentence(text), weight, carriedBy(index, known.docId)),
  });
  const nearestOf = (j: Judged): NearestStatement => ({
    doc: j.known.docId,
    source: j.known.source,
    text: j.text,
    speaker: j.known.speaker,
    score: round(j.r.score),
    key: j.known.key ?? null,
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
      const next = adjacentStatement(index, c.id, side);
      if (next === null) continue;
      for (const [first, second] of [
        [next.text, c.known.text],
        [c.known.text, next.text],
      ] as const) {
        if (straddles(own, words(first), words(second)) && sameWords(1, 1, `${first} ${second}`)) {
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
        const next = adjacentStatement(index, j.id, side);
        if (next === null) continue;
        const text = side < 0 ? `${next.text} ${j.text}` : `${j.text} ${next.text}`;
        const pair = judge(j.id, j.known, text);
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
  return evidenceOnly(top, nearestOf);
}

// What each document carries, read once per version of its statement list: byDoc's list is
// replaced when a document is removed and grows in place when statements are added.
const carriedCache = new WeakMap<number[], { n: number; carried: Carried }>();

/** The names, numbers and dates a known document states (restatement.ts Carried). */
function carriedBy(index: StatementIndex, docId: string): Carried {
  const ids = index.byDoc.get(docId);
  if (!ids) return new Set();
  const hit = carriedCache.get(ids);
  if (hit && hit.n === ids.length) return hit.carried;
  const texts: string[] = [];
  for (const id of ids) {
    if (!index.live[id]) continue;
    // Every sentence is a claim; its quotes say nothing more.
    const s = statementAt(index, id);
    if (s.kind === 'claim') texts.push(s.text);
  }
  const carried = carriedOf(texts);
  carriedCache.set(ids, { n: ids.length, carried });
  return carried;
}

/** A new statement, with its nearest known one only if that is evidence. */
function evidenceOnly(j: Judged, nearestOf: (j: Judged) => NearestStatement): NoveltyResult {
  return {
    novelty: 'new',
    nearest: j.r.score >= EVIDENCE_MIN ? nearestOf(j) : null,
    diff: null,
    conflict: null,
  };
}

/** The content words each side has that the other lacks: what a variant adds and drops. */
function addedWords(r: Restatement, known: Reading, ours: Reading): WordDiff {
  const a = r.added;
  const inOurs = new Set(ours.tokens.map((t) => t.lemma));
  const removed = [...new Set(known.tokens.filter((t) => !inOurs.has(t.lemma)).map((t) => t.term))];
  const added = [...a.numbers, ...a.dates, ...a.names, ...a.other];
  if (ours.negated && !known.negated) added.unshift('not');
  if (known.negated && !ours.negated) removed.unshift('not');
  return { removed, added };
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

const NEGATION_WORD = /^(?:not|no|never|nor|none|nothing|nobody|neither)$|n't$/;

/** Whether a negation word is on one side only, over the stretch of the known text covered. */
function negationChanged(ours: string, theirs: string): boolean {
  const d = wordDiff(ours, theirs);
  return d.added.some((w) => NEGATION_WORD.test(w)) || d.removed.some((w) => NEGATION_WORD.test(w));
}

/**
 * Whether the words run from the end of `first` into the start of `second`: a head whose word
 * pairs are all in `first` and a tail whose pairs are all in `second` (a quote or sentence that
 * spans two known sentences). Each part's own words must be found in its sentence in order, and
 * each must have MIN_CONTENT_WORDS content words: a tail of one or two words ("in distress")
 * found anywhere in the other sentence would let a changed word through as a repeat.
 */
function straddles(own: string[], first: string[], second: string[]): boolean {
  const inFirst = wordPairs(first);
  const inSecond = wordPairs(second);
  const firstWords = new Set(first);
  const secondWords = new Set(second);
  // head[k]: own[0..k) lies in first; tail[k]: own[k..) lies in second.
  let k = 0;
  while (
    k < own.length &&
    firstWords.has(own[k]!) &&
    (k === 0 || inFirst.has(`${own[k - 1]} ${own[k]}`))
  )
    k++;
  const long = (part: string[]) => contentTerms(part.join(' ')).size >= MIN_CONTENT_WORDS;
  for (let split = Math.min(k, own.length - 1); split >= 1; split--) {
    if (!long(own.slice(split))) continue;
    if (!long(own.slice(0, split))) break;
    let ok = true;
    for (let i = split; i < own.length && ok; i++) {
      ok = secondWords.has(own[i]!) && (i === split || inSecond.has(`${own[i - 1]} ${own[i]}`));
    }
    if (ok) return true;
  }
  return false;
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
