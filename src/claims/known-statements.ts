// What is known, and under which id. A document adds its direct quotes and every sentence of
// it (as a claim) to the known statements; a statement's key is its words and, for a quote, its
// speaker's head word, so the same words from the same person are one statement wherever they
// are seen; and a document on the timeline may see only what was published before it.

import { createHash } from 'node:crypto';
import type { KnownStatement, StatementKind, StatementSource } from '../domain/types.js';
import { sentences, words } from '../text/normalize.js';
import { withoutDatePrefix } from './claim-find.js';
import { findQuotes } from './quote-find.js';
import { contentTerms, type StatementFilter } from './statement-index.js';
import { analysedText, STATEMENT_LIMITS } from './statement-limits.js';

/** Statements shorter than this in content words are too generic to compare. */
export const MIN_CONTENT_WORDS = 3;

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
