// The wiring on one screen: every job's queue, payload, id, options and follow-ups.
import type { JobsOptions } from 'bullmq';
import { z } from 'zod';
import { alertSubjectId, deliveryIdOf } from '../alerts/alert-message.js';
import type { AlertEvent, AppConfig } from '../config.js';
import type { FeedHealthChange } from '../domain/types.js';
import { NewsmonError } from '../errors.js';

const hints = z
  .object({
    title: z.string().nullable(),
    publishedAt: z.string().nullable(),
    summary: z.string().nullable(),
    content: z.string().nullable(),
  })
  .nullable();

const origin = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('feed'), feedId: z.string(), entryId: z.string() }),
  z.object({ kind: z.literal('ingest') }),
  z.object({ kind: z.literal('alert'), source: z.string().min(1) }),
]);

const articleId = z.string().regex(/^[0-9a-f]{20}$/);
const snapshot = z.string().regex(/^[0-9a-f]{64}$/);
const rev = z.number().int().positive().optional();
/** The reprocessing run a job belongs to (src/pipeline/reprocess.ts): it is told when it ends. */
const reprocess = z
  .string()
  .regex(/^[0-9a-z]{1,40}$/)
  .optional();
/** When the article was published as far as is known yet (epoch ms): orders a backlog (jobPriority). */
const published = z.number().int().optional();
const reviewItemId = z.string().regex(/^[0-9a-f]{20}$/);
const alertTargetName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/);
const announcedHealth = z.enum(['ok', 'failing', 'quiet']);
/** A flagged review item to one target. */
const reviewAlert = z.object({ itemId: reviewItemId, target: alertTargetName, rev });
/** A feed's health change to one target; the message is the payload, fixed when recorded. */
const feedHealthAlert = z.object({
  feedHealth: z.object({
    feedId: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    title: z.string(),
    outlet: z.string(),
    url: z.string(),
    seq: z.number().int().positive(),
    from: announcedHealth,
    to: announcedHealth,
    since: z.string(),
    reason: z.string(),
    lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  }),
  target: alertTargetName,
  rev,
});
export type ReviewAlert = z.infer<typeof reviewAlert>;
export const REPROCESS_STAGES = ['fetch', 'extract', 'analyze'] as const;
export type ReprocessStage = (typeof REPROCESS_STAGES)[number];

export const PAYLOADS = {
  // force: a "poll now" from a person, which skips the due check.
  // reprocess: a forced poll of a reprocessing run, past conditional GET and the seen entries;
  // rev: the run's revisit number, so the articles it lists are fetched again.
  'feed.poll': z.object({
    feedId: z.string().min(1),
    force: z.boolean().optional(),
    reprocess,
    rev,
  }),
  // rev on a fetch: look at a known page again (a new feed entry for it, a person asking).
  // recheck: the n-th scheduled look (revisions.recheckAfter), due at `due` (epoch ms).
  'article.fetch': z.object({
    articleId,
    url: z.string().min(1),
    origin,
    hints,
    rev,
    reprocess,
    recheck: z.number().int().nonnegative().optional(),
    due: z.number().int().nonnegative().optional(),
  }),
  // rev: a deliberate re-run (reprocessing): a new id, so BullMQ runs it although the first is kept.
  // published: the article's publication time as best known so far (epoch ms): orders a backlog.
  'article.extract': z.object({ articleId, snapshot, rev, reprocess, published }),
  'article.analyze': z.object({ articleId, snapshot, rev, reprocess, published }),
  // One outbound alert to one configured target: a review item or a feed's health change.
  // rev: a replay of a dead delivery.
  'alert.deliver': z.union([reviewAlert, feedHealthAlert]),
  // Plans a reprocessing run: resolves its scope and starts each article at its stage.
  'reprocess.start': z.object({ run: z.string().regex(/^[0-9a-z]{1,40}$/) }),
  // due: when this round of the feed's WebSub subscription (subscribe, renew, unsubscribe) is
  // for, epoch ms; the job waits until then.
  'websub.renew': z.object({ feedId: z.string().min(1), due: z.number().int().nonnegative() }),
  // body: the SHA-256 of a delivered body kept in Redis by the callback.
  'websub.deliver': z.object({
    subscriptionId: z.string().regex(/^[0-9a-f]{32}$/),
    body: z.string().regex(/^[0-9a-f]{64}$/),
    contentType: z.string().max(200).nullable(),
  }),
} as const;

export type JobName = keyof typeof PAYLOADS;
export type Payload<N extends JobName> = z.infer<(typeof PAYLOADS)[N]>;

export const QUEUE_OF = {
  'feed.poll': 'feed-poll',
  'article.fetch': 'article-fetch',
  'article.extract': 'article-extract',
  'article.analyze': 'article-analyze',
  'alert.deliver': 'alert-deliver',
  'reprocess.start': 'reprocess',
  'websub.renew': 'websub-renew',
  'websub.deliver': 'websub-deliver',
} as const satisfies Record<JobName, string>;

export type QueueName = (typeof QUEUE_OF)[JobName];
export const QUEUE_NAMES = [...new Set(Object.values(QUEUE_OF))] as QueueName[];

export type Skipped = { status: 'skipped'; reason: string };

/** A stage that hands an article's snapshot on to the next (fetch, extract). */
interface HandedOn {
  status: 'done';
  articleId: string;
  snapshot: string;
  rev?: number;
  reprocess?: string;
  published?: number;
}

export interface Results {
  // The poll queues its fetch jobs itself, before recording the feed's state: counts only here.
  'feed.poll': { status: 'done'; entries: number; fresh: number; capped?: number } | Skipped;
  'article.fetch': HandedOn | Skipped;
  'article.extract':
    | (HandedOn & { method: string })
    // rejected: the page is not an article (page-kind.ts RejectionKind), counted in metrics.
    | (Skipped & { rejected?: string });
  'article.analyze':
    | {
        status: 'done';
        articleId: string;
        verdict: string;
        relevant: boolean;
        flagged: number;
        /**
         * Review items this analysis created (not those already queued). Their alerts are queued
         * by the analysis itself (alertJobs), before it clears the article's pending alerts.
         */
        created?: string[];
        /**
         * Articles published after this one whose verdicts it may change (it arrived late):
         * analysed again, in this order, under one new revisit number.
         */
        recheck?: { articleId: string; snapshot: string; published?: number }[];
        recheckRev?: number;
        /** The scheduled fetches of a relevant article (revisions.recheckAfter) still to come. */
        scheduled?: Payload<'article.fetch'>[];
      }
    | Skipped;
  'alert.deliver':
    { status: 'done'; delivery: string; httpStatus: number; attempts: number } | Skipped;
  'reprocess.start':
    { status: 'done'; run: string; articles: number; starts: FollowUp[] } | Skipped;
  'websub.renew':
    | {
        status: 'done';
        feedId: string;
        subscriptionId: string;
        action: string;
        next: number | null;
      }
    | Skipped;
  'websub.deliver':
    | {
        status: 'done';
        feedId: string;
        entries: number;
        fresh: Payload<'article.fetch'>[];
        /** The body was no feed (a "light ping"): poll the feed now instead. */
        poll: boolean;
      }
    | Skipped;
}

export function parsePayload<N extends JobName>(name: N, data: unknown): Payload<N> {
  const result = PAYLOADS[name].safeParse(data);
  if (!result.success) {
    const detail = result.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new NewsmonError('JOB_PAYLOAD_INVALID', `${name}: ${detail}`);
  }
  return result.data as Payload<N>;
}

/** Deterministic ids make enqueueing idempotent (BullMQ ignores an id it already holds). */
export function jobIdFor<N extends JobName>(name: N, payload: Payload<N>): string | undefined {
  const p = payload as Record<string, unknown>;
  switch (name) {
    case 'feed.poll':
      // Polls come from the scheduler or a deliberate "poll now"; a run's poll is one per run.
      return typeof p.reprocess === 'string'
        ? `reprocess-${p.reprocess}-poll-${String(p.feedId).replace(/:/g, '-')}`
        : undefined;
    case 'article.fetch':
      // One job per scheduled look: analysing the article again finds its own delayed jobs.
      if (typeof p.recheck === 'number') return `recheck-${String(p.articleId)}-${p.recheck}`;
      return `fetch-${String(p.articleId)}${p.rev === undefined ? '' : `-r${Number(p.rev)}`}`;
    case 'article.extract':
    case 'article.analyze': {
      const { articleId, snapshot, rev } = payload as Payload<'article.extract'>;
      const stage = name === 'article.extract' ? 'extract' : 'analyze';
      return `${stage}-${articleId}-${snapshot.slice(0, 16)}${rev === undefined ? '' : `-r${rev}`}`;
    }
    case 'websub.renew':
      return `websub-renew-${String(p.feedId).replace(/:/g, '-')}-${Number(p.due)}`;
    case 'websub.deliver':
      return `websub-deliver-${String(p.subscriptionId)}-${String(p.body).slice(0, 16)}`;
    case 'alert.deliver': {
      // One delivery per (item or health change, target); a replay of a dead one gets a new id.
      const a = payload as Payload<'alert.deliver'>;
      return `alert-${deliveryIdOf(alertSubjectId(a), a.target)}${a.rev === undefined ? '' : `-r${a.rev}`}`;
    }
    case 'reprocess.start':
      return `reprocess-${String(p.run)}`;
  }
}

/** How long a job waits before it runs: a WebSub round and a scheduled recheck wait until due. */
export function jobDelayMs<N extends JobName>(name: N, payload: Payload<N>, nowMs: number): number {
  const due = (payload as { due?: unknown }).due;
  if ((name !== 'websub.renew' && name !== 'article.fetch') || typeof due !== 'number') return 0;
  return Math.max(0, due - nowMs);
}

/** BullMQ's largest priority (lowest urgency). */
const PRIORITY_LIMIT = 2 ** 21 - 1;
/**
 * Priorities count minutes from the start of the year before last: 2^21 minutes are about four
 * years, so dates from two years back to two years ahead keep their order, whenever newsmon runs
 * (a fixed epoch would have clamped every date to the limit after four years). The scale moves
 * once a year, at New Year: a backlog queued across that instant is ordered by two scales, for as
 * long as it lasts.
 */
function priorityEpochMs(nowMs: number): number {
  return Date.UTC(new Date(nowMs).getUTCFullYear() - 2, 0, 1);
}

/**
 * A backlog runs oldest publication first, across feeds, at every stage: articles then reach
 * analysis close to publication order, and few arrive after articles published later (each such
 * late arrival makes the timeline re-check later ones). A fetch is ordered by its feed entry's
 * date; extraction and analysis by the best date known when they are queued (the page's own once
 * extracted, see article-extract.handler.ts), a re-check by the re-checked article's. Ordering
 * the fetches alone left analysis, the slowest stage, to take its backlog in the order fetches
 * finished: on the soak bench's 20 feeds of 500, feeds polled out of order made thousands of
 * late arrivals (see docs/timeline.md). A job with no date goes before every dated one, as
 * BullMQ runs unprioritised jobs first.
 */
export function jobPriority<N extends JobName>(
  name: N,
  payload: Payload<N>,
  nowMs = Date.now(),
): number | undefined {
  let ms = Number.NaN;
  if (name === 'article.fetch') {
    const at = (payload as Payload<'article.fetch'>).hints?.publishedAt;
    if (at) ms = Date.parse(at);
  } else if (name === 'article.extract' || name === 'article.analyze') {
    ms = (payload as Payload<'article.analyze'>).published ?? Number.NaN;
  }
  if (!Number.isFinite(ms)) return undefined;
  const minutes = Math.floor((ms - priorityEpochMs(nowMs)) / 60_000);
  return Math.min(PRIORITY_LIMIT, Math.max(1, 1 + minutes));
}

/**
 * Analyses of one snapshot asked for again (re-checks after a late arrival, a person's
 * re-analysis) coalesce: while one waits, another adds nothing (the waiting one reads what the
 * asker wrote, since analyses run one at a time); one asked for while it runs is queued once after
 * it. Without this, every late arrival queued its own re-check of each later article, and a
 * backlog grew by thousands of analyses of the same few articles. A reprocessing run's jobs stay
 * apart: the run follows each of its own.
 */
export function jobDeduplication<N extends JobName>(
  name: N,
  payload: Payload<N>,
): JobsOptions['deduplication'] | undefined {
  if (name !== 'article.analyze') return undefined;
  const { articleId, snapshot, rev, reprocess } = payload as Payload<'article.analyze'>;
  if (rev === undefined || reprocess !== undefined) return undefined;
  return { id: `analyze-again-${articleId}-${snapshot.slice(0, 16)}`, keepLastIfActive: true };
}

/** The one place BullMQ job options are set. */
export function jobOptions(name: JobName, config: AppConfig['jobs']): JobsOptions {
  return {
    // A missed poll is replaced by the next one; retrying it only piles up requests to the host.
    attempts:
      name === 'feed.poll'
        ? 1
        : name === 'alert.deliver'
          ? config.alerts.attempts
          : config.attempts,
    backoff: {
      type: 'exponential',
      delay: name === 'alert.deliver' ? config.alerts.backoffMs : config.backoffMs,
    },
    removeOnComplete: { count: config.keepCompleted },
    removeOnFail: { count: config.keepFailed },
  };
}

export type FollowUp = { [N in JobName]: { name: N; payload: Payload<N> } }[JobName];

/** A re-run's revisit number, reprocessing run and publication time travel on from stage to stage. */
function carry<T extends object>(
  payload: T,
  from: { rev?: number; reprocess?: string; published?: number },
): T & { rev?: number; reprocess?: string; published?: number } {
  return {
    ...payload,
    ...(from.rev ? { rev: from.rev } : {}),
    ...(from.reprocess ? { reprocess: from.reprocess } : {}),
    ...(from.published !== undefined ? { published: from.published } : {}),
  };
}

/** Each review item an analysis created goes out to every alert target, one job each. */
export function alertJobs(created: readonly string[], targets: readonly string[]): ReviewAlert[] {
  return created.flatMap((itemId) => targets.map((target) => ({ itemId, target })));
}

/** A feed's health change goes out to every target that takes feed-health alerts, one job each. */
export function feedHealthJobs(
  change: FeedHealthChange,
  targets: readonly { name: string; events: readonly AlertEvent[] }[],
): FollowUp[] {
  return targets
    .filter((t) => t.events.includes('feed-health'))
    .map((t) => ({ name: 'alert.deliver', payload: { feedHealth: change, target: t.name } }));
}

/**
 * What each finished job sets in motion. A poll's or WebSub delivery's fetches and an analysis's alerts are not here:
 * those handlers queue them themselves, before writing the marker that says they are done.
 */
export function followUps<N extends JobName>(name: N, result: Results[N]): FollowUp[] {
  if (result.status !== 'done') return [];
  const r = result;
  switch (name) {
    case 'article.fetch': {
      const f = r as Extract<Results['article.fetch'], { status: 'done' }>;
      const payload = { articleId: f.articleId, snapshot: f.snapshot };
      return [{ name: 'article.extract', payload: carry(payload, f) }];
    }
    case 'article.extract': {
      const e = r as Extract<Results['article.extract'], { status: 'done' }>;
      const payload = { articleId: e.articleId, snapshot: e.snapshot };
      return [{ name: 'article.analyze', payload: carry(payload, e) }];
    }
    case 'article.analyze': {
      // Alerts are queued by the analysis itself (crash-safe, see pendingAlerts); what follows
      // here are the later articles a late arrival may change.
      const a = r as Extract<Results['article.analyze'], { status: 'done' }>;
      return [
        ...(a.recheck ?? []).map((p) => ({
          name: 'article.analyze' as const,
          payload: { ...p, rev: a.recheckRev ?? 1 },
        })),
        ...(a.scheduled ?? []).map((payload) => ({ name: 'article.fetch' as const, payload })),
      ];
    }
    case 'reprocess.start':
      return (r as Extract<Results['reprocess.start'], { status: 'done' }>).starts;
    case 'websub.renew': {
      const w = r as Extract<Results['websub.renew'], { status: 'done' }>;
      return w.next === null
        ? []
        : [{ name: 'websub.renew', payload: { feedId: w.feedId, due: w.next } }];
    }
    case 'websub.deliver': {
      // Its fetches are queued by the handler, before it records the entries' dates.
      const d = r as Extract<Results['websub.deliver'], { status: 'done' }>;
      return d.poll ? [{ name: 'feed.poll', payload: { feedId: d.feedId, force: true } }] : [];
    }
    default:
      return [];
  }
}
