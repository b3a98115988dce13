import { describe, expect, it } from 'vitest';
import type { ArticleDates, DateCandidate } from '../../src/domain/types.js';
import { extractArticle, type ExtractHints } from '../../src/extract/article-extract.js';
import { toIsoDate, urlDate } from '../../src/extract/article-dates.js';

const PLAIN_URL = 'https://news.example/local/bridge-closed';

const BODY = `<article><h1>Bridge closed</h1>
  <p>The Harbour Bridge was closed to all traffic on Tuesday morning after engineers found a crack
  in one of its main supports during a routine inspection, the city council said.</p>
  <p>Ferries will run every 15 minutes until the bridge reopens, and buses will be diverted over
  the river at the northern crossing, adding about twenty minutes to most journeys.</p>
  ARTICLE_EXTRA</article>`;

function pageWith(head: string, inArticle = '', outside = ''): string {
  return `<!doctype html><html><head>${head}</head><body>${outside}${BODY.replace('ARTICLE_EXTRA', inArticle)}</body></html>`;
}

const jsonLd = (fields: Record<string, unknown>): string =>
  `<script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', ...fields })}</script>`;
const meta = (property: string, content: string): string =>
  `<meta property="${property}" content="${content}">`;
const named = (name: string, content: string): string =>
  `<meta name="${name}" content="${content}">`;

interface Case {
  name: string;
  head?: string;
  inArticle?: string;
  outside?: string;
  url?: string;
  hints?: ExtractHints;
  expected: Partial<ArticleDates>;
  candidates?: DateCandidate[];
  conflicts?: (string | RegExp)[];
}

const sourceCases: Case[] = [
  {
    name: 'article:published_time and article:modified_time',
    head:
      meta('article:published_time', '2025-10-06T09:00:00+02:00') +
      meta('article:modified_time', '2025-10-06T12:30:00+02:00'),
    expected: {
      published: '2025-10-06T07:00:00.000Z',
      publishedSource: 'meta:article:published_time',
      modified: '2025-10-06T10:30:00.000Z',
      modifiedSource: 'meta:article:modified_time',
    },
  },
  {
    name: 'JSON-LD datePublished and dateModified',
    head: jsonLd({ datePublished: '2025-10-06T07:00:00Z', dateModified: '2025-10-07T08:00:00Z' }),
    expected: {
      published: '2025-10-06T07:00:00.000Z',
      publishedSource: 'json-ld:datePublished',
      modified: '2025-10-07T08:00:00.000Z',
      modifiedSource: 'json-ld:dateModified',
    },
  },
  {
    name: 'other date metas (Dublin Core, og:updated_time) are meta:other',
    head: named('DC.date.issued', '2025-10-06') + meta('og:updated_time', '2025-10-08T10:00:00Z'),
    expected: {
      published: '2025-10-06T00:00:00.000Z',
      publishedSource: 'meta:other',
      modified: '2025-10-08T10:00:00.000Z',
      modifiedSource: 'meta:other',
    },
  },
  {
    name: 'microdata itemprop=datePublished on an ordinary element is meta:other',
    inArticle: '<span itemprop="datePublished" content="2025-10-06T05:00:00Z">Oct 6</span>',
    expected: { published: '2025-10-06T05:00:00.000Z', publishedSource: 'meta:other' },
  },
  {
    name: 'a <time datetime> is the published date',
    inArticle: '<time datetime="2025-10-06T06:00:00Z">6 October</time>',
    expected: { published: '2025-10-06T06:00:00.000Z', publishedSource: 'time-element' },
  },
  {
    name: 'a <time> labelled "Updated" is the modified date',
    inArticle:
      '<p class="meta"><time datetime="2025-10-06T06:00:00Z">6 October</time></p>' +
      '<p class="meta">Updated <time datetime="2025-10-06T18:00:00Z">18:00</time></p>',
    expected: {
      published: '2025-10-06T06:00:00.000Z',
      publishedSource: 'time-element',
      modified: '2025-10-06T18:00:00.000Z',
      modifiedSource: 'time-element',
    },
  },
  {
    name: 'a <time> inside a link to another page (a teaser) is not this page’s date',
    outside:
      '<a href="/other/story"><time datetime="2025-10-01T06:00:00Z">1 October</time> Other</a>',
    inArticle: '<time datetime="2025-10-06T06:00:00Z">6 October</time>',
    expected: { published: '2025-10-06T06:00:00.000Z' },
  },
  {
    name: "the URL's /2025/10/06/ path",
    url: 'https://news.example/2025/10/06/bridge-closed',
    expected: { published: '2025-10-06T00:00:00.000Z', publishedSource: 'url' },
  },
  {
    name: "the URL's 20251006 stamp",
    url: 'https://news.example/local/bridge-closed-20251006.html',
    expected: { published: '2025-10-06T00:00:00.000Z', publishedSource: 'url' },
  },
  {
    name: 'the feed’s pubDate (RFC 822)',
    hints: { feedPublishedAt: 'Mon, 06 Oct 2025 07:15:00 GMT' },
    expected: { published: '2025-10-06T07:15:00.000Z', publishedSource: 'feed' },
  },
  {
    name: 'HTTP Last-Modified is a modified candidate',
    hints: { httpLastModified: 'Tue, 07 Oct 2025 10:00:00 GMT' },
    expected: {
      published: null,
      modified: '2025-10-07T10:00:00.000Z',
      modifiedSource: 'http:last-modified',
    },
  },
  {
    name: 'no date anywhere',
    expected: { published: null, publishedSource: null, modified: null, candidates: [] },
  },
];

const priorityCases: Case[] = [
  {
    name: 'JSON-LD beats a <time>, the URL and the feed; every candidate is kept',
    url: 'https://news.example/2025/10/06/bridge-closed',
    head: jsonLd({ datePublished: '2025-10-06T07:00:00Z' }),
    inArticle: '<time datetime="2025-10-06T07:05:00Z">7:05</time>',
    hints: { feedPublishedAt: '2025-10-06T07:10:00Z' },
    expected: { published: '2025-10-06T07:00:00.000Z', publishedSource: 'json-ld:datePublished' },
    candidates: [
      { value: '2025-10-06T07:00:00.000Z', source: 'json-ld:datePublished', kind: 'published' },
      { value: '2025-10-06T07:05:00.000Z', source: 'time-element', kind: 'published' },
      { value: '2025-10-06T00:00:00.000Z', source: 'url', kind: 'published' },
      { value: '2025-10-06T07:10:00.000Z', source: 'feed', kind: 'published' },
    ],
    conflicts: [],
  },
  {
    name: 'a <time> beats the URL and the feed',
    url: 'https://news.example/2025/10/06/bridge-closed',
    inArticle: '<time datetime="2025-10-06T08:00:00Z">8:00</time>',
    hints: { feedPublishedAt: '2025-10-06T09:00:00Z' },
    expected: { published: '2025-10-06T08:00:00.000Z', publishedSource: 'time-element' },
  },
  {
    name: 'the URL beats the feed on another day',
    url: 'https://news.example/2025/10/06/bridge-closed',
    hints: { feedPublishedAt: '2025-10-09T09:00:00Z' },
    expected: { published: '2025-10-06T00:00:00.000Z', publishedSource: 'url' },
    // Measured from the end of the URL's day in the easternmost time zone.
    conflicts: ['url and feed are 45 hours apart'],
  },
  {
    name: 'a URL day takes the hour from a feed date on that day',
    url: 'https://news.example/2025/10/06/bridge-closed',
    hints: { feedPublishedAt: '2025-10-06T21:30:00-04:00' },
    expected: { published: '2025-10-07T01:30:00.000Z', publishedSource: 'feed' },
    conflicts: [],
  },
  {
    name: 'article:modified_time beats JSON-LD dateModified and Last-Modified',
    head:
      meta('article:modified_time', '2025-10-07T08:00:00Z') +
      jsonLd({ dateModified: '2025-10-07T08:01:00Z' }),
    hints: { httpLastModified: 'Wed, 08 Oct 2025 00:00:00 GMT' },
    expected: {
      modified: '2025-10-07T08:00:00.000Z',
      modifiedSource: 'meta:article:modified_time',
    },
  },
];

const conflictCases: Case[] = [
  {
    name: 'published candidates more than a day apart name both sources and the gap',
    head:
      meta('article:published_time', '2025-10-06T07:00:00Z') +
      jsonLd({ datePublished: '2025-10-09T07:00:00Z' }),
    hints: { feedPublishedAt: '2025-10-06T20:00:00Z' },
    expected: { publishedSource: 'meta:article:published_time' },
    conflicts: ['meta:article:published_time and json-ld:datePublished are 3 days apart'],
  },
  {
    name: 'a day apart or less is no conflict',
    head: meta('article:published_time', '2025-10-06T07:00:00Z'),
    hints: { feedPublishedAt: '2025-10-07T06:00:00Z' },
    expected: {},
    conflicts: [],
  },
  {
    name: 'a candidate after `now` is in the future',
    head: meta('article:published_time', '2025-10-06T07:00:00Z'),
    hints: { feedPublishedAt: '2025-10-06T09:00:00Z', now: '2025-10-06T08:00:00Z' },
    expected: { published: '2025-10-06T07:00:00.000Z' },
    conflicts: ['feed (published) is in the future: 2025-10-06T09:00:00.000Z'],
  },
  // Issue 18: past a day of slack a date is not used, so a year-99999 page cannot top the lists.
  {
    name: 'a published date centuries ahead is not used; the next source speaks',
    head: meta('article:published_time', '2999-06-01T00:00:00Z'),
    hints: { feedPublishedAt: '2025-10-06T07:00:00Z', now: '2025-10-06T08:00:00Z' },
    expected: { published: '2025-10-06T07:00:00.000Z', publishedSource: 'feed' },
    conflicts: [
      /^feed and meta:article:published_time are [\d.]+ days apart$/,
      'meta:article:published_time (published) is in the future: 2999-06-01T00:00:00.000Z (not used)',
    ],
  },
  {
    name: 'a far-future date with nothing else leaves the article undated',
    head: meta('article:published_time', '3000-01-01T00:00:00Z'),
    hints: { now: '2025-10-06T08:00:00Z' },
    expected: { published: null, publishedSource: null },
    conflicts: [
      'meta:article:published_time (published) is in the future: 3000-01-01T00:00:00.000Z (not used)',
    ],
  },
  {
    name: 'a far-future modified date is not used either',
    head:
      meta('article:published_time', '2025-10-06T07:00:00Z') +
      meta('article:modified_time', '2999-01-01T00:00:00Z'),
    hints: { now: '2025-10-06T08:00:00Z' },
    expected: { modified: null },
    conflicts: [
      'meta:article:modified_time (modified) is in the future: 2999-01-01T00:00:00.000Z (not used)',
    ],
  },
  {
    name: 'without `now` nothing is checked against the clock',
    head: meta('article:published_time', '2999-01-01T00:00:00Z'),
    expected: { published: '2999-01-01T00:00:00.000Z' },
    conflicts: [],
  },
  {
    name: 'today’s URL date is not in the future',
    url: 'https://news.example/2025/10/06/bridge-closed',
    hints: { now: new Date('2025-10-06T01:00:00Z') },
    expected: { published: '2025-10-06T00:00:00.000Z' },
    conflicts: [],
  },
  {
    name: 'modified before published',
    head:
      meta('article:published_time', '2025-10-06T07:00:00Z') +
      meta('article:modified_time', '2025-10-05T07:00:00Z'),
    expected: {},
    conflicts: [
      'modified (meta:article:modified_time) is 24 hours before published (meta:article:published_time)',
    ],
  },
  {
    name: 'a modified stamp minutes before publication (the last draft save) is no conflict',
    head:
      meta('article:published_time', '2025-10-06T07:00:00Z') +
      meta('article:modified_time', '2025-10-06T06:58:00Z'),
    expected: {},
    conflicts: [],
  },
];

describe('Article.dates', () => {
  it.each([...sourceCases, ...priorityCases, ...conflictCases])(
    '$name',
    ({
      head = '',
      inArticle,
      outside,
      url = PLAIN_URL,
      hints,
      expected,
      candidates,
      conflicts,
    }) => {
      const article = extractArticle(pageWith(head, inArticle, outside), url, hints);
      expect(article.dates).toMatchObject(expected);
      expect(article.publishedAt).toBe(article.dates.published);
      if (candidates) expect(article.dates.candidates).toEqual(candidates);
      if (conflicts) {
        expect(article.dates.conflicts).toHaveLength(conflicts.length);
        conflicts.forEach((c, i) => expect(article.dates.conflicts[i]).toMatch(c));
      }
    },
  );
});

describe('urlDate', () => {
  it.each([
    ['https://x.example/2025/10/06/slug', '2025-10-06T00:00:00.000Z'],
    ['https://x.example/news/2025-10-06-slug', '2025-10-06T00:00:00.000Z'],
    ['https://x.example/live/2025/nov/14/storm', '2025-11-14T00:00:00.000Z'],
    ['https://x.example/a/story-20251006.html', '2025-10-06T00:00:00.000Z'],
    ['https://x.example/2025/02/31/not-a-day', null],
    ['https://x.example/articles/slug-11574168580', null],
    ['https://x.example/2025/10/', null],
  ])('%s', (url, expected) => {
    expect(urlDate(url)).toBe(expected);
  });
});

describe('toIsoDate', () => {
  it.each([
    ['2024-03-05T09:30:00+0100', '2024-03-05T08:30:00.000Z'],
    ['2024-03-05 09:30', '2024-03-05T09:30:00.000Z'],
    ['Thu, 02 May 2024 10:00:00 GMT', '2024-05-02T10:00:00.000Z'],
    ['May 2, 2024', null],
    ['yesterday', null],
  ])('%s', (value, expected) => {
    expect(toIsoDate(value)).toBe(expected);
  });
});
