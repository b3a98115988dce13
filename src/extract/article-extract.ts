// A fetched page to an Article: Readability first, then what the page or its feed says the body
// is. Pure: the page's scripts never run and nothing is fetched; each call builds and closes its
// own window and keeps no reference to it, so a worker can call it page after page.
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import type { Article, ExtractionMethod } from '../domain/types.js';
import { NewsmonError } from '../errors.js';
import { words } from '../text/normalize.js';
import { blockParagraphs, joinParagraphs, plainTextParagraphs } from './block-text.js';
import { pruneBoilerplate, withoutDatelines } from './content-prune.js';
import { readJsonLdArticle, readPageMetadata } from './page-metadata.js';

export interface ExtractHints {
  /** The entry's full content from the feed (HTML), used when the page yields too little. */
  feedContent?: string | null;
  /** The entry's date from the feed, used when the page states none. */
  feedPublishedAt?: string | null;
}

// jsdom 27–29 throw from inside `new JSDOM()` on a stylesheet with a malformed calc(); styles
// carry no article text, so they go before the parser sees them.
const STYLE_BLOCK = /<style\b[^>]*>[\s\S]*?<\/style\s*>/gi;

// Nodes that are never article text. JSON-LD scripts stay: Readability and the metadata read them.
const NON_CONTENT =
  'script:not([type="application/ld+json" i]), style, svg, noscript, template, iframe, link[rel~="stylesheet" i]';

// Below this many characters a Readability result is a teaser, a cookie notice or a caption
// rather than an article, and a fuller source is worth trying.
const MIN_ARTICLE_CHARS = 250;
// A Readability result this much shorter than the page's own JSON-LD body has lost part of it
// (paywall teaser markup, a split body); the JSON-LD is then the better text.
const MIN_SHARE_OF_JSON_LD = 0.6;

const CONTAINER_SELECTORS = ['[itemprop="articleBody"]', 'article', 'main', '[role="main"]'];
// Inside an <article> or <main>, these hold navigation and promotion, not the story.
const CONTAINER_CHROME =
  'nav, aside, footer, header, form, figure, [role="navigation"], [role="complementary"]';

interface Candidate {
  method: ExtractionMethod;
  text: string;
}

function htmlToParagraphs(doc: Document, html: string): string[] {
  // A <template>'s content is inert: no scripts run and no images load while it is parsed.
  const template = doc.createElement('template');
  template.innerHTML = html;
  return blockParagraphs(template.content);
}

function readabilityCandidate(doc: Document): {
  candidate: Candidate;
  title: string | null;
  byline: string | null;
} {
  // Readability rewrites the document it is given; the fallbacks need the page as published.
  const copy = doc.cloneNode(true) as Document;
  const parsed = new Readability<Element>(copy, {
    keepClasses: true,
    serializer: (el) => el as Element,
  }).parse();
  const content = parsed?.content;
  if (content && !process.env.PRUNE_ALL_OFF) pruneBoilerplate(content);
  return {
    candidate: {
      method: 'readability',
      text: content ? joinParagraphs(withoutDatelines(blockParagraphs(content))) : '',
    },
    title: parsed?.title?.trim() || null,
    byline: parsed?.byline?.trim() || null,
  };
}

function jsonLdCandidate(doc: Document, body: string | null): Candidate {
  if (!body) return { method: 'json-ld', text: '' };
  // Some CMSs put the body's HTML, or entity-escaped text, in articleBody.
  const paragraphs = /<\/?[a-z][^>]*>|&[#\w]+;/i.test(body)
    ? htmlToParagraphs(doc, body)
    : plainTextParagraphs(body);
  return { method: 'json-ld', text: joinParagraphs(paragraphs) };
}

function containerCandidate(doc: Document): Candidate {
  for (const selector of CONTAINER_SELECTORS) {
    const container = doc.querySelector(selector);
    if (!container) continue;
    const copy = container.cloneNode(true) as Element;
    for (const chrome of copy.querySelectorAll(CONTAINER_CHROME)) chrome.remove();
    const text = joinParagraphs(blockParagraphs(copy));
    if (text) return { method: 'article-element', text };
  }
  return { method: 'article-element', text: '' };
}

/** The first candidate long enough to be the article; else the longest non-empty one. */
function chooseText(candidates: Candidate[], floor: number): Candidate | null {
  const enough = candidates.find((candidate) => candidate.text.length >= floor);
  if (enough) return enough;
  const nonEmpty = candidates.filter((candidate) => candidate.text.length > 0);
  return nonEmpty.reduce<Candidate | null>(
    (best, candidate) => (best && best.text.length >= candidate.text.length ? best : candidate),
    null,
  );
}

function parsePage(html: string, url: string): JSDOM {
  try {
    // No runScripts and no resources: jsdom's defaults, which never execute or fetch anything.
    // A silent VirtualConsole keeps jsdom's CSS and parse complaints out of the service's stdout.
    return new JSDOM(html.replace(STYLE_BLOCK, ''), { url, virtualConsole: new VirtualConsole() });
  } catch (err) {
    throw new NewsmonError('EXTRACT_FAILED', `cannot parse ${url}`, { cause: err });
  }
}

/**
 * Extracts the article of one page. `html` is the decoded page, `url` the address it was fetched
 * from (relative links and the canonical URL resolve against it). Throws EXTRACT_EMPTY when
 * neither the page nor the hints hold any article text.
 */
export function extractArticle(html: string, url: string, hints: ExtractHints = {}): Article {
  const dom = parsePage(html, url);
  try {
    const doc = dom.window.document;
    const jsonLd = readJsonLdArticle(doc);
    const metadata = readPageMetadata(doc, url, jsonLd, hints.feedPublishedAt);
    for (const node of doc.querySelectorAll(NON_CONTENT)) node.remove();

    const readability = readabilityCandidate(doc);
    const jsonLdBody = jsonLdCandidate(doc, jsonLd?.articleBody ?? null);
    const floor = Math.max(MIN_ARTICLE_CHARS, MIN_SHARE_OF_JSON_LD * jsonLdBody.text.length);
    const chosen = chooseText(
      [
        readability.candidate,
        jsonLdBody,
        containerCandidate(doc),
        {
          method: 'feed-content',
          text: hints.feedContent ? joinParagraphs(htmlToParagraphs(doc, hints.feedContent)) : '',
        },
      ],
      floor,
    );
    if (!chosen) throw new NewsmonError('EXTRACT_EMPTY', url);

    return {
      url,
      canonicalUrl: metadata.canonicalUrl,
      title: readability.title ?? metadata.title,
      byline: readability.byline ?? metadata.byline,
      siteName: metadata.siteName,
      lang: metadata.lang,
      publishedAt: metadata.publishedAt,
      text: chosen.text,
      method: chosen.method,
      wordCount: words(chosen.text).length,
    };
  } finally {
    dom.window.close();
  }
}
