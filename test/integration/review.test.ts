// The reviewer's queue end to end: one item per statement wherever it is repeated, its
// provenance timeline, decisions with the reviewer's name, and reprocessing that keeps them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClaimsCommand } from '../../src/cli/claims-command.js';
import type {
  ArticleRecord,
  ReviewEntry,
  StatementTimeline,
} from '../../src/domain/article-record.js';
import { AUTH, CLI_REDIS_LINE, startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { send, startTestServer, type Route, type TestServer } from '../helpers/http-server.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { QUINTERO_QUOTE, REPEAT_PAGE, sitePage } from '../helpers/site-pages.js';
import { waitFor } from '../helpers/wait.js';

function feedXml(origin: string): string {
  const item = (slug: string, title: string, date: string) => `
    <item><title>${title}</title><link>${origin}/news/${slug}</link>
      <guid isPermaLink="false">review-${slug}</guid><pubDate>${date}</pubDate>
      <description>${title}</description></item>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Review Test</title><link>${origin}/</link><description>t</description>
${item('new-quote', 'Aldermen question CPD role as ICE agents return', 'Wed, 08 Oct 2025 16:00:00 GMT')}
${item('repeat', 'Council hearing on CPD and ICE draws a crowd', 'Thu, 09 Oct 2025 12:00:00 GMT')}
</channel></rss>`;
}

describe('review queue: statements, provenance and decisions', () => {
  let redis: TestRedis;
  let site: TestServer;
  let daemon: TestDaemon;
  let articles: ArticleRecord[];

  const call = async <T>(method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await daemon.app!.inject({ method, url, headers: AUTH, payload });
    return { status: res.statusCode, body: res.json<T>() };
  };
  const quoteItem = async (status = 'pending') => {
    const { body } = await call<{ items: ReviewEntry[] }>('GET', `/api/claims?status=${status}`);
    return body.items.find((i) => i.claim.kind === 'quote' && i.claim.text.startsWith('Nobody'));
  };

  beforeAll(async () => {
    redis = await startTestRedis();
    const routes: Record<string, Route> = {};
    site = await startTestServer(routes);
    routes['/feed.xml'] = send(200, 'application/rss+xml; charset=utf-8', feedXml(site.origin));
    routes['/news/new-quote'] = send(200, 'text/html; charset=utf-8', sitePage('new-quote.html'));
    routes['/news/repeat'] = send(200, 'text/html; charset=utf-8', REPEAT_PAGE);
    daemon = await startTestDaemon({
      redisUrl: redis.url,
      feeds: [{ id: 'review-test', outlet: 'Review Test', url: `${site.origin}/feed.xml` }],
    });
    articles = await waitFor('both articles analysed', async () => {
      const list = await daemon.deps.articles.list(0, 10);
      const done = list.items.filter((a) => a.status === 'analyzed');
      return done.length === 2 ? done : undefined;
    });
  }, 60_000);

  afterAll(async () => {
    await daemon?.stop();
    await site?.close();
    await redis?.stop();
  });

  const bySlug = (slug: string) => articles.find((a) => a.url.endsWith(`/news/${slug}`))!;

  it('queues a quote repeated by a second outlet once, under the article that had it first', async () => {
    const { body } = await call<{ items: ReviewEntry[] }>('GET', '/api/claims?status=pending');
    expect(body.items.filter((i) => i.claim.text.startsWith('Nobody'))).toHaveLength(1);
    const item = await quoteItem();
    expect(item?.claim.speaker).toBe('Rosa Quintero');
    expect(item?.decisions).toEqual([]);
  });

  it('shows where the statement was first seen and who repeated it, oldest first', async () => {
    const item = (await quoteItem())!;
    const { status, body } = await call<{ item: ReviewEntry; timeline: StatementTimeline }>(
      'GET',
      `/api/claims/${item.id}`,
    );
    expect(status).toBe(200);
    expect(body.item.id).toBe(item.id);
    expect(
      body.timeline.sightings.map((s) => [s.article.id, s.article.siteName, s.novelty]),
    ).toEqual([
      [bySlug('new-quote').id, 'Test Metro News', 'new'],
      [bySlug('repeat').id, 'Other Daily', 'known'],
    ]);
  });

  it('records a decision with the token’s reviewer name and moves the item out of pending', async () => {
    const item = (await quoteItem())!;
    const res = await call<{ item: ReviewEntry }>('POST', `/api/claims/${item.id}/review`, {
      decision: 'confirmed-new',
      note: 'checked against the hearing video',
    });
    expect(res.status).toBe(200);
    expect(res.body.item.status).toBe('confirmed-new');
    expect(res.body.item.decisions).toEqual([
      expect.objectContaining({
        decision: 'confirmed-new',
        note: 'checked against the hearing video',
        reviewer: 'tester',
      }),
    ]);
    expect(await quoteItem('pending')).toBeUndefined();
    expect((await quoteItem('confirmed-new'))?.id).toBe(item.id);
  });

  it('adds a confirmed statement to the known set', async () => {
    const known = [...(await daemon.deps.documents.allStatements()).docs.values()].flat();
    expect(known).toContainEqual(
      expect.objectContaining({ source: 'confirmed', kind: 'quote', speaker: 'Rosa Quintero' }),
    );
  });

  it('keeps the decision and adds no item when the article is re-extracted', async () => {
    const id = bySlug('new-quote').id;
    const before = (await daemon.deps.articles.get(id))!;
    const total = (await call<{ total: number }>('GET', '/api/claims?status=pending')).body.total;
    const res = await call<{ jobId: string }>('POST', `/api/articles/${id}/reextract`);
    expect(res.status).toBe(202);
    await waitFor('re-analysed', async () => {
      const r = (await daemon.deps.articles.get(id))!;
      return r.updatedAt > before.updatedAt && r.status === 'analyzed' ? r : undefined;
    });
    expect((await call<{ total: number }>('GET', '/api/claims?status=pending')).body.total).toBe(
      total,
    );
    const item = (await quoteItem('confirmed-new'))!;
    expect(item.decisions.map((d) => d.decision)).toEqual(['confirmed-new']);
  });

  it('refuses a decision on an unknown item and an unknown decision', async () => {
    const missing = await call<{ code: string }>('POST', `/api/claims/${'0'.repeat(20)}/review`, {
      decision: 'not-a-claim',
    });
    expect([missing.status, missing.body.code]).toEqual([404, 'REVIEW_NOT_FOUND']);
    const item = (await quoteItem('confirmed-new'))!;
    const bad = await call<{ code: string }>('POST', `/api/claims/${item.id}/review`, {
      decision: 'maybe',
    });
    expect([bad.status, bad.body.code]).toEqual([400, 'INPUT_INVALID']);
  });

  it('prints the statement, its evidence and its timeline with `newsmon claims show`', async () => {
    const item = (await quoteItem('confirmed-new'))!;
    const out: string[] = [];
    const err: string[] = [];
    const code = await runClaimsCommand(
      daemon.config,
      ['show', item.id],
      (t) => out.push(t),
      (t) => err.push(t),
    );
    expect([code, err]).toEqual([0, [expect.stringMatching(CLI_REDIS_LINE)]]);
    const text = out.join('\n');
    expect(text).toContain(QUINTERO_QUOTE);
    expect(text).toContain('Rosa Quintero');
    expect(text).toMatch(/timeline:\n.*new .*Test Metro News.*\n.*known .*Other Daily/);
    expect(text).toContain('confirmed-new by tester — checked against the hearing video');
  });

  it('pages the queue with `newsmon claims list --limit --offset`, as the API pages it', async () => {
    const { body } = await call<{ total: number; items: ReviewEntry[] }>(
      'GET',
      '/api/claims?status=pending&offset=1&limit=1',
    );
    expect(body.total).toBeGreaterThan(2);
    const lines: string[] = [];
    const err: string[] = [];
    const code = await runClaimsCommand(
      daemon.config,
      ['list', '--limit', '1', '--offset', '1'],
      (t) => lines.push(...t.split('\n')),
      (t) => err.push(t),
    );
    expect(code).toBe(0);
    expect(lines[0]).toBe(`2–2 of ${body.total} (next: --offset 2)`);
    expect(lines.slice(1)).toEqual([expect.stringMatching(new RegExp(`^${body.items[0]!.id} `))]);

    const bad: string[] = [];
    const codes = [];
    for (const args of [['list', '--offset', 'fifty'], ['list', '--ofset', '50'], ['show']]) {
      codes.push(
        await runClaimsCommand(
          daemon.config,
          args,
          () => undefined,
          (t) => bad.push(t),
        ),
      );
    }
    expect(codes).toEqual([2, 2, 2]);
    expect(bad).toEqual([
      'newsmon claims: --offset must be a whole number ≥ 0, not "fifty"; see newsmon claims --help',
      'newsmon claims: unknown option --ofset; see newsmon claims --help',
      'newsmon claims show: give an item id; see newsmon claims --help',
    ]);
  });

  it('records a decision from the CLI under the given reviewer', async () => {
    const { body } = await call<{ items: ReviewEntry[] }>('GET', '/api/claims?status=pending');
    const target = body.items[0]!;
    const out: string[] = [];
    const code = await runClaimsCommand(
      daemon.config,
      ['review', target.id, '--decision', 'not-a-claim', '--reviewer', 'desk'],
      (t) => out.push(t),
      () => undefined,
    );
    expect(code).toBe(0);
    expect(out.join('')).toBe(`${target.id}: not-a-claim by desk`);
    const { body: after } = await call<{ item: ReviewEntry }>('GET', `/api/claims/${target.id}`);
    expect(after.item.decisions.at(-1)).toMatchObject({
      decision: 'not-a-claim',
      reviewer: 'desk',
    });
  });
});
