import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/domain/types.js';
import type { NewsmonError } from '../../src/errors.js';
import {
  elementsByTag,
  extractArticle,
  type ExtractHints,
} from '../../src/extract/article-extract.js';
import { parsePage, releasePage } from '../../src/extract/page-parse.js';

const page = (name: string): string =>
  readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url), 'utf8');

const URL_OF_PAGE =
  'https://www.coastalherald.example/news/2024/03/05/harbour-bridge?utm_source=feed';
// For cases about the page's and the feed's dates: a URL's own date outranks the feed's.
const URL_WITHOUT_DATE = 'https://www.coastalherald.example/news/harbour-bridge';

// Long enough (> 250 characters) that Readability's own result is the article.
const BODY = `<article><h1>Council votes on the budget</h1>
  <p>The city council approved a budget of 1.2 billion euros on Monday after a debate that lasted
  until midnight, with 31 votes in favour and 12 against.</p>
  <p>The opposition said the plan cut too deeply into school repairs, and promised to bring the
  matter back to the chamber before the summer recess.</p></article>`;
const withHead = (head: string, body = BODY, htmlAttrs = ''): string =>
  `<!doctype html><html ${htmlAttrs}><head>${head}</head><body>${body}</body></html>`;

interface Case {
  name: string;
  html: string;
  url?: string;
  hints?: ExtractHints;
  expected: Partial<Article>;
  contains?: string[];
  excludes?: string[];
}

const fixtureCases: Case[] = [
  {
    name: 'a news page keeps the story and drops nav, breadcrumbs, captions, related links and footer',
    html: page('news-article.html'),
    expected: { method: 'readability' },
    contains: [
      'The Harbour Bridge was closed to all traffic on Tuesday morning',
      '“We will not reopen the bridge until we are certain it is safe,” said council leader Maria Okafor.',
      'Pedestrians may still use the east walkway.',
    ],
    excludes: [
      'Sport',
      'Home',
      'Photo: Herald staff',
      'Bridge passed 2019 inspection',
      'More from the Herald',
      'Share on X',
      'All rights reserved',
      'Please enable JavaScript',
      'Published: 09:30',
    ],
  },
  {
    name: "the page's scripts never run: the article is not replaced and their error does not surface",
    html: page('news-article.html'),
    expected: { method: 'readability' },
    contains: ['Ferries will run every 15 minutes'],
    excludes: ['SCRIPT REPLACED THE ARTICLE'],
  },
  {
    name: 'a stylesheet with an unbalanced calc() (which makes jsdom throw) is dropped before parsing',
    html: withHead('<style>.a { width: calc(100% - (2 * 1rem); }</style>'),
    expected: { method: 'readability', title: 'Council votes on the budget' },
    contains: ['approved a budget of 1.2 billion euros'],
  },
  {
    name: 'a JS app shell with no body text falls back to the JSON-LD articleBody, skipping broken JSON',
    html: page('app-shell-json-ld.html'),
    expected: {
      method: 'json-ld',
      byline: 'Lena Vogt',
      siteName: 'Valley News',
      lang: 'de',
      publishedAt: '2024-02-01T00:00:00.000Z',
    },
    contains: ['„Ich habe nichts Unrechtes getan“, sagte er vor dem Rathaus.'],
    excludes: ['Loading…'],
  },
  {
    name: 'a body hidden until a script reveals it is read from [itemprop=articleBody]',
    html: page('hidden-until-script.html'),
    expected: { method: 'article-element', lang: 'fr', publishedAt: '2024-04-09T05:15:00.000Z' },
    contains: ['« Chaque jour coûte plusieurs millions d’euros », a déclaré son président'],
    excludes: ['Accueil'],
  },
  {
    name: "a consent wall falls back to the feed's content, without its captions, and the feed's date",
    html: page('consent-wall.html'),
    url: URL_WITHOUT_DATE,
    hints: {
      feedContent:
        '<p>Route 9 <b>reopened</b> on Thursday.</p><figure><figcaption>x</figcaption></figure><p>Police said repairs are done.</p>',
      feedPublishedAt: 'Thu, 02 May 2024 10:00:00 GMT',
    },
    expected: {
      method: 'feed-content',
      text: 'Route 9 reopened on Thursday.\n\nPolice said repairs are done.',
      publishedAt: '2024-05-02T10:00:00.000Z',
    },
  },
  {
    name: 'a short brief with nothing fuller to fall back to is kept rather than rejected',
    html: page('short-brief.html'),
    expected: { publishedAt: '2024-05-02T10:00:00.000Z' },
    contains: ['Route 9 reopened at 6 a.m. on Thursday after the overnight repairs, police said.'],
  },
];

const metadataCases: Case[] = [
  {
    name: 'metadata of the news page: JSON-LD authors, og:site_name, <html lang>, resolved canonical',
    html: page('news-article.html'),
    expected: {
      url: URL_OF_PAGE,
      title: 'Harbour bridge closed after crack found',
      byline: 'Priya Natarajan, Tom Ellis',
      siteName: 'The Coastal Herald',
      lang: 'en-GB',
      canonicalUrl: 'https://www.coastalherald.example/news/harbour-bridge-closed',
      publishedAt: '2024-03-05T08:30:00.000Z',
    },
  },
  {
    name: 'og:url is the canonical URL when there is no link rel=canonical',
    html: withHead('<meta property="og:url" content="//www.example.org/a/b">'),
    expected: { canonicalUrl: 'https://www.example.org/a/b' },
  },
  {
    name: 'a non-http canonical is ignored',
    html: withHead('<link rel="canonical" href="javascript:void(0)">'),
    expected: { canonicalUrl: null },
  },
  {
    name: 'og:title is the title when Readability finds none in <title>',
    html: withHead(
      '<meta property="og:title" content="Budget passes">',
      BODY.replace('<h1>Council votes on the budget</h1>', ''),
    ),
    expected: { title: 'Budget passes' },
  },
  {
    name: 'meta author is the byline when there is no JSON-LD author',
    html: withHead('<meta name="author" content="Ana Lima">'),
    expected: { byline: 'Ana Lima' },
  },
  {
    name: 'JSON-LD publisher is the site name when there is no og:site_name',
    html: withHead(
      '<script type="application/ld+json">{"@type":"NewsArticle","publisher":{"name":"Daily Post"}}</script>',
    ),
    expected: { siteName: 'Daily Post' },
  },
  {
    name: 'og:locale gives the language, as a BCP 47 tag, when <html> has no lang',
    html: withHead('<meta property="og:locale" content="pt_BR">'),
    expected: { lang: 'pt-BR' },
  },
  {
    name: 'article:published_time with an offset becomes UTC ISO-8601',
    html: withHead('<meta property="article:published_time" content="2024-03-05T09:30:00+0100">'),
    expected: { publishedAt: '2024-03-05T08:30:00.000Z' },
  },
  {
    name: 'a timestamp without an offset is read as UTC, not as the machine’s local time',
    html: withHead('<meta property="article:published_time" content="2024-03-05 09:30">'),
    expected: { publishedAt: '2024-03-05T09:30:00.000Z' },
  },
  {
    name: 'the <time> inside the article wins over one in the masthead',
    html: withHead(
      '',
      `<header><time datetime="2030-01-01">Today</time></header>${BODY.replace('</article>', '<time datetime="2024-01-02T03:04:05Z">2 Jan</time></article>')}`,
    ),
    expected: { publishedAt: '2024-01-02T03:04:05.000Z' },
  },
  {
    name: 'an unparseable date falls through to the feed date',
    html: withHead('<meta property="article:published_time" content="yesterday">'),
    url: URL_WITHOUT_DATE,
    hints: { feedPublishedAt: '2024-06-01T12:00:00Z' },
    expected: { publishedAt: '2024-06-01T12:00:00.000Z' },
  },
  {
    name: 'a page without any date has publishedAt null',
    html: withHead(''),
    url: URL_WITHOUT_DATE,
    expected: { publishedAt: null, canonicalUrl: null, siteName: null, lang: null },
  },
];

const textCases: Case[] = [
  {
    name: 'paragraphs are separated by one blank line and whitespace inside them is collapsed',
    html: withHead('<title>Council votes on the budget</title>'),
    expected: {
      text:
        'The city council approved a budget of 1.2 billion euros on Monday after a debate that lasted until midnight, with 31 votes in favour and 12 against.\n\n' +
        'The opposition said the plan cut too deeply into school repairs, and promised to bring the matter back to the chamber before the summer recess.',
      wordCount: 53,
    },
  },
  {
    name: 'headings, list items and <br> runs each start a paragraph; inline markup does not',
    html: withHead(
      '',
      BODY.replace(
        '</article>',
        '<h2>What <em>next</em></h2><p>First line.<br><br>Second line.</p><ul><li>One</li><li>Two</li></ul></article>',
      ),
    ),
    expected: {},
    contains: ['\n\nWhat next\n\nFirst line.\n\nSecond line.\n\nOne\n\nTwo'],
  },
  {
    name: 'curly quotes, dashes and non-Latin text are kept as published',
    html: withHead('', BODY.replace('Monday', '„Montag“ — ‘lunes’ — 月曜日')),
    expected: {},
    contains: ['„Montag“ — ‘lunes’ — 月曜日'],
  },
];

describe('extractArticle', () => {
  it.each([...fixtureCases, ...metadataCases, ...textCases])(
    '$name',
    ({ html, url = URL_OF_PAGE, hints, expected, contains = [], excludes = [] }) => {
      const article = extractArticle(html, url, hints);
      expect(article).toMatchObject(expected);
      for (const fragment of contains) expect(article.text).toContain(fragment);
      for (const fragment of excludes) expect(article.text).not.toContain(fragment);
      expect(article.text).not.toMatch(/\n{3,}|[ \t]\n|\n[ \t]/);
    },
  );

  it.each([
    { name: 'a consent wall without feed content', html: page('consent-wall.html'), hints: {} },
    { name: 'an empty document', html: '', hints: { feedContent: '<p>  </p>' } },
  ])('throws EXTRACT_EMPTY for $name', ({ html, hints }) => {
    expect(() => extractArticle(html, URL_OF_PAGE, hints)).toThrow(
      expect.objectContaining({ code: 'EXTRACT_EMPTY' }) as NewsmonError,
    );
  });

  it('throws EXTRACT_FAILED when the page URL is not a URL', () => {
    expect(() => extractArticle(BODY, 'not a url')).toThrow(
      expect.objectContaining({ code: 'EXTRACT_FAILED' }) as NewsmonError,
    );
  });
});

describe('extractArticle reuses one parser window', () => {
  const withLinks = (head: string): string =>
    withHead(`${head}<link rel="canonical" href="../story">`, BODY);

  it('resolves relative links against each page’s own URL, page after page', () => {
    const first = extractArticle(withLinks(''), 'https://one.example/a/b/page');
    const second = extractArticle(withLinks(''), 'https://two.example/x/y/page');
    expect(first.canonicalUrl).toBe('https://one.example/a/story');
    expect(second.canonicalUrl).toBe('https://two.example/x/story');
  });

  it('resolves relative links against the page’s <base href>, and forgets it on the next page', () => {
    const based = extractArticle(
      withLinks('<base href="https://cdn.example/mirror/news/">'),
      'https://one.example/a/b/page',
    );
    const plain = extractArticle(withLinks(''), 'https://one.example/a/b/page');
    expect(based.canonicalUrl).toBe('https://cdn.example/mirror/story');
    expect(plain.canonicalUrl).toBe('https://one.example/a/story');
  });

  it.each([
    {
      name: 'an inline script',
      script: '<script>globalThis.__newsmonRan = true; document.body.innerHTML = "RAN";</script>',
    },
    {
      name: 'an event handler attribute',
      script: '<img src="x" onerror="globalThis.__newsmonRan = true">',
    },
    {
      name: 'a script inside a comment-looking string',
      script: '<script>/* <!-- */ globalThis.__newsmonRan = true; /* --> */</script>',
    },
  ])('never runs $name', ({ script }) => {
    const article = extractArticle(withHead('', `${script}${BODY}`), URL_OF_PAGE);
    expect((globalThis as { __newsmonRan?: boolean }).__newsmonRan).toBeUndefined();
    expect(article.text).toContain('approved a budget of 1.2 billion euros');
    expect(article.text).not.toContain('RAN');
  });

  it('keeps JSON-LD while dropping other scripts before parsing', () => {
    const html = withHead(
      '<script>var x = "</p><p>injected";</script>' +
        '<script type="application/ld+json">{"@type":"NewsArticle","author":{"name":"Ana Lima"}}</script>',
    );
    const article = extractArticle(html, URL_OF_PAGE);
    expect(article.authors).toContain('Ana Lima');
    expect(article.text).not.toContain('injected');
  });

  it('gives the same article for the same page however often it is extracted', () => {
    const html = page('news-article.html');
    const first = extractArticle(html, URL_OF_PAGE);
    for (let i = 0; i < 5; i++) extractArticle(page('short-brief.html'), URL_WITHOUT_DATE);
    expect(extractArticle(html, URL_OF_PAGE)).toEqual(first);
  });
});

describe('elementsByTag (Readability’s tag look-up without the selector engine)', () => {
  const fixtures = readdirSync(new URL('../fixtures/articles/', import.meta.url));
  const tagSets = [
    ['p'],
    ['h1', 'h2'],
    ['img', 'picture', 'figure'],
    ['div', 'section', 'p'],
    ['br'],
  ];

  it.each(fixtures)(
    'returns what querySelectorAll returns, in the same order, on %s and on its subtrees',
    (slug) => {
      const html = readFileSync(
        new URL(`../fixtures/articles/${slug}/source.html`, import.meta.url),
        'utf8',
      );
      const doc = parsePage(html, 'https://example.org/a');
      try {
        const roots: (Document | Element)[] = [doc, ...doc.querySelectorAll('body, article, div')];
        for (const root of roots.slice(0, 20)) {
          for (const tags of tagSets) {
            const got = elementsByTag(root, tags);
            const want = [...root.querySelectorAll(tags.join(','))];
            // Identity, not toEqual: jest-style equality compares DOM nodes with isEqualNode.
            expect(got.length).toBe(want.length);
            expect(got.findIndex((el, k) => el !== want[k])).toBe(-1);
          }
        }
      } finally {
        releasePage(doc);
      }
    },
  );
});
