// JSON Schemas of every request and response, written once. Routes use them for validation and
// for fast serialisation, and /docs/json publishes them as OpenAPI 3.
//
// A response schema is also a filter: Fastify's serialiser writes only the properties named here,
// so each schema must name every field its route returns (the types in src/domain/ and the
// stores). test/integration/openapi.test.ts compares real responses with the stored records.
// No `required` on response objects: a missing optional field must not fail a response.
import { REVIEW_STATUSES } from '../domain/article-record.js';
import { DEDUP_VERDICTS } from '../dedup/dedup-verdict.js';

const str = { type: 'string' } as const;
const strOrNull = { type: ['string', 'null'] } as const;
const int = { type: 'integer' } as const;
const intOrNull = { type: ['integer', 'null'] } as const;
const num = { type: 'number' } as const;
const numOrNull = { type: ['number', 'null'] } as const;
const bool = { type: 'boolean' } as const;
const boolOrNull = { type: ['boolean', 'null'] } as const;
const strings = { type: 'array', items: str } as const;
/** An ISO-8601 timestamp. */
const time = { type: 'string', format: 'date-time' } as const;
const timeOrNull = { type: ['string', 'null'], format: 'date-time' } as const;

export { DEDUP_VERDICTS };
const STATEMENT_KINDS = ['quote', 'claim'];
const NOVELTIES = ['new', 'known', 'restated', 'variant', 'conflict', 'revised'];
const DOCUMENT_SOURCES = ['seed', 'corpus', 'ingested'];
const STATEMENT_SOURCES = [...DOCUMENT_SOURCES, 'confirmed'];

// ---------------------------------------------------------------- shared parts

/** Every error: a stable code and a message. */
export const errorSchema = {
  type: 'object',
  description: 'An error: a stable code (src/errors.ts) and a message',
  properties: { code: str, message: str },
} as const;

/** The error answers every route can give, for the docs and the serialiser alike. */
export const errorResponses = { '4xx': errorSchema, '5xx': errorSchema } as const;

const codeMessage = { type: 'object', properties: { code: str, message: str } } as const;
const codeMessageOrNull = { ...codeMessage, type: ['object', 'null'] } as const;

export const jobAccepted = {
  type: 'object',
  description: 'The job queued',
  properties: { jobId: str },
} as const;

export const paging = {
  offset: { type: 'integer', minimum: 0, default: 0 },
  limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
} as const;

/** A date (the whole day) or a date and time, ISO-8601. */
const DATE_PARAM = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?)?$',
} as const;
const outletParam = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
  description: 'a site name (the page’s own) or the outlet of a feed, case-insensitive',
} as const;

// ---------------------------------------------------------------- probes

export const healthResponse = { type: 'object', properties: { status: str } } as const;

// ---------------------------------------------------------------- feeds

const urlChanges = {
  type: 'array',
  items: { type: 'object', properties: { from: str, to: str, at: str, reason: str } },
} as const;

export const feedStatusSchema = {
  type: 'object',
  properties: {
    id: str,
    outlet: str,
    title: str,
    url: str,
    enabled: bool,
    origin: { type: 'string', enum: ['config', 'api'] },
    health: { type: 'string', enum: ['pending', 'ok', 'backing-off', 'failing', 'quiet'] },
    lastPolledAt: timeOrNull,
    lastOutcome: strOrNull,
    lastError: codeMessageOrNull,
    consecutiveErrors: int,
    nextPollAt: timeOrNull,
    nextPollReason: {
      type: ['string', 'null'],
      enum: [
        'interval',
        'server-hint',
        'server-hint-capped',
        'error-backoff',
        'retry-after',
        'host-backoff',
        null,
      ],
    },
    serverHintSeconds: intOrNull,
    intervalSeconds: intOrNull,
    backoffUntil: timeOrNull,
    lastNewAt: timeOrNull,
    quietAfterHours: num,
    quietWindowSource: { type: 'string', enum: ['feed', 'learned', 'default'] },
    entriesSeen: int,
    prefilterDropped: int,
    urlChanges,
  },
} as const;

const feedSourceProperties = {
  id: str,
  outlet: str,
  title: str,
  url: str,
  enabled: bool,
  intervalSeconds: int,
  quietAfterSeconds: int,
} as const;

export const feedRecordSchema = {
  type: 'object',
  properties: {
    ...feedSourceProperties,
    origin: { type: 'string', enum: ['config', 'api'] },
    configUrl: strOrNull,
    addedAt: str,
    urlChanges,
  },
} as const;

export const pollRecordSchema = {
  type: 'object',
  properties: {
    at: str,
    outcome: { type: 'string', enum: ['ok', 'not-modified', 'unchanged', 'error'] },
    httpStatus: intOrNull,
    durationMs: num,
    bytes: int,
    entries: int,
    fresh: int,
    dropped: int,
    error: codeMessageOrNull,
  },
} as const;

export const feedListResponse = {
  type: 'object',
  properties: { feeds: { type: 'array', items: feedStatusSchema } },
} as const;
export const feedHistoryResponse = {
  type: 'object',
  properties: { polls: { type: 'array', items: pollRecordSchema } },
} as const;
export const feedAddedResponse = {
  type: 'object',
  properties: { feed: feedRecordSchema, entries: int },
} as const;
export const opmlImportResponse = {
  type: 'object',
  properties: {
    added: { type: 'array', items: { type: 'object', properties: feedSourceProperties } },
    skipped: { type: 'array', items: { type: 'object', properties: { line: str, reason: str } } },
  },
} as const;

// ---------------------------------------------------------------- articles

const origin = {
  type: 'object',
  description: 'How the article arrived: kind feed (feedId, entryId), ingest, or alert (source)',
  properties: {
    kind: { type: 'string', enum: ['feed', 'ingest', 'alert'] },
    feedId: str,
    entryId: str,
    source: str,
  },
} as const;

const hints = {
  type: ['object', 'null'],
  properties: { title: strOrNull, publishedAt: strOrNull, summary: strOrNull, content: strOrNull },
} as const;

const snapshotRef = {
  type: ['object', 'null'],
  properties: {
    hash: str,
    contentType: strOrNull,
    finalUrl: str,
    httpStatus: int,
    fetchedAt: str,
    lastModified: strOrNull,
    etag: strOrNull,
    previous: str,
  },
} as const;

const span = { type: 'object', properties: { text: str, start: int, end: int } } as const;

const revision = {
  type: 'object',
  properties: { at: str, snapshot: str, added: { type: 'array', items: span }, removed: strings },
} as const;

const textFlags = {
  type: 'object',
  properties: {
    paywalled: bool,
    partial: bool,
    truncated: bool,
    thin: bool,
    linkHeavy: bool,
    reasons: strings,
  },
} as const;
const textFlagsOrNull = { ...textFlags, type: ['object', 'null'] } as const;

const articleSchema = {
  type: ['object', 'null'],
  properties: {
    url: str,
    canonicalUrl: strOrNull,
    title: strOrNull,
    byline: strOrNull,
    authors: strings,
    siteName: strOrNull,
    lang: strOrNull,
    publishedAt: strOrNull,
    dates: {
      type: 'object',
      properties: {
        published: strOrNull,
        publishedSource: strOrNull,
        modified: strOrNull,
        modifiedSource: strOrNull,
        candidates: {
          type: 'array',
          items: { type: 'object', properties: { value: str, source: str, kind: str } },
        },
        conflicts: strings,
      },
    },
    text: str,
    method: str,
    wordCount: int,
    flags: textFlags,
  },
} as const;

const dedupMatch = {
  type: 'object',
  properties: { doc: str, source: str, jaccard: num, containment: num },
} as const;
const dedupMatchOrNull = { ...dedupMatch, type: ['object', 'null'] } as const;

const quantity = {
  type: 'object',
  properties: {
    text: str,
    start: int,
    end: int,
    kind: str,
    // NaN for dates and times, which JSON stores as null.
    value: numOrNull,
    unit: strOrNull,
    qualifier: strOrNull,
    normalized: str,
  },
} as const;

/**
 * An article as the review queue links to it. `outlet` is its page's site name, else the outlet
 * of the feed that delivered it, else null. A function: the statement schema above it needs it.
 */
function articleRefProperties() {
  return {
    id: str,
    title: strOrNull,
    url: str,
    siteName: strOrNull,
    outlet: strOrNull,
    publishedAt: strOrNull,
  } as const;
}

export const assessedStatementSchema = {
  type: 'object',
  properties: {
    id: str,
    kind: { type: 'string', enum: STATEMENT_KINDS },
    text: str,
    speaker: strOrNull,
    speakerRole: strOrNull,
    start: int,
    end: int,
    worthiness: num,
    reasons: strings,
    quantities: { type: 'array', items: quantity },
    novelty: { type: 'string', enum: NOVELTIES },
    nearest: {
      type: ['object', 'null'],
      properties: {
        doc: str,
        source: { type: 'string', enum: STATEMENT_SOURCES },
        text: str,
        speaker: strOrNull,
        score: num,
        key: strOrNull,
        // In the review queue: the article an `ingested` statement came from (null if gone).
        article: { type: ['object', 'null'], properties: articleRefProperties() },
      },
    },
    diff: {
      type: ['object', 'null'],
      properties: { removed: strings, added: strings },
    },
    conflict: {
      type: ['object', 'null'],
      properties: { kind: str, unit: strOrNull, ours: str, theirs: str },
    },
  },
} as const;

const analysisSchema = {
  type: ['object', 'null'],
  properties: {
    relevance: { type: 'object', properties: { relevant: bool, score: num, why: strings } },
    dedup: {
      type: 'object',
      properties: {
        verdict: { type: 'string', enum: DEDUP_VERDICTS },
        matches: { type: 'array', items: dedupMatch },
      },
    },
    claims: { type: 'array', items: assessedStatementSchema },
    scope: {
      type: ['object', 'null'],
      properties: {
        reason: { type: 'string', enum: ['copy', 'revision'] },
        spans: int,
        words: int,
      },
    },
    family: {
      type: ['object', 'null'],
      properties: { id: str, first: str, firstPublishedAt: strOrNull, size: int },
    },
    truncated: {
      type: ['object', 'null'],
      description:
        'Set when a cap of the statement layer, or the analysis thread’s time budget or heap, cut the analysis (truncated-for-analysis): claims come from the first analysedChars only',
      properties: {
        flag: { type: 'string', enum: ['truncated-for-analysis'] },
        caps: {
          type: 'array',
          items: {
            type: 'string',
            enum: ['text', 'statements', 'quote marks', 'time budget', 'heap'],
          },
        },
        analysedChars: int,
        textChars: int,
      },
    },
    time: {
      type: 'object',
      description: 'the article’s place on the timeline every order-dependent judgement follows',
      properties: {
        publishedAt: str,
        provenance: { type: 'string', enum: ['page', 'feed', 'first-seen'] },
        firstSeenAt: str,
        key: str,
      },
    },
    textHash: { ...str, description: 'the analysed text’s hash' },
  },
} as const;

export const articleRecordSchema = {
  type: 'object',
  description: 'Everything stored about one article, stage by stage',
  properties: {
    id: str,
    url: str,
    canonicalUrl: str,
    outlet: { ...strOrNull, description: 'the page’s site name, else its feed’s outlet' },
    origins: { type: 'array', items: origin },
    hints,
    status: {
      type: 'string',
      enum: ['queued', 'fetched', 'extracted', 'analyzed', 'skipped', 'failed'],
    },
    error: {
      type: ['object', 'null'],
      properties: { code: str, message: str, at: str },
    },
    snapshot: snapshotRef,
    article: articleSchema,
    analysis: analysisSchema,
    revisions: { type: 'array', items: revision },
    createdAt: str,
    updatedAt: str,
    firstAnalyzedAt: str,
  },
} as const;

/** src/http/article-view.ts: the list view of an article, without its text. */
export const articleSummarySchema = {
  type: 'object',
  properties: {
    id: str,
    url: str,
    title: strOrNull,
    siteName: strOrNull,
    publishedAt: strOrNull,
    status: str,
    error: { type: ['object', 'null'], properties: { code: str, message: str, at: str } },
    relevant: boolOrNull,
    relevance: numOrNull,
    verdict: { type: ['string', 'null'], enum: [...DEDUP_VERDICTS, null] },
    matched: dedupMatchOrNull,
    newClaims: intOrNull,
    flags: textFlagsOrNull,
    claimsNote: strOrNull,
    createdAt: str,
    updatedAt: str,
  },
} as const;

export const articleListResponse = {
  type: 'object',
  properties: { total: int, items: { type: 'array', items: articleSummarySchema } },
} as const;

/** Filters of the article list and its export. */
export const articleFilterProperties = {
  verdict: { type: 'string', enum: DEDUP_VERDICTS, description: 'the dedup verdict' },
  relevant: { type: 'boolean', description: 'relevant to the story, or not' },
  outlet: outletParam,
  from: { ...DATE_PARAM, description: 'published at or after (createdAt when unknown)' },
  to: { ...DATE_PARAM, description: 'published at or before; a date means the whole day' },
  q: { type: 'string', minLength: 1, maxLength: 200, description: 'text in the title' },
} as const;

export const articleListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...paging, ...articleFilterProperties },
} as const;
export const articleExportQuery = {
  type: 'object',
  additionalProperties: false,
  properties: articleFilterProperties,
} as const;

export const articleIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

// ---------------------------------------------------------------- claims

// A review item's reference also carries the article's text flags (paywalled, partial, …).
const articleRef = {
  type: 'object',
  properties: { ...articleRefProperties(), flags: textFlags },
} as const;

export const reviewEntrySchema = {
  type: 'object',
  properties: {
    id: str,
    articleId: str,
    status: { type: 'string', enum: [...REVIEW_STATUSES] },
    createdAt: str,
    updatedAt: str,
    claim: assessedStatementSchema,
    article: articleRef,
    context: span,
    timeline: {
      ...str,
      description:
        'the timeline key of the article it was first sighted in (publication time first)',
    },
    decisions: {
      type: 'array',
      items: {
        type: 'object',
        properties: { decision: str, note: strOrNull, reviewer: str, at: str },
      },
    },
    revision: {
      type: 'object',
      description:
        'on an item "changed in revision" (novelty `revised`): the statement before and after a later version of its article changed (a number, a date, a negation, quoted words) or withdrew it (after null)',
      properties: {
        change: { type: 'string', enum: ['changed', 'removed'] },
        what: {
          type: 'array',
          items: { type: 'string', enum: ['number', 'date', 'negation', 'words'] },
        },
        before: str,
        after: strOrNull,
        snapshot: str,
        at: str,
      },
    },
  },
} as const;

export const timelineSchema = {
  type: 'object',
  properties: {
    key: str,
    knownFrom: {
      type: ['object', 'null'],
      properties: { doc: str, source: str, text: str },
    },
    sightings: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          article: articleRef,
          seenAt: str,
          timeline: { ...str, description: 'where it sorts: publication time, first seen, id' },
          first: {
            type: 'boolean',
            description: 'set on the article that had it first (none when the corpus had it)',
          },
          novelty: { type: 'string', enum: NOVELTIES },
          text: str,
          speaker: strOrNull,
        },
      },
    },
  },
} as const;

export const claimFilterProperties = {
  status: { type: 'string', enum: [...REVIEW_STATUSES], default: 'pending' },
  kind: { type: 'string', enum: STATEMENT_KINDS, description: 'a quote or a claim' },
  speaker: {
    type: 'string',
    minLength: 1,
    maxLength: 200,
    description: 'text in the speaker’s name, case-insensitive',
  },
  outlet: outletParam,
  from: { ...DATE_PARAM, description: 'the article published at or after (else when flagged)' },
  to: { ...DATE_PARAM, description: 'the article published at or before; a date: the whole day' },
} as const;

export const claimListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...paging, ...claimFilterProperties },
} as const;
export const claimExportQuery = {
  type: 'object',
  additionalProperties: false,
  properties: claimFilterProperties,
} as const;

export const claimListResponse = {
  type: 'object',
  properties: {
    total: int,
    items: { type: 'array', items: reviewEntrySchema },
    counts: {
      type: 'object',
      description: 'how many items each status holds (unfiltered)',
      additionalProperties: int,
    },
  },
} as const;
export const claimItemResponse = {
  type: 'object',
  properties: { item: reviewEntrySchema, timeline: timelineSchema },
} as const;
export const claimDecidedResponse = {
  type: 'object',
  properties: { item: reviewEntrySchema },
} as const;

// ---------------------------------------------------------------- ingest and webhooks

export const ingestResponse = {
  type: 'object',
  properties: { articleId: str, jobId: str, created: bool },
} as const;

export const alertIntakeResponse = {
  type: 'object',
  properties: {
    accepted: int,
    duplicates: int,
    filtered: int,
    articles: {
      type: 'array',
      items: {
        type: 'object',
        properties: { articleId: str, url: str, created: bool, jobId: str },
      },
    },
    refused: {
      type: 'array',
      items: { type: 'object', properties: { url: str, code: str, message: str } },
    },
  },
} as const;

export const skippedResponse = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['skipped'] }, reason: str },
} as const;

// ---------------------------------------------------------------- text bodies

/** A response that is not JSON: OPML, JSONL, CSV, Prometheus text. */
export function textResponse(contentType: string, description: string) {
  return { description, content: { [contentType]: { schema: { type: 'string' } } } } as const;
}

// ---------------------------------------------------------------- sessions

export const sessionResponse = {
  type: 'object',
  properties: {
    reviewer: { type: 'string', description: 'the name of the token the session stands for' },
    expiresAt: time,
  },
} as const;
