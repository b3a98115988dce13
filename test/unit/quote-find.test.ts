import { describe, expect, it } from 'vitest';

import { findQuotes } from '../../src/claims/quote-find.js';

// What an article yields, all steps together: its quotes with their speakers. Each step has its
// own table: quote-marks, quote-cue, scare-quote, reported-speech, speaker-resolve (and
// speech-verbs, speaker-find, speaker-phrase, speaker-name for the speaker grammar).

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
    name: 'a role in apposition before the verb is the role, the name before it the speaker',
    text: 'Kerr Doe, the city’s police chief, said the video did not give “definitive evidence of a gun.”',
    want: [
      {
        text: 'definitive evidence of a gun.',
        speaker: 'Kerr Doe',
        speakerRole: 'the city’s police chief',
      },
    ],
  },
  {
    name: 'speaker before the quote, after a comma',
    text: 'On Sunday, a city dispatcher replied, “Nobody is going out to that place.”',
    want: [{ text: 'Nobody is going out to that place.', speaker: 'a city dispatcher' }],
  },
  {
    // The few words are a scare quote once the clause's subject is not taken for their speaker;
    // the sentence reports what the union says.
    name: 'the subject of a clause after the quote is not its speaker: the sentence reports the union',
    text: 'The union says they’re “shocked and appalled” that Chicago commanders told officers to leave.',
    want: [
      {
        text: 'they’re “shocked and appalled” that Chicago commanders told officers to leave.',
        speaker: 'The union',
        form: 'reported',
      },
    ],
  },
  {
    name: 'a company suffix with a period at a sentence end stops the speaker phrase',
    text: '“We will appeal the ruling,” said a spokesman for Acme Corp. The firm declined further comment.',
    want: [{ text: 'We will appeal the ruling,', speaker: 'a spokesman for Acme Corp' }],
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
