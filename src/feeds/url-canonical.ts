import { createHash } from 'node:crypto';

import normalizeUrl from 'normalize-url';

import { TRACKING_PARAMS, TRACKING_PARAM_PATTERN } from './tracking-params.js';

/**
 * The version of the canonical form. Article ids hash the canonical URL, so when a rule changes,
 * stored articles must be reachable under their new form: the daemon compares this with the
 * form recorded in Redis and ties each stored article's new canonical URL to its old id
 * (ArticleStore.ensureCanonicalAliases). Bump the number when a rule in this file changes; the
 * tracker list is hashed in, so editing it needs no bump.
 */
export const CANONICAL_FORM = `2:${createHash('sha256')
  .update(TRACKING_PARAMS.join('\n'))
  .digest('hex')
  .slice(0, 12)}`;

/**
 * The form of a URL that identifies an article across feeds, webhooks and shares: https, no
 * `www.`, lower-case host, no default port, no credentials, no fragment, no trailing slash, no
 * tracking parameters (tracking-params.ts), other parameters sorted by name (code-unit order, the
 * same on every machine), and an AMP page's address turned into its article's. It is an identity,
 * not an address to fetch: the URL a feed or sender gave is the one fetched.
 */
export function canonicalUrl(input: string): string {
  const url = unwrapAmpCache(new URL(input));
  dropAmp(url);
  return normalizeUrl(url.toString(), {
    forceHttps: true,
    stripWWW: true,
    stripHash: true,
    stripAuthentication: true,
    removeTrailingSlash: true,
    removeSingleSlash: true,
    removeQueryParameters: [TRACKING_PARAM_PATTERN],
    sortQueryParameters: true,
  });
}

// Accelerated Mobile Pages put the same article at other addresses: an `amp.` host
// (amp.example.com), an `amp` path segment (/story/amp/, /amp/story), a `.amp` or `.amp.html`
// page, an `amp` or `outputType=amp` parameter; and Google serves them from its own hosts.
const AMP_HOST = /^amp\.(?=[^.]+\.)/;
const AMP_PARAMS = ['amp', 'amp_js_v', 'amp_gsa', 'usqp'];

function dropAmp(url: URL): void {
  url.hostname = url.hostname.replace(AMP_HOST, '');
  const segments = url.pathname.split('/').filter((s) => s.toLowerCase() !== 'amp');
  const last = segments.length - 1;
  segments[last] = (segments[last] ?? '').replace(
    /\.amp(\.html?)?$/i,
    (_, ext: string | undefined) => ext ?? '',
  );
  url.pathname = segments.join('/') || '/';
  for (const name of [...url.searchParams.keys()]) {
    const lower = name.toLowerCase();
    const value = url.searchParams.get(name)?.toLowerCase();
    if (AMP_PARAMS.includes(lower) || (lower === 'outputtype' && value === 'amp')) {
      url.searchParams.delete(name);
    }
  }
}

/**
 * Google's AMP viewer (google.com/amp/s/HOST/PATH) and AMP cache
 * (HOST-DASHED.cdn.ampproject.org/c/s/HOST/PATH) carry the publisher's URL in their path; `s/`
 * means https.
 */
function unwrapAmpCache(url: URL): URL {
  const host = url.hostname.toLowerCase();
  const viewer = /^(?:www\.)?google\.[a-z.]+$/.test(host) ? /^\/amp\/(s\/)?(.+)$/ : null;
  const cache = host.endsWith('.cdn.ampproject.org') ? /^\/[cv]\/(s\/)?(.+)$/ : null;
  const match = (viewer ?? cache)?.exec(url.pathname);
  if (!match?.[2]) return url;
  try {
    return new URL(`${match[1] ? 'https' : 'http'}://${match[2]}${url.search}`);
  } catch {
    return url;
  }
}

/** The canonical form of an http(s) URL, or null for anything that is not one. */
export function safeCanonical(url: string): string | null {
  try {
    return /^https?:\/\//i.test(url) ? canonicalUrl(url) : null;
  } catch {
    return null;
  }
}

/** Article ids derive from the canonical URL, so one article reached twice has one id. */
export function articleIdFor(url: string): string {
  return createHash('sha256').update(canonicalUrl(url)).digest('hex').slice(0, 20);
}
