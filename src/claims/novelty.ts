// Is a statement new? Compared against every statement already known (seed corpus, ingested
// articles) through an inverted index over content words, so one look-up touches only the
// statements that share a word with it.

import type {
  DocumentSource,
  KnownStatement,
  NearestStatement,
  Novelty,
  StatementKind,
} from '../domain/types.js';
import { sentences, words } from '../text/normalize.js';
import { withoutDatePrefix } from './claim-find.js';
import { findQuotes } from './quote-find.js';

/**
 * Share of the statement's content words found in one known statement for it to count as known.
 * Containment, not Jaccard: a quote is usually a fragment of a longer corpus sentence. 0.9 lets
 * one word differ in a ten-word statement (a dropped "also", "in trouble" for "in distress").
 */
export const KNOWN_MIN_CONTAINMENT = 0.9;
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

export interface StatementIndex {
  statements: KnownStatement[];
  /** Content words of each statement, unique. */
  terms: Set<string>[];
  numbers: Set<string>[];
  postings: Map<string, number[]>;
}

/** What a document adds to what is known: its quotes, and every sentence as a claim. */
export function statementsOf(
  docId: string,
  source: DocumentSource,
  text: string,
): KnownStatement[] {
  const quotes: KnownStatement[] = findQuotes(text).map((q) => ({
    docId,
    source,
    kind: 'quote',
    text: q.text,
    speaker: q.speaker,
  }));
  // Every sentence, not only those findClaims scores high: a later quote may repeat a sentence
  // of this document that was never a claim (seed 003 prints a DHS statement as plain text).
  const claims: KnownStatement[] = sentences(text)
    .map(withoutDatePrefix)
    .filter((s) => contentTerms(s.text).size >= MIN_CONTENT_WORDS)
    .map((s) => ({ docId, source, kind: 'claim', text: s.text, speaker: null }));
  return [...quotes, ...claims];
}

export function buildStatementIndex(known: KnownStatement[]): StatementIndex {
  const index: StatementIndex = { statements: [], terms: [], numbers: [], postings: new Map() };
  for (const statement of known) {
    const id = index.statements.length;
    const terms = contentTerms(statement.text);
    index.statements.push(statement);
    index.terms.push(terms);
    index.numbers.push(numbersOf(statement.text));
    for (const term of terms) {
      const list = index.postings.get(term);
      if (list) list.push(id);
      else index.postings.set(term, [id]);
    }
  }
  return index;
}

export function assessNovelty(
  statement: { kind: StatementKind; text: string; speaker: string | null },
  index: StatementIndex,
): { novelty: Novelty; nearest: NearestStatement | null } {
  const terms = contentTerms(statement.text);
  if (terms.size === 0) return { novelty: 'new', nearest: null };
  const numbers = numbersOf(statement.text);
  const plain = [...terms].filter((t) => !numbers.has(t));

  let best: { id: number; rank: number; containment: number; wordContainment: number } | null =
    null;
  for (const id of candidates(terms, index)) {
    const known = index.terms[id] ?? new Set<string>();
    const containment = shared(terms, known) / terms.size;
    const wordContainment = plain.length > 0 ? shared(plain, known) / plain.length : 0;
    const rank = containment + (sameSpeaker(statement.speaker, index.statements[id]) ? 0.01 : 0);
    if (!best || rank > best.rank) best = { id, rank, containment, wordContainment };
  }
  const known = best ? index.statements[best.id] : undefined;
  if (!best || !known) return { novelty: 'new', nearest: null };
  const nearest = { doc: known.docId, text: known.text, score: round(best.containment) };

  const knownNumbers = index.numbers[best.id] ?? new Set<string>();
  const numbersDisagree =
    numbers.size > 0 && knownNumbers.size > 0 && [...numbers].some((n) => !knownNumbers.has(n));
  if (numbersDisagree && best.wordContainment >= CONFLICT_MIN_CONTAINMENT) {
    return { novelty: 'conflict', nearest };
  }
  if (terms.size < MIN_CONTENT_WORDS) {
    return { novelty: best.containment === 1 ? 'known' : 'new', nearest };
  }
  if (best.containment >= KNOWN_MIN_CONTAINMENT) return { novelty: 'known', nearest };
  if (best.containment >= VARIANT_MIN_CONTAINMENT) return { novelty: 'variant', nearest };
  return { novelty: 'new', nearest };
}

// Statements sharing the most words first; only those can reach the thresholds.
function candidates(terms: Set<string>, index: StatementIndex): number[] {
  const hits = new Map<number, number>();
  for (const term of terms) {
    for (const id of index.postings.get(term) ?? []) hits.set(id, (hits.get(id) ?? 0) + 1);
  }
  return [...hits.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_CANDIDATES)
    .map(([id]) => id);
}

function contentTerms(text: string): Set<string> {
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

function numbersOf(text: string): Set<string> {
  return new Set(joinNumbers(text).match(/\d+(?:\.\d+)?/g) ?? []);
}

function shared(terms: Iterable<string>, known: Set<string>): number {
  let n = 0;
  for (const t of terms) if (known.has(t)) n++;
  return n;
}

function sameSpeaker(speaker: string | null, known: KnownStatement | undefined): boolean {
  return !!speaker && !!known?.speaker && known.speaker === speaker;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
