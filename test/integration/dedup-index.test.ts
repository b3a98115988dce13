// The near-duplicate index on a private Redis: behaviour, and that the layout stays compact.
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  bandHashes,
  LSH_BANDS,
  LSH_ROWS,
  MINHASH_PERMUTATIONS,
  minhashSignature,
} from '../../src/dedup/minhash.js';
import { DedupIndex, dedupKeys, LSH_SLOT_CAP } from '../../src/store/dedup-index.store.js';
import { createRedis, waitReady } from '../../src/store/redis-connection.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { prng } from '../helpers/prng.js';

const rand = prng(42);
const randomSet = (n: number) => Uint32Array.from({ length: n }, rand).sort();
const randomSig = () => Uint32Array.from({ length: MINHASH_PERMUTATIONS }, rand);

/** A copy of sig that agrees with it exactly on the given bands and nowhere else. */
function sharingBands(sig: Uint32Array, bands: number): Uint32Array {
  const out = randomSig();
  out.set(sig.subarray(0, bands * LSH_ROWS));
  return out;
}

describe('DedupIndex', () => {
  let server: TestRedis;
  let redis: Redis;
  let prefix: string;
  let index: DedupIndex;
  let seq = 0;

  beforeAll(async () => {
    server = await startTestRedis();
    redis = createRedis(server.url, 'worker', 'dedup-index-test');
    await waitReady(redis);
  });

  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  beforeEach(() => {
    seq += 1;
    prefix = `dedup${seq}`;
    index = new DedupIndex(redis, prefix);
  });
  afterEach(async () => {
    const left = await redis.keys(`${prefix}:*`);
    if (left.length > 0) await redis.del(...left);
  });

  it('adds documents under increasing numbers and finds one by its own signature', async () => {
    const sigs = [randomSig(), randomSig(), randomSig()];
    const numbers = [];
    for (const [i, sig] of sigs.entries()) numbers.push(await index.add(`doc-${i}`, sig));
    expect(numbers).toEqual([1, 2, 3]);
    expect(await index.size()).toBe(3);
    expect(await index.candidates(sigs[1]!)).toEqual([{ docId: 'doc-1', bands: LSH_BANDS }]);
  });

  it('is idempotent: adding a docId again keeps its number and does not duplicate it', async () => {
    const sig = randomSig();
    expect(await index.add('doc-a', sig)).toBe(1);
    expect(await index.add('doc-a', sig)).toBe(1);
    expect(await index.add('doc-a', randomSig())).toBe(1);
    expect(await index.size()).toBe(1);
    expect(await index.candidates(sig)).toEqual([{ docId: 'doc-a', bands: LSH_BANDS }]);
    const keys = dedupKeys(prefix);
    const h = bandHashes(sig)[0]!;
    const slot = await redis.hgetBuffer(keys.lshBucket(0, h), keys.lshField(h));
    expect(slot).toEqual(Buffer.from([1, 0, 0, 0]));
  });

  it('addMany numbers new documents in order and keeps the numbers of known ones', async () => {
    const [a, b, c] = [randomSig(), randomSig(), randomSig()];
    expect(await index.add('doc-a', a)).toBe(1);
    const numbers = await index.addMany([
      { docId: 'doc-b', sig: b },
      { docId: 'doc-a', sig: a },
      { docId: 'doc-c', sig: c },
      { docId: 'doc-b', sig: b },
    ]);
    expect(numbers).toEqual([2, 1, 3, 2]);
    expect(await index.addMany([])).toEqual([]);
    expect(await index.size()).toBe(3);
    expect(await index.candidates(b)).toEqual([{ docId: 'doc-b', bands: LSH_BANDS }]);
  });

  it('returns a near-copy as a candidate and not an unrelated document', async () => {
    const original = randomSet(400);
    // 90 % of the shingles kept, 40 new ones: Jaccard 360/440 ≈ 0.82.
    const nearCopy = Uint32Array.from([...original.subarray(0, 360), ...randomSet(40)]).sort();
    const unrelated = randomSet(400);
    await index.add('original', minhashSignature(original));
    await index.add('unrelated', minhashSignature(unrelated));

    const found = await index.candidates(minhashSignature(nearCopy));
    expect(found.map((c) => c.docId)).toEqual(['original']);
    // Expected 32 × 0.82^4 ≈ 14.5 shared bands.
    expect(found[0]!.bands).toBeGreaterThan(5);
    expect(await index.candidates(minhashSignature(randomSet(400)))).toEqual([]);
  });

  it('ranks candidates by shared bands, most first, and honours the limit', async () => {
    const query = randomSig();
    await index.add('one-band', sharingBands(query, 1));
    await index.add('twenty-bands', sharingBands(query, 20));
    await index.add('five-bands', sharingBands(query, 5));
    await index.add('none', randomSig());
    expect(await index.candidates(query)).toEqual([
      { docId: 'twenty-bands', bands: 20 },
      { docId: 'five-bands', bands: 5 },
      { docId: 'one-band', bands: 1 },
    ]);
    expect((await index.candidates(query, 2)).map((c) => c.docId)).toEqual([
      'twenty-bands',
      'five-bands',
    ]);
  });

  it('removes a document from its buckets and leaves the others sharing them', async () => {
    const sig = randomSig();
    await index.add('keep', sig);
    await index.add('drop', sig);
    expect(await index.remove('drop', sig)).toBe(true);
    expect(await index.remove('drop', sig)).toBe(false);
    expect(await index.size()).toBe(1);
    expect(await index.candidates(sig)).toEqual([{ docId: 'keep', bands: LSH_BANDS }]);
    expect(await index.remove('keep', sig)).toBe(true);
    expect(await index.candidates(sig)).toEqual([]);
    // Empty slots are deleted, and with them the bucket keys.
    expect(await redis.keys(`${prefix}:lsh:*`)).toEqual([]);
  });

  it('keeps at most LSH_SLOT_CAP copies per slot, the first ones', async () => {
    const sig = randomSig();
    for (let i = 0; i < LSH_SLOT_CAP + 4; i++) await index.add(`copy-${i}`, sig);
    const found = await index.candidates(sig);
    expect(found.map((c) => c.docId)).toEqual(
      Array.from({ length: LSH_SLOT_CAP }, (_, i) => `copy-${i}`),
    );
    expect(await index.size()).toBe(LSH_SLOT_CAP + 4);
    const keys = dedupKeys(prefix);
    expect(await redis.object('ENCODING', keys.lshBucket(0, bandHashes(sig)[0]!))).toBe('listpack');
  });

  it('keeps the copies first on the timeline in a full slot, whatever order they were indexed in', async () => {
    const sig = randomSig();
    const at = (i: number) => `2025-10-${String(10 + i).padStart(2, '0')}T00:00:00.000Z`;
    // Indexed latest first: each earlier one takes the place of the latest the slot holds.
    for (let i = LSH_SLOT_CAP + 3; i >= 0; i--) await index.add(`copy-${i}`, sig, undefined, at(i));
    const found = (await index.candidates(sig)).map((c) => c.docId).sort();
    expect(found).toEqual(Array.from({ length: LSH_SLOT_CAP }, (_, i) => `copy-${i}`).sort());
    // A corpus document (no timeline key) is before every article; a later article stays out.
    await index.add('seed', sig);
    await index.add('late', sig, undefined, at(40));
    const after = (await index.candidates(sig)).map((c) => c.docId);
    expect(after).toContain('seed');
    expect(after).not.toContain('late');
    expect(after).not.toContain(`copy-${LSH_SLOT_CAP - 1}`);
    expect(after).toHaveLength(LSH_SLOT_CAP);
  });

  it('forgets a removed document’s place on the timeline', async () => {
    const sig = randomSig();
    await index.add('a', sig, undefined, '2025-10-10T00:00:00.000Z');
    expect(await index.remove('a', sig)).toBe(true);
    expect(await redis.keys(`${prefix}:dedup:at:*`)).toEqual([]);
  });

  it('keeps every kind of key listpack-encoded', async () => {
    const sigs = Array.from({ length: 300 }, randomSig);
    await Promise.all(
      sigs.map((sig, i) => index.add(`doc-${i.toString().padStart(16, '0')}`, sig)),
    );
    const keys = dedupKeys(prefix);
    // Number bucket 1 holds doc numbers 128–255: a full bucket.
    expect(await redis.hlen(keys.numBucket(200))).toBe(128);
    const sample = [
      keys.meta,
      keys.numBucket(200),
      keys.idBucket('doc-0000000000000007'),
      keys.lshBucket(3, bandHashes(sigs[7]!)[3]!),
    ];
    for (const key of sample) expect(await redis.object('ENCODING', key)).toBe('listpack');
    const all = await redis.keys(`${prefix}:*`);
    const encodings = await Promise.all(all.map((k) => redis.object('ENCODING', k)));
    expect(new Set(encodings)).toEqual(new Set(['listpack']));
  });
});
