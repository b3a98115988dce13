// WebSub discovery (W3C WebSub §4): a topic advertises its hub(s) and its canonical topic URL
// (rel=self) in HTTP Link headers or, failing those, in the document: <link> in Atom and HTML,
// <atom:link> in RSS. Pure: headers and text in, URLs out.

export interface Discovery {
  /** Hub URLs in the order advertised; a subscriber uses at least one (newsmon: the first). */
  hubs: string[];
  /** The topic's canonical URL, which hub.topic must be. */
  self: string | null;
  /** Where each came from: Link headers win over the body (websub.rocks 104). */
  source: { hub: 'header' | 'body' | null; self: 'header' | 'body' | null };
}

type Headers = Record<string, string | string[] | undefined>;

/**
 * Finds the hubs and the self URL of a fetched topic. `baseUrl` (the address the body was
 * fetched from) resolves relative URLs; without it only absolute http(s) URLs are kept.
 */
export function discoverHub(
  headers: Headers,
  body: string,
  contentType: string | null,
  baseUrl?: string,
): Discovery {
  const fromHeader = linksFromHeader(headerValues(headers, 'link'));
  const fromBody = linksFromBody(body, contentType);
  const pick = (rel: 'hub' | 'self'): { urls: string[]; from: 'header' | 'body' | null } => {
    const h = resolveAll(fromHeader.get(rel) ?? [], baseUrl);
    if (h.length > 0) return { urls: h, from: 'header' };
    const b = resolveAll(fromBody.get(rel) ?? [], baseUrl);
    return b.length > 0 ? { urls: b, from: 'body' } : { urls: [], from: null };
  };
  const hub = pick('hub');
  const self = pick('self');
  return {
    hubs: [...new Set(hub.urls)],
    self: self.urls[0] ?? null,
    source: { hub: hub.from, self: self.from },
  };
}

function headerValues(headers: Headers, name: string): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== name || v === undefined) continue;
    out.push(...(Array.isArray(v) ? v : [v]));
  }
  return out;
}

/**
 * RFC 8288 Link headers: `<url>; rel="hub self"; other=x, <url2>; rel=hub`. Commas inside
 * the <...> or a quoted string do not split links.
 */
export function linksFromHeader(values: readonly string[]): Map<string, string[]> {
  const links = new Map<string, string[]>();
  for (const value of values) {
    const re = /<([^>]*)>((?:\s*;\s*[^;,="]+(?:\s*=\s*(?:"[^"]*"|[^;,]*))?)*)/g;
    for (const m of value.matchAll(re)) {
      const url = m[1]!.trim();
      const params = m[2] ?? '';
      const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]*))/i.exec(params);
      const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      for (const r of rels) add(links, r, url);
    }
  }
  return links;
}

/**
 * <link> and <prefix:link> elements with rel and href attributes. In a feed only the
 * feed-level ones count: an Atom entry's own rel=self is the entry's, not the topic's, so the
 * body is read up to the first <entry> or <item>. In HTML comments and scripts are skipped.
 */
export function linksFromBody(body: string, contentType: string | null): Map<string, string[]> {
  const links = new Map<string, string[]>();
  const html = isHtml(body, contentType);
  let text = body.replace(/<!--[\s\S]*?-->/g, '');
  if (html) text = text.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '');
  else {
    const firstItem = /<(?:[\w.-]+:)?(?:entry|item)[\s>]/i.exec(text);
    if (firstItem) text = text.slice(0, firstItem.index);
  }
  for (const attrs of linkElements(text)) {
    const href = attrs.get('href');
    const rel = attrs.get('rel');
    if (href === undefined || rel === undefined) continue;
    for (const r of rel.toLowerCase().split(/\s+/).filter(Boolean)) add(links, r, href.trim());
  }
  return links;
}

/** The attributes of every <link> and <prefix:link> element in the text, in order. */
export function linkElements(text: string): Map<string, string>[] {
  return [...text.matchAll(/<(?:[\w.-]+:)?link\b([^>]*)>/gi)].map((m) => attributes(m[1] ?? ''));
}

export function isHtml(body: string, contentType: string | null): boolean {
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('html')) return true;
  if (type.includes('xml') || type.includes('rss') || type.includes('atom')) return false;
  return /^\s*(?:<!doctype html|<html)/i.test(body);
}

function attributes(source: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of source.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>/]+))/g)) {
    const name = m[1]!.toLowerCase();
    if (!attrs.has(name)) attrs.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return attrs;
}

function decodeEntities(v: string): string {
  return v.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, e: string) => {
    const lower = e.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    if (lower === 'apos') return "'";
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1));
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff
      ? String.fromCodePoint(code)
      : whole;
  });
}

function add(links: Map<string, string[]>, rel: string, url: string): void {
  const list = links.get(rel) ?? [];
  list.push(url);
  links.set(rel, list);
}

function resolveAll(urls: readonly string[], base: string | undefined): string[] {
  const out: string[] = [];
  for (const u of urls) {
    try {
      const url = base ? new URL(u, base) : new URL(u);
      if (url.protocol === 'http:' || url.protocol === 'https:') out.push(url.toString());
    } catch {
      // not a URL: ignored, as a browser would
    }
  }
  return out;
}
