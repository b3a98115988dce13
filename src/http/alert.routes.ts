// Outbound alert deliveries over HTTP: the delivery log by status, one delivery with its
// attempts, and replaying a dead one.
import type { FastifyInstance } from 'fastify';
import { NewsmonError } from '../errors.js';
import type { JobQueues } from '../jobs/job-queues.js';
import { replayDelivery } from '../pipeline/alert-deliver.handler.js';
import { DELIVERY_STATUSES, type AlertStore, type DeliveryStatus } from '../store/alert.store.js';
import { deliveryListResponse, deliverySchema, replayResponse } from './alert-reprocess.schemas.js';
import { errorResponses } from './schemas.js';

export interface AlertRouteDeps {
  alerts: AlertStore;
  queues: Pick<JobQueues, 'add'>;
  now: () => Date;
}

const deliveryParam = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string', pattern: '^[a-f0-9]{20}-[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$' },
  },
} as const;

export function registerAlertRoutes(app: FastifyInstance, deps: AlertRouteDeps): void {
  app.get<{ Querystring: { status?: DeliveryStatus; offset: number; limit: number } }>(
    '/api/alerts/deliveries',
    {
      schema: {
        summary: 'Outbound alert deliveries, newest first, by status, with counts per status',
        tags: ['alerts'],
        response: { 200: deliveryListResponse, ...errorResponses },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: [...DELIVERY_STATUSES] },
            offset: { type: 'integer', minimum: 0, default: 0 },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          },
        },
      },
    },
    async (req) => {
      const [page, counts] = await Promise.all([
        deps.alerts.list(req.query.status ?? null, req.query.offset, req.query.limit),
        deps.alerts.counts(),
      ]);
      return { ...page, counts };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/alerts/deliveries/:id',
    {
      schema: {
        summary: 'One delivery with every attempt: time, HTTP status or error code, duration',
        tags: ['alerts'],
        params: deliveryParam,
        response: { 200: deliverySchema, ...errorResponses },
      },
    },
    async (req) => {
      const delivery = await deps.alerts.get(req.params.id);
      if (!delivery) throw new NewsmonError('ALERT_DELIVERY_NOT_FOUND', req.params.id);
      return delivery;
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/alerts/deliveries/:id/replay',
    {
      schema: {
        summary: 'Queues a dead delivery again under a new job id',
        tags: ['alerts'],
        params: deliveryParam,
        response: { 202: replayResponse, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { delivery, jobId } = await replayDelivery(
        deps.alerts,
        deps.queues,
        req.params.id,
        deps.now(),
      );
      return reply.status(202).send({ jobId, delivery });
    },
  );
}
