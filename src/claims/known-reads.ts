// A known statement as the verdict reads it (text, words, word pairs, the restatement reading),
// made once while one article is assessed: the same key sentences are the nearest ones to many of
// its statements, and reading a sentence costs more than comparing two. The reads are forgotten
// when the article is done (forgetKnownReads). Kept across articles (4,096 per index), they
// saved about a tenth of the analysis thread's CPU in the soak bench (quick runs: 16.4-20.3 ms
// per analysis, 0.36-0.37 of the extraction threads' CPU, against 0.40-0.41 without) but made
// the worker's memory grow by 24 % over 1,000 articles against -2 to +6 % without: each reading
// keeps its n-gram counts, tens of KB.
import type { KnownStatement } from '../domain/types.js';
import { words } from '../text/normalize.js';
import { readSentence, type Reading } from './sentence-reading.js';
import { statementAt, type StatementIndex } from './statement-index.js';

export interface KnownRead {
  known: KnownStatement;
  words: string[];
  pairs: Set<string>;
  /** Read on first use: every close candidate is ranked, not every one is judged. */
  reading: Reading | null;
  /**
   * The statement joined with the one before it ([0]) or after it ([1]), read, with the joined
   * text it was read from: a neighbour removed and another in its place gives another text.
   */
  joined: [Joined | null, Joined | null];
}

interface Joined {
  text: string;
  reading: Reading;
}

/**
 * Statements kept read per index while one article is assessed. Past this many (a page at the
 * statement cap looking at much of the index), reads are still made, only not kept.
 */
const KNOWN_READ_CAP = 4096;
const readsByIndex = new WeakMap<StatementIndex, Map<number, KnownRead>>();

export function knownRead(index: StatementIndex, id: number): KnownRead {
  let reads = readsByIndex.get(index);
  if (!reads) readsByIndex.set(index, (reads = new Map<number, KnownRead>()));
  const kept = reads.get(id);
  if (kept) return kept;
  const known = statementAt(index, id);
  const ws = words(known.text);
  const read: KnownRead = {
    known,
    words: ws,
    pairs: wordPairs(ws),
    reading: null,
    joined: [null, null],
  };
  if (reads.size < KNOWN_READ_CAP) reads.set(id, read);
  return read;
}

/** Drops what was read from this index: called when an article's statements are assessed. */
export function forgetKnownReads(index: StatementIndex): void {
  readsByIndex.delete(index);
}

/** The known statement's own text, read for the restatement judgement. */
export function readingOf(read: KnownRead): Reading {
  return (read.reading ??= readSentence(read.known.text));
}

/** `text` (the statement joined with its neighbour on `side`), read; kept for the next call. */
export function joinedReading(read: KnownRead, side: -1 | 1, text: string): Reading {
  const slot = side < 0 ? 0 : 1;
  const kept = read.joined[slot];
  if (kept?.text === text) return kept.reading;
  const reading = readSentence(text);
  read.joined[slot] = { text, reading };
  return reading;
}

export function wordPairs(ws: string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 1; i < ws.length; i++) out.add(`${ws[i - 1]} ${ws[i]}`);
  return out;
}
