// What novelty-evidence.ts decides: what differs between a statement and a known one, word by
// word, as the reviewer is shown it: the words changed over the stretch covered, a negation on
// one side only, a number that disagrees, whether words run across two adjacent sentences.
import { describe, expect, it } from 'vitest';

import {
  negationChanged,
  numberConflict,
  straddles,
  wordDiff,
} from '../../src/claims/novelty-evidence.js';
import { parseQuantities } from '../../src/claims/quantity-parse.js';
import { words } from '../../src/text/normalize.js';

const diffs: { name: string; ours: string; theirs: string; want: [string[], string[]] }[] = [
  {
    name: 'only the stretch of the longer known sentence the quote covers is compared',
    ours: 'officers were told not to help',
    theirs: 'Sources said officers were told not to assist the agents on Saturday.',
    want: [['assist'], ['help']],
  },
  {
    name: 'a changed last word replaces the known word just past the shared stretch',
    ours: 'officers in distress',
    theirs: 'we respond to any calls from officers in trouble, he said',
    want: [['trouble'], ['distress']],
  },
  {
    name: 'the same words in other typography differ in nothing',
    ours: '“We will not back down,”',
    theirs: '"We will not back down"',
    want: [[], []],
  },
];

const negations: { name: string; ours: string; theirs: string; want: boolean }[] = [
  {
    name: 'a “not” on one side only',
    ours: 'officers were not told to help',
    theirs: 'officers were told to help',
    want: true,
  },
  {
    name: 'a contraction counts as a negation',
    ours: 'officers weren’t told to help',
    theirs: 'officers were told to help',
    want: true,
  },
  {
    name: 'a negation on both sides is no change',
    ours: 'officers were not told to help',
    theirs: 'Sources said officers were not told to help at all.',
    want: false,
  },
  {
    name: 'a changed word that is not a negation',
    ours: 'officers were told to help',
    theirs: 'officers were told to assist',
    want: false,
  },
];

const conflicts: { name: string; ours: string; theirs: string; want: string | null }[] = [
  {
    name: 'the same measure with another value',
    ours: 'assaults rose 500 percent',
    theirs: 'assaults rose 1,000 percent',
    want: 'percentage: 500 % against 1000 %',
  },
  {
    name: 'a different day',
    ours: 'on Saturday, October 4',
    theirs: 'on Sunday, October 5',
    want: 'date: saturday against sunday',
  },
  {
    name: 'a hedge alone is the same amount',
    ours: 'about 30 agents',
    theirs: '30 agents',
    want: null,
  },
  {
    name: 'the same number written another way',
    ours: 'rose 1000%',
    theirs: 'rose by 1,000 percent',
    want: null,
  },
  {
    name: 'theirs states ours elsewhere (“from 100 to 1,000”)',
    ours: 'up to 1,000 agents',
    theirs: 'from 100 to 1,000 agents',
    want: null,
  },
  {
    name: 'different measures do not conflict',
    ours: '40 agents',
    theirs: '40 percent',
    want: null,
  },
];

const FIRST =
  'The department said its officers stayed to maintain order and traffic control at the scene.';
const SECOND = 'Officers did respond to the shooting scene on Saturday.';
const straddling: { name: string; own: string; want: boolean }[] = [
  {
    name: 'the end of the first sentence runs into the start of the second',
    own: 'maintain order and traffic control at the scene. Officers did respond to the shooting scene',
    want: true,
  },
  {
    name: 'a word from neither breaks it',
    own: 'maintain order and crowd control at the scene. Officers did respond to the shooting scene',
    want: false,
  },
  {
    name: 'a tail of fewer than three content words is too short to count',
    own: 'maintain order and traffic control at the scene. Officers did',
    want: false,
  },
];

describe('novelty evidence: the words that differ', () => {
  it.each(diffs)('$name', ({ ours, theirs, want }) => {
    const d = wordDiff(ours, theirs);
    expect([d.removed, d.added]).toEqual(want);
  });
});

describe('novelty evidence: a negation changed', () => {
  it.each(negations)('$name', ({ ours, theirs, want }) => {
    expect(negationChanged(ours, theirs)).toBe(want);
  });
});

describe('novelty evidence: a number that disagrees', () => {
  it.each(conflicts)('$name', ({ ours, theirs, want }) => {
    const c = numberConflict(parseQuantities(ours), parseQuantities(theirs));
    expect(c && `${c.kind}: ${c.ours} against ${c.theirs}`).toBe(want);
  });
});

describe('novelty evidence: words across two adjacent known sentences', () => {
  it.each(straddling)('$name', ({ own, want }) => {
    expect(straddles(words(own), words(FIRST), words(SECOND))).toBe(want);
  });
});
