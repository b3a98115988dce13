import { describe, expect, it } from 'vitest';

import { CLAIM_MIN_SCORE, findClaims } from '../../src/claims/claim-find.js';

const flagged: { name: string; text: string; reason: string }[] = [
  {
    name: 'a percentage',
    text: 'Agents faced a 1,000-percent increase in assaults this year.',
    reason: 'percentage',
  },
  {
    name: 'money',
    text: 'The shelters have cost the city $574.5 million since the summer.',
    reason: 'money',
  },
  {
    name: 'a count of people',
    text: 'About 30 armed border agents were surrounded by a crowd near the plant.',
    reason: 'count of people',
  },
  {
    name: 'an order and who gave it',
    text: 'The chief of patrol ordered officers to leave the scene at once.',
    reason: 'order or directive',
  },
  {
    name: 'a law and what it requires',
    text: 'The city ordinance prohibits officers from helping with civil immigration enforcement.',
    reason: 'law or rule',
  },
  {
    name: 'a dated event',
    text: 'Federal agents shot a woman on Saturday after a car rammed their vehicle.',
    reason: 'event',
  },
];

const ignored: { name: string; text: string }[] = [
  { name: 'an opinion', text: 'We think the city should perhaps rethink its whole approach here.' },
  { name: 'a question', text: 'What would have happened if the roles had been reversed today?' },
  {
    name: 'boilerplate',
    text: 'Please follow us on social media and subscribe to the newsletter.',
  },
  { name: 'a short fragment', text: 'Tensions rose on Saturday.' },
];

describe('findClaims', () => {
  it.each(flagged)('flags $name', ({ text, reason }) => {
    const [claim, ...rest] = findClaims(text);
    expect(rest).toEqual([]);
    expect(claim?.reasons).toContain(reason);
    expect(claim?.score).toBeGreaterThanOrEqual(CLAIM_MIN_SCORE);
    expect(claim?.score).toBeLessThanOrEqual(1);
  });

  it.each(ignored)('does not flag $name', ({ text }) => {
    expect(findClaims(text)).toEqual([]);
  });

  it.each([
    { name: 'titles', text: 'Gov. JB Pritzker and Supt. Larry Snelling met at 9 a.m. on Monday.' },
    { name: 'initialisms', text: 'The U.S. Department of Homeland Security filed 3 complaints.' },
    {
      name: 'military ranks',
      text: 'Lt. Col. Ann Lee ordered 40 officers to stand down on Friday.',
    },
  ])('does not split a sentence at $name', ({ text }) => {
    expect(findClaims(text).map((c) => c.text)).toEqual([text]);
  });

  it('gives offsets into the text and skips a leading date line', () => {
    const text =
      ' date 2025-10-06 Officers were ordered not to assist agents on Sunday.\n\nIt rained.';
    const [claim] = findClaims(text);
    expect(claim?.text).toBe('Officers were ordered not to assist agents on Sunday.');
    expect(text.slice(claim?.start, claim?.end)).toBe(claim?.text);
  });
});
