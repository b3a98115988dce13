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

// jsdom 27–29 throw from inside `new JSDOM()` on a stylesheet with an unbalanced calc()
// (css-tree: '")" is expected'; one of the 60 dev pages). Styles carry no article text, so they
// go before the parser sees them; an unclosed <style> swallows the rest of the page in a browser
// too.
const STYLE_BLOCK = /<style\b[^>]*>[\s\S]*?(?:<\/style\s*>|$)/gi;

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
// Inside an <article> or <main>, these hold the masthead, comment forms and the tag list, not
// the story; captions and navigation go with the rest of the boilerplate.
const CONTAINER_CHROME = 'header, footer, form';

interface Candidate {
  method: ExtractionMethod;
  text: string;
}

function htmlToParagraphs(doc: Document, html: string): string[] {
  // A <template>'s content is inert: no scripts run and no images load while it is parsed.
  const template = doc.createElement('template');
  template.innerHTML = html;
  pruneBoilerplate(template.content);
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
  if (content) pruneBoilerplate(content);
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
  let paragraphs: string[];
  if (/<\/?[a-z][^>]*>/i.test(body)) {
    // Some CMSs put the body's HTML in articleBody.
    paragraphs = htmlToParagraphs(doc, body);
  } else if (/&(?:#\d+|#x[\da-f]+|\w+);/i.test(body)) {
    // Others entity-escape plain text; its line breaks are still the paragraphs.
    paragraphs = htmlToParagraphs(doc, body.replace(/\n/g, '<br>'));
  } else {
    paragraphs = plainTextParagraphs(body);
  }
  return { method: 'json-ld', text: joinParagraphs(paragraphs) };
}

function containerCandidate(doc: Document): Candidate {
  for (const selector of CONTAINER_SELECTORS) {
    const container = doc.querySelector(selector);
    if (!container) continue;
    const copy = container.cloneNode(true) as Element;
    for (const chrome of copy.querySelectorAll(CONTAINER_CHROME)) chrome.remove();
    pruneBoilerplate(copy);
    const text = joinParagraphs(withoutDatelines(blockParagraphs(copy)));
    if (text) return { method: 'article-element', text };
  }
  return { method: 'article-element', text: '' };
}

function feedCandidate(doc: Document, feedContent: string | null | undefined): Candidate {
  const text = feedContent ? joinParagraphs(htmlToParagraphs(doc, feedContent)) : '';
  return { method: 'feed-content', text };
}

/**
 * The first source long enough to be the article, else the longest non-empty one: a short
 * news brief is still an article. Sources are built only when the ones before fall short.
 */
function chooseText(sources: (() => Candidate)[], floor: number): Candidate | null {
  let best: Candidate | null = null;
  for (const source of sources) {
    const candidate = source();
    if (candidate.text.length >= floor) return candidate;
    if (candidate.text.length > (best?.text.length ?? 0)) best = candidate;
  }
  return best;
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
        () => readability.candidate,
        () => jsonLdBody,
        () => containerCandidate(doc),
        () => feedCandidate(doc, hints.feedContent),
      ],
      floor,
    );
    if (!chosen) throw new NewsmonError('EXTRACT_EMPTY', url);

    return {
      url,
      canonicalUrl: metadata.canonicalUrl,
      title: readability.title ?? metadata.title,
      byline: readability.byline ?? metadata.byline,
      authors: [readability.byline ?? metadata.byline].filter((a): a is string => Boolean(a)),
      siteName: metadata.siteName,
      lang: metadata.lang,
      publishedAt: metadata.publishedAt,
      dates: {
        published: metadata.publishedAt,
        publishedSource: null,
        modified: null,
        modifiedSource: null,
        candidates: [],
        conflicts: [],
      },
      text: chosen.text,
      method: chosen.method,
      wordCount: words(chosen.text).length,
      flags: { paywalled: false, partial: false, truncated: false, reasons: [] },
    };
  } finally {
    dom.window.close();
  }
}
