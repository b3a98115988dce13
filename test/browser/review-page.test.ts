// The review page in a real browser: Debian's chromium driven by playwright-core, against the
// real daemon on a private Redis with articles from a loopback site. The page takes its token
// from the URL fragment, shows a flagged quote with its evidence, records a decision made with
// the keyboard, and renders hostile article text inert.
//
// NEWSMON_SCREENSHOTS=docs npx vitest run test/browser   also writes docs/review-page.png and
// docs/article-view.png.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, ReviewEntry } from '../../src/domain/article-record.js';
import { REVIEW_PAGE_CSP } from '../../src/http/review-page.routes.js';
import { TEST_TOKEN } from '../helpers/auth.js';
import { AUTH, startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { send, startTestServer, type Route, type TestServer } from '../helpers/http-server.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import {
  QUINTERO_QUOTE,
  REPEAT_PAGE,
  republishedPage,
  REPUBLISHED_SEED_ID,
  sitePage,
} from '../helpers/site-pages.js';
import { waitFor } from '../helpers/wait.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.NEWSMON_SCREENSHOTS;

const SEED_ID = REPUBLISHED_SEED_ID;

// Every payload sets window.__xss or opens a dialog if it ever runs.
const IMG = '<img src=x onerror=window.__xss=1;alert(1)>';
const SCRIPT = '<script>window.__xss=2;alert(2)</script>';
const JS_URL = 'javascript:window.__xss=3;alert(3)';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A relevant article whose title, outlet and quote carry markup and a javascript: URL as text. */
const HOSTILE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<!-- Synthetic test page: the alderman and her quote are invented for newsmon's tests. -->
<title>Aldermen press CPD on ICE calls ${esc(IMG)}</title>
<meta property="og:site_name" content="Hostile ${esc(SCRIPT)} Gazette">
<meta property="article:published_time" content="2025-10-10T12:00:00Z"></head><body><article>
<h1>Aldermen press CPD on ICE calls ${esc(IMG)}</h1>
<p>Chicago aldermen questioned Chicago Police Department commanders on Friday about officers answering calls from ICE and Border Patrol agents in Little Village.</p>
<p>“Officers in Little Village will never hand residents to Border Patrol ${esc(IMG)} ${esc(SCRIPT)} ${esc(JS_URL)} while I sit on this council,” Ald. Mara Vance said after the vote.</p>
<p>Police officials said officers follow the Welcoming City ordinance and respond to emergencies, and <a href="${JS_URL}">promised a written answer</a> to the council.</p>
</article></body></html>`;

function feedXml(origin: string): string {
  const item = (slug: string, title: string, date: string) => `
    <item><title>${title}</title><link>${origin}/news/${slug}</link>
      <guid isPermaLink="false">page-${slug}</guid><pubDate>${date}</pubDate>
      <description>${title}</description></item>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Page Test</title><link>${origin}/</link><description>t</description>
${item('new-quote', 'Aldermen question CPD role as ICE agents return', 'Wed, 08 Oct 2025 16:00:00 GMT')}
${item('repeat', 'Council hearing on CPD and ICE draws a crowd', 'Thu, 09 Oct 2025 12:00:00 GMT')}
${item('republished', 'Chicago officers ordered to withdraw from ICE scene', 'Sun, 05 Oct 2025 14:10:00 GMT')}
${item('hostile', 'Aldermen press CPD on ICE calls', 'Fri, 10 Oct 2025 12:00:00 GMT')}
</channel></rss>`;
}

/** A queue item written straight to Redis with a payload in every field the page shows. */
function hostileEntry(): ReviewEntry {
  const at = new Date().toISOString();
  const context = `Before ${IMG} “${SCRIPT} all of it” after ${JS_URL}.`;
  const start = context.indexOf(SCRIPT);
  return {
    id: 'abcdefabcdefabcdef01',
    articleId: 'no-such-article',
    status: 'pending',
    createdAt: at,
    updatedAt: at,
    context: { text: context, start, end: start + SCRIPT.length + 11 },
    decisions: [],
    article: {
      id: `x" onmouseover="window.__xss=4`,
      title: `Title ${IMG}`,
      url: JS_URL,
      siteName: `Outlet ${SCRIPT}`,
      publishedAt: `${IMG}`,
    },
    claim: {
      id: 'abcdefabcdefabcdef01',
      kind: 'quote',
      text: `${SCRIPT} all of it`,
      speaker: `Speaker ${IMG}`,
      speakerRole: `Role <a href="${JS_URL}">link</a>`,
      start: 0,
      end: 10,
      worthiness: 0.99,
      reasons: [`reason ${IMG}`],
      quantities: [],
      novelty: 'conflict',
      nearest: {
        doc: `doc ${SCRIPT}`,
        source: 'seed',
        text: `nearest ${IMG}`,
        speaker: `<svg onload="window.__xss=5">`,
        score: 0.5,
      },
      diff: { removed: [IMG], added: [SCRIPT, JS_URL] },
      conflict: { kind: 'count', unit: `<b onmouseover=alert(6)>`, ours: IMG, theirs: SCRIPT },
    },
  };
}

/**
 * A claim (not a quote, no speaker) from an article whose page names no outlet, whose nearest
 * known statement was seen in another ingested article.
 */
function claimEntry(article: ArticleRecord, nearestFrom: ArticleRecord): ReviewEntry {
  const at = new Date().toISOString();
  const text = 'The council approved 3 new hearings on police cooperation with federal agents.';
  return {
    id: 'abcdefabcdefabcdef02',
    articleId: article.id,
    status: 'pending',
    createdAt: at,
    updatedAt: at,
    context: { text, start: 0, end: text.length },
    decisions: [],
    article: {
      id: article.id,
      title: 'A page without a site name',
      url: article.url,
      siteName: null,
      publishedAt: at,
    },
    claim: {
      id: 'abcdefabcdefabcdef02',
      kind: 'claim',
      text,
      speaker: null,
      speakerRole: null,
      start: 0,
      end: text.length,
      worthiness: 0.98,
      reasons: ['count'],
      quantities: [],
      novelty: 'variant',
      nearest: {
        doc: nearestFrom.id,
        source: 'ingested',
        text: 'The council approved 2 hearings.',
        speaker: null,
        score: 0.6,
      },
      diff: { removed: ['2'], added: ['3', 'new'] },
      conflict: null,
    },
  };
}

describe('review page in chromium', () => {
  let redis: TestRedis;
  let site: TestServer;
  let daemon: TestDaemon;
  let browser: Browser;
  let context: BrowserContext;
  let base: string;
  let articles: ArticleRecord[];
  const routes: Record<string, Route> = {};

  const byUrl = (slug: string) => articles.find((a) => a.url.endsWith(`/news/${slug}`))!;

  beforeAll(async () => {
    // Never a silent skip: a machine without chromium fails here and says how to fix it.
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `review page browser test: no chromium at ${CHROMIUM}. Install Debian's chromium ` +
          '(apt-get install -y chromium; .ci/run does it) or set CHROMIUM_PATH.',
      );
    }
    redis = await startTestRedis();
    site = await startTestServer(routes);
    const html = 'text/html; charset=utf-8';
    routes['/feed.xml'] = send(200, 'application/rss+xml; charset=utf-8', feedXml(site.origin));
    routes['/news/new-quote'] = send(200, html, sitePage('new-quote.html'));
    routes['/news/repeat'] = send(200, html, REPEAT_PAGE);
    routes['/news/republished'] = send(200, html, republishedPage());
    routes['/news/hostile'] = send(200, html, HOSTILE);
    daemon = await startTestDaemon({
      redisUrl: redis.url,
      feeds: [{ id: 'page-test', outlet: 'Page Test', url: `${site.origin}/feed.xml` }],
    });
    base = daemon.address!;
    articles = await waitFor(
      'four articles analysed',
      async () => {
        const list = await daemon.deps.articles.list(0, 10);
        const done = list.items.filter((a) => a.status === 'analyzed');
        return done.length === 4 ? done : undefined;
      },
      40_000,
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await daemon?.stop();
    await site?.close();
    await redis?.stop();
  });

  /** A fresh tab that records dialogs, CSP violations and page errors. */
  async function openPage(hash: string) {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(
      `window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));`,
    );
    const response = await page.goto(`${base}/${hash}`);
    return { page, response, dialogs, errors };
  }

  /** The item whose statement contains `text`. */
  const card = (page: Page, text: string) =>
    page.locator('article.item').filter({ has: page.locator('.statement', { hasText: text }) });

  async function selectCard(page: Page, text: string) {
    const selected = page.locator('article.item.selected .statement', { hasText: text });
    for (const key of ['j', 'k']) {
      for (let i = 0; i < 50; i++) {
        if ((await selected.count()) > 0) return;
        await page.keyboard.press(key);
      }
    }
    throw new Error(`no item with ${text}`);
  }

  it('serves the page shell without a token, with a strict CSP and nosniff; the API still needs one', async () => {
    for (const url of ['/', '/assets/review-page.js', '/assets/review-page.css']) {
      const res = await daemon.app!.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-security-policy']).toBe(REVIEW_PAGE_CSP);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    expect(REVIEW_PAGE_CSP).toContain("script-src 'self'");
    expect(REVIEW_PAGE_CSP).not.toContain('unsafe-inline');
    const api = await daemon.app!.inject({ method: 'GET', url: '/api/claims' });
    expect(api.statusCode).toBe(401);
    expect(api.headers['x-content-type-options']).toBe('nosniff');
  });

  it('asks for a token without one, and works with a pasted one', async () => {
    const { page, errors } = await openPage('');
    await expect.poll(() => page.getByText('Paste your API token').count()).toBe(1);
    await page.locator('#token-input').fill(TEST_TOKEN);
    await page.keyboard.press('Enter');
    await card(page, QUINTERO_QUOTE).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a refused token as such and asks again', async () => {
    const { page } = await openPage('#token=not-the-token-0123456789');
    await page.getByText('The token was refused (AUTH_INVALID)').waitFor();
    expect(await page.evaluate(`sessionStorage.getItem('newsmon.token')`)).toBeNull();
    await context.close();
  });

  it('takes the token from the fragment, shows a flagged quote with its evidence, confirms it with the keyboard, and lists it as confirmed after a reload', async () => {
    const { page, response, dialogs, errors } = await openPage(`#token=${TEST_TOKEN}`);
    expect(response?.headers()['content-security-policy']).toBe(REVIEW_PAGE_CSP);
    const item = card(page, QUINTERO_QUOTE);
    await item.waitFor();
    // The token left the address bar and lives in this tab's sessionStorage.
    expect(page.url()).not.toContain(TEST_TOKEN);
    expect(await page.evaluate(`sessionStorage.getItem('newsmon.token')`)).toBe(TEST_TOKEN);

    await expect.poll(() => item.locator('.speaker-name').textContent()).toBe('Rosa Quintero');
    expect(await item.locator('.context mark').textContent()).toContain(QUINTERO_QUOTE);
    expect(await item.locator('.source .outlet').textContent()).toBe('Test Metro News');
    expect(await item.locator('.source').textContent()).toContain('Aldermen question CPD');
    await selectCard(page, QUINTERO_QUOTE);
    // The provenance timeline: first seen in Test Metro News, repeated by Other Daily.
    await item.locator('.sightings li', { hasText: 'Other Daily' }).waitFor();
    expect(await item.locator('.sightings li').first().textContent()).toContain('Test Metro News');
    // The shortcuts are on the page.
    expect(await page.locator('.shortcuts').textContent()).toMatch(/cconfirmed new/);
    if (SCREENSHOTS) {
      // The docs' picture: the quote, filtered by its speaker, selected with its timeline.
      await page.goto(`${base}/#/?speaker=${encodeURIComponent('Rosa Quintero')}`);
      await selectCard(page, QUINTERO_QUOTE);
      await item.locator('.sightings li', { hasText: 'Other Daily' }).waitFor();
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: screenshot('review-page.png') });
      await page.goto(`${base}/#/`);
      await selectCard(page, QUINTERO_QUOTE);
    }

    await page.keyboard.press('e');
    await page.keyboard.type('checked against the hearing video');
    await page.keyboard.press('Escape');
    await page.keyboard.press('c');
    await page.locator('#status.ok', { hasText: 'confirmed-new' }).waitFor();
    expect(await card(page, QUINTERO_QUOTE).count()).toBe(0);

    await page.reload();
    await page.locator('article.item').first().waitFor();
    expect(await card(page, QUINTERO_QUOTE).count()).toBe(0);
    await page.locator('#filter-status').selectOption('confirmed-new');
    const confirmed = card(page, QUINTERO_QUOTE);
    await confirmed.waitFor();
    expect(await confirmed.locator('.decisions').textContent()).toMatch(
      /confirmed-new by tester .* — checked against the hearing video/,
    );
    expect(page.url()).toContain('status=confirmed-new');

    const res = await daemon.app!.inject({
      method: 'GET',
      url: '/api/claims?status=confirmed-new',
      headers: AUTH,
    });
    const saved = res
      .json<{ items: ReviewEntry[] }>()
      .items.find((i) => i.claim.text.startsWith(QUINTERO_QUOTE));
    expect(saved?.decisions.at(-1)).toMatchObject({
      decision: 'confirmed-new',
      reviewer: 'tester',
    });
    expect([dialogs, errors]).toEqual([[], []]);
    expect(await page.evaluate('window.__csp')).toEqual([]);
    await context.close();
  });

  it('filters the loaded items by speaker and outlet', async () => {
    const { page } = await openPage(`#token=${TEST_TOKEN}`);
    await page.locator('article.item').first().waitFor();
    const all = await page.locator('article.item').count();
    await page.locator('#filter-speaker').selectOption('Mara Vance');
    await expect.poll(() => page.locator('article.item').count()).toBeLessThan(all);
    const speakers = await page.locator('article.item .speaker-name').allTextContents();
    expect(speakers.length).toBeGreaterThan(0);
    expect(new Set(speakers)).toEqual(new Set(['Mara Vance']));
    expect(await page.locator('.summary').textContent()).toContain('loaded items only');
    await context.close();
  });

  it('shows an article with its dedup family and revisions', async () => {
    // A revision first: the republisher adds a paragraph with a new quote.
    const id = byUrl('republished').id;
    routes['/news/republished'] = send(
      200,
      'text/html; charset=utf-8',
      republishedPage(
        '<p>“We expect every officer to answer a colleague’s call for help, badge or no badge,” Ald. Tomas Reyes said on Monday.</p>',
      ),
    );
    await daemon.app!.inject({ method: 'POST', url: `/api/articles/${id}/refetch`, headers: AUTH });
    await waitFor('a revision', async () => {
      const r = await daemon.deps.articles.get(id);
      return r && r.revisions.length > 0 && r.status === 'analyzed' ? r : undefined;
    });

    const { page, errors } = await openPage(`#token=${TEST_TOKEN}`);
    await page.locator('article.item').first().waitFor();
    await page.goto(`${base}/#/articles/${id}`);
    const view = page.locator('.article-view');
    await view.locator('.family', { hasText: SEED_ID }).waitFor();
    expect(await view.locator('.facts').textContent()).toMatch(/dedup verdict\s*(duplicate|near)/);
    expect(await view.locator('.revisions ins').first().textContent()).toContain(
      'badge or no badge',
    );
    if (SCREENSHOTS) await page.screenshot({ path: screenshot('article-view.png') });
    await page.keyboard.press('q');
    await page.locator('article.item').first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a claim without quotation marks or an unknown speaker, its feed’s outlet, and the title of the article its nearest statement came from', async () => {
    const from = byUrl('new-quote');
    const tx = daemon.deps.redis.multi();
    daemon.deps.reviews.addTo(tx, claimEntry(byUrl('repeat'), from));
    await tx.exec();
    const { page, errors } = await openPage(`#token=${TEST_TOKEN}`);
    const item = card(page, 'The council approved 3 new hearings');
    await item.waitFor();
    const statement = item.locator('.statement');
    expect(await statement.evaluate((el) => el.tagName)).toBe('P');
    const marks = await statement.evaluate((el) => [
      getComputedStyle(el, '::before').content,
      getComputedStyle(el, '::after').content,
    ]);
    expect(marks).toEqual(['none', 'none']);
    expect(await item.locator('.speaker').count()).toBe(0);
    expect(await item.textContent()).not.toContain('speaker unknown');
    // The page names no outlet: the feed's outlet, never the host (127.0.0.1).
    expect(await item.locator('.source .outlet').textContent()).toBe('Page Test');
    // The nearest statement's source: the article's outlet and title, not its id.
    const nearest = item.locator('.nearest');
    expect(await nearest.textContent()).toContain('Aldermen question CPD');
    expect(await nearest.textContent()).toContain('Test Metro News');
    expect(await nearest.textContent()).not.toContain(from.id);
    // A quote keeps its marks (Quintero's was decided above; Vance's is pending).
    const quote = card(page, 'Officers in Little Village');
    expect(
      await quote.locator('.statement').evaluate((el) => getComputedStyle(el, '::before').content),
    ).toBe('"“"');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens the queue dashboard from its link: a session is made, and every request stays on this origin', async () => {
    const { page, errors } = await openPage(`#token=${TEST_TOKEN}`);
    await page.locator('article.item').first().waitFor();
    const requests: { url: string; status: number | null }[] = [];
    page.on('response', (res) => requests.push({ url: res.url(), status: res.status() }));
    page.on('requestfailed', (r) => requests.push({ url: r.url(), status: null }));
    await page.locator('.dashboard-link').click();
    await page.waitForURL(`${base}/admin/queues**`);
    // bull-board lists the queues once its script has run and called its API with the cookie.
    await page.getByText('article-analyze').first().waitFor();
    await page.evaluate('document.fonts.ready');
    expect(await page.evaluate(`document.fonts.check('16px "IBM Plex Sans"')`)).toBe(true);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'newsmon_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
    expect(requests.length).toBeGreaterThan(3);
    for (const r of requests) expect(r.url.startsWith(`${base}/`)).toBe(true);
    expect(requests.filter((r) => r.status === null || r.status >= 400)).toEqual([]);
    expect(await page.evaluate('window.__csp')).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('answers a browser that opens the dashboard without a session with a way in', async () => {
    const { page } = await openPage('admin/queues');
    expect(await page.locator('h1').textContent()).toBe('This page needs a browser session');
    await page.locator('a', { hasText: 'review page' }).click();
    await page.getByText('Paste your API token').waitFor();
    await context.close();
  });

  it('renders markup, event handlers and javascript: URLs in article data as inert text', async () => {
    const tx = daemon.deps.redis.multi();
    daemon.deps.reviews.addTo(tx, hostileEntry());
    await tx.exec();
    const { page, dialogs, errors } = await openPage(`#token=${TEST_TOKEN}`);
    const crafted = card(page, 'all of it');
    await crafted.waitFor();
    const real = card(page, 'Officers in Little Village');
    await real.waitFor();
    // Visit every item so each one's timeline renders too.
    const count = await page.locator('article.item').count();
    for (let i = 0; i < count; i++) await page.keyboard.press('j');
    await selectCard(page, 'all of it');
    await crafted.locator('.timeline h3').waitFor();

    // The payloads are there, as text.
    expect(await crafted.locator('.statement').textContent()).toBe(`${SCRIPT} all of it`);
    expect(await crafted.locator('.speaker-name').textContent()).toBe(`Speaker ${IMG}`);
    expect(await crafted.locator('.context mark').textContent()).toContain(SCRIPT);
    expect(await crafted.locator('.diff').textContent()).toContain(JS_URL);
    expect(await crafted.locator('.conflict .ours').textContent()).toBe(IMG);
    expect(await real.locator('.statement').textContent()).toContain(IMG);
    expect(await real.locator('.statement').textContent()).toContain(SCRIPT);
    expect(await real.locator('.source').textContent()).toContain('Hostile <script>');
    // The javascript: article URL is shown as text, not a link.
    expect(await crafted.locator('.source .unsafe-url').textContent()).toContain('Title <img');

    await page.goto(`${base}/#/articles/${byUrl('hostile').id}`);
    await page.locator('.article-view h2', { hasText: '<img src=x' }).waitFor();
    expect(await page.locator('.article-view .text').textContent()).toContain(SCRIPT);

    // Nothing ran, nothing was injected, no link goes anywhere but http(s) or this page.
    for (const view of ['article', 'queue']) {
      if (view === 'queue') {
        await page.keyboard.press('q');
        await crafted.waitFor();
      }
      expect(await page.evaluate('window.__xss')).toBeUndefined();
      expect(await page.locator('main img, main svg, main script, main iframe').count()).toBe(0);
      expect(await page.locator('[onerror], [onload], [onmouseover]').count()).toBe(0);
      expect(await page.locator('script').count()).toBe(1);
      const hrefs = await page.evaluate<string[]>(
        `[...document.querySelectorAll('a[href]')].map((a) => a.href)`,
      );
      expect(hrefs.length).toBeGreaterThan(0);
      for (const href of hrefs) expect(href).toMatch(/^https?:\/\//);
    }
    expect([dialogs, errors]).toEqual([[], []]);
    expect(await page.evaluate('window.__csp')).toEqual([]);
    await context.close();
  });
});

function screenshot(name: string): string {
  const dir = path.resolve(SCREENSHOTS!);
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
