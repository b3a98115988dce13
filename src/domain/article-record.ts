import type { Analysis, Article, AssessedStatement } from './types.js';

/** How an article reached newsmon. One article can arrive several ways; all are kept. */
export type ArticleOrigin = { kind: 'feed'; feedId: string; entryId: string } | { kind: 'ingest' };

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
}

/** A review item with what a reviewer needs to judge it without another lookup. */
export interface ReviewEntry {
  id: string;
  articleId: string;
  status: 'pending' | 'confirmed' | 'dismissed';
  createdAt: string;
  claim: AssessedStatement;
  article: {
    title: string | null;
    url: string;
    siteName: string | null;
    publishedAt: string | null;
  };
}
