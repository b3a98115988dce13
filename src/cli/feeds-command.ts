// `newsmon feeds`: the feed registry in the terminal, against the Redis a running newsmon uses.
import { readFile } from 'node:fs/promises';
import type { AppConfig } from '../config.js';
import { NewsmonError } from '../errors.js';
import type { FeedStatus } from '../feeds/feed-status.js';
import { toOpml } from '../feeds/opml.js';
import { JobQueues } from '../jobs/job-queues.js';
import {
  addFeed,
  feedStatusOf,
  importOpml,
  FeedIsPageError,
  removeFeed,
  updateFeed,
  type FeedManageDeps,
} from '../pipeline/feed-manage.js';
import type { FeedEdit } from '../store/feed.store.js';
import type { FeedStore } from '../store/feed.store.js';
import { durationFlag, parseCommandArgs, subcommand, UsageError, withUsage } from './cli-args.js';
import { withCliRedis, type Out } from './cli-redis.js';
import { buildPipelineDeps } from '../pipeline/pipeline-deps.js';
import { websubActive } from '../websub/callback-params.js';

export const FEEDS_USAGE = `usage: newsmon feeds [list] [--json]
       newsmon feeds show ID [--json]          status, next poll and why, the last polls
       newsmon feeds add URL [--id ID] [--outlet NAME] [--title TITLE] [--interval 10m]
                                               (a web page: the feeds it names are offered)
       newsmon feeds set ID [--interval 10m|600|default] [--outlet NAME] [--title TITLE]
                            [--enable|--disable]   takes effect without a restart
       newsmon feeds remove ID
       newsmon feeds poll ID                   poll now, outside the schedule
       newsmon feeds import FILE.opml
       newsmon feeds export                    OPML on standard output`;

export async function runFeedsCommand(
  config: AppConfig,
  args: string[],
  out: Out,
  err: Out,
): Promise<number> {
  return withUsage(err, () => feedsCommand(config, args, out, err));
}

const NEEDS: Record<string, string | null> = {
  list: null,
  export: null,
  show: 'a feed id',
  add: 'a feed URL',
  set: 'a feed id',
  remove: 'a feed id',
  poll: 'a feed id',
  import: 'an OPML file',
};

async function feedsCommand(config: AppConfig, args: string[], out: Out, err: Out) {
  const { values, positionals } = parseCommandArgs('feeds', args, {
    json: { type: 'boolean', default: false },
    id: { type: 'string' },
    outlet: { type: 'string' },
    title: { type: 'string' },
    interval: { type: 'string' },
    enable: { type: 'boolean' },
    disable: { type: 'boolean' },
  });
  const { sub, arg } = subcommand('feeds', positionals, NEEDS);
  const interval =
    values.interval === undefined
      ? undefined
      : durationFlag(`feeds ${sub}`, '--interval', values.interval);
  if (interval !== undefined && interval !== null && interval < 60) {
    throw new UsageError(`feeds ${sub}`, '--interval must be at least 60 seconds');
  }
  const edit = sub === 'set' ? feedEdit(values, interval) : null;
  return withCliRedis(config, 'feeds', err, async (redis, keys) => {
    const deps = buildPipelineDeps(config, redis, () => new Date());
    const queues = new JobQueues(redis, keys.bullPrefix, config.jobs);
    const manage: FeedManageDeps = {
      feeds: deps.feeds,
      queues,
      fetch: deps.fetch,
      tickSeconds: config.polling.tickSeconds,
      now: deps.now,
      websub: websubActive(config.websub),
    };
    try {
      const status = (id: string) =>
        feedStatusOf(deps.feeds, id, config.polling.quietAfterSeconds, new Date());
      switch (sub) {
        case 'list': {
          const all = await Promise.all((await deps.feeds.list()).map((f) => status(f.id)));
          out(values.json ? JSON.stringify(all, null, 2) : formatList(all));
          return 0;
        }
        case 'show': {
          const s = await status(arg!);
          const polls = await deps.feeds.history(s.id, 20);
          out(values.json ? JSON.stringify({ ...s, polls }, null, 2) : formatShow(s, polls));
          return 0;
        }
        case 'add':
          return await add(manage, arg!, values, interval ?? undefined, out, err);
        case 'set': {
          await updateFeed({ ...manage, polling: config.polling }, arg!, edit!);
          const s = await status(arg!);
          out(values.json ? JSON.stringify(s, null, 2) : formatSet(s));
          return 0;
        }
        case 'remove':
          await removeFeed(manage, arg!);
          out(`removed ${arg}`);
          return 0;
        case 'poll': {
          if (!(await deps.feeds.get(arg!))) throw new NewsmonError('FEED_UNKNOWN', arg!);
          out(`queued ${await queues.pollNow(arg!, new Date())}`);
          return 0;
        }
        case 'import': {
          const result = await importOpml(manage, await readFile(arg!, 'utf8'));
          out(`imported ${result.added.length} feeds, skipped ${result.skipped.length}`);
          result.skipped.forEach((s) => out(`  skipped ${s.line}: ${s.reason}`));
          return 0;
        }
        default:
          out(toOpml(await deps.feeds.list(), 'newsmon feeds'));
          return 0;
      }
    } finally {
      await queues.close();
      await deps.http.close();
    }
  });
}

function feedEdit(
  values: { outlet?: string; title?: string; enable?: boolean; disable?: boolean },
  interval: number | null | undefined,
): FeedEdit {
  if (values.enable && values.disable) {
    throw new UsageError('feeds set', 'give --enable or --disable, not both');
  }
  const edit: FeedEdit = {
    ...(interval !== undefined ? { intervalSeconds: interval } : {}),
    ...(values.outlet !== undefined ? { outlet: values.outlet } : {}),
    ...(values.title !== undefined ? { title: values.title } : {}),
    ...(values.enable ? { enabled: true } : values.disable ? { enabled: false } : {}),
  };
  if (Object.keys(edit).length === 0) {
    throw new UsageError(
      'feeds set',
      'give at least one of --interval, --outlet, --title, --enable, --disable',
    );
  }
  return edit;
}

/** Adds a feed; a web page instead of a feed is answered with the feeds it names. */
async function add(
  manage: FeedManageDeps,
  url: string,
  values: { id?: string; outlet?: string; title?: string },
  intervalSeconds: number | undefined,
  out: Out,
  err: Out,
): Promise<number> {
  try {
    const { feed, entries } = await addFeed(manage, {
      url,
      ...(values.id ? { id: values.id } : {}),
      ...(values.outlet ? { outlet: values.outlet } : {}),
      ...(values.title ? { title: values.title } : {}),
      ...(intervalSeconds ? { intervalSeconds } : {}),
    });
    out(`added ${feed.id} (${feed.title}): ${entries} entries now`);
    return 0;
  } catch (e) {
    if (!(e instanceof FeedIsPageError)) throw e;
    if (e.feeds.length === 0) {
      err(`newsmon feeds add: ${url} is a web page, not a feed, and names no feed of its own`);
      return 1;
    }
    err(`newsmon feeds add: ${url} is a web page, not a feed. It names:`);
    for (const f of e.feeds) err(`  ${f.url}${f.title ? `  (${f.title})` : ''}`);
    err(`add one with: newsmon feeds add ${e.feeds[0]!.url}`);
    return 1;
  }
}

function formatSet(s: FeedStatus): string {
  const interval = s.intervalSeconds === null ? 'the default' : duration(s.intervalSeconds);
  const head = `${s.id} — ${s.title} (${s.outlet}): every ${interval}`;
  return s.enabled
    ? `${head}, enabled; next poll ${ago(s.nextPollAt)}${nextPollWhy(s)}`
    : `${head}, disabled (not polled until enabled)`;
}

function ago(iso: string | null, now = Date.now()): string {
  if (!iso) return '—';
  const s = Math.round((Date.parse(iso) - now) / 1000);
  const text = duration(Math.abs(s));
  return s < 0 ? `${text} ago` : `in ${text}`;
}

function duration(abs: number): string {
  return abs < 90
    ? `${abs}s`
    : abs < 5400
      ? `${Math.round(abs / 60)}m`
      : abs < 172_800
        ? `${Math.round(abs / 3600)}h`
        : `${Math.round(abs / 86_400)}d`;
}

/** Why the next poll is when it is, in words: " (server hint 6h, capped)". */
export function nextPollWhy(s: FeedStatus): string {
  const hint = s.serverHintSeconds === null ? '' : duration(s.serverHintSeconds);
  switch (s.nextPollReason) {
    case null:
      return '';
    case 'interval':
      return hint ? ` (the interval; server hint ${hint} not used)` : ' (the interval)';
    case 'server-hint':
      return ` (server hint ${hint})`;
    case 'server-hint-capped':
      return ` (server hint ${hint}, capped by polling.serverHintCapSeconds)`;
    case 'error-backoff':
      return ` (backoff after ${s.consecutiveErrors} errors in a row)`;
    case 'retry-after':
      return ' (the server’s Retry-After)';
    case 'host-backoff':
      return ' (the host is backing off)';
  }
}

export function formatList(feeds: FeedStatus[]): string {
  const rows = feeds.map((f) => [
    f.id,
    f.health,
    ago(f.lastPolledAt),
    ago(f.nextPollAt),
    ago(f.lastNewAt),
    String(f.entriesSeen),
    f.lastError ? `${f.lastError.code} (${f.consecutiveErrors}×)` : '',
  ]);
  const head = ['FEED', 'HEALTH', 'POLLED', 'NEXT', 'LAST NEW', 'ENTRIES', 'ERROR'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

function formatShow(s: FeedStatus, polls: Awaited<ReturnType<FeedStore['history']>>): string {
  const lines = [
    `${s.id} — ${s.title} (${s.outlet})`,
    `url:        ${s.url}`,
    `health:     ${s.health}${s.lastError ? ` — ${s.lastError.code}: ${s.lastError.message}` : ''}`,
    `polled:     ${ago(s.lastPolledAt)} (${s.lastOutcome ?? '—'}), next ${ago(s.nextPollAt)}${nextPollWhy(s)}`,
    `interval:   ${s.intervalSeconds === null ? 'the default' : duration(s.intervalSeconds)}${s.enabled ? '' : ', disabled'}`,
    `new:        last ${ago(s.lastNewAt)}; quiet after ${s.quietAfterHours} h (${s.quietWindowSource})`,
    `entries:    ${s.entriesSeen} seen, ${s.prefilterDropped} dropped by the pre-filter`,
    ...s.urlChanges.map((c) => `moved:      ${c.at} ${c.from} → ${c.to} (${c.reason})`),
    '',
    'WHEN                      OUTCOME       HTTP  MS     BYTES     ENTRIES  NEW  ERROR',
    ...polls.map(
      (p) =>
        `${p.at.padEnd(26)}${p.outcome.padEnd(14)}${String(p.httpStatus ?? '—').padEnd(6)}${String(p.durationMs).padEnd(7)}${String(p.bytes).padEnd(10)}${String(p.entries).padEnd(9)}${String(p.fresh).padEnd(5)}${p.error ? p.error.code : ''}`,
    ),
  ];
  return lines.join('\n');
}
