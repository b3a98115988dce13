// What a page says about itself: JSON-LD, Open Graph, meta tags, <time>. Read from the parsed
// document before Readability runs, because Readability removes the nodes it does not keep.

type JsonObject = Record<string, unknown>;

/** The schema.org article node of a page, as far as we use it. */
export interface JsonLdArticle {
  headline: string | null;
  articleBody: string | null;
  authors: string[];
  publisher: string | null;
  datePublished: string | null;
}

export interface PageMetadata {
  title: string | null;
  byline: string | null;
  siteName: string | null;
  lang: string | null;
  canonicalUrl: string | null;
  publishedAt: string | null;
}

// Every schema.org subtype of Article that news sites use, plus the posting types Readability
// also accepts; anything else (WebPage, Organization, BreadcrumbList) describes the site.
const ARTICLE_TYPE =
  /^(?:\w*Article|Report|BlogPosting|LiveBlogPosting|SocialMediaPosting|DiscussionForumPosting)$/;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed || null;
}

function typesOf(node: JsonObject): string[] {
  const type = node['@type'];
  const types = Array.isArray(type) ? type : [type];
  return types
    .filter((t): t is string => typeof t === 'string')
    .map((t) => t.replace(/^.*[/:]/, ''));
}

function flatten(value: unknown, out: JsonObject[]): void {
  if (Array.isArray(value)) {
    for (const item of value) flatten(item, out);
  } else if (isObject(value)) {
    out.push(value);
    if ('@graph' in value) flatten(value['@graph'], out);
  }
}

function names(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(names);
  if (isObject(value)) return names(value['name']);
  const name = text(value);
  return name ? [name] : [];
}

/** The article node among a page's JSON-LD blocks; blocks that are not valid JSON are skipped. */
export function readJsonLdArticle(doc: Document): JsonLdArticle | null {
  const nodes: JsonObject[] = [];
  for (const script of doc.querySelectorAll('script[type="application/ld+json" i]')) {
    try {
      flatten(JSON.parse(script.textContent ?? ''), nodes);
    } catch {
      // Hand-written JSON-LD is often broken (trailing commas, raw newlines); a broken block
      // only means this source has nothing to offer.
    }
  }
  const articles = nodes.filter((node) => typesOf(node).some((type) => ARTICLE_TYPE.test(type)));
  // Pages that embed teasers of related stories list several; the one with a body is the page's.
  const article = articles.find((node) => text(node['articleBody'])) ?? articles[0];
  if (!article) return null;
  const publisher = article['publisher'];
  return {
    headline: text(article['headline']),
    articleBody: text(article['articleBody']),
    authors: [...new Set(names(article['author']))],
    publisher: names(publisher)[0] ?? null,
    datePublished: text(article['datePublished']),
  };
}

function meta(doc: Document, selector: string): string | null {
  return text(doc.querySelector(selector)?.getAttribute('content'));
}

function absoluteHttpUrl(href: string | null, base: string): string | null {
  if (!href) return null;
  try {
    const url = new URL(href, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

const ISO_DATE =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
const HAS_ZONE = /(?:\b(?:GMT|UTC|UT|Z)|[+-]\d{4})$/i;

/**
 * ISO-8601 in UTC, or null. A timestamp without an offset is read as UTC rather than as local
 * time, so the result never depends on the machine's time zone.
 */
export function toIsoDate(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  const iso = trimmed.match(ISO_DATE);
  let ms: number;
  if (iso) {
    const [, day, time, zone] = iso;
    const offset = zone ? zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2').toUpperCase() : 'Z';
    ms = Date.parse(time ? `${day}T${time}${offset}` : `${day}T00:00:00Z`);
  } else if (HAS_ZONE.test(trimmed)) {
    ms = Date.parse(trimmed);
  } else {
    return null;
  }
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function firstDate(candidates: (string | null | undefined)[]): string | null {
  for (const candidate of candidates) {
    const iso = toIsoDate(candidate);
    if (iso) return iso;
  }
  return null;
}

function itempropDate(doc: Document): string | null {
  const el = doc.querySelector('[itemprop="datePublished"]');
  if (!el) return null;
  return el.getAttribute('content') ?? el.getAttribute('datetime') ?? el.textContent;
}

// The first <time> of the page is often today's date in the masthead; the article's own comes first.
function timeDatetime(doc: Document): string | null {
  const el =
    doc.querySelector('article time[datetime]') ??
    doc.querySelector('time[pubdate][datetime]') ??
    doc.querySelector('time[datetime]');
  return el?.getAttribute('datetime') ?? null;
}

function langOf(doc: Document): string | null {
  const htmlLang = text(doc.documentElement.getAttribute('lang'));
  if (htmlLang) return htmlLang;
  const locale = meta(doc, 'meta[property="og:locale"]');
  if (locale) return locale.replace('_', '-');
  return meta(doc, 'meta[http-equiv="content-language" i]')?.split(',')[0]?.trim() ?? null;
}

/** Metadata read from the page's head and JSON-LD, each field from its most reliable source. */
export function readPageMetadata(
  doc: Document,
  url: string,
  jsonLd: JsonLdArticle | null,
  feedPublishedAt: string | null | undefined,
): PageMetadata {
  const canonicalHref =
    doc.querySelector('link[rel~="canonical" i]')?.getAttribute('href') ??
    meta(doc, 'meta[property="og:url"]');
  const authors = jsonLd?.authors.length ? jsonLd.authors.join(', ') : null;
  return {
    title:
      meta(doc, 'meta[property="og:title"]') ??
      jsonLd?.headline ??
      text(doc.querySelector('title')?.textContent),
    byline: meta(doc, 'meta[name="author" i]') ?? authors,
    siteName: meta(doc, 'meta[property="og:site_name"]') ?? jsonLd?.publisher ?? null,
    lang: langOf(doc),
    canonicalUrl: absoluteHttpUrl(canonicalHref, url),
    publishedAt: firstDate([
      meta(doc, 'meta[property="article:published_time"]'),
      jsonLd?.datePublished,
      timeDatetime(doc),
      itempropDate(doc),
      feedPublishedAt,
    ]),
  };
}
