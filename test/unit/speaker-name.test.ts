// What speaker-name.ts decides: who a phrase names (the name apart from titles and roles), a
// person as opposed to an organisation, the full name a surname stands for, and the gender the
// text gives a person.
import { describe, expect, it } from 'vitest';

import {
  isPersonName,
  nameRegistry,
  personGenders,
  personMentions,
  splitRole,
} from '../../src/claims/speaker-name.js';

const roles: {
  name: string;
  phrase: string;
  apposition?: string;
  want: [string, string | null];
}[] = [
  {
    name: 'a title before the name is its role',
    phrase: 'National FOP President Patrick Yoes',
    want: ['Patrick Yoes', 'National FOP President'],
  },
  {
    name: 'a lower-case descriptor before the name is its role',
    phrase: 'longtime Democratic pollster Pat Caddell',
    want: ['Pat Caddell', 'longtime Democratic pollster'],
  },
  { name: 'an abbreviated title', phrase: 'Sen. Ann Lee', want: ['Ann Lee', 'Sen.'] },
  { name: 'an honorific is no role', phrase: 'Mr. Clarke', want: ['Clarke', null] },
  {
    name: 'an apposition is the role',
    phrase: 'Mary Major',
    apposition: 'Assistant Secretary',
    want: ['Mary Major', 'Assistant Secretary'],
  },
  { name: 'a description stays whole', phrase: 'the department', want: ['the department', null] },
  {
    name: 'an organisation stays whole',
    phrase: 'Chicago Police Department',
    want: ['Chicago Police Department', null],
  },
];

const persons: { name: string; speaker: string; want: boolean }[] = [
  { name: 'a full name', speaker: 'Patrick Yoes', want: true },
  { name: 'a surname', speaker: 'Yoes', want: true },
  { name: 'a name with an initial', speaker: 'John D. Podesta', want: true },
  { name: 'an acronym is an organisation', speaker: 'DHS', want: false },
  { name: 'an organisation word', speaker: 'Chicago Police Department', want: false },
  { name: 'a description', speaker: 'the department', want: false },
  { name: 'a capitalised description', speaker: 'The Mayor', want: false },
  { name: 'a contraction is no name', speaker: 'I’m Sam', want: false },
  { name: 'a title before the name', speaker: 'Supt. Larry Snelling', want: true },
  { name: 'two titles before the name', speaker: 'Lt. Gov. Juliana Stratton', want: true },
  { name: 'dotted initials', speaker: 'Gov. J.B. Pritzker', want: true },
  { name: 'dotted initials alone before a surname', speaker: 'J.D. Vance', want: true },
  { name: 'a short word and a period end a sentence', speaker: 'Yep. He', want: false },
  { name: 'a place with periods ends a sentence', speaker: 'U.S. Maria Lopez', want: false },
  { name: 'a name and a period end a sentence', speaker: 'Ann Lee. She', want: false },
];

describe('speaker name: name and role', () => {
  it.each(roles)('$name: “$phrase”', ({ phrase, apposition, want }) => {
    const got = splitRole({ phrase, apposition: apposition ?? null });
    expect([got.speaker, got.speakerRole]).toEqual(want);
  });
});

describe('speaker name: a person or not', () => {
  it.each(persons)('$name: “$speaker”', ({ speaker, want }) => {
    expect(isPersonName(speaker)).toBe(want);
  });
});

describe('speaker name: surnames and genders across an article', () => {
  it('maps a surname to the first full name, not across a sentence end, and not page chrome', () => {
    const text =
      'Chief Sam Doe spoke. Advertisement Advertisement. The senator praised Mitt Romney. He left. Mr. Obama waved.';
    expect(Object.fromEntries(nameRegistry(text))).toEqual({
      Doe: { speaker: 'Sam Doe', speakerRole: 'Chief' },
      Romney: { speaker: 'Mitt Romney', speakerRole: null },
      Obama: { speaker: 'Obama', speakerRole: null },
    });
  });

  it('keeps a name that opens a sentence after capitalised words, and never joins a line to the next', () => {
    const text =
      'Agents Pull Back From Brighton Park\n\nAnn Lee spoke on Monday at City Hall. Bo Roe left early.';
    expect(Object.fromEntries(nameRegistry(text))).toEqual({
      Lee: { speaker: 'Ann Lee', speakerRole: null },
      Roe: { speaker: 'Bo Roe', speakerRole: null },
    });
  });

  it('reads a gender from the first pronoun after a mention, or from Mr. and Ms.', () => {
    const text =
      'Mary Major spoke first, and she was blunt. Sam Doe answered; his tone was calm. Ms. Ann Lee left.';
    const genders = personGenders(text, personMentions(text, nameRegistry(text)));
    expect(genders.get('Mary Major')).toBe('f');
    expect(genders.get('Sam Doe')).toBe('m');
    expect(genders.get('Ann Lee')).toBe('f');
  });
});
