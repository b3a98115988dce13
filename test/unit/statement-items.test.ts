import { describe, expect, it } from 'vitest';

import { findQuotes } from '../../src/claims/quote-find.js';
import { statementItems, type StatementItem } from '../../src/claims/statement-items.js';

// What becomes one item for the reviewer. Synthetic paragraphs.
const show = (item: StatementItem): { kind: string; text: string; speaker: string | null } =>
  item.kind === 'quote'
    ? { kind: 'quote', text: item.text, speaker: item.quote.speaker }
    : { kind: 'claim', text: item.claim.text, speaker: item.speaker?.speaker ?? null };

const cases: {
  name: string;
  text: string;
  want: { kind: string; text: string; speaker: string | null }[];
}[] = [
  {
    name: 'a whole quote and the sentence carrying it are one item',
    text: '“We answer every call for help,” union president Jane Roe said on Sunday.',
    want: [{ kind: 'quote', text: 'We answer every call for help,', speaker: 'Jane Roe' }],
  },
  {
    name: 'an interrupted quote is one item',
    text: '“We answer every call,” Jane Roe said, “and we always will, whoever makes it.”',
    want: [
      {
        kind: 'quote',
        text: 'We answer every call, … and we always will, whoever makes it.',
        speaker: 'Jane Roe',
      },
    ],
  },
  {
    name: 'a partial quote is the sentence’s item, with the speaker',
    text: 'Secretary Ann Lee called the clash “an attack on brave law enforcement” after the raid.',
    want: [
      {
        kind: 'claim',
        text: 'Secretary Ann Lee called the clash “an attack on brave law enforcement” after the raid.',
        speaker: 'Ann Lee',
      },
    ],
  },
  {
    name: 'a one-word quote is no item; its sentence is, with the quote’s speaker (one voice)',
    text: 'The union called the order “shocking” and asked the city to explain it.',
    want: [
      {
        kind: 'claim',
        text: 'The union called the order “shocking” and asked the city to explain it.',
        speaker: 'The union',
      },
    ],
  },
  {
    name: 'a sentence of two voices takes no speaker from a short quote',
    text: 'The agency described the raid as “targeted,” but aldermen said agents detained children.',
    want: [
      {
        kind: 'claim',
        text: 'The agency described the raid as “targeted,” but aldermen said agents detained children.',
        speaker: null,
      },
    ],
  },
  {
    name: 'a sentence of one voice takes the speaker of its short quote',
    text: 'A dispatcher told officers that the agents were “being surrounded by a large crowd” and were “requesting CPD.”',
    want: [
      {
        kind: 'claim',
        text: 'A dispatcher told officers that the agents were “being surrounded by a large crowd” and were “requesting CPD.”',
        speaker: 'A dispatcher',
      },
    ],
  },
  {
    name: 'a scare quote is no item, its sentence is',
    text: 'The city kept its “sanctuary” rules in place for another full year.',
    want: [
      {
        kind: 'claim',
        text: 'The city kept its “sanctuary” rules in place for another full year.',
        speaker: null,
      },
    ],
  },
  {
    name: 'a quote in a headline reaches no one; the body says it again',
    text: 'Union Calls Order ‘a Shocking Violation of Duty’\n\nThe union said the order was wrong and asked for a review.',
    want: [
      {
        kind: 'quote',
        text: 'the order was wrong and asked for a review.',
        speaker: 'The union',
      },
    ],
  },
];

describe('statementItems', () => {
  it.each(cases)('$name', ({ text, want }) => {
    expect(statementItems(text, findQuotes(text)).map(show)).toEqual(want);
  });
});
