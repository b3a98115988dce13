// An article changed in place under the same feed GUID is found again: by its scheduled recheck
// (the delayed job promoted, never waited for) and by its entry coming back with a newer date. A
// changed date becomes one "changed in revision" item with before and after; a withdrawn quote
// another; analysing the article again duplicates neither and keeps the reviewer's decision.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, ReviewEntry } from '../../src/domain/article-record.js';
import { AUTH, startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { startTestServer, type Route, type TestServer } from '../helpers/http-server.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

// Synthetic page: the alderman, the clerk and their words are invented for newsmon's tests.
const QUOTE =
  '“We will not let a dispatcher decide immigration policy for this city,” Ald. Rosa Quintero said.';
const page = (hearing: string, quote: boolean) => `<!doctype html><html lang="en"><head>
<title>CPD and ICE: council hearing</title></head>
<body><article><h1>CPD and ICE: council hearing</h1>
<p>Chicago aldermen questioned Chicago Police Department leaders on Tuesday about how officers respond when ICE agents call for help during protests in Brighton Park.</p>
<p>The department said its officers follow the city's Welcoming City ordinance and respond to anyone in danger, including federal agents who are under attack.</p>
<p>The council's public safety committee will hold its next hearing on ICE and the police on ${hearing}, the committee clerk said.</p>
${quote ? `<p>${QUOTE}</p>` : ''}
<p>The hearing is expected to continue next week, when the police superintendent is scheduled to testify before the committee.</p>
</article></body></html>`;

const feed = (origin: string, pubDate: string) => `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Test outlet</title><link>${origin}/</link>
<item><title>CPD and ICE: council hearing</title><link>${origin}/story</link>
<guid isPermaLink="false">story-1</guid><pubDate>${pubDate}</pubDate>
<description>Chicago aldermen questioned police leaders about ICE.</description></item>
</channel></rss>`;

describe('revisions found by rechecks', () => {
  let redis: TestRedis;
  let site: TestServer;
  let daemon: TestDaemon;
  const routes: Record<string, Route> = {};
  let body = '';
  let etag = '';
  let conditional = 0;
  let version = 0;
  let id = '';

  /** The page as a server that answers a conditional GET: 304 while its ETag stands. */
  const serve = (html: string) => {
    body = html;
    etag = `"v${++version}"`;
  };
  const record = async (): Promise<ArticleRecord> => (await daemon.deps.articles.get(id))!;
  const call = async <T>(method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await daemon.app!.inject({ method, url, headers: AUTH, payload });
    return { status: res.statusCode, json: () => res.json<T>() };
  };
  const revisedItems = async () =>
    (await call<{ items: ReviewEntry[] }>('GET', '/api/claims?status=pending&limit=200'))
      .json()
      .items.filter((i) => i.claim.novelty === 'revised');
  const fetchQueue = () => daemon.queues.queue('article-fetch');
  const analysedAfter = (revisions: number) =>
    waitFor(`revision ${revisions} analysed`, async () => {
      const r = await record();
      return r.revisions.length === revisions && r.status === 'analyzed' ? r : undefined;
    });

  beforeAll(async () => {
    redis = await startTestRedis();
    routes['/story'] = (req, res) => {
      if (req.headers['if-none-match'] === etag) {
        conditional++;
        res.writeHead(304, { etag }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html', etag }).end(body);
    };
    site = await startTestServer(routes);
    serve(page('Oct. 15', true));
    routes['/feed.xml'] = (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(feed(site.origin, 'Tue, 07 Oct 2025 09:00:00 GMT'));
    daemon = await startTestDaemon({
      redisUrl: redis.url,
      feeds: [{ id: 'outlet', outlet: 'Test outlet', url: `${site.origin}/feed.xml` }],
      overrides: { revisions: { recheckAfter: ['1h', '6h'] } },
    });
    id = await waitFor('the story analysed', async () => {
      const { ids } = await daemon.deps.articles.query({}, 0, 10);
      const r = ids[0] ? await daemon.deps.articles.get(ids[0]) : null;
      return r?.status === 'analyzed' ? r.id : undefined;
    });
  }, 60_000);

  afterAll(async () => {
    await daemon?.stop();
    await site?.close();
    await redis?.stop();
  });

  it('schedules the rechecks of a relevant article as delayed jobs', async () => {
    expect((await record()).analysis?.relevance.relevant).toBe(true);
    const jobs = await waitFor('both rechecks scheduled', async () => {
      const js = await Promise.all([0, 1].map((n) => fetchQueue().getJob(`recheck-${id}-${n}`)));
      return js.every(Boolean) ? js.map((j) => j!) : undefined;
    });
    const createdAt = Date.parse((await record()).createdAt);
    expect(jobs.map((j) => (j.data as { due: number }).due)).toEqual([
      createdAt + 3_600_000,
      createdAt + 6 * 3_600_000,
    ]);
    for (const j of jobs) expect(await j.getState()).toBe('delayed');
  });

  it('asks with a conditional GET and leaves an unchanged page alone', async () => {
    const job = (await fetchQueue().getJob(`recheck-${id}-0`))!;
    await job.promote();
    await waitFor('the recheck answered 304', async () =>
      (await job.isCompleted()) ? true : undefined,
    );
    expect(conditional).toBe(1);
    const done = (await fetchQueue().getJob(`recheck-${id}-0`))!;
    const result = done.returnvalue as { status: string; reason: string };
    expect(result.status).toBe('skipped');
    expect(result.reason).toMatch(/304/);
    expect((await record()).revisions).toEqual([]);
  });

  it('finds an edit in place at the next scheduled recheck: a changed date is one item', async () => {
    serve(page('Oct. 16', true));
    await (await fetchQueue().getJob(`recheck-${id}-1`))!.promote();
    const r = await analysedAfter(1);
    expect(r.revisions[0]!.removed.join(' ')).toContain('Oct. 15');
    const items = await revisedItems();
    expect(items).toHaveLength(1);
    expect(items[0]!.revision).toMatchObject({ change: 'changed', what: ['date'] });
    expect(items[0]!.revision!.before).toContain('Oct. 15');
    expect(items[0]!.revision!.after).toContain('Oct. 16');
    expect(items[0]!.articleId).toBe(id);
    // Its new wording is that item, not a second "conflict" with the article's own past.
    const pending = (await call<{ items: ReviewEntry[] }>('GET', '/api/claims?limit=200'))
      .json()
      .items.filter((i) => i.claim.text.includes('Oct. 16'));
    expect(pending.map((i) => i.claim.novelty)).toEqual(['revised']);
  });

  it('keeps the item and its decision when the article is analysed again', async () => {
    const [item] = await revisedItems();
    const decided = await call('POST', `/api/claims/${item!.id}/review`, {
      decision: 'confirmed-new',
      note: 'the clerk moved the hearing',
    });
    expect(decided.status).toBe(200);
    const before = (await record()).updatedAt;
    expect((await call('POST', `/api/articles/${id}/reanalyze`)).status).toBe(202);
    await waitFor('analysed again', async () => {
      const r = await record();
      return r.updatedAt > before && r.status === 'analyzed' ? true : undefined;
    });
    expect(await revisedItems()).toEqual([]);
    const one = await call<{ item: ReviewEntry }>('GET', `/api/claims/${item!.id}`);
    expect(one.json().item).toMatchObject({ status: 'confirmed-new', revision: item!.revision });
    const all = await call<{ counts: Record<string, number> }>('GET', '/api/claims?limit=1');
    expect(all.json().counts['confirmed-new']).toBe(1);
  });

  it('finds an edit when the feed GUID comes back with a newer date: a withdrawn quote', async () => {
    serve(page('Oct. 16', false));
    routes['/feed.xml'] = (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(feed(site.origin, 'Wed, 08 Oct 2025 18:30:00 GMT'));
    expect((await call('POST', '/api/feeds/outlet/poll')).status).toBe(202);
    const r = await analysedAfter(2);
    expect(r.revisions[1]!.removed.join(' ')).toContain('dispatcher');
    const items = await revisedItems();
    expect(items).toHaveLength(1);
    expect(items[0]!.revision).toMatchObject({ change: 'removed', after: null });
    expect(items[0]!.revision!.before).toContain('dispatcher decide immigration policy');
  });
});
