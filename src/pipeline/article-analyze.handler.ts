import type { Payload, Results } from '../jobs/job-registry.js';
import {
  analyzeDocument,
  copyScope,
  inScope,
  type ClaimScope,
} from '../analyze/article-analyze.js';
import { statementsOf, visibleAt } from '../claims/novelty.js';
import { copyOrigin, judgeDuplicates } from '../dedup/dedup-verdict.js';
import { joinFamily, summarizeFamily } from '../dedup/family.js';
import { fingerprint } from '../dedup/fingerprint.js';
import type { DocumentSource } from '../domain/types.js';
import type { ArticleRecord, ArticleRef, ReviewEntry } from '../domain/article-record.js';
import {
  flaggedStatements,
  knownFrom,
  paragraphContext,
  provenanceKey,
  sightingOf,
} from '../claims/review-items.js';
import { execTransaction } from '../store/redis-connection.js';
import { candidateFingerprints, indexDocument, threeShinglesFor } from './dedup-candidates.js';
import { recordFailure } from './record-failure.js';
import type { JobContext, PipelineDeps } from './pipeline-deps.js';

/** For a revision not analysed yet: only the sentences it adds go on to claim analysis. */
function revisionScope(record: ArticleRecord): ClaimScope | null {
  const last = record.revisions.at(-1);
  return last && last.snapshot === record.snapshot?.hash
    ? { reason: 'revision', spans: last.added }
    : null;
}

/** The text and date of a corpus document or an ingested article. */
async function documentOf(
  deps: PipelineDeps,
  doc: string,
  source: DocumentSource,
): Promise<{ text: string; publishedAt: string | null } | null> {
  if (source === 'ingested') {
    const a = (await deps.articles.get(doc))?.article;
    return a ? { text: a.text, publishedAt: a.publishedAt } : null;
  }
  const c = await deps.documents.corpusDocument(doc);
  return c ? { text: c.text, publishedAt: c.publishedAt } : null;
}

/**
 * Judges an extracted article against everything known, then in one transaction stores the
 * verdict, makes the article part of what is known, and queues its new quotes for review:
 * an article is never left analysed without its claims, nor a claim without its review item.
 */
export async function analyzeStoredArticle(
  deps: PipelineDeps,
  { articleId, snapshot }: Payload<'article.analyze'>,
  ctx: JobContext,
): Promise<Results['article.analyze']> {
  const record = await deps.articles.get(articleId);
  if (!record?.article) return { status: 'skipped', reason: 'article is not extracted' };
  if (record.snapshot?.hash !== snapshot)
    return { status: 'skipped', reason: 'snapshot superseded' };
  const article = record.article;
  return recordFailure(deps, articleId, ctx, async () => {
    const fp = fingerprint(articleId, 'ingested', article.text);
    const firstAnalyzedAt = record.firstAnalyzedAt ?? deps.now().toISOString();
    const [candidates, known] = await Promise.all([
      candidateFingerprints(deps.index, deps.documents, fp, article.text),
      deps.known.current(),
    ]);
    const short = await threeShinglesFor(
      fp,
      article.text,
      candidates,
      async (c) => (await documentOf(deps, c.docId, c.source))?.text ?? null,
    );
    const dedup = judgeDuplicates(fp, candidates, deps.config.thresholds, (id) => short.get(id));
    const origin = copyOrigin(dedup);
    const originDoc = origin ? await documentOf(deps, origin.doc, origin.source) : null;
    const revision = revisionScope(record);
    const scope = revision ?? copyScope(article.text, dedup, originDoc?.text ?? null);
    const analysis = analyzeDocument(
      {
        id: articleId,
        title: article.title,
        text: article.text,
        publishedAt: article.publishedAt,
        fingerprint: fp,
      },
      {
        story: deps.story,
        // A revision is judged against its own previous version too (its unchanged sentences
        // are known); otherwise its own earlier statements must not make it look known.
        statements: known,
        visible: visibleAt(articleId, firstAnalyzedAt, !!revision),
      },
      dedup,
      scope,
    );

    // A rewrite is known only now, from its statements: it joins the family as a copy does.
    const familyOrigin = copyOrigin(analysis.dedup);
    const familyDoc =
      familyOrigin && familyOrigin.doc !== origin?.doc
        ? await documentOf(deps, familyOrigin.doc, familyOrigin.source)
        : originDoc;
    const family =
      familyOrigin && familyDoc
        ? joinFamily(
            await deps.documents.familyOf(familyOrigin.doc),
            {
              doc: familyOrigin.doc,
              source: familyOrigin.source,
              publishedAt: familyDoc.publishedAt,
              joinedAt: deps.now().toISOString(),
            },
            {
              doc: articleId,
              source: 'ingested',
              publishedAt: article.publishedAt,
              verdict: analysis.dedup.verdict,
              jaccard: familyOrigin.jaccard,
              containment: familyOrigin.containment,
              joinedAt: deps.now().toISOString(),
            },
          )
        : null;
    analysis.family = family ? summarizeFamily(family) : null;

    const now = deps.now();
    const seenAt = now.toISOString();
    const flagged = flaggedStatements(analysis, revision ? (c) => inScope(c, revision) : null);
    const existing = await deps.reviews.existing(flagged.map((c) => c.id));
    const ref: ArticleRef = {
      id: articleId,
      title: article.title,
      url: article.canonicalUrl ?? article.url,
      siteName: article.siteName,
      publishedAt: article.publishedAt,
    };
    const tx = deps.redis.multi();
    await deps.articles.update(
      articleId,
      { status: 'analyzed', analysis, error: null, firstAnalyzedAt },
      now,
      tx,
    );
    deps.documents.addTo(
      tx,
      fp,
      statementsOf(articleId, 'ingested', article.text, firstAnalyzedAt),
    );
    if (family) deps.documents.saveFamilyTo(tx, family);
    if (analysis.relevance.relevant) {
      for (const s of analysis.claims) {
        const key = provenanceKey(s);
        deps.statements.addSightingTo(tx, key, sightingOf(s, ref, seenAt));
        deps.statements.setKnownFromTo(tx, key, knownFrom(s));
      }
    }
    const created: string[] = [];
    for (const claim of flagged) {
      // An item already queued keeps its place and its decisions; this article is a sighting.
      // (addTo never replaces an item, even one created since `existing` was read.)
      if (existing.has(claim.id)) continue;
      created.push(claim.id);
      const entry: ReviewEntry = {
        id: claim.id,
        articleId,
        status: 'pending',
        createdAt: seenAt,
        updatedAt: seenAt,
        claim,
        article: ref,
        context: paragraphContext(article.text, claim.start, claim.end),
        decisions: [],
      };
      deps.reviews.addTo(tx, entry);
    }
    await execTransaction(tx);
    deps.metrics?.verdicts.inc({ verdict: analysis.dedup.verdict });
    for (const claim of flagged) {
      if (!existing.has(claim.id)) deps.metrics?.flags.inc({ state: claim.novelty });
    }
    // After the transaction: an index entry without its fingerprint would be a candidate that
    // cannot be verified; a fingerprint without its index entry is only found by exact text.
    await indexDocument(deps.index, fp, article.text);
    ctx.log.info(
      {
        articleId,
        verdict: analysis.dedup.verdict,
        relevant: analysis.relevance.relevant,
        flagged: flagged.length,
      },
      'article analysed',
    );
    return {
      status: 'done',
      articleId,
      verdict: analysis.dedup.verdict,
      relevant: analysis.relevance.relevant,
      flagged: flagged.length,
      // Follow-ups (job-registry): each new item is alerted to every configured target.
      ...(created.length > 0
        ? { created, alertTargets: deps.config.alerts.targets.map((t) => t.name) }
        : {}),
    };
  });
}
