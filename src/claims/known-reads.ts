// A known statement as the verdict reads it (text, words, word pairs, the restatement reading),
// made once per index and kept for the statements most often compared. A story's key sentences
// are the nearest ones to most new sentences: in the soak bench's analysis, 82 % of close
// look-ups fell on statements looked at ten times or more, and reading a sentence costs more than
// comparing two. Kept per index, since a statement's id and text never change in one index
// (removal only marks it dead; compaction makes a new index).
import type { KnownStatement } from '../domain/types.js';
import { words } from '../text/normalize.js';
import { readSentence, type Reading } from './restatement.js';
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

/** Statements kept read per index, the least recently used dropped first: a few KB each. */
const KNOWN_READ_CAP = 4096;
const readsByIndex = new WeakMap<StatementIndex, Map<number, KnownRead>>();

export function knownRead(index: StatementIndex, id: number): KnownRead {
  let reads = readsByIndex.get(index);
  if (!reads) readsByIndex.set(index, (reads = new Map<number, KnownRead>()));
  let read = reads.get(id);
  if (read) {
    // Map order is insertion order: taken out and put back, it is the most recently used.
    reads.delete(id);
  } else {
    const known = statementAt(index, id);
    const ws = words(known.text);
    read = { known, words: ws, pairs: wordPairs(ws), reading: null, joined: [null, null] };
    if (reads.size >= KNOWN_READ_CAP) reads.delete(reads.keys().next().value!);
  }
  reads.set(id, read);
  return read;
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
