// Look-ups in the statement index (statement-index.ts): which known statements share enough of
// a statement's words to be compared with it, and the one timeline order their ties go by, so
// that what a look-up finds does not depend on the order documents were indexed in.
import type { StatementFilter, StatementIndex } from './statement-index.js';

/** Candidates scored exactly per look-up, best word overlap first; bounds work on huge indexes. */
export const MAX_CANDIDATES = 200;

// Statements sharing the most words first; only those can reach the thresholds.
export function candidates(
  terms: Set<number>,
  /** How many words the statement has, including those the index has never seen. */
  size: number,
  index: StatementIndex,
  visible: StatementFilter | null,
  limit = MAX_CANDIDATES,
): number[] {
  // Only the rarest half of the words (plus one) are looked up: a statement sharing at least half
  // of the words — all that variant, conflict and known need — must share one of them, and the
  // common words of a story ("police", "Chicago"), whose lists hold most of the corpus, are skipped.
  // Words the index has never seen are the rarest of all (no statement has them) and count
  // toward that half. Rarity counts every live statement, later articles' too: it keeps the
  // look-up fast and sharp as the story's own words spread. So a statement sharing fewer than half
  // of the words may be found or not depending on what is indexed yet, and with it a `restated`
  // verdict that rests on such a statement alone; variant, conflict and known need half and never
  // depend on it. Measured: 0 differences over 200 articles in three arrival orders
  // (test/integration/timeline-order).
  const count = index.termLiveCount;
  const names = index.termNames;
  const rare = [...terms]
    .sort((a, b) => count[a]! - count[b]! || (names[a]! < names[b]! ? -1 : 1))
    .slice(0, Math.max(0, Math.floor(size / 2) + 1 - (size - terms.size)));
  // The rarer words' lists still grow with the corpus, so counting is the look-up's inner loop:
  // a typed array indexed by statement, not a Map (several times faster, and no garbage), zeroed
  // again through the list of statements touched.
  if (index.scratch.length < index.count) {
    index.scratch = new Uint32Array(Math.max(1024, index.count * 2));
  }
  const counts = index.scratch;
  const pool = index.postingPool;
  const touched: number[] = [];
  for (const term of rare) {
    const tail = index.termTail[term]!;
    for (let block = index.termHead[term]!; ; block = pool[block]!) {
      const used = block === tail ? index.termTailUsed[term]! : pool[block + 1]!;
      for (let i = block + 2; i < block + 2 + used; i++) {
        const id = pool[i]!;
        if (counts[id]!++ === 0) touched.push(id);
      }
      if (block === tail) break;
    }
  }
  // Bucketed by count (at most rare.length), most shared first: no sort of every hit, and the
  // filters run only on the statements taken, not on every one touched.
  const byCount: number[][] = Array.from({ length: rare.length + 1 }, () => []);
  for (const id of touched) {
    byCount[counts[id]!]!.push(id);
    counts[id] = 0;
  }
  const out: number[] = [];
  for (let n = rare.length; n > 0 && out.length < limit; n--) {
    const taken = byCount[n]!.filter(
      (id) => index.live[id] && (!visible || visible(index.origins[index.originOf[id]!]!)),
    );
    // A count the limit cuts through keeps its earliest statements on the timeline, not the first
    // indexed: the same candidates whatever order articles arrived in.
    const room = limit - out.length;
    for (const id of taken.length > room ? earliestOnTimeline(index, taken, room) : taken) {
      out.push(id);
      if (out.length === limit) break;
    }
  }
  return out;
}

/**
 * The first `k` of `ids` in timelineOrder, in that order. Each document's place is read once, not
 * per comparison, and the k are picked by selection before only they are sorted: a count the
 * candidate limit cuts can hold thousands of statements (a sentence every copy of a story
 * repeats), and sorting them all was most of a look-up's time.
 */
export function earliestOnTimeline(index: StatementIndex, ids: number[], k: number): number[] {
  const place = new Map<number, string>();
  const keyed = ids.map((id) => {
    const origin = index.originOf[id]!;
    let p = place.get(origin);
    if (p === undefined) {
      const o = index.origins[origin]!;
      // "\u0000" sorts before any character of a date or an id: timelineOrder's order.
      place.set(origin, (p = `${o.at ?? ''}\u0000${o.docId}`));
    }
    return { id, place: p };
  });
  type Keyed = (typeof keyed)[number];
  // Ties (the same text twice in one document) go by id: the same pick whatever the pivots.
  const before = (a: Keyed, b: Keyed): number =>
    a.place < b.place
      ? -1
      : a.place > b.place
        ? 1
        : timelineOrder(index, a.id, b.id) || a.id - b.id;
  if (k < keyed.length) {
    // Quickselect (Hoare): afterwards keyed[0..k) holds the k first, in no order.
    let lo = 0;
    let hi = keyed.length - 1;
    while (lo < hi) {
      const pivot = keyed[(lo + hi) >> 1]!;
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (before(keyed[i]!, pivot) < 0) i++;
        while (before(keyed[j]!, pivot) > 0) j--;
        if (i <= j) {
          [keyed[i], keyed[j]] = [keyed[j]!, keyed[i]!];
          i++;
          j--;
        }
      }
      if (k - 1 <= j) hi = j;
      else if (k - 1 >= i) lo = i;
      else break;
    }
    keyed.length = k;
  }
  return keyed.sort(before).map((x) => x.id);
}

/**
 * Orders two statements by their documents' places on the timeline (corpus first, then by `at`),
 * then by document and text: the same order whatever order they were indexed in.
 */
export function timelineOrder(index: StatementIndex, a: number, b: number): number {
  const x = index.origins[index.originOf[a]!]!;
  const y = index.origins[index.originOf[b]!]!;
  const ax = x.at ?? '';
  const ay = y.at ?? '';
  if (ax !== ay) return ax < ay ? -1 : 1;
  if (x.docId !== y.docId) return x.docId < y.docId ? -1 : 1;
  const ta = index.textBytes.subarray(index.textStart[a], index.textStart[a + 1]);
  const tb = index.textBytes.subarray(index.textStart[b], index.textStart[b + 1]);
  return Buffer.compare(ta, tb);
}

/** The numbers of the terms the index knows; a term it has never seen matches nothing. */
export function termIdsOf(terms: Set<string>, index: StatementIndex): Set<number> {
  const out = new Set<number>();
  for (const term of terms) {
    const id = index.termIds.get(term);
    if (id !== undefined) out.add(id);
  }
  return out;
}

/** How many of `terms` statement `id` has. */
export function sharedIds(terms: Set<number>, index: StatementIndex, id: number): number {
  let n = 0;
  for (let i = index.termStart[id]!; i < index.termStart[id + 1]!; i++) {
    if (terms.has(index.termPool[i]!)) n++;
  }
  return n;
}
