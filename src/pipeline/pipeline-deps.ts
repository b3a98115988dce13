import type { Redis } from 'ioredis';
import type { AppConfig } from '../config.js';
import type { HttpClient } from '../fetch/http-client.js';
import type { PoliteFetch } from '../fetch/polite-fetch.js';
import type { Logger } from '../logger.js';
import type { StoryMatcher } from '../relevance/relevance-score.js';
import type { ArticleStore } from '../store/article.store.js';
import type { DocumentStore } from '../store/document.store.js';
import type { FeedStore } from '../store/feed.store.js';
import type { ReviewStore } from '../store/review.store.js';
import type { SnapshotStore } from '../store/snapshot.store.js';

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
  now: () => Date;
  /** Jitter source; tests pass a fixed one. */
  random: () => number;
}

/** Per-job context: a child logger and whether a failure now is final. */
export interface JobContext {
  log: Logger;
  isLastAttempt: boolean;
}
