import type { Redis } from 'ioredis';
import type { AppConfig } from '../config.js';
import { createHttpClient, type HttpClient } from '../fetch/http-client.js';
import { politeFetch, type PoliteFetch } from '../fetch/polite-fetch.js';
import type { Logger } from '../logger.js';
import type { PipelineMetrics } from '../metrics.js';
import { compileStory, type StoryMatcher } from '../relevance/relevance-score.js';
import { ArticleStore } from '../store/article.store.js';
import { DedupIndex } from '../store/dedup-index.store.js';
import { DocumentStore } from '../store/document.store.js';
import { FeedStore } from '../store/feed.store.js';
import { HostGate } from '../store/host-gate.store.js';
import { keysFor } from '../store/keys.js';
import { ReviewStore } from '../store/review.store.js';
import { StatementStore } from '../store/statement.store.js';
import { KnownStatementCache } from '../store/known-statements.cache.js';
import { RobotsStore } from '../store/robots.store.js';
import { SnapshotStore } from '../store/snapshot.store.js';
import { AlertStore } from '../store/alert.store.js';
import { ReprocessStore } from '../store/reprocess.store.js';
import { WebSubStore } from '../store/websub.store.js';

/** What the orchestrators need, built once by the composition root and passed down. */
export interface PipelineDeps {
  config: AppConfig;
  redis: Redis;
  http: HttpClient;
  /** The HTTP client behind the per-host gate: what every stage fetches through. */
  fetch: PoliteFetch;
  story: StoryMatcher;
  feeds: FeedStore;
  articles: ArticleStore;
  snapshots: SnapshotStore;
  documents: DocumentStore;
  reviews: ReviewStore;
  statements: StatementStore;
  /** Known statements, indexed in memory and refreshed by change number (analysis only). */
  known: KnownStatementCache;
  robots: RobotsStore;
  /** MinHash bands and passages of every known document: where copies are looked up. */
  index: DedupIndex;
  /** Outbound alert deliveries: their log and dead-letter list. */
  alerts: AlertStore;
  /** Reprocessing runs: progress and each article's state before and after. */
  reprocess: ReprocessStore;
  /** WebSub subscriptions and delivered bodies. */
  websub: WebSubStore;
  now: () => Date;
  /** Counters of polls, verdicts and review flags, when the process keeps metrics. */
  metrics?: PipelineMetrics;
  /** Jitter source; tests pass a fixed one. */
  random: () => number;
}

/** Per-job context: a child logger and whether a failure now is final. */
export interface JobContext {
  log: Logger;
  isLastAttempt: boolean;
}

/** The adapters every orchestrator uses, over one Redis connection. */
export function buildPipelineDeps(config: AppConfig, redis: Redis, now: () => Date): PipelineDeps {
  const keys = keysFor(config.redis.prefix);
  const http = createHttpClient(config.fetch);
  const gate = new HostGate(redis, keys, {
    maxConcurrent: config.fetch.perHost.maxConcurrent,
    minIntervalMs: config.fetch.perHost.minIntervalMs,
    // A slot outlives the longest request, so only a crashed holder's slot is ever reclaimed.
    leaseMs: config.fetch.timeoutMs + 5_000,
  });
  const documents = new DocumentStore(redis, keys);
  return {
    config,
    redis,
    http,
    fetch: politeFetch(http, gate, {
      maxWaitMs: config.fetch.perHost.maxWaitMs,
      defaultBackoffMs: config.polling.minIntervalSeconds * 1000,
      now,
    }),
    random: Math.random,
    story: compileStory(config.story),
    feeds: new FeedStore(redis, keys),
    articles: new ArticleStore(redis, keys),
    snapshots: new SnapshotStore(redis, keys, config.snapshots.retentionDays * 86_400),
    documents,
    known: new KnownStatementCache(documents),
    reviews: new ReviewStore(redis, keys),
    statements: new StatementStore(redis, keys),
    robots: new RobotsStore(redis, keys),
    index: new DedupIndex(redis, config.redis.prefix),
    alerts: new AlertStore(redis, keys),
    reprocess: new ReprocessStore(redis, keys),
    websub: new WebSubStore(redis, keys),
    now,
  };
}
