import {
  alertSubjectId,
  answerKind,
  deliveryIdOf,
  outboundMessage,
  webhookIdOf,
  type AlertSubject,
} from '../alerts/alert-message.js';
import { describeError, NewsmonError } from '../errors.js';
import type { JobQueues } from '../jobs/job-queues.js';
import type { Payload, Results } from '../jobs/job-registry.js';
import type { AlertDelivery, AlertStore, DeliveryStatus } from '../store/alert.store.js';
import type { JobContext, PipelineDeps } from './pipeline-deps.js';

export type AlertDeps = Pick<PipelineDeps, 'config' | 'http' | 'reviews' | 'alerts' | 'now'>;

/**
 * Sends one review item or feed health change to one alert target through the safe HTTP client,
 * and logs the attempt. 2xx is delivered; a 4xx other than 408/429 is a refusal (no retry);
 * anything else, or no answer, is retried with backoff. The attempt that gives up puts the
 * delivery in the dead-letter list, from where a person can replay it.
 */
export async function deliverAlert(
  deps: AlertDeps,
  payload: Payload<'alert.deliver'>,
  ctx: JobContext,
): Promise<Results['alert.deliver']> {
  const name = payload.target;
  let subject: AlertSubject;
  if ('itemId' in payload) {
    const item = await deps.reviews.get(payload.itemId);
    if (!item) return { status: 'skipped', reason: `review item ${payload.itemId} is gone` };
    subject = { kind: 'review', item };
  } else {
    subject = { kind: 'feed-health', change: payload.feedHealth };
  }
  const subjectId = alertSubjectId(payload);
  const target = deps.config.alerts.targets.find((t) => t.name === name);
  const id = deliveryIdOf(subjectId, name);
  // Queued again after a crash (an analysis's pending alerts, a job that stalled after its
  // delivery was recorded): a delivered message is not sent twice.
  if ((await deps.alerts.get(id))?.status === 'delivered')
    return { status: 'skipped', reason: `delivery ${id} was delivered already` };
  const started = deps.now();
  const base: AlertDelivery = {
    id,
    event: subject.kind,
    itemId: subject.kind === 'review' ? subject.item.id : null,
    feedHealth: subject.kind === 'feed-health' ? subject.change : null,
    target: name,
    format: target?.format ?? 'standard',
    webhookId: webhookIdOf(subjectId, name),
    host: target ? new URL(target.url).host : '',
    status: 'pending',
    createdAt: started.toISOString(),
    updatedAt: started.toISOString(),
    deliveredAt: null,
    deadAt: null,
    replays: 0,
    lastError: null,
    attempts: [],
  };

  // A message is sent at least once, never silently lost: an attempt a crash cut off is sent
  // again, and the log says so. A standard target sees the same webhook-id and can drop the copy.
  const cutOff = await deps.alerts.sending(id, started);
  if (cutOff !== null) {
    const lost = new NewsmonError('ALERT_INTERRUPTED', cutOff);
    await deps.alerts.recordAttempt(
      base,
      { at: cutOff, httpStatus: null, error: lost.code, message: lost.message, durationMs: 0 },
      'retrying',
    );
    ctx.log.warn({ delivery: id, startedAt: cutOff }, 'alert delivery was cut off; sending again');
  }
  const t0 = performance.now();
  let httpStatus: number | null = null;
  let failure: NewsmonError | null = null;
  try {
    if (!target) throw new NewsmonError('ALERT_TARGET_UNKNOWN', name);
    const message = outboundMessage(subject, target, started, deps.config.fetch.userAgent);
    const res = await deps.http.post(target.url, message);
    httpStatus = res.status;
    const kind = answerKind(res.status);
    if (kind !== 'delivered') {
      failure = new NewsmonError(
        kind === 'permanent' ? 'ALERT_TARGET_REJECTED' : 'ALERT_TARGET_FAILED',
        `HTTP ${res.status} from ${base.host}`,
      );
    }
  } catch (err) {
    failure =
      err instanceof NewsmonError
        ? err
        : new NewsmonError('ALERT_TARGET_FAILED', describeError(err).message, { cause: err });
  }
  const durationMs = Math.round(performance.now() - t0);
  const final = failure !== null && (!failure.transient || ctx.isLastAttempt);
  const status: DeliveryStatus = !failure ? 'delivered' : final ? 'dead' : 'retrying';
  const record = await deps.alerts.recordAttempt(
    base,
    {
      at: started.toISOString(),
      httpStatus,
      error: failure?.code ?? null,
      message: failure?.message ?? null,
      durationMs,
    },
    status,
  );
  await deps.alerts.sent(id);
  ctx.log.info(
    { delivery: id, httpStatus, error: failure?.code, status, durationMs },
    'alert delivery attempted',
  );
  // The processor turns a permanent error into UnrecoverableError: no retry.
  if (failure) throw failure;
  return {
    status: 'done',
    delivery: id,
    httpStatus: httpStatus ?? 0,
    attempts: record.attempts.length,
  };
}

/**
 * Queues a dead delivery again, with a new job id (the first job is kept as BullMQ's record of
 * the failure). The delivery keeps its id and webhook-id, so a receiver can tell a replay from
 * a new message.
 */
export async function replayDelivery(
  alerts: AlertStore,
  queues: Pick<JobQueues, 'add'>,
  id: string,
  now: Date,
): Promise<{ delivery: AlertDelivery; jobId: string }> {
  const claimed = await alerts.claimReplay(id, now);
  if (!claimed) {
    const existing = await alerts.get(id);
    if (!existing) throw new NewsmonError('ALERT_DELIVERY_NOT_FOUND', id);
    throw new NewsmonError('ALERT_NOT_DEAD', `${id} is ${existing.status}`);
  }
  try {
    const rev = now.getTime();
    const jobId = await queues.add(
      'alert.deliver',
      claimed.feedHealth
        ? { feedHealth: claimed.feedHealth, target: claimed.target, rev }
        : { itemId: claimed.itemId!, target: claimed.target, rev },
    );
    return { delivery: claimed, jobId };
  } catch (err) {
    await alerts.undoReplay(claimed);
    throw err;
  }
}
