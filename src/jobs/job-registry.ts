// The wiring on one screen: every job's queue, payload, id, options and follow-ups.
import type { JobsOptions } from 'bullmq';
import { z } from 'zod';
import type { AppConfig } from '../config.js';
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

export const PAYLOADS = {
  // force: a "poll now" from a person, which skips the due check.
  'feed.poll': z.object({ feedId: z.string().min(1), force: z.boolean().optional() }),
  // rev on a fetch: look at a known page again (a new feed entry for it, a person asking).
  'article.fetch': z.object({ articleId, url: z.string().min(1), origin, hints, rev }),
  // rev: a deliberate re-run (reprocessing): a new id, so BullMQ runs it although the first is kept.
  'article.extract': z.object({ articleId, snapshot, rev }),
  'article.analyze': z.object({ articleId, snapshot, rev }),
} as const;

export type JobName = keyof typeof PAYLOADS;
export type Payload<N extends JobName> = z.infer<(typeof PAYLOADS)[N]>;

export const QUEUE_OF = {
  'feed.poll': 'feed-poll',
  'article.fetch': 'article-fetch',
  'article.extract': 'article-extract',
  'article.analyze': 'article-analyze',
} as const satisfies Record<JobName, string>;

export type QueueName = (typeof QUEUE_OF)[JobName];
export const QUEUE_NAMES = [...new Set(Object.values(QUEUE_OF))] as QueueName[];

export type Skipped = { status: 'skipped'; reason: string };

export interface Results {
  'feed.poll': { status: 'done'; entries: number; fresh: Payload<'article.fetch'>[] } | Skipped;
  'article.fetch': { status: 'done'; articleId: string; snapshot: string; rev?: number } | Skipped;
  'article.extract':
    { status: 'done'; articleId: string; snapshot: string; rev?: number; method: string } | Skipped;
  'article.analyze':
    | { status: 'done'; articleId: string; verdict: string; relevant: boolean; flagged: number }
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
      return undefined; // polls come from the scheduler or a deliberate "poll now"
    case 'article.fetch':
      return `fetch-${String(p.articleId)}${p.rev === undefined ? '' : `-r${Number(p.rev)}`}`;
    case 'article.extract':
    case 'article.analyze': {
      const { articleId, snapshot, rev } = payload as Payload<'article.extract'>;
      const stage = name === 'article.extract' ? 'extract' : 'analyze';
      return `${stage}-${articleId}-${snapshot.slice(0, 16)}${rev === undefined ? '' : `-r${rev}`}`;
    }
  }
}

/** The one place BullMQ job options are set. */
export function jobOptions(name: JobName, config: AppConfig['jobs']): JobsOptions {
  return {
    // A missed poll is replaced by the next one; retrying it only piles up requests to the host.
    attempts: name === 'feed.poll' ? 1 : config.attempts,
    backoff: { type: 'exponential', delay: config.backoffMs },
    removeOnComplete: { count: config.keepCompleted },
    removeOnFail: { count: config.keepFailed },
  };
}

export type FollowUp = { [N in JobName]: { name: N; payload: Payload<N> } }[JobName];

/** What each finished job sets in motion. */
export function followUps<N extends JobName>(name: N, result: Results[N]): FollowUp[] {
  if (result.status !== 'done') return [];
  const r = result;
  switch (name) {
    case 'feed.poll':
      return (r as Extract<Results['feed.poll'], { status: 'done' }>).fresh.map((payload) => ({
        name: 'article.fetch' as const,
        payload,
      }));
    case 'article.fetch': {
      const f = r as Extract<Results['article.fetch'], { status: 'done' }>;
      const payload = { articleId: f.articleId, snapshot: f.snapshot };
      return [{ name: 'article.extract', payload: f.rev ? { ...payload, rev: f.rev } : payload }];
    }
    case 'article.extract': {
      const e = r as Extract<Results['article.extract'], { status: 'done' }>;
      const payload = { articleId: e.articleId, snapshot: e.snapshot };
      return [{ name: 'article.analyze', payload: e.rev ? { ...payload, rev: e.rev } : payload }];
    }
    default:
      return [];
  }
}
