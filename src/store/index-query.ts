// Filtered, ordered pages over Redis secondary indexes. The set filters and the score range are
// intersected inside Redis (ZINTERSTORE over sorted sets and plain sets, in C), so a request
// moves only the matching ids; a text filter, which no set can answer, then reads a short field
// per remaining id in batches and never a whole record.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface IndexQuery {
  /** Sorted set whose scores order the result, highest first. */
  order: string;
  /** Only members whose score in `order` lies in [min, max]. */
  orderRange?: { min: number; max: number };
  /** Only members whose score in this other sorted set lies in [min, max]. */
  range?: { key: string; min: number; max: number };
  /** Sets (or sorted sets) every member must belong to. */
  all: string[];
  /** Groups of sets; a member must belong to at least one set of each group. */
  any: string[][];
  /**
   * A filter no index answers: given a batch of candidate ids in order, which to keep. Called
   * on at most BATCH ids at a time, for every batch at once.
   */
  test?: (ids: string[]) => Promise<boolean[]>;
  offset: number;
  /** null: every match (exports). */
  limit: number | null;
}

const BATCH = 1_000;

/**
 * The total number of matches and the ids of one page, in `order`. Temporary keys live only
 * inside the one MULTI that creates and deletes them.
 */
export async function queryIndex(
  redis: Redis,
  tempKey: (id: string) => string,
  q: IndexQuery,
): Promise<{ total: number; ids: string[] }> {
  const temps: string[] = [];
  const temp = () => {
    const key = tempKey(randomUUID());
    temps.push(key);
    return key;
  };
  const tx = redis.multi();
  let queued = 0;
  const inputs: string[] = [q.order];
  if (q.range) {
    const key = temp();
    tx.zrangestore(key, q.range.key, q.range.min, q.range.max, 'BYSCORE');
    queued++;
    inputs.push(key);
  }
  for (const group of q.any) {
    if (group.length === 1) {
      inputs.push(group[0]!);
      continue;
    }
    const key = temp();
    // An empty group matches nothing: the union of one key that does not exist.
    tx.sunionstore(key, ...(group.length > 0 ? group : [temp()]));
    queued++;
    inputs.push(key);
  }
  inputs.push(...q.all);
  let source = q.order;
  if (inputs.length > 1) {
    source = temp();
    // Weight 0 for the filters: every member keeps its score in `order`.
    const weights = inputs.map((_, i) => (i === 0 ? 1 : 0));
    tx.zinterstore(source, inputs.length, ...inputs, 'WEIGHTS', ...weights);
    queued++;
  }
  const max = q.orderRange ? String(q.orderRange.max) : '+inf';
  const min = q.orderRange ? String(q.orderRange.min) : '-inf';
  const paged = !q.test && q.limit !== null;
  const at = queued;
  if (paged) {
    tx.zcount(source, min, max);
    tx.zrevrangebyscore(source, max, min, 'LIMIT', q.offset, q.limit!);
  } else {
    tx.zrevrangebyscore(source, max, min);
  }
  if (temps.length > 0) tx.del(...temps);
  const rows = (await tx.exec()) ?? [];
  for (const [err] of rows) if (err) throw err;
  if (paged) return { total: Number(rows[at]![1]), ids: rows[at + 1]![1] as string[] };
  const candidates = rows[at]![1] as string[];
  if (!q.test) {
    const end = q.limit === null ? undefined : q.offset + q.limit;
    return { total: candidates.length, ids: candidates.slice(q.offset, end) };
  }

  let total = 0;
  const ids: string[] = [];
  const end = q.limit === null ? Infinity : q.offset + q.limit;
  // All batches at once: ioredis pipelines them, so the scan costs about one round trip.
  const batches: string[][] = [];
  for (let i = 0; i < candidates.length; i += BATCH) batches.push(candidates.slice(i, i + BATCH));
  const keeps = await Promise.all(batches.map((b) => q.test!(b)));
  batches.forEach((batch, b) =>
    batch.forEach((id, j) => {
      if (!keeps[b]![j]) return;
      if (total >= q.offset && total < end) ids.push(id);
      total++;
    }),
  );
  return { total, ids };
}

/** An outlet or site name as indexed: lower-case, single spaces. */
export function outletKey(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Epoch ms of an ISO date, or null when there is none or it does not parse. */
export function dateMs(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}
