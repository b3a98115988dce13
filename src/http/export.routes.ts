// Exports of the filtered lists, streamed: JSON Lines (one object per line, as the list and
// item routes give them) or RFC 4180 CSV with a header row. Records are read a batch at a time,
// so an export of every article never holds more than one batch.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ReviewEntry, Sighting } from '../domain/article-record.js';
import type { ArticleStore } from '../store/article.store.js';
import type { FeedStore } from '../store/feed.store.js';
import type { ReviewStore } from '../store/review.store.js';
import type { StatementStore } from '../store/statement.store.js';
import { articleSummary } from './article-view.js';
import { csvRow, type CsvValue } from './csv.js';
import { articleFilter, claimFilter, type ArticleQuery, type ClaimQuery } from './list-filters.js';
import { articleExportQuery, claimExportQuery, errorResponses, textResponse } from './schemas.js';

export interface ExportRouteDeps {
  articles: ArticleStore;
  reviews: ReviewStore;
  feeds: FeedStore;
  statements: StatementStore;
}

/** A review item with its sightings, oldest first by publication time (StatementStore.timeline). */
type ClaimRow = ReviewEntry & { sightings: Sighting[] };

function outletOf(s: Sighting): string {
  return s.article.siteName ?? new URL(s.article.url).hostname;
}

const BATCH = 100;
type Format = 'jsonl' | 'csv';
const TYPES: Record<Format, string> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
};

type Summary = ReturnType<typeof articleSummary>;
const ARTICLE_COLUMNS: [string, (a: Summary) => CsvValue][] = [
  ['id', (a) => a.id],
  ['url', (a) => a.url],
  ['title', (a) => a.title],
  ['siteName', (a) => a.siteName],
  ['publishedAt', (a) => a.publishedAt],
  ['status', (a) => a.status],
  ['error', (a) => a.error?.code],
  ['relevant', (a) => a.relevant],
  ['relevance', (a) => a.relevance],
  ['verdict', (a) => a.verdict],
  ['matchedDoc', (a) => a.matched?.doc],
  ['matchedJaccard', (a) => a.matched?.jaccard],
  ['matchedContainment', (a) => a.matched?.containment],
  ['newClaims', (a) => a.newClaims],
  ['paywalled', (a) => a.flags?.paywalled],
  ['partial', (a) => a.flags?.partial],
  ['truncated', (a) => a.flags?.truncated],
  ['claimsNote', (a) => a.claimsNote],
  ['createdAt', (a) => a.createdAt],
  ['updatedAt', (a) => a.updatedAt],
];

const CLAIM_COLUMNS: [string, (c: ClaimRow) => CsvValue][] = [
  ['id', (c) => c.id],
  ['status', (c) => c.status],
  ['kind', (c) => c.claim.kind],
  ['novelty', (c) => c.claim.novelty],
  ['speaker', (c) => c.claim.speaker],
  ['speakerRole', (c) => c.claim.speakerRole],
  ['text', (c) => c.claim.text],
  ['worthiness', (c) => c.claim.worthiness],
  ['articleId', (c) => c.articleId],
  ['articleTitle', (c) => c.article.title],
  ['articleUrl', (c) => c.article.url],
  ['siteName', (c) => c.article.siteName],
  ['publishedAt', (c) => c.article.publishedAt],
  ['nearestDoc', (c) => c.claim.nearest?.doc],
  ['nearestText', (c) => c.claim.nearest?.text],
  ['nearestScore', (c) => c.claim.nearest?.score],
  ['createdAt', (c) => c.createdAt],
  ['updatedAt', (c) => c.updatedAt],
  ['decision', (c) => c.decisions.at(-1)?.decision],
  ['reviewer', (c) => c.decisions.at(-1)?.reviewer],
  ['note', (c) => c.decisions.at(-1)?.note],
  // Who had it first: the outlet of the first sighting on the timeline (none when the corpus had
  // it before any article), then every sighting oldest first, the first one marked.
  ['firstOutlet', (c) => c.sightings.find((s) => s.first) && outletOf(c.sightings[0]!)],
  [
    'sightings',
    (c) =>
      c.sightings
        .map((s) => `${outletOf(s)} ${s.article.publishedAt ?? '?'}${s.first ? ' (first)' : ''}`)
        .join(' | '),
  ],
  // An item "changed in revision": what changed, and the statement before and after.
  ['revisionChange', (c) => c.revision && [c.revision.change, ...c.revision.what].join(' ')],
  ['revisionBefore', (c) => c.revision?.before],
  ['revisionAfter', (c) => c.revision?.after],
];

/** The lines of an export: a header (CSV), then one line per record, a batch at a time. */
async function* lines<T>(
  ids: readonly string[],
  load: (ids: string[]) => Promise<T[]>,
  format: Format,
  columns: [string, (row: T) => CsvValue][],
  json: (row: T) => unknown,
): AsyncGenerator<string> {
  if (format === 'csv') yield csvRow(columns.map(([name]) => name));
  for (let i = 0; i < ids.length; i += BATCH) {
    const rows = await load(ids.slice(i, i + BATCH));
    let chunk = '';
    for (const row of rows) {
      chunk +=
        format === 'csv'
          ? csvRow(columns.map(([, get]) => get(row)))
          : `${JSON.stringify(json(row))}\n`;
    }
    if (chunk) yield chunk;
  }
}

function attachment(reply: FastifyReply, name: string, format: Format, body: Readable) {
  return reply
    .type(TYPES[format])
    .header('content-disposition', `attachment; filename="${name}.${format}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

export function registerExportRoutes(app: FastifyInstance, deps: ExportRouteDeps): void {
  for (const format of ['jsonl', 'csv'] as const) {
    const what = format === 'csv' ? 'CSV (RFC 4180, header row)' : 'JSON Lines';
    app.get<{ Querystring: ArticleQuery }>(
      `/api/export/articles.${format}`,
      {
        schema: {
          summary: `Every article matching the list's filters, as ${what}, streamed`,
          tags: ['export'],
          querystring: articleExportQuery,
          produces: [TYPES[format].split(';')[0]!],
          response: {
            200: textResponse(TYPES[format].split(';')[0]!, `articles.${format}`),
            ...errorResponses,
          },
        },
      },
      async (req, reply) => {
        const filter = await articleFilter(deps.feeds, req.query);
        const { ids } = await deps.articles.query(filter, 0, null);
        const body = lines(
          ids,
          async (batch) => (await deps.articles.getMany(batch)).map(articleSummary),
          format,
          ARTICLE_COLUMNS,
          (a) => a,
        );
        return attachment(reply, 'articles', format, Readable.from(body));
      },
    );

    app.get<{ Querystring: ClaimQuery }>(
      `/api/export/claims.${format}`,
      {
        schema: {
          summary: `Every review item matching the list's filters, as ${what}, streamed`,
          tags: ['export'],
          querystring: claimExportQuery,
          produces: [TYPES[format].split(';')[0]!],
          response: {
            200: textResponse(TYPES[format].split(';')[0]!, `claims.${format}`),
            ...errorResponses,
          },
        },
      },
      async (req, reply) => {
        const filter = await claimFilter(deps.feeds, req.query);
        const { ids } = await deps.reviews.query(req.query.status, filter, 0, null);
        const body = lines(
          ids,
          async (batch) => {
            const items = await deps.reviews.getMany(batch);
            const timelines = await Promise.all(items.map((i) => deps.statements.timeline(i.id)));
            return items.map((i, k) => ({ ...i, sightings: timelines[k]!.sightings }));
          },
          format,
          CLAIM_COLUMNS,
          (c) => c,
        );
        return attachment(reply, 'claims', format, Readable.from(body));
      },
    );
  }
}
