// Plain data that flows between the pipeline stages. Types only: no behaviour lives here.

/** One feed from config/feeds.yaml. */
export interface FeedSource {
  id: string;
  outlet: string;
  title: string;
  url: string;
  enabled: boolean;
  /** Poll interval override in seconds; the config's polling.intervalSeconds otherwise. */
  intervalSeconds?: number;
  /** How long without new entries before the feed counts as quiet; learned when unset. */
  quietAfterSeconds?: number;
}

/** One entry of a parsed feed, before its article is fetched. */
export interface FeedEntry {
  /** Stable identity within the feed: GUID, else link, else a hash of title + date. */
  entryId: string;
  guid: string | null;
  link: string | null;
  title: string | null;
  publishedAt: string | null;
  summary: string | null;
  /** Full content when the feed carries it (content:encoded, Atom content). */
  content: string | null;
}

export type ExtractionMethod =
  'readability' | 'json-ld' | 'article-element' | 'feed-content' | 'text';

/** Where a date candidate was read. */
export type DateSource =
  | 'feed'
  | 'meta:article:published_time'
  | 'meta:article:modified_time'
  | 'meta:other'
  | 'json-ld:datePublished'
  | 'json-ld:dateModified'
  | 'time-element'
  | 'url'
  | 'http:last-modified';

export interface DateCandidate {
  /** ISO-8601. */
  value: string;
  source: DateSource;
  kind: 'published' | 'modified';
}

/** Every date the page and its feed gave, the ones chosen, and what disagrees. */
export interface ArticleDates {
  published: string | null;
  publishedSource: DateSource | null;
  modified: string | null;
  modifiedSource: DateSource | null;
  candidates: DateCandidate[];
  /** e.g. "json-ld:datePublished and feed are 3 days apart", "meta:... is in the future". */
  conflicts: string[];
}

/** Why the text may not be the whole article. Flagged, never bypassed. */
export interface TextFlags {
  /** The page says it is not free (JSON-LD isAccessibleForFree: false, paywall markup). */
  paywalled: boolean;
  /** The text is far shorter than the page or feed promises (JSON-LD body, wordCount). */
  partial: boolean;
  /** The extraction lost part of a body the page or feed carries (compared with it). */
  truncated: boolean;
  reasons: string[];
}

/** What extraction makes of one page. `text` is paragraphs separated by blank lines. */
export interface Article {
  url: string;
  canonicalUrl: string | null;
  title: string | null;
  byline: string | null;
  /** Every author named (meta, JSON-LD, rel=author), de-duplicated. */
  authors: string[];
  siteName: string | null;
  lang: string | null;
  publishedAt: string | null;
  dates: ArticleDates;
  text: string;
  method: ExtractionMethod;
  wordCount: number;
  flags: TextFlags;
}

/** A document of a corpus directory (the seeds, or any directory of such files). */
export interface CorpusDocument {
  /** File name without extension. */
  id: string;
  /** Name of the corpus it came from ("seed" for the shipped one). */
  corpus: string;
  publishedAt: string | null;
  title: string | null;
  text: string;
}

export type DocumentSource = 'seed' | 'corpus' | 'ingested';

/** The comparable form of a document: what dedup keeps of it. */
export interface Fingerprint {
  docId: string;
  source: DocumentSource;
  /** sha256 of the normalised text, hex. */
  textHash: string;
  /** Sorted, unique 32-bit hashes of the word shingles of the normalised text. */
  shingles: Uint32Array;
  /** Words per shingle: 5, or 3 for a very short text (a 5-shingle of it is nearly all of it). */
  shingleSize: 3 | 5;
}

export type DedupVerdict = 'duplicate' | 'near-duplicate' | 'contained' | 'same-story' | 'new';

export interface DedupMatch {
  doc: string;
  source: DocumentSource;
  jaccard: number;
  /** Share of the smaller document's shingles found in the other. */
  containment: number;
}

export interface DedupResult {
  verdict: DedupVerdict;
  /** Best match first; empty when nothing overlaps. */
  matches: DedupMatch[];
}

export interface Relevance {
  relevant: boolean;
  score: number;
  why: string[];
}

/** A quoted or reported statement found in a text, with character offsets into it. */
export interface Quote {
  /** The statement without its quotation marks. */
  text: string;
  /** Offsets of the statement in the source text (first character inside the marks, one past the last). */
  start: number;
  end: number;
  speaker: string | null;
  /** Title or role given with the speaker ("National FOP President"), kept apart from the name. */
  speakerRole: string | null;
  /** direct: inside quotation marks; reported: "X said (that) …" without marks. */
  form: 'direct' | 'reported';
}

/** A checkable factual sentence (numbers, money, orders, laws, events). */
export interface ClaimSentence {
  text: string;
  start: number;
  end: number;
  /** 0..1, how worth checking it is. */
  score: number;
  reasons: string[];
}

export type StatementKind = 'quote' | 'claim';
export type Novelty = 'new' | 'known' | 'variant' | 'conflict';

/** A statement already in the corpus or in an ingested article: what novelty compares against. */
export interface KnownStatement {
  docId: string;
  source: DocumentSource;
  kind: StatementKind;
  text: string;
  speaker: string | null;
}

export interface NearestStatement {
  doc: string;
  text: string;
  score: number;
}

/** A statement of an analysed article with its verdict against what is known. */
export interface AssessedStatement {
  /** Deterministic: derived from the article id and the statement's offsets. */
  id: string;
  kind: StatementKind;
  text: string;
  speaker: string | null;
  speakerRole: string | null;
  start: number;
  end: number;
  novelty: Novelty;
  nearest: NearestStatement | null;
}

/** Everything analysis decides about one article. */
export interface Analysis {
  relevance: Relevance;
  dedup: DedupResult;
  claims: AssessedStatement[];
  /**
   * When only part of the text went on to claim analysis: the paragraphs a copy adds to its
   * origin, or the sentences a revision adds to the previous version.
   */
  scope: { reason: 'copy' | 'revision'; spans: number; words: number } | null;
  /** For a copy: the family of copies it joined, and who had the text first. */
  family?: FamilySummary | null;
}

export interface FamilyMember {
  doc: string;
  source: DocumentSource;
  publishedAt: string | null;
  /** How it joined: null for the document the family started from. */
  verdict: DedupVerdict | null;
  jaccard: number | null;
  containment: number | null;
  joinedAt: string;
}

/** Copies of one text: the earliest document and everything that copies it. */
export interface Family {
  id: string;
  first: string;
  members: FamilyMember[];
}

export interface FamilySummary {
  id: string;
  first: string;
  firstPublishedAt: string | null;
  size: number;
}

export type ReviewStatus = 'pending' | 'confirmed' | 'dismissed';

export interface ReviewItem {
  id: string;
  claimId: string;
  articleId: string;
  status: ReviewStatus;
  createdAt: string;
}
