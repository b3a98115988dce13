// What known-statements.ts decides: what a document adds to the known statements, the id a
// statement is known by, and which known statements a document on the timeline may see.
import { describe, expect, it } from 'vitest';

import type { KnownStatement } from '../../src/domain/types.js';
import { statementKey, statementsOf, visibleAt } from '../../src/claims/known-statements.js';

const added: { name: string; text: string; want: [string, string, string | null][] }[] = [
  {
    name: 'a direct quote is known as a quote with its speaker, and its sentence as a claim',
    text: '“We will not back down,” Yoes said.',
    want: [
      ['quote', 'We will not back down,', 'Yoes'],
      ['claim', '“We will not back down,” Yoes said.', null],
    ],
  },
  {
    name: 'reported speech is known as its sentence, not as a quote',
    text: 'She added that a growing crowd required special operations to manage.',
    want: [
      ['claim', 'She added that a growing crowd required special operations to manage.', null],
    ],
  },
  {
    name: 'a sentence of fewer than three content words is too generic to be known',
    text: 'Police said so.',
    want: [],
  },
];

const keys: {
  name: string;
  a: Parameters<typeof statementKey>;
  b: Parameters<typeof statementKey>;
  same: boolean;
}[] = [
  {
    name: 'the same words and speaker whatever the typography or title',
    a: ['quote', '“We will not back down,”', 'National FOP President Patrick Yoes'],
    b: ['quote', '"We will not back down"', 'Yoes'],
    same: true,
  },
  {
    name: 'another speaker',
    a: ['quote', 'We will not back down', 'Yoes'],
    b: ['quote', 'We will not back down', 'Snelling'],
    same: false,
  },
  {
    name: 'another kind',
    a: ['quote', 'We will not back down', 'Yoes'],
    b: ['claim', 'We will not back down', null],
    same: false,
  },
  {
    name: 'a claim has no speaker in its key',
    a: ['claim', 'The plan failed on Monday.', 'Yoes'],
    b: ['claim', 'The plan failed on Monday.', null],
    same: true,
  },
];

const seen = (docId: string, at?: string): KnownStatement => ({
  docId,
  source: 'ingested',
  kind: 'claim',
  text: 'x',
  speaker: null,
  ...(at ? { at } : {}),
});
const visible: { name: string; statement: KnownStatement; ownToo: boolean; want: boolean }[] = [
  {
    name: 'the corpus (no date) is known to all',
    statement: seen('seed'),
    ownToo: false,
    want: true,
  },
  {
    name: 'a document published before',
    statement: seen('doc-a', '2024-05-01'),
    ownToo: false,
    want: true,
  },
  {
    name: 'a document published after, even if processed first',
    statement: seen('doc-c', '2024-05-03'),
    ownToo: false,
    want: false,
  },
  {
    name: 'the document’s own statements',
    statement: seen('doc-b', '2024-05-02'),
    ownToo: false,
    want: false,
  },
  {
    name: 'its own statements, for a revision judged against its earlier version',
    statement: seen('doc-b', '2024-05-02'),
    ownToo: true,
    want: true,
  },
];

describe('known statements: what a document adds', () => {
  it.each(added)('$name', ({ text, want }) => {
    expect(statementsOf('d', 'seed', text).map((s) => [s.kind, s.text, s.speaker])).toEqual(want);
  });

  it('gives each statement its key', () => {
    for (const s of statementsOf('d', 'seed', '“We will not back down,” Yoes said.'))
      expect(s.key).toBe(statementKey(s.kind, s.text, s.speaker));
  });
});

describe('known statements: one key for one statement', () => {
  it.each(keys)('$name', ({ a, b, same }) => {
    expect(statementKey(...a) === statementKey(...b)).toBe(same);
  });
});

describe('known statements: what a document dated 2024-05-02 may see', () => {
  it.each(visible)('$name', ({ statement, ownToo, want }) => {
    expect(visibleAt('doc-b', '2024-05-02', ownToo)(statement)).toBe(want);
  });
});
