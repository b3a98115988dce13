// Provenance: every article a statement was seen in, so a reviewer sees who said it first and
// who repeated it.
import type { ChainableCommander, Redis } from 'ioredis';
import type { Sighting, StatementTimeline } from '../domain/article-record.js';
import type { Keys } from './keys.js';

export class StatementStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** One sighting per article and statement: reprocessing an article replaces its own. */
  addSightingTo(tx: ChainableCommander, key: string, sighting: Sighting): void {
    tx.hset(this.keys.statementSeen(key), sighting.article.id, JSON.stringify(sighting));
  }

  /** The corpus document that already had the statement; the first one recorded stays. */
  setKnownFromTo(tx: ChainableCommander, key: string, from: StatementTimeline['knownFrom']): void {
    if (from) tx.set(this.keys.statementKnownFrom(key), JSON.stringify(from), 'NX');
  }

  async timeline(key: string): Promise<StatementTimeline> {
    const [seen, from] = await Promise.all([
      this.redis.hvals(this.keys.statementSeen(key)),
      this.redis.get(this.keys.statementKnownFrom(key)),
    ]);
    const sightings = seen
      .map((raw) => JSON.parse(raw) as Sighting)
      .sort((a, b) => when(a).localeCompare(when(b)) || a.seenAt.localeCompare(b.seenAt));
    return {
      key,
      knownFrom: from ? (JSON.parse(from) as StatementTimeline['knownFrom']) : null,
      sightings,
    };
  }
}

// Publication time orders who said it first; an article without one counts from when it was seen.
function when(s: Sighting): string {
  return s.article.publishedAt ?? s.seenAt;
}
