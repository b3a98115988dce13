import { alertJobs, type Payload, type ReviewAlert, type Results } from '../jobs/job-registry.js';
import type { AlertEvent } from '../config.js';
import { copyScope, inScope, type ClaimScope } from '../analyze/article-analyze.js';
import { articleTime, corpusKey } from '../analyze/timeline.js';
import { laterSharers } from '../analyze/later-sharers.js';
import { copyOrigin, judgeDuplicates } from '../dedup/dedup-verdict.js';
import { regroup, summarizeFamily, type Regrouping } from '../dedup/family.js';
import { fingerprint } from '../dedup/fingerprint.js';
import type { DocumentSource, FamilyMember } from '../domain/types.js';
import type { ArticleRecord, ArticleRef } from '../domain/article-record.js';
import {
  flaggedIdsOf,
  flaggedStatements,
  knownFrom,
  planReviewItems,
  provenanceKey,
  sightingOf,
} from '../claims/review-items.js';
import { diffStatements, removedStatements, revisionEntries } from '../claims/revision-diff.js';
import { execTransaction } from '../store/redis-connection.js';
import {
  candidatesOnTimeline,
  indexDocument,
  LATE_CANDIDATE_LIMIT,
  threeShinglesFor,
} from './dedup-candidates.js';
import { laterDependents, recheckRev, scheduledRechecks } from './article-rechecks.js';
import { recordFailure } from './record-failure.js';
import type { JobContext, PipelineDeps } from './pipeline-deps.js';

/** For a revision not analysed yet: only the sentences it adds go on to claim analysis. */
function revisionScope(record: ArticleRecord): ClaimScope | null {
  const last = record.revisions.at(-1);
  return last && last.snapshot === record.snapshot?.hash
    ? { reason: 'revision', spans: last.added }
    : null;
}

/** The alert jobs an analysis owes: those of the items it created, and those still pending. */
function pendingAlertsOf(
  record: ArticleRecord,
  created: string[],
  targets: readonly { name: string; events: readonly AlertEvent[] }[],
): ReviewAlert[] {
  const owed = [...(record.pendingAlerts ?? [])];
  const ids = new Set(owed.map((a) => `${a.itemId} ${a.target}`));
  for (const a of alertJobs(
    created,
    targets.filter((t) => t.events.includes('review')).map((t) => t.name),
  )) {
    if (!ids.has(`${a.itemId} ${a.target}`)) owed.push(a);
  }
  return owed;
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
 * Judges an extracted article against everything published before it (the timeline, see
 * analyze/timeline.ts), then in one transaction stores the verdict, makes the article part of what
 * is known, and queues its new quotes for review: an article is never left analysed without its
 * claims, nor a claim without its review item. An article that arrives after articles published
 * later than it (a backfill, a slow feed) names those it may change the verdicts of: they are
 * analysed again, so verdicts never depend on arrival order.
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
    const time = articleTime(articleId, article, record.hints, record.createdAt);
    const [inOrder, known] = await Promise.all([
      candidatesOnTimeline(deps.index, deps.documents, fp, article.text, time.key),
      deps.known.current(),
    ]);
    // Something published later is known already: this article arrived late (see the limit).
    const candidates =
      known.latestAt > time.key
        ? await candidatesOnTimeline(
            deps.index,
            deps.documents,
            fp,
            article.text,
            time.key,
            LATE_CANDIDATE_LIMIT,
          )
        : inOrder;
    const short = await threeShinglesFor(
      fp,
      article.text,
      candidates.earlier,
      async (c) => (await documentOf(deps, c.docId, c.source))?.text ?? null,
    );
    // Only what was published before this article can be what it copies.
    const dedup = judgeDuplicates(fp, candidates.earlier, deps.config.thresholds, (id) =>
      short.get(id),
    );
    const origin = copyOrigin(dedup);
    const originDoc = origin ? await documentOf(deps, origin.doc, origin.source) : null;
    const revision = revisionScope(record);
    const scope = revision ?? copyScope(article.text, dedup, originDoc?.text ?? null);
    // The CPU-heavy part, off the main thread and under a time budget in the daemon.
    const { analysis, statements } = await deps.analyzeText({
      input: {
        id: articleId,
        title: article.title,
        text: article.text,
        publishedAt: article.publishedAt,
        fingerprint: fp,
      },
      dedup,
      scope,
      // What the article may count as known (visibleAt): what was published before it.
      timeKey: time.key,
      revision: !!revision,
    });
    analysis.time = time;
    analysis.textHash = fp.textHash;

    // A rewrite is known only now, from its statements: it joins the family as a copy does.
    const familyOrigin = copyOrigin(analysis.dedup);
    const familyDoc =
      familyOrigin && familyOrigin.doc !== origin?.doc
        ? await documentOf(deps, familyOrigin.doc, familyOrigin.source)
        : originDoc;
    const joinedAt = deps.now().toISOString();
    const ownFamily = await deps.documents.familyOf(articleId);
    const linked = familyOrigin && familyDoc ? familyOrigin : null;
    const originFamily = linked ? await deps.documents.familyOf(linked.doc) : null;
    // Its families regrouped from copy links (dedup/family.ts): the family it is in and its
    // origin's, with its own link new or moved (or gone), and its origin added when new to both.
    let regrouping: Regrouping | null = null;
    if (ownFamily || linked) {
      const changed: FamilyMember[] = [
        {
          doc: articleId,
          source: 'ingested',
          publishedAt: article.publishedAt,
          verdict: linked ? analysis.dedup.verdict : null,
          jaccard: linked?.jaccard ?? null,
          containment: linked?.containment ?? null,
          joinedAt,
          timeline: time.key,
          origin: linked?.doc ?? null,
        },
      ];
      const originKnown = [ownFamily, originFamily].some((f) =>
        f?.members.some((m) => m.doc === linked?.doc),
      );
      if (linked && familyDoc && !originKnown) {
        changed.push({
          doc: linked.doc,
          source: linked.source,
          publishedAt: familyDoc.publishedAt,
          verdict: null,
          jaccard: null,
          containment: null,
          joinedAt,
          timeline:
            linked.source === 'ingested'
              ? (candidates.keys.get(linked.doc) ??
                (await deps.documents.timelineKeysOf([linked.doc])).get(linked.doc))
              : corpusKey(familyDoc.publishedAt),
          origin: null,
        });
      }
      regrouping = regroup([ownFamily, originFamily], changed);
    }
    // A copy's analysis names its family; the document a family started from names none.
    const family = linked
      ? (regrouping?.families.find((f) => f.members.some((m) => m.doc === articleId)) ?? null)
      : null;
    analysis.family = family ? summarizeFamily(family) : null;

    const now = deps.now();
    const seenAt = now.toISOString();
    // A revision's statements before and after: what it changed or withdrew is an item of its
    // own; the new wording of a changed statement is not flagged again as new (unless it is
    // a variant or conflict of another document's statement).
    const last = record.revisions.at(-1);
    const revised =
      revision && last && analysis.relevance.relevant
        ? diffStatements(
            articleId,
            removedStatements(last.removed),
            analysis.claims.filter((c) => inScope(c, revision)),
            analysis.claims,
          )
        : null;
    const flagged = flaggedStatements(
      analysis,
      revision
        ? (c) =>
            inScope(c, revision) &&
            !(revised?.paired.has(c) && (!c.nearest || c.nearest.doc === articleId))
        : null,
    );
    const before = flaggedIdsOf(record);
    const ref: ArticleRef = {
      id: articleId,
      title: article.title,
      url: article.canonicalUrl ?? article.url,
      siteName: article.siteName,
      publishedAt: article.publishedAt,
    };
    const plan = planReviewItems(
      // The item carries the text flags (paywalled, partial…); sightings keep the plain reference.
      {
        id: articleId,
        ref: { ...ref, flags: article.flags },
        text: article.text,
        timeline: time.key,
      },
      flagged,
      before,
      await deps.reviews.stored([...new Set([...flagged.map((c) => c.id), ...before])]),
      seenAt,
    );
    if (revised && last) {
      const ids = revised.changes.map((c) => c.id);
      const existing = new Set((await deps.reviews.stored(ids)).keys());
      plan.create.push(
        ...revisionEntries(
          {
            id: articleId,
            ref: { ...ref, flags: article.flags },
            text: article.text,
            timeline: time.key,
          },
          { snapshot: last.snapshot, at: last.at },
          revised.changes,
          existing,
          seenAt,
        ),
      );
    }
    ctx.fault?.('article.analyze:planned');
    const tx = deps.redis.multi();
    await deps.articles.update(
      articleId,
      { status: 'analyzed', analysis, error: null, firstAnalyzedAt },
      now,
      tx,
    );
    deps.documents.addTo(tx, fp, statements, time.key);
    if (regrouping) deps.documents.saveRegroupingTo(tx, regrouping);
    const sighted = new Set<string>();
    if (analysis.relevance.relevant) {
      for (const s of analysis.claims) {
        const key = provenanceKey(s);
        sighted.add(key);
        deps.statements.addSightingTo(tx, key, sightingOf(s, ref, seenAt, time.key));
        deps.statements.setKnownFromTo(tx, key, knownFrom(s));
      }
    }
    // Sightings of the last analysis that this one does not repeat (a statement now known from
    // an earlier article files under that article's statement) are taken back.
    for (const key of provenanceKeysOf(record)) {
      if (!sighted.has(key)) deps.statements.removeSightingTo(tx, key, articleId);
    }
    for (const entry of plan.create) deps.reviews.addTo(tx, entry);
    for (const { raw, entry } of plan.replace) deps.reviews.replaceTo(tx, raw, entry);
    for (const { raw, entry } of plan.withdraw) deps.reviews.withdrawTo(tx, raw, entry);
    const created = plan.create.map((e) => e.id);
    // Alerts this analysis owes: its new items', and any an earlier run committed to but died
    // before queueing. Recorded in the same transaction, cleared once queued.
    const alerts = pendingAlertsOf(record, created, deps.config.alerts.targets);
    if (alerts.length > 0)
      await deps.articles.update(articleId, { pendingAlerts: alerts }, now, tx);
    await execTransaction(tx);
    ctx.fault?.('article.analyze:committed');
    if (alerts.length > 0) {
      for (const [i, payload] of alerts.entries()) {
        await ctx.enqueue([{ name: 'alert.deliver', payload }]);
        if (i === 0) ctx.fault?.('article.analyze:alert-queued-one');
      }
      await deps.articles.clearPendingAlerts(articleId);
    }
    deps.metrics?.verdicts.inc({ verdict: analysis.dedup.verdict });
    for (const claim of plan.create) deps.metrics?.flags.inc({ state: claim.claim.novelty });
    // After the transaction: an index entry without its fingerprint would be a candidate that
    // cannot be verified; a fingerprint without its index entry is only found by exact text.
    await indexDocument(deps.index, fp, article.text, time.key);
    const recheck = await laterDependents(
      deps,
      record,
      analysis,
      fp,
      regrouping,
      candidates.later,
      () => laterSharers(known, statements, articleId, time.key),
    );
    const scheduled = analysis.relevance.relevant
      ? scheduledRechecks(record, deps.config.revisions.recheckAfter, now)
      : [];
    ctx.log.info(
      {
        articleId,
        verdict: analysis.dedup.verdict,
        relevant: analysis.relevance.relevant,
        flagged: flagged.length,
        recheck: recheck.length,
      },
      'article analysed',
    );
    return {
      status: 'done',
      articleId,
      verdict: analysis.dedup.verdict,
      relevant: analysis.relevance.relevant,
      flagged: flagged.length,
      ...(created.length > 0 ? { created } : {}),
      ...(recheck.length > 0 ? { recheck, recheckRev: recheckRev() } : {}),
      ...(scheduled.length > 0 ? { scheduled } : {}),
    };
  });
}

/** The statements an analysis filed sightings under (see provenanceKey). */
function provenanceKeysOf(record: ArticleRecord): Set<string> {
  const a = record.analysis;
  return new Set(a?.relevance.relevant ? a.claims.map(provenanceKey) : []);
}
