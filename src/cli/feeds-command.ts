// `newsmon feeds`: the feed registry in the terminal, against the Redis a running newsmon uses.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { AppConfig } from '../config.js';
import { NewsmonError } from '../errors.js';
import type { FeedStatus } from '../feeds/feed-status.js';
import { toOpml } from '../feeds/opml.js';
import { JobQueues } from '../jobs/job-queues.js';
import {
  addFeed,
  feedStatusOf,
  importOpml,
  removeFeed,
  type FeedManageDeps,
} from '../pipeline/feed-manage.js';
import type { FeedStore } from '../store/feed.store.js';
import { withCliRedis, type Out } from './cli-redis.js';
import { buildPipelineDeps } from '../pipeline/pipeline-deps.js';
import { websubActive } from '../websub/callback-params.js';

export const FEEDS_USAGE = `usage: newsmon feeds [list] [--json]
       newsmon feeds show ID [--json]          status and the last polls
       newsmon feeds add URL [--id ID] [--outlet NAME] [--title TITLE]
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
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      id: { type: 'string' },
      outlet: { type: 'string' },
      title: { type: 'string' },
    },
  });
  const [sub = 'list', arg] = positionals;
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
      const need = (what: string): string => {
        if (!arg) throw new NewsmonError('INPUT_INVALID', `newsmon feeds ${sub}: give ${what}`);
        return arg;
      };
      const status = (id: string) =>
        feedStatusOf(deps.feeds, id, config.polling.quietAfterSeconds, new Date());
      switch (sub) {
        case 'list': {
          const all = await Promise.all((await deps.feeds.list()).map((f) => status(f.id)));
          out(values.json ? JSON.stringify(all, null, 2) : formatList(all));
          return 0;
        }
        case 'show': {
          const s = await status(need('a feed id'));
          const polls = await deps.feeds.history(s.id, 20);
          out(values.json ? JSON.stringify({ ...s, polls }, null, 2) : formatShow(s, polls));
          return 0;
        }
        case 'add': {
          const { feed, entries } = await addFeed(manage, {
            url: need('a feed URL'),
            ...(values.id ? { id: values.id } : {}),
            ...(values.outlet ? { outlet: values.outlet } : {}),
            ...(values.title ? { title: values.title } : {}),
          });
          out(`added ${feed.id} (${feed.title}): ${entries} entries now`);
          return 0;
        }
        case 'remove':
          await removeFeed(manage, need('a feed id'));
          out(`removed ${arg}`);
          return 0;
        case 'poll': {
          const id = need('a feed id');
          if (!(await deps.feeds.get(id))) throw new NewsmonError('FEED_UNKNOWN', id);
          out(`queued ${await queues.pollNow(id, new Date())}`);
          return 0;
        }
        case 'import': {
          const result = await importOpml(manage, await readFile(need('an OPML file'), 'utf8'));
          out(`imported ${result.added.length} feeds, skipped ${result.skipped.length}`);
          result.skipped.forEach((s) => out(`  skipped ${s.line}: ${s.reason}`));
          return 0;
        }
        case 'export':
          out(toOpml(await deps.feeds.list(), 'newsmon feeds'));
          return 0;
        default:
          err(`newsmon feeds: unknown subcommand "${sub}"\n${FEEDS_USAGE}`);
          return 2;
      }
    } finally {
      await queues.close();
      await deps.http.close();
    }
  });
}

function ago(iso: string | null, now = Date.now()): string {
  if (!iso) return '—';
  const s = Math.round((Date.parse(iso) - now) / 1000);
  const abs = Math.abs(s);
  const text =
    abs < 90
      ? `${abs}s`
      : abs < 5400
        ? `${Math.round(abs / 60)}m`
        : abs < 172_800
          ? `${Math.round(abs / 3600)}h`
          : `${Math.round(abs / 86_400)}d`;
  return s < 0 ? `${text} ago` : `in ${text}`;
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
    `polled:     ${ago(s.lastPolledAt)} (${s.lastOutcome ?? '—'}), next ${ago(s.nextPollAt)}`,
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
