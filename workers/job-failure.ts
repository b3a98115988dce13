// A job BullMQ failed for good leaves its reason on the article or feed it was for. Handlers
// record their own errors (record-failure.ts, the poll's failed()); this catches what no handler
// saw: a job that stalled too often because its worker died or hung, a thread that crashed.
import type { Job } from 'bullmq';
import { failureOf } from '../src/jobs/failure-reason.js';
import type { Logger } from '../src/logger.js';
import type { PipelineDeps } from '../src/pipeline/pipeline-deps.js';

const ARTICLE_JOBS = new Set(['article.fetch', 'article.extract', 'article.analyze']);

export async function recordJobFailure(
  deps: Pick<PipelineDeps, 'articles' | 'feeds' | 'now'>,
  job: Pick<Job, 'name' | 'id' | 'data' | 'getState'>,
  err: Error,
  log: Logger,
): Promise<void> {
  try {
    // The 'failed' event comes for every attempt; only the last one is a final state.
    if ((await job.getState()) !== 'failed') return;
    const error = failureOf(err.message);
    const data = job.data as { articleId?: unknown; feedId?: unknown };
    if (ARTICLE_JOBS.has(job.name) && typeof data.articleId === 'string') {
      const at = deps.now();
      const written = await deps.articles.failUnlessFinal(
        data.articleId,
        { ...error, at: at.toISOString() },
        at,
      );
      if (written) log.warn({ articleId: data.articleId, error }, 'article failed by its job');
    } else if (job.name === 'feed.poll' && typeof data.feedId === 'string') {
      // The poll records its own errors; a stall or a crash it could not see lands here.
      if (error.code !== 'JOB_STALLED' && error.code !== 'JOB_FAILED') return;
      if (!(await deps.feeds.exists(data.feedId))) return;
      await deps.feeds.recordPoll(data.feedId, { lastOutcome: 'error', lastError: error }, null);
      log.warn({ feedId: data.feedId, error }, 'feed poll failed by its job');
    }
  } catch (e) {
    log.error({ err: e, jobId: job.id }, 'cannot record a job failure');
  }
}
