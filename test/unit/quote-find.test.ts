import { describe, expect, it } from 'vitest';

import { findQuotes } from '../../src/claims/quote-find.js';

interface Expected {
  text: string;
  speaker: string | null;
  speakerRole?: string | null;
  form?: 'direct' | 'reported';
}

const cases: { name: string; text: string; want: Expected[] }[] = [
  {
    name: 'speaker after the quote, title kept apart from the name',
    text: '“We answer every call,” Union President Jane Roe said.',
    want: [{ text: 'We answer every call,', speaker: 'Jane Roe', speakerRole: 'Union President' }],
  },
  {
    name: 'inverted speaker with a role in apposition',
    text: '“The police left the scene,” said Mary Major, Assistant Secretary for Public Affairs at DHS.',
    want: [
      {
        text: 'The police left the scene,',
        speaker: 'Mary Major',
        speakerRole: 'Assistant Secretary for Public Affairs at DHS',
      },
    ],
  },
  {
    name: 'speaker before the quote, after a comma',
    text: 'On Sunday, a city dispatcher replied, “Nobody is going out to that place.”',
    want: [{ text: 'Nobody is going out to that place.', speaker: 'a city dispatcher' }],
  },
  {
    name: 'organisation as speaker after the quote',
    text: '“Our officers did in fact respond to the scene,” the department said.',
    want: [{ text: 'Our officers did in fact respond to the scene,', speaker: 'the department' }],
  },
  {
    name: 'straight double quotes pair like curly ones',
    text: '"Officers will not assist with civil enforcement," the agency said.',
    want: [{ text: 'Officers will not assist with civil enforcement,', speaker: 'the agency' }],
  },
  {
    name: 'a following quote in the same paragraph inherits the speaker',
    text: '“We were shocked by it,” Police Chief Sam Doe said. “It will not happen again here.”',
    want: [
      { text: 'We were shocked by it,', speaker: 'Sam Doe' },
      { text: 'It will not happen again here.', speaker: 'Sam Doe' },
    ],
  },
  {
    name: 'a surname resolves to the full name given earlier',
    text: 'Chief Sam Doe spoke on Monday.\n\n“The rule is older than any of us,” Doe said.',
    want: [{ text: 'The rule is older than any of us,', speaker: 'Sam Doe', speakerRole: 'Chief' }],
  },
  {
    name: 'a pronoun resolves to the last named person',
    text: '“We stay on duty all night,” Sam Doe said.\n\n“Nothing will stop us from helping,” he said.',
    want: [
      { text: 'We stay on duty all night,', speaker: 'Sam Doe' },
      { text: 'Nothing will stop us from helping,', speaker: 'Sam Doe' },
    ],
  },
  {
    name: 'a colon paragraph introduces an unmarked statement',
    text: '“This was wrong from the start,” Jane Roe said.\n\nShe continued:\n\nWe urge the city to guarantee that every officer gets help.',
    want: [
      { text: 'This was wrong from the start,', speaker: 'Jane Roe' },
      { text: 'We urge the city to guarantee that every officer gets help.', speaker: 'Jane Roe' },
    ],
  },
  {
    name: 'a quote left open runs into the next paragraph with the same speaker',
    text: '“We will not comply with this order,” Mayor Ann Lee said. “Not today,\n\n“and not tomorrow either.”',
    want: [
      { text: 'We will not comply with this order,', speaker: 'Ann Lee' },
      { text: 'Not today,', speaker: 'Ann Lee' },
      { text: 'and not tomorrow either.', speaker: 'Ann Lee' },
    ],
  },
  {
    name: 'a partial quote takes the speaker of the sentence',
    text: 'Jane Roe said the directive was “a failure of duty by the leadership.”',
    want: [{ text: 'a failure of duty by the leadership.', speaker: 'Jane Roe' }],
  },
  {
    name: 'scare quotes and titles are not statements',
    text: 'Officials blamed “sanctuary” politicians and the “Trust Act” for an “invasion” narrative.',
    want: [],
  },
  {
    name: 'a short quote right beside a speech verb is a statement',
    text: '“Absolutely not,” Jane Roe said.',
    want: [{ text: 'Absolutely not,', speaker: 'Jane Roe' }],
  },
  {
    name: 'reported speech with "said that"',
    text: 'The mayor’s office said that the city will keep following the 2017 law.',
    want: [
      {
        text: 'the city will keep following the 2017 law.',
        speaker: 'The mayor’s office',
        form: 'reported',
      },
    ],
  },
  {
    name: 'reported speech with "according to"',
    text: 'According to the New York Post, the radio calls went unanswered for an hour.',
    want: [
      {
        text: 'the radio calls went unanswered for an hour.',
        speaker: 'the New York Post',
        form: 'reported',
      },
    ],
  },
  {
    name: 'reported speech with the speaker at the end',
    text: 'The woman later sought treatment at a hospital, DHS said.',
    want: [
      { text: 'The woman later sought treatment at a hospital', speaker: 'DHS', form: 'reported' },
    ],
  },
];

describe('findQuotes', () => {
  it.each(cases)('$name', ({ text, want }) => {
    const got = findQuotes(text);
    expect(
      got.map((q) => ({
        text: q.text,
        speaker: q.speaker,
        ...(want.some((w) => 'speakerRole' in w) ? { speakerRole: q.speakerRole } : {}),
        form: q.form,
      })),
    ).toEqual(
      want.map((w) => ({
        text: w.text,
        speaker: w.speaker,
        ...(want.some((x) => 'speakerRole' in x) ? { speakerRole: w.speakerRole ?? null } : {}),
        form: w.form ?? 'direct',
      })),
    );
    for (const q of got) expect(text.slice(q.start, q.end)).toBe(q.text);
  });
});
