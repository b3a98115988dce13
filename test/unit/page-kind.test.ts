import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERRORS, NewsmonError as NewsmonErrorClass, type NewsmonError } from '../../src/errors.js';
import { rejectionOf } from '../../src/extract/page-kind.js';
import { extractArticle } from '../../src/extract/article-extract.js';

const page = (name: string): string =>
  readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url), 'utf8');

const URL_OF_PAGE = 'https://www.coastalherald.example/news/local';

const doc = (head: string, body: string): string =>
  `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;

const linkList = (n: number): string =>
  `<ul>${Array.from({ length: n }, (_, i) => `<li><a href="/news/story-${i}">Headline number ${i} about the harbour and the council</a></li>`).join('')}</ul>`;

const BRIEF =
  '<h1>Road reopens</h1><p>Route 9 reopened at 6 a.m. on Thursday after the overnight repairs, police said.</p>';

const sidebar = (n: number): string => `<div class="rail"><h3>Most read</h3>${linkList(n)}</div>`;

// A short story with no article markup at all, on a page whose links outweigh its text: the
// shape of the real stories the old link-density rule threw away.
const SHORT_STORY =
  '<div class="txt"><h1>Ferry service cut to two sailings a day</h1>' +
  '<p>The island ferry will run twice a day instead of four times from Monday, the operator said on Friday, after two of its crew left.</p>' +
  '<p>The operator said it was recruiting and hoped to restore the full timetable within a month.</p>' +
  '<p>Islanders who need to reach the mainland hospital can book a seat on the morning sailing by phone.</p></div>';

const rejected = [
  {
    name: 'a section front (og:type website, CollectionPage, teasers)',
    html: page('section-front.html'),
    kind: 'index',
  },
  {
    name: 'a link list that declares nothing',
    html: doc('<title>Archive</title>', `<main><h1>Archive</h1>${linkList(30)}</main>`),
    kind: 'index',
  },
  {
    name: 'a sentence amid links, with a JSON-LD WebSite node and no article',
    html: doc(
      '<script type="application/ld+json">{"@type":"WebSite","name":"Herald"}</script>',
      `<main><h1>Topics</h1><p>Everything we wrote about the harbour.</p>${linkList(8)}</main>`,
    ),
    kind: 'index',
  },
  {
    name: 'a tag page by its address, teasers and no declaration',
    url: 'https://www.coastalherald.example/tag/harbour/',
    html: doc(
      '<title>harbour | The Herald</title>',
      `<main><h1>harbour</h1><p>Ferry fares to rise in July, the operator said.</p><p>The library reopens after the flood repairs.</p></main>`,
    ),
    kind: 'index',
  },
  {
    name: 'a photo gallery declared by JSON-LD ImageGallery',
    html: doc(
      '<script type="application/ld+json">{"@type":"ImageGallery","name":"Harbour festival"}</script>',
      `<main><h1>Harbour festival in pictures</h1><p>Scenes from the weekend on the quay.</p></main>`,
    ),
    kind: 'gallery',
  },
  {
    name: 'a sign-in wall',
    html: doc(
      '<title>Sign in | The Herald</title>',
      `<main><h1>Sign in to continue reading</h1><p>Members read every story on the Herald.</p><form><input type="email" name="email"><input type="password" name="password"><button>Sign in</button></form></main>`,
    ),
    kind: 'login-wall',
  },
  {
    name: 'a "page not found" served with status 200',
    html: doc(
      '<title>Page not found | The Herald</title>',
      `<main><h1>Sorry, we couldn’t find that page.</h1><p>${'The story may have been moved or removed. '.repeat(8)}</p>${linkList(4)}</main>`,
    ),
    kind: 'not-found',
  },
];

const kept = [
  {
    name: 'a short brief with nothing but an <article>',
    html: doc('', `<article>${BRIEF}</article>`),
  },
  {
    name: 'a short brief declared by og:type article, amid many links',
    html: doc('<meta property="og:type" content="article">', `<div>${BRIEF}</div>${linkList(20)}`),
  },
  {
    name: 'a short brief declared by JSON-LD NewsArticle on a site that says og:type website',
    html: doc(
      '<meta property="og:type" content="website"><script type="application/ld+json">{"@type":"NewsArticle","headline":"Road reopens"}</script>',
      `<div>${BRIEF}</div>`,
    ),
  },
  {
    name: 'a short brief with article:published_time',
    html: doc(
      '<meta property="article:published_time" content="2024-05-02T10:00:00Z">',
      `<div>${BRIEF}</div>${linkList(20)}`,
    ),
  },
  { name: 'the short-brief fixture', html: page('short-brief.html') },
];

// Real stories that the page around them once made look like lists: each keeps its text.
const keptStories = [
  {
    name: 'a short story without article markup beside a long sidebar of links',
    html: doc('<title>Ferry service cut</title>', `${SHORT_STORY}${sidebar(25)}`),
    flags: { thin: true, linkHeavy: true },
  },
  {
    name: 'the same story on a site that prints og:type website and a JSON-LD WebSite everywhere',
    html: doc(
      '<meta property="og:type" content="website"><script type="application/ld+json">{"@type":"WebSite","name":"Herald"}</script>',
      `${SHORT_STORY}${sidebar(25)}`,
    ),
    flags: { thin: true, linkHeavy: true },
  },
  {
    name: 'a story beside a sign-in form in the page',
    html: doc(
      '',
      `${SHORT_STORY}<form class="login"><input type="email"><input type="password"><button>Log in</button></form>`,
    ),
    flags: { thin: true, linkHeavy: false },
  },
  {
    name: 'a story filed under a category in its address',
    url: 'https://www.coastalherald.example/category/local/ferry-service-cut',
    html: doc('', `${SHORT_STORY}${sidebar(25)}`),
    flags: { thin: true, linkHeavy: true },
  },
  {
    name: 'a story filed under a tag in its address',
    url: 'https://www.coastalherald.example/tags/ferry-service-cut-2291.html',
    html: doc('', `${SHORT_STORY}${sidebar(25)}`),
    flags: { thin: true, linkHeavy: true },
  },
  {
    name: 'a story on a page whose JSON-LD describes only a carousel (ItemList)',
    html: doc(
      '<script type="application/ld+json">{"@type":"ItemList","itemListElement":[]}</script>',
      `${SHORT_STORY}${sidebar(25)}`,
    ),
    flags: { thin: true, linkHeavy: true },
  },
  {
    name: 'a story swallowed by an unclosed <aside> before it',
    html: doc('', `<div class="rail"><aside><h3>Most read</h3>${linkList(3)}${SHORT_STORY}</div>`),
    flags: { thin: true, linkHeavy: false },
  },
  {
    name: 'a story whose title names Highway 404',
    html: doc('<title>Ferry service cut as Highway 404 closes</title>', `${SHORT_STORY}`),
    flags: { thin: true, linkHeavy: false },
  },
];

describe('non-articles are rejected, on strong evidence only', () => {
  it.each(rejected)(
    'rejects $name with EXTRACT_NOT_ARTICLE ($kind)',
    ({ html, kind, url = URL_OF_PAGE }) => {
      let error: unknown;
      try {
        extractArticle(html, url);
      } catch (err) {
        error = err;
      }
      expect(error).toMatchObject({ code: 'EXTRACT_NOT_ARTICLE', status: 422, transient: false });
      expect((error as NewsmonError).message).toMatch(
        new RegExp(`^extract: not an article: ${url.replace(/[.?/]/g, '\\$&')} \\(${kind}: .+\\)$`),
      );
      expect(rejectionOf(error)).toMatchObject({ kind });
    },
  );

  it.each(kept)('keeps $name', ({ html }) => {
    expect(extractArticle(html, URL_OF_PAGE).text).toContain('Route 9 reopened');
  });

  it.each(keptStories)('keeps $name, flagged', ({ html, flags, url = URL_OF_PAGE }) => {
    const article = extractArticle(html, url);
    expect(article.text).toContain('The island ferry will run twice a day');
    expect(article.text).toContain('book a seat on the morning sailing by phone.');
    expect(article.flags).toMatchObject(flags);
    if (flags.thin) expect(article.flags.reasons).toContainEqual(expect.stringMatching(/^thin: /));
  });

  it('keeps an undeclared page with one long paragraph', () => {
    const notice = 'The harbour authority will close the east quay for repairs from Monday. ';
    const html = doc(
      '<meta property="og:type" content="website">',
      `<div><h1>Notice</h1><p>${notice.repeat(6)}</p></div>${linkList(20)}`,
    );
    expect(extractArticle(html, URL_OF_PAGE).text).toContain(notice.trim());
  });

  it('finds no rejection in other errors', () => {
    expect(rejectionOf(new NewsmonErrorClass('EXTRACT_EMPTY', URL_OF_PAGE))).toBeNull();
    expect(rejectionOf(new Error('boom'))).toBeNull();
  });

  it('the error code is in the catalogue as permanent', () => {
    expect(ERRORS.EXTRACT_NOT_ARTICLE).toEqual({
      status: 422,
      transient: false,
      message: 'extract: not an article: %s',
    });
  });
});
