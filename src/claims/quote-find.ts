// Quoted and reported statements of an article, each with its speaker. Paragraphs are lines:
// extraction separates them with blank lines, corpus files sometimes with single newlines.
// The steps, each in its own module with its own fixture table (docs/statement-layer.md):
// quotation marks paired (quote-marks.ts), the cue beside each quote (quote-cue.ts), scare
// quotes and titles dropped (scare-quote.ts), reported speech in unmarked sentences
// (reported-speech.ts), speakers resolved across the article (speaker-resolve.ts).

import type { Quote } from '../domain/types.js';
import { lines, sentences } from '../text/normalize.js';
import { attributeLocally, colonBlocks } from './quote-cue.js';
import { type Candidate, headlineQuotes, pairMarks } from './quote-marks.js';
import { reportedSpeech } from './reported-speech.js';
import { continuesList, isScareQuote } from './scare-quote.js';
import { assignSpeakers } from './speaker-resolve.js';
import { STATEMENT_LIMITS, type ScanMeter } from './statement-limits.js';

export interface QuoteOptions {
  /** Quotation marks paired at most; the rest of the text is read without quotes. */
  maxQuoteMarks?: number;
  /** Counts what the speaker search reads (tests pin that it grows linearly). */
  meter?: ScanMeter;
}

export function findQuotes(text: string, options: QuoteOptions = {}): Quote[] {
  return scanQuotes(text, options).quotes;
}

/** The quotes, and whether the quotation-mark cap stopped the pairing before the end. */
export function scanQuotes(
  text: string,
  options: QuoteOptions = {},
): { quotes: Quote[]; marksCapped: boolean } {
  const ls = lines(text);
  const sents = sentences(text);
  const paired = pairMarks(text, ls, options.maxQuoteMarks ?? STATEMENT_LIMITS.maxQuoteMarks);
  const direct = paired.quotes
    .concat(colonBlocks(text, ls), headlineQuotes(text, ls))
    .sort((a, b) => a.start - b.start);
  for (const c of direct) attributeLocally(text, ls, sents, c, options.meter);
  const kept: Candidate[] = [];
  for (const c of direct) {
    const prev = kept[kept.length - 1];
    if (!isScareQuote(text, ls, c) || (prev && continuesList(text, prev, c))) kept.push(c);
  }
  const all = kept
    .concat(reportedSpeech(text, ls, sents, kept, options.meter))
    .sort((a, b) => a.start - b.start);
  assignSpeakers(text, sents, all);
  return { quotes: all.map(toQuote(text)), marksCapped: paired.capped };
}

const toQuote =
  (text: string) =>
  (c: Candidate): Quote => ({
    text: text.slice(c.start, c.end),
    start: c.start,
    end: c.end,
    speaker: c.speaker?.speaker ?? null,
    speakerRole: c.speaker?.speakerRole ?? null,
    speakerStart: c.speakerSpan?.start ?? null,
    speakerEnd: c.speakerSpan?.end ?? null,
    form: c.form,
  });
