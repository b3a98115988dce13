import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config.js';
import {
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
  ) {
    this.queues = new Map(
      QUEUE_NAMES.map((name) => [
        name,
        new Queue(name, { connection, prefix: bullPrefix, skipWaitingForReady: failFast }),
      ]),
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
    const job = await this.queue(QUEUE_OF[name]).add(name, payload, {
      ...jobOptions(name, this.jobs),
      jobId,
    });
    return job.id ?? '';
  }

  async addAll(followUps: FollowUp[]): Promise<void> {
    for (const f of followUps) await this.add(f.name, f.payload);
  }

  /**
   * One BullMQ job scheduler per enabled feed; schedulers of feeds removed from the config or
   * disabled are removed, so the config file is the single source of what is polled.
   */
  async syncFeedSchedulers(
    feeds: AppConfig['feeds'],
    defaultIntervalSeconds: number,
  ): Promise<void> {
    const queue = this.queue(QUEUE_OF['feed.poll']);
    const wanted = new Set<string>();
    for (const feed of feeds.filter((f) => f.enabled)) {
      const id = `${SCHEDULER_PREFIX}${feed.id}`;
      wanted.add(id);
      await queue.upsertJobScheduler(
        id,
        { every: (feed.intervalSeconds ?? defaultIntervalSeconds) * 1000 },
        { name: 'feed.poll', data: { feedId: feed.id }, opts: jobOptions('feed.poll', this.jobs) },
      );
    }
    for (const s of await queue.getJobSchedulers()) {
      if (s.key.startsWith(SCHEDULER_PREFIX) && !wanted.has(s.key))
        await queue.removeJobScheduler(s.key);
    }
  }

  /** Jobs waiting, running, delayed and failed per queue. */
  async counts(): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [name, q] of this.queues) {
      out[name] = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
