// `newsmon alerts`: the outbound alert delivery log of a running newsmon, and replays.
import type { AppConfig } from '../config.js';
import { NewsmonError } from '../errors.js';
import { JobQueues } from '../jobs/job-queues.js';
import { replayDelivery } from '../pipeline/alert-deliver.handler.js';
import { AlertStore, DELIVERY_STATUSES, type AlertDelivery } from '../store/alert.store.js';
import { intFlag, oneOf, pageLine, parseCommandArgs, subcommand, withUsage } from './cli-args.js';
import { withCliRedis, type Out } from './cli-redis.js';

export const ALERTS_USAGE = `usage: newsmon alerts [list] [--status pending|retrying|delivered|dead] [--limit N] [--offset N] [--json]
       newsmon alerts show ID [--json]     one delivery and every attempt (time, HTTP status or error, duration)
       newsmon alerts replay ID            queue a dead delivery again (a new job, the same webhook-id)`;

export async function runAlertsCommand(
  config: AppConfig,
  args: string[],
  out: Out,
  err: Out,
): Promise<number> {
  return withUsage(err, () => alertsCommand(config, args, out, err));
}

async function alertsCommand(
  config: AppConfig,
  args: string[],
  out: Out,
  err: Out,
): Promise<number> {
  const { values, positionals } = parseCommandArgs('alerts', args, {
    json: { type: 'boolean', default: false },
    status: { type: 'string' },
    limit: { type: 'string' },
    offset: { type: 'string' },
  });
  const { sub, arg: id } = subcommand('alerts', positionals, {
    list: null,
    show: 'a delivery id',
    replay: 'a delivery id',
  });
  const status =
    values.status === undefined
      ? null
      : oneOf('alerts', values.status, DELIVERY_STATUSES, '--status');
  const limit = intFlag('alerts', '--limit', values.limit, { min: 1, max: 500 }, 50);
  const offset = intFlag('alerts', '--offset', values.offset, { min: 0 }, 0);
  return withCliRedis(config, 'alerts', err, async (redis, keys) => {
    const alerts = new AlertStore(redis, keys);
    if (sub === 'list') {
      const page = await alerts.list(status, offset, limit);
      out(
        values.json
          ? JSON.stringify({ ...page, offset, limit }, null, 2)
          : formatDeliveries(page.total, page.items, offset),
      );
      return 0;
    }
    if (sub === 'show') {
      const delivery = await alerts.get(id!);
      if (!delivery) throw new NewsmonError('ALERT_DELIVERY_NOT_FOUND', id!);
      out(values.json ? JSON.stringify(delivery, null, 2) : formatDelivery(delivery));
      return 0;
    }
    const queues = new JobQueues(redis, keys.bullPrefix, config.jobs);
    try {
      const { jobId } = await replayDelivery(alerts, queues, id!, new Date());
      out(`${id}: replay queued as ${jobId}`);
      return 0;
    } finally {
      await queues.close();
    }
  });
}

function lastAnswer(d: AlertDelivery): string {
  const a = d.attempts.at(-1);
  if (!a) return '—';
  return a.httpStatus !== null ? `HTTP ${a.httpStatus}` : (a.error ?? '—');
}

export function formatDeliveries(total: number, items: AlertDelivery[], offset = 0): string {
  const rows = items.map(
    (d) =>
      `${d.id.padEnd(40)} ${d.status.padEnd(9)} ${d.format.padEnd(8)} ` +
      `${String(d.attempts.length).padStart(2)} tries  ${lastAnswer(d).padEnd(22)} ${d.updatedAt}`,
  );
  return [pageLine(total, items.length, offset), ...rows].join('\n');
}

export function formatDelivery(d: AlertDelivery): string {
  const lines = [
    `${d.id} — ${d.status} (${d.format} to ${d.host}, webhook-id ${d.webhookId})`,
    d.feedHealth
      ? `feed:     ${d.feedHealth.feedId} ${d.feedHealth.from} → ${d.feedHealth.to} ` +
        `(#${d.feedHealth.seq}, since ${d.feedHealth.since}): ${d.feedHealth.reason}`
      : `item:     ${d.itemId}`,
    `created:  ${d.createdAt}${d.deliveredAt ? `   delivered: ${d.deliveredAt}` : ''}${
      d.deadAt ? `   dead: ${d.deadAt}` : ''
    }${d.replays ? `   replays: ${d.replays}` : ''}`,
    'attempts:',
  ];
  for (const a of d.attempts) {
    const answer = a.httpStatus !== null ? `HTTP ${a.httpStatus}` : 'no answer';
    lines.push(
      `  #${a.attempt} ${a.at}  ${answer.padEnd(10)} ${String(a.durationMs).padStart(6)} ms` +
        `${a.error ? `  ${a.error}${a.message ? `: ${a.message}` : ''}` : ''}`,
    );
  }
  return lines.join('\n');
}
