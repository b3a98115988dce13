import { describe, expect, it } from 'vitest';

import { CLAIM_MIN_SCORE, findClaims, STATEMENT_BASE_SCORE } from '../../src/claims/claim-find.js';
import type { ClaimKind } from '../../src/domain/types.js';

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

  it('fills kinds and quantities, with offsets into the whole text', () => {
    const text =
      'It rained.\n\nReports indicate that more than 20,000 migrants have arrived in the city ' +
      'since August 2022.';
    const [claim, ...rest] = findClaims(text);
    expect(rest).toEqual([]);
    expect(claim?.kinds).toEqual(['count', 'date', 'event']);
    expect(claim?.quantities.map((q) => q.normalized)).toEqual(['>20000 migrants', '2022-08']);
    for (const q of claim?.quantities ?? []) expect(text.slice(q.start, q.end)).toBe(q.text);
  });
});

// Seed sentences: what each is checkable for, from the normalised numbers it states.
const seeds: {
  name: string;
  text: string;
  reasons: string[];
  kinds: ClaimKind[];
  quantities: string[];
}[] = [
  {
    name: 'a hyphenated percentage (seed 000)',
    text: 'McLaughlin also pointed out that ICE has suffered a 1,000-percent increase in violence directed at them.',
    reasons: ['percentage'],
    kinds: ['percentage'],
    quantities: ['1000 %'],
  },
  {
    name: 'money and a month (seed 004)',
    text: 'The cost of sheltering migrants has reportedly reached $574.5 million since August 2022, sparking objections from residents.',
    reasons: ['money', 'date or time'],
    kinds: ['money', 'date'],
    quantities: ['574500000 USD', '2022-08'],
  },
  {
    name: 'a qualified head count (seed 002)',
    text: 'The notation indicated calls from approximately 30 armed border patrol agents surrounded by a large crowd requesting Chicago police support.',
    reasons: ['count of people', 'event'],
    kinds: ['count', 'event'],
    quantities: ['~30 agents'],
  },
  {
    name: 'an order and who gave it (seed 000)',
    text: 'The presidents of the National Fraternal Order of Police and Illinois Fraternal Order of Police (FOP) blasted Chicago’s chief of patrol who reportedly directed officers not to assist ICE agents, Fox News reported.',
    reasons: ['order or directive', 'attributed'],
    kinds: ['order'],
    quantities: [],
  },
  {
    name: 'a law and what it prohibits, with its year (seed 004)',
    text: 'The mayor’s office stated that Chicago will continue to comply with the 2017 Illinois Trust Act, which prohibits local law enforcement from participating in federal immigration enforcement.',
    reasons: ['date or time', 'law or rule', 'attributed'],
    kinds: ['date', 'law'],
    quantities: ['2017'],
  },
  {
    name: 'what an ordinance requires (seed 004)',
    text: 'According to city ordinance, a supervisor must respond to the scene if an immigration agency requests assistance with a civil immigration enforcement operation.',
    reasons: ['law or rule', 'attributed'],
    kinds: ['law'],
    quantities: [],
  },
  {
    name: 'a dated event (seed 001)',
    text: 'The incident allegedly unfolded on Saturday after a vehicle ramming led to an officer-involved shooting involving an armed woman, drawing protesters to the scene.',
    reasons: ['date or time', 'event'],
    kinds: ['date', 'event'],
    quantities: ['saturday'],
  },
  {
    name: 'a vague count of people, with no number made up (seed 004)',
    text: 'Despite the city’s stance, Chicago residents have expressed concerns about the financial strain of sheltering thousands of illegal immigrants.',
    reasons: ['count of people'],
    kinds: ['count'],
    quantities: [],
  },
  {
    name: 'a time of day and a weekday (coverage page)',
    text: 'Around 10:30 a.m. Saturday, CPD received a call about a person shot near 39th and Kedzie.',
    reasons: ['date or time', 'time of day', 'event'],
    kinds: ['date', 'time', 'event'],
    quantities: ['~10:30', 'saturday'],
  },
  {
    name: 'a hospital stay as an event (coverage page)',
    text: 'She was taken to Mount Sinai Hospital with gunshot wounds to her legs, arm, and chest, according to preliminary information.',
    reasons: ['event', 'attributed'],
    kinds: ['event'],
    quantities: [],
  },
];

const seedIgnored: { name: string; text: string }[] = [
  {
    name: 'a quote-led rhetorical question (seed 000)',
    text: 'What would have happened if the local police were facing threats and nearby federal officers were told not to assist?',
  },
  {
    name: 'a label and a street number, not figures (seed 002)',
    text: 'CHICAGO: A black band is stretched across a District 1 Chicago Police officer’s badge (Photo by Scott Olson/Getty Images)',
  },
  {
    name: 'boilerplate with a count (seed 003)',
    text: 'Please follow us for 3 more pieces and subscribe to the newsletter.',
  },
];

describe('findClaims over seed sentences', () => {
  it.each(seeds)('flags $name', ({ text, reasons, kinds, quantities }) => {
    const [claim, ...rest] = findClaims(text);
    expect(rest).toEqual([]);
    expect(claim?.reasons).toEqual(reasons);
    expect(claim?.kinds).toEqual(kinds);
    expect(claim?.quantities.map((q) => q.normalized)).toEqual(quantities);
    expect(claim?.score).toBeGreaterThanOrEqual(CLAIM_MIN_SCORE);
  });

  it.each(seedIgnored)('does not flag $name', ({ text }) => {
    expect(findClaims(text)).toEqual([]);
  });

  // Statements all the same, at the lowest worth: a number that is no figure, an "order" that
  // is no order, a quote's "number one" add no signal.
  it.each([
    {
      name: 'a model number in an aside (seed 003)',
      text: 'They’ll hit a liquor store, get a Colt 45 in a paper sack, and tear into some menacin’.',
      reasons: ['statement'],
    },
    {
      name: '"number one" in a quote (seed 001)',
      text: '“The number one unwritten rule in law enforcement is that we respond to any calls from officers in trouble,” Southwood said.',
      reasons: ['attributed'],
    },
    {
      name: 'the Fraternal Order of Police, which is no order',
      text: 'Leaders of the Fraternal Order of Police met with the mayor and talked for a while.',
      reasons: ['statement'],
    },
  ])('keeps $name as a statement with no figure', ({ text, reasons }) => {
    const [claim, ...rest] = findClaims(text);
    expect(rest).toEqual([]);
    expect(claim?.reasons).toEqual(reasons);
    expect(claim?.kinds).toEqual([]);
    expect(claim?.score).toBe(STATEMENT_BASE_SCORE);
  });

  it('scores a figure, an order and an event above a lone event', () => {
    const [rich] = findClaims(
      'Two high-ranking CPD sources reportedly told Fox News the officers were ordered to leave after agents were rammed.',
    );
    const [plain] = findClaims(
      'Chicago cops initially responded to the scene near the gas station.',
    );
    expect(rich?.score).toBeGreaterThan(plain?.score ?? 1);
    expect(rich?.score).toBeLessThanOrEqual(1);
  });
});
