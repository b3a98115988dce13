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
    // The few words are a scare quote once the clause's subject is not taken for their speaker.
    name: 'the subject of a clause after the quote is not its speaker',
    text: 'The union says they’re “shocked and appalled” that Chicago commanders told officers to leave.',
    want: [],
  },
  {
    name: 'a noun with a passive “reported by” did not speak',
    text: 'Radio audio and an internal memo reported by a TV station indicate officers were told to leave the scene.',
    want: [],
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

describe('findQuotes speaker spans', () => {
  const span = (text: string, q: { speakerStart: number | null; speakerEnd: number | null }) =>
    q.speakerStart === null || q.speakerEnd === null
      ? null
      : text.slice(q.speakerStart, q.speakerEnd);

  it('points at the mention the speaker was read from, before or after the quote', () => {
    const text =
      'On Sunday, a city dispatcher replied, “Nobody is going out to that place.”\n\n' +
      '“The police left the scene,” said Mary Major, Assistant Secretary for Public Affairs.';
    expect(findQuotes(text).map((q) => span(text, q))).toEqual(['a city dispatcher', 'Mary Major']);
  });

  it('points at the pronoun as written while the speaker is the person it refers to', () => {
    const text =
      '“We stay on duty,” Sam Doe said.\n\n“Nothing will stop us from helping,” he said.';
    const [, second] = findQuotes(text);
    expect(second?.speaker).toBe('Sam Doe');
    expect(span(text, second!)).toBe('he');
  });

  it('points at the name only when the role comes with it', () => {
    const text = '“We answer every call,” Union President Jane Roe said.';
    expect(span(text, findQuotes(text)[0]!)).toBe('Jane Roe');
  });

  it('has no span when the speaker is inherited from the previous quote', () => {
    const text = '“We were shocked by it,” Chief Sam Doe said. “It will not happen again here.”';
    const [first, second] = findQuotes(text);
    expect(span(text, first!)).toBe('Sam Doe');
    expect(second?.speaker).toBe('Sam Doe');
    expect(second?.speakerStart).toBeNull();
    expect(second?.speakerEnd).toBeNull();
  });
});

describe('findQuotes speakers in news style', () => {
  const speakers = (text: string) => findQuotes(text).map((q) => q.speaker);

  it('reads a party-and-state tag after the name as neither name nor role', () => {
    expect(speakers('“The bill is dead,” Rep. Ann Lee (D-Md.) said on Friday.')).toEqual([
      'Ann Lee',
    ]);
    expect(speakers('“The veto will hold,” Senate Leader Sam Doe, R-Ky., said.')).toEqual([
      'Sam Doe',
    ]);
  });

  it('reads an age or a home town between the name and the verb', () => {
    expect(speakers('“We will march again tonight,” Jo Roe, 25, said.')).toEqual(['Jo Roe']);
    expect(
      speakers('Al Poe, of Dover, Del., said he had fought “for the rights we did not have.”'),
    ).toEqual(['Al Poe']);
  });

  it('takes the name before a role in apposition, not the role', () => {
    const [q] = findQuotes(
      'Kerr Doe, the city’s police chief, said the video did not give “definitive evidence of a gun.”',
    );
    expect(q?.speaker).toBe('Kerr Doe');
    expect(q?.speakerRole).toBe('the city’s police chief');
  });

  it('takes the name before a relative clause', () => {
    expect(
      speakers(
        'Ann Roe, who runs the veterans effort, said, “He has been disrespecting veterans.”',
      ),
    ).toEqual(['Ann Roe']);
  });

  it('credits a dash line after the quote to the name on it', () => {
    expect(speakers('“Maybe we can build a wall around the mayor.” ― Steve Roe.')).toEqual([
      'Steve Roe',
    ]);
  });

  it('gives a partial quote with no speech verb to the subject of its sentence', () => {
    expect(
      speakers('During a speech on Monday, Sam Doe attacked the plan as “a gift to the banks.”'),
    ).toEqual(['Sam Doe']);
    expect(
      speakers('South Korea accused the North of “fanatic recklessness and open provocation.”'),
    ).toEqual(['South Korea']);
  });

  it('lets an organisation speak through "it"', () => {
    const text =
      '“We reviewed every call,” the Chicago Police Department said.\n\n“No officer was disciplined,” it added.';
    expect(speakers(text)).toEqual([
      'the Chicago Police Department',
      'the Chicago Police Department',
    ]);
  });

  it('resolves she to the last woman quoted, past a man quoted in between', () => {
    const text =
      'Mary Major spoke first, and she was blunt.\n\n' +
      '“The program failed,” Major said.\n\n' +
      '“I disagree with that entirely,” said Sam Doe, who led it. He was calm.\n\n' +
      '“We will audit every dollar,” she said.';
    expect(speakers(text)).toEqual(['Mary Major', 'Sam Doe', 'Mary Major']);
  });

  it('resolves he to a person named as the subject of a later sentence than the last quote', () => {
    const text =
      '“The program failed,” Mary Major said.\n\n' +
      'Senator Sam Doe listened and then took the microphone.\n\n' +
      '“We will audit every dollar,” he said.';
    expect(speakers(text)).toEqual(['Mary Major', 'Sam Doe']);
  });

  it('does not join a name to the next sentence when building the name registry', () => {
    const text =
      'The senator praised Mitt Romney. He then spoke to reporters.\n\n“It is over,” Romney said.';
    expect(speakers(text)).toEqual(['Mitt Romney']);
  });
});

describe('findQuotes titles and markup', () => {
  it('does not take a title after a preposition as a statement, even beside a speech verb', () => {
    const text = 'On “Face the Nation,” Sen. Ann Lee said the plan was finished.';
    expect(findQuotes(text).filter((q) => q.form === 'direct')).toEqual([]);
  });

  it('does not take a work named after a word for it as a statement', () => {
    const text = 'In his book “Make Your Kid a Millionaire,” Mr. Doe suggested saving early.';
    expect(findQuotes(text).filter((q) => q.form === 'direct')).toEqual([]);
  });

  it('does not take attribute values of left-over markup as quotes', () => {
    const text = '<tweet author="Sam Doe says the budget will pass next week" date="today">';
    expect(findQuotes(text)).toEqual([]);
  });
});

describe('findQuotes transcripts', () => {
  it('does not take a stage direction in a quoted transcript as a statement', () => {
    const text =
      '"ROE: We will finish the bridge this year.\n\n"(CROSSTALK.)\n\n"DOE: Not with this budget."';
    expect(findQuotes(text).map((q) => q.text)).toEqual([
      'ROE: We will finish the bridge this year.',
      'DOE: Not with this budget.',
    ]);
  });
});

describe('findQuotes speaker offsets, as written', () => {
  it('spans a name whose words are set apart by several spaces, a no-break space or a tab', () => {
    for (const gap of ['   ', '\u00A0', '\t']) {
      const text = `“We answer every call,” Union President Jane${gap}Roe said.`;
      const [q] = findQuotes(text);
      expect(q?.speaker).toBe('Jane Roe');
      expect(text.slice(q!.speakerStart!, q!.speakerEnd!)).toBe(`Jane${gap}Roe`);
    }
  });
});
