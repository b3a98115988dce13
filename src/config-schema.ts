// The shape of newsmon's configuration: the zod schemas of default.yaml, feeds.yaml and story.yaml
// and the types inferred from them. Kept apart from the loading (config.ts): what a valid
// configuration is, not where it comes from or how problems are reported.
import { z } from 'zod';
import type { FeedSource } from './domain/types.js';

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();
const ratio = z.number().min(0).max(1);
const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
const tokenName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'expected a name of letters, digits, . _ @ or -');
// Long enough that guessing is hopeless even without the rate limits in front of it.
const MIN_TOKEN = 'expected at least 16 characters';
/** Bearer tokens: the RFC 6750 token68 alphabet, so they travel in a header unescaped. */
const apiToken = z.strictObject({
  name: tokenName,
  token: z
    .string()
    .min(16, MIN_TOKEN)
    .regex(/^[A-Za-z0-9._~+/-]+=*$/, 'expected letters, digits and - . _ ~ + / ='),
});
/** Path tokens: only characters that need no escaping in a URL path. */
const pathToken = z.strictObject({
  name: tokenName,
  token: z
    .string()
    .min(16, MIN_TOKEN)
    .regex(/^[A-Za-z0-9._~-]+$/, 'expected letters, digits and - . _ ~'),
});
/** Standard Webhooks secrets: whsec_ then base64 of the key bytes (the spec asks for 24-64). */
const whsecSecret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'expected whsec_ followed by base64')
  .refine(
    (v) => Buffer.from(v.slice('whsec_'.length), 'base64').length >= 16,
    'expected a key of at least 16 bytes',
  );

/** What an alert target is sent: flagged review items, and feeds turning failing/quiet or back. */
export const ALERT_EVENTS = ['review', 'feed-health'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

/** Outbound alert targets: `standard` is signed with Standard Webhooks, `slack` posts `{text}`. */
const alertTarget = z
  .strictObject({
    name: tokenName,
    url: z.url({ protocol: /^https?$/ }),
    format: z.enum(['standard', 'slack']).default('standard'),
    secret: whsecSecret.nullable().default(null),
    events: z
      .array(z.enum(ALERT_EVENTS))
      .min(1, 'expected at least one of review, feed-health (or remove the target)')
      .refine((e) => new Set(e).size === e.length, 'an event is listed twice')
      .default([...ALERT_EVENTS]),
  })
  .refine((t) => t.format !== 'standard' || t.secret !== null, {
    message: 'a standard target needs a secret (whsec_…), here or in NEWSMON_ALERT_SECRET_<NAME>',
    path: ['secret'],
  });

const DURATION = /^([1-9][0-9]{0,5})(s|m|h|d)$/;
const DURATION_UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A short duration as the config writes it ("90s", "15m", "6h", "3d"), in milliseconds. */
export function durationMs(value: string): number {
  const m = DURATION.exec(value);
  if (!m) throw new Error(`not a duration: ${value}`);
  return Number(m[1]) * DURATION_UNIT_MS[m[2] as keyof typeof DURATION_UNIT_MS];
}

const duration = z.string().regex(DURATION, 'expected a duration such as 90s, 15m, 6h or 3d');

export const DefaultsSchema = z.strictObject({
  redis: z.strictObject({
    url: z
      .string()
      .regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')
      .nullable(),
    prefix: z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected letters, digits, - or _'),
    embedded: z.strictObject({
      binary: z.string().min(1),
      port: z.number().int().min(1).max(65535),
    }),
  }),
  dataDir: z.string().min(1),
  http: z.strictObject({
    host: z.string().min(1),
    port: z.number().int().min(0).max(65535),
    bodyLimitBytes: positiveInt,
    sessionTtlSeconds: positiveInt,
  }),
  auth: z.strictObject({ tokens: z.array(apiToken) }),
  webhooks: z.strictObject({
    bodyLimitBytes: positiveInt,
    maxUrls: positiveInt,
    rateLimit: z.strictObject({ max: positiveInt, windowSeconds: positiveInt }),
    alerts: z.strictObject({ secret: whsecSecret.nullable() }),
    miniflux: z.strictObject({
      secret: z.string().min(16, MIN_TOKEN).nullable(),
      bodyLimitBytes: positiveInt,
    }),
    tokens: z.array(pathToken),
  }),
  alerts: z.strictObject({ targets: z.array(alertTarget) }),
  polling: z.strictObject({
    intervalSeconds: positiveInt,
    minIntervalSeconds: positiveInt,
    maxIntervalSeconds: positiveInt,
    jitter: z.number().min(0).max(0.5),
    errorBackoffCapSeconds: positiveInt,
    serverHintCapSeconds: positiveInt,
    tickSeconds: positiveInt,
    quietAfterSeconds: positiveInt,
    maxEntriesPerPoll: positiveInt,
  }),
  fetch: z.strictObject({
    userAgent: z.string().min(1),
    timeoutMs: positiveInt,
    maxBytes: positiveInt,
    maxRedirects: nonNegativeInt,
    perHost: z.strictObject({
      maxConcurrent: positiveInt,
      minIntervalMs: nonNegativeInt,
      maxWaitMs: nonNegativeInt,
    }),
    robots: z.strictObject({ respect: z.boolean(), cacheSeconds: positiveInt }),
    allow: z.array(z.string().min(1)),
  }),
  workers: z.strictObject({
    concurrency: z.strictObject({
      poll: positiveInt,
      fetch: positiveInt,
      extract: nonNegativeInt,
      analyze: positiveInt,
      alert: positiveInt,
    }),
    shutdownGraceMs: positiveInt,
    lockDurationMs: positiveInt,
    stalledIntervalMs: positiveInt,
    extractYoungGenerationMb: positiveInt,
    limits: z.strictObject({
      pageChars: positiveInt,
      pageElements: positiveInt,
      extractHeapMb: positiveInt,
      extractBudgetMs: positiveInt,
      analyzeBudgetMs: positiveInt,
      analyzeFallbackChars: positiveInt,
    }),
    sweepIntervalSeconds: positiveInt,
  }),
  jobs: z.strictObject({
    attempts: positiveInt,
    backoffMs: positiveInt,
    keepCompleted: nonNegativeInt,
    keepFailed: nonNegativeInt,
    /** Outbound alert deliveries retry on their own schedule: a receiver may be down for hours. */
    alerts: z.strictObject({ attempts: positiveInt, backoffMs: positiveInt }),
  }),
  snapshots: z.strictObject({ retentionDays: positiveInt }),
  revisions: z.strictObject({
    // Each relevant article is fetched again this long after it was first seen.
    recheckAfter: z
      .array(duration)
      .max(20)
      .refine((list) => {
        // A malformed entry is reported by its own check, not again here.
        const ms = list.map((d) => (DURATION.test(d) ? durationMs(d) : NaN));
        return ms.every((v, i) => i === 0 || !(v <= ms[i - 1]!));
      }, 'expected durations in increasing order'),
  }),
  corpus: z.strictObject({ dirs: z.array(z.string().min(1)) }),
  thresholds: z.strictObject({
    duplicateJaccard: ratio,
    nearDuplicateJaccard: ratio,
    containedContainment: ratio,
    sameStoryContainment: ratio,
  }),
  websub: z.strictObject({
    enabled: z.boolean(),
    /** newsmon's public base URL; callbacks are <callbackBase>/websub/<id>. null: WebSub off. */
    callbackBase: z.url({ protocol: /^https?$/ }).nullable(),
    leaseSeconds: positiveInt,
    renewAt: z.number().min(0.5).max(0.95),
    verifyTimeoutSeconds: positiveInt,
    bodyLimitBytes: positiveInt,
    deliveryTtlSeconds: positiveInt,
  }),
  log: z.strictObject({ level: logLevel }),
});

const FeedSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case slug (a-z, 0-9, -)'),
  outlet: z.string().min(1),
  title: z.string().min(1).optional(),
  url: z.url({ protocol: /^https?$/ }),
  enabled: z.boolean().default(true),
  intervalSeconds: positiveInt.optional(),
  quietAfterSeconds: positiveInt.optional(),
});
export const FeedsSchema = z.strictObject({ feeds: z.array(FeedSchema) });

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'));

export const StorySchema = z.strictObject({
  name: z.string().min(1),
  window: z.strictObject({ from: isoDate.nullable(), to: isoDate.nullable() }),
  threshold: ratio,
  require: z.array(z.array(z.string().min(1)).min(1)),
  groups: z.record(
    z.string(),
    z.strictObject({ weight: z.number().positive(), terms: z.array(z.string().min(1)) }),
  ),
  entities: z.array(
    z.strictObject({
      name: z.string().min(1),
      kind: z.enum(['person', 'organisation', 'place', 'event']),
      group: z.string().min(1),
      aliases: z.array(z.string().min(1)).default([]),
    }),
  ),
  negative: z.array(
    z.strictObject({
      term: z.string().min(1),
      near: z.array(z.string().min(1)).min(1),
      window: positiveInt,
    }),
  ),
});

export type StoryConfig = z.infer<typeof StorySchema>;
export type Thresholds = z.infer<typeof DefaultsSchema>['thresholds'];
export type FetchConfig = z.infer<typeof DefaultsSchema>['fetch'];
export type PollingConfig = z.infer<typeof DefaultsSchema>['polling'];
export type WebhooksConfig = z.infer<typeof DefaultsSchema>['webhooks'];
export type WebSubConfig = z.infer<typeof DefaultsSchema>['websub'];
export type AlertTarget = z.infer<typeof alertTarget>;
export type NamedToken = z.infer<typeof apiToken>;
export type Defaults = z.infer<typeof DefaultsSchema>;

export interface AppConfig extends Omit<Defaults, 'corpus'> {
  projectRoot: string;
  configDir: string;
  corpus: { dirs: string[] };
  feeds: FeedSource[];
  story: StoryConfig;
}
