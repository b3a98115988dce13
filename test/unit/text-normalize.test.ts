// words(): the tokens every comparison (dedup, novelty) is built on.
import { describe, expect, it } from 'vitest';
import { sentences, words } from '../../src/text/normalize.js';

describe('words', () => {
  const cases: { name: string; text: string; want: string[] }[] = [
    {
      name: 'plain words, lower-cased',
      text: 'Chicago Police told',
      want: ['chicago', 'police', 'told'],
    },
    {
      name: 'an apostrophe inside a word is kept',
      text: "won't rock'n'roll",
      want: ["won't", "rock'n'roll"],
    },
    { name: 'a curly apostrophe is straightened', text: 'O\u2019Hare', want: ["o'hare"] },
    { name: 'leading and trailing apostrophes are dropped', text: "'quoted' ''", want: ['quoted'] },
    { name: 'digits are words', text: 'Oct. 6, 2025', want: ['oct', '6', '2025'] },
    {
      name: 'letters of any script',
      text: 'Новости Оренбурга 中文',
      want: ['новости', 'оренбурга', '中文'],
    },
    { name: 'punctuation and dashes split', text: 'ICE\u2014CPD: no', want: ['ice', 'cpd', 'no'] },
  ];

  it.each(cases)('$name', ({ text, want }) => {
    expect(words(text)).toEqual(want);
  });

  // Issue 18: in a string with any character beyond Latin-1, a 5 MB word overflowed V8's regexp
  // backtracking stack (RangeError, reported as INTERNAL and retried). Such runs are cut into
  // tokens of at most 1,000 characters; a 5 MB word in Latin-1 is cut the same way.
  const MB5 = 5 * 1024 * 1024;
  const huge: { name: string; text: string; tokens: number; longest: number }[] = [
    {
      name: 'a 5 MB ASCII word in a text with a CJK character',
      text: `${'a'.repeat(MB5)} 中`,
      tokens: 5244,
      longest: 1000,
    },
    { name: 'a 5 MB CJK word', text: '中'.repeat(MB5), tokens: 5243, longest: 1000 },
    { name: 'a 5 MB Cyrillic word', text: 'я'.repeat(MB5), tokens: 5243, longest: 1000 },
    { name: 'a 5 MB Latin-1 word', text: 'é'.repeat(MB5), tokens: 5243, longest: 1000 },
    {
      name: '5 MB of apostrophe-joined letters',
      text: `${"ab'".repeat(MB5 / 3)}я`,
      tokens: 83221,
      longest: 62,
    },
  ];

  it.each(huge)('cuts $name into tokens without overflowing', ({ text, tokens, longest }) => {
    const out = words(text);
    expect(out).toHaveLength(tokens);
    expect(Math.max(...out.slice(0, 100).map((w) => w.length))).toBe(longest);
  });
});

describe('sentences', () => {
  const cases: { name: string; text: string; want: string[] }[] = [
    {
      name: 'a period and a space before a capital',
      text: 'Officers left. The crowd grew.',
      want: ['Officers left.', 'The crowd grew.'],
    },
    {
      name: 'a title abbreviation does not end a sentence',
      text: 'Police Supt. Larry Snelling spoke on Sept. 11 at noon.',
      want: ['Police Supt. Larry Snelling spoke on Sept. 11 at noon.'],
    },
    {
      name: 'a lost space after a period still ends a sentence',
      text: 'The mayor spoke across the city.The council met later.',
      want: ['The mayor spoke across the city.', 'The council met later.'],
    },
    {
      name: 'a lost space after a closing quotation mark still ends a sentence',
      text: 'He laid out his plans.\u201DFirst, we will act.',
      want: ['He laid out his plans.\u201D', 'First, we will act.'],
    },
    {
      name: 'dotted initials, decimals and domains without a space stay whole',
      text: 'U.S.Immigration agents saw a 1.5 percent rise, Fox.com said.',
      want: ['U.S.Immigration agents saw a 1.5 percent rise, Fox.com said.'],
    },
    {
      name: 'a title abbreviation without a space stays whole',
      text: 'Then Gov.Pritzker answered.',
      want: ['Then Gov.Pritzker answered.'],
    },
  ];

  it.each(cases)('$name', ({ text, want }) => {
    expect(sentences(text).map((s) => s.text)).toEqual(want);
  });
});
