// Webhook bookkeeping in Redis: message ids already handled (replay protection) and per-client
// request counters (rate limits). Both expire on their own, so nothing here grows unbounded.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';

// A fixed window: the first hit starts it; the key's TTL is how long the client must wait.
// KEYS: counter. ARGV: window ms. Returns the count and the window's remaining ms.
const HIT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`;

export class WebhookStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Whether a message id from this source was already handled (within its TTL). */
  async seen(source: string, messageId: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.webhookSeen(source, idHash(messageId)))) === 1;
  }

  /**
   * Marks a message id handled for ttlSeconds. Called only after its work is queued: marking
   * first would lose the alert if Redis failed in between and the sender's retry were refused.
   */
  async markSeen(source: string, messageId: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(
      this.keys.webhookSeen(source, idHash(messageId)),
      '1',
      'EX',
      ttlSeconds,
      'NX',
    );
  }

  /** Counts one request of a client against its window. */
  async hit(
    source: string,
    client: string,
    windowSeconds: number,
  ): Promise<{ count: number; resetMs: number }> {
    const [count, resetMs] = (await this.redis.eval(
      HIT_SCRIPT,
      1,
      this.keys.webhookRate(source, client),
      windowSeconds * 1000,
    )) as [number, number];
    return { count, resetMs };
  }
}

/** Ids are chosen by the sender: hashed so their length and characters never shape our keys. */
function idHash(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, 32);
}
