// Response schemas of the outbound-alert and reprocessing routes (see schemas.ts: a response
// schema is also the serialiser's filter, so every field the routes return is named here).
const str = { type: 'string' } as const;
const strOrNull = { type: ['string', 'null'] } as const;
const int = { type: 'integer' } as const;
const intOrNull = { type: ['integer', 'null'] } as const;
const boolOrNull = { type: ['boolean', 'null'] } as const;
const time = { type: 'string', format: 'date-time' } as const;
const timeOrNull = { type: ['string', 'null'], format: 'date-time' } as const;
const codeMessageOrNull = {
  type: ['object', 'null'],
  properties: { code: str, message: str },
} as const;

const deliveryAttempt = {
  type: 'object',
  properties: {
    at: time,
    attempt: int,
    httpStatus: intOrNull,
    error: strOrNull,
    message: strOrNull,
    durationMs: int,
  },
} as const;

const feedHealthChange = {
  type: ['object', 'null'],
  description: 'A feed turning failing or quiet, or recovering (to: ok)',
  properties: {
    feedId: str,
    title: str,
    outlet: str,
    url: str,
    seq: int,
    from: { type: 'string', enum: ['ok', 'failing', 'quiet'] },
    to: { type: 'string', enum: ['ok', 'failing', 'quiet'] },
    since: time,
    reason: str,
    lastError: codeMessageOrNull,
  },
} as const;

export const deliverySchema = {
  type: 'object',
  description:
    'One outbound alert: a review item or a feed health change to one target, with every attempt',
  properties: {
    id: str,
    event: { type: 'string', enum: ['review', 'feed-health'] },
    itemId: strOrNull,
    feedHealth: feedHealthChange,
    target: str,
    format: { type: 'string', enum: ['standard', 'slack'] },
    webhookId: str,
    host: str,
    status: { type: 'string', enum: ['pending', 'retrying', 'delivered', 'dead'] },
    createdAt: time,
    updatedAt: time,
    deliveredAt: timeOrNull,
    deadAt: timeOrNull,
    replays: int,
    lastError: codeMessageOrNull,
    attempts: { type: 'array', items: deliveryAttempt },
  },
} as const;

export const deliveryListResponse = {
  type: 'object',
  properties: {
    total: int,
    items: { type: 'array', items: deliverySchema },
    counts: {
      type: 'object',
      properties: { pending: int, retrying: int, delivered: int, dead: int },
    },
  },
} as const;

export const replayResponse = {
  type: 'object',
  properties: { jobId: str, delivery: deliverySchema },
} as const;

const scopeSchema = {
  type: 'object',
  description: 'kind: feed, feeds, articles, outlet, dates or all, with its parameters',
  properties: {
    kind: str,
    feed: str,
    ids: { type: 'array', items: str },
    outlet: str,
    field: str,
    from: strOrNull,
    to: strOrNull,
  },
} as const;

const snapshotPair = {
  type: 'object',
  properties: { verdict: strOrNull, relevant: boolOrNull },
} as const;

const flagChange = {
  type: 'object',
  properties: {
    itemId: str,
    articleId: str,
    kind: strOrNull,
    novelty: strOrNull,
    statement: strOrNull,
    status: strOrNull,
    createdByRun: { type: 'boolean' },
  },
} as const;

const articleReason = {
  type: 'object',
  properties: { articleId: str, url: str, reason: strOrNull },
} as const;

const reportSchema = {
  type: ['object', 'null'],
  description: 'What the run changed; null until it is done',
  properties: {
    articles: {
      type: 'object',
      properties: { total: int, analyzed: int, skipped: int, failed: int, changed: int },
    },
    changed: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          articleId: str,
          url: str,
          title: strOrNull,
          before: snapshotPair,
          after: snapshotPair,
        },
      },
    },
    newlyFlagged: { type: 'array', items: flagChange },
    noLongerFlagged: { type: 'array', items: flagChange },
    failed: { type: 'array', items: articleReason },
    skipped: { type: 'array', items: articleReason },
    feeds: { type: 'object', additionalProperties: str },
  },
} as const;

const runProperties = {
  id: str,
  scope: scopeSchema,
  stage: { type: 'string', enum: ['fetch', 'extract', 'analyze'] },
  status: { type: 'string', enum: ['planning', 'running', 'done', 'failed'] },
  createdAt: time,
  finishedAt: timeOrNull,
  requestedBy: strOrNull,
  totals: {
    type: 'object',
    properties: { articles: int, settled: int, failed: int, feeds: int, feedsPolled: int },
  },
  progress: { type: 'number' },
  error: codeMessageOrNull,
} as const;

export const reprocessViewSchema = {
  type: 'object',
  description: 'A reprocessing run: progress and, once done, its report',
  properties: { ...runProperties, report: reportSchema },
} as const;

export const reprocessListResponse = {
  type: 'object',
  properties: { runs: { type: 'array', items: { type: 'object', properties: runProperties } } },
} as const;

export const reprocessAccepted = {
  type: 'object',
  properties: {
    id: str,
    status: str,
    scope: scopeSchema,
    stage: str,
  },
} as const;
