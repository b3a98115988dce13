// The analyser's in-memory statement index follows Redis by change number: additions,
// replacements and removals show up on the next look, and an emptied Redis means a full reload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessNovelty, statementsOf } from '../../src/claims/novelty.js';
import { fingerprint } from '../../src/dedup/fingerprint.js';
import { DocumentStore } from '../../src/store/document.store.js';
import { keysFor } from '../../src/store/keys.js';
import { KnownStatementCache } from '../../src/store/known-statements.cache.js';
import { createRedis, execTransaction, waitReady } from '../../src/store/redis-connection.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

const A = 'Officers were ordered not to assist federal agents during the Saturday confrontation.';
const B = 'The council voted to hold a hearing on police staffing in Brighton Park next month.';

describe('KnownStatementCache', () => {
  let redis: TestRedis;
  let conn: ReturnType<typeof createRedis>;
  let documents: DocumentStore;

  beforeAll(async () => {
    redis = await startTestRedis();
    conn = createRedis(redis.url, 'worker');
    await waitReady(conn);
    documents = new DocumentStore(conn, keysFor('cachetest'));
  });
  afterAll(async () => {
    conn.disconnect();
    await redis.stop();
  });

  const save = async (docId: string, text: string) => {
    const tx = conn.multi();
    documents.addTo(
      tx,
      fingerprint(docId, 'ingested', text),
      statementsOf(docId, 'ingested', text),
    );
    await execTransaction(tx);
  };
  const novelty = async (cache: KnownStatementCache, text: string) =>
    assessNovelty({ kind: 'claim', text, speaker: null }, await cache.current()).novelty;

  it('sees documents added after it was first loaded, and only reads what changed', async () => {
    await save('doc-a', A);
    const cache = new KnownStatementCache(documents);
    expect(await novelty(cache, A)).toBe('known');
    expect(await novelty(cache, B)).toBe('new');
    await save('doc-b', B);
    expect(await novelty(cache, B)).toBe('known');
    expect(
      (await documents.statementsSince(Number(await conn.get('cachetest:statements:seq')))).docs
        .size,
    ).toBe(0);
  });

  it('replaces a document whose statements were written again, and drops a removed one', async () => {
    const cache = new KnownStatementCache(documents);
    await cache.current();
    await save('doc-a', B);
    expect(await novelty(cache, A)).toBe('new');
    const tx = conn.multi();
    documents.removeKnownTo(tx, 'doc-b');
    documents.removeKnownTo(tx, 'doc-a');
    await execTransaction(tx);
    expect(await novelty(cache, B)).toBe('new');
  });

  it('reports each document changed since a number once, a removed one as null, with the new number', async () => {
    await save('doc-e', A);
    const since = Number(await conn.get('cachetest:statements:seq'));
    await save('doc-f', B);
    await save('doc-f', A);
    const tx = conn.multi();
    documents.removeKnownTo(tx, 'doc-e');
    await execTransaction(tx);
    const changed = await documents.statementsSince(since);
    expect(changed.seq).toBe(since + 3);
    expect(changed.reset).toBe(false);
    expect([...changed.docs.keys()].sort()).toEqual(['doc-e', 'doc-f']);
    expect(changed.docs.get('doc-e')).toBeNull();
    expect(changed.docs.get('doc-f')?.map((s) => s.text)).toEqual(
      statementsOf('doc-f', 'ingested', A).map((s) => s.text),
    );
    expect((await documents.statementsSince(changed.seq)).docs.size).toBe(0);
    expect((await documents.statementsSince(changed.seq + 10)).reset).toBe(true);
  });

  it('reloads everything when Redis was emptied under it', async () => {
    const cache = new KnownStatementCache(documents);
    await save('doc-c', A);
    expect(await novelty(cache, A)).toBe('known');
    await conn.flushall();
    await save('doc-d', B);
    expect(await novelty(cache, A)).toBe('new');
    expect(await novelty(cache, B)).toBe('known');
  });
});
