// The feeds a web page names for itself: `<link rel="alternate" type="application/rss+xml"
// href="…">` (and Atom), as browsers and feed readers find them (RSS autodiscovery, WHATWG HTML
// "alternate" + type). Pure: the page's text and address in, feed URLs out.
import { linkElements } from '../websub/discovery.js';

export interface DiscoveredFeed {
  url: string;
  title: string | null;
  type: 'rss' | 'atom';
}

const FEED_TYPES: Record<string, DiscoveredFeed['type']> = {
  'application/rss+xml': 'rss',
  'application/atom+xml': 'atom',
};

/** The page's advertised feeds in document order, resolved against `baseUrl`, without repeats. */
export function discoverFeeds(html: string, baseUrl: string): DiscoveredFeed[] {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '');
  const found: DiscoveredFeed[] = [];
  for (const attrs of linkElements(text)) {
    const rels = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
    const type = FEED_TYPES[(attrs.get('type') ?? '').toLowerCase().split(';')[0]!.trim()];
    const href = attrs.get('href')?.trim();
    if (!rels.includes('alternate') || !type || !href) continue;
    let url: URL;
    try {
      url = new URL(href, baseUrl);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    if (found.some((f) => f.url === url.toString())) continue;
    found.push({ url: url.toString(), title: attrs.get('title')?.trim() || null, type });
  }
  return found;
}
