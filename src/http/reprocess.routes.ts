// Reprocessing on demand over HTTP: start a run (202 with its id), follow it, read its report;
// and re-analysing one article without fetching or extracting it again.
import type { FastifyInstance } from 'fastify';
import { NewsmonError } from '../errors.js';
import type { JobQueues } from '../jobs/job-queues.js';
import { createReprocessRun, parseReprocessRequest } from '../pipeline/reprocess.js';
import { reprocessView } from '../pipeline/reprocess-report.js';
import type { ArticleStore } from '../store/article.store.js';
import type { FeedStore } from '../store/feed.store.js';
import type { ReprocessStore } from '../store/reprocess.store.js';
import type { ReviewStore } from '../store/review.store.js';
import {
  reprocessAccepted,
  reprocessListResponse,
  reprocessViewSchema,
} from './alert-reprocess.schemas.js';
import { errorResponses, jobAccepted } from './schemas.js';

export interface ReprocessRouteDeps {
  reprocess: ReprocessStore;
  articles: ArticleStore;
  feeds: FeedStore;
  reviews: ReviewStore;
  queues: Pick<JobQueues, 'add' | 'reanalyze'>;
  now: () => Date;
}

const runParam = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[0-9a-z]{1,40}$' } },
} as const;

export function registerReprocessRoutes(app: FastifyInstance, deps: ReprocessRouteDeps): void {
  app.post(
    '/api/reprocess',
    {
      schema: {
        summary:
          'Starts a reprocessing run over feeds or articles from a stage (see docs/reprocessing.md)',
        tags: ['reprocess'],
        body: { type: 'object', description: 'one scope and an optional stage' },
        response: { 202: reprocessAccepted, ...errorResponses },
      },
    },
    async (req, reply) => {
      const request = parseReprocessRequest(req.body);
      const meta = await createReprocessRun(deps, request, req.reviewer, deps.now());
      return reply
        .status(202)
        .header('location', `/api/reprocess/${meta.id}`)
        .send({ id: meta.id, status: 'planning', scope: meta.scope, stage: meta.stage });
    },
  );

  app.get<{ Querystring: { limit: number } }>(
    '/api/reprocess',
    {
      schema: {
        summary: 'Recent reprocessing runs, newest first (without their reports)',
        tags: ['reprocess'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
        },
        response: { 200: reprocessListResponse, ...errorResponses },
      },
    },
    async (req) => {
      const ids = await deps.reprocess.list(req.query.limit);
      const runs = [];
      for (const id of ids) {
        const view = await reprocessView(deps, id).catch(() => null);
        if (view) runs.push({ ...view, report: undefined });
      }
      return { runs };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/reprocess/:id',
    {
      schema: {
        summary: 'A run: status, totals, progress and, once done, its report',
        tags: ['reprocess'],
        params: runParam,
        response: { 200: reprocessViewSchema, ...errorResponses },
      },
    },
    async (req) => reprocessView(deps, req.params.id),
  );

  app.post<{ Params: { id: string } }>(
    '/api/articles/:id/reanalyze',
    {
      schema: {
        summary: 'Analyses an article again from its stored text (no fetch, no extraction)',
        tags: ['articles'],
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', pattern: '^[0-9a-f]{20}$' } },
        },
        response: { 202: jobAccepted, ...errorResponses },
      },
    },
    async (req, reply) => {
      const record = await deps.articles.get(req.params.id);
      if (!record) throw new NewsmonError('ARTICLE_NOT_FOUND', req.params.id);
      if (!record.snapshot || !record.article)
        throw new NewsmonError('ARTICLE_NOT_FETCHED', `${req.params.id} is not extracted yet`);
      const jobId = await deps.queues.reanalyze(record.id, record.snapshot.hash, deps.now());
      return reply.status(202).send({ jobId });
    },
  );
}
