import { describe, expect, it } from 'vitest';
import type { TextFlags } from '../../src/domain/types.js';
import { extractArticle, type ExtractHints } from '../../src/extract/article-extract.js';

const URL_OF_PAGE = 'https://news.example/business/shipyard-sale';

const P1 =
  'The family that has owned the Harborview shipyard for three generations has hired an investment bank to explore a sale, according to two people familiar with the matter.';
const P2 =
  'Orders for ferries and barges have fallen by half since 2022, and the yard laid off forty welders in the autumn, the company said in a statement to employees.';
const P3 =
  'A sale could be agreed before the summer, one of the people said, and at least two foreign groups have looked at the books of the yard in recent weeks.';
const P4 =
  'The city council, which leases the waterfront land to the yard, said any buyer would have to keep the site in industrial use until the lease ends in 2041.';

const TEASER = `<article><h1>Shipyard owner weighs sale</h1><p>${P1}</p><p>${P2}</p>EXTRA</article>`;

function pageWith(head: string, extra = ''): string {
  return `<!doctype html><html><head>${head}</head><body>${TEASER.replace('EXTRA', extra)}</body></html>`;
}

const jsonLd = (fields: Record<string, unknown>): string =>
  `<script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', ...fields })}</script>`;

const longBody = [P1, P2, P3, P4, P3.replace('summer', 'winter'), P4.replace('2041', '2050')];

interface Case {
  name: string;
  head?: string;
  extra?: string;
  hints?: ExtractHints;
  expected: Omit<TextFlags, 'reasons'>;
  reasons?: (string | RegExp)[];
}

const NONE = { paywalled: false, partial: false, truncated: false };

const cases: Case[] = [
  { name: 'a free, whole article has no flags', expected: NONE, reasons: [] },
  {
    name: 'JSON-LD isAccessibleForFree: false',
    head: jsonLd({ isAccessibleForFree: false }),
    expected: { ...NONE, paywalled: true },
    reasons: ['paywalled: JSON-LD isAccessibleForFree is false'],
  },
  {
    name: 'JSON-LD isAccessibleForFree: "False" on a hasPart',
    head: jsonLd({
      hasPart: [{ '@type': 'WebPageElement', isAccessibleForFree: 'False', cssSelector: '.paid' }],
    }),
    expected: { ...NONE, paywalled: true },
  },
  {
    name: 'JSON-LD isAccessibleForFree: true is free',
    head: jsonLd({ isAccessibleForFree: true }),
    expected: NONE,
  },
  {
    name: 'paywall markup with text in it',
    extra: '<div class="article-paywall"><h3>Subscribe for full access</h3></div>',
    expected: { ...NONE, paywalled: true },
    reasons: ['paywalled: paywall markup (article-paywall)'],
  },
  {
    name: 'Piano’s tp-modal',
    extra: '<div class="tp-modal"><p>Register to keep reading</p></div>',
    expected: { ...NONE, paywalled: true },
  },
  {
    name: 'an empty paywall placeholder, which free pages carry too, is not a paywall',
    extra: '<div id="paywall-container"></div>',
    expected: NONE,
  },
  {
    name: '"Subscribe to continue reading" at the end of the text',
    extra: '<p>Subscribe to continue reading this story and everything else on the Journal.</p>',
    expected: { ...NONE, paywalled: true },
    reasons: [/^paywalled: the text ends with "Subscribe to continue reading"/],
  },
  {
    name: 'a JSON-LD wordCount far above the text’s words is partial',
    head: jsonLd({ wordCount: 900 }),
    expected: { ...NONE, partial: true },
    reasons: [/^partial: \d+ words, \d+% of the JSON-LD wordCount 900$/],
  },
  {
    name: 'a JSON-LD wordCount close to the text’s words is not',
    head: jsonLd({ wordCount: '70' }),
    expected: NONE,
  },
  {
    // Extraction then takes the JSON-LD body as the text (article-extract.ts), so nothing is lost.
    name: 'a JSON-LD articleBody much longer than Readability’s text becomes the text: no flags',
    head: jsonLd({ articleBody: longBody.join('\n\n') }),
    expected: NONE,
  },
  {
    name: 'a JSON-LD articleBody whose last paragraph the text lacks is truncated',
    head: jsonLd({ articleBody: [P1, P2, P3].join('\n\n') }),
    expected: { ...NONE, truncated: true },
  },
  {
    name: 'a JSON-LD articleBody the text holds is neither',
    head: jsonLd({ articleBody: [P1, P2].join('\n\n') }),
    expected: NONE,
  },
  {
    name: 'feed content with many more words is truncated',
    hints: { feedContent: longBody.map((p) => `<p>${p}</p>`).join('') },
    expected: { ...NONE, truncated: true },
    reasons: [/^truncated: \d+ words, \d+% of the feed content's \d+$/],
  },
  {
    name: 'a feed summary longer than the text is truncated',
    hints: { feedSummary: `<p>${longBody.join(' ')}</p>` },
    expected: { ...NONE, truncated: true },
    reasons: [/^truncated: \d+ words, \d+% of the feed summary's \d+$/],
  },
  {
    name: 'a short feed summary is not',
    hints: { feedSummary: 'The Harborview shipyard may be sold.' },
    expected: NONE,
  },
];

describe('Article.flags', () => {
  it.each(cases)('$name', ({ head = '', extra, hints, expected, reasons }) => {
    const { flags } = extractArticle(pageWith(head, extra), URL_OF_PAGE, hints);
    expect(flags).toMatchObject(expected);
    if (reasons) {
      // The page's own flags (thin, link-heavy: page-kind.test.ts) are not about the text.
      const textReasons = flags.reasons.filter((r) => !/^(?:thin|link-heavy):/.test(r));
      expect(textReasons).toHaveLength(reasons.length);
      reasons.forEach((r, i) => expect(textReasons[i]).toMatch(r));
    }
  });

  it('flags never change the text: a paywalled teaser is returned as published', () => {
    const html = pageWith(jsonLd({ isAccessibleForFree: false, wordCount: 900 }));
    const article = extractArticle(html, URL_OF_PAGE);
    expect(article.flags).toMatchObject({ paywalled: true, partial: true });
    expect(article.text).toContain(`${P1}\n\n${P2}`);
  });

  // Issue 21: the subscriber's text a paywalled page carries for search engines is never used.
  it.each([
    {
      name: 'JSON-LD isAccessibleForFree: false',
      head: jsonLd({ isAccessibleForFree: false, articleBody: longBody.join('\n\n') }),
      extra: '',
    },
    {
      name: 'paywall markup',
      head: jsonLd({ articleBody: longBody.join('\n\n') }),
      extra: '<div class="article-paywall"><p>Subscribe for full access</p></div>',
    },
  ])(
    'a paywalled page ($name) with the full text in its JSON-LD articleBody yields only the teaser',
    ({ head, extra }) => {
      const article = extractArticle(pageWith(head, extra), URL_OF_PAGE);
      expect(article.method).toBe('readability');
      expect(article.text).toContain(`${P1}\n\n${P2}`);
      expect(article.text).not.toContain(P3);
      expect(article.flags).toMatchObject({ paywalled: true, partial: true });
    },
  );

  it('a section the JSON-LD declares locked is not extracted, though the page carries it', () => {
    const head = jsonLd({
      isAccessibleForFree: false,
      hasPart: { '@type': 'WebPageElement', isAccessibleForFree: false, cssSelector: '.locked' },
    });
    const article = extractArticle(
      pageWith(head, `<div class="locked"><p>${P3}</p><p>${P4}</p></div>`),
      URL_OF_PAGE,
    );
    expect(article.text).toContain(`${P1}\n\n${P2}`);
    expect(article.text).not.toContain(P3);
    expect(article.flags.paywalled).toBe(true);
  });
});
