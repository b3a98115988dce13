// Which known statements a statement is compared with, and in which order: the index's
// candidates narrowed to the few that contain most of its content words, ranked by word pairs
// and speaker, and what each known document carries (its names, numbers and dates) for the
// restatement judgement.
import type { KnownStatement } from '../domain/types.js';
import { words } from '../text/normalize.js';
import { knownRead, wordPairs, type KnownRead } from './known-reads.js';
import { speakerHead } from './known-statements.js';
import { carriedOf, type Carried, type Restatement } from './restatement.js';
import { statementAt, type StatementFilter, type StatementIndex } from './statement-index.js';
import { candidates, sharedIds, termIdsOf, timelineOrder } from './statement-lookup.js';

/** Of the index's candidates, the best few by word containment also get the (costlier) word-pair and number checks. */
const CLOSE_CANDIDATES = 8;

export interface Scored {
  id: number;
  /** The known statement, made only for the few close candidates. */
  known: KnownStatement;
  /** The known statement read (known-reads.ts). */
  read: KnownRead;
  containment: number;
  pairs: number;
  rank: number;
}

/** A known statement (or two adjacent ones) and how the statement judged against it fares. */
export interface Judged {
  id: number;
  text: string;
  known: KnownStatement;
  r: Restatement;
}

/**
 * The known statements a statement is judged against, closest first: of the index's candidates,
 * the CLOSE_CANDIDATES containing most of its content words, ranked by content words contained,
 * then word pairs in order, then speaker agreement.
 */
export function closestKnown(
  statement: { text: string; speaker: string | null },
  terms: Set<string>,
  index: StatementIndex,
  visible: StatementFilter | null,
): Scored[] {
  const ownPairs = wordPairs(words(statement.text));
  const termIds = termIdsOf(terms, index);
  const close = firstOf(
    candidates(termIds, terms.size, index, visible).map((id) => ({
      id,
      containment: sharedIds(termIds, index, id) / terms.size,
    })),
    CLOSE_CANDIDATES,
    // Ties go to the statement earliest on the timeline, so that which few are looked at closely
    // does not depend on the order documents were indexed in.
    (a, b) => b.containment - a.containment || timelineOrder(index, a.id, b.id),
  ).map((c): Scored => {
    const read = knownRead(index, c.id);
    return { ...c, known: read.known, read, pairs: 0, rank: 0 };
  });
  for (const c of close) {
    const k = c.known;
    c.pairs = ownPairs.size > 0 ? shared(ownPairs, c.read.pairs) / ownPairs.size : 0;
    c.rank = c.containment + 0.5 * c.pairs + (sameSpeaker(statement.speaker, k.speaker) ? 0.01 : 0);
  }
  close.sort((a, b) => b.rank - a.rank);
  return close;
}

// What each document carries, read once per version of its statement list: byDoc's list is
// replaced when a document is removed and grows in place when statements are added.
const carriedCache = new WeakMap<number[], { n: number; carried: Carried }>();

/** The names, numbers and dates a known document states (restatement.ts Carried). */
export function carriedBy(index: StatementIndex, docId: string): Carried {
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

/**
 * The first `k` of `items` in `order`, as a stable sort and slice(0, k) would give them, in
 * O(n·k) comparisons: the close candidates are 8 of up to 200, and sorting all 200 by the
 * timeline's order cost more than judging the 8.
 */
export function firstOf<T>(items: readonly T[], k: number, order: (a: T, b: T) => number): T[] {
  const out: T[] = [];
  for (const item of items) {
    if (out.length === k && order(item, out[k - 1]!) >= 0) continue;
    let at = out.length;
    while (at > 0 && order(item, out[at - 1]!) < 0) at--;
    out.splice(at, 0, item);
    if (out.length > k) out.pop();
  }
  return out;
}

function shared(terms: Iterable<string>, known: Set<string>): number {
  let n = 0;
  for (const t of terms) if (known.has(t)) n++;
  return n;
}

export function sameSpeaker(speaker: string | null, other: string | null | undefined): boolean {
  return !!speaker && !!other && speakerHead(speaker) === speakerHead(other);
}
