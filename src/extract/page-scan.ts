// One walk over a parsed page that gathers every element the metadata, dates, flags and
// page-kind checks read. jsdom's selector engine matches a selector list like
// 'meta[name="date" i], [itemprop="datePublished"]:not(time)' against every element: ten such
// queries cost more than Readability on the dev set, one plain walk about a millisecond.

/** What the rest of extraction reads from the page as published, before Readability runs. */
export interface PageScan {
  /** "name:author", "property:og:type", "itemprop:datepublished", "http-equiv:…" → content. */
  metas: Map<string, string>;
  canonicalHref: string | null;
  /** The first <base href>: what the document's base URL is, read without a selector query. */
  baseHref: string | null;
  firstHeading: Element | null;
  /** <time datetime> elements in document order: inside an <article>? inside which link? */
  times: { el: Element; inArticle: boolean; linkHref: string | null }[];
  /** The first non-<meta>, non-<time> element with each itemprop (datePublished, …). */
  itemprops: Map<string, Element>;
  relAuthorLinks: Element[];
  jsonLdScripts: Element[];
  articleElements: number;
  /** Elements whose class or id names a paywall, with the token that did. */
  paywallCandidates: { el: Element; token: string }[];
  /**
   * Links (with an href) outside the page chrome, and the outermost chrome elements (header,
   * footer, nav).
   */
  contentLinks: Element[];
  chrome: Element[];
  /** Password fields outside the page chrome: a sign-in form in the page, not in its masthead. */
  passwordFields: number;
  /** Never article text: removed before Readability. JSON-LD stays: Readability reads it too. */
  nonContent: Element[];
  /**
   * Navigation, asides, footers and form controls that hold no <article>, <main> or articleBody:
   * Readability's _clean and pruneBoilerplate drop them from any result, so they go before
   * Readability scores the page, which then has less to walk.
   */
  neverStory: Element[];
}

const CHROME_TAGS = new Set(['header', 'footer', 'nav']);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo']);
const NON_CONTENT_TAGS = new Set(['svg', 'noscript', 'template', 'iframe', 'style', 'script']);
const NEVER_STORY_TAGS = new Set([
  'nav',
  'aside',
  'footer',
  'button',
  'select',
  'textarea',
  'input',
]);
const META_KEYS = ['name', 'property', 'itemprop', 'http-equiv'] as const;

// Class and id tokens of the paywall and metering kits news sites use: generic "paywall*",
// Piano / TinyPass ("piano-*", "tp-modal", "tp-backdrop"), and CMS names for locked sections.
// Kept small on purpose: each entry is a name only paywalls use.
const PAYWALL_TOKEN =
  /^(?:paywall\w*|paywall[-_].*|.*[-_]paywall|piano[-_].+|tp-modal|tp-backdrop|subscribers?-only|meteredcontent|metered-content)$/i;

function paywallToken(el: Element): string | null {
  const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
  if (!/paywall|piano|tp-|subscriber|metered/i.test(names)) return null;
  return names.split(/\s+/).find((token) => token && PAYWALL_TOKEN.test(token)) ?? null;
}

function isJsonLd(el: Element): boolean {
  return /^\s*application\/ld\+json\s*$/i.test(el.getAttribute('type') ?? '');
}

/** Walks the page once; `doc` is not changed. */
export function scanPage(doc: Document): PageScan {
  const scan: PageScan = {
    metas: new Map(),
    canonicalHref: null,
    baseHref: null,
    firstHeading: null,
    times: [],
    itemprops: new Map(),
    relAuthorLinks: [],
    jsonLdScripts: [],
    articleElements: 0,
    paywallCandidates: [],
    contentLinks: [],
    chrome: [],
    passwordFields: 0,
    nonContent: [],
    neverStory: [],
  };
  const visit = (
    el: Element,
    inArticle: boolean,
    inChrome: boolean,
    linkHref: string | null,
  ): boolean => {
    const tag = el.localName;
    if (tag === 'script' && isJsonLd(el)) {
      scan.jsonLdScripts.push(el);
      return false;
    }
    if (NON_CONTENT_TAGS.has(tag)) {
      scan.nonContent.push(el);
      return false;
    }
    const itemprop = el.getAttribute('itemprop');
    if (tag === 'meta') {
      const content = el.getAttribute('content')?.trim();
      if (!content) return false;
      for (const key of META_KEYS) {
        const value = el.getAttribute(key)?.trim().toLowerCase();
        if (value && !scan.metas.has(`${key}:${value}`)) scan.metas.set(`${key}:${value}`, content);
      }
      return false;
    }
    if (tag === 'link') {
      if (
        scan.canonicalHref === null &&
        /(?:^|\s)canonical(?:\s|$)/i.test(el.getAttribute('rel') ?? '')
      )
        scan.canonicalHref = el.getAttribute('href');
      return false;
    }
    if (tag === 'base') {
      scan.baseHref ??= el.getAttribute('href');
      return false;
    }
    if (tag === 'h1') scan.firstHeading ??= el;
    if (tag === 'time' && el.hasAttribute('datetime')) scan.times.push({ el, inArticle, linkHref });
    else if (itemprop && !scan.itemprops.has(itemprop)) scan.itemprops.set(itemprop, el);
    if (tag === 'article') {
      scan.articleElements++;
      inArticle = true;
    }
    if (tag === 'a') {
      if (/(?:^|\s)author(?:\s|$)/i.test(el.getAttribute('rel') ?? ''))
        scan.relAuthorLinks.push(el);
      if (!inChrome && el.hasAttribute('href')) scan.contentLinks.push(el);
      linkHref = el.getAttribute('href');
    }
    if (tag === 'input' && !inChrome && el.getAttribute('type')?.toLowerCase() === 'password')
      scan.passwordFields++;
    if (!inChrome && (CHROME_TAGS.has(tag) || CHROME_ROLES.has(el.getAttribute('role') ?? ''))) {
      scan.chrome.push(el);
      inChrome = true;
    }
    const token = paywallToken(el);
    if (token) scan.paywallCandidates.push({ el, token });
    let holdsStory = tag === 'article' || tag === 'main' || itemprop === 'articleBody';
    for (let child = el.firstElementChild; child; child = child.nextElementSibling)
      holdsStory = visit(child, inArticle, inChrome, linkHref) || holdsStory;
    if (!holdsStory && NEVER_STORY_TAGS.has(tag)) scan.neverStory.push(el);
    return holdsStory;
  };
  visit(doc.documentElement, false, false, null);
  return scan;
}

/**
 * The base URL relative links resolve against: the first <base href> resolved against the page's
 * URL (HTML's "frozen base URL"), else the page's URL. Document.baseURI answers the same but
 * looks the <base> up with a selector query on every call, a few milliseconds on a news page.
 */
export function baseUrl(scan: PageScan, url: string): string {
  if (!scan.baseHref) return url;
  try {
    return new URL(scan.baseHref, url).href;
  } catch {
    return url;
  }
}

/** The first non-empty content among the meta keys, in the order given. */
export function metaContent(scan: PageScan, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = scan.metas.get(key);
    if (value) return value;
  }
  return null;
}
