// The near-duplicate index: LSH band buckets of MinHash signatures, laid out so that Redis keeps
// nearly every key listpack-encoded. A plain layout (one set per band bucket, doc ids as strings)
// measured 2.6–4 KB per document at 1M documents; this one stores each document as a small integer
// in 32 packed 4-byte slots plus its id twice.
//
// Layout (n = integer doc number from a counter):
//   <prefix>:dedup:meta                 hash  seq (last n given), size (docs indexed)
//   <prefix>:dedup:id:<fnv(docId)>>>16> hash  docId → n          65,536 buckets: ~15 fields at 1M
//   <prefix>:dedup:num:<n >>> 7>        hash  n & 127 → docId     128 fields per bucket
//   <prefix>:dedup:at:<n >>> 7>         hash  n & 127 → timeline key (articles only; a value
//                                             past 64 bytes, so a hashtable: ~120 B per
//                                             article, measured over 5,000)
//   <prefix>:lsh:<band>:<hash >>> 18>   hash  hash & 0x3ffff → packed uint32 LE doc numbers
//                                             16,384 buckets per band: ~61 fields at 1M
// Redis converts a hash to a hashtable past 128 fields or a 64-byte value (the defaults of
// hash-max-listpack-entries/-value), hence 7-bit number buckets and at most 16 docs per LSH slot.
// Scripts touch keys they can only name once they have read n, so this is single-instance Redis
// only, as the rest of newsmon is.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { fnv1a } from '../dedup/fingerprint.js';
import { bandHashes, LSH_BANDS } from '../dedup/minhash.js';

const NUM_BUCKET_BITS = 7;
const NUM_BUCKET = 1 << NUM_BUCKET_BITS;
const ID_BUCKET_SHIFT = 16;
const LSH_FIELD_BITS = 18;
const LSH_FIELD_MASK = (1 << LSH_FIELD_BITS) - 1;
/**
 * Doc numbers kept per LSH slot: 16 × 4 bytes is the 64-byte listpack value limit. A slot is full
 * only when 16 documents share a band or a passage (a cluster of copies, a sentence many articles
 * repeat). A full slot keeps the 16 first on the timeline: a document published earlier than one
 * of them takes its place, a later one is not added (it still finds the 16 through the slot).
 */
export const LSH_SLOT_CAP = 16;
const DEFAULT_CANDIDATE_LIMIT = 100;

export function dedupKeys(prefix: string) {
  return {
    meta: `${prefix}:dedup:meta`,
    numBucketPrefix: `${prefix}:dedup:num:`,
    numBucket: (n: number) => `${prefix}:dedup:num:${n >>> NUM_BUCKET_BITS}`,
    timelineBucketPrefix: `${prefix}:dedup:at:`,
    idBucket: (docId: string) =>
      `${prefix}:dedup:id:${(fnv1a(docId) >>> ID_BUCKET_SHIFT).toString(16)}`,
    lshBucket: (band: number, hash: number) =>
      `${prefix}:lsh:${band}:${(hash >>> LSH_FIELD_BITS).toString(16)}`,
    lshField: (hash: number) => String(hash & LSH_FIELD_MASK),
    passageBucket: (hash: number) => `${prefix}:psg:${(hash >>> LSH_FIELD_BITS).toString(16)}`,
  };
}

export type DedupKeys = ReturnType<typeof dedupKeys>;

export interface DedupCandidate {
  docId: string;
  /** LSH bands shared with the query, 1–32: a rough similarity, not a verdict. */
  bands: number;
}

// KEYS: meta, then per document its id bucket and its slot buckets (32 LSH bands, then one per
// passage). ARGV: num bucket prefix, timeline bucket prefix, then per document its docId, its
// timeline key ('' for none: a corpus document, known before every article), its slot count and
// the slot fields. Returns the doc numbers. Numbers go through struct.pack so that slot values are
// 4 bytes each, not decimal strings.
const ADD = `
local k, a, out = 2, 3, {}
-- A document's timeline key, read once per call: the full slots of one document mostly hold the
-- same copies.
local keys = {}
local function keyOf(m)
  local key = keys[m]
  if key == nil then
    key = redis.call('HGET', ARGV[2] .. math.floor(m / ${NUM_BUCKET}), m % ${NUM_BUCKET}) or ''
    keys[m] = key
  end
  return key
end
while k <= #KEYS do
  local idKey, docId, at, count = KEYS[k], ARGV[a], ARGV[a + 1], tonumber(ARGV[a + 2])
  local n = redis.call('HGET', idKey, docId)
  if n then
    -- Known already: its slots are added again, so that a revised text is found by its new
    -- bands and passages too (a slot never holds a number twice).
    n = tonumber(n)
  else
    n = redis.call('HINCRBY', KEYS[1], 'seq', 1)
    redis.call('HINCRBY', KEYS[1], 'size', 1)
    redis.call('HSET', idKey, docId, n)
    redis.call('HSET', ARGV[1] .. math.floor(n / ${NUM_BUCKET}), n % ${NUM_BUCKET}, docId)
  end
  if at ~= '' then
    redis.call('HSET', ARGV[2] .. math.floor(n / ${NUM_BUCKET}), n % ${NUM_BUCKET}, at)
    keys[n] = at
  end
  local packed = struct.pack('<I4', n)
  for i = 1, count do
    local key, field = KEYS[k + i], ARGV[a + 2 + i]
    -- Nearly every slot is new: HSETNX makes that one call instead of HGET + HSET.
    if redis.call('HSETNX', key, field, packed) == 0 then
      local slot = redis.call('HGET', key, field)
      if not string.find(slot, packed, 1, true) then
        if #slot < ${LSH_SLOT_CAP * 4} then
          redis.call('HSET', key, field, slot .. packed)
        else
          -- Full: it keeps the documents first on the timeline (ties: first indexed), so that
          -- which ones it holds does not depend on the order they were indexed in.
          local worst, worstAt, worstN = nil, nil, -1
          for p = 1, #slot, 4 do
            local m = struct.unpack('<I4', slot, p)
            local mAt = keyOf(m)
            if worst == nil or mAt > worstAt or (mAt == worstAt and m > worstN) then
              worst, worstAt, worstN = p, mAt, m
            end
          end
          if at < worstAt or (at == worstAt and n < worstN) then
            redis.call('HSET', key, field, string.sub(slot, 1, worst - 1) .. packed .. string.sub(slot, worst + 4))
          end
        end
      end
    end
  end
  out[#out + 1] = n
  k = k + 1 + count
  a = a + 3 + count
end
return out`;

// KEYS: the query's slot buckets. ARGV: their fields, num bucket prefix, limit.
// Counting, ranking and id lookup happen here so that a lookup is one round trip.
const CANDIDATES = `
local counts, order = {}, {}
for i = 1, #KEYS do
  local slot = redis.call('HGET', KEYS[i], ARGV[i])
  if slot then
    for p = 1, #slot, 4 do
      local n = struct.unpack('<I4', slot, p)
      local c = counts[n]
      if c then counts[n] = c + 1 else counts[n] = 1; order[#order + 1] = n end
    end
  end
end
table.sort(order, function(a, b)
  if counts[a] ~= counts[b] then return counts[a] > counts[b] end
  return a < b
end)
local prefix, out = ARGV[#KEYS + 1], {}
for i = 1, math.min(#order, tonumber(ARGV[#KEYS + 2])) do
  local n = order[i]
  local id = redis.call('HGET', prefix .. math.floor(n / ${NUM_BUCKET}), n % ${NUM_BUCKET})
  if id then out[#out + 1] = id; out[#out + 1] = counts[n] end
end
return out`;

// KEYS as for ADD, one document. ARGV: num bucket prefix, docId, the slot fields, then the
// timeline bucket prefix.
const REMOVE = `
local n = redis.call('HGET', KEYS[2], ARGV[2])
if not n then return 0 end
n = tonumber(n)
redis.call('HDEL', KEYS[2], ARGV[2])
redis.call('HDEL', ARGV[1] .. math.floor(n / ${NUM_BUCKET}), n % ${NUM_BUCKET})
redis.call('HDEL', ARGV[#KEYS + 1] .. math.floor(n / ${NUM_BUCKET}), n % ${NUM_BUCKET})
redis.call('HINCRBY', KEYS[1], 'size', -1)
local packed = struct.pack('<I4', n)
for i = 3, #KEYS do
  local field = ARGV[i]
  local slot = redis.call('HGET', KEYS[i], field)
  if slot then
    local rest = {}
    for p = 1, #slot, 4 do
      local chunk = string.sub(slot, p, p + 3)
      if chunk ~= packed then rest[#rest + 1] = chunk end
    end
    if #rest == 0 then redis.call('HDEL', KEYS[i], field)
    else redis.call('HSET', KEYS[i], field, table.concat(rest)) end
  end
end
return 1`;

interface Script {
  body: string;
  sha: string;
}

const script = (body: string): Script => ({
  body,
  sha: createHash('sha1').update(body).digest('hex'),
});
const SCRIPTS = { add: script(ADD), candidates: script(CANDIDATES), remove: script(REMOVE) };

/** The index's scripts, to tell them apart in SLOWLOG and MONITOR (for profiling). */
export const DEDUP_SCRIPTS: readonly (Script & { name: string })[] = Object.entries(SCRIPTS).map(
  ([name, s]) => ({ name: `dedup index ${name}`, ...s }),
);

export class DedupIndex {
  private readonly keys: DedupKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = dedupKeys(prefix);
  }

  /**
   * Indexes a signature (and, optionally, the hashes of the document's passages) under docId, at
   * its place on the timeline (none: a corpus document, before every article); returns its doc
   * number. Adding a docId again keeps its number, adds any new slots and updates its place.
   */
  async add(
    docId: string,
    sig: Uint32Array,
    passages?: Uint32Array,
    timeline?: string,
  ): Promise<number> {
    const [n] = await this.addMany([{ docId, sig, passages, timeline }]);
    return n!;
  }

  /**
   * add for many documents in one script, atomically: for rebuilding the index or loading a
   * corpus, where one call per document would spend more time on calls than on indexing.
   */
  async addMany(
    docs: {
      docId: string;
      sig: Uint32Array;
      passages?: Uint32Array | undefined;
      /** Its timeline key (analyze/timeline.ts); none for a corpus document. */
      timeline?: string | undefined;
    }[],
  ): Promise<number[]> {
    if (docs.length === 0) return [];
    const keys = [this.keys.meta];
    const args = [this.keys.numBucketPrefix, this.keys.timelineBucketPrefix];
    for (const { docId, sig, passages, timeline } of docs) {
      const slots = this.slots(sig, passages);
      keys.push(this.keys.idBucket(docId), ...slots.keys);
      args.push(docId, timeline ?? '', String(slots.keys.length), ...slots.fields);
    }
    return (await this.run(SCRIPTS.add, keys, args)) as number[];
  }

  /**
   * Documents sharing at least one band with sig — or, given passage hashes, one passage: the
   * net for teasers and excerpts, whose Jaccard is too low for bands — most shared first, then
   * oldest first. `bands` counts both.
   */
  async candidates(
    sig: Uint32Array,
    limit = DEFAULT_CANDIDATE_LIMIT,
    passages?: Uint32Array,
  ): Promise<DedupCandidate[]> {
    const { keys, fields } = this.slots(sig, passages);
    const reply = (await this.run(SCRIPTS.candidates, keys, [
      ...fields,
      this.keys.numBucketPrefix,
      String(limit),
    ])) as (string | number)[];
    const out: DedupCandidate[] = [];
    for (let i = 0; i < reply.length; i += 2) {
      out.push({ docId: String(reply[i]), bands: Number(reply[i + 1]) });
    }
    return out;
  }

  /**
   * Removes docId; sig must be the signature it was added with (the index does not keep it).
   * Returns false when docId was not indexed.
   */
  async remove(docId: string, sig: Uint32Array, passages?: Uint32Array): Promise<boolean> {
    const slots = this.slots(sig, passages);
    const keys = [this.keys.meta, this.keys.idBucket(docId), ...slots.keys];
    const args = [
      this.keys.numBucketPrefix,
      docId,
      ...slots.fields,
      this.keys.timelineBucketPrefix,
    ];
    return (await this.run(SCRIPTS.remove, keys, args)) === 1;
  }

  /** Documents indexed now (adds less removes). */
  async size(): Promise<number> {
    return Number((await this.redis.hget(this.keys.meta, 'size')) ?? 0);
  }

  /** The slot buckets and fields of a signature's 32 bands and of each passage hash. */
  private slots(sig: Uint32Array, passages?: Uint32Array): { keys: string[]; fields: string[] } {
    const bands = bandHashes(sig);
    const keys: string[] = [];
    const fields: string[] = [];
    for (let b = 0; b < LSH_BANDS; b++) {
      keys.push(this.keys.lshBucket(b, bands[b]!));
      fields.push(this.keys.lshField(bands[b]!));
    }
    for (const h of passages ?? []) {
      keys.push(this.keys.passageBucket(h));
      fields.push(this.keys.lshField(h));
    }
    return { keys, fields };
  }

  /** EVALSHA, falling back to EVAL (which also caches the script) after a restart or FLUSH. */
  private async run(s: Script, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await this.redis.evalsha(s.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return this.redis.eval(s.body, keys.length, ...keys, ...args);
    }
  }
}
