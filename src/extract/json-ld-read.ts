// What a page's JSON-LD says: the schema.org article node (body, authors, dates, access) and the
// types of every node, which tell an article page from a section front.

type JsonObject = Record<string, unknown>;

/** The schema.org article node of a page, as far as we use it. */
export interface JsonLdArticle {
  headline: string | null;
  articleBody: string | null;
  authors: string[];
  publisher: string | null;
  datePublished: string | null;
  dateModified: string | null;
  /** false when the node or one of its hasPart says isAccessibleForFree: false; else null. */
  accessibleForFree: false | null;
  /** The cssSelector of each hasPart marked isAccessibleForFree: false: the locked sections. */
  lockedSelectors: string[];
  wordCount: number | null;
}

export interface JsonLd {
  /** The page's own article node; null when no node is an article type. */
  article: JsonLdArticle | null;
  /** The @type of every top-level and @graph node, without its vocabulary prefix. */
  types: string[];
}

// Every schema.org subtype of Article that news sites use, plus the posting types Readability
// also accepts; anything else (WebPage, Organization, BreadcrumbList) describes the site.
const ARTICLE_TYPE =
  /^(?:\w*Article|Report|BlogPosting|LiveBlogPosting|SocialMediaPosting|DiscussionForumPosting)$/;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function text(value: unknown): string | null {
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

// Yoast and other @graph writers give the author as {"@id": "…#/schema/person/…"}, the Person
// node elsewhere in the graph; it is followed once, so a cycle cannot loop.
function names(value: unknown, byId: Map<string, JsonObject>, follow = true): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => names(item, byId, follow));
  if (isObject(value)) {
    const name = names(value['name'], byId, false);
    const id = text(value['@id']);
    if (name.length > 0 || !follow || !id) return name;
    const target = byId.get(id);
    return target ? names(target['name'], byId, false) : [];
  }
  const name = text(value);
  return name ? [name] : [];
}

function isFalse(value: unknown): boolean {
  return value === false || (typeof value === 'string' && /^\s*false\s*$/i.test(value));
}

function lockedParts(node: JsonObject): JsonObject[] {
  const parts = node['hasPart'];
  const list: unknown[] = Array.isArray(parts) ? parts : [parts];
  return list.filter(
    (part): part is JsonObject => isObject(part) && isFalse(part['isAccessibleForFree']),
  );
}

// Google's paywalled-content markup puts the flag on the article or on a hasPart per section.
function accessibleForFree(node: JsonObject): false | null {
  return isFalse(node['isAccessibleForFree']) || lockedParts(node).length > 0 ? false : null;
}

function count(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value.replace(/[,\s]/g, '')) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : null;
}

/** A page's JSON-LD, from its ld+json scripts; blocks that are not valid JSON are skipped. */
export function readJsonLd(scripts: readonly Element[]): JsonLd {
  const nodes: JsonObject[] = [];
  for (const script of scripts) {
    try {
      flatten(JSON.parse(script.textContent ?? ''), nodes);
    } catch {
      // Hand-written JSON-LD is often broken (trailing commas, raw newlines); a broken block
      // only means this source has nothing to offer.
    }
  }
  const byId = new Map<string, JsonObject>();
  for (const node of nodes) {
    const id = text(node['@id']);
    if (id) byId.set(id, node);
  }
  const types = nodes.flatMap(typesOf);
  const articles = nodes.filter((node) => typesOf(node).some((type) => ARTICLE_TYPE.test(type)));
  // Pages that embed teasers of related stories list several; the one with a body is the page's.
  const node = articles.find((n) => text(n['articleBody'])) ?? articles[0];
  if (!node) return { article: null, types };
  return {
    article: {
      headline: text(node['headline']),
      articleBody: text(node['articleBody']),
      authors: [...new Set(names(node['author'], byId))],
      publisher: names(node['publisher'], byId)[0] ?? null,
      datePublished: text(node['datePublished']),
      dateModified: text(node['dateModified']),
      accessibleForFree: accessibleForFree(node),
      lockedSelectors: lockedParts(node).flatMap((part) => text(part['cssSelector']) ?? []),
      wordCount: count(node['wordCount']),
    },
    types,
  };
}
