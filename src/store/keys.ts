/** Every Redis key newsmon writes, in one place, under one prefix. */
export function keysFor(prefix: string) {
  return {
    bullPrefix: `${prefix}:bull`,
    /** Which newsmon this Redis belongs to: its id, data directory and last start (InstanceStore). */
    instance: `${prefix}:instance`,
    corpusDoc: (id: string) => `${prefix}:corpus:doc:${id}`,
    corpusIds: `${prefix}:corpus:ids`,
    fingerprints: `${prefix}:dedup:fp`,
    textHashes: `${prefix}:dedup:texthash`,
    statements: `${prefix}:statements`,
    statementsSeq: `${prefix}:statements:seq`,
    statementsChanged: `${prefix}:statements:changed`,
    familyOfDoc: `${prefix}:dedup:family-of`,
    /** Each ingested article's timeline key (analyze/timeline.ts), for ordering dedup candidates. */
    timelineKeys: `${prefix}:dedup:timeline`,
    family: (id: string) => `${prefix}:family:${id}`,
    article: (id: string) => `${prefix}:article:${id}`,
    articlesByTime: `${prefix}:articles`,
    // Secondary indexes for filtered lists (see ArticleStore.query): by date, verdict,
    // relevance, site, feed; titles lower-cased for text search; the index format's version.
    articlesByDate: `${prefix}:articles:by-date`,
    articlesByVerdict: (verdict: string) => `${prefix}:articles:verdict:${verdict}`,
    articlesByRelevance: (relevant: boolean) => `${prefix}:articles:relevant:${relevant}`,
    articlesBySite: (site: string) => `${prefix}:articles:site:${site}`,
    articlesByFeed: (feedId: string) => `${prefix}:articles:feed:${feedId}`,
    articleSiteOf: `${prefix}:articles:site-of`,
    articleTitles: `${prefix}:articles:titles`,
    articleIndexVersion: `${prefix}:articles:index-version`,
    snapshot: (hash: string) => `${prefix}:snapshot:${hash}`,
    feeds: `${prefix}:feeds`,
    feedState: (id: string) => `${prefix}:feed:${id}:state`,
    feedSeen: (id: string) => `${prefix}:feed:${id}:seen`,
    /** Entry id → the latest date an entry gave (updated or published): a newer one is a revision. */
    feedStamps: (id: string) => `${prefix}:feed:${id}:stamps`,
    feedHistory: (id: string) => `${prefix}:feed:${id}:history`,
    urlIndex: `${prefix}:urls`,
    /** The canonical-URL form (url-canonical.ts CANONICAL_FORM) the stored aliases follow. */
    urlCanonicalForm: `${prefix}:urls:form`,
    hostSlots: (host: string) => `${prefix}:host:${host}:slots`,
    hostLast: (host: string) => `${prefix}:host:${host}:last`,
    hostBackoff: (host: string) => `${prefix}:host:${host}:backoff`,
    robots: (origin: string) => `${prefix}:robots:${origin}`,
    reviewItem: (id: string) => `${prefix}:review:${id}`,
    reviewByStatus: (status: string) => `${prefix}:review:status:${status}`,
    // Review filters (see ReviewStore.query): by statement kind, by date, speaker and article.
    reviewByKind: (kind: string) => `${prefix}:review:kind:${kind}`,
    reviewByDate: `${prefix}:review:by-date`,
    reviewMeta: `${prefix}:review:meta`,
    reviewIndexVersion: `${prefix}:review:index-version`,
    /** Browser sessions (POST /api/session), by the SHA-256 of the cookie's value. */
    session: (digest: string) => `${prefix}:session:${digest}`,
    /** Short-lived intermediate results of a filtered query, deleted in the same transaction. */
    queryTemp: (id: string) => `${prefix}:tmp:${id}`,
    webhookSeen: (source: string, idHash: string) => `${prefix}:webhook:seen:${source}:${idHash}`,
    webhookRate: (source: string, client: string) => `${prefix}:webhook:rate:${source}:${client}`,
    /** WebSub: one hash per subscription, feed id → its current subscription, delivered bodies. */
    websubSubscription: (id: string) => `${prefix}:websub:sub:${id}`,
    websubByFeed: `${prefix}:websub:by-feed`,
    websubDelivery: (hash: string) => `${prefix}:websub:delivery:${hash}`,
    statementSeen: (key: string) => `${prefix}:statement:${key}:seen`,
    statementKnownFrom: (key: string) => `${prefix}:statement:${key}:known-from`,
    alertDelivery: (id: string) => `${prefix}:alert:delivery:${id}`,
    alertSending: (id: string) => `${prefix}:alert:sending:${id}`,
    alertDeliveries: `${prefix}:alert:deliveries`,
    alertByStatus: (status: string) => `${prefix}:alert:status:${status}`,
    alertDead: `${prefix}:alert:dead`,
    reprocessRun: (id: string) => `${prefix}:reprocess:${id}`,
    reprocessBefore: (id: string) => `${prefix}:reprocess:${id}:before`,
    reprocessAfter: (id: string) => `${prefix}:reprocess:${id}:after`,
    reprocessRuns: `${prefix}:reprocess:runs`,
  };
}

export type Keys = ReturnType<typeof keysFor>;
