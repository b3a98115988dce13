// What newsmon knows: fingerprints and statements of every corpus document and ingested article.
import type { ChainableCommander, Redis } from 'ioredis';
import type {
  CorpusDocument,
  DocumentSource,
  Family,
  Fingerprint,
  KnownStatement,
} from '../domain/types.js';
import type { Keys } from './keys.js';
import type { Regrouping } from '../dedup/family.js';
import { execTransaction } from './redis-connection.js';

const SOURCES: DocumentSource[] = ['seed', 'corpus', 'ingested'];

// Numbers every change to a document's statements, so an analyser can read only what changed
// since it last looked: a sorted set of document ids scored by the change that touched them last.
const LOG_CHANGE = `
local seq = redis.call('INCR', KEYS[1])
redis.call('ZADD', KEYS[2], seq, ARGV[1])
return seq
`;

// KEYS: seq, changed log, statements. ARGV: the change number the reader is current to. One
// round trip, and atomic: the number returned is exactly the one the documents are current to.
// Returns {seq} when nothing changed or the numbering went back, else {seq, id1, json1, ...}.
const CHANGED_SINCE = `
local seq = tonumber(redis.call('GET', KEYS[1]) or '0')
local since = tonumber(ARGV[1])
if seq <= since then return {seq} end
local out = {seq}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. since, seq)) do
  out[#out + 1] = id
  out[#out + 1] = redis.call('HGET', KEYS[3], id) or ''
end
return out
`;

/**
 * [source byte, high bit set for 3-shingles][32-byte sha256][shingles as little-endian uint32]:
 * ~4 bytes per shingle.
 */
export function encodeFingerprint(fp: Fingerprint): Buffer {
  const out = Buffer.alloc(33 + fp.shingles.length * 4);
  out[0] = SOURCES.indexOf(fp.source) | (fp.shingleSize === 3 ? 0x80 : 0);
  Buffer.from(fp.textHash, 'hex').copy(out, 1);
  for (let i = 0; i < fp.shingles.length; i++) out.writeUInt32LE(fp.shingles[i]!, 33 + i * 4);
  return out;
}

export function decodeFingerprint(docId: string, buf: Buffer): Fingerprint {
  const shingles = new Uint32Array((buf.length - 33) / 4);
  for (let i = 0; i < shingles.length; i++) shingles[i] = buf.readUInt32LE(33 + i * 4);
  return {
    docId,
    source: SOURCES[buf[0]! & 0x7f] ?? 'ingested',
    shingleSize: buf[0]! & 0x80 ? 3 : 5,
    textHash: buf.subarray(1, 33).toString('hex'),
    shingles,
  };
}

export class DocumentStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /**
   * Adds a document's fingerprint and statements (and an article's timeline key) to a
   * transaction; re-adding overwrites.
   */
  addTo(
    tx: ChainableCommander,
    fp: Fingerprint,
    statements: KnownStatement[],
    timelineKey?: string,
  ): void {
    tx.hset(this.keys.fingerprints, fp.docId, encodeFingerprint(fp));
    if (timelineKey !== undefined) tx.hset(this.keys.timelineKeys, fp.docId, timelineKey);
    // The first document with a given text owns it: later exact copies point back to it.
    tx.hsetnx(this.keys.textHashes, fp.textHash, fp.docId);
    tx.hset(this.keys.statements, fp.docId, JSON.stringify(statements));
    this.logChange(tx, fp.docId);
  }

  private logChange(tx: ChainableCommander, docId: string): void {
    tx.eval(LOG_CHANGE, 2, this.keys.statementsSeq, this.keys.statementsChanged, docId);
  }

  async saveCorpusDocument(
    doc: CorpusDocument,
    fp: Fingerprint,
    statements: KnownStatement[],
  ): Promise<void> {
    const tx = this.redis.multi();
    tx.hset(this.keys.corpusDoc(doc.id), {
      id: doc.id,
      corpus: doc.corpus,
      title: doc.title ?? '',
      publishedAt: doc.publishedAt ?? '',
      text: doc.text,
    });
    tx.sadd(this.keys.corpusIds, doc.id);
    this.addTo(tx, fp, statements);
    await execTransaction(tx);
  }

  async corpusDocument(id: string): Promise<CorpusDocument | null> {
    const h = await this.redis.hgetall(this.keys.corpusDoc(id));
    if (!h.id) return null;
    return {
      id: h.id,
      corpus: h.corpus ?? '',
      title: h.title || null,
      publishedAt: h.publishedAt || null,
      text: h.text ?? '',
    };
  }

  async familyOf(docId: string): Promise<Family | null> {
    const id = await this.redis.hget(this.keys.familyOfDoc, docId);
    const json = id ? await this.redis.get(this.keys.family(id)) : null;
    return json ? (JSON.parse(json) as Family) : null;
  }

  /**
   * Writes regrouped families inside a larger transaction: each family (its members pointed at
   * it), the families it replaced deleted, and members left in none no longer pointed at any.
   */
  saveRegroupingTo(tx: ChainableCommander, regrouping: Regrouping): void {
    for (const id of regrouping.retired) tx.del(this.keys.family(id));
    if (regrouping.alone.length > 0) tx.hdel(this.keys.familyOfDoc, ...regrouping.alone);
    for (const family of regrouping.families) {
      tx.set(this.keys.family(family.id), JSON.stringify(family));
      tx.hset(
        this.keys.familyOfDoc,
        Object.fromEntries(family.members.map((m) => [m.doc, family.id])),
      );
    }
  }

  /**
   * The timeline keys of these documents (undefined for a corpus document, or an article stored
   * before keys existed), in one round trip with the fingerprints it goes with.
   */
  async timelineKeysOf(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const keys = await this.redis.hmget(this.keys.timelineKeys, ...ids);
    return new Map(ids.flatMap((id, i) => (keys[i] ? [[id, keys[i]] as [string, string]] : [])));
  }

  /** The fingerprints of these documents (unknown ids are left out). */
  async fingerprintsOf(ids: readonly string[]): Promise<Fingerprint[]> {
    if (ids.length === 0) return [];
    const bufs = await this.redis.hmgetBuffer(this.keys.fingerprints, ...ids);
    return ids.flatMap((id, i) => (bufs[i] ? [decodeFingerprint(id, bufs[i])] : []));
  }

  /** The document that first had exactly this normalised text, if any. */
  async byTextHash(textHash: string): Promise<string | null> {
    return this.redis.hget(this.keys.textHashes, textHash);
  }

  /** A statement a reviewer settled joins what is known, under its own pseudo-document. */
  addKnownTo(tx: ChainableCommander, statement: KnownStatement): void {
    tx.hset(this.keys.statements, statement.docId, JSON.stringify([statement]));
    this.logChange(tx, statement.docId);
  }

  removeKnownTo(tx: ChainableCommander, docId: string): void {
    tx.hdel(this.keys.statements, docId);
    this.logChange(tx, docId);
  }

  /** Every document's statements, and the change number they are current to. */
  async allStatements(): Promise<{ seq: number; docs: Map<string, KnownStatement[]> }> {
    // The number first: a change committed after it is read again next time, never missed.
    const seq = Number((await this.redis.get(this.keys.statementsSeq)) ?? 0);
    const docs = new Map<string, KnownStatement[]>();
    const all = await this.redis.hgetall(this.keys.statements);
    for (const [docId, json] of Object.entries(all)) {
      docs.set(docId, JSON.parse(json) as KnownStatement[]);
    }
    return { seq, docs };
  }

  /**
   * The documents whose statements changed after change number `since` (null: removed), and
   * the number they are current to; `reset` when the numbering went back (Redis was emptied).
   */
  async statementsSince(since: number): Promise<{
    seq: number;
    reset: boolean;
    docs: Map<string, KnownStatement[] | null>;
  }> {
    // Read once per analysis: one script instead of GET, ZRANGEBYSCORE and HMGET in turn.
    const [seqReply, ...pairs] = (await this.redis.eval(
      CHANGED_SINCE,
      3,
      this.keys.statementsSeq,
      this.keys.statementsChanged,
      this.keys.statements,
      since,
    )) as [number, ...string[]];
    const seq = Number(seqReply);
    const docs = new Map<string, KnownStatement[] | null>();
    if (seq < since) return { seq, reset: true, docs };
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const json = pairs[i + 1]!;
      // '' stands for a document whose statements were removed.
      docs.set(pairs[i]!, json ? (JSON.parse(json) as KnownStatement[]) : null);
    }
    return { seq, reset: false, docs };
  }
}
