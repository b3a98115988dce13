// A page fetched again: a substantive change is a revision whose new sentences alone go to
// claim analysis; a moved timestamp is no revision at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, ReviewEntry } from '../../src/domain/article-record.js';
import { AUTH, startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { send, startTestServer, type Route, type TestServer } from '../helpers/http-server.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

// Synthetic page: the alderman and her words are invented for newsmon's tests.
const page = (
  updated: string,
  extra = '',
) => `<!doctype html><html lang="en"><head><title>CPD and ICE: council hearing</title></head>
<body><article><h1>CPD and ICE: council hearing</h1>
<p>Updated ${updated}</p>
<p>Chicago aldermen questioned Chicago Police Department leaders on Tuesday about how officers respond when ICE agents call for help during protests in Brighton Park.</p>
<p>The department said its officers follow the city's Welcoming City ordinance and respond to anyone in danger, including federal agents who are under attack.</p>
${extra}
<p>The hearing is expected to continue next week, when the police superintendent is scheduled to testify before the committee.</p>
</article></body></html>`;

describe('revisions of an article', () => {
  let redis: TestRedis;
  let site: TestServer;
  let daemon: TestDaemon;
  const routes: Record<string, Route> = {};
  let id = '';

  const record = async () => (await daemon.deps.articles.get(id))!;
  const refetch = async () => {
    const before = (await record()).updatedAt;
    const res = await daemon.app!.inject({
      method: 'POST',
      url: `/api/articles/${id}/refetch`,
      headers: AUTH,
    });
    expect(res.statusCode).toBe(202);
    return waitFor('the refetch handled', async () => {
      const r = await record();
      return r.updatedAt > before && r.status === 'analyzed' ? r : undefined;
    });
  };

  beforeAll(async () => {
    redis = await startTestRedis();
    site = await startTestServer(routes);
    routes['/story'] = send(200, 'text/html', page('Oct. 7, 2025 9:00 a.m.'));
    daemon = await startTestDaemon({ redisUrl: redis.url, feeds: [] });
    const res = await daemon.app!.inject({
      method: 'POST',
      url: '/api/ingest',
      payload: { url: `${site.origin}/story` },
      headers: AUTH,
    });
    id = res.json<{ articleId: string }>().articleId;
    await waitFor('first version analysed', async () =>
      (await record()).status === 'analyzed' ? true : undefined,
    );
  }, 30_000);

  afterAll(async () => {
    await daemon?.stop();
    await site?.close();
    await redis?.stop();
  });

  it('is no revision when only the "Updated" line changed', async () => {
    routes['/story'] = send(200, 'text/html', page('Oct. 8, 2025 4:15 p.m.'));
    const r: ArticleRecord = await refetch();
    expect(r.revisions).toEqual([]);
    expect(r.snapshot?.previous).toBeDefined();
  });

  it('records a substantive change as a revision and flags only its new quote', async () => {
    const pendingTexts = async () =>
      (
        await daemon.app!.inject({
          method: 'GET',
          url: '/api/claims?status=pending',
          headers: AUTH,
        })
      )
        .json<{ items: ReviewEntry[] }>()
        .items.map((i) => i.claim.text);
    const before = await pendingTexts();
    const quote =
      '“We will not let a dispatcher decide immigration policy for this city,” Ald. Rosa Quintero said.';
    routes['/story'] = send(200, 'text/html', page('Oct. 8, 2025 6:30 p.m.', `<p>${quote}</p>`));
    const r = await refetch();
    expect(r.revisions).toHaveLength(1);
    expect(r.revisions[0]!.added.map((s) => s.text)).toEqual([quote]);
    expect(r.analysis?.scope).toMatchObject({ reason: 'revision', spans: 1 });
    // The unchanged sentences are known from the article's own previous version.
    const unchanged = r.analysis!.claims.filter((c) => !c.text.includes('dispatcher'));
    expect(unchanged.every((c) => c.novelty !== 'new')).toBe(true);
    const added = (await pendingTexts()).filter((t) => !before.includes(t));
    expect(added).toEqual([
      'We will not let a dispatcher decide immigration policy for this city,',
    ]);
  });

  it('does nothing when the page has not changed at all', async () => {
    const before = await record();
    const res = await daemon.app!.inject({
      method: 'POST',
      url: `/api/articles/${id}/refetch`,
      headers: AUTH,
    });
    expect(res.statusCode).toBe(202);
    await new Promise((r) => setTimeout(r, 500));
    expect((await record()).revisions).toEqual(before.revisions);
  });
});
