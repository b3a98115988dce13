// Bytes to text for feeds and pages, choosing the charset the way a browser would (WHATWG
// HTML "determining the character encoding"): BOM, then the transport header, then an in-document
// declaration, then a guess. iconv-lite decodes because Node 20's TextDecoder('windows-1252')
// decodes as ISO-8859-1 and turns 0x93/0x94 curly quotes into C1 control characters.
import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/** `utf-8-override`: declared Latin-1 / windows-1252, but the bytes are UTF-8 (see below). */
export type CharsetSource = 'bom' | 'header' | 'declaration' | 'default' | 'utf-8-override';

export interface DecodedDocument {
  text: string;
  charset: string;
  source: CharsetSource;
}

// The HTML spec's prescan stops at 1024 bytes, but the tree builder still honours a later
// <meta charset> by reparsing, so browsers effectively obey it. Real pages put consent scripts
// and inline CSS before it: 61 of the 181 benchmark pages declare nothing in their first KB.
const DECLARATION_SCAN_BYTES = 4096;

// WHATWG Encoding Standard label aliases that differ from iconv-lite's own meaning: browsers
// decode every "Latin-1" and ASCII label as windows-1252, whose 0x80–0x9F holds curly quotes.
const LABEL_ALIASES: Record<string, string> = {
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'ansi_x3.4-1968': 'windows-1252',
  'iso-8859-1': 'windows-1252',
  iso8859_1: 'windows-1252',
  'iso8859-1': 'windows-1252',
  'iso_8859-1': 'windows-1252',
  'iso_8859-1:1987': 'windows-1252',
  iso88591: 'windows-1252',
  latin1: 'windows-1252',
  l1: 'windows-1252',
  cp819: 'windows-1252',
  ibm819: 'windows-1252',
  'iso-ir-100': 'windows-1252',
  csisolatin1: 'windows-1252',
  cp1252: 'windows-1252',
  'x-cp1252': 'windows-1252',
  'x-user-defined': 'windows-1252',
  'iso-8859-9': 'windows-1254',
  latin5: 'windows-1254',
  'tis-620': 'windows-874',
  'iso-8859-11': 'windows-874',
  gb2312: 'gbk',
  'x-gbk': 'gbk',
  'ks_c_5601-1987': 'euc-kr',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
};

/** The charset to decode with for a declared label, or null when the label is unusable. */
export function normalizeCharset(label: string): string | null {
  const key = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (!key) return null;
  const name = LABEL_ALIASES[key] ?? key;
  return iconv.encodingExists(name) ? name : null;
}

function charsetFromBom(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

function charsetFromContentType(contentType: string | null): string | null {
  const match = contentType?.match(/;\s*charset\s*=\s*("[^"]*"|[^;\s]*)/i);
  return match?.[1] ? normalizeCharset(match[1]) : null;
}

const XML_DECLARATION = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i;
const META_TAG = /<meta\b[^>]*>/gi;
// Also finds `content="text/html; charset=…"` on a meta that forgot its http-equiv.
const META_CHARSET = /[\s;]charset\s*=\s*["']?([^"'\s/>;]+)/i;
const META_HTTP_EQUIV = /\bhttp-equiv\s*=\s*["']?content-type\b/i;
const META_CONTENT = /\bcontent\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/i;

function charsetFromDeclaration(bytes: Uint8Array): string | null {
  // Every label we can act on is ASCII, and latin1 maps bytes to code points one to one,
  // so the head can be searched as a string without knowing its charset yet.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .subarray(0, DECLARATION_SCAN_BYTES)
    .toString('latin1')
    .replace(/<!--[\s\S]*?-->/g, '');
  const xml = head.match(XML_DECLARATION);
  if (xml?.[1]) return usableDeclared(xml[1]);
  for (const [tag] of head.matchAll(META_TAG)) {
    if (META_HTTP_EQUIV.test(tag)) {
      const label = tag.match(META_CONTENT)?.[1]?.match(META_CHARSET)?.[1];
      if (label) return usableDeclared(label);
      continue;
    }
    const label = tag.match(META_CHARSET)?.[1];
    if (label) return usableDeclared(label);
  }
  return null;
}

// A document cannot declare UTF-16 inside itself (its ASCII declaration would be unreadable in
// UTF-16), so the spec reads such a declaration as UTF-8.
function usableDeclared(label: string): string | null {
  const charset = normalizeCharset(label);
  return charset?.startsWith('utf-16') ? 'utf-8' : charset;
}

/** Decodes a fetched feed or page; `contentType` is the HTTP header, when there was one. */
export function decodeDocument(bytes: Uint8Array, contentType: string | null): DecodedDocument {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decode = (charset: string, source: CharsetSource): DecodedDocument => ({
    text: iconv.decode(buffer, charset),
    charset,
    source,
  });
  const bom = charsetFromBom(bytes);
  if (bom) return decode(bom, 'bom');
  // A server or template that says Latin-1 by default about a page its CMS wrote in UTF-8 is
  // common, and decoding it as declared turns every curly quote into "â€œ", which no quote finder
  // reads. Windows-1252 text with bytes over 0x7F is almost never valid UTF-8, so valid UTF-8 with
  // such bytes is taken as UTF-8 (browsers obey the label; the page's text matters more here).
  const declaredOr1252 = (charset: string, source: CharsetSource): DecodedDocument =>
    charset === 'windows-1252' && !isAscii(buffer) && isUtf8(buffer)
      ? decode('utf-8', 'utf-8-override')
      : decode(charset, source);
  const header = charsetFromContentType(contentType);
  if (header) return declaredOr1252(header, 'header');
  const declared = charsetFromDeclaration(bytes);
  if (declared) return declaredOr1252(declared, 'declaration');
  return decode(isUtf8(buffer) ? 'utf-8' : 'windows-1252', 'default');
}
