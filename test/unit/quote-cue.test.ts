// What quote-cue.ts decides: which cue beside a quote names its speaker, and where in the text
// that cue is written (the span a reviewer is shown). Each row gives a quote, the speaker it ends
// up with, and the cue as written (only the name when the cue comes with a role).
import { describe, expect, it } from 'vitest';

import { findQuotes } from '../../src/claims/quote-find.js';

const cues = (text: string) =>
  findQuotes(text)
    .filter((q) => q.form === 'direct')
    .map((q) => [
      q.text,
      q.speaker,
      q.speakerStart === null || q.speakerEnd === null
        ? null
        : text.slice(q.speakerStart, q.speakerEnd),
    ]);

const cases: { name: string; text: string; want: [string, string | null, string | null][] }[] = [
  {
    name: 'the phrase before a speech verb and a comma right before the marks',
    text: 'On Sunday, a city dispatcher replied, “Nobody is going out to that place.”',
    want: [['Nobody is going out to that place.', 'a city dispatcher', 'a city dispatcher']],
  },
  {
    name: 'the attribution after the closing mark, an apposition after the name',
    text: '“The police left the scene,” said Mary Major, Assistant Secretary for Public Affairs.',
    want: [['The police left the scene,', 'Mary Major', 'Mary Major']],
  },
  {
    name: 'a title with the name: the span is the name alone',
    text: '“We answer every call,” Union President Jane Roe said.',
    want: [['We answer every call,', 'Jane Roe', 'Jane Roe']],
  },
  {
    name: 'the span keeps the spacing as written (several spaces)',
    text: '“We answer every call,” Union President Jane   Roe said.',
    want: [['We answer every call,', 'Jane Roe', 'Jane   Roe']],
  },
  {
    name: 'the span keeps the spacing as written (a no-break space)',
    text: '“We answer every call,” Union President Jane\u00A0Roe said.',
    want: [['We answer every call,', 'Jane Roe', 'Jane\u00A0Roe']],
  },
  {
    name: 'the span keeps the spacing as written (a tab)',
    text: '“We answer every call,” Union President Jane\tRoe said.',
    want: [['We answer every call,', 'Jane Roe', 'Jane\tRoe']],
  },
  {
    name: 'a party-and-state tag between name and verb',
    text: '“The bill is dead,” Rep. Ann Lee (D-Md.) said on Friday.',
    want: [['The bill is dead,', 'Ann Lee', 'Ann Lee']],
  },
  {
    name: 'a state tag in commas',
    text: '“The veto will hold,” Senate Leader Sam Doe, R-Ky., said.',
    want: [['The veto will hold,', 'Sam Doe', 'Sam Doe']],
  },
  {
    name: 'an age in commas',
    text: '“We will march again tonight,” Jo Roe, 25, said.',
    want: [['We will march again tonight,', 'Jo Roe', 'Jo Roe']],
  },
  {
    name: 'a home town before the verb of a partial quote',
    text: 'Al Poe, of Dover, Del., said he had fought “for the rights we did not have.”',
    want: [['for the rights we did not have.', 'Al Poe', 'Al Poe']],
  },
  {
    name: 'the name before a relative clause',
    text: 'Ann Roe, who runs the veterans effort, said, “He has been disrespecting veterans.”',
    want: [['He has been disrespecting veterans.', 'Ann Roe', 'Ann Roe']],
  },
  {
    name: 'a dash line after the quote',
    text: '“Maybe we can build a wall around the mayor.” ― Steve Roe.',
    want: [['Maybe we can build a wall around the mayor.', 'Steve Roe', 'Steve Roe']],
  },
  {
    name: 'a partial quote with no speech verb: the subject of its sentence',
    text: 'During a speech on Monday, Sam Doe attacked the plan as “a gift to the banks.”',
    want: [['a gift to the banks.', 'Sam Doe', 'Sam Doe']],
  },
  {
    name: 'a country as the subject of a judging verb',
    text: 'South Korea accused the North of “fanatic recklessness and open provocation.”',
    want: [['fanatic recklessness and open provocation.', 'South Korea', 'South Korea']],
  },
  {
    name: 'the second verb of a coordination: the sentence’s subject',
    text: 'Mayor Ann Lee urged the crowd to leave the plaza and said the response was “slower than anyone in this city should accept.”',
    want: [['slower than anyone in this city should accept.', 'Ann Lee', 'Ann Lee']],
  },
  {
    name: 'two appositions in a row: the name before both',
    text: 'Jo Roe, the union’s treasurer, a former patrol officer, said the agents “never called for backup.”',
    want: [['never called for backup.', 'Jo Roe', 'Jo Roe']],
  },
  {
    name: 'a few quoted words inside the reported clause do not stand between verb and quote',
    text: 'Mayor Ann Lee said the shootings demand that residents engage in “more patience” and “more listening.”',
    want: [['more listening.', 'Ann Lee', 'Ann Lee']],
  },
  {
    name: 'an aside between horizontal bars is cut off the subject',
    text: 'When Lee noted that Doe had not answered ― as was true for weeks ― Doe snapped, “That is my business.”',
    want: [['That is my business.', 'Doe', 'Doe']],
  },
  {
    name: 'a cue word after a determiner is a noun: the earlier verb’s subject speaks',
    text: 'However, the union’s lawyer said that was wrong and dismissed those reports as “rumors spread by the agency.”',
    want: [['rumors spread by the agency.', 'the union’s lawyer', 'the union’s lawyer']],
  },
  {
    name: 'a colon introduction: its subject, after a date opener',
    text: 'On July 6, 2015, Ann Lee made the following comment:\n\n“Every officer answered.”',
    want: [['Every officer answered.', 'Ann Lee', 'Ann Lee']],
  },
  {
    name: 'a colon introduction makes the next paragraph a statement, marks or not',
    text: '“This was wrong from the start,” Jane Roe said.\n\nShe continued:\n\nWe urge the city to guarantee that every officer gets help.',
    want: [
      ['This was wrong from the start,', 'Jane Roe', 'Jane Roe'],
      ['We urge the city to guarantee that every officer gets help.', 'Jane Roe', 'She'],
    ],
  },
  {
    name: 'a quote alone in its paragraph: the subject of the previous paragraph’s speech',
    text: 'In a statement Sunday, the police department disputed claims that officers stayed away.\n\n“Officers did in fact respond to the scene to keep the public safe.”',
    want: [
      [
        'Officers did in fact respond to the scene to keep the public safe.',
        'the police department',
        'the police department',
      ],
    ],
  },
  {
    name: 'a pronoun: the span is the pronoun as written, the speaker who it refers to',
    text: '“We stay on duty,” Sam Doe said.\n\n“Nothing will stop us from helping,” he said.',
    want: [
      ['We stay on duty,', 'Sam Doe', 'Sam Doe'],
      ['Nothing will stop us from helping,', 'Sam Doe', 'he'],
    ],
  },
  {
    name: 'no cue of its own: no span, the speaker inherited',
    text: '“We were shocked by it,” Chief Sam Doe said. “It will not happen again here.”',
    want: [
      ['We were shocked by it,', 'Sam Doe', 'Sam Doe'],
      ['It will not happen again here.', 'Sam Doe', null],
    ],
  },
];

describe('quote cue: which cue names the speaker, and where it is written', () => {
  it.each(cases)('$name', ({ text, want }) => {
    expect(cues(text)).toEqual(want);
  });
});
