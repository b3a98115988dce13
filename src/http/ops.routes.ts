// Operators' views: Prometheus metrics at /metrics (the queue dashboard: queue-dashboard.routes.ts).
import type { FastifyInstance } from 'fastify';
import type { JobQueues } from '../jobs/job-queues.js';
import type { Metrics } from '../metrics.js';
import { feedStatusOf } from '../pipeline/feed-manage.js';
import type { FeedStore } from '../store/feed.store.js';
import { errorResponses, textResponse } from './schemas.js';

export interface OpsRouteDeps {
  metrics: Metrics;
  queues: JobQueues;
  feeds: FeedStore;
  quietAfterSeconds: number;
  now: () => Date;
}

/** Webhook sources by route, for the inbound counter. */
const WEBHOOK_SOURCES: Record<string, string> = {
  '/webhooks/alerts': 'standard',
  '/webhooks/miniflux': 'miniflux',
  '/webhooks/alerts/:token': 'token',
};

function webhookOutcome(status: number): string {
  if (status === 202) return 'accepted';
  if (status === 200) return 'skipped';
  if (status === 401) return 'unauthorized';
  if (status === 404) return 'not-configured';
  if (status === 409) return 'replayed';
  if (status === 413) return 'too-large';
  if (status === 429) return 'rate-limited';
  return status >= 500 ? 'error' : 'invalid';
}

export function registerMetricsRoutes(app: FastifyInstance, deps: OpsRouteDeps): void {
  const { metrics } = deps;
  metrics.observe({
    queueCounts: () => deps.queues.counts(),
    feedHealth: async () => {
      const feeds = await deps.feeds.list();
      const statuses = await Promise.all(
        feeds.map((f) => feedStatusOf(deps.feeds, f.id, deps.quietAfterSeconds, deps.now())),
      );
      const counts: Record<string, number> = {
        pending: 0,
        ok: 0,
        'backing-off': 0,
        failing: 0,
        quiet: 0,
      };
      for (const s of statuses) counts[s.health] = (counts[s.health] ?? 0) + 1;
      return counts;
    },
  });

  app.addHook('onResponse', async (req, reply) => {
    const source = WEBHOOK_SOURCES[req.routeOptions.url ?? ''];
    if (source) {
      metrics.webhooksReceived.inc({ source, outcome: webhookOutcome(reply.statusCode) });
    }
  });

  // Behind the token: Prometheus sends it (scrape_config authorization: {credentials: …}).
  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics (text exposition format)',
        tags: ['operations'],
        response: {
          200: textResponse('text/plain', 'metrics, Prometheus text format 0.0.4'),
          ...errorResponses,
        },
      },
    },
    async (_req, reply) =>
      reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
}
