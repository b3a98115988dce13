import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config.js';
import {
  jobDeduplication,
  jobDelayMs,
  jobPriority,
  jobIdFor,
  jobOptions,
  QUEUE_NAMES,
  QUEUE_OF,
  type FollowUp,
  type JobName,
  type Payload,
  type QueueName,
} from './job-registry.js';

const SCHEDULER_PREFIX = 'feed-';

/** The producer side of every queue. Adding is idempotent wherever the job id is deterministic. */
export class JobQueues {
  private readonly queues: Map<QueueName, Queue>;

  constructor(
    connection: Redis,
    bullPrefix: string,
    private readonly jobs: AppConfig['jobs'],
    /** Producers behind the API must not wait for a Redis that is away: they answer 503. */
    failFast = false,
    /**
     * A queue re-emits its connection's errors (Redis restarting, out of memory); without a
     * listener BullMQ prints each one to stderr. The failing command also rejects to its caller.
     */
    onError: (err: Error, queue: string) => void = () => undefined,
  ) {
    this.queues = new Map(
      QUEUE_NAMES.map((name) => {
        const queue = new Queue(name, {
          connection,
          prefix: bullPrefix,
          skipWaitingForReady: failFast,
        });
        queue.on('error', (err) => onError(err, name));
        return [name, queue];
      }),
    );
  }

  queue(name: QueueName): Queue {
    return this.queues.get(name)!;
  }

  async add<N extends JobName>(
    name: N,
    payload: Payload<N>,
    jobId = jobIdFor(name, payload),
  ): Promise<string> {
    const now = Date.now();
    const delay = jobDelayMs(name, payload, now);
    const deduplication = jobDeduplication(name, payload);
    const priority = jobPriority(name, payload, now);
    const job = await this.queue(QUEUE_OF[name]).add(name, payload, {
      ...jobOptions(name, this.jobs),
      jobId,
      ...(delay > 0 ? { delay } : {}),
      ...(deduplication ? { deduplication } : {}),
      ...(priority ? { priority } : {}),
    });
    return job.id ?? '';
  }

  /**
   * Analysis runs one job at a time across every worker process on this Redis (a BullMQ global
   * concurrency, kept in Redis and checked where a worker takes a job, so no extra round trip):
   * each analysis reads what is known and writes its verdict, and two copies judged at once on
   * two processes would not see each other. The per-process concurrency only bounds one process.
   */
  async serializeAnalysis(): Promise<void> {
    await this.queue(QUEUE_OF['article.analyze']).setGlobalConcurrency(1);
  }

  async addAll(followUps: FollowUp[]): Promise<void> {
    for (const f of followUps) await this.add(f.name, f.payload);
  }

  /**
   * One BullMQ job scheduler per feed. It only ticks: the poll itself decides whether the feed is
   * due, because the next poll time changes with every answer (freshness, Retry-After, errors).
   */
  async upsertFeedScheduler(feedId: string, tickSeconds: number): Promise<void> {
    await this.queue(QUEUE_OF['feed.poll']).upsertJobScheduler(
      `${SCHEDULER_PREFIX}${feedId}`,
      { every: tickSeconds * 1000 },
      { name: 'feed.poll', data: { feedId }, opts: jobOptions('feed.poll', this.jobs) },
    );
  }

  async removeFeedScheduler(feedId: string): Promise<void> {
    await this.queue(QUEUE_OF['feed.poll']).removeJobScheduler(`${SCHEDULER_PREFIX}${feedId}`);
  }

  /** Schedulers for exactly these feeds: missing ones added, those of removed feeds dropped. */
  async syncFeedSchedulers(feedIds: readonly string[], tickSeconds: number): Promise<void> {
    const wanted = new Set(feedIds.map((id) => `${SCHEDULER_PREFIX}${id}`));
    for (const id of feedIds) await this.upsertFeedScheduler(id, tickSeconds);
    for (const s of await this.queue(QUEUE_OF['feed.poll']).getJobSchedulers()) {
      if (s.key.startsWith(SCHEDULER_PREFIX) && !wanted.has(s.key)) {
        await this.queue(QUEUE_OF['feed.poll']).removeJobScheduler(s.key);
      }
    }
  }

  /** Fetches an analysed article again: if its text changed in substance, that is a revision. */
  async refetch(articleId: string, url: string, at: Date): Promise<string> {
    return this.add('article.fetch', {
      articleId,
      url,
      origin: { kind: 'ingest' },
      hints: null,
      rev: at.getTime(),
    });
  }

  /** Extracts an article again from its stored snapshot (never the network), then re-analyses it. */
  async reextract(articleId: string, snapshot: string, at: Date): Promise<string> {
    return this.add('article.extract', { articleId, snapshot, rev: at.getTime() });
  }

  /** Analyses an extracted article again (no fetch, no extraction): new config or corpus. */
  async reanalyze(articleId: string, snapshot: string, at: Date): Promise<string> {
    return this.add('article.analyze', { articleId, snapshot, rev: at.getTime() });
  }

  /** A poll outside the schedule, asked for by a person; it skips the due check. */
  async pollNow(feedId: string, at: Date): Promise<string> {
    return this.add('feed.poll', { feedId, force: true }, `poll-${feedId}-${at.getTime()}`);
  }

  /** Jobs waiting (prioritised ones apart), running, delayed and failed per queue. */
  async counts(): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [name, q] of this.queues) {
      out[name] = await q.getJobCounts(
        'waiting',
        'prioritized',
        'active',
        'delayed',
        'failed',
        'completed',
      );
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
