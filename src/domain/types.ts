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

/** The feed health that is announced to alert targets: pending and backing-off change nothing. */
export type AnnouncedHealth = 'ok' | 'failing' | 'quiet';

/**
 * A feed's announced health changing (to `ok`: it recovered): what a feed-health alert carries.
 * Fixed when the change is recorded, so every retry and replay sends the same message.
 */
export interface FeedHealthChange {
  feedId: string;
  title: string;
  outlet: string;
  url: string;
  /** Counts the feed's changes from 1: with `to`, it names the change in ids. */
  seq: number;
  from: AnnouncedHealth;
  to: AnnouncedHealth;
  /** When the feed entered `to` (ISO): the poll that saw it, or when the quiet window ran out. */
  since: string;
  /** Why, in words: the error, or how long the feed has been without new entries. */
  reason: string;
  /** The last poll's error, when it failed. */
  lastError: { code: string; message: string } | null;
}

/** One entry of a parsed feed, before its article is fetched. */
export interface FeedEntry {
  /** Stable identity within the feed: GUID, else link, else a hash of title + date. */
  entryId: string;
  guid: string | null;
  link: string | null;
  title: string | null;
  publishedAt: string | null;
  /** When the entry says it was last updated (Atom <updated>, atom:updated, dc:modified). */
  updatedAt?: string | null;
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
  /**
   * A short text (under 150 words) or a page mostly of links to other pages: kept as an article
   * because nothing said it was not one, but worth a look. Absent on articles stored before.
   */
  thin?: boolean;
  linkHeavy?: boolean;
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

/** rewrite: other words, but its statements mostly restate one document (rewrite-verdict.ts). */
export type DedupVerdict =
  'duplicate' | 'near-duplicate' | 'contained' | 'rewrite' | 'same-story' | 'new';

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
  /**
   * Who said it, resolved: a pronoun becomes the person it refers to and a surname the full name
   * the text introduced ("he" → "Patrick Yoes"); an organisation stays whole ("DHS").
   */
  speaker: string | null;
  /** Title or role given with the speaker ("National FOP President"), kept apart from the name. */
  speakerRole: string | null;
  /**
   * Offsets of the mention the speaker was read from ("he", "Yoes", "a dispatcher"), so a reader
   * can see the evidence; null when the speaker was inherited from the previous quote.
   */
  speakerStart: number | null;
  speakerEnd: number | null;
  /** direct: inside quotation marks; reported: "X said (that) …" without marks. */
  form: 'direct' | 'reported';
}

/** What kind of checkable thing a sentence asserts. */
export type ClaimKind =
  'percentage' | 'money' | 'count' | 'quantity' | 'date' | 'time' | 'order' | 'law' | 'event';

/**
 * A number as a sentence states it, normalised so that two texts can be compared:
 * `1,000-percent` → value 1000, unit "%"; `$574.5 million` → 574500000 "USD";
 * `more than 20,000 migrants` → 20000 "migrants", qualifier "more than"; `Oct. 4, 2025` → date
 * with iso "2025-10-04"; `Saturday` → date with iso null and weekday "saturday".
 */
export interface Quantity {
  /** As written. */
  text: string;
  /** Offsets into the text given to the parser. */
  start: number;
  end: number;
  kind: 'percentage' | 'money' | 'count' | 'quantity' | 'date' | 'time' | 'duration';
  /** The number itself; for a date or time, NaN (compare `normalized`). */
  value: number;
  /** "%", "USD", the counted noun ("migrants", "officers"), a duration unit ("days"), or null. */
  unit: string | null;
  /** "more than", "less than", "about", "at least", "at most", "nearly", "up to", or null. */
  qualifier: string | null;
  /**
   * One canonical string per quantity, equal exactly when two mentions state the same thing:
   * "1000 %", "574500000 USD", ">20000 migrants", "2025-10-04", "--10-04", "saturday", "14:30".
   */
  normalized: string;
}

/** A checkable factual sentence (numbers, money, orders, laws, events). */
export interface ClaimSentence {
  text: string;
  start: number;
  end: number;
  /** 0..1, how worth checking it is. */
  score: number;
  /** Why it scored as it did, one short phrase per signal ("percentage", "order or directive"). */
  reasons: string[];
  kinds: ClaimKind[];
  /** The numbers, amounts and dates it states, normalised. */
  quantities: Quantity[];
}

export type StatementKind = 'quote' | 'claim';
/**
 * known: said before in the same words; restated: said before in other words (quiet, like
 * known); variant: a known statement with words changed (a misquote) or with a number or
 * negation added; conflict: a known statement with another number; new: none of these.
 * revised: only on a review item, a statement a later version of its article changed or withdrew
 * (ReviewEntry.revision); never the verdict of an analysis.
 */
export type Novelty = 'new' | 'known' | 'restated' | 'variant' | 'conflict' | 'revised';

/** Where a known statement came from: a corpus document, an ingested article, or a reviewer. */
export type StatementSource = DocumentSource | 'confirmed';

/** A statement already in the corpus or in an ingested article: what novelty compares against. */
export interface KnownStatement {
  docId: string;
  source: StatementSource;
  kind: StatementKind;
  text: string;
  speaker: string | null;
  /** The statement's stable id (statementKey), so a later sighting joins its provenance. */
  key?: string;
  /**
   * For an ingested article, its timeline key (publication time, first seen, id); for a
   * reviewer's decision, when it was taken. Only documents later on the timeline know the
   * statement (see visibleAt); corpus statements, without one, are known to all.
   */
  at?: string;
}

export interface NearestStatement {
  doc: string;
  source?: StatementSource;
  text: string;
  speaker?: string | null;
  /** How surely the statement restates the known one, 0..1 (restatement.ts's score). */
  score: number;
  /** The known statement's stable id, when it has one. */
  key?: string | null;
}

/** For a variant: the words each side has that the other lacks, in text order. */
export interface WordDiff {
  removed: string[];
  added: string[];
}

/** For a conflict: the measure both statements give, and the two values. */
export interface NumberConflict {
  kind: Quantity['kind'];
  unit: string | null;
  ours: string;
  theirs: string;
}

/** A statement of an analysed article with its verdict against what is known. */
export interface AssessedStatement {
  /**
   * Stable across articles and reprocessing: a hash of the normalised text and the speaker's
   * head word (statementKey), so the same statement is one review item wherever it is seen.
   */
  id: string;
  kind: StatementKind;
  text: string;
  speaker: string | null;
  speakerRole: string | null;
  start: number;
  end: number;
  /** 0..1 check-worthiness (quotes and claims alike) and its reasons. */
  worthiness: number;
  reasons: string[];
  quantities: Quantity[];
  novelty: Novelty;
  nearest: NearestStatement | null;
  /** Set for a variant: for a quote the words changed, for a claim the content words it adds. */
  diff?: WordDiff | null;
  /** Set for a conflict. */
  conflict?: NumberConflict | null;
  /** Set for a variant that quotes the same words as an earlier sighting, credited to another. */
  misattribution?: { speaker: string; earlier: string };
}

/** Everything analysis decides about one article. */
/**
 * What cut an analysis short: a cap of the statement layer (src/claims/statement-limits.ts), or
 * the analysis thread's time budget or heap, after which claims come from the first
 * workers.limits.analyzeFallbackChars characters only (workers/cpu-threads.ts).
 */
export type TruncatedCap = 'text' | 'statements' | 'quote marks' | 'time budget' | 'heap';

/** What the caps cut, so the article says it was analysed only in part: never a silent drop. */
export interface Truncation {
  flag: 'truncated-for-analysis';
  caps: TruncatedCap[];
  /** Characters of the text that were analysed, of all it has. */
  analysedChars: number;
  textChars: number;
}

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
  /** Set when a cap or a budget cut the analysis short (statement-limits.ts, cpu-threads.ts). */
  truncated?: Truncation | null;
  /** The article's place on the timeline every order-dependent judgement follows. */
  time?: ArticleTime;
  /** The fingerprint's text hash: a re-analysis of the same text changes nothing for others. */
  textHash?: string;
}

/** Where an article's publication time comes from, most to least trustworthy. */
export type TimeProvenance = 'page' | 'feed' | 'first-seen';

export interface ArticleTime {
  /** ISO-8601, UTC. */
  publishedAt: string;
  provenance: TimeProvenance;
  /** When newsmon first saw the article (its record's creation). */
  firstSeenAt: string;
  /**
   * Sorts as the timeline does: publication time, then first seen, then article id. Statements
   * of an ingested article carry it as their `at`, so "known before" is a string comparison.
   */
  key: string;
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
  /** Its timeline key (analyze/timeline.ts): the family's first is the member sorting first. */
  timeline?: string;
  /**
   * The document it copies, null for one the family started from (see regroup). Absent in
   * members stored before links were recorded: they copy the family's first.
   */
  origin?: string | null;
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
