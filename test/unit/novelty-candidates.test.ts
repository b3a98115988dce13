// What novelty-candidates.ts decides: which known statements a statement is compared with, and
// in which order (content words contained, then word pairs in order, then speaker agreement).
import { describe, expect, it } from 'vitest';

import type { KnownStatement } from '../../src/domain/types.js';
import { statementsOf } from '../../src/claims/known-statements.js';
import { closestKnown } from '../../src/claims/novelty-candidates.js';
import {
  buildStatementIndex,
  contentTerms,
  statementAt,
} from '../../src/claims/statement-index.js';
import { candidates, termIdsOf } from '../../src/claims/statement-lookup.js';

const index = buildStatementIndex([
  ...statementsOf(
    'seed-1',
    'seed',
    'Police unions said officers were ordered not to assist federal agents on Saturday.\n\n' +
      '“When an officer calls for assistance, you answer, no matter what,” union president Jane Roe said.',
  ),
  ...statementsOf(
    'seed-2',
    'seed',
    'Officers were ordered not to assist the federal agents, the union said on Saturday.',
  ),
]);

const cases: { name: string; text: string; speaker: string | null; want: string[] }[] = [
  {
    name: 'all words contained in both: the one with its word pairs in order first',
    text: 'officers were ordered not to assist federal agents',
    speaker: null,
    want: ['seed-1 claim', 'seed-2 claim'],
  },
  {
    name: 'a tie in words and pairs: the quote with the same speaker first',
    text: 'you answer, no matter what',
    speaker: 'Jane Roe',
    want: ['seed-1 quote', 'seed-1 claim'],
  },
  {
    name: 'no content word shared: nothing to compare with',
    text: 'A judge blocked the deployment on Sunday',
    speaker: null,
    want: [],
  },
];

describe('novelty candidates: what a statement is compared with, closest first', () => {
  it.each(cases)('$name', ({ text, speaker, want }) => {
    const got = closestKnown({ text, speaker }, contentTerms(text), index, null);
    expect(got.map((c) => `${c.known.docId} ${c.known.kind}`)).toEqual(want);
  });

  it('finds the statement sharing one rare word among 12,000 sharing only common ones, though three of the sentence’s words were never seen', () => {
    // 12,000 statements hold "council", "budget" and "parking"; only the target also has
    // "hearing". Words no statement has count toward the half of the words looked up, so the
    // look-up reads the one rarest list (hearing's) and must still reach the target.
    const common: KnownStatement[] = Array.from({ length: 12_000 }, (_, i) => ({
      docId: `doc-${i}`,
      source: 'corpus',
      kind: 'claim',
      text: `Council budget parking item ${i}.`,
      speaker: null,
    }));
    const target: KnownStatement = {
      docId: 'seed-2',
      source: 'seed',
      kind: 'claim',
      text: 'Council budget parking hearing postponed.',
      speaker: null,
    };
    const big = buildStatementIndex([...common, target]);
    const terms = contentTerms('Council budget parking hearing zyxwv qwertz plonk.');
    const found = candidates(termIdsOf(terms, big), terms.size, big, null);
    expect(found.map((id) => statementAt(big, id).docId)).toContain('seed-2');
  });
});
