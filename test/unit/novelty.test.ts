import { describe, expect, it } from 'vitest';

import type { KnownStatement } from '../../src/domain/types.js';
import { assessNovelty, buildStatementIndex, statementsOf } from '../../src/claims/novelty.js';

const SEED = [
  'Police unions said officers were ordered not to assist federal agents on Saturday.',
  '',
  '“When an officer calls for assistance, you answer, no matter what,” union president Jane Roe said.',
  '',
  'The agency reported a 1,000-percent increase in assaults on its officers this year.',
  '',
  'A spokesperson wrote that the city will keep following the 2017 state law on immigration.',
].join('\n');

const index = buildStatementIndex(statementsOf('seed-1', 'seed', SEED));

const cases: { name: string; kind: 'quote' | 'claim'; text: string; want: string }[] = [
  {
    name: 'a quote repeated word for word is known',
    kind: 'quote',
    text: 'When an officer calls for assistance, you answer, no matter what.',
    want: 'known',
  },
  {
    name: 'a fragment of a known sentence is known (containment, not Jaccard)',
    kind: 'quote',
    text: 'you answer, no matter what',
    want: 'known',
  },
  {
    name: 'a quote printed only as sentence text in the corpus is known',
    kind: 'quote',
    text: 'the city will keep following the 2017 state law on immigration',
    want: 'known',
  },
  {
    name: 'a reworded claim is a variant',
    kind: 'claim',
    text: 'Unions say police officers were told not to help the federal agents.',
    want: 'variant',
  },
  {
    name: 'the same claim with another number is a conflict',
    kind: 'claim',
    text: 'The agency reported a 500-percent increase in assaults on its officers this year.',
    want: 'conflict',
  },
  {
    name: 'a claim about something else is new',
    kind: 'claim',
    text: 'A judge blocked the deployment of National Guard troops to Portland on Sunday.',
    want: 'new',
  },
];

describe('assessNovelty', () => {
  it.each(cases)('$name', ({ kind, text, want }) => {
    const { novelty, nearest } = assessNovelty({ kind, text, speaker: null }, index);
    expect(novelty).toBe(want);
    if (want !== 'new') expect(nearest?.doc).toBe('seed-1');
  });

  it('names the nearest statement and its containment score', () => {
    const { nearest } = assessNovelty(
      { kind: 'claim', text: 'Officers were ordered not to assist federal agents.', speaker: null },
      index,
    );
    expect(nearest?.doc).toBe('seed-1');
    expect(nearest?.text).toContain('officers were ordered not to assist federal agents');
    expect(nearest?.score).toBe(1);
  });

  it('finds the one matching statement among many unrelated ones', () => {
    const filler: KnownStatement[] = Array.from({ length: 20_000 }, (_, i) => ({
      docId: `doc-${i}`,
      source: 'corpus',
      kind: 'claim',
      text: `Council meeting number ${i} discussed budget item ${i * 7} and parking rules.`,
      speaker: null,
    }));
    const big = buildStatementIndex([...filler, ...statementsOf('seed-1', 'seed', SEED)]);
    const got = assessNovelty(
      { kind: 'quote', text: 'you answer, no matter what', speaker: 'Jane Roe' },
      big,
    );
    expect(got.novelty).toBe('known');
    expect(got.nearest?.doc).toBe('seed-1');
  });
});

describe('statementsOf', () => {
  it('returns the quotes with their speaker and every sentence as a claim', () => {
    const got = statementsOf('seed-1', 'seed', SEED);
    expect(got).toContainEqual({
      docId: 'seed-1',
      source: 'seed',
      kind: 'quote',
      text: 'When an officer calls for assistance, you answer, no matter what,',
      speaker: 'Jane Roe',
    });
    expect(got.filter((s) => s.kind === 'claim').map((s) => s.text)).toContain(
      'The agency reported a 1,000-percent increase in assaults on its officers this year.',
    );
  });
});
