// Analysis as a self-contained task: plain data in, plain data out, so that the daemon can run
// it in a worker thread (workers/cpu-threads.ts) under a heap cap and a time budget, and
// everything else (tests, the CLI) can run it in-process. Extraction's task is extract-task.ts.
import {
  analyzeDocument,
  type AnalysisInput,
  type ClaimScope,
} from '../analyze/article-analyze.js';
import { statementsOf, visibleAt } from '../claims/novelty.js';
import type { StatementIndex } from '../claims/statement-index.js';
import type { Analysis, DedupResult, KnownStatement } from '../domain/types.js';
import type { StoryMatcher } from '../relevance/relevance-score.js';

export interface AnalysisTask {
  input: AnalysisInput;
  dedup: DedupResult;
  scope: ClaimScope | null;
  /** What the article may count as known (visibleAt): its timeline key, and whether a revision. */
  timeKey: string;
  revision: boolean;
}

/** The analysis, and the article's own statements as they join what is known. */
export interface AnalysisOutcome {
  analysis: Analysis;
  statements: KnownStatement[];
}

export function runAnalysisTask(
  task: AnalysisTask,
  env: { story: StoryMatcher; statements: StatementIndex },
): AnalysisOutcome {
  const { input } = task;
  const analysis = analyzeDocument(
    input,
    {
      story: env.story,
      // A revision is judged against its own previous version too (its unchanged sentences
      // are known); otherwise its own earlier statements must not make it look known.
      statements: env.statements,
      visible: visibleAt(input.id, task.timeKey, task.revision),
    },
    task.dedup,
    task.scope,
  );
  const statements = statementsOf(input.id, 'ingested', input.text, task.timeKey);
  return { analysis, statements };
}
