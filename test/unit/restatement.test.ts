import { describe, expect, it } from 'vitest';

import {
  FEATURE_NAMES,
  WEIGHTS,
  addedInfo,
  features,
  idf,
  idfOfSentences,
  restatement,
  sameFigure,
} from '../../src/claims/restatement.js';
import { lemmaOf, readSentence } from '../../src/claims/sentence-reading.js';

// Term weights from a small synthetic collection: the judgement only needs rare words to weigh
// more than common ones.
const weight = idfOfSentences([
  'The mayor said the city council approved the budget on Tuesday.',
  'Police said the suspect was arrested near the station.',
  'The council met again to discuss the budget.',
  'A spokesperson said the mayor would not comment.',
]);

describe('lemmaOf', () => {
  it.each([
    ['plural and past tense meet', 'charges', 'charged'],
    ['-ing and the bare verb meet', 'arresting', 'arrest'],
    ['-ies and -y meet', 'agencies', 'agency'],
    ['a doubled consonant before -ed', 'stopped', 'stop'],
    ['possessive', "mayor's", 'mayor'],
  ])('%s', (_name, a, b) => {
    expect(lemmaOf(a)).toBe(lemmaOf(b));
  });

  it('leaves numbers and short words alone', () => {
    expect(lemmaOf('1.5')).toBe('1.5');
    expect(lemmaOf('bus')).toBe('bus');
  });
});

describe('readSentence', () => {
  it('classes content words as number, date, name or other, and drops stop words', () => {
    const r = readSentence('On Tuesday the Council of Springfield approved 1,200 new jobs.');
    expect(r.tokens.map((t) => [t.term, t.cls])).toEqual([
      ['tuesday', 'date'],
      ['council', 'name'],
      ['springfield', 'name'],
      ['approved', 'other'],
      ['1200', 'number'],
      ['new', 'other'],
      ['jobs', 'other'],
    ]);
    expect(r.negated).toBe(false);
  });

  it.each([
    ['not', 'The mayor did not sign the bill.'],
    ["n't", "The mayor didn't sign the bill."],
    ['never', 'The mayor never signed the bill.'],
    ['a contraction typed without its apostrophe', 'The mayor didnt sign the bill.'],
    ['“cant” for “can’t”', 'The mayor cant sign the bill.'],
  ])('reads a negation (%s)', (_name, text) => {
    expect(readSentence(text).negated).toBe(true);
  });

  it.each([
    ['a day after a month', 'The council met on Oct. 5 to vote.', '5', 'date'],
    ['a day before a month', 'The council met on 5 October to vote.', '5', 'date'],
    ['a year after a date', 'The council met on Jan. 12, 1996, to vote.', '1996', 'date'],
    ['a year alone', 'The rule dates from 1985 and still holds.', '1985', 'date'],
    ['a count of people', 'The council hired 5 officers to patrol.', '5', 'number'],
    ['a count with a separator', 'The city paid 2,000 officers overtime.', '2000', 'number'],
    ['a year-like count before its noun', 'The company cut 1950 jobs last year.', '1950', 'number'],
    ['a number before “may” (a verb)', 'Officials said 30 may have been hurt.', '30', 'number'],
    ['a year in a list of years', 'Officers were hired in 2019 and 2020 alike.', '2020', 'date'],
  ])('classes %s as %s', (_name, text, term, cls) => {
    expect(readSentence(text).tokens.find((t) => t.term === term)?.cls).toBe(cls);
  });
});

describe('sameFigure', () => {
  it.each([
    ['14.7', '15', true],
    ['114.3', '114', true],
    ['767', '770', false],
    ['110', '114', false],
    ['1100', '1149', false],
    ['64.7', '65', true],
    ['12', '12', true],
    ['24', '20', false],
    ['4.4', '4', false],
    ['1.71', '1.5', false],
    ['16.93', '16.90', false],
    ['33.4', '34', false],
    ['9/11', '9', false],
  ])('%s and %s are one figure: %s', (x, y, same) => {
    expect(sameFigure(x, y)).toBe(same);
    expect(sameFigure(y, x)).toBe(same);
  });
});

const cases: { name: string; a: string; b: string; restated: boolean }[] = [
  {
    name: 'the same words',
    a: 'The city council approved the budget on Tuesday.',
    b: 'The city council approved the budget on Tuesday.',
    restated: true,
  },
  {
    name: 'another order and attribution',
    a: 'The city council approved the budget on Tuesday, the mayor said.',
    b: 'On Tuesday the budget was approved by the city council, said the mayor.',
    restated: true,
  },
  {
    name: 'a part of the known sentence (everything B says, A says)',
    a: 'The city council approved the budget on Tuesday after a long debate about parks.',
    b: 'The council approved the budget.',
    restated: true,
  },
  {
    name: 'a number added',
    a: 'The city council approved the budget on Tuesday.',
    b: 'The city council approved the $40 million budget on Tuesday.',
    restated: false,
  },
  {
    name: 'a negation added',
    a: 'The city council approved the budget on Tuesday.',
    b: 'The city council did not approve the budget on Tuesday.',
    restated: false,
  },
  {
    name: 'a figure given rounded',
    a: 'The city council approved a budget of $114.3 million on Tuesday.',
    b: 'The city council approved a budget of about $114 million on Tuesday.',
    restated: true,
  },
  {
    name: 'a figure changed',
    a: 'The city council approved a budget of $114.3 million on Tuesday.',
    b: 'The city council approved a budget of $120 million on Tuesday.',
    restated: false,
  },
  {
    name: 'the date of the vote added',
    a: 'The city council approved the budget after a long debate.',
    b: 'The city council approved the budget on Oct. 5 after a long debate.',
    restated: true,
  },
  {
    name: 'the date of the vote changed',
    a: 'The city council approved the budget on Oct. 5 after a long debate.',
    b: 'The city council approved the budget on Oct. 6 after a long debate.',
    restated: false,
  },
  {
    name: 'another event',
    a: 'The city council approved the budget on Tuesday.',
    b: 'Police arrested a suspect near the train station.',
    restated: false,
  },
];

describe('restatement', () => {
  it.each(cases)('$name → restated $restated', ({ a, b, restated }) => {
    const r = restatement(readSentence(b), readSentence(a), weight);
    expect(r.restated).toBe(restated);
  });

  it('scores a rewording higher than a sentence about something else', () => {
    const a = readSentence('The city council approved the budget on Tuesday.');
    const close = restatement(readSentence('The council passed the budget Tuesday.'), a, weight);
    const far = restatement(readSentence('Police arrested a suspect.'), a, weight);
    expect(close.score).toBeGreaterThan(far.score);
  });

  it('has one weight per feature, and a bias', () => {
    expect(WEIGHTS).toHaveLength(FEATURE_NAMES.length + 1);
    const a = readSentence('The council approved the budget.');
    expect(features(a, a, weight)).toHaveLength(FEATURE_NAMES.length);
  });
});

describe('addedInfo', () => {
  it('lists what B has that A lacks, by class, as words', () => {
    const got = addedInfo(
      readSentence('Mayor Jane Roe said 40 officers were not told on Friday.'),
      readSentence('The officers were told.'),
    );
    expect(got).toEqual({
      numbers: ['40'],
      dates: ['friday'],
      names: ['jane', 'roe'],
      negation: true,
      other: ['mayor'],
    });
  });
});

describe('idf', () => {
  it('weighs a word never seen most, and a word in every document least', () => {
    expect(idf(100, 0)).toBeGreaterThan(idf(100, 10));
    expect(idf(100, 10)).toBeGreaterThan(idf(100, 100));
    expect(idf(100, 100)).toBeGreaterThan(0);
  });
});
