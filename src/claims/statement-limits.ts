// How much of one article the statement layer reads: the caps that keep its work linear and
// small whatever the page (issue 18: a 320 KB live blog of quotes held a worker for 40 s). Past a
// cap the text is analysed up to the cap and the analysis says so (`truncated-for-analysis`);
// nothing is dropped silently.

export interface StatementLimits {
  /** Characters of article text analysed for statements; the rest is listed as not analysed. */
  maxTextChars: number;
  /** Statements assessed per article, in text order (each costs a look-up in the index). */
  maxStatements: number;
  /** Quotation marks paired per article; after this the text is read as plain sentences. */
  maxQuoteMarks: number;
}

/**
 * 200,000 characters is about 33,000 words, ten times the longest article of the seed corpus and
 * the coverage pages; 1,000 statements and 4,000 marks are ten times what the longest live blog
 * seen in the feeds carries. Normal pages never reach them.
 */
export const STATEMENT_LIMITS: Readonly<StatementLimits> = Object.freeze({
  maxTextChars: 200_000,
  maxStatements: 1_000,
  maxQuoteMarks: 4_000,
});

/**
 * Characters on each side of a quote that the speaker search reads. PolNeAR's farthest cue sits
 * 20 words (about 150 characters) from its quote and a role-laden name adds 100 more; 400 leaves
 * room and bounds every regex of the search to a window of this size.
 */
export const SPEAKER_WINDOW = 400;

/**
 * A "sentence" longer than this (about 330 words; the longest sentence of the seed corpus has
 * 90) is not prose a reader could check but a word list, markup or a dump: it is classified as
 * such and no rule reads further into it.
 */
export const MAX_SENTENCE_CHARS = 2_000;

/**
 * The text up to `maxTextChars`, cut at the last paragraph or sentence end before the cap so no
 * statement is cut in half (at a word if there is none).
 */
export function analysedText(text: string, limits: StatementLimits): string {
  if (text.length <= limits.maxTextChars) return text;
  const head = text.slice(0, limits.maxTextChars);
  const floor = limits.maxTextChars / 2;
  const para = head.lastIndexOf('\n');
  if (para >= floor) return head.slice(0, para);
  const sentence = Math.max(head.lastIndexOf('. '), head.lastIndexOf('? '), head.lastIndexOf('! '));
  if (sentence >= floor) return head.slice(0, sentence + 1);
  const word = head.search(/\s\S*$/);
  return word >= floor ? head.slice(0, word) : head;
}

/** Counts the characters the speaker search reads, so tests can pin that it grows linearly. */
export interface ScanMeter {
  /** Characters handed to the speaker search's regexes, summed over all windows. */
  chars: number;
  /** The largest single window. */
  maxWindow: number;
}

export function newScanMeter(): ScanMeter {
  return { chars: 0, maxWindow: 0 };
}

export function meterWindow(meter: ScanMeter | undefined, window: string): string {
  if (meter) {
    meter.chars += window.length;
    meter.maxWindow = Math.max(meter.maxWindow, window.length);
  }
  return window;
}
