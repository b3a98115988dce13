// Prometheus metrics. One typed object over its own registry (never prom-client's global one),
// built by the composition root and passed down explicitly: to the HTTP app (which serves it at
// /metrics), to the worker pool and to the orchestrators. Pure stages never see it.
import type { Worker } from 'bullmq';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CounterConfiguration,
} from 'prom-client';
import { NewsmonError } from './errors.js';
import type { PoliteFetch } from './fetch/polite-fetch.js';

export interface Metrics {
  registry: Registry;
  /** Feed polls by outcome: ok, not-modified, unchanged, error, deferred (host busy/backing off). */
  polls: Counter<'outcome'>;
  /**
   * HTTP fetches (feeds, pages, robots.txt, feed probes) by outcome (ok, not-modified,
   * http-error, or the error code of a fetch that got no answer) and status class (2xx … 5xx,
   * none).
   */
  fetches: Counter<'outcome' | 'status_class'>;
  /** Extractions by method (readability, json-ld, …). */
  extractions: Counter<'method'>;
  /** Pages extraction rejected as not an article, by kind (index, gallery, login-wall, not-found). */
  extractionRejections: Counter<'kind'>;
  /** Dedup verdicts of analysed articles. */
  verdicts: Counter<'verdict'>;
  /** Statements put up for review, by novelty: new, variant, conflict. */
  flags: Counter<'state'>;
  /** Job run time by job name and result (done, skipped, failed). */
  jobDuration: Histogram<'job' | 'result'>;
  /** Inbound webhooks by source (standard, miniflux, token) and outcome. */
  webhooksReceived: Counter<'source' | 'outcome'>;
  /** Outbound alert deliveries by target and outcome: for the alert sender to increment. */
  webhooksSent: Counter<'target' | 'outcome'>;
  /** Jobs per queue and state, read from BullMQ when scraped. */
  queueJobs: Gauge<'queue' | 'state'>;
  /** Feeds per health (pending, ok, backing-off, failing, quiet), read when scraped. */
  feeds: Gauge<'health'>;
  /** Where the scrape-time gauges read from; set by the process that serves /metrics. */
  observe(sources: ScrapeSources): void;
}

/** What the gauges read on every scrape. */
export interface ScrapeSources {
  queueCounts?: () => Promise<Record<string, Record<string, number>>>;
  feedHealth?: () => Promise<Record<string, number>>;
}

/** What orchestrators count; optional in their deps, so tests and tools need no registry. */
export type PipelineMetrics = Pick<Metrics, 'polls' | 'verdicts' | 'flags'>;

/** The buckets of job durations, in seconds: a 304 poll takes ms, a slow page many seconds. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  let sources: ScrapeSources = {};
  const counter = <L extends string>(c: Omit<CounterConfiguration<L>, 'registers'>) =>
    new Counter<L>({ ...c, registers: [registry] });

  const queueJobs = new Gauge<'queue' | 'state'>({
    name: 'newsmon_queue_jobs',
    help: 'Jobs per queue and state (BullMQ getJobCounts), read when scraped',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      if (!sources.queueCounts) return;
      this.reset();
      for (const [queue, counts] of Object.entries(await sources.queueCounts())) {
        for (const [state, n] of Object.entries(counts)) this.set({ queue, state }, n);
      }
    },
  });
  const feeds = new Gauge<'health'>({
    name: 'newsmon_feeds',
    help: 'Registered feeds per health, read when scraped',
    labelNames: ['health'],
    registers: [registry],
    async collect() {
      if (!sources.feedHealth) return;
      this.reset();
      for (const [health, n] of Object.entries(await sources.feedHealth())) this.set({ health }, n);
    },
  });

  return {
    registry,
    polls: counter({
      name: 'newsmon_polls_total',
      help: 'Feed polls by outcome',
      labelNames: ['outcome'],
    }),
    fetches: counter({
      name: 'newsmon_fetches_total',
      help: 'HTTP fetches by outcome and status class',
      labelNames: ['outcome', 'status_class'],
    }),
    extractions: counter({
      name: 'newsmon_extractions_total',
      help: 'Article extractions by method',
      labelNames: ['method'],
    }),
    extractionRejections: counter({
      name: 'newsmon_extraction_rejections_total',
      help: 'Pages rejected as not an article, by kind',
      labelNames: ['kind'],
    }),
    verdicts: counter({
      name: 'newsmon_dedup_verdicts_total',
      help: 'Dedup verdicts of analysed articles',
      labelNames: ['verdict'],
    }),
    flags: counter({
      name: 'newsmon_review_flags_total',
      help: 'Statements put up for review, by novelty',
      labelNames: ['state'],
    }),
    jobDuration: new Histogram<'job' | 'result'>({
      name: 'newsmon_job_duration_seconds',
      help: 'Job run time by job name and result',
      labelNames: ['job', 'result'],
      buckets: DURATION_BUCKETS,
      registers: [registry],
    }),
    webhooksReceived: counter({
      name: 'newsmon_webhooks_received_total',
      help: 'Inbound webhook requests by source and outcome',
      labelNames: ['source', 'outcome'],
    }),
    webhooksSent: counter({
      name: 'newsmon_webhooks_sent_total',
      help: 'Outbound alert deliveries by target and outcome',
      labelNames: ['target', 'outcome'],
    }),
    queueJobs,
    feeds,
    observe(next) {
      sources = { ...sources, ...next };
    },
  };
}

/** The status class label of an HTTP status: "2xx" … "5xx". */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

/** The fetch client, counting every request by outcome and status class. */
export function countedFetch(fetch: PoliteFetch, metrics: Pick<Metrics, 'fetches'>): PoliteFetch {
  return async (url, req) => {
    try {
      const res = await fetch(url, req);
      const outcome = res.status === 304 ? 'not-modified' : res.status < 300 ? 'ok' : 'http-error';
      metrics.fetches.inc({ outcome, status_class: statusClass(res.status) });
      return res;
    } catch (err) {
      const code = err instanceof NewsmonError ? err.code : 'INTERNAL';
      // Waiting for a host's turn is not a fetch.
      if (code !== 'HOST_BUSY' && code !== 'HOST_BACKOFF') {
        metrics.fetches.inc({ outcome: code.toLowerCase(), status_class: 'none' });
      }
      throw err;
    }
  };
}

/**
 * Job durations, extraction methods and rejections, from the workers' own events: this sees jobs of the
 * sandboxed extraction thread too, whose registry would otherwise be out of reach.
 */
export function observeWorkers(workers: readonly Worker[], metrics: Metrics): void {
  const seconds = (job: { processedOn?: number; finishedOn?: number }) =>
    job.processedOn ? ((job.finishedOn ?? Date.now()) - job.processedOn) / 1000 : null;
  for (const w of workers) {
    w.on('completed', (job, result: unknown) => {
      const r = (result ?? {}) as { status?: string; method?: unknown; rejected?: unknown };
      const took = seconds(job);
      const status = r.status === 'skipped' ? 'skipped' : 'done';
      if (took !== null) metrics.jobDuration.observe({ job: job.name, result: status }, took);
      if (job.name === 'article.extract' && status === 'done' && typeof r.method === 'string') {
        metrics.extractions.inc({ method: r.method });
      }
      if (job.name === 'article.extract' && typeof r.rejected === 'string') {
        metrics.extractionRejections.inc({ kind: r.rejected });
      }
    });
    w.on('failed', (job, err) => {
      // A job put back to wait for its host's turn is not a failure (BullMQ's DelayedError).
      if (!job || err.name === 'DelayedError') return;
      const took = seconds(job);
      if (took !== null) metrics.jobDuration.observe({ job: job.name, result: 'failed' }, took);
    });
  }
}
