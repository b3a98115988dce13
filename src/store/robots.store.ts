import type { Redis } from 'ioredis';
import type { RobotsFile } from '../fetch/robots-policy.js';
import type { Keys } from './keys.js';

/** robots.txt files per origin, shared by every worker, each kept for its own time. */
export class RobotsStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async get(origin: string): Promise<RobotsFile | null> {
    const json = await this.redis.get(this.keys.robots(origin));
    return json ? (JSON.parse(json) as RobotsFile) : null;
  }

  async put(origin: string, file: RobotsFile, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.keys.robots(origin), JSON.stringify(file), 'EX', ttlSeconds);
  }
}
