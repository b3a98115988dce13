// The reviewer's queue over HTTP: list by status, one item with its provenance, decisions.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  REVIEW_STATUSES,
  type ReviewDecisionKind,
  type ReviewStatus,
} from '../domain/article-record.js';
import { NewsmonError } from '../errors.js';
import { decideReview } from '../pipeline/review-decide.js';
import type { DocumentStore } from '../store/document.store.js';
import type { ReviewStore } from '../store/review.store.js';
import type { StatementStore } from '../store/statement.store.js';

export interface ClaimRouteDeps {
  reviews: ReviewStore;
  documents: DocumentStore;
  statements: StatementStore;
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
  app.get<{ Querystring: { status: ReviewStatus; offset: number; limit: number } }>(
    '/api/claims',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            offset: { type: 'integer', minimum: 0, default: 0 },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            status: { type: 'string', enum: [...REVIEW_STATUSES], default: 'pending' },
          },
        },
      },
    },
    async (req) => {
      const [page, counts] = await Promise.all([
        deps.reviews.list(req.query.status, req.query.offset, req.query.limit),
        deps.reviews.counts(REVIEW_STATUSES),
      ]);
      return { ...page, counts };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/claims/:id',
    { schema: { params: itemParam } },
    async (req) => {
      const item = await deps.reviews.get(req.params.id);
      if (!item) throw new NewsmonError('REVIEW_NOT_FOUND', req.params.id);
      return { item, timeline: await deps.statements.timeline(item.id) };
    },
  );

  app.post<{
    Params: { id: string };
    Body: { decision: ReviewDecisionKind; note?: string; reviewer?: string };
  }>(
    '/api/claims/:id/review',
    {
      schema: {
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
