// Is this page one article, or a section front, a tag page, a search result, a "page not found"?
// Conservative on purpose: a page that declares itself an article in any way, or has exactly one
// <article>, is never rejected, so short news briefs pass; only a page that declares nothing and
// looks like a list of other pages is.
import type { JsonLd } from './json-ld-read.js';
import { metaContent, type PageScan } from './page-scan.js';

export interface PageSignals {
  /** JSON-LD article node, og:type article, or article:published_time. */
  declaredArticle: boolean;
  /** og:type website, or JSON-LD CollectionPage / WebSite / ItemList / SearchResultsPage. */
  declaredIndex: boolean;
  /** The title or the main heading says the page was not found. */
  notFound: boolean;
  articleElements: number;
  /** Share of the text outside header, footer and navigation that is link text. */
  linkDensity: number;
}

const INDEX_TYPES = new Set(['CollectionPage', 'WebSite', 'ItemList', 'SearchResultsPage']);
const NOT_FOUND =
  /\b404\b|\bpage not found\b|\bfind (?:that|the|this) page\b|\bpage (?:does not|doesn[’']t|no longer) exists?\b/i;

// A teaser summary on a section front runs to about 250 characters; a page with no paragraph
// longer than this and nothing else saying it is an article is a list of other pages.
const LONG_PARAGRAPH_CHARS = 300;
// Above this, most of what a reader sees outside the page chrome is links to other pages.
const MAX_LINK_DENSITY = 0.5;

function visibleLength(node: Node): number {
  return (node.textContent ?? '').replace(/\s+/g, '').length;
}

function linkDensity(doc: Document, scan: PageScan): number {
  if (!doc.body) return 0;
  let total = visibleLength(doc.body);
  for (const chrome of scan.chrome) total -= visibleLength(chrome);
  if (total <= 0) return 0;
  let linked = 0;
  for (const link of scan.contentLinks) linked += visibleLength(link);
  return Math.min(1, linked / total);
}

/** What the page says and shows about its kind; read before Readability rewrites the tree. */
export function readPageSignals(doc: Document, scan: PageScan, jsonLd: JsonLd): PageSignals {
  const ogType = metaContent(scan, 'property:og:type')?.toLowerCase() ?? '';
  const heading = scan.firstHeading?.textContent ?? '';
  return {
    declaredArticle:
      jsonLd.article !== null ||
      ogType.includes('article') ||
      metaContent(scan, 'property:article:published_time') !== null,
    declaredIndex: ogType === 'website' || jsonLd.types.some((type) => INDEX_TYPES.has(type)),
    notFound: NOT_FOUND.test(doc.title) || NOT_FOUND.test(heading),
    articleElements: scan.articleElements,
    linkDensity: linkDensity(doc, scan),
  };
}

/** Why the page is not an article, or null when it may be one. */
export function notArticleReason(signals: PageSignals, text: string): string | null {
  if (signals.declaredArticle || signals.articleElements === 1) return null;
  if (signals.notFound) return 'the page says it was not found';
  const longest = Math.max(0, ...text.split('\n\n').map((p) => p.length));
  if (longest >= LONG_PARAGRAPH_CHARS) return null;
  if (signals.declaredIndex) return 'declared as a website or collection, no long paragraph';
  if (signals.linkDensity > MAX_LINK_DENSITY)
    return `link density ${signals.linkDensity.toFixed(2)}, no long paragraph`;
  return null;
}
