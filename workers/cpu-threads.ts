// Where extraction and analysis run in the daemon: worker threads with a heap cap and a time
// budget per page or article (config workers.limits), so the main thread stays free for lock
// renewals, polls and SIGTERM, and no page can take the process down.
import os from 'node:os';
import type { AppConfig } from '../src/config.js';
import { NewsmonError, reviveError } from '../src/errors.js';
import type { Article, Truncation, TruncatedCap } from '../src/domain/types.js';
import type { AnalysisOutcome, AnalysisTask } from '../src/pipeline/analysis-task.js';
import type { ExtractTask } from '../src/pipeline/extract-task.js';
import type { AnalyzeThreadSettings } from './article-analyze.thread.js';
import { threadFile } from './thread-file.js';
import { ThreadFailure, ThreadPool } from './thread-pool.js';
import { workerExecArgv } from './thread-exec-argv.js';

export interface CpuThreads {
  extractPage(task: ExtractTask): Promise<Article>;
  analyzeText(task: AnalysisTask): Promise<AnalysisOutcome>;
  close(): Promise<void>;
}

export function startCpuThreads(config: AppConfig, redisUrl: string): CpuThreads {
  const { limits, concurrency } = config.workers;
  const execArgv = workerExecArgv();
  const extract = new ThreadPool<ExtractTask, Article>(threadFile('article-extract.thread.js'), {
    size: concurrency.extract > 0 ? concurrency.extract : os.availableParallelism(),
    budgetMs: limits.extractBudgetMs,
    execArgv,
    resourceLimits: {
      maxOldGenerationSizeMb: limits.extractHeapMb,
      maxYoungGenerationSizeMb: config.workers.extractYoungGenerationMb,
    },
    reviveError,
  });
  const settings: AnalyzeThreadSettings = {
    redisUrl,
    prefix: config.redis.prefix,
    story: config.story,
  };
  // One thread: analysis ran one article at a time on the main thread before, and two copies
  // of a story arriving together must still see each other (concurrency.analyze is 1).
  const analyze = new ThreadPool<AnalysisTask, AnalysisOutcome>(
    threadFile('article-analyze.thread.js'),
    { size: 1, budgetMs: limits.analyzeBudgetMs, execArgv, workerData: settings, reviveError },
  );

  // Loading jsdom, or the known statements, takes seconds on a busy machine: not per article.
  extract.warm();
  analyze.warm();
  return {
    async extractPage(task) {
      try {
        return await extract.run(task);
      } catch (err) {
        throw extractFailure(err, limits);
      }
    },
    async analyzeText(task) {
      try {
        return await analyze.run(task);
      } catch (err) {
        if (!isOverBudget(err)) throw err;
        // The whole text ran past the budget (or the heap): claims from its first part only,
        // flagged, so the article is judged and never dropped.
        const cut = limits.analyzeFallbackChars;
        if (task.input.text.length <= cut) throw tooCostly(err, limits.analyzeBudgetMs);
        const first = { ...task, input: { ...task.input, text: task.input.text.slice(0, cut) } };
        const outcome = await analyze.run(first).catch((again: unknown) => {
          throw isOverBudget(again) ? tooCostly(again, limits.analyzeBudgetMs) : again;
        });
        const { analysis } = outcome;
        const earlier = analysis.truncated;
        const cap: TruncatedCap = err.kind === 'timed-out' ? 'time budget' : 'heap';
        const truncated: Truncation = {
          flag: 'truncated-for-analysis',
          caps: [cap, ...(earlier?.caps ?? [])],
          analysedChars: earlier?.analysedChars ?? first.input.text.length,
          textChars: task.input.text.length,
        };
        return { ...outcome, analysis: { ...analysis, truncated } };
      }
    },
    async close() {
      await Promise.all([extract.close(), analyze.close()]);
    },
  };
}

function isOverBudget(err: unknown): err is ThreadFailure {
  return err instanceof ThreadFailure && (err.kind === 'timed-out' || err.kind === 'out-of-memory');
}

function tooCostly(err: ThreadFailure, budgetMs: number): NewsmonError {
  return new NewsmonError(
    'ANALYZE_TOO_LARGE',
    `${err.kind} even on the first part (budget ${budgetMs} ms)`,
    {
      cause: err,
    },
  );
}

/** A thread's failure on a page as the permanent error recorded on its article. */
function extractFailure(err: unknown, limits: AppConfig['workers']['limits']): unknown {
  if (!(err instanceof ThreadFailure)) return err;
  switch (err.kind) {
    case 'out-of-memory':
      return new NewsmonError(
        'EXTRACT_TOO_LARGE',
        `ran out of its ${limits.extractHeapMb} MB heap`,
        {
          cause: err,
        },
      );
    case 'timed-out':
      return new NewsmonError('EXTRACT_TOO_LARGE', `over its ${limits.extractBudgetMs} ms budget`, {
        cause: err,
      });
    case 'crashed':
      return new NewsmonError('EXTRACT_CRASHED', err.message, { cause: err });
    case 'closed':
      // Shutting down: not the page's fault, the job runs again after the restart.
      return err;
  }
}
