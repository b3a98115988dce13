// The index of known statements: every statement's content words as term numbers, with an
// inverted list per term, so that a look-up touches only the statements sharing a rare word with
// it. Kept in memory for the daemon's life and updated in place (known-statements.cache.ts); the
// judgement of what a look-up finds is novelty.ts's.
import type { KnownStatement } from '../domain/types.js';
import { words } from '../text/normalize.js';

/** Candidates scored exactly per look-up, best word overlap first; bounds work on huge indexes. */
export const MAX_CANDIDATES = 200;

const STOPWORDS = new Set(
  (
    'a an the and or but if of to in on at by for with from as is are was were be been being it ' +
    'its this that these those he she they we i you his her their our my your him them us me not no ' +
    'do does did has have had will would can could should may might also just so than then there ' +
    "who which what when where while about into over after before up out said says say it's that's"
  ).split(' '),
);

/**
 * Every known statement, with an inverted index over content words. It grows in place as
 * documents are added and marks a replaced document's statements dead rather than rebuilding,
 * so a long-running analyser keeps one index and only reads what changed.
 */
export interface StatementIndex {
  statements: KnownStatement[];
  /**
   * Content words of each statement, unique, as term numbers: statement i's are
   * termPool[termStart[i] .. termStart[i + 1]). One pool rather than a Set (~700 bytes) or a
   * typed array (~200 bytes of overhead) per statement: the index holds every sentence of every
   * article for the daemon's life.
   */
  termPool: Int32Array;
  termStart: number[];
  /** Each content word's number: its place in `postings`. */
  termIds: Map<string, number>;
  live: boolean[];
  /** Statement positions of each document. */
  byDoc: Map<string, number[]>;
  /** The statements holding each term, by term number. */
  postings: number[][];
  dead: number;
  /** Per-statement hit counts for a look-up, all zero between look-ups (see candidates). */
  scratch: Uint32Array;
}

/** Which known statements a look-up may see (see visibleAt). */
export type StatementFilter = (s: KnownStatement) => boolean;

export function buildStatementIndex(known: KnownStatement[]): StatementIndex {
  const index: StatementIndex = {
    statements: [],
    termPool: new Int32Array(1024),
    termStart: [0],
    live: [],
    byDoc: new Map(),
    termIds: new Map(),
    postings: [],
    dead: 0,
    scratch: new Uint32Array(0),
  };
  addStatements(index, known);
  return index;
}

/** Adds statements to the index in place. */
export function addStatements(index: StatementIndex, known: KnownStatement[]): void {
  // Statements read back from Redis each carry their own copy of the document's id and date;
  // one copy per document is kept.
  const shared = new Map<string, string>();
  const one = (x: string) => shared.get(x) ?? (shared.set(x, x), x);
  for (const statement of known) {
    const id = index.statements.length;
    const terms = contentTerms(statement.text);
    let end = index.termStart[id]!;
    if (end + terms.size > index.termPool.length) {
      const grown = new Int32Array(Math.max(index.termPool.length * 2, end + terms.size));
      grown.set(index.termPool);
      index.termPool = grown;
    }
    for (const term of terms) {
      const t = index.termIds.get(term);
      index.termPool[end++] = t ?? index.postings.length;
      if (t === undefined) {
        index.termIds.set(term, index.postings.length);
        // Most words of a story's vocabulary occur once or twice: a one-element literal, not
        // `[]` and a push, which gives the list room for 17 (~150 bytes more per word).
        index.postings.push([id]);
      } else index.postings[t]!.push(id);
    }
    index.termStart.push(end);
    const docId = one(statement.docId);
    index.statements.push({
      ...statement,
      docId,
      ...(statement.at === undefined ? {} : { at: one(statement.at) }),
    });
    index.live.push(true);
    const own = index.byDoc.get(docId);
    if (own) own.push(id);
    else index.byDoc.set(docId, [id]);
  }
}

/** Takes a document's statements out of the index (before its new version is added). */
export function removeDocument(index: StatementIndex, docId: string): void {
  for (const id of index.byDoc.get(docId) ?? []) {
    if (index.live[id]) index.dead++;
    index.live[id] = false;
  }
  index.byDoc.delete(docId);
}

/** A fresh index of the live statements, once dead ones make up more than half. */
export function compacted(index: StatementIndex): StatementIndex {
  if (index.dead * 2 <= index.statements.length) return index;
  return buildStatementIndex(index.statements.filter((_, i) => index.live[i]));
}

// Statements sharing the most words first; only those can reach the thresholds.
export function candidates(
  terms: Set<number>,
  /** How many words the statement has, including those the index has never seen. */
  size: number,
  index: StatementIndex,
  visible: StatementFilter | null,
): number[] {
  // Only the rarest half of the words (plus one) are looked up: a statement sharing at least half
  // of the words — all that variant, conflict and known need — must share one of them, and the
  // common words of a story ("police", "Chicago"), whose lists hold most of the corpus, are skipped.
  // Words the index has never seen are the rarest of all (no statement has them) and count
  // toward that half.
  const rare = [...terms]
    .map((term) => index.postings[term] ?? [])
    .sort((a, b) => a.length - b.length)
    .slice(0, Math.max(0, Math.floor(size / 2) + 1 - (size - terms.size)));
  // The rarer words' lists still grow with the corpus, so counting is the look-up's inner loop:
  // a typed array indexed by statement, not a Map (several times faster, and no garbage), zeroed
  // again through the list of statements touched.
  if (index.scratch.length < index.statements.length) {
    index.scratch = new Uint32Array(Math.max(1024, index.statements.length * 2));
  }
  const counts = index.scratch;
  const touched: number[] = [];
  for (const list of rare) {
    for (const id of list) if (counts[id]!++ === 0) touched.push(id);
  }
  // Bucketed by count (at most rare.length), most shared first: no sort of every hit, and the
  // filters run only on the statements taken, not on every one touched.
  const byCount: number[][] = Array.from({ length: rare.length + 1 }, () => []);
  for (const id of touched) {
    byCount[counts[id]!]!.push(id);
    counts[id] = 0;
  }
  const out: number[] = [];
  for (let n = rare.length; n > 0 && out.length < MAX_CANDIDATES; n--) {
    for (const id of byCount[n]!) {
      if (!index.live[id] || (visible && !visible(index.statements[id]!))) continue;
      out.push(id);
      if (out.length === MAX_CANDIDATES) break;
    }
  }
  return out;
}

export function contentTerms(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of words(joinNumbers(text))) {
    const term = w.replace(/'s$/, '');
    if (!STOPWORDS.has(term)) out.add(term);
  }
  return out;
}

// "1,000" and "1000" are the same number; words() would split the first at the comma.
function joinNumbers(text: string): string {
  return text.replace(/(\d),(?=\d{3}\b)/g, '$1');
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
