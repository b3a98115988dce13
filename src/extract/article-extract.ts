// A fetched page to an Article: Readability first, then what the page or its feed says the body
// is, with the page's metadata, dates and flags. Pure: the page's scripts never run, nothing is
// fetched and nothing is kept between calls (page-parse.ts reuses a blank window, not a page),
// so a worker can call it page after page.
import { Readability } from '@mozilla/readability';
import type { Article, ExtractionMethod } from '../domain/types.js';
import { NewsmonError } from '../errors.js';
import { words } from '../text/normalize.js';
import { collectDateCandidates, resolveDates } from './article-dates.js';
import { blockParagraphs, joinParagraphs, plainTextParagraphs } from './block-text.js';
import { cleanLines, pruneBoilerplate, type LineContext, type LinkLists } from './content-prune.js';
import { readJsonLd, type JsonLdArticle } from './json-ld-read.js';
import { notArticleError, notArticleReason, pageFlags, readPageSignals } from './page-kind.js';
import {
  cleanByline,
  cleanTitle,
  mergeAuthors,
  readPageMetadata,
  type PageMetadata,
} from './page-metadata.js';
import { parsePage, releasePage } from './page-parse.js';
import { scanPage } from './page-scan.js';
import { findPaywallMarkup, textFlags } from './text-flags.js';

export interface ExtractHints {
  /** The entry's full content from the feed (HTML), used when the page yields too little. */
  feedContent?: string | null;
  /** The entry's summary from the feed (HTML); only compared with the text, never used as it. */
  feedSummary?: string | null;
  /** The entry's date from the feed, the last resort for the published date. */
  feedPublishedAt?: string | null;
  /** The response's Last-Modified header, a candidate for the modified date. */
  httpLastModified?: string | null;
  /** When dates count as in the future; without it none are checked (pure: no clock here). */
  now?: string | Date | null;
}

// Below this many characters a Readability result is a teaser, a cookie notice or a caption
// rather than an article, and a fuller source is worth trying.
const MIN_ARTICLE_CHARS = 250;
// A Readability result this much shorter than the page's own JSON-LD body has lost part of it
// (paywall teaser markup, a split body); the JSON-LD is then the better text.
const MIN_SHARE_OF_JSON_LD = 0.6;

// See removeNeverStory: the share of the page's prose above which navigation or an aside is kept.
const MAX_NEVER_STORY_SHARE = 0.5;

const CONTAINER_SELECTORS = ['[itemprop="articleBody"]', 'article', 'main', '[role="main"]'];
// Inside an <article> or <main>, these hold the masthead, comment forms and the tag list, not
// the story; captions and navigation go with the rest of the boilerplate.
const CONTAINER_CHROME = 'header, footer, form';

interface Candidate {
  method: ExtractionMethod;
  text: string;
  /** A subscribe prompt cut from the end of the text (see cleanLines). */
  prompt?: string;
  /** The link lists pruned from the page's markup to get this text (see page-kind.ts). */
  lists?: LinkLists;
}

function pageTextCandidate(
  method: ExtractionMethod,
  paragraphs: string[],
  context: LineContext,
  lists: LinkLists,
): Candidate {
  const cleaned = cleanLines(paragraphs, context);
  return { method, text: joinParagraphs(cleaned.paragraphs), prompt: cleaned.prompt, lists };
}

function htmlToParagraphs(doc: Document, html: string): string[] {
  // A <template>'s content is inert: no scripts run and no images load while it is parsed.
  const template = doc.createElement('template');
  template.innerHTML = html;
  pruneBoilerplate(template.content);
  return blockParagraphs(template.content);
}

interface ReadabilityInternals {
  _getAllNodesWithTag(node: Element | Document, tagNames: string[]): ArrayLike<Element>;
}

/**
 * Readability's _getAllNodesWithTag, which it calls some forty times a page, as a plain walk of
 * the element tree: it asks `querySelectorAll("p,br,…")`, and jsdom's selector engine made those
 * calls an eighth of all extraction time (a live getElementsByTagName("*") is slower still). The
 * same elements in the same (document) order; an array serves every caller, which only index,
 * count and iterate the result. Measured: 13 % less time per page on the extraction dev set.
 */
export function elementsByTag(root: Element | Document, tagNames: string[]): Element[] {
  const wanted = new Set(tagNames.map((t) => t.toLowerCase()));
  const out: Element[] = [];
  let el = root.firstElementChild;
  while (el) {
    if (wanted.has(el.localName)) out.push(el);
    let next = el.firstElementChild;
    if (!next) {
      // Up to the nearest ancestor (below the root) with a next sibling.
      let up: Element | null = el;
      while (up && up !== root && !up.nextElementSibling) up = up.parentElement;
      next = up && up !== root ? up.nextElementSibling : null;
    }
    el = next;
  }
  return out;
}

const NON_SPACE = /\S/g;

/** Visible characters of an element's text outside links (one walk; no textContent string built). */
function unlinkedChars(el: Element): number {
  let chars = 0;
  for (let child = el.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === child.TEXT_NODE) chars += child.nodeValue?.match(NON_SPACE)?.length ?? 0;
    else if (child.nodeType === child.ELEMENT_NODE && (child as Element).localName !== 'a')
      chars += unlinkedChars(child as Element);
  }
  return chars;
}

/**
 * Removes navigation and asides (page-scan's neverStory) before Readability, which then walks a
 * smaller tree. An unclosed <aside> or <nav> can swallow the story that follows it, so one holding
 * most of the page's prose stays for Readability to judge. Prose is text outside links: a
 * mega-menu can hold more text than the story beside it, all of it link text (kept, it made
 * Readability's walk six times longer on the soak's pages).
 */
export function removeNeverStory(doc: Document, neverStory: readonly Element[]): void {
  if (neverStory.length === 0 || !doc.body) return;
  const limit = MAX_NEVER_STORY_SHARE * unlinkedChars(doc.body);
  for (const node of neverStory) if (unlinkedChars(node) <= limit) node.remove();
}

/** Readability's result. It rewrites `doc` in place: read what else you need from it first. */
function readabilityParse(doc: Document): {
  paragraphs: string[];
  lists: LinkLists;
  title: string | null;
  byline: string | null;
} {
  // No clone (it cost as much as Readability itself): the document is ours and used once.
  const reader = new Readability<Element>(doc, {
    keepClasses: true,
    serializer: (el) => el as Element,
  });
  (reader as unknown as ReadabilityInternals)._getAllNodesWithTag = elementsByTag;
  const parsed = reader.parse();
  const content = parsed?.content;
  const lists = content ? pruneBoilerplate(content) : { blocks: 0, chars: 0 };
  return {
    paragraphs: content ? blockParagraphs(content) : [],
    lists,
    title: parsed?.title?.trim() || null,
    byline: parsed?.byline?.trim() || null,
  };
}

const HTML_TAG = /<\/?[a-z][^>]*>/i;
const HTML_ENTITY = /&(?:#\d+|#x[\da-f]+|\w+);/i;

function jsonLdCandidate(doc: Document, body: string | null): Candidate {
  if (!body) return { method: 'json-ld', text: '' };
  let paragraphs: string[];
  if (HTML_TAG.test(body)) {
    // Some CMSs put the body's HTML in articleBody.
    paragraphs = htmlToParagraphs(doc, body);
  } else if (HTML_ENTITY.test(body)) {
    // Others entity-escape it, plain text or HTML ("&lt;a href=…&gt;", appleinsider.com); its
    // line breaks are still the paragraphs. A <textarea> decodes entities and parses no tags.
    const textarea = doc.createElement('textarea');
    textarea.innerHTML = body;
    const decoded = textarea.textContent ?? '';
    paragraphs = HTML_TAG.test(decoded)
      ? htmlToParagraphs(doc, decoded.replace(/\n/g, '<br>'))
      : plainTextParagraphs(decoded);
  } else {
    paragraphs = plainTextParagraphs(body);
  }
  return { method: 'json-ld', text: joinParagraphs(paragraphs) };
}

function containerCandidate(doc: Document, context: LineContext): Candidate {
  for (const selector of CONTAINER_SELECTORS) {
    const container = doc.querySelector(selector);
    if (!container) continue;
    const copy = container.cloneNode(true) as Element;
    for (const chrome of copy.querySelectorAll(CONTAINER_CHROME)) chrome.remove();
    const lists = pruneBoilerplate(copy);
    const candidate = pageTextCandidate('article-element', blockParagraphs(copy), context, lists);
    if (candidate.text) return candidate;
  }
  return { method: 'article-element', text: '' };
}

/** Removes the sections a paywalled page's JSON-LD declares locked (hasPart cssSelector). */
function removeLocked(doc: Document, selectors: readonly string[]): void {
  for (const selector of selectors) {
    try {
      for (const el of doc.querySelectorAll(selector)) el.remove();
    } catch {
      // A selector jsdom cannot parse locks nothing we can find.
    }
  }
}

// Readability has rewritten the first parse; the rare page that needs its container is parsed
// again (and its locked sections removed again when it is paywalled).
function reparsedContainerCandidate(
  html: string,
  url: string,
  context: LineContext,
  paywalled: JsonLdArticle | null,
): Candidate {
  const doc = parsePage(html, url);
  try {
    for (const node of scanPage(doc).nonContent) node.remove();
    if (paywalled) removeLocked(doc, paywalled.lockedSelectors);
    return containerCandidate(doc, context);
  } finally {
    releasePage(doc);
  }
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

/**
 * Every author named, most structured source first: JSON-LD, meta tags, then rel=author links
 * only when those name nobody, then Readability's byline when it adds a name.
 */
function authorsOf(jsonLdAuthors: string[], metadata: PageMetadata, byline: string | null) {
  const declared = [...jsonLdAuthors, ...metadata.authorNames];
  const linked = declared.length > 0 ? [] : metadata.relAuthorNames;
  return mergeAuthors([...declared, ...linked, byline]);
}

/**
 * Extracts the article of one page. `html` is the decoded page, `url` the address it was fetched
 * from (relative links and the canonical URL resolve against it). Throws EXTRACT_EMPTY when
 * neither the page nor the hints hold any article text, EXTRACT_NOT_ARTICLE for a section front
 * or a "page not found".
 */
export function extractArticle(html: string, url: string, hints: ExtractHints = {}): Article {
  const doc = parsePage(html, url);
  try {
    return extractFrom(doc, html, url, hints);
  } finally {
    releasePage(doc);
  }
}

function extractFrom(doc: Document, html: string, url: string, hints: ExtractHints): Article {
  // Everything read from the page as published, before Readability rewrites the tree.
  const scan = scanPage(doc);
  const jsonLd = readJsonLd(scan.jsonLdScripts);
  const metadata = readPageMetadata(doc, url, scan, jsonLd.article);
  const dateCandidates = collectDateCandidates(scan, url, jsonLd.article, hints);
  const signals = readPageSignals(doc, scan, jsonLd, url);
  const paywallMarkup = findPaywallMarkup(scan);
  for (const node of scan.nonContent) node.remove();
  removeNeverStory(doc, scan.neverStory);
  // A paywalled page may carry the subscriber's text for search engines, in its JSON-LD body or
  // in sections its markup declares locked. Only what a reader is shown is extracted.
  const paywalled = jsonLd.article?.accessibleForFree === false || paywallMarkup !== null;
  if (paywalled) removeLocked(doc, jsonLd.article?.lockedSelectors ?? []);

  const jsonLdBody = jsonLdCandidate(doc, jsonLd.article?.articleBody ?? null);
  const feedBody = feedCandidate(doc, hints.feedContent);
  const readability = readabilityParse(doc);
  const title = cleanTitle(readability.title ?? metadata.title, metadata.siteName, url);
  const byline = cleanByline(readability.byline) ?? metadata.byline;
  const authors = authorsOf(jsonLd.article?.authors ?? [], metadata, readability.byline);
  const context: LineContext = {
    title,
    names: [...authors, byline, metadata.siteName].filter((name): name is string => !!name),
  };
  const readabilityBody = pageTextCandidate(
    'readability',
    readability.paragraphs,
    context,
    readability.lists,
  );
  const usableJsonLd = paywalled ? 0 : jsonLdBody.text.length;
  const floor = Math.max(MIN_ARTICLE_CHARS, MIN_SHARE_OF_JSON_LD * usableJsonLd);
  const chosen = chooseText(
    [
      () => readabilityBody,
      ...(paywalled ? [] : [() => jsonLdBody]),
      () => reparsedContainerCandidate(html, url, context, paywalled ? jsonLd.article : null),
      () => feedBody,
    ],
    floor,
  );
  if (!chosen) throw new NewsmonError('EXTRACT_EMPTY', url);
  // Text that came from the feed is an article whatever the page around it is (a wall, a shell).
  const notArticle =
    chosen.method === 'feed-content'
      ? null
      : notArticleReason(signals, chosen.text, title, chosen.lists);
  if (notArticle) throw notArticleError(url, notArticle);
  const page = pageFlags(signals, chosen.text);
  const flags = textFlags({
    text: chosen.text,
    method: chosen.method,
    jsonLd: jsonLd.article,
    jsonLdText: jsonLdBody.text,
    feedContentText: feedBody.text,
    feedSummaryText: hints.feedSummary
      ? joinParagraphs(htmlToParagraphs(doc, hints.feedSummary))
      : '',
    paywallMarkup,
    prompt: chosen.prompt ?? '',
  });

  const dates = resolveDates(dateCandidates, hints.now);
  return {
    url,
    canonicalUrl: metadata.canonicalUrl,
    title,
    byline,
    authors,
    siteName: metadata.siteName,
    lang: metadata.lang,
    publishedAt: dates.published,
    dates,
    text: chosen.text,
    method: chosen.method,
    wordCount: words(chosen.text).length,
    flags: {
      ...flags,
      thin: page.thin,
      linkHeavy: page.linkHeavy,
      reasons: [...flags.reasons, ...page.reasons],
    },
  };
}
