import type { Analysis, Article, AssessedStatement, TextFlags } from './types.js';

/**
 * How an article reached newsmon. One article can arrive several ways; all are kept. An alert's
 * source is the webhook that delivered it: `standard`, `miniflux` or `token:<name>`.
 */
export type ArticleOrigin =
  | { kind: 'feed'; feedId: string; entryId: string }
  | { kind: 'ingest' }
  | { kind: 'alert'; source: string };

/** What the feed entry said about the article, used as extraction hints and fallbacks. */
export interface EntryHints {
  title: string | null;
  publishedAt: string | null;
  summary: string | null;
  content: string | null;
}

export type ArticleStatus = 'queued' | 'fetched' | 'extracted' | 'analyzed' | 'skipped' | 'failed';

export interface SnapshotRef {
  /** sha256 of the raw body: snapshots are content-addressed. */
  hash: string;
  contentType: string | null;
  finalUrl: string;
  httpStatus: number;
  fetchedAt: string;
  /** The response's Last-Modified header: a candidate for the article's modified date. */
  lastModified?: string | null;
  /** The response's ETag: a revisit asks with If-None-Match. */
  etag?: string | null;
  /** Set on a revisit that found different bytes: the snapshot the article was analysed from. */
  previous?: string;
}

/** A re-fetched page whose text changed in substance (not only timestamps or counters). */
export interface Revision {
  at: string;
  /** The snapshot holding this version. */
  snapshot: string;
  /** Sentences this version added (offsets into its text); only these go on to claim analysis. */
  added: { text: string; start: number; end: number }[];
  removed: string[];
}

/**
 * A statement a revision changed (a number, a date, a negation, quoted words) or withdrew, as
 * its review item shows it: the statement before, and after (null when withdrawn).
 */
export interface RevisionChange {
  change: 'changed' | 'removed';
  /** What differs; empty for a withdrawn statement. */
  what: ('number' | 'date' | 'negation' | 'words')[];
  before: string;
  after: string | null;
  /** The snapshot of the version that changed it, and when that version was analysed. */
  snapshot: string;
  at: string;
}

/** Everything stored about one article, stage by stage. */
export interface ArticleRecord {
  id: string;
  url: string;
  canonicalUrl: string;
  origins: ArticleOrigin[];
  hints: EntryHints | null;
  status: ArticleStatus;
  error: { code: string; message: string; at: string } | null;
  snapshot: SnapshotRef | null;
  article: Article | null;
  analysis: Analysis | null;
  /** Later versions of the same page, newest last: what changed, sentence by sentence. */
  revisions: Revision[];
  createdAt: string;
  updatedAt: string;
  /**
   * When the article was first analysed: its statements count as known only to articles
   * analysed after it, so reprocessing it cannot find its own statements in later repeats.
   */
  firstAnalyzedAt?: string;
  /**
   * Alert jobs the analysis committed to and has not queued yet: written in the analysis's
   * transaction, cleared once the jobs are queued, so a crash in between loses no alert.
   */
  pendingAlerts?: { itemId: string; target: string }[];
}

/** Where a reviewer's queue item stands: waiting, or the decision taken on it. */
export type ReviewStatus =
  'pending' | 'confirmed-new' | 'already-known' | 'not-a-claim' | 'wrong-speaker';
export const REVIEW_STATUSES: readonly ReviewStatus[] = [
  'pending',
  'confirmed-new',
  'already-known',
  'not-a-claim',
  'wrong-speaker',
];
export type ReviewDecisionKind = Exclude<ReviewStatus, 'pending'>;

export interface ReviewDecision {
  decision: ReviewDecisionKind;
  note: string | null;
  /** The name of the API token (or CLI user) that decided. */
  reviewer: string;
  at: string;
}

/** The article a statement was seen in, as the reviewer sees it. */
export interface ArticleRef {
  id: string;
  title: string | null;
  url: string;
  siteName: string | null;
  publishedAt: string | null;
  /**
   * On a review item: the article's text flags (paywalled, partial, truncated, …), so a reviewer
   * knows the statement comes from a text that may not be the whole article.
   */
  flags?: TextFlags;
}

/**
 * A review item with what a reviewer needs to judge it without another lookup. Its id is the
 * statement's stable key, so the item outlives reprocessing and keeps every decision.
 */
export interface ReviewEntry {
  id: string;
  /** The article the statement was first flagged in. */
  articleId: string;
  status: ReviewStatus;
  createdAt: string;
  updatedAt: string;
  claim: AssessedStatement;
  article: ArticleRef;
  /** The paragraph around the statement, and the statement's offsets inside it. */
  context: { text: string; start: number; end: number };
  /** Every decision taken, oldest first; the last one is the status. */
  decisions: ReviewDecision[];
  /**
   * The timeline key of the article it was first sighted in (analyze/timeline.ts): an article
   * published earlier that flags the same statement takes the first sighting over.
   */
  timeline?: string;
  /** Set on an item of a statement a revision changed or withdrew (novelty `revised`). */
  revision?: RevisionChange;
}

/** One article a statement was seen in. */
export interface Sighting {
  article: ArticleRef;
  /** When newsmon analysed the article. */
  seenAt: string;
  /** The article's timeline key: sightings are ordered by it (publication time first). */
  timeline?: string;
  /** Set on the sighting of the article that had it first (none when the corpus had it). */
  first?: true;
  novelty: AssessedStatement['novelty'];
  /** The wording in this article (it may differ from the statement's first wording). */
  text: string;
  speaker: string | null;
}

/** A statement's history: where it was first seen and every later sighting, in time order. */
export interface StatementTimeline {
  key: string;
  /** The corpus or reviewer source the statement was known from before any article, if any. */
  knownFrom: { doc: string; source: string; text: string } | null;
  sightings: Sighting[];
}
