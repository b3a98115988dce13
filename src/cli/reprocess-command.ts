// `newsmon reprocess`: starts a reprocessing run on a running newsmon (through its Redis and
// queues, as the API does), shows its progress, then prints what changed.
import type { AppConfig } from '../config.js';
import { describeError } from '../errors.js';
import { JobQueues } from '../jobs/job-queues.js';
import {
  createReprocessRun,
  parseReprocessRequest,
  type ReprocessRequest,
} from '../pipeline/reprocess.js';
import { reprocessView, type ReprocessView } from '../pipeline/reprocess-report.js';
import { FeedStore } from '../store/feed.store.js';
import { keysFor } from '../store/keys.js';
import { ReprocessStore, type ReprocessScope } from '../store/reprocess.store.js';
import { ReviewStore } from '../store/review.store.js';
import type { Redis } from 'ioredis';
import { parseCommandArgs, UsageError } from './cli-args.js';
import { connectCliRedis, type Out } from './cli-redis.js';

export const REPROCESS_USAGE = `usage: newsmon reprocess SCOPE [--stage fetch|extract|analyze] [--no-wait] [--json]
  SCOPE: --feed ID | --all-feeds | --article ID [--article ID]... | --all-articles
         | --outlet NAME | --from DATE [--to DATE] [--by published|created]
       newsmon reprocess show RUN [--json]     a run's progress, and its report once done
       newsmon reprocess list                  recent runs

  Feeds (stage fetch, their default) are polled by force, past conditional GET and the seen
  entries, and every entry's article fetched again; articles (default stage analyze) are re-run
  from the stage through the same queues. Needs the workers of a running newsmon.`;

/** Where the progress goes: a bar redrawn in place on a terminal, plain lines otherwise. */
export interface ProgressOut {
  tty: boolean;
  write: Out;
}

export interface ReprocessCommandOptions {
  progress?: ProgressOut;
  pollMs?: number;
  /** Gives up waiting (the run goes on) after this long; none by default. */
  timeoutMs?: number;
}

export async function runReprocessCommand(
  config: AppConfig,
  args: string[],
  out: Out,
  err: Out,
  options: ReprocessCommandOptions = {},
): Promise<number> {
  let redis: Redis | null = null;
  let queues: JobQueues | null = null;
  try {
    const { values, positionals } = parseCommandArgs('reprocess', args, {
      feed: { type: 'string' },
      'all-feeds': { type: 'boolean', default: false },
      article: { type: 'string', multiple: true, default: [] },
      'all-articles': { type: 'boolean', default: false },
      outlet: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      by: { type: 'string' },
      stage: { type: 'string' },
      'no-wait': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    const [sub, runId] = positionals;
    if (sub !== undefined && sub !== 'show' && sub !== 'list') {
      throw new UsageError('reprocess', `unknown subcommand "${sub}"`);
    }
    if (sub === 'show' && !runId) throw new UsageError('reprocess show', 'give a run id');
    if (values.by !== undefined && values.by !== 'published' && values.by !== 'created') {
      throw new UsageError('reprocess', '--by must be published or created');
    }
    redis = await connectCliRedis(config, err);
    const keys = keysFor(config.redis.prefix);
    const stores = {
      reprocess: new ReprocessStore(redis, keys),
      reviews: new ReviewStore(redis, keys),
      feeds: new FeedStore(redis, keys),
    };
    if (sub === 'show') {
      const view = await reprocessView(stores, runId!);
      out(values.json ? JSON.stringify(view, null, 2) : formatRun(view));
      return 0;
    }
    if (sub === 'list') {
      for (const id of await stores.reprocess.list(20)) {
        const view = await reprocessView(stores, id).catch(() => null);
        if (view) out(`${progressLine(view)} (${describeScope(view.scope)})`);
      }
      return 0;
    }

    const body: ReprocessRequest = {};
    if (values.feed !== undefined) body.feed = values.feed;
    if (values['all-feeds']) body.feeds = 'all';
    if (values.article.length > 0) body.articles = values.article;
    if (values['all-articles']) body.articles = 'all';
    if (values.outlet !== undefined) body.outlet = values.outlet;
    if (values.from !== undefined) body.from = values.from;
    if (values.to !== undefined) body.to = values.to;
    if (values.by !== undefined) {
      body.dateField = values.by === 'published' ? 'publishedAt' : 'createdAt';
    }
    if (values.stage !== undefined) body.stage = values.stage as ReprocessRequest['stage'];
    const request = parseReprocessRequest(body);

    queues = new JobQueues(redis, keys.bullPrefix, config.jobs);
    const meta = await createReprocessRun(
      { ...stores, queues },
      request,
      process.env.USER ?? null,
      new Date(),
    );
    if (values['no-wait']) {
      out(
        values.json
          ? JSON.stringify({ id: meta.id })
          : `reprocess ${meta.id} started (${describeScope(meta.scope)}, from the ${meta.stage} stage)`,
      );
      return 0;
    }
    const view = await follow(stores, meta.id, options);
    if (!view) {
      err(`newsmon reprocess: still running; see newsmon reprocess show ${meta.id}`);
      return 1;
    }
    out(values.json ? JSON.stringify(view, null, 2) : formatRun(view));
    return view.status === 'done' ? 0 : 1;
  } catch (e) {
    if (e instanceof UsageError) {
      err(e.message);
      return 2;
    }
    const { code, message } = describeError(e);
    err(`newsmon reprocess: ${code}: ${message}`);
    return 1;
  } finally {
    await queues?.close();
    redis?.disconnect();
  }
}

/** Polls the run until it ends, drawing its progress. Null when the wait timed out. */
async function follow(
  stores: Parameters<typeof reprocessView>[0],
  id: string,
  options: ReprocessCommandOptions,
): Promise<ReprocessView | null> {
  const progress = options.progress ?? { tty: false, write: () => undefined };
  const deadline = options.timeoutMs ? Date.now() + options.timeoutMs : Infinity;
  let last = '';
  for (;;) {
    const view = await reprocessView(stores, id);
    const line = progress.tty ? progressBar(view) : progressLine(view);
    if (line !== last) {
      progress.write(progress.tty ? `\r${line}` : `${line}\n`);
      last = line;
    }
    if (view.status === 'done' || view.status === 'failed') {
      if (progress.tty) progress.write('\n');
      return view;
    }
    if (Date.now() > deadline) {
      if (progress.tty) progress.write('\n');
      return null;
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
  }
}

function counts(v: ReprocessView): string {
  const t = v.totals;
  const feeds = t.feeds > 0 ? `, ${t.feedsPolled}/${t.feeds} feeds polled` : '';
  return `${t.settled}/${t.articles} articles${feeds}${t.failed ? `, ${t.failed} failed` : ''}`;
}

export function progressLine(v: ReprocessView): string {
  return `reprocess ${v.id} ${v.status}: ${counts(v)}`;
}

const BAR = 30;
export function progressBar(v: ReprocessView): string {
  const filled = Math.round(v.progress * BAR);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${Math.round(v.progress * 100)
    .toString()
    .padStart(3)}% ${counts(v)}`;
}

function clip(text: string | null, n: number): string {
  const flat = (text ?? '—').replace(/\s+/g, ' ');
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
}

/** A run's scope in words, as the command line would give it. */
export function describeScope(scope: ReprocessScope): string {
  switch (scope.kind) {
    case 'feed':
      return `feed ${scope.feed}`;
    case 'feeds':
      return 'every feed';
    case 'all':
      return 'every article';
    case 'articles':
      return scope.ids.length === 1
        ? `article ${scope.ids[0]}`
        : `${scope.ids.length} articles (${scope.ids.slice(0, 3).join(', ')}${scope.ids.length > 3 ? ', …' : ''})`;
    case 'outlet':
      return `articles of outlet "${scope.outlet}"`;
    case 'dates': {
      const field = scope.field === 'publishedAt' ? 'published' : 'added';
      if (scope.from && scope.to) return `articles ${field} ${scope.from} to ${scope.to}`;
      return scope.from
        ? `articles ${field} since ${scope.from}`
        : `articles ${field} until ${scope.to}`;
    }
  }
}

const yesNo = (v: boolean | null) => (v === null ? '—' : v ? 'yes' : 'no');

export function formatRun(v: ReprocessView): string {
  const lines = [`${progressLine(v)} (${describeScope(v.scope)}, from the ${v.stage} stage)`];
  if (v.error) lines.push(`error: ${v.error.code}: ${v.error.message}`);
  const r = v.report;
  if (!r) return lines.join('\n');
  const a = r.articles;
  lines.push(
    `${a.total} articles: ${a.analyzed} analysed, ${a.skipped} skipped, ${a.failed} failed; ` +
      `${a.changed} changed verdict or relevance`,
  );
  if (r.changed.length) lines.push('', 'changed:');
  for (const c of r.changed) {
    lines.push(
      `  ${c.articleId}  verdict ${c.before.verdict ?? '—'} → ${c.after.verdict ?? '—'}  ` +
        `relevant ${yesNo(c.before.relevant)} → ${yesNo(c.after.relevant)}  ${c.url}`,
    );
  }
  const flags = (title: string, list: typeof r.newlyFlagged) => {
    if (!list.length) return;
    lines.push('', `${title} (${list.length}):`);
    for (const f of list) {
      lines.push(
        `  ${f.itemId}  ${(f.novelty ?? '—').padEnd(8)} ${(f.status ?? '—').padEnd(13)} ` +
          `${f.createdByRun ? 'new item ' : ''}${clip(f.statement, 70)}`,
      );
    }
  };
  flags('newly flagged', r.newlyFlagged);
  flags('no longer flagged', r.noLongerFlagged);
  for (const f of r.failed) lines.push(`failed:   ${f.articleId} ${f.reason ?? ''}`);
  for (const s of r.skipped) lines.push(`skipped:  ${s.articleId} ${s.reason ?? ''}`);
  for (const [feed, outcome] of Object.entries(r.feeds)) lines.push(`feed:     ${feed} ${outcome}`);
  return lines.join('\n');
}
