// Where redis-server's time goes, by who asked: BullMQ's scripts and blocking pops, newsmon's own
// scripts (the near-duplicate index by name, the others by their first line) and plain commands.
// Opt-in (NEWSMON_BENCH_REDIS_PROFILE=1) because it records every command in SLOWLOG, which
// costs Redis time of its own: the figures say how Redis divides its work, not how much it does.
// SLOWLOG gives each top-level command's execution time; commands a script runs are logged too
// (client "?:0") and skipped here, being inside their script's time. A MULTI's commands are
// logged one by one (EXEC itself is not), so they count as what they are.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import { DEDUP_SCRIPTS } from '../src/store/dedup-index.store.js';

interface KnownScript {
  owner: ProfileRow['owner'];
  name: string;
  body: string;
  sha: string;
}

type Entry = [id: number, at: number, micros: number, args: string[], addr: string, name: string];

export interface ProfileRow {
  owner: 'BullMQ' | 'newsmon';
  what: string;
  calls: number;
  micros: number;
}

export class RedisProfile {
  private readonly rows = new Map<string, ProfileRow>();
  private readonly scripts: KnownScript[] = [
    ...bullmqScripts(),
    ...DEDUP_SCRIPTS.map((s) => ({ owner: 'newsmon' as const, ...s })),
  ];

  private constructor(
    private readonly redis: Redis,
    /** The bench's own connection name: its commands (SLOWLOG, INFO, job counts) are left out. */
    private readonly ignore: string,
    /** SLOWLOG's settings before the profile, put back by stop(). */
    private readonly settings: string[],
  ) {}

  static async start(redis: Redis, ownName: string): Promise<RedisProfile> {
    const settings = await redis.config('GET', 'slowlog-*');
    await redis.config('SET', 'slowlog-log-slower-than', '0', 'slowlog-max-len', '1000000');
    await redis.slowlog('RESET');
    return new RedisProfile(redis, ownName, settings);
  }

  /** Reads and empties SLOWLOG; called at every sample so that it never fills. */
  async drain(): Promise<void> {
    const [[, entries]] = (await this.redis.multi().slowlog('GET', -1).slowlog('RESET').exec()) as [
      [null, Entry[]],
      unknown,
    ];
    for (const [, , micros, args, addr, name] of entries) {
      if (addr === '?:0' || name === this.ignore) continue;
      const { owner, what } = this.classify(args, name);
      const key = `${owner} ${what}`;
      const row = this.rows.get(key) ?? { owner, what, calls: 0, micros: 0 };
      row.calls += 1;
      row.micros += micros;
      this.rows.set(key, row);
    }
  }

  async stop(): Promise<ProfileRow[]> {
    await this.drain();
    await this.redis.config('SET', ...this.settings);
    return [...this.rows.values()].sort((a, b) => b.micros - a.micros);
  }

  private classify(args: string[], name: string): Pick<ProfileRow, 'owner' | 'what'> {
    const cmd = String(args[0]).toLowerCase();
    // ioredis sends a script's text (EVAL) once per connection, then its SHA1 (EVALSHA).
    // SLOWLOG keeps 128 characters of an argument and says how many more there were.
    if (cmd === 'evalsha' || cmd === 'eval') {
      const arg = String(args[1]);
      const head = arg.replace(/\.\.\. \(\d+ more bytes\)$/, '');
      const known = this.scripts.find((s) =>
        cmd === 'evalsha' ? s.sha === arg : s.body.startsWith(head),
      );
      if (known) return { owner: known.owner, what: known.name };
      if (cmd === 'evalsha') return { owner: 'newsmon', what: `script ${arg.slice(0, 8)}` };
      const first = arg.split('\n').find((l) => l.trim() !== '') ?? '';
      return { owner: 'newsmon', what: `script: ${first.trim().slice(0, 48)}` };
    }
    // BullMQ's own connections (blocking pops, stalled checks) are named after their queue.
    if (name.includes(':bull:') || cmd === 'bzpopmin') return { owner: 'BullMQ', what: cmd };
    return { owner: 'newsmon', what: cmd };
  }
}

/** BullMQ's Lua scripts: ioredis runs each by EVALSHA of its exact text. */
function bullmqScripts(): KnownScript[] {
  const scripts = createRequire(import.meta.url)('bullmq/dist/cjs/scripts/index.js') as Record<
    string,
    { name?: string; content?: string }
  >;
  return Object.values(scripts).flatMap(({ name, content }) =>
    name && content
      ? [
          {
            owner: 'BullMQ' as const,
            name,
            body: content,
            sha: createHash('sha1').update(content).digest('hex'),
          },
        ]
      : [],
  );
}

/**
 * Lines for the soak's report: per article, each owner's total and its costliest entries, as a
 * share of extraction, then what Redis spent outside commands.
 */
export function profileLines(
  rows: ProfileRow[],
  articles: number,
  extractMs: number,
  redisCpuMs: number,
): string[] {
  const us = (micros: number) => micros / articles;
  const share = (micros: number) => `${((us(micros) / 1000 / extractMs) * 100).toFixed(1)} %`;
  const lines: string[] = [
    'redis time by owner (SLOWLOG of every command; µs per article, share of extractArticle):',
  ];
  let inCommands = 0;
  for (const owner of ['BullMQ', 'newsmon'] as const) {
    const mine = rows.filter((r) => r.owner === owner);
    const total = mine.reduce((sum, r) => sum + r.micros, 0);
    inCommands += total;
    const top = mine
      .slice(0, owner === 'BullMQ' ? 4 : 8)
      .map((r) => `${r.what} ${(r.calls / articles).toFixed(1)}× ${us(r.micros).toFixed(0)}`)
      .join(', ');
    lines.push(`  ${owner} ${us(total).toFixed(0)} µs = ${share(total)}: ${top}`);
  }
  const outside = redisCpuMs * 1000 * articles - inCommands;
  lines.push(
    `  outside commands (sockets, event loop, the profiling itself) ${us(outside).toFixed(0)} µs = ` +
      `${share(outside)}; profiling inflates the CPU figure above, so read only the split here`,
  );
  return lines;
}
