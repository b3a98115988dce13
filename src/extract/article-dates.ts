// Every date a page and its feed give, where each was read, which are chosen, and what disagrees.
// Pure: "in the future" is judged against a `now` the caller passes, never the clock.
import type { ArticleDates, DateCandidate, DateSource } from '../domain/types.js';
import type { JsonLdArticle } from './json-ld-read.js';
import { metaContent, type PageScan } from './page-scan.js';

export interface DateHints {
  feedPublishedAt?: string | null;
  httpLastModified?: string | null;
  now?: string | Date | null;
}

// Open Graph and JSON-LD first; then what the page shows; then the other date metas, whose
// generic names (date, pubdate) some CMSs fill with the build or crawl date; then what the
// address says; the feed's date last, because feeds re-stamp entries when they are re-promoted.
const PUBLISHED_PRIORITY: readonly DateSource[] = [
  'meta:article:published_time',
  'json-ld:datePublished',
  'time-element',
  'meta:other',
  'url',
  'feed',
];
// HTTP Last-Modified last: servers stamp it on any re-render (a new comment, a template change).
const MODIFIED_PRIORITY: readonly DateSource[] = [
  'meta:article:modified_time',
  'json-ld:dateModified',
  'time-element',
  'meta:other',
  'http:last-modified',
];

// Date metas beyond Open Graph's article:* (Dublin Core, Parse.ly, Sailthru, microdata), as
// page-scan.ts keys them; the first that parses is the candidate.
const OTHER_PUBLISHED_META = [
  'name:pubdate',
  'name:publishdate',
  'name:publish-date',
  'name:date',
  'name:dc.date',
  'name:dc.date.issued',
  'name:dcterms.created',
  'name:dcterms.issued',
  'name:parsely-pub-date',
  'name:sailthru.date',
  'property:og:published_time',
  'itemprop:datepublished',
];
const OTHER_MODIFIED_META = [
  'property:og:updated_time',
  'name:last-modified',
  'http-equiv:last-modified',
  'name:dcterms.modified',
  'itemprop:datemodified',
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// A date without a time is a local calendar day: UTC−12 to UTC+14 put its instants anywhere from
// 14 hours before the UTC day starts to 12 hours after it ends.
const DAY_BEFORE = 14 * HOUR;
const DAY_AFTER = DAY + 12 * HOUR;
// CMSs stamp the last save of the draft a few minutes before it goes out; only a modified date
// well before publication is a contradiction.
const MODIFIED_BEFORE_TOLERANCE = HOUR;

/** A candidate with how precise it is: a day ("2024-03-05", a URL's date) or an instant. */
export interface Dated extends DateCandidate {
  ms: number;
  dayOnly: boolean;
}

const ISO_DATE =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
const HAS_ZONE = /(?:\b(?:GMT|UTC|UT|Z)|[+-]\d{4})$/i;

function parseDate(value: string | null | undefined): { ms: number; dayOnly: boolean } | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  const iso = trimmed.match(ISO_DATE);
  let ms: number;
  if (iso) {
    const [, day, time, zone] = iso;
    const offset = zone ? zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2').toUpperCase() : 'Z';
    ms = Date.parse(time ? `${day}T${time}${offset}` : `${day}T00:00:00Z`);
    return Number.isNaN(ms) ? null : { ms, dayOnly: !time };
  }
  // RFC 822 dates (feeds, Last-Modified) only with a zone: a bare local time is not an instant.
  if (!HAS_ZONE.test(trimmed)) return null;
  ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? null : { ms, dayOnly: false };
}

/**
 * ISO-8601 in UTC, or null. A timestamp without an offset is read as UTC rather than as local
 * time, so the result never depends on the machine's time zone.
 */
export function toIsoDate(value: string | null | undefined): string | null {
  const parsed = parseDate(value);
  return parsed ? new Date(parsed.ms).toISOString() : null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// /2025/10/06/, /2025-10-06-slug, /2025/oct/06/ as path segments; 20251006 between non-digits.
const URL_DATE =
  /\/((?:19|20)\d{2})[/-](\d{1,2}|[a-z]{3})[/-](\d{1,2})(?=[/_.-]|$)|(?:^|\D)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)/i;

/** The day a URL's path names, as midnight UTC; null when it names none. */
export function urlDate(url: string): string | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const m = path.match(URL_DATE);
  if (!m) return null;
  const [year, monthText, day] = m[1] ? [m[1], m[2]!, m[3]!] : [m[4]!, m[5]!, m[6]!];
  const month = /^\d+$/.test(monthText)
    ? Number(monthText)
    : MONTHS.indexOf(monthText.toLowerCase()) + 1;
  const date = new Date(Date.UTC(Number(year), month - 1, Number(day)));
  // Date.UTC rolls 2025-02-31 over into March; a real date survives the round trip.
  if (month < 1 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== Number(day))
    return null;
  return date.toISOString();
}

// Microdata on an ordinary element: the value is in content, else datetime, else its text.
function microdata(el: Element | undefined): string | null {
  if (!el) return null;
  return el.getAttribute('content') ?? el.getAttribute('datetime') ?? el.textContent;
}

const UPDATE_WORDS = /\b(?:updated?|modified|last edited|revised)\b|dateModified/i;

// A <time> states the update when its attributes, its own text or the short label around it say
// so ("Updated <time>…</time>"); otherwise it is the publication date.
function isUpdateTime(el: Element): boolean {
  if (el.hasAttribute('pubdate') || el.getAttribute('itemprop') === 'datePublished') return false;
  const own = `${el.getAttribute('itemprop') ?? ''} ${el.className} ${el.id} ${el.textContent}`;
  if (UPDATE_WORDS.test(own)) return true;
  const parent = el.parentElement;
  if (!parent) return false;
  const label = `${parent.className} ${parent.id} ${parent.textContent ?? ''}`;
  return label.length <= 120 && UPDATE_WORDS.test(label);
}

// A <time> inside a link to another page is that page's date: a teaser in the header or a
// "related" rail (washingtonexaminer.com, cbslocal.com). A permalink to this page still counts.
function linksElsewhere(href: string | null, url: string): boolean {
  if (href === null) return false;
  try {
    const target = new URL(href, url);
    const page = new URL(url);
    return target.origin !== page.origin || target.pathname !== page.pathname;
  } catch {
    return false;
  }
}

function timeElements(
  scan: PageScan,
  url: string,
): { published: string | null; modified: string | null } {
  const own = scan.times.filter((t) => !linksElsewhere(t.linkHref, url));
  // The first <time> of a page is often today's date in the masthead; the article's come first.
  const inArticle = own.filter((t) => t.inArticle);
  const times = (inArticle.length > 0 ? inArticle : own).map((t) => t.el);
  const modified = times.find(isUpdateTime);
  const published = times.find((el) => !isUpdateTime(el));
  return {
    published: published?.getAttribute('datetime') ?? null,
    modified: modified?.getAttribute('datetime') ?? null,
  };
}

function firstParsable(values: (string | null | undefined)[]): string | null {
  return values.find((value) => parseDate(value)) ?? null;
}

/** Every date candidate of a page, in document order of the sources; unparsable ones dropped. */
export function collectDateCandidates(
  scan: PageScan,
  url: string,
  jsonLd: JsonLdArticle | null,
  hints: DateHints,
): Dated[] {
  const times = timeElements(scan, url);
  const metas = (keys: string[]): (string | undefined)[] => keys.map((key) => scan.metas.get(key));
  const raw: [string | null | undefined, DateSource, DateCandidate['kind']][] = [
    [
      metaContent(scan, 'property:article:published_time', 'name:article:published_time'),
      'meta:article:published_time',
      'published',
    ],
    [
      metaContent(scan, 'property:article:modified_time', 'name:article:modified_time'),
      'meta:article:modified_time',
      'modified',
    ],
    [
      firstParsable([
        ...metas(OTHER_PUBLISHED_META),
        microdata(scan.itemprops.get('datePublished')),
      ]),
      'meta:other',
      'published',
    ],
    [
      firstParsable([...metas(OTHER_MODIFIED_META), microdata(scan.itemprops.get('dateModified'))]),
      'meta:other',
      'modified',
    ],
    [jsonLd?.datePublished, 'json-ld:datePublished', 'published'],
    [jsonLd?.dateModified, 'json-ld:dateModified', 'modified'],
    [times.published, 'time-element', 'published'],
    [times.modified, 'time-element', 'modified'],
    [urlDate(url), 'url', 'published'],
    [hints.feedPublishedAt, 'feed', 'published'],
    [hints.httpLastModified, 'http:last-modified', 'modified'],
  ];
  const out: Dated[] = [];
  for (const [value, source, kind] of raw) {
    const parsed = parseDate(value);
    if (!parsed) continue;
    const dayOnly = parsed.dayOnly || source === 'url';
    out.push({ value: new Date(parsed.ms).toISOString(), source, kind, ...parsed, dayOnly });
  }
  return out;
}

/** Milliseconds between two candidates; 0 when an instant falls within the other's day. */
function gap(a: Dated, b: Dated): number {
  const span = (d: Dated): [number, number] =>
    d.dayOnly ? [d.ms - DAY_BEFORE, d.ms + DAY_AFTER] : [d.ms, d.ms];
  const [aFrom, aTo] = span(a);
  const [bFrom, bTo] = span(b);
  return Math.max(0, aFrom - bTo, bFrom - aTo);
}

function choose(candidates: Dated[], priority: readonly DateSource[]): Dated | null {
  const ranked = priority.flatMap((source) => candidates.filter((c) => c.source === source));
  const best = ranked[0];
  if (!best?.dayOnly) return best ?? null;
  // A day (the URL's /2025/10/06/) confirms a later source's instant on that day rather than
  // replacing it with midnight: the instant is the more precise statement of the same date.
  return ranked.find((c) => !c.dayOnly && gap(best, c) === 0) ?? best;
}

function duration(ms: number): string {
  const hours = Math.round(ms / HOUR);
  return hours < 48 ? `${hours} hours` : `${Math.round((ms / DAY) * 10) / 10} days`;
}

/** A day is in the future only once all of it is: today's URL date is not. */
function earliest(c: Dated): number {
  return c.ms - (c.dayOnly ? DAY_BEFORE : 0);
}

function nowMs(now: DateHints['now']): number | null {
  if (now == null) return null;
  const ms = now instanceof Date ? now.getTime() : Date.parse(now);
  return Number.isNaN(ms) ? null : ms;
}

/** The chosen dates and every disagreement among the candidates. */
export function resolveDates(candidates: Dated[], now: DateHints['now']): ArticleDates {
  const limit = nowMs(now);
  // Past a day of slack a date is no date (a year-99999 one would top every newest-first list):
  // it is never chosen, and the conflict below records it.
  const farFuture = (c: Dated) => limit !== null && earliest(c) > limit + DAY;
  const usable = candidates.filter((c) => !farFuture(c));
  const published = choose(
    usable.filter((c) => c.kind === 'published'),
    PUBLISHED_PRIORITY,
  );
  const modified = choose(
    usable.filter((c) => c.kind === 'modified'),
    MODIFIED_PRIORITY,
  );
  const conflicts: string[] = [];
  if (published) {
    const named = new Set<DateSource>([published.source]);
    for (const c of candidates) {
      if (c.kind !== 'published' || named.has(c.source)) continue;
      named.add(c.source);
      const apart = gap(published, c);
      if (apart > DAY)
        conflicts.push(`${published.source} and ${c.source} are ${duration(apart)} apart`);
    }
  }
  if (limit !== null) {
    for (const c of candidates) {
      if (earliest(c) > limit)
        conflicts.push(
          `${c.source} (${c.kind}) is in the future: ${c.value}${farFuture(c) ? ' (not used)' : ''}`,
        );
    }
  }
  if (
    published &&
    modified &&
    modified.ms < published.ms &&
    gap(published, modified) > MODIFIED_BEFORE_TOLERANCE
  ) {
    conflicts.push(
      `modified (${modified.source}) is ${duration(gap(published, modified))} before published (${published.source})`,
    );
  }
  return {
    published: published?.value ?? null,
    publishedSource: published?.source ?? null,
    modified: modified?.value ?? null,
    modifiedSource: modified?.source ?? null,
    candidates: candidates.map(({ value, source, kind }) => ({ value, source, kind })),
    conflicts,
  };
}
