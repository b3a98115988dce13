// Who had it first follows publication time, not processing order: 200 synthetic articles in 20
// families analysed in publication order, and again in shuffled arrival orders (then partly
// reprocessed in shuffled order), must end with the same verdicts, families, review items' first
// sightings and sightings; and 120 in 12 families, in exactly reverse publication order. The analysis queue runs one job at a time (as its global concurrency
// of 1 makes it across worker processes); re-analyses an analysis asks for join its end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOrigin } from '../../src/dedup/dedup-verdict.js';
import { analyzeStoredArticle } from '../../src/pipeline/article-analyze.handler.js';
import { createTestPipeline, type TestPipeline } from '../helpers/pipeline.js';
import { prng } from '../helpers/prng.js';
import { AUTH } from '../helpers/auth.js';
import { startTestApp } from '../helpers/app.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { storeExtracted, storyFamilies, type SyntheticArticle } from '../helpers/story-families.js';

const ARTICLES = storyFamilies(19);

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const next = prng(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = next() % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const inPublicationOrder = (articles: readonly SyntheticArticle[]) =>
  [...articles].sort((a, b) => a.feedPublishedAt.localeCompare(b.feedPublishedAt));
const byPublication = inPublicationOrder(ARTICLES);

/** A clock that moves one second per reading: first-seen times follow arrival. */
function steppingClock(): () => Date {
  let t = Date.UTC(2025, 10, 1);
  return () => new Date((t += 1_000));
}

interface Job {
  articleId: string;
  snapshot: string;
}

/**
 * Articles arrive in batches of 1–`maxBatch`; after each batch the analysis queue runs dry, one
 * job at a time, the re-analyses each analysis asks for joining its end.
 */
async function arrive(
  p: TestPipeline,
  arrivals: readonly SyntheticArticle[],
  seed: number,
  maxBatch: number,
): Promise<{ analyses: number; rechecks: number }> {
  const next = prng(seed);
  const queue: Job[] = [];
  let analyses = 0;
  let rechecks = 0;
  for (let i = 0; i < arrivals.length;) {
    const batch = arrivals.slice(i, i + 1 + (next() % maxBatch));
    for (const a of batch) {
      queue.push({ articleId: a.id, snapshot: await storeExtracted(p.deps, a, p.deps.now()) });
    }
    i += batch.length;
    rechecks += await drain(p, queue);
    analyses += batch.length;
  }
  return { analyses, rechecks };
}

async function drain(p: TestPipeline, queue: Job[]): Promise<number> {
  let rechecks = 0;
  for (let job = queue.shift(); job; job = queue.shift()) {
    const r = await analyzeStoredArticle(p.deps, job, p.ctx);
    if (r.status === 'done' && r.recheck) {
      queue.push(...r.recheck);
      rechecks += r.recheck.length;
    }
  }
  return rechecks;
}

/** Everything whose value must not depend on processing order, as one line per fact. */
async function facts(
  p: TestPipeline,
  articles: readonly SyntheticArticle[] = ARTICLES,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const records = await p.deps.articles.getMany(articles.map((a) => a.id));
  for (const r of records) {
    const a = r.analysis!;
    out.set(`${r.id} verdict`, a.dedup.verdict);
    out.set(`${r.id} copy of`, copyOrigin(a.dedup)?.doc ?? '-');
    out.set(`${r.id} first version`, a.family?.first ?? '-');
    const family = await p.deps.documents.familyOf(r.id);
    out.set(
      `${r.id} family`,
      family ? `${family.first}: ${family.members.map((m) => m.doc).join(' ')}` : '-',
    );
    out.set(
      `${r.id} statements`,
      // The verdicts; which of several identical earlier statements is shown as nearest is not one.
      a.claims.map((c) => `${c.id} ${c.novelty}`).join(', '),
    );
  }
  const { items } = await p.deps.reviews.list('pending', 0, 10_000);
  for (const item of items) {
    out.set(`item ${item.id} first sighting`, item.articleId);
    const timeline = await p.deps.statements.timeline(item.id);
    out.set(
      `item ${item.id} sightings`,
      timeline.sightings.map((s) => `${s.article.id}${s.first ? '*' : ''}`).join(' '),
    );
  }
  return out;
}

/** Dedup verdicts, copy origins, first versions and families. */
const isDedup = (k: string) => /(verdict|copy of|first version|family)$/.test(k);

function differences(
  a: Map<string, string>,
  b: Map<string, string>,
  which: (k: string) => boolean = () => true,
): string[] {
  const keys = new Set([...a.keys(), ...b.keys()].filter(which));
  return [...keys]
    .filter((k) => a.get(k) !== b.get(k))
    .map((k) => `${k}: ${a.get(k)} ≠ ${b.get(k)}`);
}

describe('one timeline: verdicts follow publication time, whatever the processing order', () => {
  let redis: TestRedis;
  const pipelines: TestPipeline[] = [];
  let ordered: Map<string, string>;

  const pipeline = async (prefix: string) => {
    const p = await createTestPipeline({ redisUrl: redis.url, prefix, now: steppingClock() });
    pipelines.push(p);
    return p;
  };

  beforeAll(async () => {
    redis = await startTestRedis();
    const p = await pipeline('ordered');
    await arrive(p, byPublication, 1, 1);
    ordered = await facts(p);
  }, 120_000);

  afterAll(async () => {
    for (const p of pipelines) await p.close();
    await redis?.stop();
  });

  it('builds the 20 families with copies, rewrites and revisions, and flags statements', () => {
    const families = new Set(
      [...ordered].filter(([k, v]) => k.endsWith(' family') && v !== '-').map(([, v]) => v),
    );
    expect(ARTICLES).toHaveLength(200);
    expect(families.size).toBe(20);
    const verdicts = [...ordered].filter(([k]) => k.endsWith(' verdict')).map(([, v]) => v);
    for (const v of ['new', 'duplicate', 'near-duplicate', 'contained', 'same-story']) {
      expect(verdicts).toContain(v);
    }
    expect([...ordered.keys()].filter((k) => k.endsWith(' first sighting')).length).toBeGreaterThan(
      40,
    );
  });

  it('shows each item’s sightings oldest first by publication time, marking who had it first (API and export)', async () => {
    const t = await startTestApp({ redisUrl: redis.url, prefix: 'ordered' });
    try {
      const published = new Map(ARTICLES.map((a) => [a.id, a.feedPublishedAt]));
      const list = await t.app.inject({ url: '/api/claims?limit=200', headers: AUTH });
      const items = list.json<{ items: { id: string; articleId: string }[] }>().items;
      let shared = 0;
      for (const item of items) {
        const res = await t.app.inject({ url: `/api/claims/${item.id}`, headers: AUTH });
        const { timeline } = res.json<{
          timeline: { sightings: { article: { id: string }; first?: boolean }[] };
        }>();
        const times = timeline.sightings.map((s) => published.get(s.article.id)!);
        expect(times).toEqual([...times].sort());
        expect(timeline.sightings.filter((s) => s.first).map((s) => s.article.id)).toEqual([
          item.articleId,
        ]);
        if (timeline.sightings.length > 1) shared++;
      }
      expect(shared).toBeGreaterThan(10);
      const csv = (await t.app.inject({ url: '/api/export/claims.csv', headers: AUTH })).body;
      const [header, ...rows] = csv.trim().split('\n');
      expect(header).toContain('firstOutlet,sightings');
      expect(rows.filter((r) => r.includes('(first)'))).toHaveLength(rows.length);
    } finally {
      await t.close();
    }
  });

  // Statement verdicts and review items: since the restatement judgement (h17) weighs words by
  // their IDF over every statement indexed, later articles included, a statement can be judged
  // 'restated' or 'new' depending on what was indexed when. Known gap: this pins that it still
  // differs, and turns red once it no longer does (then fold it into the test below).
  const runs = new Map<string, Promise<Map<string, string>>>();
  const shuffledRun = (seed: number, maxBatch: number) => {
    const key = `${seed}-${maxBatch}`;
    if (!runs.has(key)) {
      runs.set(
        key,
        (async () => {
          const p = await pipeline(`shuffled-${key}`);
          const { analyses, rechecks } = await arrive(p, shuffled(ARTICLES, seed), seed, maxBatch);
          if (process.env.TIMELINE_COUNTS) console.info({ seed, maxBatch, analyses, rechecks });
          expect(analyses).toBe(200);
          expect(rechecks).toBeGreaterThan(0);
          // Then reprocessing half of them, in shuffled order.
          const again = shuffled(ARTICLES, seed + 1).slice(0, 100);
          const records = await p.deps.articles.getMany(again.map((a) => a.id));
          await drain(
            p,
            records.map((r) => ({ articleId: r.id, snapshot: r.snapshot!.hash })),
          );
          return facts(p);
        })(),
      );
    }
    return runs.get(key)!;
  };

  it.each([
    ['arriving one by one, shuffled', 101, 1],
    ['arriving in batches of up to 10, shuffled', 202, 10],
    ['arriving in batches of up to 3, shuffled', 303, 3],
  ])(
    'gives the same dedup verdicts, copy origins, families and first versions %s, and after reprocessing half',
    async (_name, seed, maxBatch) => {
      expect(differences(ordered, await shuffledRun(seed, maxBatch), isDedup)).toEqual([]);
    },
    180_000,
  );

  // Word rarity and weights come from the corpus alone, and a candidate list the limit cuts keeps
  // the earliest statements (statement-index.ts): what a statement is judged against never
  // depends on which later articles are indexed yet.
  it.each([
    ['arriving one by one, shuffled', 101, 1],
    ['arriving in batches of up to 10, shuffled', 202, 10],
    ['arriving in batches of up to 3, shuffled', 303, 3],
  ])(
    'gives the same statement verdicts and review items’ first sightings %s, and after reprocessing half',
    async (_name, seed, maxBatch) => {
      expect(differences(ordered, await shuffledRun(seed, maxBatch), (k) => !isDedup(k))).toEqual(
        [],
      );
    },
    180_000,
  );
});

// The worst arrival order: every article before the ones published earlier, so every family is
// first built from its latest copies, then regrouped as each earlier version arrives. Smaller than
// the set above (each late arrival re-checks the later articles it touches): 12 families, enough
// for families to meet through the quotes they share (with joins and leaves instead of regrouping
// from copy links, at least 20 of these 120 articles ended in another family or with another
// first version).
describe('one timeline, in exactly reverse publication order', () => {
  const articles = storyFamilies(19, 12);
  let redis: TestRedis;
  const pipelines: TestPipeline[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
  });

  afterAll(async () => {
    for (const p of pipelines) await p.close();
    await redis?.stop();
  });

  // Dedup facts only: statement verdicts keep a known gap (docs/timeline.md, Known limits: which
  // words a look-up uses counts later articles' statements too); in this order one statement of
  // the 120 articles is `restated`, and `new` in publication order.
  it('gives the same dedup verdicts, copy origins, families and first versions as publication order', async () => {
    const run = async (prefix: string, order: readonly SyntheticArticle[]) => {
      const p = await createTestPipeline({ redisUrl: redis.url, prefix, now: steppingClock() });
      pipelines.push(p);
      await arrive(p, order, 1, 1);
      return facts(p, articles);
    };
    const ordered = await run('ordered', inPublicationOrder(articles));
    const reversed = await run('reversed', inPublicationOrder(articles).reverse());
    expect(
      [...ordered.keys()].filter((k) => k.endsWith(' family') && ordered.get(k) !== '-').length,
    ).toBeGreaterThan(100);
    expect(differences(ordered, reversed, isDedup)).toEqual([]);
  }, 300_000);
});
