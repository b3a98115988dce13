// Reprocessing on demand: articles re-analysed after the corpus changed (a page first judged new
// is a duplicate once the seed it copies is known), decisions kept, no duplicate items on
// re-runs, and a feed scope that polls past 304 and the seen entries.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReprocessCommand } from '../../src/cli/reprocess-command.js';
import type { ArticleRecord, ReviewEntry } from '../../src/domain/article-record.js';
import { flaggedIdsOf } from '../../src/pipeline/reprocess.js';
import type { ReprocessView } from '../../src/pipeline/reprocess-report.js';
import { AUTH, CLI_REDIS_LINE, startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { send, startTestServer, type Route, type TestServer } from '../helpers/http-server.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { republishedPage, REPUBLISHED_SEED_ID, sitePage } from '../helpers/site-pages.js';
import { waitFor } from '../helpers/wait.js';

const SEED_ID = REPUBLISHED_SEED_ID;
const ETAG = '"feed-v1"';

function feedXml(origin: string): string {
  const item = (slug: string, title: string) => `
    <item><title>${title}</title><link>${origin}/news/${slug}</link>
      <guid isPermaLink="false">rp-${slug}</guid><pubDate>Wed, 08 Oct 2025 16:00:00 GMT</pubDate>
      <description>${title}</description></item>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Reprocess Test</title><link>${origin}/</link><description>t</description>
${item('republished', 'Chicago officers ordered to withdraw from ICE scene')}
${item('new-quote', 'Aldermen question CPD role')}
</channel></rss>`;
}

describe('reprocessing on demand', () => {
  let redis: TestRedis;
  let site: TestServer;
  let daemon: TestDaemon;
  let emptyCorpus: string;
  let republished: ArticleRecord;
  let decided: ReviewEntry;
  let flaggedBefore: string[];
  const feedStatuses: number[] = [];
  const feeds = () => [{ id: 'rp-test', outlet: 'Reprocess Test', url: `${site.origin}/feed.xml` }];

  const call = async <T>(method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await daemon.app!.inject({ method, url, headers: AUTH, payload });
    return { status: res.statusCode, body: res.json<T>() };
  };
  const runToEnd = async (payload: object): Promise<ReprocessView> => {
    const res = await call<{ id: string; status: string }>('POST', '/api/reprocess', payload);
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('planning');
    return waitFor('run done', async () => {
      const view = (await call<ReprocessView>('GET', `/api/reprocess/${res.body.id}`)).body;
      return view.status === 'done' || view.status === 'failed' ? view : undefined;
    });
  };
  const allItems = async () => {
    const { body } = await call<{ counts: Record<string, number> }>('GET', '/api/claims');
    return Object.values(body.counts).reduce((a, b) => a + b, 0);
  };

  beforeAll(async () => {
    redis = await startTestRedis();
    emptyCorpus = mkdtempSync(path.join(os.tmpdir(), 'newsmon-empty-corpus-'));
    const routes: Record<string, Route> = {};
    site = await startTestServer(routes);
    // A server that answers 304 to a conditional GET, as most feeds do.
    routes['/feed.xml'] = (req, res) => {
      const status = req.headers['if-none-match'] === ETAG ? 304 : 200;
      feedStatuses.push(status);
      if (status === 304) return res.writeHead(304, { etag: ETAG }).end();
      res
        .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: ETAG })
        .end(feedXml(site.origin));
    };
    routes['/news/republished'] = send(200, 'text/html; charset=utf-8', republishedPage());
    routes['/news/new-quote'] = send(200, 'text/html; charset=utf-8', sitePage('new-quote.html'));
    // First without the seed corpus: the republished seed looks like a report of its own.
    daemon = await startTestDaemon({
      redisUrl: redis.url,
      feeds: feeds(),
      overrides: { corpus: { dirs: [emptyCorpus] } },
    });
    const articles = await waitFor('both articles analysed', async () => {
      const list = await daemon.deps.articles.list(0, 10);
      const done = list.items.filter((a) => a.status === 'analyzed');
      return done.length === 2 ? done : undefined;
    });
    republished = articles.find((a) => a.url.endsWith('/news/republished'))!;
    // Whichever article was analysed first queued the statements both have.
    flaggedBefore = flaggedIdsOf(republished);
    const res = await call<{ item: ReviewEntry }>(
      'POST',
      `/api/claims/${flaggedBefore[0]}/review`,
      { decision: 'confirmed-new', note: 'kept across reprocessing' },
    );
    decided = res.body.item;
    // Then the seed corpus is loaded, as after a corpus update and a restart.
    await daemon.stop();
    daemon = await startTestDaemon({ redisUrl: redis.url, feeds: feeds() });
  }, 90_000);

  afterAll(async () => {
    await daemon?.stop();
    await site?.close();
    await redis?.stop();
    if (emptyCorpus) rmSync(emptyCorpus, { recursive: true, force: true });
  });

  it('first judged the copy without its seed as a report of its own, with flagged statements', () => {
    expect(republished.analysis?.dedup.verdict).not.toBe('duplicate');
    expect(republished.analysis?.relevance.relevant).toBe(true);
    expect(flaggedBefore.length).toBeGreaterThan(0);
    expect(decided.status).toBe('confirmed-new');
  });

  it('re-analyses articles by id and reports the changed verdict and the statements no longer flagged', async () => {
    const items = await allItems();
    const view = await runToEnd({ articles: [republished.id], stage: 'analyze' });
    expect(view.status).toBe('done');
    expect(view.totals).toMatchObject({ articles: 1, settled: 1, failed: 0 });
    expect(view.progress).toBe(1);
    const report = view.report!;
    expect(report.articles).toMatchObject({ total: 1, analyzed: 1, changed: 1 });
    expect(report.changed).toEqual([
      expect.objectContaining({
        articleId: republished.id,
        before: { verdict: republished.analysis!.dedup.verdict, relevant: true },
        after: { verdict: 'duplicate', relevant: true },
      }),
    ]);
    expect(report.newlyFlagged).toEqual([]);
    expect(report.noLongerFlagged.map((f) => f.itemId).sort()).toEqual([...flaggedBefore].sort());
    expect(report.noLongerFlagged.find((f) => f.itemId === decided.id)).toMatchObject({
      status: 'confirmed-new',
      createdByRun: false,
    });
    // Nothing is added; an item nobody decided on that no article flags any more is withdrawn
    // (as if the article had been judged against the seeds from the start), a decided one stays.
    const withdrawn = report.noLongerFlagged.filter((f) => f.status === null);
    expect(withdrawn.map((f) => f.itemId)).not.toContain(decided.id);
    expect(withdrawn.length).toBeGreaterThan(0);
    expect(await allItems()).toBe(items - withdrawn.length);
    const record = (await call<ArticleRecord>('GET', `/api/articles/${republished.id}`)).body;
    expect(record.analysis?.dedup.matches[0]).toMatchObject({ doc: SEED_ID, source: 'seed' });
  });

  it('keeps every reviewer decision', async () => {
    const { body } = await call<{ item: ReviewEntry }>('GET', `/api/claims/${decided.id}`);
    expect(body.item.status).toBe('confirmed-new');
    expect(body.item.decisions).toEqual([
      expect.objectContaining({ decision: 'confirmed-new', note: 'kept across reprocessing' }),
    ]);
  });

  it('adds no duplicate items when everything is re-analysed twice', async () => {
    const items = await allItems();
    // The first run also re-judges the other article against the seeds now loaded.
    const first = await runToEnd({ articles: 'all' });
    expect(first.stage).toBe('analyze');
    expect(first.report!.articles).toMatchObject({ total: 2, analyzed: 2 });
    const created = first.report!.newlyFlagged.filter((f) => f.createdByRun).length;
    const withdrawn = first.report!.noLongerFlagged.filter((f) => f.status === null).length;
    expect(await allItems()).toBe(items + created - withdrawn);
    const pending = (await call<{ total: number }>('GET', '/api/claims?status=pending')).body.total;
    const second = await runToEnd({ articles: 'all' });
    expect(second.report!.articles).toMatchObject({ total: 2, analyzed: 2, changed: 0 });
    expect(second.report!.newlyFlagged).toEqual([]);
    expect(second.report!.noLongerFlagged).toEqual([]);
    expect(await allItems()).toBe(items + created - withdrawn);
    expect((await call<{ total: number }>('GET', '/api/claims?status=pending')).body.total).toBe(
      pending,
    );
  });

  it('selects articles by outlet and by date range', async () => {
    const byOutlet = await runToEnd({ outlet: 'reprocess test' });
    expect(byOutlet.totals.articles).toBe(2);
    const byDate = await runToEnd({ from: '2025-01-01', to: '2025-12-31' });
    expect(byDate.totals.articles).toBe(2);
    const none = await runToEnd({ from: '2020-01-01', to: '2020-01-02', dateField: 'createdAt' });
    expect(none.totals.articles).toBe(0);
    expect(none.report!.articles.total).toBe(0);
  });

  it('polls a feed past its 304 and its seen entries, and fetches every article again', async () => {
    // A poll now (conditional GET) is answered 304.
    const poll = await call<{ jobId: string }>('POST', '/api/feeds/rp-test/poll');
    expect(poll.status).toBe(202);
    await waitFor('a 304', () => Promise.resolve(feedStatuses.includes(304) || undefined));
    await waitFor('poll recorded', async () => {
      const h = await daemon.deps.feeds.history('rp-test', 1);
      return h[0]?.outcome === 'not-modified' || undefined;
    });
    const fetches = site.hits.filter((h) => h.startsWith('/news/')).length;
    const before = feedStatuses.length;
    const view = await runToEnd({ feed: 'rp-test' });
    expect(view.stage).toBe('fetch');
    expect(feedStatuses.slice(before)).toContain(200);
    expect(view.totals).toMatchObject({ feeds: 1, feedsPolled: 1, articles: 2, settled: 2 });
    expect(view.report!.feeds).toEqual({ 'rp-test': 'polled' });
    expect(view.report!.articles).toMatchObject({ analyzed: 2, failed: 0 });
    expect(site.hits.filter((h) => h.startsWith('/news/')).length).toBe(fetches + 2);
    const history = await daemon.deps.feeds.history('rp-test', 1);
    expect(history[0]?.outcome).toBe('ok');
  });

  it('refuses a request without exactly one scope, and an unknown feed or run', async () => {
    const none = await call<{ code: string }>('POST', '/api/reprocess', { stage: 'analyze' });
    expect([none.status, none.body.code]).toEqual([400, 'INPUT_INVALID']);
    const two = await call<{ code: string }>('POST', '/api/reprocess', {
      feed: 'rp-test',
      articles: 'all',
    });
    expect(two.status).toBe(400);
    const feed = await call<{ code: string }>('POST', '/api/reprocess', { feed: 'nope' });
    expect([feed.status, feed.body.code]).toEqual([404, 'FEED_UNKNOWN']);
    const run = await call<{ code: string }>('GET', '/api/reprocess/nosuchrun');
    expect([run.status, run.body.code]).toEqual([404, 'REPROCESS_NOT_FOUND']);
  });

  it('re-analyses one article on demand without fetching it', async () => {
    const res = await call<{ jobId: string }>('POST', `/api/articles/${republished.id}/reanalyze`);
    expect(res.status).toBe(202);
    expect(res.body.jobId).toMatch(/^analyze-[0-9a-f]{20}-[0-9a-f]{16}-r\d+$/);
  });

  it('runs from the CLI with progress lines, then prints the report', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const progress: string[] = [];
    const code = await runReprocessCommand(
      daemon.config,
      ['--article', republished.id, '--stage', 'extract'],
      (t) => out.push(t),
      (t) => err.push(t),
      { progress: { tty: false, write: (t) => progress.push(t) }, pollMs: 100 },
    );
    expect([code, err]).toEqual([0, [expect.stringMatching(CLI_REDIS_LINE)]]);
    expect(progress.at(-1)).toMatch(/^reprocess [0-9a-z]+ done: 1\/1 articles\n$/);
    const text = out.join('\n');
    // The scope in words, not JSON.
    expect(text).toContain(`(article ${republished.id}, from the extract stage)`);
    expect(text).toContain('1 articles: 1 analysed, 0 skipped, 0 failed; 0 changed');
  });
});
