// Articles over HTTP: the filtered list, one article, and asking for a refetch or re-extraction.
import type { FastifyInstance } from 'fastify';
import { NewsmonError } from '../errors.js';
import type { JobQueues } from '../jobs/job-queues.js';
import type { ArticleStore } from '../store/article.store.js';
import type { FeedStore } from '../store/feed.store.js';
import { articleSummary, outletOf } from './article-view.js';
import { articleFilter, type ArticleQuery } from './list-filters.js';
import {
  articleIdParams,
  articleListQuery,
  articleListResponse,
  articleRecordSchema,
  errorResponses,
  jobAccepted,
} from './schemas.js';

export interface ArticleRouteDeps {
  articles: ArticleStore;
  feeds: FeedStore;
  queues: JobQueues;
  now: () => Date;
}

export function registerArticleRoutes(app: FastifyInstance, deps: ArticleRouteDeps): void {
  const found = async (id: string) => {
    const record = await deps.articles.get(id);
    if (!record) throw new NewsmonError('ARTICLE_NOT_FOUND', id);
    return record;
  };
  app.get<{ Querystring: ArticleQuery & { offset: number; limit: number } }>(
    '/api/articles',
    {
      schema: {
        summary: 'Articles, newest first by publishedAt (createdAt when unknown), filtered',
        tags: ['articles'],
        querystring: articleListQuery,
        response: { 200: articleListResponse, ...errorResponses },
      },
    },
    async (req) => {
      const filter = await articleFilter(deps.feeds, req.query);
      const { total, ids } = await deps.articles.query(filter, req.query.offset, req.query.limit);
      const items = await deps.articles.getMany(ids);
      return { total, items: items.map(articleSummary) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/articles/:id',
    {
      schema: {
        summary: 'One article: origins, snapshot, text and metadata, analysis, revisions',
        tags: ['articles'],
        params: articleIdParams,
        response: { 200: articleRecordSchema, ...errorResponses },
      },
    },
    async (req) => {
      const [record, feeds] = await Promise.all([found(req.params.id), deps.feeds.list()]);
      const feedIds = record.origins.flatMap((o) => (o.kind === 'feed' ? [o.feedId] : []));
      const outlets = new Map(feeds.map((f) => [f.id, f.outlet]));
      return { ...record, outlet: outletOf(record.article?.siteName ?? null, feedIds, outlets) };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/articles/:id/refetch',
    {
      schema: {
        summary: 'Fetch the page again; a substantive change becomes a revision',
        tags: ['articles'],
        params: articleIdParams,
        response: { 202: jobAccepted, ...errorResponses },
      },
    },
    async (req, reply) => {
      const record = await found(req.params.id);
      const jobId = await deps.queues.refetch(record.id, record.url, deps.now());
      return reply.status(202).send({ jobId });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/articles/:id/reextract',
    {
      schema: {
        summary: 'Extract again from the stored snapshot, then analyse again',
        tags: ['articles'],
        params: articleIdParams,
        response: { 202: jobAccepted, ...errorResponses },
      },
    },
    async (req, reply) => {
      const record = await found(req.params.id);
      if (!record.snapshot) throw new NewsmonError('ARTICLE_NOT_FETCHED', req.params.id);
      const jobId = await deps.queues.reextract(record.id, record.snapshot.hash, deps.now());
      return reply.status(202).send({ jobId });
    },
  );
}
