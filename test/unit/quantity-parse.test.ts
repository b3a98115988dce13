import { describe, expect, it } from 'vitest';

import { parseQuantities, sameAmount, sameMeasure } from '../../src/claims/quantity-parse.js';
import type { Quantity } from '../../src/domain/types.js';

type Want = Pick<Quantity, 'text' | 'kind' | 'unit' | 'qualifier' | 'normalized'> & {
  value?: number;
};

const one = (
  name: string,
  text: string,
  q: Omit<Want, 'qualifier'> & { qualifier?: string | null },
): { name: string; text: string; want: Want[] } => ({
  name,
  text,
  want: [{ qualifier: null, ...q }],
});

const parsed: { name: string; text: string; want: Want[] }[] = [
  // The examples.
  one(
    'a hyphenated percentage is that many percent',
    'ICE has suffered a 1,000-percent increase.',
    {
      text: '1,000-percent',
      kind: 'percentage',
      value: 1000,
      unit: '%',
      normalized: '1000 %',
    },
  ),
  one(
    'dollars with a scale word are whole dollars',
    'The shelters have cost the city $574.5 million.',
    {
      text: '$574.5 million',
      kind: 'money',
      value: 574_500_000,
      unit: 'USD',
      normalized: '574500000 USD',
    },
  ),
  one('a qualified count keeps its noun as unit', 'More than 20,000 migrants have arrived.', {
    text: 'More than 20,000 migrants',
    kind: 'count',
    value: 20000,
    unit: 'migrants',
    qualifier: 'more than',
    normalized: '>20000 migrants',
  }),
  // Percentages.
  one('a percent sign', 'a 1,000% increase in violent incidents', {
    text: '1,000%',
    kind: 'percentage',
    value: 1000,
    unit: '%',
    normalized: '1000 %',
  }),
  one('a spelled percentage', 'rates rose eight percent', {
    text: 'eight percent',
    kind: 'percentage',
    value: 8,
    unit: '%',
    normalized: '8 %',
  }),
  one('percentage points are their own unit', 'up 5 percentage points', {
    text: '5 percentage points',
    kind: 'percentage',
    value: 5,
    unit: 'percentage points',
    normalized: '5 percentage points',
  }),
  one('a fraction is a share in percent', 'one-third of officers', {
    text: 'one-third',
    kind: 'percentage',
    value: 33.3,
    unit: '%',
    normalized: '33.3 %',
  }),
  // Money.
  one('billions', 'a $2 billion budget', {
    text: '$2 billion',
    kind: 'money',
    value: 2e9,
    unit: 'USD',
    normalized: '2000000000 USD',
  }),
  one('a short scale letter', 'a $1.2M settlement', {
    text: '$1.2M',
    kind: 'money',
    value: 1_200_000,
    unit: 'USD',
    normalized: '1200000 USD',
  }),
  one('dollars written out', 'fined 500 dollars', {
    text: '500 dollars',
    kind: 'money',
    value: 500,
    unit: 'USD',
    normalized: '500 USD',
  }),
  // Counts.
  one(
    'modifiers are not part of the unit',
    'calls from approximately 30 armed border patrol agents',
    {
      text: 'approximately 30 armed border patrol agents',
      kind: 'count',
      value: 30,
      unit: 'agents',
      qualifier: 'about',
      normalized: '~30 agents',
    },
  ),
  one('an all-caps dispatch count', 'CALLER IS 1 OF APPROX 30 ARMED PATROL AGENTS', {
    text: 'APPROX 30 ARMED PATROL AGENTS',
    kind: 'count',
    value: 30,
    unit: 'agents',
    qualifier: 'about',
    normalized: '~30 agents',
  }),
  one(
    'a spelled count over listed modifiers',
    'Two longtime, ranking Chicago police sources said',
    {
      text: 'Two longtime, ranking Chicago police sources',
      kind: 'count',
      value: 2,
      unit: 'sources',
      normalized: '2 sources',
    },
  ),
  one('a dozen is twelve, nearly is its own qualifier', 'Nearly a dozen people were arrested.', {
    text: 'Nearly a dozen people',
    kind: 'count',
    value: 12,
    unit: 'people',
    qualifier: 'nearly',
    normalized: '<~12 people',
  }),
  one('a singular noun counts in the plural', 'only 1 officer came', {
    text: '1 officer',
    kind: 'count',
    value: 1,
    unit: 'officers',
    normalized: '1 officers',
  }),
  one('any plural right after the number', 'boxed in by 10 cars', {
    text: '10 cars',
    kind: 'count',
    value: 10,
    unit: 'cars',
    normalized: '10 cars',
  }),
  one('"over" means more than', 'over 20,000 migrants', {
    text: 'over 20,000 migrants',
    kind: 'count',
    value: 20000,
    unit: 'migrants',
    qualifier: 'more than',
    normalized: '>20000 migrants',
  }),
  one('"fewer than" means less than', 'fewer than 12 people', {
    text: 'fewer than 12 people',
    kind: 'count',
    value: 12,
    unit: 'people',
    qualifier: 'less than',
    normalized: '<12 people',
  }),
  one('"as many as" means up to, which is at most', 'as many as 40 officers', {
    text: 'as many as 40 officers',
    kind: 'count',
    value: 40,
    unit: 'officers',
    qualifier: 'up to',
    normalized: '<=40 officers',
  }),
  one('"or more" after the number means at least', '20 or more officers', {
    text: '20 or more officers',
    kind: 'count',
    value: 20,
    unit: 'officers',
    qualifier: 'at least',
    normalized: '>=20 officers',
  }),
  one('a year right before its noun is a count', '2000 officers came', {
    text: '2000 officers',
    kind: 'count',
    value: 2000,
    unit: 'officers',
    normalized: '2000 officers',
  }),
  // Dates and times.
  one('a full date', 'the Oct. 4, 2025 dispatch', {
    text: 'Oct. 4, 2025',
    kind: 'date',
    unit: null,
    normalized: '2025-10-04',
  }),
  one('a date without its year', 'on October 4 agents', {
    text: 'October 4',
    kind: 'date',
    unit: null,
    normalized: '--10-04',
  }),
  one('an abbreviated month', 'a memo dated Sept. 30 said', {
    text: 'Sept. 30',
    kind: 'date',
    unit: null,
    normalized: '--09-30',
  }),
  one('a month and year', 'since August 2022, costs rose', {
    text: 'August 2022',
    kind: 'date',
    unit: null,
    normalized: '2022-08',
  }),
  one('a month alone after "late"', 'In late September, cops were told', {
    text: 'September',
    kind: 'date',
    unit: null,
    normalized: '--09',
  }),
  one('a weekday', 'agents were rammed on Saturday.', {
    text: 'Saturday',
    kind: 'date',
    unit: null,
    normalized: 'saturday',
  }),
  one('a year alone is a date', 'the 2017 Illinois Trust Act', {
    text: '2017',
    kind: 'date',
    unit: null,
    normalized: '2017',
  }),
  one('a year after a preposition before a noun', 'In 2019 officers were told', {
    text: '2019',
    kind: 'date',
    unit: null,
    normalized: '2019',
  }),
  one('an afternoon time', 'at 2:30 p.m. the crowd grew', {
    text: '2:30 p.m.',
    kind: 'time',
    unit: null,
    normalized: '14:30',
  }),
  one('a qualified time', 'At about 10:30 a.m., a woman called 911', {
    text: 'about 10:30 a.m.',
    kind: 'time',
    unit: null,
    qualifier: 'about',
    normalized: '~10:30',
  }),
  one('a 24-hour time with seconds', 'FROM 04-Oc5-2025/12:34:44 CALLER', {
    text: '12:34:44',
    kind: 'time',
    unit: null,
    normalized: '12:34:44',
  }),
  // Durations and ages.
  one('a duration', 'held for 90 days', {
    text: '90 days',
    kind: 'duration',
    value: 90,
    unit: 'days',
    normalized: '90 days',
  }),
  one('a hyphenated duration', 'a 48-hour deadline', {
    text: '48-hour',
    kind: 'duration',
    value: 48,
    unit: 'hours',
    normalized: '48 hours',
  }),
  one('a qualified spelled duration', 'About two hours after that shooting', {
    text: 'About two hours',
    kind: 'duration',
    value: 2,
    unit: 'hours',
    qualifier: 'about',
    normalized: '~2 hours',
  }),
  one('an age', 'the woman, 30-year-old Marimar Martinez', {
    text: '30-year-old',
    kind: 'quantity',
    value: 30,
    unit: 'years old',
    normalized: '30 years old',
  }),
  {
    name: 'a weekday beside its date is a quantity of its own',
    text: 'on Saturday, October 4, 2025.',
    want: [
      { text: 'Saturday', kind: 'date', unit: null, qualifier: null, normalized: 'saturday' },
      {
        text: 'October 4, 2025',
        kind: 'date',
        unit: null,
        qualifier: null,
        normalized: '2025-10-04',
      },
    ],
  },
  {
    name: 'several amounts in one sentence',
    text: 'residents protested a proposed $60 million tax increase to address a $1 billion shortfall.',
    want: [
      {
        text: '$60 million',
        value: 60_000_000,
        kind: 'money',
        unit: 'USD',
        qualifier: null,
        normalized: '60000000 USD',
      },
      {
        text: '$1 billion',
        value: 1e9,
        kind: 'money',
        unit: 'USD',
        qualifier: null,
        normalized: '1000000000 USD',
      },
    ],
  },
];

const ignored: { name: string; text: string }[] = [
  { name: 'a street number', text: 'shot in the 3900 block of South Kedzie' },
  { name: 'an address', text: 'outside 1600 Pennsylvania Ave. today' },
  { name: 'a district label', text: 'a District 1 Chicago Police officer’s badge' },
  { name: 'a model number', text: 'get a Colt 45 in a paper sack' },
  { name: 'an emergency number', text: 'a woman called 911 to report it' },
  { name: 'an ordinal', text: 'for the 4th time' },
  { name: 'an identifier', text: 'on I-55 during COVID-19' },
  { name: 'a partitive', text: 'CALLER IS 1 OF' },
  { name: '"number one"', text: 'The number one unwritten rule in law enforcement' },
  { name: '"one" before a noun', text: 'One source described the response' },
  { name: 'a spelled number with nothing counted', text: 'the two of them left' },
  { name: 'vague plurals', text: 'dozens of agents and thousands of illegal immigrants' },
  { name: 'a range', text: '20-30 agents, between 20 and 30 agents' },
  { name: 'lower-case "may"', text: 'officers may leave the scene' },
  { name: 'a clock time without a.m. or p.m.', text: 'the meeting at 10:30 ran late' },
];

describe('parseQuantities', () => {
  it.each(parsed)('reads $name', ({ text, want }) => {
    const got = parseQuantities(text);
    expect(got).toHaveLength(want.length);
    for (const [i, w] of want.entries()) {
      const q = got[i];
      const { value, ...rest } = w;
      expect(q).toMatchObject(rest);
      // A date or a time has no number of its own: `normalized` is what compares.
      if (q?.kind === 'date' || q?.kind === 'time') expect(q.value).toBeNaN();
      else expect(q?.value).toBe(value);
    }
  });

  it.each(ignored)('finds no quantity in $name', ({ text }) => {
    expect(parseQuantities(text)).toEqual([]);
  });

  it('gives offsets into the text it was given', () => {
    const text = 'At about 10:30 a.m. Saturday, 2 officers saw a $1.2M loss of 1,000%.';
    const got = parseQuantities(text);
    expect(got.map((q) => q.text)).toEqual([
      'about 10:30 a.m.',
      'Saturday',
      '2 officers',
      '$1.2M',
      '1,000%',
    ]);
    for (const q of got) expect(text.slice(q.start, q.end)).toBe(q.text);
  });

  it.each([
    ['more than', 'over', 'in excess of', 'upwards of'],
    ['about', 'around', 'roughly', 'approximately', 'an estimated', 'some'],
    ['nearly', 'almost', 'close to'],
  ])('normalises the qualifier "%s" and its synonyms alike', (...words) => {
    const normalized = words.map((w) => parseQuantities(`${w} 40 officers`)[0]?.normalized);
    expect(new Set(normalized).size).toBe(1);
  });

  it('states the same amount the same way however it is written', () => {
    const forms = ['$574.5 million', '574.5 million dollars', '$574,500,000'];
    expect(forms.map((f) => parseQuantities(f)[0]?.normalized)).toEqual([
      '574500000 USD',
      '574500000 USD',
      '574500000 USD',
    ]);
  });
});

const q = (text: string): Quantity => {
  const [first] = parseQuantities(text);
  if (!first) throw new Error(`no quantity in ${text}`);
  return first;
};

describe('sameMeasure and sameAmount', () => {
  it.each([
    { a: '30 agents', b: '40 agents', measure: true, amount: false },
    { a: 'about 30 agents', b: '30 agents', measure: true, amount: true },
    { a: '30 agents', b: '30 officers', measure: false, amount: false },
    { a: '1 officer', b: '40 officers', measure: true, amount: false },
    { a: '1,000-percent', b: '500%', measure: true, amount: false },
    { a: '$574.5 million', b: '€574.5 million', measure: false, amount: false },
    { a: 'on Saturday', b: 'on Sunday', measure: true, amount: false },
    { a: 'Oct. 4, 2025', b: 'Oct. 5, 2025', measure: true, amount: false },
    { a: 'October 4', b: 'Oct. 4, 2025', measure: false, amount: false },
    { a: 'on Saturday', b: 'Oct. 4, 2025', measure: false, amount: false },
    { a: 'at 2:30 p.m.', b: 'at 14:30', measure: true, amount: true },
    { a: '90 days', b: '48 hours', measure: false, amount: false },
  ])('"$a" vs "$b": comparable $measure, same amount $amount', ({ a, b, measure, amount }) => {
    expect(sameMeasure(q(a), q(b))).toBe(measure);
    expect(sameAmount(q(a), q(b))).toBe(amount);
  });
});
