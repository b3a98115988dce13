import { describe, expect, it } from 'vitest';
import { corpusChecker } from '../../src/analyze/corpus-check.js';
import { flaggedStatements } from '../../src/claims/review-items.js';
import { loadConfig } from '../../src/config.js';
import { rewriteVerdict } from '../../src/dedup/rewrite-verdict.js';
import type { AssessedStatement, DedupResult, Novelty } from '../../src/domain/types.js';
import { compileStory } from '../../src/relevance/relevance-score.js';
import { assessedStatement } from '../helpers/assessed-statement.js';

const statement = (
  novelty: Novelty,
  doc: string | null,
  kind: 'claim' | 'quote' = 'claim',
): AssessedStatement =>
  assessedStatement(novelty, {
    id: `${novelty}-${Math.random()}`,
    kind,
    nearest: doc ? { doc, source: 'seed', text: 'y', score: 0.9 } : null,
  });

const sameStory: DedupResult = {
  verdict: 'same-story',
  matches: [
    { doc: 'seed-b', source: 'seed', jaccard: 0.1, containment: 0.3 },
    { doc: 'seed-a', source: 'seed', jaccard: 0.05, containment: 0.2 },
  ],
};

describe('rewriteVerdict', () => {
  it.each([
    {
      name: 'most statements restate one document: a rewrite of it, that document first',
      verdict: sameStory,
      statements: ['restated:seed-a', 'restated:seed-a', 'known:seed-a', 'new:', 'restated:seed-b'],
      want: { verdict: 'rewrite', top: 'seed-a' },
    },
    {
      name: 'under half restate any one document: unchanged',
      verdict: sameStory,
      statements: ['restated:seed-a', 'restated:seed-a', 'new:', 'new:', 'restated:seed-b'],
      want: { verdict: 'same-story', top: 'seed-b' },
    },
    {
      name: 'too few statements to tell: unchanged',
      verdict: sameStory,
      statements: ['restated:seed-a', 'restated:seed-a'],
      want: { verdict: 'same-story', top: 'seed-b' },
    },
    {
      name: 'quotes shared with a document are a shared source, not a rewrite: unchanged',
      verdict: sameStory,
      statements: [
        'known:seed-a:quote',
        'known:seed-a:quote',
        'known:seed-a:quote',
        'restated:seed-a',
        'new:',
        'new:',
      ],
      want: { verdict: 'same-story', top: 'seed-b' },
    },
    {
      name: 'a copy stays a copy',
      verdict: { ...sameStory, verdict: 'near-duplicate' },
      statements: ['restated:seed-a', 'restated:seed-a', 'restated:seed-a'],
      want: { verdict: 'near-duplicate', top: 'seed-b' },
    },
    {
      name: 'the document itself (a revision judged against its past) is no origin',
      verdict: sameStory,
      statements: ['known:self', 'known:self', 'known:self'],
      want: { verdict: 'same-story', top: 'seed-b' },
    },
  ] as const)('$name', ({ verdict, statements, want }) => {
    const got = rewriteVerdict(
      verdict,
      statements.map((s) => {
        const [novelty, doc, kind] = s.split(':') as [Novelty, string, 'quote' | undefined];
        return statement(novelty, doc || null, kind);
      }),
      'self',
    );
    expect({ verdict: got.verdict, top: got.matches[0]?.doc }).toEqual(want);
  });

  it('adds the rewritten document as a match when its shingles matched nothing', () => {
    const got = rewriteVerdict(
      { verdict: 'new', matches: [] },
      [
        statement('restated', 'seed-c'),
        statement('restated', 'seed-c'),
        statement('known', 'seed-c'),
      ],
      'self',
    );
    expect(got).toEqual({
      verdict: 'rewrite',
      matches: [{ doc: 'seed-c', source: 'seed', jaccard: 0, containment: 0 }],
    });
  });
});

describe('a reworded copy through the checker', () => {
  const config = loadConfig({});
  const original = [
    'The city council voted 7-2 on Tuesday, March 4, to close the Elm Street bridge for $3 million of repairs.',
    'Engineers found 12 cracks in two of the bridge supports during an inspection in February.',
    'The council ordered the bridge closed until September 1 while 40 workers repair it.',
    'About 9,000 drivers cross the bridge every day, city figures show.',
  ].join('\n\n');
  const rewrite = [
    'On Tuesday, March 4, the city council voted 7-2 to shut the Elm Street bridge for repairs costing $3 million.',
    'During an inspection in February, engineers found 12 cracks in two of the supports of the bridge.',
    'While 40 workers repair it, the bridge was ordered closed by the council until September 1.',
    'City figures show about 9,000 drivers cross the bridge every day.',
  ].join('\n\n');
  const checker = corpusChecker(
    [{ id: 'bridge', source: 'seed', text: original }],
    compileStory(config.story),
    config.thresholds,
  );

  it('calls it a rewrite of the original and queues nothing from it', () => {
    const analysis = checker.analyze('spun', { title: null, text: rewrite, publishedAt: null });
    expect(analysis.dedup.verdict).toBe('rewrite');
    expect(analysis.dedup.matches[0]?.doc).toBe('bridge');
    expect(analysis.claims.map((c) => c.novelty).sort()).toEqual([
      'known',
      'known',
      'restated',
      'restated',
    ]);
    expect(
      flaggedStatements(
        { ...analysis, relevance: { ...analysis.relevance, relevant: true } },
        null,
      ),
    ).toEqual([]);
  });
});
