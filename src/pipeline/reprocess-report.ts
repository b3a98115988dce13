// What a reprocessing run shows while it runs and once it is done: its progress, and a report of
// what changed (dedup verdicts, relevance, which statements are newly flagged or no longer).
import type { ReviewStatus } from '../domain/article-record.js';
import { NewsmonError } from '../errors.js';
import type { ReprocessStage } from '../jobs/job-registry.js';
import type { ReprocessScope, ReprocessStore, RunState } from '../store/reprocess.store.js';
import type { ReviewStore } from '../store/review.store.js';

export interface FlagChange {
  itemId: string;
  articleId: string;
  kind: string | null;
  novelty: string | null;
  statement: string | null;
  /** The review item's status now: a decision taken before the run is still there. */
  status: ReviewStatus | null;
  /** Whether the run created the review item (else it was already queued). */
  createdByRun: boolean;
}

export interface ReprocessReport {
  articles: { total: number; analyzed: number; skipped: number; failed: number; changed: number };
  /** Articles whose dedup verdict or relevance changed. */
  changed: {
    articleId: string;
    url: string;
    title: string | null;
    before: { verdict: string | null; relevant: boolean | null };
    after: { verdict: string | null; relevant: boolean | null };
  }[];
  newlyFlagged: FlagChange[];
  noLongerFlagged: FlagChange[];
  failed: { articleId: string; url: string; reason: string | null }[];
  skipped: { articleId: string; url: string; reason: string | null }[];
  feeds: Record<string, string>;
}

export interface ReprocessView {
  id: string;
  scope: ReprocessScope;
  stage: ReprocessStage;
  status: 'planning' | 'running' | 'done' | 'failed';
  createdAt: string;
  finishedAt: string | null;
  requestedBy: string | null;
  totals: {
    articles: number;
    settled: number;
    failed: number;
    feeds: number;
    feedsPolled: number;
  };
  /** 0..1 */
  progress: number;
  error: { code: string; message: string } | null;
  report: ReprocessReport | null;
}

/** A run's progress and, once it is done, its report. */
export async function reprocessView(
  deps: { reprocess: ReprocessStore; reviews: Pick<ReviewStore, 'get'> },
  id: string,
): Promise<ReprocessView> {
  const state = await deps.reprocess.state(id);
  if (!state) throw new NewsmonError('REPROCESS_NOT_FOUND', id);
  const status: ReprocessView['status'] = state.error
    ? 'failed'
    : state.finishedAt
      ? 'done'
      : state.planned
        ? 'running'
        : 'planning';
  const units = state.total + state.feeds;
  return {
    id: state.meta.id,
    scope: state.meta.scope,
    stage: state.meta.stage,
    status,
    createdAt: state.meta.createdAt,
    finishedAt: state.finishedAt,
    requestedBy: state.meta.requestedBy,
    totals: {
      articles: state.total,
      settled: state.settled,
      failed: state.failed,
      feeds: state.feeds,
      feedsPolled: state.feedsDone,
    },
    progress: status === 'done' ? 1 : units === 0 ? 0 : (state.settled + state.feedsDone) / units,
    error: state.error,
    report: status === 'done' ? await buildReport(deps, state) : null,
  };
}

async function buildReport(
  deps: { reprocess: ReprocessStore; reviews: Pick<ReviewStore, 'get'> },
  state: RunState,
): Promise<ReprocessReport> {
  const { before, after } = await deps.reprocess.snapshots(state.meta.id);
  const report: ReprocessReport = {
    articles: { total: before.size, analyzed: 0, skipped: 0, failed: 0, changed: 0 },
    changed: [],
    newlyFlagged: [],
    noLongerFlagged: [],
    failed: [],
    skipped: [],
    feeds: state.feedOutcomes,
  };
  const change = async (itemId: string, articleId: string): Promise<FlagChange> => {
    const item = await deps.reviews.get(itemId);
    return {
      itemId,
      articleId,
      kind: item?.claim.kind ?? null,
      novelty: item?.claim.novelty ?? null,
      statement: item?.claim.text ?? null,
      status: item?.status ?? null,
      createdByRun: item ? item.createdAt >= state.meta.createdAt : false,
    };
  };
  for (const [articleId, was] of [...before].sort(([a], [b]) => a.localeCompare(b))) {
    const end = after.get(articleId);
    if (!end) continue;
    report.articles[end.outcome]++;
    const url = end.snapshot.url || was.url;
    if (end.outcome !== 'analyzed') {
      report[end.outcome].push({ articleId, url, reason: end.reason });
      continue;
    }
    const now = end.snapshot;
    if (was.verdict !== now.verdict || was.relevant !== now.relevant) {
      report.articles.changed++;
      report.changed.push({
        articleId,
        url,
        title: now.title ?? was.title,
        before: { verdict: was.verdict, relevant: was.relevant },
        after: { verdict: now.verdict, relevant: now.relevant },
      });
    }
    const old = new Set(was.flagged);
    const fresh = new Set(now.flagged);
    for (const id of now.flagged)
      if (!old.has(id)) report.newlyFlagged.push(await change(id, articleId));
    for (const id of was.flagged)
      if (!fresh.has(id)) report.noLongerFlagged.push(await change(id, articleId));
  }
  return report;
}
