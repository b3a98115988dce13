/**
 * Query parameters that say how a reader reached a page, never which page it is: dropped from a
 * URL before it identifies an article. This is the one list; names match in any case, and a
 * name ending in `*` is a prefix.
 *
 * Why our own list: npm has no well-kept list made for this job. The nearest, `tidy-url` (one
 * maintainer, a few thousand downloads a month), is a CommonJS bundle of per-site rules aimed at
 * shopping sites, and its global list lacks the news trackers below (`smid`, `at_medium`, `cmp`,
 * `_ga`, `share`, `s`).
 * Adding a name here changes canonical URLs: `CANONICAL_FORM` (url-canonical.ts) follows the list
 * automatically, so stored articles get their new aliases at the next start.
 */
export const TRACKING_PARAMS: readonly string[] = [
  // Campaign tagging: Google Analytics UTM and its variants, Matomo/Piwik, HubSpot ads,
  // AT Internet / Piano Analytics (the BBC's `at_medium`, `at_campaign`, …), Adobe, Webtrends.
  'utm_*',
  'itm_*',
  'pk_*',
  'mtm_*',
  'hsa_*',
  'at_*',
  'xtor',
  's_cid',
  'wt.mc_id',
  // Click ids that ad and social platforms append to outbound links.
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'igshid',
  'rdt_cid',
  // Google Analytics cross-domain linkers.
  '_ga',
  '_gl',
  // Newsletter and marketing-automation ids: Mailchimp, HubSpot, Marketo, Olytics.
  'mc_cid',
  'mc_eid',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'oly_anon_id',
  'oly_enc_id',
  // Publishers' own share and campaign codes: the Guardian's `CMP`/`INTCMP`, the New York
  // Times' `smid`/`smtyp`, MSN's `ocid`, Yahoo's `ncid`, `soc_src`, `soc_trk`.
  'cmp',
  'cmpid',
  'intcmp',
  'icid',
  'smid',
  'smtyp',
  'ocid',
  'taid',
  'ncid',
  'soc_src',
  'soc_trk',
  'mbid',
  // Referral and share markers, X/Twitter's `?s=20` and `ref_src` among them. `s` is also
  // WordPress's search parameter, but a search page is never an article.
  'ref',
  'ref_src',
  'ref_url',
  'share',
  's',
];

/** One case-insensitive pattern for the whole list. */
export const TRACKING_PARAM_PATTERN = new RegExp(
  `^(?:${TRACKING_PARAMS.map((name) =>
    name.endsWith('*') ? `${escape(name.slice(0, -1))}.+` : escape(name),
  ).join('|')})$`,
  'i',
);

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
