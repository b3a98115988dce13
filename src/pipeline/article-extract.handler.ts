import type { Payload, Results } from '../jobs/job-registry.js';
import { NewsmonError } from '../errors.js';
import { decodeDocument } from '../extract/charset-decode.js';
import { rejectionOf } from '../extract/page-kind.js';
import { capPage } from '../extract/page-cap.js';
import { safeCanonical } from '../feeds/url-canonical.js';
import { diffRevision } from '../dedup/revision-diff.js';
import { publishedMs } from '../analyze/timeline.js';
import { recordFailure } from './record-failure.js';
import type { JobContext, PipelineDeps } from './pipeline-deps.js';

export type ExtractDeps = Pick<
  PipelineDeps,
  'config' | 'articles' | 'snapshots' | 'now' | 'extractPage'
>;

/**
 * Re-reads the snapshot (never the network) and extracts the article text and metadata. The page
 * goes to jsdom cut to the page caps (flagged when cut); jsdom itself runs where extractPage
 * runs it: a worker thread with a heap cap and a time budget in the daemon.
 */
export async function extractStoredArticle(
  deps: ExtractDeps,
  { articleId, snapshot, rev, reprocess }: Payload<'article.extract'>,
  ctx: JobContext,
): Promise<Results['article.extract']> {
  const record = await deps.articles.get(articleId);
  if (!record?.snapshot) return { status: 'skipped', reason: 'article has no snapshot' };
  if (record.snapshot.hash !== snapshot)
    return { status: 'skipped', reason: 'snapshot superseded' };
  return recordFailure(deps, articleId, ctx, async () => {
    const body = await deps.snapshots.get(snapshot);
    if (!body) throw new NewsmonError('SNAPSHOT_MISSING', snapshot);
    const { text: decoded } = decodeDocument(body, record.snapshot!.contentType);
    const { limits } = deps.config.workers;
    const page = capPage(decoded, { chars: limits.pageChars, elements: limits.pageElements });
    let article;
    try {
      article = await deps.extractPage({
        html: page.html,
        url: record.snapshot!.finalUrl,
        hints: {
          feedContent: record.hints?.content ?? null,
          feedSummary: record.hints?.summary ?? null,
          feedPublishedAt: record.hints?.publishedAt ?? null,
          httpLastModified: record.snapshot!.lastModified ?? null,
          now: deps.now(),
        },
      });
    } catch (err) {
      // A section front or a soft 404 is an expected no-op, recorded where an operator sees it:
      // the error's message names the kind of page and the evidence.
      const rejection = rejectionOf(err);
      if (!rejection || !(err instanceof NewsmonError)) throw err;
      const at = deps.now();
      await deps.articles.update(
        articleId,
        { status: 'skipped', error: { ...err.toJSON(), at: at.toISOString() } },
        at,
      );
      return { status: 'skipped', reason: err.message, rejected: rejection.kind };
    }
    if (page.cut) {
      article.flags = {
        ...article.flags,
        truncated: true,
        reasons: [...article.flags.reasons, page.cut],
      };
    }
    // A revisit that fetched different bytes: a revision if the text changed in substance.
    const ref = record.snapshot!;
    const previous = record.article;
    const seen = record.revisions.some((r) => r.snapshot === snapshot);
    if (ref.previous && previous && !seen) {
      const diff = diffRevision(previous.text, article.text);
      if (diff.trivial) {
        // Only timestamps, counters or "updated" lines moved: the analysis stands.
        await deps.articles.update(articleId, { status: 'analyzed' }, deps.now());
        return { status: 'skipped', reason: 'no substantive change since the last version' };
      }
      const revision = {
        at: deps.now().toISOString(),
        snapshot,
        added: diff.added,
        removed: diff.removed.map((r) => r.text),
      };
      await deps.articles.update(
        articleId,
        { status: 'extracted', article, error: null, revisions: [...record.revisions, revision] },
        deps.now(),
      );
    } else if (rev || reprocess) {
      await deps.articles.update(
        articleId,
        { status: 'extracted', article, error: null },
        deps.now(),
      );
    } else {
      // The same job again (recovered after its worker died): never undo the analysis it led to.
      const written = await deps.articles.updateUnlessAnalyzed(
        articleId,
        snapshot,
        { status: 'extracted', article, error: null },
        deps.now(),
      );
      if (!written) return { status: 'skipped', reason: 'already analysed from this snapshot' };
    }
    // An AMP or syndicated variant that names its canonical page: later links to that page are
    // this article, not a new one to fetch.
    const declared = article.canonicalUrl ? safeCanonical(article.canonicalUrl) : null;
    if (declared && declared !== record.canonicalUrl)
      await deps.articles.addAlias(declared, articleId);
    ctx.log.info(
      { articleId, method: article.method, words: article.wordCount },
      'article extracted',
    );
    return {
      status: 'done',
      articleId,
      snapshot,
      ...(rev ? { rev } : {}),
      ...(reprocess ? { reprocess } : {}),
      ...publishedMs(record, article),
      method: article.method,
    };
  });
}
