// `newsmon doctor`: what is stuck, orphaned or failed in a running newsmon's pipeline, and with
// --fix, the same repair the workers' periodic sweep makes (src/pipeline/work-sweep.ts).
import { parseArgs } from 'node:util';
import type { AppConfig } from '../config.js';
import { NewsmonError } from '../errors.js';
import { JobQueues } from '../jobs/job-queues.js';
import { sweepWork, type SweepReport } from '../pipeline/work-sweep.js';
import { ArticleStore } from '../store/article.store.js';
import { withCliRedis, type Out } from './cli-redis.js';

export const DOCTOR_USAGE = `usage: newsmon doctor [--fix] [--stale-minutes N] [--json]

  Lists articles that are not in a final state and have no job to move them on (orphaned),
  those whose job failed for good without the article saying so (failed), and failed jobs per
  queue. Only articles untouched for --stale-minutes (default 10) count.
  --fix   queue each orphan's next job again, record each failed job's reason on its article,
          and queue alerts an analysis left pending`;

export async function runDoctorCommand(
  config: AppConfig,
  args: string[],
  out: Out,
  err: Out,
  now: () => Date = () => new Date(),
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      fix: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'stale-minutes': { type: 'string', default: '10' },
    },
  });
  return withCliRedis(config, 'doctor', err, async (redis, keys) => {
    const stale = Number(values['stale-minutes']);
    if (!Number.isFinite(stale) || stale < 0)
      throw new NewsmonError('INPUT_INVALID', '--stale-minutes must be a number ≥ 0');
    const queues = new JobQueues(redis, keys.bullPrefix, config.jobs);
    try {
      const report = await sweepWork(
        { articles: new ArticleStore(redis, keys), queues, now },
        { fix: values.fix, staleMs: stale * 60_000 },
      );
      const counts = await queues.counts();
      const failedJobs = Object.fromEntries(
        Object.entries(counts).map(([q, c]) => [q, c.failed ?? 0]),
      );
      out(
        values.json
          ? JSON.stringify({ ...report, failedJobs }, null, 2)
          : formatReport(report, failedJobs, values.fix),
      );
      // Non-zero while something needs a person or --fix.
      return !values.fix && report.orphaned.length + report.failed.length > 0 ? 1 : 0;
    } finally {
      await queues.close();
    }
  });
}

function formatReport(r: SweepReport, failedJobs: Record<string, number>, fix: boolean): string {
  const lines = [
    `articles scanned: ${r.scanned}, with a job moving them on: ${r.moving}`,
    `orphaned (no live job): ${r.orphaned.length}`,
    ...r.orphaned.map(
      (a) => `  ${a.articleId}  ${a.status.padEnd(9)} ${a.job} ${a.jobId} (${a.jobState})`,
    ),
    `failed job, article not marked: ${r.failed.length}`,
    ...r.failed.map((a) => `  ${a.articleId}  ${a.status.padEnd(9)} ${a.job} ${a.jobId}`),
    `failed jobs kept per queue: ${Object.entries(failedJobs)
      .map(([q, n]) => `${q} ${n}`)
      .join(', ')}`,
  ];
  if (fix) lines.push(`fixed: ${r.fixed}`);
  else if (r.orphaned.length + r.failed.length > 0) lines.push('run with --fix to repair');
  return lines.join('\n');
}
