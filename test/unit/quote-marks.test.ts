// What quote-marks.ts decides: which stretches of a text are between quotation marks, before
// anything is said about whether they are statements (scare-quote.test.ts) or who said them.
import { describe, expect, it } from 'vitest';

import { headlineQuotes, pairMarks } from '../../src/claims/quote-marks.js';
import { lines } from '../../src/text/normalize.js';

/** The quoted stretches, with how each was read when that is not a plain pair. */
function quoted(text: string, maxMarks = 4000): string[] {
  const ls = lines(text);
  return [...pairMarks(text, ls, maxMarks).quotes, ...headlineQuotes(text, ls)].map((c) => {
    const how = [c.runsOn && 'runs on', c.continues && 'continues', c.headline && 'headline']
      .filter(Boolean)
      .join(', ');
    return text.slice(c.start, c.end) + (how ? ` [${how}]` : '');
  });
}

const cases: { name: string; text: string; want: string[] }[] = [
  {
    name: 'curly marks pair, the marks and outer spaces left out',
    text: '“We answer every call,” Jane Roe said.',
    want: ['We answer every call,'],
  },
  {
    name: 'straight double marks pair like curly ones',
    text: '"Officers will not assist," the agency said.',
    want: ['Officers will not assist,'],
  },
  {
    name: 'doubled apostrophes are one mark',
    text: "They sang ''We Shall Overcome,'' the organizer said.",
    want: ['We Shall Overcome,'],
  },
  {
    name: 'a straight mark right after a digit measures inches and opens nothing',
    text: 'The agent is 6\'3" tall and weighs 236 pounds, the report shows.',
    want: [],
  },
  {
    name: 'a mark that closes onto the word before it with a space after lost its opening mark',
    text: 'a review of his systems" including the radio.',
    want: [],
  },
  {
    name: 'an inner quote in the same curly marks stays inside the outer one',
    text: '“I would rather live in what he calls “chaos” than watch agents take my neighbors,” said Ana Ruiz.',
    want: ['I would rather live in what he calls “chaos” than watch agents take my neighbors,'],
  },
  {
    name: 'of two unbalanced opening marks the later is the one a reader follows',
    text: '“Unbalanced “opening then “later opener.”',
    want: ['later opener.'],
  },
  {
    name: 'an opening mark after final punctuation at a paragraph end is a typo for a closing one',
    text: 'On July 6, Ann Lee made this comment:\n\n“Every officer answered the call.“',
    want: ['Every officer answered the call.'],
  },
  {
    name: 'a quote left open runs to its paragraph end',
    text: '“We will not comply,” she said. “Not today,',
    want: ['We will not comply,', 'Not today, [runs on]'],
  },
  {
    name: 'a paragraph opening with a mark after one left open continues that quote',
    text: '“Not today,\n\n“and not tomorrow either.”',
    want: ['Not today, [runs on]', 'and not tomorrow either. [continues]'],
  },
  {
    name: 'single marks in a headline line quote',
    text: 'Alderman Calls Federal Raid ‘Out of Control’\n\nThe raid began at dawn.',
    want: ['Out of Control [headline]'],
  },
  {
    name: 'straight single marks in a headline line quote too',
    text: "Chief: Officers Were 'Never Told to Stand Down'\n\nThe chief spoke Monday.",
    want: ['Never Told to Stand Down [headline]'],
  },
  {
    name: 'apostrophes stay inside a headline quote; single marks in the body quote nothing',
    text: 'Mayor Says City Won’t ‘Bow to Washington’s Threats’\n\nShe said it was ‘fine’.',
    want: ['Bow to Washington’s Threats [headline]'],
  },
  {
    name: 'a contraction (“It’s”) before a headline quote is no opening mark',
    text: 'Ann Lee: Officers Are Tired; It’s ‘Time to Heal.’\n\nShe spoke Monday.',
    want: ['Time to Heal. [headline]'],
  },
];

describe('quote marks: which stretches are quoted', () => {
  it.each(cases)('$name', ({ text, want }) => {
    expect(quoted(text)).toEqual(want);
  });

  it('stops pairing at the mark cap and drops the half-read quote', () => {
    const text = '“one” “two” “three”';
    const got = pairMarks(text, lines(text), 3);
    expect(got.capped).toBe(true);
    expect(got.quotes.map((c) => text.slice(c.start, c.end))).toEqual(['one']);
  });
});
