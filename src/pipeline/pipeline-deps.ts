import type { Redis } from 'ioredis';
import type { AppConfig } from '../config.js';
import type { FaultHook } from '../jobs/fault-points.js';
import type { FollowUp } from '../jobs/job-registry.js';
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
import type { Article } from '../domain/types.js';
import { runAnalysisTask, type AnalysisOutcome, type AnalysisTask } from './analysis-task.js';
import { runExtractTask, type ExtractTask } from './extract-task.js';

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
  /**
   * jsdom and Readability on one page; claims, quotes and novelty of one article. The daemon
   * runs both in worker threads under a heap cap and a time budget (workers/cpu-threads.ts);
   * tests and the CLI run them in-process.
   */
  extractPage: (task: ExtractTask) => Promise<Article>;
  analyzeText: (task: AnalysisTask) => Promise<AnalysisOutcome>;
  /** Counters of polls, verdicts and review flags, when the process keeps metrics. */
  metrics?: PipelineMetrics;
  /** Jitter source; tests pass a fixed one. */
  random: () => number;
}

/** Per-job context: a child logger, whether a failure now is final, and the job's queues. */
export interface JobContext {
  log: Logger;
  isLastAttempt: boolean;
  /** The BullMQ job's id: the same when a job runs again after its worker died. */
  jobId?: string;
  /**
   * Queues follow-up jobs now, for a handler whose "done" marker must be written after them
   * (a poll's body hash, an analysis's pending alerts): a crash in between then repeats work
   * that is idempotent instead of losing it.
   */
  enqueue: (jobs: FollowUp[]) => Promise<void>;
  /** A step boundary where a crash test may kill the worker; unset outside those tests. */
  fault?: FaultHook;
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
  const known = new KnownStatementCache(documents);
  const story = compileStory(config.story);
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
    story,
    feeds: new FeedStore(redis, keys),
    articles: new ArticleStore(redis, keys),
    snapshots: new SnapshotStore(redis, keys, config.snapshots.retentionDays * 86_400),
    documents,
    known,
    reviews: new ReviewStore(redis, keys),
    statements: new StatementStore(redis, keys),
    robots: new RobotsStore(redis, keys),
    index: new DedupIndex(redis, config.redis.prefix),
    alerts: new AlertStore(redis, keys),
    reprocess: new ReprocessStore(redis, keys),
    websub: new WebSubStore(redis, keys),
    now,
    extractPage: (task) => Promise.resolve().then(() => runExtractTask(task)),
    analyzeText: async (task) =>
      runAnalysisTask(task, { story, statements: await known.current() }),
  };
}
