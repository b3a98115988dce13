// Browser sessions: a random cookie value standing for an API token's name, for pages a browser
// loads without an Authorization header (/admin/queues). Stored by the SHA-256 of the value, so
// a copy of Redis hands out no live session; each expires on its own (Redis TTL).
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';

export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** A new session for the token `name`; returns the cookie value (32 random bytes). */
  async create(name: string, ttlSeconds: number): Promise<string> {
    const value = randomBytes(32).toString('base64url');
    await this.redis.set(this.keys.session(digest(value)), name, 'EX', ttlSeconds);
    return value;
  }

  /** The token name the cookie value stands for, or null. */
  async lookup(value: string): Promise<string | null> {
    // Only values of the shape create() makes reach Redis.
    if (!/^[A-Za-z0-9_-]{43}$/.test(value)) return null;
    return this.redis.get(this.keys.session(digest(value)));
  }

  async remove(value: string): Promise<void> {
    await this.redis.del(this.keys.session(digest(value)));
  }
}

function digest(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
