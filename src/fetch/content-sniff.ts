// Whether a body labelled as a page is really binary: an image, an archive, a PDF or compressed
// bytes served as text/html. Decoded as windows-1252 such a body parses into hundreds of "words"
// that Readability takes for an article. Pure: the bytes and the header come in.
import { NewsmonError } from '../errors.js';

// Magic numbers of what servers most often mislabel, checked before the byte scan so the reason
// names the format.
const SIGNATURES: { name: string; bytes: number[] }[] = [
  { name: 'a PDF document', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { name: 'a PNG image', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { name: 'a GIF image', bytes: [0x47, 0x49, 0x46, 0x38] }, // GIF8
  { name: 'a JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { name: 'gzip data', bytes: [0x1f, 0x8b, 0x08] },
  { name: 'a ZIP archive', bytes: [0x50, 0x4b, 0x03, 0x04] },
];

// The WHATWG MIME Sniffing Standard's "resource header" length and its binary data bytes: control
// characters that no text in any ASCII-compatible charset contains (tab, LF, FF, CR and ESC do).
const HEADER_BYTES = 1445;
const isBinaryByte = (b: number) =>
  b <= 0x08 || b === 0x0b || (b >= 0x0e && b <= 0x1a) || (b >= 0x1c && b <= 0x1f);

/**
 * What binary format `body` is, or null when it may be text. UTF-16 and UTF-32 text (a BOM, or a
 * charset the header names) hold NUL bytes, so it is never called binary by the byte scan.
 */
export function binaryKind(body: Uint8Array, contentType: string | null): string | null {
  for (const { name, bytes } of SIGNATURES) {
    if (body.length >= bytes.length && bytes.every((b, i) => body[i] === b)) return name;
  }
  const bom = (body[0] === 0xfe && body[1] === 0xff) || (body[0] === 0xff && body[1] === 0xfe);
  if (bom || /charset\s*=\s*["']?utf-?(16|32)/i.test(contentType ?? '')) return null;
  const end = Math.min(body.length, HEADER_BYTES);
  for (let i = 0; i < end; i++) if (isBinaryByte(body[i]!)) return 'binary data';
  return null;
}

/**
 * The refusal of a body that is binary, or null when it may be text: what the fetcher records
 * (as a skip) and `newsmon extract` prints for a file, so that both judge the same bytes alike.
 */
export function binaryRefusal(body: Uint8Array, contentType: string | null): NewsmonError | null {
  const kind = binaryKind(body, contentType);
  return kind
    ? new NewsmonError('FETCH_NOT_HTML', `${contentType ?? 'no type'}, but ${kind}`)
    : null;
}
