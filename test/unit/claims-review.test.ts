// The synthetic checks: what reaches the reviewer when a seed comes back unchanged, and
// when it comes back with three new quotes inserted.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusChecker, type CorpusChecker } from '../../src/analyze/corpus-check.js';
import { flaggedStatements } from '../../src/claims/review-items.js';
import { loadConfig } from '../../src/config.js';
import { loadCorpusDir } from '../../src/corpus/corpus-load.js';
import type { CorpusDocument } from '../../src/domain/types.js';
import { compileStory } from '../../src/relevance/relevance-score.js';

const config = loadConfig({});
let seeds: CorpusDocument[];
let checker: CorpusChecker;

beforeAll(async () => {
  seeds = (
    await Promise.all(config.corpus.dirs.map((d) => loadCorpusDir(d, path.basename(d))))
  ).flat();
  checker = corpusChecker(
    seeds.map((d) => ({ ...d, source: 'seed' as const })),
    compileStory(config.story),
    config.thresholds,
  );
});

const doc = (text: string) => ({ title: null, text, publishedAt: null });

describe('review queue on seeds', () => {
  it('flags nothing in any seed republished word for word', () => {
    for (const seed of seeds) {
      const analysis = checker.analyze(`copy-of-${seed.id}`, doc(seed.text));
      expect([seed.id, flaggedStatements(analysis, null)]).toEqual([seed.id, []]);
    }
  });

  it('flags exactly three quotes inserted into a seed, each with its speaker', () => {
    const seed = seeds.find((s) => s.id.startsWith('002_'))!;
    const paras = seed.text.split(/\n+/);
    const inserted = [
      '“We were never asked to stand aside, and we never did,” said Ald. Maria Delgado, who chairs the council’s public safety committee.',
      'Cook County Sheriff Tom Dart told reporters, “Our deputies will answer every call for help from any agency, whoever makes it.”',
      '“This is a political stunt dressed up as a safety order,” the mayor’s office said in an email.',
    ];
    const text = [
      ...paras.slice(0, 2),
      inserted[0],
      ...paras.slice(2, 5),
      inserted[1],
      ...paras.slice(5),
      inserted[2],
    ].join('\n\n');
    const analysis = checker.analyze('seed-with-quotes', doc(text));
    expect(analysis.dedup.verdict).not.toBe('new');
    const flagged = flaggedStatements(analysis, null);
    expect(
      flagged.map((f) => ({ kind: f.kind, novelty: f.novelty, speaker: f.speaker, text: f.text })),
    ).toEqual([
      {
        kind: 'quote',
        novelty: 'new',
        speaker: 'Maria Delgado',
        text: 'We were never asked to stand aside, and we never did,',
      },
      {
        kind: 'quote',
        novelty: 'new',
        speaker: 'Tom Dart',
        text: 'Our deputies will answer every call for help from any agency, whoever makes it.',
      },
      {
        kind: 'quote',
        novelty: 'new',
        speaker: 'the mayor’s office',
        text: 'This is a political stunt dressed up as a safety order,',
      },
    ]);
  });
});
