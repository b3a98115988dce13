// The index of known statements: every statement's content words as term numbers, with an
// inverted list per term, so that a look-up touches only the statements sharing a rare word with
// it. Kept in memory for the daemon's life and updated in place (known-statements.cache.ts); the
// judgement of what a look-up finds is novelty.ts's.
import type { KnownStatement } from '../domain/types.js';
import { words } from '../text/normalize.js';
import { idf, type TermWeight } from './restatement.js';

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
 *
 * It holds every sentence of every article for the daemon's life, so its bulk (texts, keys, term
 * numbers, postings) lives in typed arrays grown by doubling, outside the V8 heap: as objects and
 * number arrays it cost ~10 KB of heap per soak article, and V8 sized the heap to a multiple of
 * that, so the worker's memory kept growing through a 10,000-article soak. Statement id i's
 * fields are at position i of each per-statement array.
 */
export interface StatementIndex {
  /** Statements held, dead ones included. */
  count: number;
  /** UTF-8 text of statement i: textBytes[textStart[i] .. textStart[i + 1]). */
  textBytes: Uint8Array;
  textStart: Uint32Array;
  /** The stable id (statementKey: 20 hex digits) as 10 bytes; `odd` holds any other form. */
  keyBytes: Uint8Array;
  keyState: Uint8Array;
  oddKeys: Map<number, string>;
  kind: Uint8Array;
  /** Where each statement comes from (document, source, date), shared by a document's statements. */
  originOf: Int32Array;
  origins: StatementOrigin[];
  originIds: Map<string, number>;
  /** -1: no speaker. */
  speakerOf: Int32Array;
  speakers: string[];
  speakerIds: Map<string, number>;
  live: Uint8Array;
  /**
   * Content words of each statement, unique, as term numbers: statement i's are
   * termPool[termStart[i] .. termStart[i + 1]).
   */
  termPool: Int32Array;
  termStart: Uint32Array;
  /** Each content word's number. */
  termIds: Map<string, number>;
  /**
   * The statements holding each term, as a chain of blocks in one pool: a block is [next block or
   * -1, capacity, ids…], capacities doubling from 2 to 256 so that the many words seen once or
   * twice cost a few bytes and the common ones few blocks. Per term: first block, last block,
   * ids in the last block, ids in all.
   */
  postingPool: Int32Array;
  postingEnd: number;
  termHead: Int32Array;
  termTail: Int32Array;
  termTailUsed: Int32Array;
  termCount: Int32Array;
  /**
   * Per term, the live corpus statements (seed and corpus documents) holding it, and how many
   * live corpus statements there are; each term's text by id. Word weights come from these,
   * never from ingested articles: how an article is judged must not depend on which later
   * articles happen to be indexed already (see idfOf).
   */
  termFixedCount: Int32Array;
  fixedCount: number;
  /**
   * Per term, the live statements holding it (termCount counts postings, removed statements'
   * too): how rare a word is, for choosing the words a look-up uses. An article analysed again
   * replaces its statements, so this does not drift with re-analyses.
   */
  termLiveCount: Int32Array;
  termNames: string[];
  /** Statement positions of each document. */
  byDoc: Map<string, number[]>;
  /** The latest `at` of any statement added: nothing is later on the timeline than this. */
  latestAt: string;
  dead: number;
  /** Per-statement hit counts for a look-up, all zero between look-ups (see candidates). */
  scratch: Uint32Array;
}

/** What a look-up's filter reads of a statement: its document and when it became known. */
export interface StatementOrigin {
  docId: string;
  source: KnownStatement['source'];
  at?: string;
}

/** Which known statements a look-up may see (see visibleAt). */
export type StatementFilter = (s: StatementOrigin) => boolean;

const KINDS: readonly KnownStatement['kind'][] = ['quote', 'claim'];
const KEY_HEX = /^[0-9a-f]{20}$/;
const KEY_BYTES = 10;
const FIRST_BLOCK = 2;
const MAX_BLOCK = 256;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export function buildStatementIndex(known: KnownStatement[]): StatementIndex {
  const index: StatementIndex = {
    count: 0,
    textBytes: new Uint8Array(4096),
    textStart: new Uint32Array(1),
    keyBytes: new Uint8Array(0),
    keyState: new Uint8Array(0),
    oddKeys: new Map(),
    kind: new Uint8Array(0),
    originOf: new Int32Array(0),
    origins: [],
    originIds: new Map(),
    speakerOf: new Int32Array(0),
    speakers: [],
    speakerIds: new Map(),
    live: new Uint8Array(0),
    termPool: new Int32Array(1024),
    termStart: new Uint32Array(1),
    termIds: new Map(),
    postingPool: new Int32Array(4096),
    postingEnd: 0,
    termHead: new Int32Array(256),
    termTail: new Int32Array(256),
    termTailUsed: new Int32Array(256),
    termCount: new Int32Array(256),
    termFixedCount: new Int32Array(256),
    fixedCount: 0,
    termLiveCount: new Int32Array(256),
    termNames: [],
    byDoc: new Map(),
    latestAt: '',
    dead: 0,
    scratch: new Uint32Array(0),
  };
  addStatements(index, known);
  return index;
}

/** The array, or a copy at least `need` long (doubling), holding what it held. */
function room<T extends Uint8Array | Uint32Array | Int32Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const grown = new (a.constructor as new (n: number) => T)(Math.max(a.length * 2, need));
  grown.set(a);
  return grown;
}

function intern<T>(ids: Map<string, number>, list: T[], key: string, value: T): number {
  let id = ids.get(key);
  if (id === undefined) {
    id = list.length;
    list.push(value);
    ids.set(key, id);
  }
  return id;
}

function addPosting(index: StatementIndex, term: number, id: number): void {
  const tail = index.termCount[term] === 0 ? -1 : index.termTail[term]!;
  if (tail >= 0 && index.termTailUsed[term]! < index.postingPool[tail + 1]!) {
    index.postingPool[tail + 2 + index.termTailUsed[term]!++] = id;
  } else {
    const cap = tail < 0 ? FIRST_BLOCK : Math.min(MAX_BLOCK, index.postingPool[tail + 1]! * 2);
    const block = index.postingEnd;
    index.postingEnd += 2 + cap;
    index.postingPool = room(index.postingPool, index.postingEnd);
    index.postingPool[block] = -1;
    index.postingPool[block + 1] = cap;
    index.postingPool[block + 2] = id;
    if (tail < 0) index.termHead[term] = block;
    else index.postingPool[tail] = block;
    index.termTail[term] = block;
    index.termTailUsed[term] = 1;
  }
  index.termCount[term]!++;
}

/** Room for `n` statements in every per-statement array (they share one capacity). */
function growStatements(index: StatementIndex, n: number): void {
  index.textStart = room(index.textStart, n + 1);
  index.termStart = room(index.termStart, n + 1);
  index.keyBytes = room(index.keyBytes, n * KEY_BYTES);
  index.keyState = room(index.keyState, n);
  index.kind = room(index.kind, n);
  index.live = room(index.live, n);
  index.originOf = room(index.originOf, n);
  index.speakerOf = room(index.speakerOf, n);
}

/** Adds statements to the index in place. */
export function addStatements(index: StatementIndex, known: KnownStatement[]): void {
  for (const statement of known) {
    const id = index.count++;
    if (id === index.kind.length) growStatements(index, Math.max(64, id * 2));

    const text = utf8.encode(statement.text);
    const textAt = index.textStart[id]!;
    index.textBytes = room(index.textBytes, textAt + text.length);
    index.textBytes.set(text, textAt);
    index.textStart[id + 1] = textAt + text.length;

    const key = statement.key;
    if (key !== undefined && KEY_HEX.test(key)) {
      index.keyBytes.set(Buffer.from(key, 'hex'), id * KEY_BYTES);
      index.keyState[id] = 1;
    } else if (key !== undefined) {
      index.oddKeys.set(id, key);
      index.keyState[id] = 2;
    }
    index.kind[id] = KINDS.indexOf(statement.kind);
    const { docId, source, at } = statement;
    if (at !== undefined && at > index.latestAt) index.latestAt = at;
    index.originOf[id] = intern(
      index.originIds,
      index.origins,
      `${docId}\n${source}\n${at ?? ''}`,
      at === undefined ? { docId, source } : { docId, source, at },
    );
    index.speakerOf[id] =
      statement.speaker === null
        ? -1
        : intern(index.speakerIds, index.speakers, statement.speaker, statement.speaker);
    index.live[id] = 1;

    const terms = contentTerms(statement.text);
    const fixed = isFixedSource(source);
    if (fixed) index.fixedCount++;
    let end = index.termStart[id]!;
    index.termPool = room(index.termPool, end + terms.size);
    for (const term of terms) {
      let t = index.termIds.get(term);
      if (t === undefined) {
        t = index.termIds.size;
        index.termIds.set(term, t);
        index.termNames.push(term);
        // The four per-term arrays share one capacity.
        if (t === index.termCount.length) {
          index.termHead = room(index.termHead, t * 2);
          index.termTail = room(index.termTail, t * 2);
          index.termTailUsed = room(index.termTailUsed, t * 2);
          index.termCount = room(index.termCount, t * 2);
          index.termFixedCount = room(index.termFixedCount, t * 2);
          index.termLiveCount = room(index.termLiveCount, t * 2);
        }
      }
      if (fixed) index.termFixedCount[t]!++;
      index.termLiveCount[t]!++;
      index.termPool[end++] = t;
      addPosting(index, t, id);
    }
    index.termStart[id + 1] = end;

    const own = index.byDoc.get(docId);
    if (own) own.push(id);
    else index.byDoc.set(docId, [id]);
  }
}

/** Statement `id` as a plain object (its text decoded): for the few candidates a look-up scores. */
export function statementAt(index: StatementIndex, id: number): KnownStatement {
  const origin = index.origins[index.originOf[id]!]!;
  const speaker = index.speakerOf[id]!;
  const state = index.keyState[id];
  const key =
    state === 1
      ? Buffer.from(index.keyBytes.subarray(id * KEY_BYTES, (id + 1) * KEY_BYTES)).toString('hex')
      : state === 2
        ? index.oddKeys.get(id)
        : undefined;
  return {
    docId: origin.docId,
    source: origin.source,
    kind: KINDS[index.kind[id]!]!,
    text: fromUtf8.decode(index.textBytes.subarray(index.textStart[id], index.textStart[id + 1])),
    speaker: speaker < 0 ? null : index.speakers[speaker]!,
    ...(key === undefined ? {} : { key }),
    ...(origin.at === undefined ? {} : { at: origin.at }),
  };
}

/** Takes a document's statements out of the index (before its new version is added). */
export function removeDocument(index: StatementIndex, docId: string): void {
  for (const id of index.byDoc.get(docId) ?? []) {
    if (!index.live[id]) continue;
    index.dead++;
    index.live[id] = 0;
    const fixed = isFixedSource(index.origins[index.originOf[id]!]!.source);
    if (fixed) index.fixedCount--;
    for (let i = index.termStart[id]!; i < index.termStart[id + 1]!; i++) {
      index.termLiveCount[index.termPool[i]!]!--;
      if (fixed) index.termFixedCount[index.termPool[i]!]!--;
    }
  }
  index.byDoc.delete(docId);
}

/** A fresh index of the live statements, once dead ones make up more than half. */
export function compacted(index: StatementIndex): StatementIndex {
  if (index.dead * 2 <= index.count) return index;
  const live: KnownStatement[] = [];
  for (let id = 0; id < index.count; id++) if (index.live[id]) live.push(statementAt(index, id));
  return buildStatementIndex(live);
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

/**
 * Word weights for the restatement judgement, from the corpus's statements only: an ingested
 * article's judgement must not change with the articles indexed after it (see termFixedCount).
 */
export function idfOf(index: StatementIndex): TermWeight {
  const n = index.fixedCount;
  return (term) => {
    const id = index.termIds.get(term);
    return idf(n, id === undefined ? 0 : index.termFixedCount[id]!);
  };
}

/** Seed and corpus documents: fixed before any article is judged, whatever arrives later. */
function isFixedSource(source: StatementOrigin['source']): boolean {
  return source === 'seed' || source === 'corpus';
}

/** The statement before (side -1) or after (+1) statement `id` in its document, if live and of its kind; or -1. */
export function adjacentId(index: StatementIndex, id: number, side: -1 | 1): number {
  const other = id + side;
  if (other < 0 || other >= index.count || !index.live[other]) return -1;
  if (index.originOf[other] !== index.originOf[id] || index.kind[other] !== index.kind[id]) {
    return -1;
  }
  return other;
}
