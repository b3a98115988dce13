import { describe, expect, it } from 'vitest';

import { assessStatements } from '../../src/analyze/article-analyze.js';
import { scanQuotes } from '../../src/claims/quote-find.js';
import { buildStatementIndex } from '../../src/claims/statement-index.js';
import {
  analysedText,
  newScanMeter,
  SPEAKER_WINDOW,
  STATEMENT_LIMITS,
} from '../../src/claims/statement-limits.js';

// Hostile and pathological pages (issue 18): each gives a clear result, and the work the
// statement layer does grows linearly with the page. Work is counted in characters the speaker
// search reads (a ScanMeter), never in seconds, so the tests hold on a loaded machine.

const storm = (n: number): string => '“a,” he said. "b '.repeat(n);
const punctuation = (n: number): string => '.,;!?-–—()"'.repeat(n);
const manyQuotes = (n: number): string =>
  Array.from(
    { length: n },
    (_, i) => `“Officers took report number ${i} to the station,” Officer Jo Doe${i % 13} said.`,
  ).join(' ');
const openQuotes = (n: number): string =>
  'He said “this never closes and goes on and on and on and on\n\n'.repeat(n);

const index = buildStatementIndex([]);

describe('statement layer on pathological pages', () => {
  it.each([
    {
      name: 'a 10,000-word sentence is a run-on, not a statement',
      text: Array.from({ length: 10_000 }, (_, i) => `word${i % 97}`).join(' ') + '.',
      statements: 0,
    },
    {
      name: 'a "sentence" of only numbers is nothing to report',
      text: Array.from({ length: 5_000 }, (_, i) => String(i * 7)).join(' , '),
      statements: 0,
    },
    { name: 'only punctuation is nothing to report', text: punctuation(3_000), statements: 0 },
    {
      name: 'quote marks that never close give one quote per paragraph',
      text: openQuotes(200),
      statements: 1,
    },
    { name: '900 quotes in one page are 900 items', text: manyQuotes(900), statements: 900 },
  ])('$name', ({ text, statements }) => {
    const result = assessStatements('page', text, index);
    expect(result.statements).toHaveLength(statements);
    expect(result.truncated).toBeNull();
  });

  it('assesses 2,000 quotes up to the statement cap and flags the page', () => {
    const limits = { ...STATEMENT_LIMITS, maxStatements: 500 };
    const result = assessStatements('page', manyQuotes(2_000), index, null, limits);
    expect(result.statements).toHaveLength(500);
    expect(result.truncated).toMatchObject({
      flag: 'truncated-for-analysis',
      caps: ['statements'],
    });
  });

  it('reads a 1 MB quote storm up to the text and mark caps and flags it', () => {
    const text = storm(62_000);
    expect(text.length).toBeGreaterThan(1_000_000);
    const result = assessStatements('page', text, index);
    expect(result.truncated).toMatchObject({
      flag: 'truncated-for-analysis',
      caps: ['text', 'quote marks'],
      textChars: text.length,
    });
    expect(result.truncated?.analysedChars).toBeLessThanOrEqual(STATEMENT_LIMITS.maxTextChars);
  });

  it.each([
    { name: 'a quote storm on one line', make: storm, n: 3_000 },
    { name: 'a line of punctuation and straight marks', make: punctuation, n: 3_000 },
    { name: 'thousands of attributed quotes', make: manyQuotes, n: 1_500 },
  ])('reads $name in linear work, in bounded windows', ({ make, n }) => {
    const work = (size: number) => {
      const meter = newScanMeter();
      scanQuotes(make(size), { maxQuoteMarks: Infinity, meter });
      return meter;
    };
    const once = work(n);
    const twice = work(2 * n);
    // Quadratic search read the rest of the line for every quote: 4× the work for 2× the page.
    expect(twice.chars / once.chars).toBeGreaterThan(1.8);
    expect(twice.chars / once.chars).toBeLessThan(2.2);
    expect(twice.maxWindow).toBeLessThanOrEqual(SPEAKER_WINDOW);
  });

  it('stops pairing marks at the cap and says so', () => {
    const { quotes, marksCapped } = scanQuotes(manyQuotes(100), { maxQuoteMarks: 40 });
    expect(marksCapped).toBe(true);
    expect(quotes).toHaveLength(20);
  });

  it.each([
    { name: 'at a paragraph', text: `${'a'.repeat(80)}\n\n${'b'.repeat(80)}`, cut: 'a'.repeat(80) },
    {
      name: 'at a sentence',
      text: `${'Word '.repeat(20)}end. ${'More '.repeat(20)}`,
      cut: `${'Word '.repeat(20)}end.`,
    },
  ])('cuts an over-long text $name', ({ text, cut }) => {
    const limits = { ...STATEMENT_LIMITS, maxTextChars: 120 };
    expect(analysedText(text, limits).trimEnd()).toBe(cut);
  });
});
