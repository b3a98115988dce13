import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FeedSource } from '../domain/types.js';
import { NewsmonError } from '../errors.js';

export interface OpmlImport {
  /** New feeds in document order, enabled, with ids unique against the existing ones. */
  feeds: FeedSource[];
  /** Outlines not imported; `line` names one as `text <url>`, to find it in the file. */
  skipped: { line: string; reason: string }[];
}

const ID_MAX = 48;

// Attribute and tag names are lower-cased because exporters disagree on case (xmlUrl, xmlurl,
// xmlURL); `outline` is always an array so one child and many children walk the same way.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  transformAttributeName: (name) => name.toLowerCase(),
  transformTagName: (name) => name.toLowerCase(),
  isArray: (name) => name === 'outline',
  parseTagValue: false,
  processEntities: true,
  // Without it fast-xml-parser 5 leaves numeric references (&#39;, &#x27;) undecoded, and
  // exporters write titles that way; it also decodes the common HTML names (&nbsp;) they leak.
  htmlEntities: true,
});

interface Outline {
  '@_text'?: unknown;
  '@_title'?: unknown;
  '@_xmlurl'?: unknown;
  '@_htmlurl'?: unknown;
  '@_url'?: unknown;
  outline?: Outline[];
}

/**
 * Reads an OPML subscription list. Folders are walked at any depth; the innermost folder's name
 * is the outlet, else the feed's own title. `existingIds` are ids already in use.
 */
export function parseOpml(xml: string, existingIds: Iterable<string> = []): OpmlImport {
  const doc = parseDocument(xml);
  const taken = new Set(existingIds);
  const seenUrls = new Set<string>();
  const result: OpmlImport = { feeds: [], skipped: [] };

  const walk = (outlines: Outline[], folder: string | null): void => {
    for (const o of outlines) {
      const name = text(o['@_text']) ?? text(o['@_title']);
      const rawUrl = text(o['@_xmlurl']);
      const children = Array.isArray(o.outline) ? o.outline : [];
      if (rawUrl === null) {
        if (children.length > 0) walk(children, name ?? folder);
        else if (text(o['@_htmlurl']) ?? text(o['@_url'])) {
          // A bookmark (type="link") rather than a subscription: say so instead of losing it.
          result.skipped.push({
            line: describe(name, text(o['@_htmlurl']) ?? text(o['@_url'])),
            reason: 'no xmlUrl: not a feed',
          });
        }
        continue;
      }
      const url = httpUrl(rawUrl);
      if (url === null) {
        result.skipped.push({ line: describe(name, rawUrl), reason: 'not an http(s) URL' });
      } else if (seenUrls.has(url.href)) {
        result.skipped.push({ line: describe(name, rawUrl), reason: 'duplicate URL' });
      } else {
        seenUrls.add(url.href);
        // The id comes from the title actually stored, so a re-import of an export gives it back.
        const title = name ?? url.hostname.replace(/^www\./, '');
        result.feeds.push({
          id: feedIdFor(title, rawUrl, taken),
          outlet: folder ?? title,
          title,
          url: rawUrl,
          enabled: true,
        });
      }
      // Some exporters nest feeds under a feed; they belong to the same folder.
      if (children.length > 0) walk(children, folder);
    }
  };

  walk(doc.outlines, null);
  return result;
}

function parseDocument(xml: string): { outlines: Outline[] } {
  if (xml.trim() === '') throw notOpml('empty document');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw notOpml(`line ${valid.err.line}: ${valid.err.msg}`);
  }
  let parsed: unknown;
  try {
    parsed = parser.parse(xml);
  } catch (err) {
    throw new NewsmonError('INPUT_INVALID', `not an OPML document: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (!isRecord(parsed) || !('opml' in parsed)) {
    const root = isRecord(parsed) ? Object.keys(parsed).find((k) => !/^[?!#]/.test(k)) : undefined;
    throw notOpml(`root element is <${root ?? '?'}>, not <opml>`);
  }
  // `<opml/>` and a missing or empty <body> are a valid list with no feeds.
  const body = isRecord(parsed.opml) ? parsed.opml.body : undefined;
  const outlines = isRecord(body) && Array.isArray(body.outline) ? (body.outline as Outline[]) : [];
  return { outlines };
}

function notOpml(detail: string): NewsmonError {
  return new NewsmonError('INPUT_INVALID', `not an OPML document: ${detail}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  // Titles are one line: an exporter's newlines and runs of spaces are layout, not content.
  const t = v.replace(/\s+/g, ' ').trim();
  return t.length > 0 ? t : null;
}

function httpUrl(raw: string): URL | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function describe(name: string | null, url: string | null): string {
  return `${name ?? '(untitled)'} <${url ?? ''}>`;
}

/**
 * A feed id: a lower-case slug of the title, else of the URL's host and path, made unique
 * against `taken` with -2, -3, … and added to it.
 */
export function feedIdFor(title: string | null, url: string, taken: Set<string>): string {
  const base = slug(title ?? '') || slug(urlWords(url)) || 'feed';
  let id = base;
  for (let n = 2; taken.has(id); n++) {
    const suffix = `-${n}`;
    id = trimDashes(base.slice(0, ID_MAX - suffix.length)) + suffix;
  }
  taken.add(id);
  return id;
}

function urlWords(url: string): string {
  try {
    const u = new URL(url);
    return u.hostname.replace(/^www\./, '') + u.pathname;
  } catch {
    return url;
  }
}

function slug(s: string): string {
  const ascii = s
    .normalize('NFKD')
    // Combining marks left by NFKD: "Notícias" becomes "noticias", not "not-cias".
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-');
  return trimDashes(trimDashes(ascii).slice(0, ID_MAX));
}

function trimDashes(s: string): string {
  return s.replace(/^-+|-+$/g, '');
}

/**
 * Writes feeds as OPML 2.0, one folder per outlet in order of first appearance, feeds in input
 * order. No timestamp unless `dateCreated` is given, so the same feeds give the same bytes.
 * `enabled` and `intervalSeconds` have no OPML form and are not written.
 */
export function toOpml(
  feeds: readonly FeedSource[],
  title = 'newsmon feeds',
  dateCreated?: Date,
): string {
  const byOutlet = new Map<string, FeedSource[]>();
  for (const f of feeds) {
    const group = byOutlet.get(f.outlet);
    if (group) group.push(f);
    else byOutlet.set(f.outlet, [f]);
  }
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXml(title)}</title>`,
  ];
  // RFC 822 date, as OPML 2.0 asks; toUTCString() gives that form.
  if (dateCreated) lines.push(`    <dateCreated>${dateCreated.toUTCString()}</dateCreated>`);
  lines.push('  </head>', '  <body>');
  for (const [outlet, group] of byOutlet) {
    const name = escapeXml(outlet);
    lines.push(`    <outline text="${name}" title="${name}">`);
    for (const f of group) {
      const t = escapeXml(f.title);
      lines.push(
        `      <outline type="rss" text="${t}" title="${t}" xmlUrl="${escapeXml(f.url)}"/>`,
      );
    }
    lines.push('    </outline>');
  }
  lines.push('  </body>', '</opml>', '');
  return lines.join('\n');
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A raw tab or newline in an attribute is read back as a space (XML 1.0 §3.3.3).
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

function escapeXml(s: string): string {
  return s.replace(/[&<>"'\t\n\r]/g, (c) => ESCAPES[c] ?? c);
}
