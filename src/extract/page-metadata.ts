// What a page says about itself in its head and markup: Open Graph, meta tags, rel links. Read
// from the parsed document before Readability runs, because Readability removes the nodes it
// does not keep.
import { text, type JsonLdArticle } from './json-ld-read.js';
import { baseUrl, metaContent, type PageScan } from './page-scan.js';

export interface PageMetadata {
  title: string | null;
  byline: string | null;
  siteName: string | null;
  lang: string | null;
  canonicalUrl: string | null;
  /** Author names from meta tags. */
  authorNames: string[];
  /**
   * The text of rel=author links: the weakest source, since "more from" rails and comment
   * threads link other authors the same way (nationalreview.com lists eight).
   */
  relAuthorNames: string[];
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

function langOf(doc: Document, scan: PageScan): string | null {
  const htmlLang = text(doc.documentElement.getAttribute('lang'));
  if (htmlLang) return htmlLang;
  const locale = metaContent(scan, 'property:og:locale');
  if (locale) return locale.replace('_', '-');
  return metaContent(scan, 'http-equiv:content-language')?.split(',')[0]?.trim() ?? null;
}

// A rel=author link's text is a name; longer text is a bio or a "More from…" teaser.
const MAX_NAME_CHARS = 80;

function relAuthorNames(scan: PageScan): string[] {
  const out: string[] = [];
  for (const link of scan.relAuthorLinks) {
    const name = text(link.textContent?.replace(/\s+/g, ' '));
    if (name && name.length <= MAX_NAME_CHARS) out.push(name);
  }
  return out;
}

/** Metadata read from the page's head and markup, each field from its most reliable source. */
export function readPageMetadata(
  doc: Document,
  url: string,
  scan: PageScan,
  jsonLd: JsonLdArticle | null,
): PageMetadata {
  const canonicalHref = scan.canonicalHref ?? metaContent(scan, 'property:og:url');
  const metaAuthor = metaContent(scan, 'name:author');
  const authors = jsonLd?.authors.length ? jsonLd.authors.join(', ') : null;
  return {
    title: metaContent(scan, 'property:og:title') ?? jsonLd?.headline ?? text(doc.title),
    byline: metaAuthor ?? authors,
    siteName: metaContent(scan, 'property:og:site_name') ?? jsonLd?.publisher ?? null,
    lang: langOf(doc, scan),
    // Against the document's base URL, so a <base href> counts as it does in a browser.
    canonicalUrl: absoluteHttpUrl(canonicalHref, baseUrl(scan, url)),
    authorNames: [
      metaAuthor,
      // article:author is a profile URL on Facebook's spec, a name on many sites.
      metaContent(scan, 'property:article:author', 'name:article:author'),
    ].filter((name): name is string => Boolean(name)),
    relAuthorNames: relAuthorNames(scan),
  };
}

const BY_PREFIX = /^(?:by|von|par|por|di|door)(?:\s+|$)/i;

/** A byline as a name list: "By Sam Oduya" is "Sam Oduya". */
export function cleanByline(byline: string | null | undefined): string | null {
  return byline?.replace(/\s+/g, ' ').trim().replace(BY_PREFIX, '') || null;
}

function authorKey(name: string): string {
  return name.toLowerCase().replace(/\s+/g, ' ').replace(BY_PREFIX, '').trim();
}

/**
 * Author names in order of how structured their source is, de-duplicated: a name already listed,
 * or a byline that only repeats listed names ("By Ana Lima and Tom Ellis | Staff"), adds nothing.
 */
export function mergeAuthors(sources: readonly (string | null | undefined)[]): string[] {
  const out: string[] = [];
  const keys: string[] = [];
  for (const raw of sources) {
    const name = raw?.replace(/\s+/g, ' ').replace(BY_PREFIX, '').trim();
    if (!name || name.length > MAX_NAME_CHARS || /^(?:https?:)?\/\//i.test(name)) continue;
    const key = authorKey(name);
    // "Jill Disis" and "Jill Disis, CNN Business" are one author, whichever comes first.
    if (!key || keys.some((known) => key.includes(known) || known.includes(key))) continue;
    out.push(name);
    keys.push(key);
  }
  return out;
}

// "Site » Headline", "Headline | Site", "Headline – Site": a <title> with the site's name on one
// end. Readability drops only the last part and only when what is left is long enough.
const TITLE_SEPARATOR = /(\s+(?:[|»«·•\\/>-]|[–—]|::)\s+)/;

function nameKey(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * The title without a site name at either end: the site's declared name or its host name
 * ("Capitol Brief" on capitolbrief.example).
 */
export function cleanTitle(
  title: string | null,
  siteName: string | null,
  url: string,
): string | null {
  if (!title || !TITLE_SEPARATOR.test(title)) return title;
  let host = '';
  try {
    host = new URL(url).hostname.replace(/^www\d*\./, '').split('.')[0] ?? '';
  } catch {
    // A title is still cleaned by the site name.
  }
  const sites = new Set([siteName, host].filter(Boolean).map((name) => nameKey(name ?? '')));
  // With the separators captured: part, separator, part, …
  const parts = title.split(TITLE_SEPARATOR);
  const isSite = (part: string | undefined) => part !== undefined && sites.has(nameKey(part));
  while (parts.length > 2 && isSite(parts[0])) parts.splice(0, 2);
  while (parts.length > 2 && isSite(parts.at(-1))) parts.splice(-2, 2);
  return parts.join('');
}
