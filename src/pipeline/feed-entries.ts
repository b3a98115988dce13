// Which of a feed's entries become article fetches: the unseen ones that pass the story
// pre-filter (within the per-poll cap), and known ones whose newer date says their article was
// updated in place. Shared by polls and WebSub deliveries through ingestFeedBody.
import { createHash } from 'node:crypto';
import type { FeedEntry } from '../domain/types.js';
import type { ParsedFeed } from '../feeds/feed-parse.js';
import { safeCanonical } from '../feeds/url-canonical.js';
import type { Payload } from '../jobs/job-registry.js';
import { passesPrefilter } from '../relevance/entry-prefilter.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { joinRun } from './reprocess.js';

/** A forced poll of a reprocessing run (src/pipeline/reprocess.ts). */
export type Rerun = { run: string; rev: number };

export interface FreshEntries {
  fresh: Payload<'article.fetch'>[];
  dropped: number;
  /** Entries left for a later poll by the per-poll cap (polling.maxEntriesPerPoll). */
  capped: number;
  /** The feed was removed while its entries were read: the rest were left alone. */
  removed: boolean;
  /**
   * The entries' dates to record once their fetch jobs are queued (FeedStore.setEntryStamps):
   * recorded earlier, a crash in between would lose the recheck a newer date asks for.
   */
  stamps: Record<string, string>;
}

/** The latest date an entry gives: a known entry with a later one was updated in place. */
function entryStamp(entry: FeedEntry): string | null {
  const dates = [entry.updatedAt, entry.publishedAt].filter((d): d is string => !!d).sort();
  return dates.at(-1) ?? null;
}

/** How often a long poll checks that its feed still exists (a round trip each time). */
const FEED_CHECK_EVERY = 100;

/**
 * Unseen entries that pass the story pre-filter, registered as articles; counts what it drops.
 * At most polling.maxEntriesPerPoll entries are taken per poll; a poll whose feed is removed
 * meanwhile stops at its next check.
 */
export async function freshEntries(
  deps: PipelineDeps,
  feedId: string,
  parsed: ParsedFeed,
  rerun: Rerun | null = null,
): Promise<FreshEntries> {
  const ids = parsed.entries.map((e) => e.entryId);
  const [unseen, stamped] = await Promise.all([
    deps.feeds.unseen(feedId, ids),
    deps.feeds.entryStamps(feedId, ids),
  ]);
  const stamps: Record<string, string> = {};
  const fresh: Payload<'article.fetch'>[] = [];
  const droppedIds: string[] = [];
  const max = deps.config.polling.maxEntriesPerPoll;
  let taken = 0;
  let capped = 0;
  let removed = false;
  for (const entry of parsed.entries) {
    const stamp = entryStamp(entry);
    const before = stamped.get(entry.entryId);
    if (stamp && (!before || stamp > before)) stamps[entry.entryId] = stamp;
    if (!unseen.has(entry.entryId) && !rerun) {
      // A known entry (the same GUID) with a newer date: its article was updated in place. An
      // entry recorded before dates were kept gets its date recorded, no recheck.
      if (stamp && before && stamp > before) {
        const recheck = await updatedEntry(deps, feedId, entry, stamp);
        if (recheck) fresh.push(recheck);
      }
      continue;
    }
    if (taken >= max) {
      capped++;
      continue;
    }
    if (taken > 0 && taken % FEED_CHECK_EVERY === 0 && !(await deps.feeds.exists(feedId))) {
      removed = true;
      break;
    }
    taken++;
    const canonical = entry.link ? safeCanonical(entry.link) : null;
    if (!canonical || !passesPrefilter(entry, deps.story)) {
      // Seen, so that the next poll does not judge it again; counted so the drop is visible.
      if (unseen.has(entry.entryId)) droppedIds.push(entry.entryId);
      continue;
    }
    const articleId = await deps.articles.resolveId(canonical);
    const hints = hintsOf(entry);
    const origin = { kind: 'feed' as const, feedId, entryId: entry.entryId };
    // The same feed listing a page it listed before, under a new entry, is how outlets announce
    // an update: look at the page again. Another feed listing it is not (fetched once).
    const known = await deps.articles.peek(articleId);
    const relisted =
      known?.status === 'analyzed' &&
      known.origins.some((o) => o.kind === 'feed' && o.feedId === feedId);
    await deps.articles.register(articleId, entry.link!, canonical, origin, hints, deps.now());
    fresh.push({
      articleId,
      url: entry.link!,
      origin,
      hints,
      ...(relisted ? { rev: revOf(entry.entryId) } : {}),
      // The run's revisit number: each article is fetched again, and counted by the run.
      ...(rerun ? { rev: rerun.rev, reprocess: rerun.run } : {}),
    });
  }
  if (!removed) await deps.feeds.markSeen(feedId, ...droppedIds);
  // Before the fetch jobs exist: the run must know an article before it can settle.
  if (rerun) {
    const ids = fresh.map((f) => f.articleId);
    await joinRun(deps, rerun.run, ids);
  }
  return { fresh, dropped: droppedIds.length, capped, removed, stamps };
}

/**
 * The fetch of an analysed article whose feed entry came back with a newer date, under a revisit
 * number of its own per (entry, date), so a retried poll queues it once.
 */
async function updatedEntry(
  deps: PipelineDeps,
  feedId: string,
  entry: FeedEntry,
  stamp: string,
): Promise<Payload<'article.fetch'> | null> {
  const canonical = entry.link ? safeCanonical(entry.link) : null;
  if (!canonical) return null;
  const articleId = await deps.articles.resolveId(canonical);
  const known = await deps.articles.peek(articleId);
  if (known?.status !== 'analyzed') return null;
  return {
    articleId,
    url: entry.link!,
    origin: { kind: 'feed', feedId, entryId: entry.entryId },
    hints: hintsOf(entry),
    rev: revOf(`${entry.entryId}\n${stamp}`),
  };
}

/** What a feed entry tells about its article before the page is fetched. */
function hintsOf(entry: FeedEntry): Payload<'article.fetch'>['hints'] {
  return {
    title: entry.title,
    publishedAt: entry.publishedAt,
    summary: entry.summary,
    content: entry.content,
  };
}

/** A deterministic revisit number per entry, so a retried poll does not fetch twice. */
function revOf(entryId: string): number {
  return (
    Number.parseInt(createHash('sha256').update(entryId).digest('hex').slice(0, 8), 16) >>> 1 || 1
  );
}
