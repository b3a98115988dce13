// Feeds over HTTP: status and history, add / remove / poll now, OPML in and out.
import type { FastifyInstance } from 'fastify';
import { NewsmonError } from '../errors.js';
import { toOpml } from '../feeds/opml.js';
import { HISTORY_LENGTH } from '../store/feed.store.js';
import {
  addFeed,
  feedStatusOf,
  importOpml,
  removeFeed,
  type FeedManageDeps,
} from '../pipeline/feed-manage.js';

export interface FeedRouteDeps extends FeedManageDeps {
  quietAfterSeconds: number;
}

const idParam = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 64 } },
} as const;

export function registerFeedRoutes(app: FastifyInstance, deps: FeedRouteDeps): void {
  const status = (id: string) => feedStatusOf(deps.feeds, id, deps.quietAfterSeconds, deps.now());

  app.get('/api/feeds', async () => {
    const feeds = await deps.feeds.list();
    return { feeds: await Promise.all(feeds.map((f) => status(f.id))) };
  });

  app.get('/api/feeds.opml', async (_req, reply) => {
    const feeds = await deps.feeds.list();
    return reply.type('text/x-opml; charset=utf-8').send(toOpml(feeds, 'newsmon feeds'));
  });

  app.get<{ Params: { id: string } }>('/api/feeds/:id', { schema: { params: idParam } }, (req) =>
    status(req.params.id),
  );

  app.get<{ Params: { id: string }; Querystring: { limit: number } }>(
    '/api/feeds/:id/history',
    {
      schema: {
        params: idParam,
        querystring: {
          type: 'object',
          properties: {
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: HISTORY_LENGTH,
              default: HISTORY_LENGTH,
            },
          },
        },
      },
    },
    async (req) => {
      if (!(await deps.feeds.get(req.params.id)))
        throw new NewsmonError('FEED_UNKNOWN', req.params.id);
      return { polls: await deps.feeds.history(req.params.id, req.query.limit) };
    },
  );

  app.post<{
    Body: { url: string; id?: string; outlet?: string; title?: string; intervalSeconds?: number };
  }>(
    '/api/feeds',
    {
      schema: {
        body: {
          type: 'object',
          required: ['url'],
          additionalProperties: false,
          properties: {
            url: { type: 'string', minLength: 1, maxLength: 4096 },
            id: idParam.properties.id,
            outlet: { type: 'string', minLength: 1, maxLength: 200 },
            title: { type: 'string', minLength: 1, maxLength: 300 },
            intervalSeconds: { type: 'integer', minimum: 60 },
          },
        },
      },
    },
    async (req, reply) => {
      const { feed, entries } = await addFeed(deps, req.body);
      return reply.status(201).send({ feed, entries });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/feeds/:id',
    { schema: { params: idParam } },
    async (req, reply) => {
      await removeFeed(deps, req.params.id);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/feeds/:id/poll',
    { schema: { params: idParam } },
    async (req, reply) => {
      if (!(await deps.feeds.get(req.params.id)))
        throw new NewsmonError('FEED_UNKNOWN', req.params.id);
      const jobId = await deps.queues.pollNow(req.params.id, deps.now());
      return reply.status(202).send({ jobId });
    },
  );

  app.post<{ Body: string }>('/api/feeds/import', async (req, reply) => {
    if (typeof req.body !== 'string')
      throw new NewsmonError('INPUT_INVALID', 'send the OPML file as text/xml');
    return reply.status(200).send(await importOpml(deps, req.body));
  });
}
