import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/domain/types.js';
import { extractArticle } from '../../src/extract/article-extract.js';
import { cleanTitle, mergeAuthors } from '../../src/extract/page-metadata.js';

const URL_OF_PAGE = 'https://news.example/local/bridge-closed';

const BODY = `<article><h1>Bridge closed</h1>BYLINE
  <p>The Harbour Bridge was closed to all traffic on Tuesday morning after engineers found a crack
  in one of its main supports during a routine inspection, the city council said.</p>
  <p>Ferries will run every 15 minutes until the bridge reopens, and buses will be diverted over
  the river at the northern crossing, adding about twenty minutes to most journeys.</p></article>`;

function pageWith(head: string, byline = '', outside = ''): string {
  return `<!doctype html><html><head>${head}</head><body>${BODY.replace('BYLINE', byline)}${outside}</body></html>`;
}

const jsonLd = (value: unknown): string =>
  `<script type="application/ld+json">${JSON.stringify(value)}</script>`;

interface Case {
  name: string;
  head?: string;
  byline?: string;
  outside?: string;
  expected: Partial<Article>;
}

const authorCases: Case[] = [
  {
    name: 'meta author',
    head: '<meta name="author" content="Ana Lima">',
    expected: { authors: ['Ana Lima'], byline: 'Ana Lima' },
  },
  {
    name: 'a JSON-LD author array, names as objects and strings',
    head: jsonLd({
      '@type': 'NewsArticle',
      author: [{ '@type': 'Person', name: 'Ana Lima' }, 'Tom Ellis'],
    }),
    expected: { authors: ['Ana Lima', 'Tom Ellis'] },
  },
  {
    name: 'a JSON-LD @graph whose article names its author by @id',
    head: jsonLd({
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'NewsArticle', author: { '@id': 'https://news.example/#/person/1' } },
        { '@type': 'Person', '@id': 'https://news.example/#/person/1', name: 'Priya Natarajan' },
      ],
    }),
    expected: { authors: ['Priya Natarajan'] },
  },
  {
    name: 'rel=author links when nothing else names the author',
    byline: '<p class="by">By <a rel="author" href="/staff/ana">Ana Lima</a></p>',
    expected: { authors: ['Ana Lima'] },
  },
  {
    name: 'rel=author links in a rail of other stories are ignored once the page names its author',
    head: '<meta name="author" content="Ana Lima">',
    outside: '<aside><a rel="author" href="/staff/tom">Tom Ellis</a></aside>',
    expected: { authors: ['Ana Lima'] },
  },
  {
    name: 'the same name from JSON-LD, meta and the byline is listed once, without "By"',
    head:
      '<meta name="author" content="ana lima">' +
      jsonLd({ '@type': 'NewsArticle', author: { name: 'Ana Lima' } }),
    byline: '<p class="byline">By Ana Lima</p>',
    expected: { authors: ['Ana Lima'] },
  },
  {
    name: 'Readability’s byline is the author when nothing else names one, without "By"',
    byline: '<p class="byline">By Sam Oduya</p>',
    expected: { authors: ['Sam Oduya'], byline: 'Sam Oduya' },
  },
  {
    name: 'a profile URL in article:author is not a name',
    head: '<meta property="article:author" content="https://www.facebook.com/ana.lima">',
    expected: { authors: [] },
  },
];

const pageCases: Case[] = [
  {
    name: 'link rel=canonical wins over og:url, resolved against the page',
    head: '<link rel="canonical" href="/local/bridge"><meta property="og:url" content="https://other.example/x">',
    expected: { canonicalUrl: 'https://news.example/local/bridge' },
  },
  {
    name: 'og:title, og:site_name and og:locale',
    head:
      '<meta property="og:title" content="Bridge closed after crack found">' +
      '<meta property="og:site_name" content="The Herald"><meta property="og:locale" content="en_GB">',
    expected: { siteName: 'The Herald', lang: 'en-GB' },
  },
  {
    name: 'Content-Language when nothing else gives the language',
    head: '<meta http-equiv="Content-Language" content="de, en">',
    expected: { lang: 'de' },
  },
];

describe('page metadata', () => {
  it.each([...authorCases, ...pageCases])('$name', ({ head = '', byline, outside, expected }) => {
    expect(extractArticle(pageWith(head, byline, outside), URL_OF_PAGE)).toMatchObject(expected);
  });
});

describe('mergeAuthors', () => {
  it.each([
    {
      name: 'keeps order, drops exact repeats',
      input: ['A B', 'a  b', 'C D'],
      expected: ['A B', 'C D'],
    },
    {
      name: 'drops a byline that only repeats a listed name',
      input: ['Jill Disis', 'By Jill Disis, CNN Business'],
      expected: ['Jill Disis'],
    },
    {
      name: 'drops a shorter form of a listed name',
      input: ['Finian Cunningham. Sputnik International', 'Finian Cunningham'],
      expected: ['Finian Cunningham. Sputnik International'],
    },
    { name: 'drops a bare "By" and empty values', input: ['By', '', null, ' '], expected: [] },
  ])('$name', ({ input, expected }) => {
    expect(mergeAuthors(input)).toEqual(expected);
  });
});

describe('cleanTitle', () => {
  it.each([
    ['site name first', 'Capitol Brief » Dam to close', null, 'Dam to close'],
    ['declared site name last', 'Dam to close | The Herald', 'The Herald', 'Dam to close'],
    ['no site name', 'Dam to close – and why', 'The Herald', 'Dam to close – and why'],
    ['only the site name', 'Capitol Brief', null, 'Capitol Brief'],
  ])('%s', (_, title, siteName, want) => {
    expect(cleanTitle(title, siteName, 'https://www.capitolbrief.example/a/1')).toBe(want);
  });
});
