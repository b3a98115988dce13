import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERRORS, type NewsmonError } from '../../src/errors.js';
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

const rejected = [
  {
    name: 'a section front (og:type website, CollectionPage, teasers)',
    html: page('section-front.html'),
  },
  {
    name: 'a link list that declares nothing',
    html: doc('<title>Archive</title>', `<main><h1>Archive</h1>${linkList(30)}</main>`),
  },
  {
    name: 'a JSON-LD WebSite page without an article',
    html: doc(
      '<script type="application/ld+json">{"@type":"WebSite","name":"Herald"}</script>',
      `<main><h1>Topics</h1><p>Everything we wrote about the harbour.</p>${linkList(8)}</main>`,
    ),
  },
  {
    name: 'a "page not found" served with status 200',
    html: doc(
      '<title>Page not found | The Herald</title>',
      `<main><h1>Sorry, we couldn’t find that page.</h1><p>${'The story may have been moved or removed. '.repeat(8)}</p>${linkList(4)}</main>`,
    ),
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

describe('non-articles are rejected', () => {
  it.each(rejected)('rejects $name with EXTRACT_NOT_ARTICLE', ({ html }) => {
    expect(() => extractArticle(html, URL_OF_PAGE)).toThrow(
      expect.objectContaining({
        code: 'EXTRACT_NOT_ARTICLE',
        status: 422,
        transient: false,
        message: `extract: not an article: ${URL_OF_PAGE}`,
      }) as NewsmonError,
    );
  });

  it.each(kept)('keeps $name', ({ html }) => {
    expect(extractArticle(html, URL_OF_PAGE).text).toContain('Route 9 reopened');
  });

  it('keeps an undeclared page with one long paragraph', () => {
    const notice = 'The harbour authority will close the east quay for repairs from Monday. ';
    const html = doc(
      '<meta property="og:type" content="website">',
      `<div><h1>Notice</h1><p>${notice.repeat(6)}</p></div>${linkList(20)}`,
    );
    expect(extractArticle(html, URL_OF_PAGE).text).toContain(notice.trim());
  });

  it('the error code is in the catalogue as permanent', () => {
    expect(ERRORS.EXTRACT_NOT_ARTICLE).toEqual({
      status: 422,
      transient: false,
      message: 'extract: not an article: %s',
    });
  });
});
