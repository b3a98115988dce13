import { createHash } from 'node:crypto';

// Tracking parameters that never change what page is served.
const TRACKING =
  /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ref|ref_src|cmpid|ocid|taid)$/i;

/**
 * The form of a URL used to compare articles across feeds and webhooks: lower-case host, no
 * default port, no fragment, no tracking parameters, remaining parameters sorted.
 */
export function canonicalUrl(input: string): string {
  const url = new URL(input);
  url.hash = '';
  url.hostname = url.hostname.toLowerCase().replace(/\.$/, '');
  if (
    (url.protocol === 'http:' && url.port === '80') ||
    (url.protocol === 'https:' && url.port === '443')
  ) {
    url.port = '';
  }
  const kept = [...url.searchParams.entries()].filter(([k]) => !TRACKING.test(k));
  // Code-unit order, not localeCompare: collation follows the process locale (in et-EE `z` sorts
  // before `t`), and the article id must not change with the machine that computes it.
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  url.search = new URLSearchParams(kept).toString();
  return url.toString();
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
