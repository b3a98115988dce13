import type { Payload, Results } from '../jobs/job-registry.js';
import { NewsmonError } from '../errors.js';
import { assertOk } from '../fetch/http-client.js';
import { binaryRefusal } from '../fetch/content-sniff.js';
import { publishedMs } from '../analyze/timeline.js';
import { recordFailure } from './record-failure.js';
import { checkRobots } from './robots-check.js';
import type { JobContext, PipelineDeps } from './pipeline-deps.js';

const HTML_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';
const PAGE_TYPES = /^(text\/html|application\/xhtml\+xml|text\/plain)\b/i;

/** Fetches an article page and keeps the raw bytes as a snapshot for extraction. */
export async function fetchArticle(
  deps: PipelineDeps,
  payload: Payload<'article.fetch'>,
  ctx: JobContext,
): Promise<Results['article.fetch']> {
  const { articleId, origin, rev, reprocess } = payload;
  // A reprocessing run keeps its revisit number and id on every stage (unique job ids).
  const run = reprocess && rev !== undefined ? { rev, reprocess } : {};
  if (origin.kind === 'feed') await deps.feeds.markSeen(origin.feedId, origin.entryId);
  const record = await deps.articles.get(articleId);
  if (!record) return { status: 'skipped', reason: 'article record is gone' };
  const published = publishedMs(record);
  // A revisit (rev) looks at an analysed page again: it may have been revised.
  const revisit = rev !== undefined && record.status === 'analyzed';
  if (!revisit && (record.status === 'analyzed' || record.status === 'skipped')) {
    return { status: 'skipped', reason: `article already ${record.status}` };
  }
  if (!revisit && record.snapshot && record.status !== 'failed') {
    // Fetched before a crash or retry: hand the same snapshot on rather than refetching.
    return { status: 'done', articleId, snapshot: record.snapshot.hash, ...run, ...published };
  }
  const skip = async (error: NewsmonError): Promise<Results['article.fetch']> => {
    const at = deps.now();
    await deps.articles.update(
      articleId,
      { status: 'skipped', error: { ...error.toJSON(), at: at.toISOString() } },
      at,
    );
    return { status: 'skipped', reason: error.message };
  };
  return recordFailure(deps, articleId, ctx, async () => {
    // A page some feed lists is one its publisher offers; one pushed by an alert or a person is
    // fetched only as robots.txt allows, at its Crawl-delay.
    let minIntervalMs: number | undefined;
    if (deps.config.fetch.robots.respect && !record.origins.some((o) => o.kind === 'feed')) {
      const robots = await checkRobots(deps, record.url);
      if (!robots.allowed && robots.reason === 'robots.txt unreachable') {
        throw new NewsmonError('ROBOTS_UNAVAILABLE', new URL(record.url).host);
      }
      if (!robots.allowed)
        return skip(new NewsmonError('ROBOTS_DISALLOWED', `${record.url} (${robots.reason})`));
      minIntervalMs = robots.crawlDelayMs ?? undefined;
    }
    // A revisit asks for the page only if it changed since the snapshot (RFC 9110 §13.1), unless
    // a reprocessing run wants the bytes again whatever they are.
    const headers: Record<string, string> = { accept: HTML_ACCEPT };
    if (revisit && !reprocess && record.snapshot) {
      if (record.snapshot.etag) headers['if-none-match'] = record.snapshot.etag;
      if (record.snapshot.lastModified) headers['if-modified-since'] = record.snapshot.lastModified;
    }
    const res = await deps.fetch(record.url, { headers, minIntervalMs });
    if (revisit && res.status === 304) {
      return { status: 'skipped', reason: 'page unchanged since it was analysed (304)' };
    }
    assertOk(res);
    const contentType = res.headers['content-type'] ?? null;
    if (contentType && !PAGE_TYPES.test(contentType))
      return skip(new NewsmonError('FETCH_NOT_HTML', contentType));
    // A PNG or gzip bytes labelled text/html would otherwise be "extracted" as hundreds of words.
    const binary = binaryRefusal(res.body, contentType);
    if (binary) return skip(binary);
    const hash = await deps.snapshots.put(res.body);
    if (revisit && hash === record.snapshot?.hash) {
      // A reprocessing run re-extracts and re-analyses the same bytes all the same.
      if (reprocess) return { status: 'done', articleId, snapshot: hash, ...run, ...published };
      return { status: 'skipped', reason: 'page unchanged since it was analysed' };
    }
    const snapshot = {
      hash,
      contentType,
      finalUrl: res.url,
      httpStatus: res.status,
      fetchedAt: deps.now().toISOString(),
      lastModified: res.headers['last-modified'] ?? null,
      etag: res.headers.etag ?? null,
      ...(revisit && record.snapshot ? { previous: record.snapshot.hash } : {}),
    };
    await deps.articles.update(articleId, { status: 'fetched', snapshot, error: null }, deps.now());
    ctx.log.info(
      { articleId, bytes: res.body.length, redirects: res.redirects.length },
      'article fetched',
    );
    return {
      status: 'done',
      articleId,
      snapshot: hash,
      ...(revisit ? { rev } : {}),
      ...run,
      ...published,
    };
  });
}
