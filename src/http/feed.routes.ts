// Feeds over HTTP: status and history, add / remove / poll now, OPML in and out.
import type { FastifyInstance } from 'fastify';
import { NewsmonError } from '../errors.js';
import { toOpml } from '../feeds/opml.js';
import { HISTORY_LENGTH } from '../store/feed.store.js';
import {
  errorResponses,
  feedAddedResponse,
  feedHistoryResponse,
  feedListResponse,
  feedStatusSchema,
  jobAccepted,
  opmlImportResponse,
  textResponse,
} from './schemas.js';
import {
  addFeed,
  feedStatusOf,
  importOpml,
  removeFeed,
  updateFeed,
  type FeedManageDeps,
} from '../pipeline/feed-manage.js';
import type { FeedEdit } from '../store/feed.store.js';
import type { PollingPolicy } from '../feeds/poll-schedule.js';

export interface FeedRouteDeps extends FeedManageDeps {
  quietAfterSeconds: number;
  polling: PollingPolicy;
}

/** A route's summary and success response, with the error responses every route has. */
function doc(summary: string, response: object, status = 200) {
  return { summary, tags: ['feeds'], response: { [status]: response, ...errorResponses } };
}

const idParam = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 64 } },
} as const;

export function registerFeedRoutes(app: FastifyInstance, deps: FeedRouteDeps): void {
  const status = (id: string) => feedStatusOf(deps.feeds, id, deps.quietAfterSeconds, deps.now());

  app.get(
    '/api/feeds',
    { schema: doc('Every feed with its health', feedListResponse) },
    async () => {
      const feeds = await deps.feeds.list();
      return { feeds: await Promise.all(feeds.map((f) => status(f.id))) };
    },
  );

  const opml = textResponse('text/x-opml', 'the feeds as OPML 2.0');
  app.get('/api/feeds.opml', { schema: doc('The feeds as OPML', opml) }, async (_req, reply) => {
    const feeds = await deps.feeds.list();
    return reply.type('text/x-opml; charset=utf-8').send(toOpml(feeds, 'newsmon feeds'));
  });

  app.get<{ Params: { id: string } }>(
    '/api/feeds/:id',
    { schema: { params: idParam, ...doc('One feed', feedStatusSchema) } },
    (req) => status(req.params.id),
  );

  app.get<{ Params: { id: string }; Querystring: { limit: number } }>(
    '/api/feeds/:id/history',
    {
      schema: {
        ...doc('The feed’s last polls, newest first', feedHistoryResponse),
        params: idParam,
        querystring: {
          type: 'object',
          additionalProperties: false,
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
        ...doc('Add a feed (fetched and parsed once first)', feedAddedResponse, 201),
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

  app.patch<{ Params: { id: string }; Body: FeedEdit }>(
    '/api/feeds/:id',
    {
      schema: {
        ...doc(
          'Change a feed’s interval, outlet, title or enabled flag; takes effect without a restart',
          feedStatusSchema,
        ),
        params: idParam,
        body: {
          type: 'object',
          // propertyNames, not only additionalProperties: Fastify's Ajv strips unknown fields
          // silently, and a misspelt field must not turn into a successful edit of nothing.
          additionalProperties: false,
          propertyNames: { enum: ['intervalSeconds', 'outlet', 'title', 'enabled'] },
          minProperties: 1,
          properties: {
            // null: back to polling.intervalSeconds.
            intervalSeconds: { type: ['integer', 'null'], minimum: 60 },
            outlet: { type: 'string', minLength: 1, maxLength: 200 },
            title: { type: 'string', minLength: 1, maxLength: 300 },
            enabled: { type: 'boolean' },
          },
        },
      },
    },
    async (req) => {
      await updateFeed(deps, req.params.id, req.body);
      return status(req.params.id);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/feeds/:id',
    {
      schema: {
        params: idParam,
        ...doc('Remove a feed, its state, history and scheduler', { type: 'null' }, 204),
      },
    },
    async (req, reply) => {
      await removeFeed(deps, req.params.id);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/feeds/:id/poll',
    { schema: { params: idParam, ...doc('Poll now, outside the schedule', jobAccepted, 202) } },
    async (req, reply) => {
      if (!(await deps.feeds.get(req.params.id)))
        throw new NewsmonError('FEED_UNKNOWN', req.params.id);
      const jobId = await deps.queues.pollNow(req.params.id, deps.now());
      return reply.status(202).send({ jobId });
    },
  );

  const importDoc = doc(
    'Import OPML (text/xml); URLs already registered are skipped',
    opmlImportResponse,
  );
  app.post<{ Body: string }>('/api/feeds/import', { schema: importDoc }, async (req, reply) => {
    if (typeof req.body !== 'string')
      throw new NewsmonError('INPUT_INVALID', 'send the OPML file as text/xml');
    return reply.status(200).send(await importOpml(deps, req.body));
  });
}
