// What novelty.ts decides: the verdict on a statement against what is known (known, restated,
// variant, conflict or new) and the evidence it is given with. What is known is
// known-statements.test.ts's table; which known statements are compared, novelty-candidates';
// the word-level differences, novelty-evidence'. Here each known text is a small fixture.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import type { KnownStatement } from '../../src/domain/types.js';
import { assessNovelty, statementsOf } from '../../src/claims/novelty.js';
import { buildStatementIndex } from '../../src/claims/statement-index.js';

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
    name: 'a claim in other words is restated',
    kind: 'claim',
    text: 'Unions say police officers were told not to help the federal agents on Saturday.',
    want: 'restated',
  },
  {
    name: 'a claim in another order is quiet (known when its word pairs are, restated if not)',
    kind: 'claim',
    text: 'On Saturday, officers were ordered not to assist federal agents, police unions said.',
    want: 'quiet',
  },
  {
    name: 'a quote put into indirect speech is restated',
    kind: 'claim',
    text: 'Jane Roe, who leads the union, said that officers answer a call for assistance from an officer no matter what.',
    want: 'restated',
  },
  {
    name: 'what two adjacent known sentences say together is restated',
    kind: 'claim',
    text: 'Assaults on the agency’s officers rose 1,000 percent this year, it reported, while a spokesperson wrote the city would keep following the 2017 immigration law.',
    want: 'restated',
  },
  {
    name: 'a reworded claim that adds a number is a variant',
    kind: 'claim',
    text: 'Unions say 40 police officers were told not to help the federal agents on Saturday.',
    want: 'variant',
  },
  {
    name: 'a reworded claim that drops the known one’s negation is a variant',
    kind: 'claim',
    text: 'Police unions say officers were told to help the federal agents on Saturday.',
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
    if (want === 'quiet') expect(['known', 'restated']).toContain(novelty);
    else expect(novelty).toBe(want);
    if (want !== 'new') expect(nearest?.doc).toBe('seed-1');
  });

  it('shows what a variant adds as words: the number, and the negation', () => {
    const more = assessNovelty(
      {
        kind: 'claim',
        text: 'Unions say 40 police officers were told not to help the federal agents on Saturday.',
        speaker: null,
      },
      index,
    );
    expect(more.diff?.added).toContain('40');
    const negated = assessNovelty(
      {
        kind: 'claim',
        text: 'Police unions say officers were told to help the federal agents on Saturday.',
        speaker: null,
      },
      index,
    );
    expect(negated.diff?.removed).toContain('not');
  });

  it('names the nearest statement of a fragment with a restatement score', () => {
    const { nearest } = assessNovelty(
      { kind: 'claim', text: 'Officers were ordered not to assist federal agents.', speaker: null },
      index,
    );
    expect(nearest?.doc).toBe('seed-1');
    expect(nearest?.text).toContain('officers were ordered not to assist federal agents');
    expect(nearest?.score).toBeGreaterThan(0.5);
  });

  it('gives a new statement no nearest one when nothing known is similar enough to be evidence', () => {
    const got = assessNovelty(
      {
        kind: 'claim',
        text: 'The assaults on officers were discussed by a judge in Portland.',
        speaker: null,
      },
      index,
    );
    expect(got.novelty).toBe('new');
    expect(got.nearest).toBeNull();
  });

  it('keeps a reported-speech quote that restates a sentence quiet, and a direct misquote a variant', () => {
    const reported = assessNovelty(
      {
        kind: 'quote',
        form: 'reported',
        text: 'officers had been ordered not to assist the federal agents on Saturday',
        speaker: 'Police unions',
      },
      index,
    );
    expect(reported.novelty).toBe('restated');
    const misquote = assessNovelty(
      {
        kind: 'quote',
        form: 'direct',
        text: 'When an officer calls for help, you answer, no matter what.',
        speaker: 'Jane Roe',
      },
      index,
    );
    expect(misquote.novelty).toBe('variant');
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

describe('assessNovelty on the seed corpus', () => {
  const seed = (id: string) =>
    readFileSync(new URL(`../../corpus/seed/${id}.txt`, import.meta.url), 'utf8');
  const seed001 = buildStatementIndex(
    statementsOf('001_c8a33281598bb792', 'seed', seed('001_c8a33281598bb792')),
  );

  it('calls the FOP release’s “officers in distress” a variant of seed 001’s “officers in trouble”, with the words that differ', () => {
    const got = assessNovelty(
      {
        kind: 'quote',
        text: 'The number one unwritten rule in law enforcement is that we respond to any calls from officers in distress.',
        speaker: 'Chris Southwood',
      },
      seed001,
    );
    expect(got.novelty).toBe('variant');
    expect(got.nearest?.doc).toBe('001_c8a33281598bb792');
    expect(got.diff).toEqual({ removed: ['trouble'], added: ['distress'] });
  });

  it('calls a sentence copied from a seed known, never new', () => {
    for (const sentence of [
      'The incident allegedly unfolded on Saturday after a vehicle ramming led to an officer-involved shooting involving an armed woman, drawing protesters to the scene.',
      'The number one unwritten rule in law enforcement is that we respond to any calls from officers in trouble,',
    ]) {
      const got = assessNovelty({ kind: 'claim', text: sentence, speaker: null }, seed001);
      expect([sentence, got.novelty]).toEqual([sentence, 'known']);
    }
  });
});

describe('assessNovelty conflicts', () => {
  const known = buildStatementIndex(
    statementsOf(
      'seed-x',
      'seed',
      'DHS said assaults on ICE officers rose by 1,000 percent this year.\n\nThe radio calls came on Sunday, October 5, dispatchers said.',
    ),
  );

  it('names the two values when a percentage differs', () => {
    const got = assessNovelty(
      {
        kind: 'claim',
        text: 'DHS said assaults on ICE officers rose by 500 percent this year.',
        speaker: null,
      },
      known,
    );
    expect(got.novelty).toBe('conflict');
    expect(got.conflict).toEqual({
      kind: 'percentage',
      unit: '%',
      ours: '500 %',
      theirs: '1000 %',
    });
  });

  it('calls a different day for the same event a conflict', () => {
    const got = assessNovelty(
      {
        kind: 'claim',
        text: 'The radio calls came on Saturday, October 4, dispatchers said.',
        speaker: null,
      },
      known,
    );
    expect(got.novelty).toBe('conflict');
    expect(got.conflict?.kind).toBe('date');
  });

  it('does not call the same number written another way a conflict', () => {
    const got = assessNovelty(
      {
        kind: 'claim',
        text: 'DHS said assaults on ICE officers rose by 1000% this year.',
        speaker: null,
      },
      known,
    );
    expect(got.novelty).not.toBe('conflict');
  });
});

describe('assessNovelty hedged numbers', () => {
  it('does not call a hedged figure a conflict with the exact one', () => {
    const index = buildStatementIndex(
      statementsOf(
        'seed-y',
        'seed',
        'About 30 armed Border Patrol agents were surrounded by protesters.',
      ),
    );
    const got = assessNovelty(
      {
        kind: 'claim',
        text: 'Thirty armed Border Patrol agents were surrounded by protesters.',
        speaker: null,
      },
      index,
    );
    expect(got.novelty).not.toBe('conflict');
  });
});

describe('assessNovelty misattribution', () => {
  const earlier = buildStatementIndex(
    statementsOf(
      'article-1',
      'ingested',
      '“We will not let a dispatcher decide immigration policy for this city,” Ald. Rosa Quintero said.',
    ),
  );
  const words = 'We will not let a dispatcher decide immigration policy for this city,';

  it.each([
    [
      'credited to someone else: a variant naming both',
      'Sgt. Tom Brennan',
      'variant',
      'Rosa Quintero',
    ],
    ['credited to the same person by surname alone: known', 'Quintero', 'known', undefined],
    ['credited to nobody: known', null, 'known', undefined],
  ])('the same quoted words %s', (_name, speaker, novelty, earlierSpeaker) => {
    const got = assessNovelty({ kind: 'quote', text: words, speaker }, earlier);
    expect(got.novelty).toBe(novelty);
    expect(got.misattribution?.earlier).toBe(earlierSpeaker);
    if (earlierSpeaker) expect(got.misattribution?.speaker).toBe(speaker);
  });
});

describe('assessNovelty over two adjacent known sentences', () => {
  const known = buildStatementIndex(
    statementsOf(
      'seed-2',
      'seed',
      [
        'The department said its officers stayed to “maintain order and traffic control” at the scene.',
        '“Officers did respond to the shooting scene on Saturday,” the department said.',
      ].join('\n'),
    ),
  );

  it.each([
    [
      'the second sentence’s quote completed by the first’s quoted words is known',
      'Officers did respond to the shooting scene on Saturday to maintain order and traffic control',
      'known',
    ],
    [
      'the two in their own order are known',
      'maintain order and traffic control at the scene. Officers did respond to the shooting scene',
      'known',
    ],
    [
      'a word from neither is no repeat',
      'Officers did respond to the shooting scene on Saturday to maintain order and crowd control',
      'variant',
    ],
  ])('%s', (_name, text, want) => {
    const got = assessNovelty({ kind: 'quote', text, speaker: 'the department' }, known);
    expect(got.novelty).toBe(want);
  });
});

describe('assessNovelty against known reported speech', () => {
  const known = buildStatementIndex(
    statementsOf(
      'seed-3',
      'seed',
      '“The police are leaving the scene,” said Ann Bell, a DHS spokeswoman. She added that a growing crowd required special operations to manage.',
    ),
  );

  it('does not call a direct quote of what was reported a misquote', () => {
    const got = assessNovelty(
      {
        kind: 'quote',
        text: 'There is a growing crowd and we need special operations to manage it.',
        speaker: 'Ann Bell',
      },
      known,
    );
    expect(got.novelty).not.toBe('variant');
  });
});

describe('assessNovelty of a statement cut off at the end of an excerpt', () => {
  const known = buildStatementIndex(
    statementsOf(
      'seed-4',
      'seed',
      '“We urge the city to ensure that any law enforcement officer needing help gets it,” Jo Park said.',
    ),
  );
  const cut = 'We urge the city to ensure that any law enf';

  it.each([
    ['its last word may be cut: judged without it, known', true, 'known'],
    ['not cut off, the part-word is a changed word', false, 'variant'],
  ])('%s', (_name, cutAtEnd, want) => {
    const got = assessNovelty({ kind: 'quote', text: cut, speaker: 'Jo Park', cutAtEnd }, known);
    expect(got.novelty).toBe(want);
  });
});

describe('assessNovelty of a cut-off statement whose last word is whole', () => {
  const known = buildStatementIndex(
    statementsOf(
      'seed-5',
      'seed',
      [
        'The department said its officers stayed to “maintain public safety and traffic control” there.',
        '“Officers did respond to the shooting scene on Saturday,” the department said.',
      ].join('\n'),
    ),
  );

  it('is judged as it stands first (the word is needed to span two known sentences)', () => {
    const got = assessNovelty(
      {
        kind: 'quote',
        text: 'Officers did respond to the shooting scene on Saturday to maintain public safety',
        speaker: 'the department',
        cutAtEnd: true,
      },
      known,
    );
    expect(got.novelty).toBe('known');
  });
});

describe('assessNovelty: what the known statement’s document carries is known', () => {
  const known = buildStatementIndex(
    statementsOf(
      'seed-6',
      'seed',
      'Officers were told not to help the 30 agents on Saturday.\nA large crowd surrounded the federal agents near the plant.',
    ),
  );

  it.each([
    [
      'a number its neighbour states is no added fact',
      'A large crowd surrounded the 30 federal agents near the plant.',
      'quiet',
    ],
    [
      'a number the document lacks is',
      'A large crowd surrounded the 40 federal agents near the plant.',
      'variant',
    ],
  ])('%s', (_name, text, want) => {
    const got = assessNovelty({ kind: 'claim', text, speaker: null }, known);
    if (want === 'quiet') expect(['known', 'restated']).toContain(got.novelty);
    else expect(got.novelty).toBe(want);
  });
});
