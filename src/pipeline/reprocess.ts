// Reprocessing on demand: a run re-does part of the pipeline for a scope (feeds or articles) from
// a stage, through the same queues as everything else, and reports what changed. Review items
// are keyed by statement, so re-analysis never resets a decision (the analysis handler never
// replaces an item); the report (reprocess-report.ts) says which statements are newly flagged and
// which are no longer.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { flaggedIdsOf } from '../claims/review-items.js';
import type { ArticleRecord } from '../domain/article-record.js';
import { publishedMs } from '../analyze/timeline.js';
import { NewsmonError } from '../errors.js';
import type { RunSettlement } from '../jobs/job-processor.js';
import type { JobQueues } from '../jobs/job-queues.js';
import {
  REPROCESS_STAGES,
  type FollowUp,
  type Payload,
  type ReprocessStage,
  type Results,
} from '../jobs/job-registry.js';
import type { ArticleStore } from '../store/article.store.js';
import type { FeedRecord, FeedStore } from '../store/feed.store.js';
import type {
  ArticleOutcome,
  ArticleSnapshot,
  ReprocessMeta,
  ReprocessScope,
  ReprocessStore,
} from '../store/reprocess.store.js';
import type { JobContext, PipelineDeps } from './pipeline-deps.js';

const articleId = z.string().regex(/^[0-9a-f]{20}$/, 'expected an article id (20 hex digits)');
const dateOrTime = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'expected a date (YYYY-MM-DD) or an ISO time');

/** The request body of POST /api/reprocess, also what `newsmon reprocess` builds. */
export const ReprocessRequestSchema = z
  .strictObject({
    feed: z.string().min(1).optional(),
    feeds: z.literal('all').optional(),
    articles: z.union([z.literal('all'), z.array(articleId).min(1).max(10_000)]).optional(),
    outlet: z.string().min(1).max(200).optional(),
    from: dateOrTime.optional(),
    to: dateOrTime.optional(),
    dateField: z.enum(['publishedAt', 'createdAt']).optional(),
    stage: z.enum(REPROCESS_STAGES).optional(),
  })
  .superRefine((v, ctx) => {
    const scopes = [
      v.feed !== undefined,
      v.feeds !== undefined,
      v.articles !== undefined,
      v.outlet !== undefined,
      v.from !== undefined || v.to !== undefined,
    ].filter(Boolean).length;
    if (scopes !== 1)
      ctx.addIssue({
        code: 'custom',
        message:
          'give exactly one scope: feed, feeds: "all", articles: [ids] | "all", outlet, or from/to',
      });
    if (v.dateField && v.from === undefined && v.to === undefined)
      ctx.addIssue({ code: 'custom', message: 'dateField goes with from/to' });
  });
export type ReprocessRequest = z.infer<typeof ReprocessRequestSchema>;

export function parseReprocessRequest(body: unknown): {
  scope: ReprocessScope;
  stage: ReprocessStage;
} {
  const parsed = ReprocessRequestSchema.safeParse(body ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
      .join('; ');
    throw new NewsmonError('INPUT_INVALID', `reprocess: ${detail}`);
  }
  const v = parsed.data;
  const feedScope = v.feed !== undefined || v.feeds !== undefined;
  // A feed is re-polled by default; articles are re-analysed, which needs no network.
  const stage = v.stage ?? (feedScope ? 'fetch' : 'analyze');
  let scope: ReprocessScope;
  if (v.feed !== undefined) scope = { kind: 'feed', feed: v.feed };
  else if (v.feeds !== undefined) scope = { kind: 'feeds' };
  else if (v.articles === 'all') scope = { kind: 'all' };
  else if (v.articles !== undefined) scope = { kind: 'articles', ids: [...new Set(v.articles)] };
  else if (v.outlet !== undefined) scope = { kind: 'outlet', outlet: v.outlet };
  else
    scope = {
      kind: 'dates',
      field: v.dateField ?? 'publishedAt',
      from: v.from ?? null,
      to: v.to ?? null,
    };
  return { scope, stage };
}

export interface RunDeps {
  reprocess: ReprocessStore;
  feeds: FeedStore;
  queues: Pick<JobQueues, 'add'>;
}

/** Records a run and queues its planning job; the API answers 202 with the run's id. */
export async function createReprocessRun(
  deps: RunDeps,
  request: { scope: ReprocessScope; stage: ReprocessStage },
  requestedBy: string | null,
  now: Date,
): Promise<ReprocessMeta> {
  if (request.scope.kind === 'feed' && !(await deps.feeds.get(request.scope.feed))) {
    throw new NewsmonError('FEED_UNKNOWN', request.scope.feed);
  }
  const meta: ReprocessMeta = {
    id: `${now.getTime().toString(36)}${randomBytes(4).toString('hex')}`,
    scope: request.scope,
    stage: request.stage,
    // Unique per run: every job it queues has a new id, so BullMQ runs it although earlier
    // runs' jobs are kept.
    rev: now.getTime() * 1000 + Math.floor(Math.random() * 1000),
    createdAt: now.toISOString(),
    requestedBy,
  };
  await deps.reprocess.create(meta);
  await deps.queues.add('reprocess.start', { run: meta.id });
  return meta;
}

export function snapshotOf(record: ArticleRecord): ArticleSnapshot {
  return {
    status: record.status,
    verdict: record.analysis?.dedup.verdict ?? null,
    relevant: record.analysis ? record.analysis.relevance.relevant : null,
    flagged: flaggedIdsOf(record),
    url: record.canonicalUrl ?? record.url,
    title: record.article?.title ?? record.hints?.title ?? null,
  };
}

/** The first job of an article's re-run: its stage, or the earliest one it still lacks. */
export function startOf(
  record: ArticleRecord,
  stage: ReprocessStage,
  meta: ReprocessMeta,
): FollowUp {
  const run = { rev: meta.rev, reprocess: meta.id };
  if (stage === 'analyze' && record.article && record.snapshot) {
    return {
      name: 'article.analyze',
      payload: {
        articleId: record.id,
        snapshot: record.snapshot.hash,
        ...run,
        ...publishedMs(record),
      },
    };
  }
  if (stage !== 'fetch' && record.snapshot) {
    return {
      name: 'article.extract',
      payload: {
        articleId: record.id,
        snapshot: record.snapshot.hash,
        ...run,
        ...publishedMs(record),
      },
    };
  }
  return {
    name: 'article.fetch',
    payload: {
      articleId: record.id,
      url: record.url,
      origin: record.origins[0] ?? { kind: 'ingest' },
      hints: record.hints,
      ...run,
    },
  };
}

// Kept here too: the reprocess report and its tests read it from this module.
export { flaggedIdsOf };

const PAGE = 200;

/** Every article, oldest batch last; the scopes that are not a list of ids scan them all. */
async function* allArticles(articles: ArticleStore): AsyncGenerator<ArticleRecord> {
  for (let offset = 0; ; offset += PAGE) {
    const { items } = await articles.list(offset, PAGE);
    yield* items;
    if (items.length < PAGE) return;
  }
}

function dayBound(value: string, end: boolean): number {
  const ms = Date.parse(value);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && end ? ms + 86_400_000 - 1 : ms;
}

const norm = (s: string) => s.trim().toLowerCase();

/** Whether an article falls in an article scope (feed scopes from extract or analyze too). */
function matcher(scope: ReprocessScope, feeds: FeedRecord[]): (record: ArticleRecord) => boolean {
  switch (scope.kind) {
    case 'all':
      return () => true;
    case 'feed':
      return (r) => r.origins.some((o) => o.kind === 'feed' && o.feedId === scope.feed);
    case 'feeds':
      return (r) => r.origins.some((o) => o.kind === 'feed');
    case 'outlet': {
      const outlet = norm(scope.outlet);
      const ofOutlet = new Set(feeds.filter((f) => norm(f.outlet) === outlet).map((f) => f.id));
      return (r) =>
        (r.article?.siteName ? norm(r.article.siteName) === outlet : false) ||
        r.origins.some((o) => o.kind === 'feed' && ofOutlet.has(o.feedId));
    }
    case 'dates': {
      const from = scope.from ? dayBound(scope.from, false) : -Infinity;
      const to = scope.to ? dayBound(scope.to, true) : Infinity;
      return (r) => {
        const raw =
          scope.field === 'createdAt'
            ? r.createdAt
            : (r.article?.publishedAt ?? r.hints?.publishedAt ?? null);
        const ms = raw ? Date.parse(raw) : NaN;
        return !Number.isNaN(ms) && ms >= from && ms <= to;
      };
    }
    case 'articles': {
      const ids = new Set(scope.ids);
      return (r) => ids.has(r.id);
    }
  }
}

/**
 * The planning job: resolves the run's scope, records each article's state before, and starts
 * each at its stage (the follow-ups). Feeds from `fetch` are polled by force instead; their
 * articles join the run as the polls list them. Idempotent: a retry adds no article twice and
 * its jobs have the same ids.
 */
export async function startReprocess(
  deps: PipelineDeps,
  { run }: Payload<'reprocess.start'>,
  ctx: JobContext,
): Promise<Results['reprocess.start']> {
  const state = await deps.reprocess.state(run);
  if (!state) return { status: 'skipped', reason: `reprocess run ${run} is gone` };
  if (state.finishedAt) return { status: 'skipped', reason: 'run already finished' };
  const { meta } = state;
  try {
    const starts: FollowUp[] = [];
    const feeds = await deps.feeds.list();
    const scope = meta.scope;
    if ((scope.kind === 'feed' || scope.kind === 'feeds') && meta.stage === 'fetch') {
      const polled = scope.kind === 'feed' ? feeds.filter((f) => f.id === scope.feed) : feeds;
      for (const f of polled) {
        starts.push({
          name: 'feed.poll',
          payload: { feedId: f.id, force: true, reprocess: meta.id, rev: meta.rev },
        });
      }
      await deps.reprocess.planned(meta.id, polled.length, deps.now());
      ctx.log.info({ run, feeds: polled.length }, 'reprocess planned');
      return { status: 'done', run, articles: 0, starts };
    }

    const records: ArticleRecord[] = [];
    if (scope.kind === 'articles') {
      for (const id of scope.ids) {
        const record = await deps.articles.get(id);
        if (record) records.push(record);
      }
    } else {
      const match = matcher(scope, feeds);
      for await (const record of allArticles(deps.articles))
        if (match(record)) records.push(record);
    }
    for (let i = 0; i < records.length; i += PAGE) {
      const batch = records.slice(i, i + PAGE);
      await deps.reprocess.addArticles(
        meta.id,
        batch.map((r) => ({ id: r.id, before: snapshotOf(r) })),
      );
    }
    for (const record of records) starts.push(startOf(record, meta.stage, meta));
    await deps.reprocess.planned(meta.id, 0, deps.now());
    ctx.log.info({ run, articles: records.length, stage: meta.stage }, 'reprocess planned');
    return { status: 'done', run, articles: records.length, starts };
  } catch (err) {
    const final = ctx.isLastAttempt || (err instanceof NewsmonError && !err.transient);
    if (final) {
      const error =
        err instanceof NewsmonError ? err.toJSON() : { code: 'INTERNAL', message: String(err) };
      await deps.reprocess.fail(run, error, deps.now());
    }
    throw err;
  }
}

/** The articles a forced poll of a run lists join the run with their state before. */
export async function joinRun(
  deps: Pick<PipelineDeps, 'articles' | 'reprocess'>,
  run: string,
  articleIds: string[],
): Promise<void> {
  const entries: { id: string; before: ArticleSnapshot }[] = [];
  for (const id of new Set(articleIds)) {
    const record = await deps.articles.get(id);
    if (record) entries.push({ id, before: snapshotOf(record) });
  }
  await deps.reprocess.addArticles(run, entries);
}

/**
 * Called by the job processor when a job of a run ends. An article is settled when the job that
 * ends its chain finishes (no follow-up carries the run on) or fails for good; a poll, when it
 * ends either way.
 */
export async function settleRun(
  deps: Pick<PipelineDeps, 'articles' | 'reprocess' | 'now'>,
  s: RunSettlement,
): Promise<void> {
  if (s.name === 'feed.poll') {
    const outcome = s.error
      ? `failed: ${s.error.code}`
      : s.result?.status === 'skipped'
        ? `skipped: ${s.result.reason ?? ''}`
        : 'polled';
    await deps.reprocess.feedPolled(s.run, String(s.payload.feedId), outcome, deps.now());
    return;
  }
  if (s.continues) return;
  const id = typeof s.payload.articleId === 'string' ? s.payload.articleId : null;
  if (!id) return;
  const record = await deps.articles.get(id);
  const outcome: ArticleOutcome = {
    snapshot: record
      ? snapshotOf(record)
      : { status: 'failed', verdict: null, relevant: null, flagged: [], url: '', title: null },
    outcome: s.error
      ? 'failed'
      : s.name === 'article.analyze' && s.result?.status === 'done'
        ? 'analyzed'
        : 'skipped',
    reason: s.error
      ? `${s.error.code}: ${s.error.message}`
      : s.result?.status === 'skipped'
        ? (s.result.reason ?? null)
        : null,
  };
  await deps.reprocess.settleArticle(s.run, id, outcome, deps.now());
}
