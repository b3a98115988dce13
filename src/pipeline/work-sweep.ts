// The sweep behind `newsmon doctor` and the workers' periodic check: every article that is not in
// a final state must have a job that will move it on. One that has none (its job was lost to a
// crash before this release's ordering, removed, or finished without its follow-up) is orphaned
// and, with `fix`, queued again; one whose job failed for good is failed work, and `fix` records
// the job's reason on it. Analysed articles with alerts still pending get those alerts queued.
import type { JobQueues } from '../jobs/job-queues.js';
import { jobIdFor, QUEUE_OF, type FollowUp } from '../jobs/job-registry.js';
import type { ArticleStore } from '../store/article.store.js';
import { failureOf } from '../jobs/failure-reason.js';

export interface SweepDeps {
  articles: ArticleStore;
  queues: Pick<JobQueues, 'add' | 'queue'>;
  now: () => Date;
}

export interface SweptArticle {
  articleId: string;
  status: string;
  updatedAt: string;
  job: string;
  jobId: string;
  /** BullMQ's state of that job: 'unknown' when there is none. */
  jobState: string;
}

export interface SweepReport {
  scanned: number;
  /** Non-final, with a live job (waiting, active, delayed): moving. */
  moving: number;
  /** Non-final, untouched for longer than the sweep's age, and no live job: lost work. */
  orphaned: SweptArticle[];
  /** Non-final, and its job failed for good. */
  failed: SweptArticle[];
  /** Jobs queued again (orphans and pending alerts) or failures recorded, with `fix`. */
  fixed: number;
}

const LIVE = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);
const PAGE = 500;

export async function sweepWork(
  deps: SweepDeps,
  opts: { fix: boolean; staleMs: number },
): Promise<SweepReport> {
  const report: SweepReport = { scanned: 0, moving: 0, orphaned: [], failed: [], fixed: 0 };
  const cutoff = deps.now().getTime() - opts.staleMs;
  for (let offset = 0; ; offset += PAGE) {
    const page = await deps.articles.scanStages(offset, PAGE);
    if (page.length === 0) break;
    report.scanned += page.length;
    for (const a of page) {
      const next = nextJobOf(a);
      if (next.length === 0) continue;
      // Recent changes are left alone: the job that made them may be queueing its follow-up.
      if (Date.parse(a.updatedAt) > cutoff) continue;
      for (const job of next) {
        const jobId = jobIdFor(job.name, job.payload as never) ?? '';
        const queue = deps.queues.queue(QUEUE_OF[job.name]);
        const jobState = await queue.getJobState(jobId);
        if (LIVE.has(jobState)) {
          report.moving++;
          continue;
        }
        const swept = {
          articleId: a.id,
          status: a.status,
          updatedAt: a.updatedAt,
          job: job.name,
          jobId,
          jobState,
        };
        if (jobState === 'failed' && job.name !== 'alert.deliver') {
          report.failed.push(swept);
          if (!opts.fix) continue;
          const reason = (await queue.getJob(jobId))?.failedReason ?? 'failed';
          const at = deps.now();
          await deps.articles.failUnlessFinal(
            a.id,
            { ...failureOf(reason), at: at.toISOString() },
            at,
          );
          report.fixed++;
          continue;
        }
        // A delivered alert's job may be gone (removeOnComplete); its handler skips it.
        if (job.name === 'alert.deliver' && jobState !== 'unknown') continue;
        report.orphaned.push(swept);
        if (!opts.fix) continue;
        // A job finished without moving the article on keeps its id: the new one needs its own,
        // the same for every sweeper (from the article's last change), so two never both add.
        const payload =
          jobState === 'unknown' || job.name === 'alert.deliver'
            ? job.payload
            : { ...job.payload, rev: Date.parse(a.updatedAt) || 1 };
        await deps.queues.add(job.name, payload);
        report.fixed++;
      }
      if (opts.fix && a.status === 'analyzed' && a.pendingAlerts?.length) {
        await deps.articles.clearPendingAlerts(a.id);
      }
    }
  }
  return report;
}

type Stage = Awaited<ReturnType<ArticleStore['scanStages']>>[number];

/** The job that moves an article on from where it stands; none for a final state. */
function nextJobOf(a: Stage): FollowUp[] {
  switch (a.status) {
    case 'queued': {
      const feed = a.origins.find((o) => o.kind === 'feed');
      const origin = feed ?? a.origins[0] ?? { kind: 'ingest' as const };
      return [
        { name: 'article.fetch', payload: { articleId: a.id, url: a.url, origin, hints: a.hints } },
      ];
    }
    case 'fetched':
      return a.snapshot
        ? [{ name: 'article.extract', payload: { articleId: a.id, snapshot: a.snapshot.hash } }]
        : [];
    case 'extracted':
      return a.snapshot
        ? [{ name: 'article.analyze', payload: { articleId: a.id, snapshot: a.snapshot.hash } }]
        : [];
    case 'analyzed':
      return (a.pendingAlerts ?? []).map((payload) => ({
        name: 'alert.deliver' as const,
        payload,
      }));
    default:
      return [];
  }
}
