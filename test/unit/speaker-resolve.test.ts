// What speaker-resolve.ts decides: who each quote's speaker is across the article: the full
// name a surname stands for, the person a pronoun refers to, and the speaker of a quote with no
// cue of its own.
import { describe, expect, it } from 'vitest';

import { findQuotes } from '../../src/claims/quote-find.js';

const speakers = (text: string) => findQuotes(text).map((q) => [q.text, q.speaker]);

const cases: { name: string; text: string; want: [string, string | null][] }[] = [
  {
    name: 'a surname is the full name given earlier, with the role given then',
    text: 'Chief Sam Doe spoke on Monday.\n\n“The rule is older than any of us,” Doe said.',
    want: [['The rule is older than any of us,', 'Sam Doe']],
  },
  {
    name: 'a name is not joined to the next sentence’s first word in the registry',
    text: 'The senator praised Mitt Romney. He then spoke to reporters.\n\n“It is over,” Romney said.',
    want: [['It is over,', 'Mitt Romney']],
  },
  {
    name: '“he” is the last person quoted',
    text: '“We stay on duty all night,” Sam Doe said.\n\n“Nothing will stop us from helping,” he said.',
    want: [
      ['We stay on duty all night,', 'Sam Doe'],
      ['Nothing will stop us from helping,', 'Sam Doe'],
    ],
  },
  {
    name: '“she” skips a man quoted in between: the text showed her gender',
    text:
      'Mary Major spoke first, and she was blunt.\n\n' +
      '“The program failed,” Major said.\n\n' +
      '“I disagree with that entirely,” said Sam Doe, who led it. He was calm.\n\n' +
      '“We will audit every dollar,” she said.',
    want: [
      ['The program failed,', 'Mary Major'],
      ['I disagree with that entirely,', 'Sam Doe'],
      ['We will audit every dollar,', 'Mary Major'],
    ],
  },
  {
    name: '“he” may be a person named as a later sentence’s subject than the last quote',
    text:
      '“The program failed,” Mary Major said.\n\n' +
      'Senator Sam Doe listened and then took the microphone.\n\n' +
      '“We will audit every dollar,” he said.',
    want: [
      ['The program failed,', 'Mary Major'],
      ['We will audit every dollar,', 'Sam Doe'],
    ],
  },
  {
    name: 'page chrome said twice is nobody’s name: “he” is the person named before',
    text:
      'Jo Roe, the county prosecutor, spoke on Tuesday. Advertisement Advertisement\n\n' +
      '“The agents were never in danger,” he said.',
    want: [['The agents were never in danger,', 'Jo Roe']],
  },
  {
    name: '“he” before a judging verb is the person named in the paragraph before',
    text: 'Chief Sam Doe spoke Monday.\n\nA day later in an interview with a local station he blasted the agents for being “totally reckless.”',
    want: [['totally reckless.', 'Sam Doe']],
  },
  {
    name: '“it” is the last organisation quoted',
    text: '“We reviewed every call,” the Chicago Police Department said.\n\n“No officer was disciplined,” it added.',
    want: [
      ['We reviewed every call,', 'the Chicago Police Department'],
      ['No officer was disciplined,', 'the Chicago Police Department'],
    ],
  },
  {
    name: 'a following quote on the same line takes the nearest cued quote’s speaker',
    text: '“We were shocked by it,” Police Chief Sam Doe said. “It will not happen again here.”',
    want: [
      ['We were shocked by it,', 'Sam Doe'],
      ['It will not happen again here.', 'Sam Doe'],
    ],
  },
  {
    name: 'a quote left open continues in the next paragraph with the same speaker',
    text: '“We will not comply with this order,” Mayor Ann Lee said. “Not today,\n\n“and not tomorrow either.”',
    want: [
      ['We will not comply with this order,', 'Ann Lee'],
      ['Not today,', 'Ann Lee'],
      ['and not tomorrow either.', 'Ann Lee'],
    ],
  },
  {
    name: 'a quote alone in its paragraph continues the speaker of the reported speech before it',
    text: 'Lee said Monday that the plan had failed completely.\n\n“We tried everything we could.”',
    want: [
      ['the plan had failed completely.', 'Lee'],
      ['We tried everything we could.', 'Lee'],
    ],
  },
];

describe('speaker resolve: who each quote’s speaker is across the article', () => {
  it.each(cases)('$name', ({ text, want }) => {
    expect(speakers(text)).toEqual(want);
  });

  it('never takes a headline’s title-case speaker for a later pronoun', () => {
    // The headline's "speaker" is read off title-case words; the person the story introduces
    // is not named as a subject a pronoun could continue ("Retired Gen." opens the name), so
    // before, "he" went to the headline's "Reveals".
    const text =
      'Retired General Reveals ‘Demoralizing’ Experience Of Serving Under The Mayor.\n\n' +
      'Retired U.S. Air Force Gen. Sam Doe is speaking out ahead of the vote.\n\n' +
      '“Now that I can speak,” he told the host, “it was demoralizing to work for the mayor.”';
    const got = speakers(text);
    expect(got[0]).toEqual(['Demoralizing', 'Reveals']);
    expect(got.slice(1).map(([, speaker]) => speaker)).toEqual(['he', 'he']);
  });
});
