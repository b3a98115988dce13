// Filtered article and claim lists and their exports, over the secondary indexes the stores keep.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, ReviewEntry } from '../../src/domain/article-record.js';
import type {
  Analysis,
  Article,
  AssessedStatement,
  DedupVerdict,
  Novelty,
} from '../../src/domain/types.js';
import type { App } from '../../src/http/app.js';
import { parseCsv } from '../../src/http/csv.js';
import { ArticleStore } from '../../src/store/article.store.js';
import { FeedStore } from '../../src/store/feed.store.js';
import { keysFor } from '../../src/store/keys.js';
import { createRedis, waitReady } from '../../src/store/redis-connection.js';
import { ReviewStore } from '../../src/store/review.store.js';
import { AUTH } from '../helpers/auth.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

const PREFIX = 'liststest';
const keys = keysFor(PREFIX);
const TRICKY_TITLE = 'Mayor: "We won\'t back down", says FOP,\nthen responds';

function article(title: string, siteName: string | null, publishedAt: string | null): Article {
  return {
    url: 'https://example.com/x',
    canonicalUrl: null,
    title,
    byline: null,
    authors: [],
    siteName,
    lang: 'en',
    publishedAt,
    dates: {
      published: publishedAt,
      publishedSource: null,
      modified: null,
      modifiedSource: null,
      candidates: [],
      conflicts: [],
    },
    text: 'Body text.',
    method: 'readability',
    wordCount: 2,
    flags: { paywalled: false, partial: false, truncated: false, reasons: [] },
  };
}

function statement(id: string, kind: 'quote' | 'claim', speaker: string | null, novelty: Novelty) {
  const s: AssessedStatement = {
    id,
    kind,
    text: `Statement ${id}, with "quotes", commas`,
    speaker,
    speakerRole: null,
    start: 0,
    end: 10,
    worthiness: 0.5,
    reasons: [],
    quantities: [],
    novelty,
    nearest: null,
  };
  return s;
}

function analysis(verdict: DedupVerdict, relevant: boolean, claims: AssessedStatement[]) {
  const a: Analysis = {
    relevance: { relevant, score: relevant ? 0.8 : 0.1, why: [] },
    dedup: { verdict, matches: [] },
    claims,
    scope: null,
    family: null,
  };
  return a;
}

describe('filtered lists and exports', () => {
  let redis: TestRedis;
  let testApp: TestApp;
  let app: App;
  let conn: ReturnType<typeof createRedis>;
  const ids: Record<string, string> = {};

  const get = async <T>(url: string): Promise<T> => {
    const res = await app.inject({ method: 'GET', url, headers: AUTH });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json<T>();
  };
  const articleIds = async (query: string) =>
    (await get<{ items: { id: string }[] }>(`/api/articles?${query}`)).items.map((a) => a.id);
  const claimIds = async (query: string) =>
    (await get<{ items: { id: string }[] }>(`/api/claims?${query}`)).items.map((c) => c.id);

  beforeAll(async () => {
    redis = await startTestRedis();
    testApp = await startTestApp({ redisUrl: redis.url, prefix: PREFIX });
    app = testApp.app;
    conn = createRedis(redis.url, 'worker');
    await waitReady(conn);
    const articles = new ArticleStore(conn, keys);
    const reviews = new ReviewStore(conn, keys);
    const feeds = new FeedStore(conn, keys);
    for (const [id, outlet] of [
      ['sun', 'Chicago Sun-Times'],
      ['wttw', 'WTTW News'],
    ] as const) {
      await feeds.add({
        id,
        outlet,
        title: outlet,
        url: `https://example.com/${id}.xml`,
        enabled: true,
        origin: 'api',
        configUrl: null,
        addedAt: '2025-10-01T00:00:00Z',
        urlChanges: [],
      });
    }

    const seed = async (
      name: string,
      feedId: string | null,
      hintTitle: string,
      extracted: Article | null,
      analysed: Analysis | null,
    ) => {
      const id = `${name.padEnd(20, '0')}`.slice(0, 20).replace(/[^0-9a-f]/g, 'a');
      ids[name] = id;
      const origin = feedId
        ? { kind: 'feed' as const, feedId, entryId: name }
        : { kind: 'ingest' as const };
      const hints = { title: hintTitle, publishedAt: null, summary: null, content: null };
      await articles.register(
        id,
        `https://example.com/${name}`,
        `https://example.com/${name}`,
        origin,
        hints,
        new Date(),
      );
      if (extracted)
        await articles.update(id, { status: 'extracted', article: extracted }, new Date());
      if (analysed) {
        const tx = conn.multi();
        await articles.update(id, { status: 'analyzed', analysis: analysed }, new Date(), tx);
        for (const claim of analysed.claims) {
          const entry: ReviewEntry = {
            id: claim.id,
            articleId: id,
            status: 'pending',
            createdAt: '2025-10-10T00:00:00Z',
            updatedAt: '2025-10-10T00:00:00Z',
            claim,
            article: {
              id,
              title: extracted?.title ?? null,
              url: `https://example.com/${name}`,
              siteName: extracted?.siteName ?? null,
              publishedAt: extracted?.publishedAt ?? null,
            },
            context: { text: claim.text, start: 0, end: claim.text.length },
            decisions: [],
          };
          reviews.addTo(tx, entry);
        }
        await tx.exec();
      }
    };
    const quote = statement('q1'.padEnd(20, '1'), 'quote', 'Larry Snelling', 'new');
    const claim = statement('c2'.padEnd(20, '2'), 'claim', null, 'variant');
    const other = statement('c3'.padEnd(20, '3'), 'claim', 'Brandon Johnson', 'conflict');
    await seed(
      'a1',
      'sun',
      'Police told not to assist ICE (feed)',
      article('Police told not to assist ICE', 'Chicago Sun-Times', '2025-10-08T15:00:00Z'),
      analysis('new', true, [quote]),
    );
    await seed(
      'a2',
      'wttw',
      'Mayor',
      article(TRICKY_TITLE, 'WTTW', '2025-10-09T12:00:00Z'),
      analysis('duplicate', true, [claim, other]),
    );
    await seed(
      'a3',
      'wttw',
      'Bears win',
      article('Bears beat Packers', null, '2025-10-01T20:00:00Z'),
      analysis('new', false, []),
    );
    await seed('a4', null, 'Aldermen question CPD role', null, null);
  });

  afterAll(async () => {
    await testApp?.close();
    conn?.disconnect();
    await redis?.stop();
  });

  it('lists every article newest first by publishedAt, createdAt when unknown', async () => {
    expect(await articleIds('')).toEqual([ids.a4, ids.a2, ids.a1, ids.a3]);
    const page = await get<{ total: number; items: { id: string }[] }>(
      '/api/articles?offset=1&limit=2',
    );
    expect(page.total).toBe(4);
    expect(page.items.map((a) => a.id)).toEqual([ids.a2, ids.a1]);
  });

  it.each([
    ['verdict=duplicate', ['a2']],
    ['verdict=new', ['a1', 'a3']],
    ['relevant=true', ['a2', 'a1']],
    ['relevant=false', ['a3']],
    // The site name of the page, or the outlet of a feed that listed it, in any case.
    ['outlet=wttw', ['a2']],
    ['outlet=WTTW%20News', ['a2', 'a3']],
    ['outlet=chicago%20sun-times', ['a1']],
    ['outlet=nobody', []],
    // A date alone is the whole day; both ends inclusive.
    ['from=2025-10-08&to=2025-10-08', ['a1']],
    ['from=2025-10-08T15:00:00Z', ['a4', 'a2', 'a1']],
    ['to=2025-10-05', ['a3']],
    ['q=ASSIST', ['a1']],
    ['q=aldermen', ['a4']],
    ['q=%22we%20won', ['a2']],
    ['relevant=true&outlet=WTTW%20News&verdict=duplicate', ['a2']],
    ['relevant=true&from=2025-10-09', ['a2']],
    ['verdict=new&outlet=WTTW%20News&q=packers', ['a3']],
    ['verdict=new&relevant=true&q=packers', []],
  ])('narrows the article list by %s', async (query, expected) => {
    const res = await get<{ total: number; items: { id: string }[] }>(`/api/articles?${query}`);
    expect(res.items.map((a) => a.id)).toEqual(expected.map((n) => ids[n]));
    expect(res.total).toBe(expected.length);
  });

  it('refuses a bad filter with 400', async () => {
    for (const query of ['verdict=maybe', 'relevant=perhaps', 'from=yesterday', 'q=']) {
      const res = await app.inject({ method: 'GET', url: `/api/articles?${query}`, headers: AUTH });
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toMatchObject({ code: 'INPUT_INVALID' });
    }
  });

  // Issue 18: Fastify's Ajv drops what a schema does not name, so a misspelt filter was ignored
  // and `/api/export/articles.jsonl?verdic=new` exported everything.
  it.each([
    ['/api/export/articles.jsonl?verdic=new', 'verdic'],
    ['/api/export/articles.csv?relevant=true&outlett=wttw', 'outlett'],
    ['/api/export/claims.jsonl?kind=quote&speakr=snell', 'speakr'],
    ['/api/articles?limt=5', 'limt'],
    ['/api/articles?verdict=new&from=2025-10-08&until=2025-10-09', 'until'],
    ['/api/claims?staus=new', 'staus'],
    ['/api/alerts/deliveries?stat=dead', 'stat'],
    ['/api/feeds/chicago/history?limits=3', 'limits'],
    ['/api/reprocess?lmit=1', 'lmit'],
  ])('refuses %s with 400 INPUT_INVALID naming %s', async (url, name) => {
    const res = await app.inject({ method: 'GET', url, headers: AUTH });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json<{ code: string; message: string }>()).toEqual({
      code: 'INPUT_INVALID',
      message: expect.stringContaining(`unknown query parameter ${name}:`) as string,
    });
  });

  it('refuses an unknown query parameter on every /api route, before the route runs', async () => {
    const routes = app.routeTable.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(20);
    const jobsBefore = await conn.keys(`${PREFIX}:*`);
    for (const r of routes) {
      const url = `${r.url.replace(/:\w+/g, 'x')}?zz_unknown=1`;
      const res = await app.inject({ method: r.method as 'GET', url, headers: AUTH });
      const body = res.json<{ code: string; message: string }>();
      expect({ route: `${r.method} ${r.url}`, status: res.statusCode, body }).toEqual({
        route: `${r.method} ${r.url}`,
        status: 400,
        body: {
          code: 'INPUT_INVALID',
          message: expect.stringContaining('unknown query parameter zz_unknown:') as string,
        },
      });
    }
    // No route ran: no key was written by any POST, PUT or DELETE among them.
    expect((await conn.keys(`${PREFIX}:*`)).sort()).toEqual(jobsBefore.sort());
  });

  it.each([
    ['', ['q1', 'c2', 'c3']],
    ['kind=quote', ['q1']],
    ['kind=claim', ['c2', 'c3']],
    ['speaker=snell', ['q1']],
    ['speaker=JOHNSON&kind=claim', ['c3']],
    ['outlet=WTTW%20News', ['c2', 'c3']],
    ['outlet=chicago%20sun-times&kind=quote', ['q1']],
    ['from=2025-10-09', ['c2', 'c3']],
    ['to=2025-10-08', ['q1']],
    ['status=confirmed-new', []],
  ])('narrows the claims list by %s', async (query, expected) => {
    const res = await get<{ total: number; items: { id: string }[] }>(`/api/claims?${query}`);
    expect(res.items.map((c) => c.id.slice(0, 2)).sort()).toEqual([...expected].sort());
    expect(res.total).toBe(expected.length);
  });

  it('exports the filtered articles as JSON Lines, one summary per line', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/export/articles.jsonl?relevant=true',
      headers: AUTH,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="articles.jsonl"');
    const lines = res.body.trimEnd().split('\n');
    const rows = lines.map((l) => JSON.parse(l) as { id: string; title: string; verdict: string });
    expect(rows.map((r) => r.id)).toEqual([ids.a2, ids.a1]);
    expect(rows[0]).toMatchObject({ title: TRICKY_TITLE, verdict: 'duplicate' });
    const list = await get<{ items: unknown[] }>('/api/articles?relevant=true');
    expect(rows).toEqual(list.items);
  });

  it('exports articles as RFC 4180 CSV that round-trips quotes, commas and newlines', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/export/articles.csv', headers: AUTH });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="articles.csv"');
    expect(res.body).toContain('"Mayor: ""We won\'t back down"", says FOP,\nthen responds"');
    const [header, ...rows] = parseCsv(res.body);
    expect(header?.slice(0, 4)).toEqual(['id', 'url', 'title', 'siteName']);
    expect(rows).toHaveLength(4);
    const a2 = rows.find((r) => r[0] === ids.a2)!;
    expect(a2[header!.indexOf('title')]).toBe(TRICKY_TITLE);
    expect(a2[header!.indexOf('verdict')]).toBe('duplicate');
    expect(a2[header!.indexOf('relevant')]).toBe('true');
    expect(rows.every((r) => r.length === header!.length)).toBe(true);
  });

  it('exports the filtered claims as JSON Lines and CSV', async () => {
    const jsonl = await app.inject({
      method: 'GET',
      url: '/api/export/claims.jsonl?kind=claim',
      headers: AUTH,
    });
    expect(jsonl.headers['content-disposition']).toBe('attachment; filename="claims.jsonl"');
    const items = jsonl.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as ReviewEntry);
    expect(items.map((i) => i.claim.kind)).toEqual(['claim', 'claim']);
    const csv = await app.inject({
      method: 'GET',
      url: '/api/export/claims.csv?speaker=snelling',
      headers: AUTH,
    });
    const [header, ...rows] = parseCsv(csv.body);
    expect(rows).toHaveLength(1);
    expect(rows[0]![header!.indexOf('speaker')]).toBe('Larry Snelling');
    expect(rows[0]![header!.indexOf('text')]).toBe(
      `Statement ${'q1'.padEnd(20, '1')}, with "quotes", commas`,
    );
  });

  it('rebuilds the indexes of records stored before them, once', async () => {
    const articles = new ArticleStore(conn, keys);
    const reviews = new ReviewStore(conn, keys);
    expect(await articles.ensureIndex()).toBe(4);
    expect(await articles.ensureIndex()).toBe(0);
    await conn.del(
      keys.articleIndexVersion,
      keys.articlesByDate,
      keys.articlesByVerdict('duplicate'),
      keys.articleTitles,
      keys.reviewIndexVersion,
      keys.reviewByKind('quote'),
    );
    expect(await articleIds('verdict=duplicate')).toEqual([]);
    expect(await articles.ensureIndex()).toBe(4);
    expect(await reviews.ensureIndex()).toBe(3);
    expect(await articleIds('verdict=duplicate&q=mayor')).toEqual([ids.a2]);
    expect(await claimIds('kind=quote')).toEqual([expect.stringMatching(/^q1/) as string]);
  });

  it('keeps the stored record intact through the article schema, and adds its outlet', async () => {
    const stored = await testApp.articles.get(ids.a2!);
    const served = await get<ArticleRecord & { outlet: string | null }>(`/api/articles/${ids.a2}`);
    const { outlet, ...record } = served;
    expect(record).toEqual(JSON.parse(JSON.stringify(stored)) as ArticleRecord);
    expect(outlet).toBe(stored!.article?.siteName ?? null);
  });
});
