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

  /** Takes an article's sighting off a statement it no longer counts toward. */
  removeSightingTo(tx: ChainableCommander, key: string, articleId: string): void {
    tx.hdel(this.keys.statementSeen(key), articleId);
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
      .sort((a, b) => cmp(when(a), when(b)) || cmp(a.seenAt, b.seenAt))
      // The outlet that had it first, unless a corpus document had it before any article.
      .map((s, i) => (i === 0 && !from ? { ...s, first: true as const } : s));
    return {
      key,
      knownFrom: from ? (JSON.parse(from) as StatementTimeline['knownFrom']) : null,
      sightings,
    };
  }
}

// The timeline orders who said it first (publication time, then first seen, then id); a sighting
// recorded before timeline keys existed counts from its publication time, else when it was seen.
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function when(s: Sighting): string {
  return s.timeline ?? s.article.publishedAt ?? s.seenAt;
}
