// Outbound alert deliveries: one record per (review item or feed health change, target) with every
// attempt, an index per status, and the dead-letter list of deliveries that used up their attempts
// or were refused.
import type { Redis } from 'ioredis';
import type { AlertEvent } from '../config.js';
import type { FeedHealthChange } from '../domain/types.js';
import type { Keys } from './keys.js';

export type DeliveryStatus = 'pending' | 'retrying' | 'delivered' | 'dead';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = [
  'pending',
  'retrying',
  'delivered',
  'dead',
];

export interface DeliveryAttempt {
  at: string;
  /** Counted from 1 over the delivery's whole life, replays included. */
  attempt: number;
  /** The receiver's HTTP status, when it answered. */
  httpStatus: number | null;
  /** The error code when the attempt failed (an HTTP status that is not 2xx, or no answer). */
  error: string | null;
  message: string | null;
  durationMs: number;
}

export interface AlertDelivery {
  id: string;
  /** What it carries: a review item (itemId) or a feed's health change (feedHealth). */
  event: AlertEvent;
  /** The review item; null for a feed-health delivery. */
  itemId: string | null;
  /** The health change, kept whole so that a replay sends the same message. */
  feedHealth: FeedHealthChange | null;
  target: string;
  format: 'standard' | 'slack';
  /** The Standard Webhooks message id, the same for every attempt and replay. */
  webhookId: string;
  /** The target's host only: a Slack webhook URL is itself a secret. */
  host: string;
  status: DeliveryStatus;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
  deadAt: string | null;
  replays: number;
  lastError: { code: string; message: string } | null;
  /** Oldest first, the last MAX_ATTEMPTS_KEPT. */
  attempts: DeliveryAttempt[];
}

const MAX_ATTEMPTS_KEPT = 50;
/** An in-flight marker outlives any retry schedule; it only has to be seen by the next attempt. */
const SENDING_TTL_S = 7 * 24 * 3600;
/** The dead-letter list is bounded; the records themselves stay until cleared. */
const MAX_DEAD = 10_000;

export class AlertStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async get(id: string): Promise<AlertDelivery | null> {
    const raw = await this.redis.get(this.keys.alertDelivery(id));
    return raw ? parseDelivery(raw) : null;
  }

  /** Writes a record and moves it between the status indexes and the dead-letter list. */
  async save(delivery: AlertDelivery, previous: DeliveryStatus | null): Promise<void> {
    const k = this.keys;
    const tx = this.redis.multi();
    tx.set(k.alertDelivery(delivery.id), JSON.stringify(delivery));
    const at = Date.parse(delivery.updatedAt);
    tx.zadd(k.alertDeliveries, at, delivery.id);
    if (previous && previous !== delivery.status) tx.zrem(k.alertByStatus(previous), delivery.id);
    tx.zadd(k.alertByStatus(delivery.status), at, delivery.id);
    tx.lrem(k.alertDead, 0, delivery.id);
    if (delivery.status === 'dead') {
      tx.lpush(k.alertDead, delivery.id);
      tx.ltrim(k.alertDead, 0, MAX_DEAD - 1);
    }
    const results = await tx.exec();
    const failed = results?.find(([err]) => err);
    if (!results || failed?.[0]) throw failed?.[0] ?? new Error('redis: transaction aborted');
  }

  /** Appends one attempt and sets the status the attempt leaves the delivery in. */
  async recordAttempt(
    base: AlertDelivery,
    attempt: Omit<DeliveryAttempt, 'attempt'>,
    status: DeliveryStatus,
  ): Promise<AlertDelivery> {
    const previous = (await this.get(base.id)) ?? base;
    const number = (previous.attempts.at(-1)?.attempt ?? 0) + 1;
    const next: AlertDelivery = {
      ...previous,
      status,
      updatedAt: attempt.at,
      deliveredAt: status === 'delivered' ? attempt.at : previous.deliveredAt,
      deadAt: status === 'dead' ? attempt.at : previous.deadAt,
      lastError: attempt.error ? { code: attempt.error, message: attempt.message ?? '' } : null,
      attempts: [...previous.attempts, { ...attempt, attempt: number }].slice(-MAX_ATTEMPTS_KEPT),
    };
    const existed = await this.redis.exists(this.keys.alertDelivery(base.id));
    await this.save(next, existed ? previous.status : null);
    return next;
  }

  /**
   * Marks a delivery as being sent, and returns when the previous marker was set if one is still
   * there: that attempt was cut off (the worker died between sending and recording), so the
   * target may have the message already. Cleared by sent() once the attempt is recorded.
   */
  async sending(id: string, at: Date): Promise<string | null> {
    const previous = await this.redis.call(
      'SET',
      this.keys.alertSending(id),
      at.toISOString(),
      'EX',
      String(SENDING_TTL_S),
      'GET',
    );
    return typeof previous === 'string' ? previous : null;
  }

  async sent(id: string): Promise<void> {
    await this.redis.del(this.keys.alertSending(id));
  }

  /**
   * Takes a dead delivery out of the dead-letter state for a replay. Only one caller wins: the
   * removal from the dead index is the claim. Null when it is not dead (or does not exist).
   */
  async claimReplay(id: string, now: Date): Promise<AlertDelivery | null> {
    if ((await this.redis.zrem(this.keys.alertByStatus('dead'), id)) !== 1) return null;
    const record = await this.get(id);
    if (!record) return null;
    const next: AlertDelivery = {
      ...record,
      status: 'pending',
      replays: record.replays + 1,
      updatedAt: now.toISOString(),
    };
    await this.save(next, 'dead');
    return next;
  }

  /** Puts a delivery back to dead when its replay could not be queued. */
  async undoReplay(record: AlertDelivery): Promise<void> {
    await this.save({ ...record, status: 'dead', replays: record.replays - 1 }, 'pending');
  }

  /** Newest first; all statuses when `status` is null. */
  async list(
    status: DeliveryStatus | null,
    offset: number,
    limit: number,
  ): Promise<{ total: number; items: AlertDelivery[] }> {
    const key = status ? this.keys.alertByStatus(status) : this.keys.alertDeliveries;
    const [total, ids] = await Promise.all([
      this.redis.zcard(key),
      this.redis.zrevrange(key, offset, offset + limit - 1),
    ]);
    const raw = ids.length
      ? await this.redis.mget(ids.map((id) => this.keys.alertDelivery(id)))
      : [];
    const items = raw.filter((r): r is string => r !== null).map(parseDelivery);
    return { total, items };
  }

  /** The dead-letter list, newest first. */
  async dead(limit = 100): Promise<string[]> {
    return this.redis.lrange(this.keys.alertDead, 0, limit - 1);
  }

  async counts(): Promise<Record<DeliveryStatus, number>> {
    const pipeline = this.redis.pipeline();
    DELIVERY_STATUSES.forEach((s) => pipeline.zcard(this.keys.alertByStatus(s)));
    const rows = (await pipeline.exec()) ?? [];
    return Object.fromEntries(
      DELIVERY_STATUSES.map((s, i) => [s, Number(rows[i]?.[1] ?? 0)]),
    ) as Record<DeliveryStatus, number>;
  }
}

/** Records written before feed-health alerts carry review items only. */
function parseDelivery(raw: string): AlertDelivery {
  return {
    event: 'review',
    feedHealth: null,
    ...(JSON.parse(raw) as Partial<AlertDelivery>),
  } as AlertDelivery;
}
