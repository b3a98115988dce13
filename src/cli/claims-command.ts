// `newsmon claims`: the reviewer's queue in the terminal, against the Redis a running newsmon uses.
import os from 'node:os';
import type { AppConfig } from '../config.js';
import {
  REVIEW_STATUSES,
  type ReviewDecisionKind,
  type ReviewEntry,
  type StatementTimeline,
} from '../domain/article-record.js';
import { NewsmonError } from '../errors.js';
import { decideReview } from '../pipeline/review-decide.js';
import { DocumentStore } from '../store/document.store.js';
import { ReviewStore } from '../store/review.store.js';
import { StatementStore } from '../store/statement.store.js';
import { intFlag, oneOf, pageLine, parseCommandArgs, subcommand, withUsage } from './cli-args.js';
import { withCliRedis, type Out } from './cli-redis.js';

export const CLAIMS_USAGE = `usage: newsmon claims [list] [--status pending|confirmed-new|already-known|not-a-claim|wrong-speaker]
                            [--limit N] [--offset N] [--json]   (newest first; --limit 1-500, default 50)
       newsmon claims show ID [--json]     the statement, its evidence and where it was seen
       newsmon claims review ID --decision confirmed-new|already-known|not-a-claim|wrong-speaker
                            [--note TEXT] [--reviewer NAME]   (reviewer defaults to $USER)`;

export async function runClaimsCommand(
  config: AppConfig,
  args: string[],
  out: Out,
  err: Out,
): Promise<number> {
  return withUsage(err, () => claimsCommand(config, args, out, err));
}

async function claimsCommand(
  config: AppConfig,
  args: string[],
  out: Out,
  err: Out,
): Promise<number> {
  const { values, positionals } = parseCommandArgs('claims', args, {
    json: { type: 'boolean', default: false },
    status: { type: 'string', default: 'pending' },
    limit: { type: 'string' },
    offset: { type: 'string' },
    decision: { type: 'string' },
    note: { type: 'string' },
    reviewer: { type: 'string' },
  });
  const { sub, arg: id } = subcommand('claims', positionals, {
    list: null,
    show: 'an item id',
    review: 'an item id',
  });
  // Every flag is checked before Redis is asked anything.
  const status = oneOf('claims', values.status, REVIEW_STATUSES, '--status');
  const limit = intFlag('claims', '--limit', values.limit, { min: 1, max: 500 }, 50);
  const offset = intFlag('claims', '--offset', values.offset, { min: 0 }, 0);
  const decision =
    sub === 'review'
      ? oneOf(
          'claims review',
          values.decision,
          REVIEW_STATUSES.filter((s): s is ReviewDecisionKind => s !== 'pending'),
          '--decision',
        )
      : null;
  return withCliRedis(config, 'claims', err, async (redis, keys) => {
    const reviews = new ReviewStore(redis, keys);
    const deps = { reviews, documents: new DocumentStore(redis, keys) };
    if (sub === 'list') {
      const { total, items } = await reviews.list(status, offset, limit);
      out(
        values.json
          ? JSON.stringify({ total, offset, limit, items }, null, 2)
          : formatList(total, items, offset),
      );
      return 0;
    }
    if (sub === 'show') {
      const item = await reviews.get(id!);
      if (!item) throw new NewsmonError('REVIEW_NOT_FOUND', id!);
      const timeline = await new StatementStore(redis, keys).timeline(item.id);
      out(values.json ? JSON.stringify({ item, timeline }, null, 2) : formatShow(item, timeline));
      return 0;
    }
    const reviewer = values.reviewer ?? os.userInfo().username;
    const item = await decideReview(
      deps,
      id!,
      { decision: decision!, note: values.note ?? null, reviewer },
      new Date(),
    );
    out(`${item.id}: ${item.status} by ${reviewer}`);
    return 0;
  });
}

function clip(text: string, n: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
}

export function formatList(total: number, items: ReviewEntry[], offset = 0): string {
  const rows = items.map(
    (i) =>
      `${i.id}  ${i.claim.novelty.padEnd(8)} ${i.claim.kind.padEnd(5)} ${i.claim.worthiness.toFixed(2)}  ` +
      `${clip(i.claim.speaker ?? '—', 22).padEnd(22)}  ${clip(i.claim.text, 70)}`,
  );
  return [pageLine(total, items.length, offset), ...rows].join('\n');
}

export function formatShow(item: ReviewEntry, timeline: StatementTimeline): string {
  const c = item.claim;
  const lines = [
    `${item.id} — ${c.kind}, ${c.novelty}, ${item.status} (worth checking ${c.worthiness.toFixed(2)}: ${c.reasons.join(', ')})`,
    `“${c.text}”`,
    `speaker:  ${c.speaker ?? '—'}${c.speakerRole ? ` (${c.speakerRole})` : ''}`,
    `article:  ${item.article.siteName ?? ''} ${item.article.title ?? ''} ${item.article.url}`,
  ];
  if (c.nearest) {
    lines.push(
      `nearest:  ${c.nearest.doc} (${c.nearest.source ?? '?'}, ${c.nearest.score}) “${clip(c.nearest.text, 160)}”`,
    );
  }
  if (c.diff) lines.push(`differs:  − ${c.diff.removed.join(' ')}  + ${c.diff.added.join(' ')}`);
  if (c.conflict) {
    lines.push(`conflict: ${c.conflict.kind} ${c.conflict.ours} here, ${c.conflict.theirs} known`);
  }
  for (const q of c.quantities) lines.push(`number:   ${q.text} = ${q.normalized}`);
  lines.push('', 'timeline:');
  if (timeline.knownFrom) {
    lines.push(`  known    ${timeline.knownFrom.source} ${timeline.knownFrom.doc}`);
  }
  for (const s of timeline.sightings) {
    lines.push(
      `  ${(s.article.publishedAt ?? s.seenAt).padEnd(25)} ${s.novelty.padEnd(8)} ${s.article.siteName ?? ''} ${s.article.url}`,
    );
  }
  for (const d of item.decisions) {
    lines.push(`decided:  ${d.at} ${d.decision} by ${d.reviewer}${d.note ? ` — ${d.note}` : ''}`);
  }
  return lines.join('\n');
}
