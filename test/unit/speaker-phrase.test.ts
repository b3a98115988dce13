// What speaker-phrase.ts decides: which noun phrase in a stretch of text is the one that speaks
// when no attribution grammar points at it: the subject of the sentence a partial quote sits in,
// the subject of a colon introduction, the phrase right before a speech verb.
import { describe, expect, it } from 'vitest';

import { phraseBefore, sentenceSubject, subjectAtStart } from '../../src/claims/speaker-phrase.js';

const read = { sentenceSubject, subjectAtStart, phraseBefore };

const cases: { name: string; reader: keyof typeof read; text: string; want: string | null }[] = [
  {
    name: 'the subject before its verb',
    reader: 'sentenceSubject',
    text: 'Sam Doe attacked the plan as ',
    want: 'Sam Doe',
  },
  {
    name: 'an opener of time or place is skipped',
    reader: 'sentenceSubject',
    text: 'During a speech on Monday, Sam Doe attacked the plan as ',
    want: 'Sam Doe',
  },
  {
    name: 'a dateline is skipped, the title kept for the name reader',
    reader: 'sentenceSubject',
    text: 'WASHINGTON — Sen. Ann Lee called it ',
    want: 'Sen. Ann Lee',
  },
  {
    name: 'a country is a subject like a person',
    reader: 'sentenceSubject',
    text: 'South Korea accused the North of ',
    want: 'South Korea',
  },
  {
    name: 'a number-led subject keeps its noun',
    reader: 'sentenceSubject',
    text: 'Two ranking Chicago police sources sharply rejected the account, telling ',
    want: 'Two ranking Chicago police sources',
  },
  {
    name: 'a subject pronoun',
    reader: 'sentenceSubject',
    text: 'He called for ',
    want: 'He',
  },
  {
    name: 'the opening mark of a quoted paragraph is no part of it',
    reader: 'sentenceSubject',
    text: '“Ann Lee walked onto the stage, ',
    want: 'Ann Lee',
  },
  {
    name: 'a past tense after the noun is its verb',
    reader: 'sentenceSubject',
    text: 'The crowd marched past the station, ',
    want: 'The crowd',
  },
  {
    name: 'the subject after a date opener in a colon introduction',
    reader: 'subjectAtStart',
    text: 'On July 6, 2015, Ann Lee made the following comment',
    want: 'Ann Lee',
  },
  {
    name: 'the agent of a passive colon introduction',
    reader: 'subjectAtStart',
    text: 'The statement was issued by the Department of Homeland Security',
    want: 'the Department of Homeland Security',
  },
  {
    name: 'the name before a role in apposition',
    reader: 'phraseBefore',
    text: 'Kerr Doe, the city’s police chief',
    want: 'Kerr Doe',
  },
  {
    name: 'the name before a relative clause',
    reader: 'phraseBefore',
    text: 'Ann Roe, who runs the campaign',
    want: 'Ann Roe',
  },
  {
    name: 'the subject of a relative clause',
    reader: 'phraseBefore',
    text: 'an explosion that Mayor Ann Lee',
    want: 'Mayor Ann Lee',
  },
  {
    name: 'a participle aside is not the subject (not “Friday”)',
    reader: 'phraseBefore',
    text: 'The videos, released Friday',
    want: 'The videos',
  },
];

describe('speaker phrase: which noun phrase speaks', () => {
  it.each(cases)('$reader: $name', ({ reader, text, want }) => {
    expect(read[reader](text)?.phrase ?? null).toBe(want);
  });
});
