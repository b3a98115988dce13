// Is this page one article, or a section front, a tag page, a gallery, a sign-in wall, a "page not
// found"? A missed article is the worst outcome for a news monitor, so a page is rejected only on
// strong evidence: it says what it is (JSON-LD CollectionPage, ImageGallery, a "not found" title),
// its address is a front, tag or search page, what was extracted as its story is mostly a list of
// links to other pages, or its text is a line or two beside a sign-in form. Links around the story
// (a sidebar, a link-heavy template) are no evidence: a short story on such a page is kept, and
// flagged (see pageFlags). A page that declares itself an article in any way, or has exactly one
// <article>, is never rejected.
import type { LinkLists } from './content-prune.js';
import { NewsmonError } from '../errors.js';
import { words } from '../text/normalize.js';
import type { JsonLd } from './json-ld-read.js';
import { metaContent, type PageScan } from './page-scan.js';

export interface PageSignals {
  /** JSON-LD article node, og:type article, or article:published_time. */
  declaredArticle: boolean;
  /** The JSON-LD type that declares a list of other pages (CollectionPage, …), or null. */
  declaredIndex: string | null;
  /** The JSON-LD type that declares a gallery (ImageGallery, MediaGallery), or null. */
  declaredGallery: string | null;
  /** What the address says the page is: a site's front page, a tag or search page, a gallery. */
  addressKind: 'index' | 'gallery' | null;
  /** The title or the main heading says the page was not found. */
  notFound: boolean;
  /** Password fields outside the page chrome. */
  passwordFields: number;
  articleElements: number;
  /** Share of the text outside header, footer and navigation that is link text. */
  linkDensity: number;
  /** Characters of visible text in the body, chrome included. */
  bodyChars: number;
}

export type RejectionKind = 'not-found' | 'index' | 'gallery' | 'login-wall';

/** Why a page is not an article: a kind to count by and a reason an operator can read. */
export interface Rejection {
  kind: RejectionKind;
  reason: string;
}

// The page's own type, when it declares a list of other pages. WebSite is not one: Yoast and most
// CMSs put a WebSite node on every page, articles included; nor is og:type website, which many
// sites print everywhere; nor ItemList, which describes a carousel on a page, not the page.
const INDEX_TYPES = new Set(['CollectionPage', 'SearchResultsPage']);
const GALLERY_TYPES = new Set(['ImageGallery', 'MediaGallery']);
const NOT_FOUND =
  /^\W*(?:error\W*)?404\b|\b404\W*(?:error|page|not found)\b|\berror\W*404\b|\bpage not found\b|\bfind (?:that|the|this) page\b|\bpage (?:does not|doesn[’']t|no longer) exists?\b/i;

// A front page without a query ("/index.php?id=42" is how many CMSs address a story), or a segment
// that names a list: /tag/harbour/, /topics/, /author/jane-doe, /search?q=…, /category/local/,
// /news/page/2. A term after tag, topic, category or author is a bare name: "/category/local/
// council-votes" and "/tags/story-2291.html" are stories filed under one.
const FRONT_PATH = /^\/(?:index\.(?:html?|php|aspx?|jsp))?$/i;
const INDEX_PATH =
  /\/(?:tags?|topics?|categor(?:y|ies)|authors?)(?:\/(?!.*\d{4})[^/.]+)?\/?$|\/search\/?$|\/page\/\d+\/?$/i;
const GALLERY_PATH = /\/(?:galler(?:y|ies)|slideshows?|photo-?galler(?:y|ies))(?:\/|$)/i;

// A teaser summary on a section front runs to about 250 characters; a page with a paragraph
// longer than this has something of its own to say.
const LONG_PARAGRAPH_CHARS = 300;
// A list of other pages: what was extracted as the story held at least this many blocks that were
// mostly links (pruned from the text), with this many times the characters the text kept, and
// the text is shorter than a news brief (about three sentences).
const MIN_LIST_LINKS = 5;
const MIN_LIST_TO_TEXT = 3;
const MAX_LIST_PAGE_WORDS = 50;
// A sign-in wall shows a form and a short text that opens by asking the reader to sign in (in its
// title or first paragraph: a story with a comment form below it may say "log in" further down).
const MAX_WALL_WORDS = 150;
const SIGN_IN =
  /\b(?:sign|log)[ -]?(?:in|on)\b|\blogin\b|\b(?:register|subscribe) to (?:continue|keep|read)\b|\bcreate (?:an|your|a free) account\b/i;
// Flags for a kept page that a reviewer should read with care (see pageFlags).
const THIN_WORDS = 150;
const LINK_HEAVY = 0.5;

function visibleLength(node: Node | string): number {
  const text = typeof node === 'string' ? node : (node.textContent ?? '');
  return text.replace(/\s+/g, '').length;
}

function textStats(doc: Document, scan: PageScan) {
  const bodyChars = doc.body ? visibleLength(doc.body) : 0;
  let total = bodyChars;
  for (const chrome of scan.chrome) total -= visibleLength(chrome);
  if (total <= 0) return { bodyChars, linkDensity: 0 };
  let linked = 0;
  for (const link of scan.contentLinks) linked += visibleLength(link);
  return { bodyChars, linkDensity: Math.min(1, linked / total) };
}

function addressKind(url: string): PageSignals['addressKind'] {
  let address: URL;
  try {
    address = new URL(url);
  } catch {
    return null;
  }
  const { pathname, search } = address;
  if ((FRONT_PATH.test(pathname) && !search) || INDEX_PATH.test(pathname)) return 'index';
  return GALLERY_PATH.test(pathname) ? 'gallery' : null;
}

/** What the page says and shows about its kind; read before Readability rewrites the tree. */
export function readPageSignals(
  doc: Document,
  scan: PageScan,
  jsonLd: JsonLd,
  url: string,
): PageSignals {
  const ogType = metaContent(scan, 'property:og:type')?.toLowerCase() ?? '';
  const heading = scan.firstHeading?.textContent ?? '';
  return {
    declaredArticle:
      jsonLd.article !== null ||
      ogType.includes('article') ||
      metaContent(scan, 'property:article:published_time') !== null,
    declaredIndex: jsonLd.types.find((type) => INDEX_TYPES.has(type)) ?? null,
    declaredGallery: jsonLd.types.find((type) => GALLERY_TYPES.has(type)) ?? null,
    addressKind: addressKind(url),
    notFound: NOT_FOUND.test(doc.title) || NOT_FOUND.test(heading),
    passwordFields: scan.passwordFields,
    articleElements: scan.articleElements,
    ...textStats(doc, scan),
  };
}

/**
 * Why the page is not an article, or null when it may be one. `lists` are the link lists pruned
 * from the extracted text (none when the text came from elsewhere than the page's markup).
 */
export function notArticleReason(
  signals: PageSignals,
  text: string,
  title: string | null,
  lists: LinkLists = { blocks: 0, chars: 0 },
): Rejection | null {
  if (signals.declaredArticle || signals.articleElements === 1) return null;
  if (signals.notFound) return { kind: 'not-found', reason: 'the page says it was not found' };
  const longest = Math.max(0, ...text.split('\n\n').map((p) => p.length));
  if (longest >= LONG_PARAGRAPH_CHARS) return null;
  if (signals.declaredIndex)
    return { kind: 'index', reason: `declared ${signals.declaredIndex}, no long paragraph` };
  if (signals.declaredGallery)
    return { kind: 'gallery', reason: `declared ${signals.declaredGallery}, no long paragraph` };
  if (signals.addressKind === 'index')
    return {
      kind: 'index',
      reason: 'the address is a front, tag, topic, category, author or search page',
    };
  if (signals.addressKind === 'gallery')
    return { kind: 'gallery', reason: 'the address is a gallery or slideshow' };
  const count = words(text).length;
  const chars = visibleLength(text);
  if (
    count < MAX_LIST_PAGE_WORDS &&
    lists.blocks >= MIN_LIST_LINKS &&
    lists.chars >= MIN_LIST_TO_TEXT * chars
  )
    return {
      kind: 'index',
      reason: `the text is ${count} words beside ${lists.blocks} links to other pages`,
    };
  if (
    signals.passwordFields > 0 &&
    count < MAX_WALL_WORDS &&
    SIGN_IN.test(`${title ?? ''}\n${text.split('\n\n')[0] ?? ''}`)
  )
    return { kind: 'login-wall', reason: `${count} words beside a sign-in form` };
  return null;
}

/** What a reviewer should know about a kept page that looked little like an article. */
export function pageFlags(
  signals: PageSignals,
  text: string,
): { thin: boolean; linkHeavy: boolean; reasons: string[] } {
  const reasons: string[] = [];
  const count = words(text).length;
  const thin = count < THIN_WORDS;
  if (thin) reasons.push(`thin: ${count} words`);
  const linkHeavy = signals.linkDensity > LINK_HEAVY;
  if (linkHeavy)
    reasons.push(
      `link-heavy: links are ${Math.round(signals.linkDensity * 100)}% of the text outside the page chrome`,
    );
  return { thin, linkHeavy, reasons };
}

/** The EXTRACT_NOT_ARTICLE error for a rejection: its message names the kind and the reason. */
export function notArticleError(url: string, rejection: Rejection): NewsmonError {
  return new NewsmonError(
    'EXTRACT_NOT_ARTICLE',
    `${url} (${rejection.kind}: ${rejection.reason})`,
    {
      cause: rejection,
    },
  );
}

/** The rejection an EXTRACT_NOT_ARTICLE error carries, or null for any other error. */
export function rejectionOf(err: unknown): Rejection | null {
  if (!(err instanceof NewsmonError) || err.code !== 'EXTRACT_NOT_ARTICLE') return null;
  const cause = err.cause as Partial<Rejection> | undefined;
  return typeof cause?.kind === 'string' && typeof cause.reason === 'string'
    ? { kind: cause.kind, reason: cause.reason }
    : null;
}
