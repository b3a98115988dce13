// What differs between a statement and a known one, word by word, and what the reviewer is
// shown of it: the words changed over the stretch the statement covers, a negation on one side
// only, a number that measures the same thing and disagrees, the words a variant adds, whether
// a statement runs across two adjacent known sentences, and the nearest known statement, which
// is evidence only from EVIDENCE_MIN up.
import type { NearestStatement, NumberConflict, Quantity, WordDiff } from '../domain/types.js';
import { words } from '../text/normalize.js';
import { MIN_CONTENT_WORDS } from './known-statements.js';
import { wordPairs } from './known-reads.js';
import type { Judged } from './novelty-candidates.js';
import { sameAmount, sameMeasure } from './quantity-parse.js';
import type { Restatement } from './restatement.js';
import type { Reading } from './sentence-reading.js';
import { contentTerms } from './statement-index.js';

/**
 * The nearest known statement is evidence from this restatement score up; below it the card
 * says "nothing similar known". Measured on STS-B news (`npm run eval -- paraphrase`): the
 * threshold that best tells pairs sharing some details (gold ≥ 2) from the rest, 2,270/2,794 =
 * 0.812 on train and 308/370 = 0.832 on dev.
 */
export const EVIDENCE_MIN = 0.17;

/** The nearest known statement as the reviewer's card shows it. */
export function nearestOf(j: Judged): NearestStatement {
  return {
    doc: j.known.docId,
    source: j.known.source,
    text: j.text,
    speaker: j.known.speaker,
    score: round(j.r.score),
    key: j.known.key ?? null,
  };
}

/** The content words each side has that the other lacks: what a variant adds and drops. */
export function addedWords(r: Restatement, known: Reading, ours: Reading): WordDiff {
  const a = r.added;
  const inOurs = new Set(ours.tokens.map((t) => t.lemma));
  const removed = [...new Set(known.tokens.filter((t) => !inOurs.has(t.lemma)).map((t) => t.term))];
  const added = [...a.numbers, ...a.dates, ...a.names, ...a.other];
  if (ours.negated && !known.negated) added.unshift('not');
  if (known.negated && !ours.negated) removed.unshift('not');
  return { removed, added };
}

/**
 * A number of ours and one of theirs measure the same thing (kind and unit) and differ, and
 * theirs does not also state ours elsewhere ("up from 100 to 1,000" states both). A hedge alone
 * ("about 30 agents" against "30 agents") is the same amount, not a contradiction.
 */
export function numberConflict(ours: Quantity[], theirs: Quantity[]): NumberConflict | null {
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
export function termsWithout(terms: Set<string>, quantities: Quantity[]): Set<string> {
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
export function negationChanged(ours: string, theirs: string): boolean {
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
export function straddles(own: string[], first: string[], second: string[]): boolean {
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

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
