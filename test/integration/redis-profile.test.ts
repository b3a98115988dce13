// The soak's Redis profile (bench/redis-profile.ts) attributes each command to whoever sent it:
// the account in docs/benchmarks.md of where Redis time goes rests on this split being right.
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileLines, RedisProfile } from '../../bench/redis-profile.js';
import { minhashSignature } from '../../src/dedup/minhash.js';
import { fingerprint } from '../../src/dedup/fingerprint.js';
import { DedupIndex } from '../../src/store/dedup-index.store.js';
import { createRedis, waitReady } from '../../src/store/redis-connection.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

describe('RedisProfile', () => {
  let redis: TestRedis;
  let bench: ReturnType<typeof createRedis>;
  let app: ReturnType<typeof createRedis>;

  beforeAll(async () => {
    redis = await startTestRedis();
    bench = createRedis(redis.url, 'worker', 'profile-bench');
    app = createRedis(redis.url, 'worker', 'newsmon-store');
    await Promise.all([waitReady(bench), waitReady(app)]);
  });
  afterAll(async () => {
    bench.disconnect();
    app.disconnect();
    await redis.stop();
  });

  it('puts BullMQ scripts, the dedup index, other newsmon scripts and plain commands apart, leaving out script internals and the bench', async () => {
    const profile = await RedisProfile.start(bench, 'profile-bench');
    const queue = new Queue('profiled', { connection: app, prefix: 'p:bull' });
    await queue.add('job', { n: 1 }, { jobId: 'job-1' });
    const text = 'Officers were told not to assist federal agents at the Brighton Park protest.';
    await new DedupIndex(app, 'p').add(
      'doc-1',
      minhashSignature(fingerprint('doc-1', 'ingested', text).shingles),
    );
    await app.eval("return redis.call('INCR', KEYS[1])", 1, 'p:counter');
    await app.hset('p:h', 'f', 'v');
    await bench.get('p:bench-only');
    const rows = await profile.stop();
    await queue.close();

    const what = (owner: string) => rows.filter((r) => r.owner === owner).map((r) => r.what);
    expect(what('BullMQ')).toContain('addStandardJob');
    expect(what('newsmon')).toEqual(
      expect.arrayContaining([
        'dedup index add',
        "script: return redis.call('INCR', KEYS[1])",
        'hset',
      ]),
    );
    // Commands run inside scripts (HSETNX, INCR, LPUSH...) are part of their script's time.
    expect(what('newsmon')).not.toContain('incr');
    expect(what('BullMQ')).not.toContain('lpush');
    expect(rows.some((r) => r.what === 'get' || r.what.startsWith('slowlog'))).toBe(false);
    expect(rows.every((r) => r.calls >= 1 && r.micros >= 0)).toBe(true);

    // One "article", 10 ms of extraction, 1 s of Redis CPU (more than the commands took).
    const lines = profileLines(rows, 1, 10, 1000);
    expect(lines[1]).toMatch(/^ {2}BullMQ \d+ µs = [\d.]+ %: .*addStandardJob \d\.\d× \d+/);
    expect(lines[2]).toMatch(/^ {2}newsmon \d+ µs = [\d.]+ %: .*dedup index add \d\.\d× \d+/);
    expect(lines[3]).toMatch(/^ {2}outside commands .* \d+ µs = [\d.]+ %/);
  });
});
