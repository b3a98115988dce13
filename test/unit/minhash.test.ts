// MinHash must be stable across restarts and machines (signatures are stored in Redis), so the
// outputs are pinned twice: hard-coded numbers, and an independent BigInt implementation that
// cannot be silently wrong in the same way 32-bit Math.imul code can.
import { describe, expect, it } from 'vitest';
import { intersectionSize, shingleHashes } from '../../src/dedup/fingerprint.js';
import {
  bandHashes,
  estimateJaccard,
  fmix32,
  LSH_BANDS,
  LSH_ROWS,
  MINHASH_PERMUTATIONS,
  minhashSignature,
} from '../../src/dedup/minhash.js';
import { words } from '../../src/text/normalize.js';
import { prng } from '../helpers/prng.js';

// --- the reference: the same definitions in BigInt, masked to 32 bits after every step ---
const M32 = 0xffffffffn;
const mul32 = (a: bigint, b: bigint) => (a * b) & M32;
const rotl32 = (x: bigint, r: bigint) => ((x << r) | (x >> (32n - r))) & M32;

function refFmix32(x: bigint): bigint {
  let h = x & M32;
  h ^= h >> 16n;
  h = mul32(h, 0x85ebca6bn);
  h ^= h >> 13n;
  h = mul32(h, 0xc2b2ae35n);
  h ^= h >> 16n;
  return h;
}

function refSignature(shingles: number[], seed = 0x6e657773n): bigint[] {
  const out: bigint[] = [];
  for (let i = 1n; i <= 128n; i++) {
    const s = refFmix32(seed ^ mul32(i, 0x9e3779b9n));
    let min = M32;
    for (const x of shingles) {
      const h = refFmix32(BigInt(x) ^ s);
      if (h < min) min = h;
    }
    out.push(min);
  }
  return out;
}

/** murmur3_x86_32 of whole little-endian 32-bit words (no tail bytes). */
function refMurmur3(words: bigint[], seed: bigint): bigint {
  let h = seed & M32;
  for (const w of words) {
    let k = mul32(w, 0xcc9e2d51n);
    k = rotl32(k, 15n);
    k = mul32(k, 0x1b873593n);
    h ^= k;
    h = rotl32(h, 13n);
    h = (mul32(h, 5n) + 0xe6546b64n) & M32;
  }
  return refFmix32(h ^ BigInt(words.length * 4));
}

/** Each band is murmur3 of its 4 rows, seeded with the band index. */
function refBands(sig: bigint[]): bigint[] {
  return Array.from({ length: 32 }, (_, b) => refMurmur3(sig.slice(b * 4, b * 4 + 4), BigInt(b)));
}

// --- deterministic synthetic sets ---------------------------------------------------------------

/** Two sets of n distinct values sharing `shared` of them. */
function pair(rand: () => number, n: number, shared: number): [Uint32Array, Uint32Array] {
  const seen = new Set<number>();
  const fresh = () => {
    let x = rand();
    while (seen.has(x)) x = rand();
    seen.add(x);
    return x;
  };
  const common = Array.from({ length: shared }, fresh);
  const a = [...common, ...Array.from({ length: n - shared }, fresh)];
  const b = [...common, ...Array.from({ length: n - shared }, fresh)];
  const sorted = (xs: number[]) => Uint32Array.from(xs).sort();
  return [sorted(a), sorted(b)];
}

function exactJaccard(a: Uint32Array, b: Uint32Array): number {
  const shared = intersectionSize(a, b);
  return shared / (a.length + b.length - shared);
}

const FIXED = Uint32Array.from([0, 1, 2, 3, 0x12345678, 0x9e3779b9, 0xdeadbeef, 0xffffffff]);
const SENTENCE = shingleHashes(
  words(
    'The harbour bridge was closed on Tuesday after inspectors found a crack in one of its ' +
      'main supports, the city council said.',
  ),
);

describe('minhashSignature', () => {
  it('has the pinned values for a fixed input', () => {
    const sig = minhashSignature(FIXED);
    expect(sig).toHaveLength(MINHASH_PERMUTATIONS);
    expect([sig[0], sig[1], sig[2], sig[63], sig[127]]).toEqual([
      0x49ae3fc2, 0x00175d31, 0x1fe0493c, 0x297c87d0, 0x174b4e5d,
    ]); // prettier-ignore
  });

  it.each([
    ['eight fixed values', FIXED],
    ['a sentence through shingleHashes', SENTENCE],
    ['one value', Uint32Array.of(42)],
    ['the extremes', Uint32Array.of(0, 0xffffffff)],
  ])('equals the BigInt reference: %s', (_name, shingles) => {
    const expected = refSignature([...shingles]);
    expect([...minhashSignature(shingles)].map(BigInt)).toEqual(expected);
  });

  it('equals the BigInt reference with another seed, and differs from the project seed', () => {
    const other = minhashSignature(FIXED, 7);
    expect([...other].map(BigInt)).toEqual(refSignature([...FIXED], 7n));
    expect(other).not.toEqual(minhashSignature(FIXED));
  });

  it('gives all 0xffffffff for an empty set', () => {
    expect([...minhashSignature(new Uint32Array(0))]).toEqual(
      Array.from({ length: MINHASH_PERMUTATIONS }, () => 0xffffffff),
    );
  });

  it('does not depend on the order of the shingles', () => {
    const reversed = Uint32Array.from([...SENTENCE].reverse());
    expect(minhashSignature(reversed)).toEqual(minhashSignature(SENTENCE));
  });

  it('fmix32 matches murmur3 reference values', () => {
    // fmix32(0) = 0 and the avalanche of 1, as in smhasher's MurmurHash3 finaliser.
    expect(fmix32(0)).toBe(0);
    expect(BigInt(fmix32(1))).toBe(refFmix32(1n));
    expect(BigInt(fmix32(0xffffffff))).toBe(refFmix32(0xffffffffn));
  });
});

describe('bandHashes', () => {
  // Published murmur3_x86_32 test vectors, so the reference itself is known to be murmur3.
  it.each([
    ['empty, seed 0', [], 0n, 0n],
    ['empty, seed 1', [], 1n, 0x514e28b7n],
    ['00 00 00 00, seed 0', [0n], 0n, 0x2362f9den],
    ['21 43 65 87, seed 0', [0x87654321n], 0n, 0xf55b516bn],
    ['21 43 65 87, seed 0x5082edee', [0x87654321n], 0x5082edeen, 0x2362f9den],
  ])('reference murmur3 matches the published vector: %s', (_name, words, seed, expected) => {
    expect(refMurmur3(words, seed)).toBe(expected);
  });

  it('has the pinned values for a fixed input', () => {
    const bands = bandHashes(minhashSignature(FIXED));
    expect(bands).toHaveLength(LSH_BANDS);
    expect([bands[0], bands[1], bands[31]]).toEqual([0x1ab45388, 0x1def02d6, 0x35ec9428]);
  });

  it.each([
    ['eight fixed values', FIXED],
    ['a sentence', SENTENCE],
    ['the empty set', new Uint32Array(0)],
  ])('equals the BigInt reference: %s', (_name, shingles) => {
    const sig = minhashSignature(shingles);
    expect([...bandHashes(sig)].map(BigInt)).toEqual(refBands([...sig].map(BigInt)));
  });

  it('hashes equal rows in different bands apart', () => {
    const bands = bandHashes(new Uint32Array(LSH_BANDS * LSH_ROWS).fill(7));
    expect(new Set(bands).size).toBe(LSH_BANDS);
  });

  it('rejects a signature of the wrong length', () => {
    expect(() => bandHashes(new Uint32Array(64))).toThrow(/expected 128/);
  });
});

describe('estimateJaccard', () => {
  it('stays near the exact Jaccard of synthetic sets', () => {
    const rand = prng(1);
    const errors: number[] = [];
    for (let t = 0; t < 60; t++) {
      const n = 100 + (rand() % 400);
      const [a, b] = pair(rand, n, rand() % (n + 1));
      errors.push(
        Math.abs(estimateJaccard(minhashSignature(a), minhashSignature(b)) - exactJaccard(a, b)),
      );
    }
    // 128 permutations: the standard error is at most sqrt(0.25 / 128) ≈ 0.044.
    expect(Math.max(...errors)).toBeLessThan(0.15);
    expect(errors.reduce((s, e) => s + e, 0) / errors.length).toBeLessThan(0.04);
  });

  it('is 1 for equal sets and 0 for disjoint ones', () => {
    const [a, b] = pair(prng(2), 300, 0);
    expect(estimateJaccard(minhashSignature(a), minhashSignature(a))).toBe(1);
    expect(estimateJaccard(minhashSignature(a), minhashSignature(b))).toBeLessThan(0.03);
  });
});

describe('LSH S-curve (32 bands × 4 rows)', () => {
  const TRIALS = 400;
  const N = 150;
  // 1 - (1 - J^4)^32: ≈ 0.23 at 0.3, 0.87 at 0.5, 1.00 at 0.8.
  it.each([0.3, 0.5, 0.8])(
    'makes a pair at Jaccard %s a candidate as often as theory says',
    (j) => {
      const rand = prng(Math.round(j * 1000));
      const shared = Math.round((2 * N * j) / (1 + j));
      const exact = shared / (2 * N - shared);
      const expected = 1 - (1 - exact ** LSH_ROWS) ** LSH_BANDS;
      let hits = 0;
      for (let t = 0; t < TRIALS; t++) {
        const [a, b] = pair(rand, N, shared);
        const ba = bandHashes(minhashSignature(a));
        const bb = bandHashes(minhashSignature(b));
        if (ba.some((h, i) => h === bb[i])) hits++;
      }
      // Four binomial standard errors (≤ 0.025 at 400 trials) plus a little for hashing bias.
      expect(Math.abs(hits / TRIALS - expected)).toBeLessThan(0.1);
      if (j === 0.8) expect(hits).toBe(TRIALS);
    },
  );
});
