// A statement as analysis leaves it, with only what a test is about set.
import type { AssessedStatement, Novelty } from '../../src/domain/types.js';

export const assessedStatement = (
  novelty: Novelty,
  extra: Partial<AssessedStatement> = {},
): AssessedStatement => ({
  id: `id-${novelty}`,
  kind: 'quote',
  text: 'x',
  speaker: null,
  speakerRole: null,
  start: 0,
  end: 1,
  worthiness: 0.5,
  reasons: [],
  quantities: [],
  novelty,
  nearest: null,
  ...extra,
});
