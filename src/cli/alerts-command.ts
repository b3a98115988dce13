// `newsmon alerts`: the outbound alert delivery log of a running newsmon, and replays.
import { parseArgs } from 'node:util';
import type { AppConfig } from '../config.js';
import { NewsmonError } from '../errors.js';
import { JobQueues } from '../jobs/job-queues.js';
import { replayDelivery } from '../pipeline/alert-deliver.handler.js';
import { AlertStore, DELIVERY_STATUSES, type AlertDelivery } from '../store/alert.store.js';
import { oneOf, withCliRedis, type Out } from './cli-redis.js';

export const ALERTS_USAGE = `usage: newsmon alerts [list] [--status pending|retrying|delivered|dead] [--limit N] [--json]
       newsmon alerts show ID [--json]     one delivery and every attempt (time, HTTP status or error, duration)
       newsmon alerts replay ID            queue a dead delivery again (a new job, the same webhook-id)`;

export async function runAlertsCommand(
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
      status: { type: 'string' },
      limit: { type: 'string', default: '50' },
    },
  });
  const [sub = 'list', id] = positionals;
  return withCliRedis(config, 'alerts', err, async (redis, keys) => {
    const alerts = new AlertStore(redis, keys);
    const need = (): string => {
      if (!id) throw new NewsmonError('INPUT_INVALID', `newsmon alerts ${sub}: give a delivery id`);
      return id;
    };
    switch (sub) {
      case 'list': {
        const status =
          values.status === undefined ? null : oneOf(values.status, DELIVERY_STATUSES, '--status');
        const page = await alerts.list(status, 0, Number(values.limit) || 50);
        out(values.json ? JSON.stringify(page, null, 2) : formatDeliveries(page.total, page.items));
        return 0;
      }
      case 'show': {
        const delivery = await alerts.get(need());
        if (!delivery) throw new NewsmonError('ALERT_DELIVERY_NOT_FOUND', need());
        out(values.json ? JSON.stringify(delivery, null, 2) : formatDelivery(delivery));
        return 0;
      }
      case 'replay': {
        const queues = new JobQueues(redis, keys.bullPrefix, config.jobs);
        try {
          const { jobId } = await replayDelivery(alerts, queues, need(), new Date());
          out(`${need()}: replay queued as ${jobId}`);
          return 0;
        } finally {
          await queues.close();
        }
      }
      default:
        err(`newsmon alerts: unknown subcommand "${sub}"\n${ALERTS_USAGE}`);
        return 2;
    }
  });
}

function lastAnswer(d: AlertDelivery): string {
  const a = d.attempts.at(-1);
  if (!a) return '—';
  return a.httpStatus !== null ? `HTTP ${a.httpStatus}` : (a.error ?? '—');
}

export function formatDeliveries(total: number, items: AlertDelivery[]): string {
  const rows = items.map(
    (d) =>
      `${d.id.padEnd(40)} ${d.status.padEnd(9)} ${d.format.padEnd(8)} ` +
      `${String(d.attempts.length).padStart(2)} tries  ${lastAnswer(d).padEnd(22)} ${d.updatedAt}`,
  );
  return [`${items.length} of ${total}`, ...rows].join('\n');
}

export function formatDelivery(d: AlertDelivery): string {
  const lines = [
    `${d.id} — ${d.status} (${d.format} to ${d.host}, webhook-id ${d.webhookId})`,
    `item:     ${d.itemId}`,
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
