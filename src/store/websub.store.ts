// WebSub subscriptions in Redis: one hash per subscription (its id is the callback path, its
// secret keys the hub's signatures), the feed → current subscription index, and delivered bodies
// waiting for their job. Fields are written one by one (HSET of a few), so the callback marking
// a subscription verified and the worker recording the hub's answer never overwrite each other.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';

export type SubscriptionState = 'pending' | 'active' | 'unsubscribed' | 'denied';
export type PendingMode = 'subscribe' | 'unsubscribe';

/** Times are epoch milliseconds. */
export interface WebSubSubscription {
  id: string;
  feedId: string;
  /** hub.topic as sent: the topic's rel=self, else the URL it was fetched from. */
  topic: string;
  hub: string;
  secret: string;
  state: SubscriptionState;
  /** The request sent and not yet verified; the callback echoes a challenge only for it. */
  pendingMode: PendingMode | null;
  requestedAt: number | null;
  leaseSeconds: number | null;
  expiresAt: number | null;
  /** When the lease is renewed (websub.renewAt of it), with the hub discovered again. */
  renewAt: number | null;
  verifiedAt: number | null;
  createdAt: number;
  lastError: { code: string; message: string } | null;
  /** Deliveries taken, and deliveries ignored (bad signature) with the last reason. */
  deliveries: number;
  ignored: number;
  lastDeliveryAt: number | null;
  lastIgnoredReason: string | null;
}

/** What the API shows: everything but the secret. */
export type SubscriptionView = Omit<WebSubSubscription, 'secret'>;

// KEYS: the subscription. ARGV: field, value, ... Sets them only on a subscription that exists,
// so a late patch never resurrects one that expired.
const PATCH_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1`;

// KEYS: the feed index. ARGV: feed id, subscription id. Drops the entry only if it still names
// this subscription (a newer one may have replaced it).
const DETACH_SCRIPT = `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  return redis.call('HDEL', KEYS[1], ARGV[1])
end
return 0`;

export class WebSubStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async get(id: string): Promise<WebSubSubscription | null> {
    if (!/^[0-9a-f]{32}$/.test(id)) return null;
    const raw = await this.redis.hgetall(this.keys.websubSubscription(id));
    return raw.id ? decode(raw) : null;
  }

  /** The feed's current subscription (pending, active or being unsubscribed), if any. */
  async currentFor(feedId: string): Promise<WebSubSubscription | null> {
    const id = await this.redis.hget(this.keys.websubByFeed, feedId);
    return id ? this.get(id) : null;
  }

  /** Feed id → subscription id of every current subscription. */
  async index(): Promise<Record<string, string>> {
    return this.redis.hgetall(this.keys.websubByFeed);
  }

  async list(): Promise<WebSubSubscription[]> {
    const subs = await Promise.all(Object.values(await this.index()).map((id) => this.get(id)));
    return subs
      .filter((s): s is WebSubSubscription => s !== null)
      .sort((a, b) => a.feedId.localeCompare(b.feedId));
  }

  /** Stores a new subscription and makes it the feed's current one. */
  async create(sub: WebSubSubscription): Promise<void> {
    await this.redis
      .multi()
      .hset(this.keys.websubSubscription(sub.id), encode(sub))
      .hset(this.keys.websubByFeed, sub.feedId, sub.id)
      .exec();
  }

  /** Sets some fields; false when the subscription no longer exists. */
  async patch(id: string, fields: Partial<WebSubSubscription>): Promise<boolean> {
    const flat = Object.entries(encode(fields)).flat();
    if (flat.length === 0) return true;
    const done = await this.redis.eval(PATCH_SCRIPT, 1, this.keys.websubSubscription(id), ...flat);
    return done === 1;
  }

  /**
   * A subscription that ended (unsubscribed, denied, replaced) stops being its feed's current
   * one and is kept `ttlSeconds` longer, so late deliveries meet 410, not an unknown id.
   */
  async retire(sub: Pick<WebSubSubscription, 'id' | 'feedId'>, ttlSeconds: number): Promise<void> {
    await this.redis.eval(DETACH_SCRIPT, 1, this.keys.websubByFeed, sub.feedId, sub.id);
    await this.redis.expire(this.keys.websubSubscription(sub.id), ttlSeconds);
  }

  async countDelivery(id: string, at: number): Promise<void> {
    await this.redis
      .multi()
      .hincrby(this.keys.websubSubscription(id), 'deliveries', 1)
      .hset(this.keys.websubSubscription(id), 'lastDeliveryAt', String(at))
      .exec();
  }

  async countIgnored(id: string, reason: string): Promise<void> {
    await this.redis
      .multi()
      .hincrby(this.keys.websubSubscription(id), 'ignored', 1)
      .hset(this.keys.websubSubscription(id), 'lastIgnoredReason', reason.slice(0, 200))
      .exec();
  }

  /** Keeps a delivered body for its job; returns its SHA-256 (hex), which names it. */
  async putDelivery(body: Buffer, ttlSeconds: number): Promise<string> {
    const hash = createHash('sha256').update(body).digest('hex');
    await this.redis.set(this.keys.websubDelivery(hash), body, 'EX', ttlSeconds);
    return hash;
  }

  async getDelivery(hash: string): Promise<Buffer | null> {
    return this.redis.getBuffer(this.keys.websubDelivery(hash));
  }
}

export function viewOf(sub: WebSubSubscription): SubscriptionView {
  const view: Partial<WebSubSubscription> = { ...sub };
  delete view.secret;
  return view as SubscriptionView;
}

function encode(sub: Partial<WebSubSubscription>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(sub)) {
    if (v === undefined) continue;
    if (v === null) out[k] = '';
    else if (typeof v === 'object') out[k] = JSON.stringify(v);
    else out[k] = String(v);
  }
  return out;
}

function decode(raw: Record<string, string>): WebSubSubscription {
  const num = (k: keyof WebSubSubscription): number | null =>
    raw[k] === undefined || raw[k] === '' ? null : Number(raw[k]);
  const str = (k: string): string | null => (raw[k] ? raw[k] : null);
  return {
    id: raw.id!,
    feedId: raw.feedId ?? '',
    topic: raw.topic ?? '',
    hub: raw.hub ?? '',
    secret: raw.secret ?? '',
    state: (raw.state as SubscriptionState | undefined) ?? 'pending',
    pendingMode: str('pendingMode') as PendingMode | null,
    requestedAt: num('requestedAt'),
    leaseSeconds: num('leaseSeconds'),
    expiresAt: num('expiresAt'),
    renewAt: num('renewAt'),
    verifiedAt: num('verifiedAt'),
    createdAt: num('createdAt') ?? 0,
    lastError: raw.lastError
      ? (JSON.parse(raw.lastError) as { code: string; message: string })
      : null,
    deliveries: num('deliveries') ?? 0,
    ignored: num('ignored') ?? 0,
    lastDeliveryAt: num('lastDeliveryAt'),
    lastIgnoredReason: str('lastIgnoredReason'),
  };
}
