// Which articles are looked at again after one is analysed: the later articles on the timeline
// whose verdicts it may change (re-analysed now), and the scheduled rechecks of a relevant
// article for revisions (fetched again later). The analysis handler returns both as follow-ups.
import { randomInt } from 'node:crypto';
import { publishedMs } from '../analyze/timeline.js';
import { durationMs } from '../config.js';
import { compare, verdictOf } from '../dedup/dedup-verdict.js';
import type { Regrouping } from '../dedup/family.js';
import type { ArticleRecord } from '../domain/article-record.js';
import type { Analysis, Fingerprint } from '../domain/types.js';
import type { Payload } from '../jobs/job-registry.js';
import type { PipelineDeps } from './pipeline-deps.js';

/**
 * The looks at a relevant article still to come (revisions.recheckAfter after it was first seen):
 * delayed fetch jobs whose ids name the article and the look, so that every analysis may return
 * them and BullMQ keeps one of each. A look already due is left out: the analysis just read the
 * page. Each carries its due time as its revisit number, so its later stages get ids of their own.
 */
export function scheduledRechecks(
  record: Pick<ArticleRecord, 'id' | 'url' | 'createdAt'>,
  recheckAfter: readonly string[],
  now: Date,
): Payload<'article.fetch'>[] {
  const firstSeen = Date.parse(record.createdAt);
  return recheckAfter.flatMap((after, n) => {
    const due = firstSeen + durationMs(after);
    if (!(due > now.getTime())) return [];
    return [
      {
        articleId: record.id,
        url: record.url,
        origin: { kind: 'ingest' as const },
        hints: null,
        rev: due,
        recheck: n,
        due,
      },
    ];
  });
}

/**
 * The articles published after this one whose verdicts it may change, in timeline order, to be
 * analysed again. When its text enters what is known (a first analysis, a revision, a new date):
 * the later articles that copy it (it may be their origin now), those sharing only the story with
 * it that had no earlier match at all, and those whose statements it may make known or a variant
 * (laterSharers). When its families were regrouped: the copies whose family's first version
 * changed, whose analyses name it (earlier ones too). A re-analysis that changes neither names
 * none, so the chain ends.
 */
export async function laterDependents(
  deps: PipelineDeps,
  record: ArticleRecord,
  analysis: Analysis,
  fp: Fingerprint,
  regrouping: Regrouping | null,
  laterCandidates: readonly Fingerprint[],
  sharers: () => Set<string>,
): Promise<{ articleId: string; snapshot: string; published?: number }[]> {
  const key = analysis.time!.key;
  const previous = record.analysis;
  const entered =
    !previous ||
    analysis.scope?.reason === 'revision' ||
    previous.time?.key !== key ||
    previous.textHash !== analysis.textHash;
  const ids = new Set<string>();
  if (entered) {
    const sameStory: string[] = [];
    for (const c of laterCandidates) {
      const verdict = verdictOf(compare(c, fp), deps.config.thresholds);
      if (verdict === 'same-story') sameStory.push(c.docId);
      else if (verdict !== 'new') ids.add(c.docId);
    }
    for (const id of await deps.articles.withVerdict(sameStory, 'new')) ids.add(id);
    for (const id of sharers()) ids.add(id);
  }
  // Copies whose family's first version changed (or who changed family): their analyses name it.
  for (const doc of regrouping?.moved ?? []) ids.add(doc);
  ids.delete(record.id);
  if (ids.size === 0) return [];
  const records = await deps.articles.getMany([...ids]);
  return records
    .flatMap((r) =>
      r.status === 'analyzed' && r.snapshot && r.analysis?.time
        ? [{ record: r, snapshot: r.snapshot.hash, key: r.analysis.time.key }]
        : [],
    )
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map(({ record: r, snapshot }) => ({ articleId: r.id, snapshot, ...publishedMs(r) }));
}

/** A new revisit number per cascade: its jobs get new ids although earlier ones are kept. */
export function recheckRev(): number {
  return Date.now() * 1000 + randomInt(1000);
}
