import { DelayedError, UnrecoverableError } from 'bullmq';
import { describeError, NewsmonError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { JobContext } from '../pipeline/pipeline-deps.js';
import type { FaultHook, FaultPoint } from './fault-points.js';
import {
  followUps,
  parsePayload,
  type FollowUp,
  type JobName,
  type Payload,
  type Results,
} from './job-registry.js';

/** What a processor reads of a job: the same for in-process and sandboxed jobs. */
export interface JobLike {
  id?: string | undefined;
  name: string;
  data: unknown;
  attemptsMade: number;
  opts: { attempts?: number | undefined };
  moveToDelayed(timestamp: number, token?: string): Promise<void>;
}

/**
 * How a job of a reprocessing run ended: `continues` when a follow-up carries the run on (the
 * article's next stage, or a poll's articles). Failures are reported once, when final.
 */
export interface RunSettlement {
  run: string;
  name: JobName;
  payload: Record<string, unknown>;
  continues: boolean;
  result?: { status: string; reason?: string };
  error?: { code: string; message: string };
}

/** What every processor gets besides its handler: a logger and a way to queue follow-ups. */
export interface ProcessorRuntime {
  log: Logger;
  enqueue: (jobs: FollowUp[]) => Promise<void>;
  /** Told when a job of a reprocessing run ends, so the run can count its articles. */
  settle?: (s: RunSettlement) => Promise<void>;
  /** Step boundaries for crash tests (src/jobs/fault-points.ts); unset in production. */
  fault?: FaultHook;
}

function runOf(payload: unknown): string | undefined {
  const run = (payload as { reprocess?: unknown } | null)?.reprocess;
  return typeof run === 'string' ? run : undefined;
}

export type Handler<N extends JobName> = (
  payload: Payload<N>,
  ctx: JobContext,
) => Promise<Results[N]>;

/**
 * Wraps a handler as a BullMQ processor: validate the payload, give the job a child logger, run
 * the handler, queue its follow-ups, and classify failures. Permanent errors become
 * UnrecoverableError so BullMQ stops retrying; everything else is rethrown for a retry.
 */
export function createProcessor<N extends JobName>(
  name: N,
  handler: Handler<N>,
  deps: ProcessorRuntime,
): (job: JobLike, token?: string) => Promise<Results[N]> {
  return async (job, token) => {
    const attempt = job.attemptsMade + 1;
    const log = deps.log.child({ job: job.name, jobId: job.id, attempt });
    const isLastAttempt = attempt >= (job.opts.attempts ?? 1);
    try {
      if (job.name !== name)
        throw new NewsmonError('JOB_PAYLOAD_INVALID', `job ${job.name} on the ${name} queue`);
      const payload = parsePayload(name, job.data);
      // Follow-ups a handler queued itself, before writing its "done" marker.
      const queued: FollowUp[] = [];
      const enqueue = async (jobs: FollowUp[]): Promise<void> => {
        await deps.enqueue(jobs);
        queued.push(...jobs);
      };
      const result = await handler(payload, {
        log,
        isLastAttempt,
        jobId: job.id,
        enqueue,
        fault: deps.fault,
      });
      deps.fault?.(`${name}:handled` as FaultPoint);
      const after = followUps(name, result);
      await deps.enqueue(after);
      deps.fault?.(`${name}:followed` as FaultPoint);
      const next = [...queued, ...after];
      const run = runOf(payload);
      if (run && deps.settle) {
        const continues = next.some((f) => runOf(f.payload) === run);
        await deps.settle({ run, name, payload, continues, result });
      }
      // Debug: every scheduler tick of a feed that is not due ends here.
      if (result.status === 'skipped') log.debug({ reason: result.reason }, 'job skipped');
      return result;
    } catch (err) {
      if (err instanceof NewsmonError && err.retryAt !== undefined) {
        // Waiting for a host's turn is not a failure: the job goes back, delayed, without using
        // up an attempt (BullMQ's DelayedError pattern).
        log.info(
          { reason: err.message, retryAt: new Date(err.retryAt).toISOString() },
          'job delayed',
        );
        await job.moveToDelayed(err.retryAt, token);
        throw new DelayedError();
      }
      const error = describeError(err);
      const permanent = err instanceof NewsmonError && !err.transient;
      // One line per failure, here, where the job's context is: the worker's 'failed' event
      // would repeat it without the payload's details.
      log.warn({ error, retry: !permanent && !isLastAttempt }, 'job failed');
      const run = runOf(job.data);
      if (run && deps.settle && (permanent || isLastAttempt)) {
        await deps
          .settle({
            run,
            name,
            payload: job.data as Record<string, unknown>,
            continues: false,
            error,
          })
          .catch((e: unknown) => log.error({ err: e, run }, 'reprocess: cannot record a failure'));
      }
      if (permanent) throw new UnrecoverableError(`${error.code}: ${error.message}`);
      throw err;
    }
  };
}
