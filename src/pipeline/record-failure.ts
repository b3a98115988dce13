import { describeError, NewsmonError } from '../errors.js';
import type { JobContext, PipelineDeps } from './pipeline-deps.js';

/**
 * Runs a stage of an article and, when it throws, records the error on the article where an
 * operator sees it, then rethrows so that BullMQ retries or fails the job. Never swallows.
 */
export async function recordFailure<T>(
  deps: Pick<PipelineDeps, 'articles' | 'now'>,
  articleId: string,
  ctx: JobContext,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (err) {
    // Waiting for a host's turn is not a failure of the article.
    if (err instanceof NewsmonError && err.retryAt !== undefined) throw err;
    const final = ctx.isLastAttempt || (err instanceof NewsmonError && !err.transient);
    const error = { ...describeError(err), at: deps.now().toISOString() };
    await deps.articles.update(
      articleId,
      final ? { status: 'failed', error } : { error },
      deps.now(),
    );
    throw err;
  }
}
