// Which known documents a new one is verified against: the seeds indexed in Redis, looked up by
// MinHash bands and by whole sentences.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { loadCorpusDir } from '../../src/corpus/corpus-load.js';
import { judgeDuplicates } from '../../src/dedup/dedup-verdict.js';
import { fingerprint } from '../../src/dedup/fingerprint.js';
import type { CorpusDocument } from '../../src/domain/types.js';
import { syncCorpora } from '../../src/pipeline/corpus-sync.js';
import { candidateFingerprints } from '../../src/pipeline/dedup-candidates.js';
import { createTestPipeline, type TestPipeline } from '../helpers/pipeline.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

const filler = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `Weekend calendar item ${i} lists event number ${i * 7} at the library.`,
  ).join('\n\n');

describe('dedup candidates from the index', () => {
  let redis: TestRedis;
  let p: TestPipeline;
  let seeds: CorpusDocument[];
  const seed = (n: number) => seeds[n]!;

  beforeAll(async () => {
    redis = await startTestRedis();
    p = await createTestPipeline({ redisUrl: redis.url });
    const dir = path.join(projectRoot(), 'corpus', 'seed');
    await syncCorpora(p.deps.documents, p.deps.index, [dir]);
    seeds = await loadCorpusDir(dir);
  });
  afterAll(async () => {
    await p.close();
    await redis.stop();
  });

  const judge = async (text: string) => {
    const fp = fingerprint('new', 'ingested', text);
    const candidates = await candidateFingerprints(p.deps.index, p.deps.documents, fp, text);
    return {
      candidates: candidates.map((c) => c.docId),
      result: judgeDuplicates(fp, candidates, p.config.thresholds),
    };
  };

  it.each([
    ['a verbatim copy', () => seed(2).text, 'duplicate', '002_437fed77ab298106'],
    [
      'a teaser of two paragraphs (found by its sentences, not its bands)',
      () => seed(4).text.split('\n\n').slice(1, 3).join('\n\n'),
      'contained',
      '004_475169c6ad84cf91',
    ],
    [
      'a page embedding a whole seed among much other text',
      () => `${filler(60)}\n\n${seed(2).text}\n\n${filler(60)}`,
      'contained',
      '002_437fed77ab298106',
    ],
  ])('finds the origin of %s', async (_n, text, verdict, doc) => {
    const { candidates, result } = await judge(text());
    expect(candidates).toContain(doc);
    expect(result.verdict).toBe(verdict);
    expect(result.matches[0]!.doc).toBe(doc);
  });

  it('offers no candidate for an unrelated text', async () => {
    const { candidates, result } = await judge(filler(20));
    expect(candidates).toEqual([]);
    expect(result.verdict).toBe('new');
  });

  it('indexes the seeds once however often the corpus is loaded', async () => {
    await syncCorpora(p.deps.documents, p.deps.index, [path.join(projectRoot(), 'corpus', 'seed')]);
    expect(await p.deps.index.size()).toBe(5);
  });
});
