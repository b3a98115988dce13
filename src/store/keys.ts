/** Every Redis key newsmon writes, in one place, under one prefix. */
export function keysFor(prefix: string) {
  return {
    bullPrefix: `${prefix}:bull`,
    corpusDoc: (id: string) => `${prefix}:corpus:doc:${id}`,
    corpusIds: `${prefix}:corpus:ids`,
    fingerprints: `${prefix}:dedup:fp`,
    textHashes: `${prefix}:dedup:texthash`,
    statements: `${prefix}:statements`,
    familyOfDoc: `${prefix}:dedup:family-of`,
    family: (id: string) => `${prefix}:family:${id}`,
    article: (id: string) => `${prefix}:article:${id}`,
    articlesByTime: `${prefix}:articles`,
    snapshot: (hash: string) => `${prefix}:snapshot:${hash}`,
    feeds: `${prefix}:feeds`,
    feedState: (id: string) => `${prefix}:feed:${id}:state`,
    feedSeen: (id: string) => `${prefix}:feed:${id}:seen`,
    feedHistory: (id: string) => `${prefix}:feed:${id}:history`,
    urlIndex: `${prefix}:urls`,
    hostSlots: (host: string) => `${prefix}:host:${host}:slots`,
    hostLast: (host: string) => `${prefix}:host:${host}:last`,
    hostBackoff: (host: string) => `${prefix}:host:${host}:backoff`,
    robots: (origin: string) => `${prefix}:robots:${origin}`,
    reviewItem: (id: string) => `${prefix}:review:${id}`,
    reviewByStatus: (status: string) => `${prefix}:review:status:${status}`,
    webhookSeen: (source: string, idHash: string) => `${prefix}:webhook:seen:${source}:${idHash}`,
    webhookRate: (source: string, client: string) => `${prefix}:webhook:rate:${source}:${client}`,
    statementSeen: (key: string) => `${prefix}:statement:${key}:seen`,
    statementKnownFrom: (key: string) => `${prefix}:statement:${key}:known-from`,
  };
}

export type Keys = ReturnType<typeof keysFor>;
