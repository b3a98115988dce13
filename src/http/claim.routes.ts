// The reviewer's queue over HTTP: list by status, one item with its provenance, decisions.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { REVIEW_STATUSES, type ReviewDecisionKind } from '../domain/article-record.js';
import { NewsmonError } from '../errors.js';
import { decideReview } from '../pipeline/review-decide.js';
import type { DocumentStore } from '../store/document.store.js';
import type { FeedStore } from '../store/feed.store.js';
import type { ReviewStore } from '../store/review.store.js';
import { claimFilter, type ClaimQuery } from './list-filters.js';
import {
  claimDecidedResponse,
  claimItemResponse,
  claimListQuery,
  claimListResponse,
  errorResponses,
} from './schemas.js';
import type { StatementStore } from '../store/statement.store.js';
import type { ArticleStore } from '../store/article.store.js';
import { presentItems, presentTimeline } from './review-view.js';

export interface ClaimRouteDeps {
  reviews: ReviewStore;
  documents: DocumentStore;
  statements: StatementStore;
  /** For the outlet filter, and each article's outlet: which feeds an outlet name stands for. */
  feeds: FeedStore;
  /** The articles items and nearest statements come from, as links show them. */
  articles: ArticleStore;
  /** Who is deciding: the authenticated token's name when auth knows it. */
  reviewerOf: (req: FastifyRequest) => string | null;
  now: () => Date;
}

const DECISIONS = REVIEW_STATUSES.filter((s) => s !== 'pending');
const itemParam = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[a-f0-9]{20}$' } },
} as const;

export function registerClaimRoutes(app: FastifyInstance, deps: ClaimRouteDeps): void {
  app.get<{ Querystring: ClaimQuery & { offset: number; limit: number } }>(
    '/api/claims',
    {
      schema: {
        summary: 'The review queue of one status, most check-worthy and newest first, filtered',
        tags: ['claims'],
        querystring: claimListQuery,
        response: { 200: claimListResponse, ...errorResponses },
      },
    },
    async (req) => {
      const filter = await claimFilter(deps.feeds, req.query);
      const [{ total, ids }, counts] = await Promise.all([
        deps.reviews.query(req.query.status, filter, req.query.offset, req.query.limit),
        deps.reviews.counts(REVIEW_STATUSES),
      ]);
      return { total, items: await presentItems(await deps.reviews.getMany(ids), deps), counts };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/claims/:id',
    {
      schema: {
        summary: 'One item with its evidence and provenance timeline',
        tags: ['claims'],
        params: itemParam,
        response: { 200: claimItemResponse, ...errorResponses },
      },
    },
    async (req) => {
      const item = await deps.reviews.get(req.params.id);
      if (!item) throw new NewsmonError('REVIEW_NOT_FOUND', req.params.id);
      const [[shown], timeline] = await Promise.all([
        presentItems([item], deps),
        deps.statements.timeline(item.id).then((t) => presentTimeline(t, deps)),
      ]);
      return { item: shown, timeline };
    },
  );

  app.post<{
    Params: { id: string };
    Body: { decision: ReviewDecisionKind; note?: string; reviewer?: string };
  }>(
    '/api/claims/:id/review',
    {
      schema: {
        summary: 'Record a decision under the token’s name',
        tags: ['claims'],
        response: { 200: claimDecidedResponse, ...errorResponses },
        params: itemParam,
        body: {
          type: 'object',
          required: ['decision'],
          additionalProperties: false,
          properties: {
            decision: { type: 'string', enum: DECISIONS },
            note: { type: 'string', maxLength: 2000 },
            reviewer: { type: 'string', minLength: 1, maxLength: 100 },
          },
        },
      },
    },
    async (req) => {
      // A token's name is the reviewer; a name in the body only counts without one.
      const reviewer = deps.reviewerOf(req) ?? req.body.reviewer ?? 'anonymous';
      const item = await decideReview(
        deps,
        req.params.id,
        { decision: req.body.decision, note: req.body.note ?? null, reviewer },
        deps.now(),
      );
      return { item };
    },
  );
}
