// Issue 21: a paywalled page that carries the subscriber's text in its JSON-LD articleBody. Only
// what a reader is shown is extracted, and the review items from it say the text is incomplete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, ReviewEntry } from '../../src/domain/article-record.js';
import { AUTH, startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { send, startTestServer, type Route, type TestServer } from '../helpers/http-server.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

// Synthetic: the alderman and her words are invented for newsmon's tests.
const SHOWN = [
  'Chicago aldermen pressed Chicago Police Department leaders on Tuesday about how officers respond when U.S. Immigration and Customs Enforcement (ICE) agents call for help, days after a confrontation in Brighton Park.',
  '“A patrol officer should never be the one deciding immigration policy on a side street,” Ald. Marisol Ibarra said at the hearing.',
];
// Only in the JSON-LD: the part a subscriber would read.
const LOCKED = [
  '“We will put the department’s orders in writing before the end of the month,” Ald. Marisol Ibarra said after the hearing on the police role.',
  'The Welcoming City ordinance bars Chicago officers from taking part in civil immigration enforcement by federal agents.',
];

function paywalledPage(): string {
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: 'Aldermen press CPD on its role when ICE agents call',
    datePublished: '2025-10-08T16:00:00Z',
    isAccessibleForFree: false,
    articleBody: [...SHOWN, ...LOCKED].join('\n\n'),
  };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Aldermen press CPD on its role when ICE agents call</title>
<meta property="og:type" content="article"><meta property="og:site_name" content="Test Metro Ledger">
<script type="application/ld+json">${JSON.stringify(jsonLd)}</script></head>
<body><article><h1>Aldermen press CPD on its role when ICE agents call</h1>
${SHOWN.map((p) => `<p>${p}</p>`).join('\n')}
<div class="paywall"><p>Subscribe to continue reading.</p></div>
</article></body></html>`;
}

function feedXml(origin: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test Metro Ledger</title><link>${origin}/</link><description>t</description>
<item><title>Aldermen press CPD on its role when ICE agents call</title><link>${origin}/news/paywalled</link>
<guid isPermaLink="false">paywalled-1</guid><pubDate>Wed, 08 Oct 2025 16:00:00 GMT</pubDate>
<description>Aldermen press Chicago police on ICE</description></item>
</channel></rss>`;
}

describe('a paywalled page with the full text in its JSON-LD', () => {
  let redis: TestRedis;
  let site: TestServer;
  let daemon: TestDaemon;
  let record: ArticleRecord;

  beforeAll(async () => {
    redis = await startTestRedis();
    const routes: Record<string, Route> = {};
    site = await startTestServer(routes);
    routes['/feed.xml'] = send(200, 'application/rss+xml; charset=utf-8', feedXml(site.origin));
    routes['/news/paywalled'] = send(200, 'text/html; charset=utf-8', paywalledPage());
    daemon = await startTestDaemon({
      redisUrl: redis.url,
      feeds: [{ id: 'ledger', outlet: 'Test Metro Ledger', url: `${site.origin}/feed.xml` }],
    });
    record = await waitFor('the article analysed', async () => {
      const list = await daemon.deps.articles.list(0, 10);
      return list.items.find((a) => a.status === 'analyzed' || a.status === 'failed');
    });
  }, 60_000);

  afterAll(async () => {
    await daemon?.stop();
    await site?.close();
    await redis?.stop();
  });

  it('extracts only what the page shows a reader, and flags it', () => {
    expect(record.status).toBe('analyzed');
    expect(record.article?.method).toBe('readability');
    expect(record.article?.text).toContain(SHOWN[1]);
    for (const locked of LOCKED) expect(record.article?.text).not.toContain(locked);
    expect(record.article?.flags).toMatchObject({ paywalled: true, partial: true });
  });

  it('puts the flags on each review item from the article, and nothing from the locked text', async () => {
    const res = await daemon.app!.inject({
      method: 'GET',
      url: '/api/claims?status=pending',
      headers: AUTH,
    });
    const { items } = res.json<{ items: ReviewEntry[] }>();
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(item.article.flags).toMatchObject({ paywalled: true, partial: true });
      expect(item.article.flags?.reasons).toContain(
        'paywalled: JSON-LD isAccessibleForFree is false',
      );
      for (const locked of LOCKED) expect(locked).not.toContain(item.claim.text);
    }
  });
});
