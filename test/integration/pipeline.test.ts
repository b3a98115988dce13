// The walking skeleton end to end: a feed on a loopback server travels through real BullMQ queues
// on a private redis-server to the reviewer's queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, ReviewEntry } from '../../src/domain/article-record.js';
import { AUTH, startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { send, startTestServer, type Route, type TestServer } from '../helpers/http-server.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { republishedPage, REPUBLISHED_SEED_ID, sitePage } from '../helpers/site-pages.js';
import { waitFor } from '../helpers/wait.js';

const SEED_ID = REPUBLISHED_SEED_ID;
/** The new-quote page's statements no seed has: Quintero's quote and two claims. */
// The new quote and every new reportable sentence of new-quote.html (issue 17: a sentence is a
// statement unless it is a headline, caption, chrome, question or opinion).
const NEW_STATEMENTS = 5;

function feedXml(origin: string): string {
  const item = (slug: string, title: string) => `
    <item>
      <title>${title}</title>
      <link>${origin}/news/${slug}?utm_source=rss&amp;utm_medium=feed</link>
      <guid isPermaLink="false">test-${slug}</guid>
      <pubDate>Wed, 08 Oct 2025 16:00:00 GMT</pubDate>
      <description>${title}</description>
    </item>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test Metro News</title><link>${origin}/</link><description>test</description>
${item('republished', 'Chicago officers ordered to withdraw from ICE scene')}
${item('new-quote', 'Aldermen question CPD role')}
${item('unrelated', 'New lakefront trail segment opens on Chicago’s South Side')}
${item('sports', 'Bears beat Packers in overtime')}
</channel></rss>`;
}

describe('pipeline: feed entry to review queue', () => {
  let redis: TestRedis;
  let site: TestServer;
  let daemon: TestDaemon;
  let articles: ArticleRecord[];

  const api = async <T>(url: string): Promise<T> => {
    const res = await daemon.app!.inject({ method: 'GET', url, headers: AUTH });
    expect(res.statusCode, url).toBe(200);
    return res.json<T>();
  };

  beforeAll(async () => {
    redis = await startTestRedis();
    const routes: Record<string, Route> = {};
    site = await startTestServer(routes);
    // The feed names the server's own origin, which is only known once it listens.
    routes['/feed.xml'] = send(200, 'application/rss+xml; charset=utf-8', feedXml(site.origin));
    routes['/news/republished'] = send(200, 'text/html; charset=utf-8', republishedPage());
    routes['/news/new-quote'] = send(200, 'text/html; charset=utf-8', sitePage('new-quote.html'));
    routes['/news/unrelated'] = send(200, 'text/html; charset=utf-8', sitePage('unrelated.html'));
    daemon = await startTestDaemon({
      redisUrl: redis.url,
      feeds: [{ id: 'test-metro', outlet: 'Test Metro News', url: `${site.origin}/feed.xml` }],
    });
    // The job scheduler runs each feed's first poll at once.
    articles = await waitFor('three articles analysed', async () => {
      const list = await daemon.deps.articles.list(0, 10);
      const done = list.items.filter((a) => a.status === 'analyzed' || a.status === 'failed');
      return done.length === 3 ? done : undefined;
    });
  }, 60_000);

  afterAll(async () => {
    await daemon?.stop();
    await site?.close();
    await redis?.stop();
  });

  const bySlug = (slug: string) => articles.find((a) => a.url.includes(`/news/${slug}`))!;

  it('analyses every entry of the feed without failures', () => {
    expect(
      articles.map((a) => [a.url.split('/news/')[1]?.split('?')[0], a.status, a.error]).sort(),
    ).toEqual([
      ['new-quote', 'analyzed', null],
      ['republished', 'analyzed', null],
      ['unrelated', 'analyzed', null],
    ]);
  });

  it('recognises the republished page as a duplicate of the right seed', async () => {
    const record = await api<ArticleRecord>(`/api/articles/${bySlug('republished').id}`);
    expect(record.analysis?.dedup.verdict).toBe('duplicate');
    expect(record.analysis?.dedup.matches[0]).toMatchObject({ doc: SEED_ID, source: 'seed' });
    expect(record.analysis?.dedup.matches[0]!.jaccard).toBeGreaterThanOrEqual(0.8);
    expect(record.article?.method).toBe('readability');
    // A verbatim copy adds nothing of its own, so nothing of it goes on to claim analysis.
    expect(record.analysis?.scope).toEqual({ reason: 'copy', spans: 0, words: 0 });
    expect(record.analysis?.claims).toEqual([]);
    expect(record.analysis?.family).toMatchObject({ id: SEED_ID, first: SEED_ID, size: 2 });
  });

  it('keeps the unrelated article out of the story', async () => {
    const record = await api<ArticleRecord>(`/api/articles/${bySlug('unrelated').id}`);
    expect(record.analysis?.relevance.relevant).toBe(false);
    expect(record.analysis?.relevance.why.join(' ')).toContain('missing required');
  });

  it('puts exactly the new quote and the four new sentences up for review, with speaker and evidence', async () => {
    const pending = await api<{ total: number; items: ReviewEntry[] }>(
      '/api/claims?status=pending',
    );
    expect(pending.total).toBe(NEW_STATEMENTS);
    expect(pending.items.every((i) => i.articleId === bySlug('new-quote').id)).toBe(true);
    // All five are new: the FOP's one-line objection shares only the story's common words with
    // the seed (no known statement above the evidence floor), and the Yoes quote the seed has
    // word for word is known, so it is not in the queue.
    expect(
      pending.items.filter((i) => i.claim.novelty !== 'new').map((i) => i.claim.novelty),
    ).toEqual([]);
    expect(pending.items.some((i) => i.claim.text.includes('both the National FOP'))).toBe(false);
    const quote = pending.items.find((i) => i.claim.kind === 'quote')!;
    expect(quote.claim.text).toContain('Nobody on this council wants a patrol officer');
    expect(quote.claim.speaker).toContain('Quintero');
    expect(quote.article.url).toContain('/news/new-quote');
    expect(quote.context.text.slice(quote.context.start, quote.context.end)).toBe(quote.claim.text);
    expect(
      pending.items
        .filter((i) => i.claim.kind === 'claim')
        .map((i) => i.claim.text.split(' ').slice(0, 4).join(' '))
        .sort(),
    ).toEqual([
      'Chicago aldermen pressed Chicago',
      'The Fraternal Order of',
      'The Welcoming City ordinance',
      'The hearing was the',
    ]);
  });

  it('judges the known FOP quote in the new article as known, with the seed as evidence', async () => {
    const record = await api<ArticleRecord>(`/api/articles/${bySlug('new-quote').id}`);
    const yoes = record.analysis!.claims.find(
      (c) => c.kind === 'quote' && c.text.includes('Let me be clear'),
    );
    expect(yoes?.novelty).toBe('known');
    expect(yoes?.speaker).toContain('Yoes');
    expect(['000_be577ad3e1b75147', '001_c8a33281598bb792']).toContain(yoes?.nearest?.doc);
  });

  it('strips tracking parameters before naming the article, and fetches the URL the feed gave', () => {
    const record = bySlug('new-quote');
    // The canonical form is an identity (https, see url-canonical.ts), not the address fetched.
    expect(record.canonicalUrl).toBe(`${site.origin.replace('http:', 'https:')}/news/new-quote`);
    expect(record.url.startsWith(`${site.origin}/news/new-quote`)).toBe(true);
  });

  it('does not fetch an entry whose title and summary name nothing of the story, and counts it', async () => {
    expect(site.hits).not.toContain('/news/sports');
    const res = await daemon.app!.inject({
      method: 'GET',
      url: '/api/feeds/test-metro',
      headers: AUTH,
    });
    expect(res.json()).toMatchObject({
      health: 'ok',
      prefilterDropped: 1,
      entriesSeen: 3,
      lastOutcome: 'ok',
    });
  });

  it('re-extracts an article from its snapshot on demand, without fetching it again', async () => {
    const id = bySlug('republished').id;
    const before = (await daemon.deps.articles.get(id))!;
    const fetches = site.hits.filter((h) => h.startsWith('/news/republished')).length;
    const res = await daemon.app!.inject({
      method: 'POST',
      url: `/api/articles/${id}/reextract`,
      headers: AUTH,
    });
    expect(res.statusCode).toBe(202);
    expect(res.json<{ jobId: string }>().jobId).toMatch(/^extract-[0-9a-f]{20}-[0-9a-f]{16}-r\d+$/);
    const after = await waitFor('re-analysed', async () => {
      const r = (await daemon.deps.articles.get(id))!;
      return r.updatedAt > before.updatedAt && r.status === 'analyzed' ? r : undefined;
    });
    expect(after.analysis?.dedup.verdict).toBe('duplicate');
    expect(site.hits.filter((h) => h.startsWith('/news/republished')).length).toBe(fetches);
    const pending = await api<{ total: number }>('/api/claims?status=pending');
    expect(pending.total).toBe(NEW_STATEMENTS);
  });

  it('adds nothing when the same feed is polled again', async () => {
    const before = site.hits.filter((h) => h.startsWith('/news/')).length;
    const job = await daemon.queues
      .queue('feed-poll')
      .add('feed.poll', { feedId: 'test-metro', force: true });
    await waitFor('second poll finished', async () => (await job.isCompleted()) || undefined);
    const done = await daemon.queues.queue('feed-poll').getJob(job.id!);
    // The unchanged body is recognised by its hash and not even parsed again.
    expect(done?.returnvalue).toMatchObject({ status: 'done', entries: 0, fresh: 0 });
    const history = await daemon.deps.feeds.history('test-metro');
    expect(history.map((h) => h.outcome)).toEqual(['unchanged', 'ok']);
    const list = await daemon.deps.articles.list(0, 10);
    expect(list.total).toBe(3);
    const pending = await api<{ total: number }>('/api/claims?status=pending');
    expect(pending.total).toBe(NEW_STATEMENTS);
    expect(site.hits.filter((h) => h.startsWith('/news/')).length).toBe(before);
  });
});
